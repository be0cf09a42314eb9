// Several coders on one project, as a team uses it: two people code under their names and save;
// a third opens both files at once and sees both coders' highlights, hides one layer, opens a
// file again (nothing added) and in the other order (the same highlights), replaces and undoes;
// two tabs that tag at the same moment keep every highlight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { drawnHighlightIds, openApp, selectWithMouse, servedApp, tag, unexpectedProblems } from './harness.mjs';

const app = servedApp();

/** Types the coder's name in the top bar, as a person answering the prompt does. */
async function giveName(page, name) {
  await page.getByText('Who is coding?').waitFor();
  await page.getByLabel('Coder', { exact: true }).fill(name);
  await page.getByLabel('Coder', { exact: true }).press('Enter');
  await page.getByLabel('Coder', { exact: true }).press('Tab');
  await page.getByText('Who is coding?').waitFor({ state: 'detached' });
}

/** Saves the project with "Save JSON"; returns the file as { name, buffer }. */
async function saveProject(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save JSON' }).click()]);
  return { name, mimeType: 'application/json', buffer: await readFile(await download.path()) };
}

/** Opens files with the top bar's file input, several at once. */
function openFiles(page, files) {
  return page.getByLabel('Open JSON / Import').setInputFiles(files);
}

/**
 * From now on, keeps every text the notice bar shows, in order, in `window.noticesShown`: the
 * app replaces one notice with the next within a moment, faster than a test could look.
 */
function keepNotices(page) {
  return page.evaluate(() => {
    window.noticesShown = [];
    new MutationObserver(() => {
      const text = document.querySelector('.notice-text')?.textContent;
      if (text && window.noticesShown.at(-1) !== text) window.noticesShown.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function codedBy(page, name, phrases) {
  const { context, page: coder, problems } = await openApp(app.browser, app.url);
  await giveName(coder, name);
  for (const [phrase, theme] of phrases) await tag(coder, phrase, theme);
  const file = await saveProject(coder, `${name.toLowerCase()}.json`);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
  return file;
}

test('two coders save, a third opens both, hides a layer, merges again and replaces', async () => {
  const amira = await codedBy(null, 'Amira', [['the protection of civilians', 'Civilians and international law'], ['financial', 'Financing']]);
  const ben = await codedBy(null, 'Ben', [['the protection of civilians', 'Military action'], ['foreign terrorist fighters', 'Law enforcement, justice and foreign fighters']]);

  const { context, page, problems } = await openApp(app.browser, app.url);
  await page.getByRole('button', { name: 'Skip' }).click();
  await keepNotices(page);
  await openFiles(page, [amira, ben]);
  await page.getByRole('status').filter({ hasText: 'Merged' }).waitFor();
  // While the files are read, the page says so; then the merge's report takes its place.
  const notices = await page.evaluate(() => window.noticesShown);
  assert.ok(notices.includes('Reading 2 files…'), `the notices shown were ${JSON.stringify(notices)}`);
  assert.ok(notices.indexOf('Reading 2 files…') < notices.findIndex((text) => text.startsWith('Merged')), JSON.stringify(notices));
  const both = await drawnHighlightIds(page);
  assert.equal(both.length, 4, 'both coders\' highlights are drawn');
  // Each highlight carries its coder's colour while both are shown.
  assert.equal(await page.locator('article.marks-coders mark').count() > 0, true);
  // And a screen reader names the coder: the highlight's keyboard stop points to their name.
  const describedBy = await page.locator('article mark[tabindex]').first().getAttribute('aria-describedby');
  const named = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? ''), describedBy);
  assert.match(named.join(' '), /Coded by (Amira|Ben)\./);

  await page.locator('summary', { hasText: /^Coders/ }).click();
  const coders = page.getByRole('group', { name: 'Coders' });
  await coders.getByRole('checkbox', { name: 'Amira' }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: fileURLToPath(new URL('../docs/coders.png', import.meta.url)) });
  await coders.getByRole('checkbox', { name: 'Ben' }).uncheck();
  const onlyAmira = await drawnHighlightIds(page);
  assert.equal(onlyAmira.length, 2, 'hiding Ben leaves Amira\'s two');
  assert.equal(await page.locator('article.marks-coders').count(), 0, 'one coder shown: no coder edges');
  assert.equal(await page.locator('.descriptions [id^="coded-by-"]').count(), 0, 'nor coders named');
  await page.locator(`article mark[data-annotation-id="${onlyAmira[0]}"]`).first().click();
  await page.getByRole('dialog', { name: 'Highlight' }).getByText('Coded by Amira').waitFor();
  await page.keyboard.press('Escape');
  await coders.getByRole('checkbox', { name: 'Ben' }).check();
  assert.equal((await drawnHighlightIds(page)).length, 4);

  // The same file again: asked, merged, nothing added.
  await openFiles(page, [amira]);
  const question = page.getByRole('dialog', { name: 'Open project file' });
  await question.getByRole('button', { name: 'Merge into this project' }).click();
  await page.getByRole('status').filter({ hasText: '0 highlights added' }).waitFor();
  assert.deepEqual((await drawnHighlightIds(page)).sort(), [...both].sort());

  // Replacing is undoable.
  await openFiles(page, [ben]);
  await question.getByRole('button', { name: 'Replace this project' }).click();
  await page.getByRole('status').filter({ hasText: 'in place of this project' }).waitFor();
  assert.equal((await drawnHighlightIds(page)).length, 2, 'only Ben\'s work');
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction(() => new Set([...document.querySelectorAll('article mark[data-annotation-id]')].map((mark) => mark.dataset.annotationId)).size === 4);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();

  // The other order gives the same highlights.
  const other = await openApp(app.browser, app.url);
  await openFiles(other.page, [ben, amira]);
  await other.page.getByRole('status').filter({ hasText: 'Merged' }).waitFor();
  assert.deepEqual((await drawnHighlightIds(other.page)).sort(), [...both].sort());
  await other.context.close();
});

test('two tabs that tag within 50 ms, twenty times, keep every highlight after reload', async () => {
  const { context, page: first } = await openApp(app.browser, app.url);
  const second = await context.newPage();
  await second.goto(app.url);
  await second.locator('article h1').waitFor();
  await second.waitForFunction(() => !document.getElementById('prerendered'));
  for (let round = 0; round < 20; round += 1) {
    // From the third "the" on: the second lies in the source's link, where a drag moves the link.
    await selectWithMouse(first, 'the', 2 + 2 * round);
    await selectWithMouse(second, 'the', 3 + 2 * round);
    const button = (page) => page.getByRole('toolbar').getByRole('button', { name: 'Iraq', exact: true });
    await Promise.all([button(first).click(), button(second).click()]);
    await Promise.all([first, second].map((page) => page.getByRole('toolbar').waitFor({ state: 'detached' })));
  }
  const everyHighlight = (page) => page.waitForFunction(() => new Set([...document.querySelectorAll('article mark[data-annotation-id]')].map((mark) => mark.dataset.annotationId)).size === 40, null, { timeout: 10000 });
  await Promise.all([everyHighlight(first), everyHighlight(second)]);
  await first.waitForTimeout(600);
  for (const page of [first, second]) {
    await page.reload();
    await page.locator('article h1').waitFor();
    await everyHighlight(page);
  }
  await context.close();
});
