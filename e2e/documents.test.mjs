// Other documents beside the communiqué: a text, Markdown or HTML file, or pasted text. HTML is
// reduced to its text structure and nothing of it runs; each document keeps its own highlights;
// the project file carries every document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  appReady, besideDrawn, drawnHighlightIds, openApp, servedApp, tag, unexpectedProblems,
} from './harness.mjs';

const app = servedApp();

async function addDocument(page, name, contents) {
  await page.getByLabel('Add a document…').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(contents) });
}

const picker = (page) => page.getByLabel('Document', { exact: true });
/**
 * The title the document picker shows, once it has drawn the latest change: the picker lists the
 * project's documents a frame after the document is drawn, so a document just added is not yet
 * among its options in the frame between.
 */
async function shownTitle(page) {
  await besideDrawn(page);
  return picker(page).evaluate((select) => select.selectedOptions[0].textContent);
}

test('text, Markdown and HTML documents open beside the communiqué, each with its own highlights', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'the protection of civilians as a priority', 'Civilians and international law');

  await addDocument(page, 'field-notes.txt', 'Field notes from Rome.\nSecond line.\n\nThe delegations met on the margins of the meeting.');
  await page.locator('article p', { hasText: 'delegations met' }).waitFor();
  assert.equal(await shownTitle(page), 'field-notes');
  assert.equal(await page.locator('article br').count(), 1, 'a single line break is kept');
  assert.deepEqual(await drawnHighlightIds(page), [], 'the new document has no highlights yet');
  await tag(page, 'met on the margins', 'Coalition membership and cohesion');
  assert.equal(await page.getByText('1 highlight', { exact: true }).count(), 1);

  await addDocument(page, 'brief.md', '# Briefing\n\nA *short* note on [the Sahel](https://example.org/sahel).\n\n- first point\n- second point');
  await page.locator('article h1', { hasText: 'Briefing' }).waitFor();
  assert.equal(await shownTitle(page), 'Briefing');
  assert.equal(await page.locator('article a[href="https://example.org/sahel"]').getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await page.locator('article .list-item').count(), 2);

  await page.evaluate(() => { window.pwned = undefined; });
  const hostile = '<html><head><title>Hostile page</title><style>body{display:none}</style><script>window.pwned = 1</script></head>'
    + '<body onload="window.pwned = 2"><h1>Statement</h1><p onclick="window.pwned = 3">Text with <b>bold</b> and <img src=x onerror="window.pwned = 4"> an image.</p>'
    + '<p><a href="javascript:window.pwned = 5">a bad link</a></p><script>window.pwned = 6</script><ul><li>One</li><li>Two</li></ul></body></html>';
  await addDocument(page, 'hostile.html', hostile);
  await page.locator('article h1', { hasText: 'Statement' }).waitFor();
  assert.equal(await shownTitle(page), 'Hostile page');
  assert.equal(await page.locator('article p', { hasText: 'Text with bold and an image.' }).count(), 1);
  assert.equal(await page.locator('article strong', { hasText: 'bold' }).count(), 1);
  assert.equal(await page.locator('article img, article script, article [onclick]').count(), 0);
  assert.equal(await page.locator('article a').count(), 0, 'a javascript: link is shown as plain text');
  await page.locator('article p', { hasText: 'a bad link' }).click();
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'nothing of the file ran');

  await page.getByRole('button', { name: 'Paste text…' }).click();
  const form = page.getByRole('form', { name: 'Paste a document' });
  await form.getByLabel('Title').fill('Pasted minutes');
  await form.getByLabel('Text').fill('Minutes of the meeting.\n\nItem one.');
  await form.getByRole('button', { name: 'Add document' }).click();
  await page.locator('article p', { hasText: 'Item one.' }).waitFor();
  assert.equal(await shownTitle(page), 'Pasted minutes');

  await picker(page).selectOption({ label: 'field-notes' });
  await page.locator('article p', { hasText: 'delegations met' }).waitFor();
  assert.equal((await page.locator('article mark').allInnerTexts()).join(''), 'met on the margins');
  await picker(page).selectOption({ label: 'Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS' });
  assert.equal((await page.locator('article mark').allInnerTexts()).join(''), 'the protection of civilians as a priority');

  await page.reload();
  await appReady(page);
  await page.locator('article h1').waitFor();
  // Work kept from the last visit: the picker is drawn a frame after the document.
  await besideDrawn(page);
  const titles = await picker(page).locator('option').allInnerTexts();
  assert.deepEqual(titles, ['Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS', 'field-notes', 'Briefing', 'Hostile page', 'Pasted minutes']);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save JSON' }).click()]);
  const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(saved.documents.length, 5);
  assert.deepEqual(saved.annotations.map((annotation) => annotation.exact), ['the protection of civilians as a priority', 'met on the margins']);

  // The project file opens in a browser that has never seen these documents.
  const other = await openApp(app.browser, app.url);
  await other.page.getByLabel('Open JSON / Import').setInputFiles({ name: 'project.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
  await other.page.getByRole('status').filter({ hasText: 'Opened' }).waitFor();
  await picker(other.page).selectOption({ label: 'field-notes' });
  assert.equal((await other.page.locator('article mark').allInnerTexts()).join(''), 'met on the margins');
  await other.context.close();
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('a document over the size limit or without text is refused with a message', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await addDocument(page, 'huge.txt', 'x'.repeat(6 * 1024 * 1024));
  await page.getByRole('alert').filter({ hasText: 'huge.txt' }).waitFor();
  assert.match(await page.getByRole('alert').innerText(), /it is 6\.0 MB, larger than the 5 MB a document may be/);
  await addDocument(page, 'empty.html', '<html><body><script>1</script></body></html>');
  await page.getByRole('alert').filter({ hasText: 'empty.html' }).waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Could not open "empty\.html": it holds no text/);
  assert.equal(await picker(page).locator('option').count(), 1);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('a long document draws its highlights near the viewport; the list reaches the far ones', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  const paragraphs = Array.from({ length: 600 }, (_, n) => `Paragraph ${n} opens with marker-${n} and goes on with enough words to wrap onto a second line of the page.`);
  await addDocument(page, 'long-notes.txt', paragraphs.join('\n\n'));
  // The blocks arrive a slice at a time; the last one is in the page soon after.
  await page.locator('article p', { hasText: 'Paragraph 599 opens' }).waitFor({ state: 'attached' });
  assert.equal(await page.locator('article p').count(), 600);

  await page.locator('article p', { hasText: 'Paragraph 500 opens' }).scrollIntoViewIfNeeded();
  await tag(page, 'marker-500', 'Military action');
  await page.evaluate(() => window.scrollTo(0, 0));
  await tag(page, 'marker-1', 'Financing');
  await page.waitForFunction(() => document.querySelectorAll('article mark').length === 1);
  assert.deepEqual(await page.locator('article mark').allInnerTexts(), ['marker-1'], 'the far highlight is not drawn while far away');

  await page.locator('.list-entry', { hasText: 'marker-500' }).click();
  await page.waitForFunction(() => document.activeElement?.matches('article mark') && document.activeElement.textContent === 'marker-500');
  const inView = await page.evaluate(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; });
  assert.equal(inView, true, 'the list scrolled the document to the far highlight and drew it');
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});
