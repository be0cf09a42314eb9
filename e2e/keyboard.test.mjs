// A whole session without the mouse: select by sentence and word, tag with number keys, move
// between highlights with Tab, open one with Enter, write a note, move it, delete it, undo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, selectedText, servedApp } from './harness.mjs';

const app = servedApp();

const WELCOMED = 'The Ministers welcomed new members joining the Coalition - Central African Republic, Democratic Republic of the Congo, Mauritania, and Yemen.';

/** Presses `key` until `done()` holds, at most `limit` times. */
async function pressUntil(page, key, done, limit = 40) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await done()) return;
    await page.keyboard.press(key);
  }
  assert.fail(`${key} pressed ${limit} times without reaching the goal`);
}

const focusedHighlight = (page) => page.evaluate(() => document.activeElement?.closest('mark[data-annotation-id]')?.dataset.annotationId ?? null);

test('create, tag, note, edit and delete highlights with the keyboard alone', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  assert.match(await help.innerText(), /Select the next sentence/);
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached' });

  // Sentence by sentence to the one about new members, then one word further.
  await pressUntil(page, 's', async () => (await selectedText(page)) === WELCOMED);
  assert.equal(await page.getByRole('toolbar').count(), 1, 'a keyboard selection opens the toolbar too');
  await page.keyboard.press('Shift+ArrowRight');
  assert.equal(await selectedText(page), `${WELCOMED} Together`);
  await page.keyboard.press('Shift+ArrowLeft');
  assert.equal((await selectedText(page)).trim(), WELCOMED);
  await page.keyboard.press('9');
  const id = await page.evaluate(() => document.querySelector('article mark')?.dataset.annotationId);
  assert.ok(id, 'key 9 tagged the selection');
  const mark = page.locator(`article mark[data-annotation-id="${id}"]`);
  assert.equal(await mark.getAttribute('title'), 'Africa and other regions');
  await page.waitForFunction((id) => document.activeElement?.dataset?.annotationId === id, id);

  // Number keys toggle themes on the focused highlight.
  await page.keyboard.press('1');
  assert.equal(await mark.getAttribute('title'), 'Africa and other regions, Military action');
  await page.keyboard.press('9');
  assert.equal(await mark.getAttribute('title'), 'Military action');
  await page.keyboard.press('0');
  await page.keyboard.press('9');
  assert.equal(await mark.getAttribute('title'), 'Military action, Africa and other regions');

  // Enter opens the popover with the focus inside; Tab reaches the note.
  await page.keyboard.press('Enter');
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await popover.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'dialog');
  await pressUntil(page, 'Tab', () => page.evaluate(() => document.activeElement?.tagName === 'TEXTAREA'));
  await page.keyboard.type('New members from Africa and the Middle East.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await popover.waitFor({ state: 'detached' });
  assert.equal(await focusedHighlight(page), id, 'Escape gives the focus back to the highlight');
  assert.equal(await page.locator('.list-entry .entry-note').innerText(), 'New members from Africa and the Middle East.');

  // M, then select the new passage, then Enter moves the highlight.
  await page.keyboard.press('m');
  await page.keyboard.press('s');
  const next = await selectedText(page);
  assert.match(next, /^Together the Ministers emphasized the protection of civilians/);
  assert.equal(await page.getByRole('toolbar').getByRole('button', { name: 'Move highlight here' }).count(), 1);
  await page.keyboard.press('Enter');
  assert.equal((await mark.allInnerTexts()).join(''), next);

  // Tab moves from the top of the page to the highlight.
  await page.evaluate(() => document.activeElement?.blur());
  await pressUntil(page, 'Tab', async () => (await focusedHighlight(page)) === id, 60);

  await page.keyboard.press('Delete');
  assert.equal(await mark.count(), 0);
  await page.keyboard.press('Control+z');
  assert.equal((await mark.allInnerTexts()).join(''), next, 'undo brings it back');
  assert.deepEqual(problems, []);
  await context.close();
});
