// The first whole loop, as a person does it: open the page, read the communiqué, select a passage,
// tag it, reload and find it still there, save the JSON, and open a broken file without losing work.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appReady, dragBetween, openApp, outputDir, selectWithMouse, servedApp, tag } from './harness.mjs';

const PHRASE = 'the protection of civilians as a priority';
const CIVILIANS = 'Civilians and international law';
const app = servedApp();
before(() => mkdir(outputDir, { recursive: true }));

test('the page shows the communiqué faithfully', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  assert.equal(await page.locator('article h1').innerText(), 'Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS');
  const source = page.locator('article a[href^="https://canada.ca/"]');
  assert.equal(await source.getAttribute('target'), '_blank');
  assert.match(await source.getAttribute('rel'), /noopener/);
  assert.equal(await page.locator('article strong', { hasText: 'From: Global Affairs Canada' }).count(), 1);
  assert.equal(await page.locator('article h2', { hasText: 'Statement' }).count(), 1);
  assert.equal(await page.locator('article p', { hasText: /^June 28, 2021 - Ottawa, Ontario - Global Affairs Canada$/ }).count(), 1);
  const joined = page.locator('article p', { hasText: 'curbing its ability to raise revenue, enhancing information sharing' });
  assert.equal(await joined.count(), 1, 'the sentence broken by a page break is one paragraph');
  assert.equal(await page.locator('article a[href="mailto:Syrine.Khoury@international.gc.ca"]').count(), 1);
  assert.equal(await page.locator('article h2', { hasText: 'Contacts' }).count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('select, tag, reload, save, and survive a broken file', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);

  await selectWithMouse(page, PHRASE);
  const toolbar = page.getByRole('toolbar');
  await toolbar.waitFor();
  await toolbar.getByRole('button', { name: CIVILIANS, exact: true }).click();

  const mark = page.locator('article mark[data-annotation-id]');
  await mark.first().waitFor();
  assert.equal((await mark.allInnerTexts()).join(''), PHRASE);
  const annotationId = await mark.first().getAttribute('data-annotation-id');
  const themeIds = await mark.first().getAttribute('data-theme-ids');
  assert.match(annotationId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(await toolbar.count(), 0, 'the toolbar closes once the passage is tagged');
  assert.equal(await page.getByText('1 highlight', { exact: true }).count(), 1);

  await page.reload();
  await appReady(page);
  await page.locator('article h1').waitFor();
  const restored = page.locator(`article mark[data-annotation-id="${annotationId}"]`);
  await restored.first().waitFor();
  assert.equal((await restored.allInnerTexts()).join(''), PHRASE);
  assert.equal(await restored.first().getAttribute('data-theme-ids'), themeIds);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save JSON' }).click()]);
  assert.match(download.suggestedFilename(), /\.json$/);
  const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(saved.version, 3);
  assert.equal(saved.documents[0].id, 'global-coalition-ministerial-2021-06-28');
  assert.match(saved.documents[0].fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(saved.annotations.length, 1);
  const [annotation] = saved.annotations;
  assert.equal(annotation.id, annotationId);
  assert.equal(annotation.exact, PHRASE);
  assert.equal(annotation.prefix, 'Together the Ministers emphasized '.slice(-32));
  assert.equal(annotation.suffix, ' and affirmed that international law'.slice(0, 32));
  const civilians = saved.themes.find((theme) => theme.name === CIVILIANS);
  assert.deepEqual(annotation.codings.map((coding) => coding.theme), [civilians.id]);
  assert.equal(annotation.codings[0].by, annotation.coder, 'the coder who made the highlight coded it');
  assert.deepEqual(saved.coders.map((coder) => coder.id), [annotation.coder]);
  assert.equal(themeIds, civilians.id);
  assert.equal(annotation.end - annotation.start, PHRASE.length);
  await writeFile(join(outputDir, 'saved-project.json'), JSON.stringify(saved, null, 2));

  const picker = page.getByLabel('Open JSON / Import');
  await picker.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "themes": [') });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const message = await alert.innerText();
  assert.match(message, /Could not open "broken\.json"\. This file is not valid JSON/);
  assert.match(message, /Your highlights are unchanged/);
  assert.equal((await restored.allInnerTexts()).join(''), PHRASE, 'the highlight is still drawn');
  assert.equal(await page.getByText('1 highlight', { exact: true }).count(), 1);

  // A file of the first version names its document without holding it.
  const otherDocument = { version: 1, generator: 'communique-annotator', document: { id: 'another', title: 'Another report', fingerprint: '00' }, themes: [], annotations: [] };
  await picker.setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(otherDocument)) });
  await page.getByRole('alert').filter({ hasText: 'other.json' }).waitFor();
  assert.match(await page.getByRole('alert').innerText(), /belongs to another document \("Another report"\)/);

  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('communique-annotator/project')));
  assert.equal(stored.version, 3);
  assert.deepEqual(stored.annotations.map((a) => a.id), [annotationId], 'local storage still holds the work');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a highlight can be opened, retagged, noted and deleted; a selection may cross paragraphs and highlights', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await selectWithMouse(page, 'continue the fight against Daesh/ISIS');
  await page.getByRole('toolbar').getByRole('button', { name: 'Military action', exact: true }).click();
  const firstId = await page.locator('article mark').first().getAttribute('data-annotation-id');
  const firstMarks = page.locator(`article mark[data-annotation-id="${firstId}"]`);

  // A selection that starts inside the existing highlight and crosses into the next paragraph.
  await dragBetween(page, 'the fight against Daesh', 'The Ministers committed');
  await page.getByRole('toolbar').getByRole('button', { name: 'Coalition membership and cohesion', exact: true }).click();
  await page.waitForFunction(() => new Set([...document.querySelectorAll('article mark')].map((m) => m.dataset.annotationId)).size === 2);
  const crossing = await page.evaluate(() => {
    const ids = [...new Set([...document.querySelectorAll('article mark')].map((m) => m.dataset.annotationId))];
    return ids.map((id) => [...document.querySelectorAll(`article mark[data-annotation-id="${id}"]`)].map((m) => m.closest('p').dataset.blockStart));
  });
  assert.equal(new Set(crossing[1]).size, 2, 'the second highlight spans two paragraphs');

  await firstMarks.first().click();
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await popover.waitFor();
  await popover.getByText('Add a theme').click();
  await popover.getByRole('button', { name: 'Add theme Financing' }).click();
  const first = firstMarks.first();
  assert.equal((await first.getAttribute('data-theme-ids')).split(' ').length, 2);
  await popover.getByRole('button', { name: 'Remove theme Military action' }).click();
  assert.equal((await first.getAttribute('data-theme-ids')).split(' ').length, 1);
  await popover.getByRole('textbox').fill('Core aim restated <script>window.pwned = true</script>');
  await popover.getByRole('button', { name: 'Close' }).focus();
  await popover.getByRole('button', { name: 'Close' }).click();
  await firstMarks.first().click();
  assert.equal(await popover.getByRole('textbox').inputValue(), 'Core aim restated <script>window.pwned = true</script>');
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  await popover.getByRole('button', { name: 'Delete highlight' }).click();
  assert.equal(await firstMarks.count(), 0);
  assert.equal(await page.getByText('1 highlight', { exact: true }).count(), 1);
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.equal((await firstMarks.allInnerTexts()).join(''), 'continue the fight against Daesh/ISIS', 'undo brings it back');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new theme can be added from the toolbar and tags the selection', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await selectWithMouse(page, 'Afghanistan\'s efforts');
  const toolbar = page.getByRole('toolbar');
  await toolbar.getByRole('button', { name: '+ New theme…' }).click();
  await toolbar.getByLabel('Theme name').fill('Afghanistan <img src=x onerror="window.pwned=1">');
  await toolbar.getByRole('button', { name: 'Add and tag' }).click();
  const mark = page.locator('article mark', { hasText: 'Afghanistan\'s efforts' });
  await mark.waitFor();
  assert.equal(await mark.getAttribute('title'), 'Afghanistan <img src=x onerror="window.pwned=1">');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator('img').count(), 0, 'a theme name is shown as text, never as markup');

  await selectWithMouse(page, 'Mozambique');
  await toolbar.getByRole('button', { name: '+ New theme…' }).click();
  await toolbar.getByLabel('Theme name').fill('iraq');
  await toolbar.getByRole('button', { name: 'Add and tag' }).click();
  assert.match(await page.getByRole('alert').innerText(), /There is a theme called "iraq" already/);
  assert.equal(await page.locator('article mark', { hasText: 'Mozambique' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the first page is painted before the app runs, readable without JavaScript, and replaced by the app', async () => {
  const noScript = await app.browser.newContext({ javaScriptEnabled: false });
  const still = await noScript.newPage();
  await still.goto(app.url);
  assert.match(await still.locator('article').innerText(), /The Ministers of the Global Coalition to Defeat Daesh\/ISIS, reconvening in-person/);
  assert.equal(await still.locator('noscript').count(), 1);
  await noScript.close();

  const { context, page, problems } = await openApp(app.browser, app.url);
  assert.equal(await page.locator('.app').count(), 1, 'the app took the first page\'s place');
  assert.equal(await page.locator('#prerendered').count(), 0);
  await tag(page, 'Central African Republic', 'Coalition membership and cohesion');
  assert.equal(await page.locator('article mark').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a drag from the first or last letter of a highlight selects; a click without moving opens it', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  const passage = 'increased capacity of the Iraqi forces';
  await tag(page, passage, 'Military action');
  /** Where the highlight's first or last letter is: its near edge, a third of a letter in. */
  const edge = (which) => page.evaluate((which) => {
    const mark = document.querySelector('article mark[data-annotation-id]');
    const walker = document.createTreeWalker(mark, NodeFilter.SHOW_TEXT);
    const first = walker.nextNode();
    let last = first;
    while (walker.nextNode()) last = walker.currentNode;
    const range = document.createRange();
    if (which === 'first') range.setStart(first, 0), range.setEnd(first, 1);
    else range.setStart(last, last.data.length - 1), range.setEnd(last, last.data.length);
    const box = range.getBoundingClientRect();
    const x = which === 'first' ? box.left + box.width / 3 : box.right - box.width / 3;
    return { x, y: box.top + box.height / 2 };
  }, which);
  // Into the highlight and out of it: a press a third of a letter in from the edge puts the
  // selection's start at that edge, so a drag outwards selects the text beside the highlight.
  const drags = [
    { from: 'first', by: 90, selects: /^increased cap/ },
    { from: 'first', by: -70, selects: /ed the $/ },
    { from: 'last', by: -90, selects: /Iraqi forces$/ },
    { from: 'last', by: 60, selects: /^ to comb/ },
  ];
  for (const drag of drags) {
    await page.mouse.click(8, 8);
    const at = await edge(drag.from);
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x + drag.by, at.y, { steps: 8 });
    await page.mouse.up();
    const toolbar = page.getByRole('toolbar');
    await toolbar.waitFor();
    const selected = await page.evaluate(() => window.getSelection().toString());
    assert.match(selected, drag.selects, `a drag from the ${drag.from} letter by ${drag.by} px`);
    assert.equal(await page.getByRole('dialog', { name: 'Highlight' }).count(), 0, 'no popover opens on a drag');
  }
  // A click without moving, on that first letter, opens the highlight; the keyboard still reaches it.
  await page.mouse.click(8, 8);
  const at = await edge('first');
  await page.mouse.click(at.x, at.y);
  await page.getByRole('dialog', { name: 'Highlight' }).waitFor();
  assert.equal(await page.locator('article mark[data-annotation-id][tabindex="0"]').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('what sticks below the top bar starts where the bar ends, however many rows the bar has', async () => {
  // Wide enough for the panel beside the document (a narrower screen shows one or the other).
  for (const viewport of [{ width: 1280, height: 900 }, { width: 960, height: 800 }]) {
    const { context, page, problems } = await openApp(app.browser, app.url, { viewport });
    await page.getByText('Who is coding?').waitFor();
    await page.evaluate(() => window.scrollTo(0, 1500));
    const bottomOf = (selector) => page.evaluate((selector) => document.querySelector(selector).getBoundingClientRect().bottom, selector);
    const topOf = (selector) => page.evaluate((selector) => document.querySelector(selector).getBoundingClientRect().top, selector);
    // The bar with its question is taller than one row; the panel (its find box and tabs) stays in sight under it.
    await page.waitForFunction(() => window.scrollY > 1000);
    await page.waitForFunction(() => {
      const bar = document.querySelector('.top-bar').getBoundingClientRect().bottom;
      return document.querySelector('.side-panel').getBoundingClientRect().top >= bar - 1;
    });
    assert.ok((await topOf('.side-panel')) >= (await bottomOf('.top-bar')) - 1, `at ${viewport.width} px`);
    // Once answered, the bar is one row again and the panel follows it up.
    await page.getByRole('button', { name: 'Skip' }).click();
    await page.waitForFunction(() => Math.abs(document.querySelector('.side-panel').getBoundingClientRect().top - document.querySelector('.top-bar').getBoundingClientRect().bottom) < 2);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
