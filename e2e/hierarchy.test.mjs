// The code hierarchy as a person builds it: one theme dragged onto another with the mouse,
// another put under it with "Move under…", the tree folded and walked with the keyboard, a
// parent's count rolled up and the highlights list filtered by the parent; the tree exported
// as a .qdpx (valid against the QDA-XML schema) and opened in a fresh browser; a parent deleted
// with its children moved up (undone in one step) or deleted too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, outputDir, servedApp, showTab, tag, unexpectedProblems } from './harness.mjs';

const app = servedApp();
const schema = new URL('../crates/formats/tests/fixtures/refi-qda/Project-mrt2019.xsd', import.meta.url).pathname;

/** The tree item of a theme, found by its accessible name ("Path, N highlights"). */
function item(page, name) {
  return page.getByRole('treeitem', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, \\d+ highlights?$`) });
}

/** Drags the handle of theme `from` onto the row of theme `onto` with the mouse. */
async function dragTheme(page, from, onto) {
  const handle = item(page, from).locator('.drag-handle').first();
  const target = item(page, onto).locator('.row-head').first();
  await handle.scrollIntoViewIfNeeded();
  const start = await handle.boundingBox();
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  const end = await target.boundingBox();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** The id of the tree item the keyboard is on. */
function focusedItem(page) {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
}

async function exported(page, label) {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label, exact: true }).click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

test('a nested codebook is built, walked, counted, filtered, exported and opened again', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  // The prompt for a name is put aside first, as a person arranging a codebook would: while it
  // shows, the top bar is two rows tall and the panel too short for both rows the drag joins.
  await page.getByRole('button', { name: 'Skip', exact: true }).click();
  await tag(page, 'curbing its ability to raise revenue', 'Financing');
  await tag(page, 'the protection of civilians as a priority', 'Civilians and international law');
  await tag(page, 'Small Group Political Directors Meeting', 'Coalition membership and cohesion');
  await showTab(page, 'Codebook');
  const tree = page.getByRole('tree', { name: 'Codebook' });
  await tree.waitFor();
  assert.equal(await item(page, 'Military action').getAttribute('aria-level'), '1');
  assert.equal(await item(page, 'Military action').getAttribute('aria-expanded'), null, 'a theme without children is no folder');

  // Financing dragged onto Military action with the mouse goes under it.
  await dragTheme(page, 'Financing', 'Military action');
  await item(page, 'Military action / Financing').waitFor();
  assert.equal(await item(page, 'Military action / Financing').getAttribute('aria-level'), '2');
  assert.equal(await item(page, 'Military action').getAttribute('aria-expanded'), 'true');
  // Civilians goes under it with "Move under…", a select the keyboard can work.
  const moveCivilians = page.getByLabel('Move Civilians and international law under another theme');
  await moveCivilians.focus();
  await moveCivilians.selectOption({ label: 'Military action' });
  await item(page, 'Military action / Civilians and international law').waitFor();
  // A parent counts its children's highlights: Military action has none of its own.
  assert.equal(await item(page, 'Military action').locator('.row-count').first().innerText(), '2 highlights');
  // "Move under…" offers the top level, and never the theme itself or one below it.
  const militaryOptions = await page.getByLabel('Move Military action under another theme').locator('option').allInnerTexts();
  assert.ok(militaryOptions.includes('Top level'));
  assert.ok(!militaryOptions.some((label) => label.startsWith('Military action')), militaryOptions.join(' | '));

  await mkdir(outputDir, { recursive: true });
  await item(page, 'Military action').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(outputDir, 'hierarchy-codebook-1280.png') });

  // The keyboard: Left folds, Right unfolds and goes in, Up/Down walk, Home/End go to the ends.
  await item(page, 'Military action').focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await item(page, 'Military action').getAttribute('aria-expanded'), 'false');
  assert.equal(await item(page, 'Military action / Financing').count(), 0, 'folded children are not drawn');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedItem(page), 'Stabilization and recovery, 0 highlights', 'Down skips what is folded');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowRight');
  assert.equal(await item(page, 'Military action').getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focusedItem(page), 'Military action / Financing, 1 highlight', 'children in codebook order');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedItem(page), 'Military action / Civilians and international law, 1 highlight');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focusedItem(page), 'Military action, 2 highlights', 'Left on a leaf goes to its parent');
  await page.keyboard.press('End');
  assert.match(await focusedItem(page), /^Coalition membership and cohesion/);
  await page.keyboard.press('Home');
  assert.equal(await focusedItem(page), 'Military action, 2 highlights');
  // Clicking the fold button works the same.
  await page.getByRole('button', { name: 'Collapse Military action' }).click();
  assert.equal(await item(page, 'Military action').getAttribute('aria-expanded'), 'false');
  await page.getByRole('button', { name: 'Expand Military action' }).click();

  // Filtering the highlights by the parent lists its children's highlights.
  await showTab(page, 'Highlights');
  const filter = page.getByLabel('Theme', { exact: true });
  await filter.selectOption({ label: 'Military action' });
  const listed = () => page.locator('.highlights-list .list-entry .entry-quote').allInnerTexts();
  assert.deepEqual((await listed()).sort(), ['curbing its ability to raise revenue', 'the protection of civilians as a priority'], 'a theme outside the parent is left out');
  await filter.selectOption({ label: 'Military action / Financing' });
  assert.deepEqual(await listed(), ['curbing its ability to raise revenue']);
  await filter.selectOption({ label: 'All themes' });

  // The .qdpx holds the tree as nested codes, valid against the QDA-XML project schema.
  const qdpx = await exported(page, 'REFI-QDA project (.qdpx)');
  const unzip = spawnSync('python3', ['-c', 'import io, sys, zipfile; z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())); sys.stdout.write(z.read("project.qde").decode())'], { input: qdpx.bytes, encoding: 'utf8' });
  assert.equal(unzip.status, 0, unzip.stderr);
  const qde = unzip.stdout;
  const file = join(tmpdir(), `hierarchy-${process.pid}.qde`);
  await writeFile(file, qde);
  const verdict = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  assert.equal(verdict.status, 0, verdict.stderr);
  const military = qde.indexOf('name="Military action"');
  const financing = qde.indexOf('name="Financing"');
  assert.ok(military >= 0 && financing > military && financing < qde.indexOf('</Code>', military), 'Financing is nested in Military action');

  // A fresh browser opens it and shows the same tree.
  const other = await openApp(app.browser, app.url);
  await other.page.getByLabel('Open JSON / Import').setInputFiles({ name: qdpx.name, mimeType: 'application/octet-stream', buffer: qdpx.bytes });
  await other.page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
  await showTab(other.page, 'Codebook');
  assert.equal(await item(other.page, 'Military action / Financing').getAttribute('aria-level'), '2');
  assert.equal(await item(other.page, 'Military action / Civilians and international law').getAttribute('aria-level'), '2');
  assert.equal(await item(other.page, 'Military action').locator('.row-count').first().innerText(), '2 highlights');
  assert.deepEqual(unexpectedProblems(other.problems), []);
  await other.context.close();

  // Deleting the parent asks, in its row, what becomes of the two themes below it.
  await showTab(page, 'Codebook');
  await page.getByRole('button', { name: 'Delete Military action' }).click();
  const question = page.getByRole('alertdialog', { name: 'Confirm' });
  assert.match(await question.innerText(), /2 themes below "Military action"/);
  await question.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(outputDir, 'hierarchy-delete-1280.png') });
  await question.getByLabel('Move them up to the top level').check();
  await question.getByRole('button', { name: 'Delete theme' }).click();
  await item(page, 'Financing').waitFor();
  assert.equal(await item(page, 'Financing').getAttribute('aria-level'), '1');
  assert.equal(await item(page, 'Military action').count(), 0);
  // One undo puts back the theme and its children under it.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await item(page, 'Military action / Financing').waitFor();
  // Deleting it with its children takes them and their codes off the highlights.
  await page.getByRole('button', { name: 'Delete Military action' }).click();
  await question.getByLabel('Delete them too').check();
  await question.getByRole('button', { name: 'Delete theme' }).click();
  await item(page, 'Military action').waitFor({ state: 'detached' });
  assert.equal(await item(page, 'Financing').count(), 0);
  assert.equal(await item(page, 'Civilians and international law').count(), 0);
  assert.equal(await page.locator('article mark', { hasText: 'curbing its ability' }).count(), 1, 'the highlight stays');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Codebook' }).click();
  await item(page, 'Military action / Financing').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, 'no sideways scroll on a phone');
  await item(page, 'Military action').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(outputDir, 'hierarchy-codebook-390.png') });
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});
