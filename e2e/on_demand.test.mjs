// Code fetched on first use: opening the page fetches neither the panels behind tabs nor the
// search; each is fetched the first time it is wanted and works; and when its fetch fails (the
// connection lost), the panel or the find box says so, the work in the page is untouched, and
// "Try again" brings it once the connection is back. A live session's code comes with the first
// join, and the merge's with the first work merged from elsewhere, in the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distDir, drawnHighlightIds, openApp, servedApp, tag, unexpectedProblems } from './harness.mjs';

const app = servedApp();
const fixtures = fileURLToPath(new URL('fixtures/agreement/', import.meta.url));

/** The parts the page's build holds: each file fetched on demand, by the split point it holds. */
async function parts() {
  const names = await readdir(distDir);
  const split = names.filter((name) => /-split_[a-z_]+\.wasm$/.test(name));
  assert.ok(split.length >= 5, `the build cut the panels and the search from the page (${split.join(', ')})`);
  return split;
}

test('the panels and the search are fetched when first used, not on opening', async () => {
  const split = await parts();
  const { context, page, problems } = await openApp(app.browser, app.url);
  const fetched = new Set();
  page.on('request', (request) => fetched.add(new URL(request.url()).pathname.slice(1)));
  // What opening fetched is in the page's resource timing (requests before the listener).
  const openedWith = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname.slice(1)));
  assert.deepEqual(openedWith.filter((name) => split.includes(name)), [], 'opening fetches no part');

  await page.getByRole('tab', { name: 'Agreement' }).click();
  await page.getByText('Coders compared').waitFor();
  assert.ok([...fetched].some((name) => name.endsWith('-split_agreement_panel.wasm')), 'the agreement panel is fetched when shown');
  assert.ok(![...fetched].some((name) => name.endsWith('-split_cooccurrence_panel.wasm')), 'and only it');

  await page.getByRole('tab', { name: 'Codebook' }).click();
  await page.locator('.panel-body').getByRole('tree').first().waitFor();
  await page.getByRole('tab', { name: 'Agreement' }).click();
  assert.equal(await page.locator('.panel-loading').count(), 0, 'a panel shown again draws at once');
  await page.getByText('Coders compared').waitFor();

  await page.getByRole('searchbox', { name: 'Find in the document' }).fill('Daesh');
  await page.waitForFunction(() => /^\d+ match/.test(document.querySelector('.find-status')?.textContent ?? ''));
  assert.ok([...fetched].some((name) => name.endsWith('-split_search.wasm')), 'the search is fetched when something is typed');
  assert.ok((await page.locator('article mark.search-match').count()) > 0, 'and its matches are marked');
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('a part that cannot be fetched says so, leaves the work alone, and comes on "Try again"', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'Global Coalition', 'Military action');
  const before = await drawnHighlightIds(page);
  assert.equal(before.length, 1);

  // The connection is lost for what the page has not fetched yet.
  const refuse = (route) => route.abort('connectionrefused');
  await context.route(/-split_/, refuse);
  await page.getByRole('tab', { name: 'Co-occurrence' }).click();
  const panelAlert = page.locator('.panel-body [role="alert"]');
  await panelAlert.waitFor();
  assert.match(await panelAlert.innerText(), /could not be fetched.*Your work is untouched/s);
  await page.getByRole('searchbox', { name: 'Find in the document' }).fill('Iraq');
  const findAlert = page.locator('.find-box [role="alert"]');
  await findAlert.waitFor();
  assert.match(await findAlert.innerText(), /search's code could not be fetched/);
  // A live session's code comes with the first join: refused, the join says so.
  await page.getByRole('button', { name: 'Start a live session' }).click();
  const sessionAlert = page.locator('[role="alert"]', { hasText: 'Could not start the live session' });
  await sessionAlert.waitFor();
  assert.match(await sessionAlert.innerText(), /its code could not be fetched.*Your work is unchanged/s);
  assert.equal(await page.locator('details.live-session').count(), 0, 'no session is shown as joined');
  assert.deepEqual(await drawnHighlightIds(page), before, 'the highlight made before is still drawn');

  // The code that reads files comes with the first file opened: refused, the opening says so.
  const colleague = { name: 'amira.json', mimeType: 'application/json', buffer: await readFile(join(fixtures, 'amira.json')) };
  await page.getByLabel('Open JSON / Import').setInputFiles(colleague);
  const openAlert = page.locator('[role="alert"]', { hasText: 'Could not open "amira.json"' });
  await openAlert.waitFor();
  assert.match(await openAlert.innerText(), /code that reads files could not be fetched.*Your work is unchanged/s);
  assert.deepEqual(await drawnHighlightIds(page), before, 'nothing opened, nothing lost');

  // Back online: each comes on "Try again", and the merge and the session when next wanted.
  await context.unroute(/-split_/, refuse);
  await panelAlert.getByRole('button', { name: 'Try again' }).click();
  await page.locator('.panel-body table').first().waitFor();
  await findAlert.getByRole('button', { name: 'Try again' }).click();
  await page.waitForFunction(() => /^\d+ match/.test(document.querySelector('.find-status')?.textContent ?? ''));

  // The merge's code comes with the first work merged: refused alone, the file is read and
  // the merge says it could not be done.
  await context.route(/-split_merging/, refuse);
  await page.getByLabel('Open JSON / Import').setInputFiles(colleague);
  const question = page.getByRole('dialog', { name: 'Open project file' });
  await question.getByRole('button', { name: 'Merge into this project' }).click();
  const mergeAlert = page.locator('[role="alert"]', { hasText: 'Could not merge "amira.json"' });
  await mergeAlert.waitFor();
  assert.match(await mergeAlert.innerText(), /code that merges could not be fetched.*Your work is unchanged/s);
  assert.deepEqual(await drawnHighlightIds(page), before, 'nothing merged, nothing lost');
  await context.unroute(/-split_merging/, refuse);
  await page.getByLabel('Open JSON / Import').setInputFiles(colleague);
  await question.getByRole('button', { name: 'Merge into this project' }).click();
  await page.getByRole('status').filter({ hasText: /Merged "amira.json": \d+ highlights? added/ }).waitFor();
  assert.ok((await drawnHighlightIds(page)).length > before.length, 'the colleague\'s highlights are merged');
  await page.getByRole('button', { name: 'Start a live session' }).click();
  await page.locator('details.live-session').waitFor();
  await page.locator('details.live-session summary').click();
  await page.getByRole('button', { name: 'Leave the session' }).click();
  await page.getByRole('button', { name: 'Start a live session' }).waitFor();
  // The loader reports each refused fetch in the console; nothing else may go wrong.
  const others = unexpectedProblems(problems).filter((problem) => !/ERR_CONNECTION_REFUSED|Failed to fetch|failed to load split module/i.test(problem));
  assert.deepEqual(others, []);
  await context.close();
});
