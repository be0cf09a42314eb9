// Agreement between coders, as a team uses it: three coders' files (made from the committed
// reference vector `communique_three_coders`) opened together; the Agreement tab shows the
// vector's figures; a theme's disagreements jump to the text; a consensus built by "k of n" and
// by hand, undone and saved; blind coding hides and reveals; the JSON report equals the vector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  besideDrawn, drawnHighlightIds, openApp, selectWithMouse, servedApp, unexpectedProblems,
} from './harness.mjs';

const app = servedApp();
const vector = JSON.parse(await readFile(new URL('../crates/agreement/tests/fixtures/agreement/communique_three_coders.json', import.meta.url), 'utf8'));
const coderFiles = ['amira', 'ben', 'chloe'].map((name) => fileURLToPath(new URL(`./fixtures/agreement/${name}.json`, import.meta.url)));
const files = await Promise.all(coderFiles.map(async (path) => JSON.parse(await readFile(path, 'utf8'))));
const themeIds = Object.fromEntries(files[0].themes.map((theme) => [theme.name, theme.id]));
const CONSENSUS_ID = '0c0e5e05-0000-4000-8000-c0dec0de0001';
const FIGURES = ['alpha_nominal', 'cohen_kappa_mean', 'fleiss_kappa', 'percent_agreement'];

/** Opens the three coders' files together and shows the Agreement tab. */
async function openCoders(page) {
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.getByLabel('Open JSON / Import').setInputFiles(coderFiles);
  await page.getByRole('status').filter({ hasText: 'Merged' }).waitFor();
  // The panels draw the merged project a frame after the document.
  await besideDrawn(page);
  await page.getByRole('tab', { name: 'Agreement' }).click();
  await page.locator('.agreement-table').waitFor();
}

/** A figure as the table shows it. */
function shown(value, figure) {
  if (value === null || value === undefined) return '—';
  return figure === 'percent_agreement' ? `${(value * 100).toFixed(1)}%` : value.toFixed(3);
}

/** The five figure cells of a table row: their text (undefined ones as "—") and hover text. */
async function cells(row) {
  const all = row.locator('td');
  const found = [];
  for (let index = 0; index < 5; index += 1) {
    const cell = all.nth(index);
    const text = (await cell.textContent()).startsWith('—') ? '—' : (await cell.textContent()).trim();
    found.push({ text, title: await cell.getAttribute('title') });
  }
  return found;
}

function themeRow(page, name) {
  return page.locator('.agreement-table tbody tr', { has: page.getByRole('button', { name, exact: true }) });
}

/** Every figure of the vector, per theme and overall, as the table shows it. */
async function checkTable(page, view) {
  for (const key of vector.themes) {
    const name = vector.theme_names[key];
    const expected = vector.expected.themes[key];
    const found = await cells(themeRow(page, name));
    const wanted = [...FIGURES.map((figure) => shown(expected[view][figure], figure)), shown(expected.u_alpha_dkpro_port)];
    assert.deepEqual(found.map((cell) => cell.text), wanted, `${name}, ${view}`);
    const units = view === 'char_level' ? expected.units : expected.units_non_whitespace;
    assert.match(found[0].title, new RegExp(`over ${units} `), `the hover text says on how many units (${name})`);
    assert.match(found[0].title, /3 coders/);
  }
  const overall = vector.expected.overall;
  const [mean, pooled] = [page.locator('.agreement-table tfoot tr').nth(0), page.locator('.agreement-table tfoot tr').nth(1)];
  const wantedMean = [...FIGURES.map((figure) => shown(overall[view].macro_mean[figure], figure)), shown(overall.u_alpha_macro_mean_dkpro_port)];
  const wantedPooled = [...FIGURES.map((figure) => shown(overall[view].pooled[figure], figure)), shown(overall.u_alpha_dkpro_port)];
  assert.deepEqual((await cells(mean)).map((cell) => cell.text), wantedMean, `overall mean, ${view}`);
  assert.deepEqual((await cells(pooled)).map((cell) => cell.text), wantedPooled, `overall pooled, ${view}`);
}

test('the Agreement tab shows the reference vector\'s figures, with and without whitespace, and explains undefined ones', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await openCoders(page);
  await checkTable(page, 'char_level');
  // A theme nobody used: "—" with the reason.
  const unused = await cells(themeRow(page, 'Military action'));
  assert.equal(unused[0].text, '—');
  assert.match(unused[0].title, /none of the coders compared used this theme/);
  // Three coders: the matrix of Cohen's kappa per pair, all themes pooled.
  const pairs = page.locator('table.pairs');
  assert.match(await pairs.locator('caption').textContent(), /all themes pooled/);
  for (const [first, second, value] of vector.expected.overall.char_level.pooled_cohen_kappa_pairs) {
    const cell = pairs.locator('tbody tr').nth(first).locator('td').nth(second);
    assert.equal((await cell.textContent()).trim(), shown(value), `pair ${first}, ${second}`);
  }
  await page.getByLabel('Leave whitespace out').check();
  await checkTable(page, 'char_level_non_whitespace');
  // Sorting by alpha puts the highest first.
  await page.getByRole('button', { name: 'α', exact: true }).click();
  const first = await page.locator('.agreement-table tbody tr').first().locator('th').textContent();
  const best = vector.themes.reduce((a, b) => (vector.expected.themes[a].char_level_non_whitespace.alpha_nominal >= vector.expected.themes[b].char_level_non_whitespace.alpha_nominal ? a : b));
  assert.equal(first.trim(), vector.theme_names[best]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: fileURLToPath(new URL('../docs/agreement.png', import.meta.url)) });
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('a theme\'s disagreements list who coded what and jump to the passage with those coders\' layers', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await openCoders(page);
  // Compare Amira and Ben only: Chloé's layer is hidden when a disagreement is shown.
  await page.locator('.agreement-picks').getByLabel('Chloé').uncheck();
  await page.locator('.agreement-table').waitFor();
  await page.getByRole('button', { name: 'Stabilization and recovery', exact: true }).click();
  const list = page.locator('.disagreements');
  await list.getByRole('heading', { name: /Where the coders differ on "Stabilization and recovery"/ }).waitFor();
  const first = list.locator('.disagreement').first();
  assert.equal(await first.locator('.version').count(), 2, 'a version per coder compared');
  assert.match(await first.locator('.versions').textContent(), /Amira/);
  await first.getByRole('button', { name: 'Show in text' }).click();
  await page.waitForFunction(() => document.activeElement?.matches('article mark'));
  const chloe = new Set(files[2].annotations.map((annotation) => annotation.id));
  const drawn = await drawnHighlightIds(page);
  assert.ok(drawn.length > 0);
  assert.ok(drawn.every((id) => !chloe.has(id)), 'Chloé\'s layer is hidden');
  const focused = await page.evaluate(() => document.activeElement.dataset.annotationId);
  const ours = new Set([...files[0].annotations, ...files[1].annotations].map((annotation) => annotation.id));
  assert.ok(ours.has(focused), 'the passage of one of the two coders is shown');
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

/** The stretches where at least k of the vector's coders used a theme (joined where they touch). */
function agreedStretches(k) {
  let count = 0;
  for (const key of vector.themes) {
    // Coverage per coder is a union: overlapping spans of one coder count once.
    const perCoder = vector.coders.map((coder) => {
      const spans = [...(vector.spans[key][coder] ?? [])].sort((a, b) => a[0] - b[0]);
      const union = [];
      for (const [start, end] of spans) {
        const last = union.at(-1);
        if (last && start <= last[1]) last[1] = Math.max(last[1], end); else union.push([start, end]);
      }
      return union;
    });
    const points = perCoder.flat().flatMap(([start, end]) => [[start, 1], [end, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let covering = 0; let previous = 0; let open = null; const stretches = [];
    for (const [position, change] of points) {
      if (position > previous && covering >= k) {
        if (open && open[1] === previous) open[1] = position; else { open = [previous, position]; stretches.push(open); }
      }
      previous = position; covering += change;
    }
    count += stretches.length;
  }
  return count;
}

test('a consensus built by k of n and by hand undoes step by step and is saved alone as a project', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await openCoders(page);
  assert.equal(await page.getByLabel('Accept into the consensus wherever').inputValue(), '2', 'a majority by default');
  await page.locator('.consensus-step').getByRole('button', { name: 'Accept', exact: true }).click();
  const agreed = agreedStretches(2);
  await page.getByRole('status').filter({ hasText: `Added ${agreed} passage` }).waitFor();
  // The notice is drawn with the document; the table and its disagreements draw the consensus a
  // frame later, and their figures in a task after that: read before, a theme's count of
  // stretches left to settle would be the one from before "Accept".
  await besideDrawn(page);

  // By hand: in the disagreements of a theme that k of n left open (where one coder alone coded
  // it), accept one coder's version of one and reject another.
  const list = page.locator('.disagreements');
  let toSettle = 0;
  for (const key of vector.themes) {
    await page.getByRole('button', { name: vector.theme_names[key], exact: true }).click();
    await list.getByRole('heading', { name: new RegExp(vector.theme_names[key]) }).waitFor();
    toSettle = Number((await list.locator('.footnote').first().textContent()).match(/^\d+/)[0]);
    if (toSettle >= 2) break;
  }
  assert.ok(toSettle >= 2, 'a theme with two stretches left to settle');
  await list.locator('.disagreement').first().getByRole('button', { name: /^Accept (Amira|Ben|Chloé)$/ }).first().click();
  await page.waitForFunction((wanted) => document.querySelector('.disagreements .footnote')?.textContent.startsWith(`${wanted} `), toSettle - 1);
  await list.locator('.disagreement').first().getByRole('button', { name: 'Reject' }).click();
  await page.waitForFunction((wanted) => document.querySelector('.disagreements .footnote')?.textContent.startsWith(`${wanted} `), toSettle - 2);
  // Undo takes the rejection back, and only it.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction((wanted) => document.querySelector('.disagreements .footnote')?.textContent.startsWith(`${wanted} `), toSettle - 1);

  // Edit: every version accepted, then the passage the team settles on, selected with the mouse.
  await list.locator('.disagreement').first().getByRole('button', { name: 'Edit…' }).click();
  await page.getByRole('status').filter({ hasText: 'Select the passage the consensus should have' }).waitFor();
  const phrase = 'reconvening in-person after two years';
  await selectWithMouse(page, phrase);
  await page.getByRole('button', { name: 'Move highlight here' }).click();
  await page.waitForFunction((wanted) => document.querySelector('.disagreements .footnote')?.textContent.startsWith(`${wanted} `), toSettle - 2);

  // The consensus compares like any coder, and is saved alone.
  await page.locator('.agreement-picks').getByLabel('Consensus').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save the consensus as a project' }).click()]);
  const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(saved.coders.map((coder) => [coder.id, coder.name]), [[CONSENSUS_ID, 'Consensus']]);
  const live = saved.annotations.filter((annotation) => !annotation.deleted && annotation.coder === CONSENSUS_ID);
  assert.ok(live.length >= agreed + 2, `${live.length} live consensus highlights, from ${agreed} agreed, one accepted, one edited`);
  assert.ok(live.some((annotation) => annotation.exact === phrase), 'the edited passage is the one selected');
  assert.ok(saved.annotations.every((annotation) => annotation.coder === CONSENSUS_ID));

  // Opened elsewhere, the consensus alone is a project of its own.
  const other = await openApp(app.browser, app.url);
  await other.page.getByRole('button', { name: 'Skip' }).click();
  await other.page.getByLabel('Open JSON / Import').setInputFiles({ name: 'consensus.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
  await other.page.getByRole('status').filter({ hasText: /Merged|Opened/ }).waitFor();
  await other.page.waitForFunction((count) => new Set([...document.querySelectorAll('article mark')].map((mark) => mark.dataset.annotationId)).size === count, live.length);
  assert.deepEqual(unexpectedProblems(other.problems), []);
  await other.context.close();
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('blind coding hides the other coders and the agreement until Reveal, and travels with the file', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await openCoders(page);
  assert.ok((await drawnHighlightIds(page)).length > 0);
  await page.locator('summary', { hasText: /^Coders/ }).click();
  await page.getByLabel('Blind coding for this project').check();
  await page.waitForFunction(() => document.querySelectorAll('article mark').length === 0);
  await page.getByText('This project is coded blind').waitFor();
  assert.equal(await page.locator('.agreement-table').count(), 0, 'no figures while blind');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save JSON' }).click()]);
  const saved = await readFile(await download.path());
  assert.equal(JSON.parse(saved.toString()).settings.blind, true);

  // Nor does the Export menu give the agreement away.
  await page.locator('summary', { hasText: 'Export' }).click();
  await page.getByRole('button', { name: 'Agreement report (JSON)' }).click();
  await page.getByRole('status').filter({ hasText: 'coded blind: reveal' }).waitFor();
  await page.locator('.agreement').getByRole('button', { name: 'Reveal' }).click();
  await page.locator('.agreement-table').waitFor();
  assert.ok((await drawnHighlightIds(page)).length > 0, 'the others\' highlights are back');

  // A colleague opening the file codes blind too.
  const other = await openApp(app.browser, app.url);
  await other.page.getByRole('button', { name: 'Skip' }).click();
  await other.page.getByLabel('Open JSON / Import').setInputFiles({ name: 'blind.json', mimeType: 'application/json', buffer: saved });
  await other.page.getByRole('status').filter({ hasText: /Merged|Opened/ }).waitFor();
  await other.page.locator('summary', { hasText: 'Coders (blind)' }).waitFor();
  assert.equal(await other.page.locator('article mark').count(), 0);
  assert.deepEqual(unexpectedProblems(other.problems), []);
  await other.context.close();
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('the agreement report downloaded as JSON equals the reference vector', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await openCoders(page);
  await page.locator('summary', { hasText: 'Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Agreement report (JSON)' }).click()]);
  const report = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(report.coders.map((coder) => coder.name), vector.coders.map((coder) => vector.coder_names[coder]));
  const close = (found, wanted, what) => {
    if (wanted === null || wanted === undefined || Number.isNaN(wanted)) assert.equal(found, null, what);
    else assert.ok(Math.abs(found - wanted) <= 1e-9, `${what}: ${found} against ${wanted}`);
  };
  for (const key of vector.themes) {
    const theme = report.themes.find((found) => found.id === themeIds[vector.theme_names[key]]);
    const expected = vector.expected.themes[key];
    for (const view of ['char_level', 'char_level_non_whitespace']) {
      for (const figure of FIGURES) close(theme[view][figure], expected[view][figure], `${key} ${view} ${figure}`);
    }
    close(theme.u_alpha, expected.u_alpha_dkpro_port, `${key} u_alpha`);
  }
  const overall = vector.expected.overall;
  for (const view of ['char_level', 'char_level_non_whitespace']) {
    for (const how of ['macro_mean', 'pooled']) {
      for (const figure of FIGURES) close(report.overall[view][how][figure], overall[view][how][figure], `overall ${view} ${how} ${figure}`);
    }
  }
  close(report.overall.u_alpha, overall.u_alpha_dkpro_port, 'overall u_alpha');
  close(report.overall.u_alpha_macro_mean, overall.u_alpha_macro_mean_dkpro_port, 'overall u_alpha_macro_mean');
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});
