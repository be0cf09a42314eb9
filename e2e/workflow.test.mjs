// The coding workflow with the mouse: the codebook, notes, moving a passage, undo and redo, the
// highlights list, the overview and the theme map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appReady, besideDrawn, drawnHighlightIds, highlightText, openApp, selectWithMouse, servedApp, showTab, tag,
} from './harness.mjs';

const app = servedApp();

const codebookRow = (page, name) => page.locator('.codebook-row').filter({ has: page.getByRole('textbox', { name: `Name of ${name}`, exact: true }) });

test('the codebook: add, rename, recolour, describe, reorder, merge and delete', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'curbing its ability to raise revenue', 'Financing');
  await tag(page, 'toxic propaganda', 'Counter-messaging and propaganda');
  await tag(page, 'denying the group space to exploit social media online', 'Counter-messaging and propaganda');
  await showTab(page, 'Codebook');

  // The codebook is drawn a frame after the document: its names are read once it has drawn the
  // latest change.
  const names = async () => {
    await besideDrawn(page);
    return page.locator('.codebook-row .theme-name').evaluateAll((inputs) => inputs.map((input) => input.value));
  };
  assert.deepEqual((await names()).slice(0, 4), ['Military action', 'Stabilization and recovery', 'Counter-messaging and propaganda', 'Financing']);
  assert.deepEqual(await page.locator('.codebook-row kbd').allInnerTexts(), ['1', '2', '3', '4', '5', '6', '7', '8', '9'], 'themes 1–9 show their keys');
  assert.equal(await codebookRow(page, 'Counter-messaging and propaganda').locator('.row-count').innerText(), '2 highlights');

  const form = page.getByRole('form', { name: 'Add a theme' });
  await form.getByLabel('New theme').fill('Accountability');
  await form.getByRole('button', { name: 'Add theme' }).click();
  assert.equal((await names()).at(-1), 'Accountability');

  await page.getByRole('textbox', { name: 'Name of Financing', exact: true }).fill('Terrorist financing');
  await page.getByRole('textbox', { name: 'Name of Financing', exact: true }).press('Tab');
  assert.equal((await names())[3], 'Terrorist financing');
  assert.equal(await page.locator('article mark', { hasText: 'curbing' }).getAttribute('title'), 'Terrorist financing');

  await page.getByLabel('Colour of Terrorist financing').evaluate((input) => {
    input.value = '#123456';
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  // A mark's colours come from its class's rule in the document's stylesheet.
  assert.equal(await page.locator('article mark', { hasText: 'curbing' }).evaluate((mark) => getComputedStyle(mark).getPropertyValue('--highlight-line').trim()), '#123456');

  await page.getByRole('textbox', { name: 'Description of Terrorist financing' }).fill('Money flows to and from the group.');
  await page.getByRole('textbox', { name: 'Description of Terrorist financing' }).press('Tab');
  await page.reload();
  await appReady(page);
  await showTab(page, 'Codebook');
  assert.equal(await page.getByRole('textbox', { name: 'Description of Terrorist financing' }).inputValue(), 'Money flows to and from the group.');

  await page.getByRole('button', { name: 'Move Terrorist financing up' }).click();
  assert.deepEqual((await names()).slice(0, 4), ['Military action', 'Stabilization and recovery', 'Terrorist financing', 'Counter-messaging and propaganda']);
  await page.getByRole('button', { name: 'Move Military action down' }).click();
  assert.deepEqual((await names()).slice(0, 2), ['Stabilization and recovery', 'Military action']);

  await page.getByLabel('Merge Counter-messaging and propaganda into another theme').selectOption({ label: 'Terrorist financing' });
  const question = page.getByRole('alertdialog');
  assert.match(await question.innerText(), /Merge "Counter-messaging and propaganda" into "Terrorist financing"\? Its 2 highlights will be tagged "Terrorist financing"/);
  await question.getByRole('button', { name: 'Merge themes' }).click();
  assert.equal((await names()).includes('Counter-messaging and propaganda'), false);
  assert.equal(await codebookRow(page, 'Terrorist financing').locator('.row-count').innerText(), '3 highlights');

  await page.getByRole('button', { name: 'Delete Terrorist financing' }).click();
  assert.match(await page.getByRole('alertdialog').innerText(), /Delete "Terrorist financing"\? 3 highlights will lose this theme\./);
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await names()).includes('Terrorist financing'), true, 'cancel keeps the theme');
  await page.getByRole('button', { name: 'Delete Terrorist financing' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete theme' }).click();
  assert.equal((await names()).includes('Terrorist financing'), false);
  assert.equal(await page.locator('article mark[data-theme-ids=""]').count() >= 3, true, 'the highlights stay, without the theme');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await besideDrawn(page);
  assert.equal(await codebookRow(page, 'Terrorist financing').locator('.row-count').innerText(), '3 highlights', 'undo restores the theme on every highlight');
  assert.deepEqual(problems, []);
  await context.close();
});

test('several themes and overlaps stay visible; a click on an overlap lists every highlight there', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'Daesh/ISIS no longer controls territory', 'Military action');
  await tag(page, 'no longer controls territory and nearly eight million people', 'Iraq');
  await page.locator('article mark', { hasText: 'nearly eight' }).first().click();
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await popover.getByText('Add a theme').click();
  await popover.getByRole('button', { name: 'Add theme Syria' }).click();
  await page.keyboard.press('Escape');
  const [first, second] = await drawnHighlightIds(page);
  const overlap = page.locator(`article mark[data-annotation-id="${first}"] mark[data-annotation-id="${second}"]`);
  assert.equal(await overlap.innerText(), 'no longer controls territory');
  const styles = await page.evaluate(([a, b]) => [a, b].map((id) => {
    const mark = document.querySelector(`article mark[data-annotation-id="${id}"]`);
    const style = getComputedStyle(mark);
    return { image: style.backgroundImage, shadow: style.boxShadow };
  }), [first, second]);
  assert.match(styles[1].image, /linear-gradient/, 'a highlight with two themes is drawn in two bands');
  assert.notEqual(styles[0].shadow, styles[1].shadow, 'the inner highlight has its own underline');
  await overlap.click();
  assert.equal(await popover.getByText('2 highlights here').count(), 1);
  await popover.getByRole('button', { name: 'Daesh/ISIS no longer controls territory', exact: true }).click();
  assert.equal(await popover.locator('.tags').innerText(), 'Military action\n×');
  assert.deepEqual(problems, []);
  await context.close();
});

test('notes, moving a passage, undo and redo by keys, and a fresh history after reload', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'stabilization support', 'Stabilization and recovery');
  const [id] = await drawnHighlightIds(page);
  await page.locator(`article mark[data-annotation-id="${id}"]`).click();
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await popover.getByRole('textbox', { name: 'Note' }).fill('Pairs with the pledge drive below.');
  await popover.getByRole('button', { name: 'Change passage…' }).click();
  assert.match(await page.getByRole('status').innerText(), /Select the new passage/);
  await selectWithMouse(page, '2021 Pledge Drive for Stabilization');
  await page.getByRole('toolbar').getByRole('button', { name: 'Move highlight here' }).click();
  assert.equal(await highlightText(page, id), '2021 Pledge Drive for Stabilization');

  await showTab(page, 'Highlights');
  assert.match(await page.locator('.list-entry').innerText(), /Pairs with the pledge drive below\./);

  await page.keyboard.press('Control+z');
  assert.equal(await highlightText(page, id), 'stabilization support', 'Ctrl+Z undoes the move');
  await page.keyboard.press('Control+Shift+z');
  assert.equal(await highlightText(page, id), '2021 Pledge Drive for Stabilization', 'Ctrl+Shift+Z redoes it');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  // The list is drawn a frame after the document.
  await besideDrawn(page);
  assert.equal(await page.locator('.list-entry .entry-note').count(), 0, 'the note is undone too');
  await page.keyboard.press('Control+y');
  assert.equal(await page.locator('.list-entry .entry-note').innerText(), 'Pairs with the pledge drive below.');

  await page.reload();
  await appReady(page);
  await page.locator('article h1').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Undo', exact: true }).isDisabled(), true, 'the history starts fresh');
  assert.equal(await highlightText(page, id), 'stabilization support', 'the data is intact');
  assert.equal(await page.locator('.list-entry .entry-note').innerText(), 'Pairs with the pledge drive below.');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the highlights list filters, sorts and jumps; the overview counts; the theme map jumps', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'Luigi Di Maio', 'Coalition membership and cohesion');
  await tag(page, 'protection of civilians', 'Civilians and international law');
  await tag(page, 'sexual violence as an instrument of terror', 'Civilians and international law');
  await tag(page, 'Small Group Political Directors Meeting', 'Coalition membership and cohesion');
  const entries = () => page.locator('.list-entry .entry-quote').allInnerTexts();
  // The list is drawn a frame after the document.
  await besideDrawn(page);
  assert.deepEqual(await entries(), ['Luigi Di Maio', 'protection of civilians', 'sexual violence as an instrument of terror', 'Small Group Political Directors Meeting']);
  await page.getByLabel('Sort').selectOption('newest');
  assert.deepEqual((await entries())[0], 'Small Group Political Directors Meeting');
  await page.getByLabel('Theme', { exact: true }).selectOption({ label: 'Civilians and international law' });
  assert.deepEqual(await entries(), ['sexual violence as an instrument of terror', 'protection of civilians']);
  await page.getByLabel('Search').fill('terror');
  assert.deepEqual(await entries(), ['sexual violence as an instrument of terror']);
  assert.equal(await page.locator('.list-count').innerText(), '1 of 4 highlights');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.list-entry').click();
  const target = page.locator('article mark', { hasText: 'sexual violence' });
  await page.waitForFunction(() => document.activeElement?.matches('article mark'));
  assert.equal(await target.evaluate((mark) => mark === document.activeElement && mark.classList.contains('flash')), true);
  assert.equal(await target.isVisible(), true);
  const inView = await target.evaluate((mark) => { const r = mark.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; });
  assert.equal(inView, true, 'the list scrolls the document to the passage');

  await showTab(page, 'Overview');
  const row = page.locator('.figures tbody tr', { hasText: 'Civilians and international law' });
  const cells = await row.locator('td').allInnerTexts();
  const length = await page.locator('article').getAttribute('data-length');
  const covered = 'protection of civilians'.length + 'sexual violence as an instrument of terror'.length;
  assert.deepEqual(cells, ['2', String(covered), `${(covered / Number(length) * 100).toFixed(1)}%`]);
  assert.equal(await page.locator('svg.chart rect').count(), 10);
  assert.match(await page.locator('svg.chart title').textContent(), /Civilians and international law: 2 highlights/);

  await page.evaluate(() => window.scrollTo(0, 0));
  // The map is painted on a canvas: find the tick by pointing along each lane, as a person does.
  const map = page.locator('canvas.theme-map');
  assert.equal(await map.getAttribute('data-ticks'), '4');
  assert.deepEqual(await map.evaluate((canvas) => [canvas.width, canvas.height]), await map.evaluate((canvas) => [Math.round(canvas.clientWidth * devicePixelRatio), Math.round(canvas.clientHeight * devicePixelRatio)]), 'painted at the size it is shown, lanes added since included');
  const box = await map.boundingBox();
  const start = Number(await page.locator('article mark', { hasText: 'Small Group Political Directors Meeting' }).locator('[data-start]').first().getAttribute('data-start'));
  const y = (start / Number(length)) * box.height + 1;
  let found = false;
  for (let x = 2; x < box.width && !found; x += 5) {
    await page.mouse.move(box.x + x, box.y + y);
    found = (await map.getAttribute('title'))?.startsWith('Coalition membership and cohesion: Small Group');
    if (found) await page.mouse.click(box.x + x, box.y + y);
  }
  assert.ok(found, 'a tick for the highlight is under the pointer');
  await page.waitForFunction(() => document.activeElement?.textContent === 'Small Group Political Directors Meeting');
  assert.deepEqual(problems, []);
  await context.close();
});
