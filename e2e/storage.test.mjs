// Keeping the work: two tabs on the same document stay consistent, and a full local storage is
// said out loud while the work stays in the page and can be saved as a file; a project too large
// for local storage goes to IndexedDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  appReady, besideDrawn, drawnHighlightIds, openApp, servedApp, tag, unexpectedProblems,
} from './harness.mjs';
import { workload } from '../bench/workloads.mjs';

const app = servedApp();

test('two tabs on the same document stay consistent', async () => {
  const { context, page: first, problems } = await openApp(app.browser, app.url);
  const second = await context.newPage();
  await second.goto(app.url);
  await appReady(second);
  await second.locator('article h1').waitFor();

  await tag(first, 'information sharing on terrorists', 'Law enforcement, justice and foreign fighters');
  const [id] = await drawnHighlightIds(first);
  const inSecond = second.locator(`article mark[data-annotation-id="${id}"]`);
  await inSecond.waitFor();
  assert.equal(await inSecond.innerText(), 'information sharing on terrorists');
  assert.match(await second.getByRole('status').innerText(), /changes made in another tab/);

  await inSecond.click();
  await second.getByRole('dialog', { name: 'Highlight' }).getByRole('button', { name: 'Delete highlight' }).click();
  await first.locator(`article mark[data-annotation-id="${id}"]`).waitFor({ state: 'detached' });
  assert.equal(await first.getByText('0 highlights', { exact: true }).count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a full local storage is said out loud; the work stays and can be saved', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  const filled = await page.evaluate(() => {
    let chunk = 'x'.repeat(1 << 20);
    let count = 0;
    while (chunk.length > 16) {
      try {
        localStorage.setItem(`filler-${count}`, chunk);
        count += 1;
      } catch {
        chunk = chunk.slice(0, chunk.length / 2);
      }
    }
    return count;
  });
  assert.ok(filled > 0);

  await tag(page, 'Global Counter-Terrorism Forum', 'Africa and other regions');
  const warning = page.getByRole('alert').filter({ hasText: 'not being kept' });
  await warning.waitFor();
  assert.match(await warning.innerText(), /local storage for this page is full/);
  assert.equal(await page.locator('article mark', { hasText: 'Global Counter-Terrorism Forum' }).count(), 1, 'the work stays in the page');
  const [download] = await Promise.all([page.waitForEvent('download'), warning.getByRole('button', { name: 'Save JSON' }).click()]);
  const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(saved.annotations.map((annotation) => annotation.exact), ['Global Counter-Terrorism Forum']);

  // Once there is room again, the next change is kept and the warning goes.
  await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('filler-')).forEach((key) => localStorage.removeItem(key)));
  await tag(page, 'Coalition for the Sahel', 'Africa and other regions');
  await warning.waitFor({ state: 'detached' });
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('communique-annotator/project')));
  assert.equal(stored.annotations.length, 2, 'nothing was dropped');
  assert.deepEqual(problems, []);
  await context.close();
});

test('stored work that cannot be read is kept aside and said so', async () => {
  const { context, page } = await openApp(app.browser, app.url);
  await page.evaluate(() => localStorage.setItem('communique-annotator/project', '{"version": 99}'));
  await page.reload();
  await appReady(page);
  await page.locator('article h1').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /could not be restored\. This project file has version 99; this app reads version 3\. It was kept in local storage under "communique-annotator\/project-unreadable"/);
  assert.equal(await page.evaluate(() => localStorage.getItem('communique-annotator/project-unreadable')), '{"version": 99}');
  await context.close();
});

test('stored work of an earlier version is read by the reader fetched for it; without it, it is left untouched and said so', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'curbing its ability to raise revenue', 'Financing');
  const [id] = await drawnHighlightIds(page);
  await page.waitForFunction(() => localStorage.getItem('communique-annotator/project') !== null);
  // The same work as an earlier version of the app kept it (version 1: the document named,
  // themes and highlights with their creators by name).
  const current = JSON.parse(await page.evaluate(() => localStorage.getItem('communique-annotator/project')));
  const [document] = current.documents;
  const highlight = current.annotations.find((annotation) => annotation.id === id);
  const time = '2024-05-01T10:00:00.000Z';
  const earlier = JSON.stringify({
    version: 1, generator: 'communique-annotator',
    document: { id: document.id, title: document.title, fingerprint: document.fingerprint },
    themes: [{ id: '00000000-0000-4000-8000-000000000101', name: 'Revenue', colour: '#1b9aaa', description: '', creator: 'Ana', created: time, modified: time }],
    annotations: [{
      id, start: highlight.start, end: highlight.end, exact: highlight.exact, prefix: highlight.prefix, suffix: highlight.suffix,
      theme_ids: ['00000000-0000-4000-8000-000000000101'], note: 'Kept since 2024', creator: 'Ana', created: time, modified: time,
    }],
  });
  await page.evaluate((earlier) => {
    localStorage.setItem('communique-annotator/project', earlier);
    localStorage.removeItem('communique-annotator/first-paint');
  }, earlier);

  // Its reader cannot be fetched: said, and the work left as it is (nothing written over it).
  const refuse = (route) => route.abort('connectionrefused');
  await context.route(/-split_/, refuse);
  await page.reload();
  const alert = page.locator('[role="alert"]', { hasText: 'earlier version of this app' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /code that reads it could not be fetched.*nothing is written over it/s);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => localStorage.getItem('communique-annotator/project')), earlier, 'the stored work is untouched');

  // With the connection back, the next visit reads it.
  await context.unroute(/-split_/, refuse);
  await page.reload();
  await appReady(page);
  await page.locator(`article mark[data-annotation-id="${id}"]`).first().waitFor();
  await page.locator(`article mark[data-annotation-id="${id}"]`).first().click();
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await popover.getByText('Revenue').first().waitFor();
  assert.equal(await popover.getByRole('textbox').inputValue(), 'Kept since 2024');
  const others = unexpectedProblems(problems).filter((problem) => !/ERR_CONNECTION_REFUSED|Failed to fetch|failed to load split module/i.test(problem));
  assert.deepEqual(others, []);
  await context.close();
});

test('a project too large for local storage is kept in IndexedDB, restored on reload and shared with other tabs', async () => {
  // About 2.6 MB of project file: more than local storage is given.
  const load = await workload('doc-large', 400_000, 4_000);
  const { context, page, problems } = await openApp(app.browser, app.url);
  await page.getByLabel('Open JSON / Import').setInputFiles({ name: 'large.json', mimeType: 'application/json', buffer: Buffer.from(load.project) });
  await page.locator('article mark').first().waitFor();
  const note = () => page.evaluate(() => localStorage.getItem('communique-annotator/project'));
  await page.waitForFunction(() => localStorage.getItem('communique-annotator/project')?.startsWith('{"stored_in":"indexeddb"'));
  const opened = await note();
  await tag(page, load.paragraphs[0].slice(10, 40), 'Theme 3');
  await page.waitForFunction((opened) => localStorage.getItem('communique-annotator/project') !== opened, opened);
  assert.match(await note(), /^\{"stored_in":"indexeddb","saved":\d+\}$/);
  assert.equal(await page.getByRole('alert').count(), 0, 'no warning: the work is kept');

  // Beside the note, a copy of the first frame: the long document's first groups of blocks with
  // their highlights, which the next visit paints while the app loads and reads the database.
  await page.waitForFunction(() => localStorage.getItem('communique-annotator/first-paint')?.includes('data-annotation-id'));
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  const other = await context.newPage();
  await other.goto(app.url, { waitUntil: 'domcontentloaded' });
  await other.locator('#prerendered article.long mark').first().waitFor();
  assert.ok(await other.locator('#prerendered article.long').isVisible(), 'the copy is on screen before the app runs');
  const groupsAhead = await other.locator('#prerendered article .block-group').count();
  assert.ok(groupsAhead >= 1 && groupsAhead <= 2, `the copy holds the first groups of blocks only (${groupsAhead})`);
  const shownAhead = await other.evaluate(() => [...new Set([...document.querySelectorAll('#prerendered article mark[data-annotation-id]')].map((mark) => mark.dataset.annotationId))]);
  release();
  await appReady(other);
  await context.unroute(/_bg\.wasm$/);
  // The app draws the first screen's highlights at once and the rest near the viewport a frame
  // later, once its watcher has reported: then every highlight the copy showed.
  await other.waitForFunction((ids) => ids.every((id) => document.querySelector(`article mark[data-annotation-id="${id}"]`)), shownAhead);
  assert.equal(await other.locator('article').getAttribute('data-length'), String(load.bytes));
  const counted = (p) => p.locator('p.count').innerText();
  assert.match(await counted(other), /^4001 highlights/, 'the reload found every highlight, the new one too');
  // The list draws a page of them at a time; it is drawn a frame after the document.
  await besideDrawn(other);
  assert.equal(await other.locator('.list-entry').count(), 50);
  await other.getByRole('button', { name: 'Show 50 more of 3951' }).click();
  assert.equal(await other.locator('.list-entry').count(), 100);

  // A change in one tab reaches the other through the note in local storage.
  const first = (await drawnHighlightIds(other))[0];
  await other.locator(`article mark[data-annotation-id="${first}"]`).first().click();
  await other.getByRole('dialog', { name: 'Highlight' }).getByRole('button', { name: 'Delete highlight' }).click();
  await page.locator(`article mark[data-annotation-id="${first}"]`).waitFor({ state: 'detached' });
  assert.match(await counted(page), /^4000 highlights/);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('stored work is painted from its kept copy while the app loads, which replaces it; markup put there never runs', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'information sharing on terrorists', 'Law enforcement, justice and foreign fighters');
  await tag(page, 'Global Coalition', 'Military action');
  const ids = (await drawnHighlightIds(page)).sort();
  await page.waitForFunction(() => localStorage.getItem('communique-annotator/first-paint')?.includes('data-annotation-id'));

  // The next visit, its WebAssembly held back: the kept copy is what the page shows meanwhile.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.reload({ waitUntil: 'domcontentloaded' });
  const copied = page.locator('#prerendered article mark[data-annotation-id]');
  await copied.first().waitFor();
  const shownAhead = await page.evaluate(() => [...new Set([...document.querySelectorAll('#prerendered article mark[data-annotation-id]')].map((mark) => mark.dataset.annotationId))].sort());
  assert.deepEqual(shownAhead, ids, 'the copy shows the stored highlights before the app runs');
  assert.ok(await page.locator('#prerendered article').isVisible(), 'and it is on screen');
  assert.equal(await page.locator('#prerendered header.top-bar .count').innerText(), '2 highlights');
  release();
  await appReady(page);
  assert.deepEqual((await drawnHighlightIds(page)).sort(), ids, 'the app, mounted, draws the same highlights');
  await context.unroute(/_bg\.wasm$/);

  // Markup put in the copy (by a script of this origin, or by hand) is laid out, never run: the
  // page's Content-Security-Policy refuses inline handlers, and markup set this way runs no script.
  await page.evaluate(() => localStorage.setItem('communique-annotator/first-paint',
    '<div class="app"><article class="document"><p class="block">Kept<img src="data:x" onerror="window.ran = 1"><script>window.ran = 2</script></p></article></div>'));
  await page.reload();
  await appReady(page);
  assert.equal(await page.evaluate(() => window.ran), undefined, 'nothing in the copy ran');
  assert.deepEqual((await drawnHighlightIds(page)).sort(), ids, 'and the stored work opens as ever');
  // The hostile image's own address is refused, as it should be; nothing else may go wrong.
  assert.deepEqual(unexpectedProblems(problems).filter((problem) => !/ERR_INVALID_URL/.test(problem)), []);
  await context.close();
});
