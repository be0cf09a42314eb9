// Finding and coding: the find box counts and marks every match, "Tag all N matches" tags each
// as its own highlight in one undoable step; in-vivo coding names a theme after the words
// selected; the co-occurrence panel counts overlapping highlights of two themes and lists them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  besideDrawn, drawnHighlightIds, highlightText, openApp, outputDir, selectWithMouse, servedApp, showTab, tag, unexpectedProblems,
} from './harness.mjs';

const app = servedApp();
before(() => mkdir(outputDir, { recursive: true }));

/** The document's text as the page shows it: its text nodes, in order. */
function articleText(page) {
  return page.evaluate(() => {
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    let text = '';
    while (walker.nextNode()) text += walker.currentNode.data;
    return text;
  });
}

/** How often `word` occurs in `text`: in any case or as typed, as part of a word or whole. */
function occurrences(text, word, { wholeWords, matchCase }) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const edges = wholeWords ? ['(?<![\\p{L}\\p{N}_])', '(?![\\p{L}\\p{N}_])'] : ['', ''];
  return [...text.matchAll(new RegExp(`${edges[0]}${escaped}${edges[1]}`, matchCase ? 'gu' : 'giu'))].length;
}

/** The distinct matches marked in the text. */
function markedMatches(page) {
  return page.evaluate(() => new Set([...document.querySelectorAll('article mark.search-match')].map((mark) => mark.dataset.matchStart)).size);
}

test('find "Coalition", tag every match in one step, undo and redo it', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  const field = page.getByRole('searchbox', { name: 'Find in the document' });
  await page.locator('article h1').click();
  await page.keyboard.press('Control+f');
  assert.equal(await field.evaluate((element) => element === document.activeElement), true, 'Ctrl+F focuses the find box');
  await page.keyboard.type('Coalition');

  const text = await articleText(page);
  const anyCase = occurrences(text, 'Coalition', { wholeWords: false, matchCase: false });
  const status = page.locator('.find-status');
  await page.waitForFunction((count) => document.querySelector('.find-status')?.textContent === `${count} matches`, anyCase);
  assert.ok(anyCase > 20, `the communiqué names the Coalition often (${anyCase})`);
  assert.equal(await markedMatches(page), anyCase, 'every match is marked in the text');
  assert.equal(await page.getByRole('list', { name: 'Matches' }).getByRole('listitem').count(), anyCase);

  await page.getByRole('checkbox', { name: 'Whole words' }).check();
  await page.getByRole('checkbox', { name: 'Match case' }).check();
  const asTyped = occurrences(text, 'Coalition', { wholeWords: true, matchCase: true });
  assert.ok(asTyped < anyCase, 'the link\'s "global-coalition" is left out now');
  await page.waitForFunction((count) => document.querySelector('.find-status')?.textContent === `${count} matches`, asTyped);
  assert.equal(await status.innerText(), `${asTyped} matches`);
  assert.equal(await markedMatches(page), asTyped);

  // A match chosen in the list is scrolled to and marked as the current one.
  await page.getByRole('list', { name: 'Matches' }).getByRole('button').nth(5).click();
  await page.locator('article mark.search-match.current').waitFor();
  assert.ok(await page.locator('article mark.search-match.current').isVisible());
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(outputDir, 'search-wide.png') });

  await page.getByRole('button', { name: `Tag all ${asTyped} matches` }).click();
  const toolbar = page.getByRole('toolbar', { name: `Tag all ${asTyped} matches with a theme` });
  await toolbar.waitFor();
  await page.screenshot({ path: join(outputDir, 'search-tag-all.png') });
  await toolbar.getByRole('button', { name: 'Military action', exact: true }).click();
  await toolbar.waitFor({ state: 'detached' });

  const tagged = await drawnHighlightIds(page);
  assert.equal(tagged.length, asTyped, 'one highlight per match');
  for (const id of tagged) assert.equal(await highlightText(page, id), 'Coalition');
  assert.equal(await page.getByText(`${asTyped} highlights`, { exact: true }).count(), 1);

  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('article mark[data-annotation-id]').length === 0);
  assert.deepEqual(await drawnHighlightIds(page), [], 'one undo takes them all away');
  await page.keyboard.press('Control+Shift+z');
  await page.waitForFunction((count) => new Set([...document.querySelectorAll('article mark[data-annotation-id]')].map((m) => m.dataset.annotationId)).size === count, asTyped);
  assert.deepEqual((await drawnHighlightIds(page)).sort(), [...tagged].sort(), 'redo brings the same ones back');

  // Escape in the field clears it, and the marks go.
  await field.focus();
  await page.keyboard.press('Escape');
  assert.equal(await field.inputValue(), '');
  await page.waitForFunction(() => document.querySelectorAll('article mark.search-match').length === 0);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('an invalid regular expression is a message, and the work stays', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await page.getByRole('checkbox', { name: 'Regular expression' }).check();
  await page.getByRole('searchbox', { name: 'Find in the document' }).fill('Daesh/(ISIS');
  await page.getByRole('alert').filter({ hasText: 'This regular expression is not valid' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Tag all 0 matches' }).isDisabled(), true);
  await page.getByRole('searchbox', { name: 'Find in the document' }).fill('Daesh/\\w+');
  const count = occurrences(await articleText(page), 'Daesh/ISIS', { wholeWords: false, matchCase: false });
  await page.waitForFunction((count) => document.querySelector('.find-status')?.textContent === `${count} matches`, count);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('in-vivo coding: a new theme named after the words selected, the passage tagged with it', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  const phrase = 'shared determination';
  await selectWithMouse(page, phrase);
  const toolbar = page.getByRole('toolbar', { name: 'Tag the selection with a theme' });
  await toolbar.getByRole('button', { name: 'New theme from selection' }).click();
  await toolbar.waitFor({ state: 'detached' });
  const [id] = await drawnHighlightIds(page);
  assert.equal(await highlightText(page, id), phrase);
  assert.equal(await page.locator(`article mark[data-annotation-id="${id}"]`).first().getAttribute('title'), phrase);
  await showTab(page, 'Codebook');
  const named = page.getByRole('textbox', { name: `Name of ${phrase}`, exact: true });
  assert.equal(await named.count(), 1, 'the codebook has the theme');
  assert.equal(await named.inputValue(), phrase);
  const themes = await page.locator('#panel-codebook li.codebook-row').count();

  // The same words elsewhere reuse the theme rather than make a second of that name.
  const word = 'Coalition';
  const inVivo = () => page.getByRole('toolbar', { name: 'Tag the selection with a theme' }).getByRole('button', { name: 'New theme from selection' }).click();
  await selectWithMouse(page, word, 1);
  await inVivo();
  // The codebook is drawn a frame after the document.
  await besideDrawn(page);
  assert.equal(await page.locator('#panel-codebook li.codebook-row').count(), themes + 1);
  await selectWithMouse(page, word, 3);
  await inVivo();
  await page.getByText(`The codebook has a theme "${word}" already: the passage is tagged with it.`).waitFor();
  // The notice is drawn with the document; the codebook a frame later (read before it, the
  // count would pass whatever the change did).
  await besideDrawn(page);
  assert.equal(await page.locator('#panel-codebook li.codebook-row').count(), themes + 1);
  assert.equal((await drawnHighlightIds(page)).length, 3);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('co-occurrence: two overlapping passages of two themes make a cell of 1 that lists both', async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const { context, page, problems } = await openApp(app.browser, app.url, { viewport });
    const first = 'the enduring defeat of the terrorist group';
    const second = 'terrorist group, which remains';
    await tag(page, first, 'Military action');
    await tag(page, second, 'Stabilization and recovery');
    assert.equal((await drawnHighlightIds(page)).length, 2);
    // The panel, fetched when first shown, draws the project as it is beside the document: the
    // second highlight reaches it a frame after the document.
    await besideDrawn(page);

    if (viewport.width < 600) {
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Co-occurrence' }).click();
    } else {
      await showTab(page, 'Co-occurrence');
    }
    const cell = page.locator('#theme-matrix button[aria-label^="Military action with Stabilization and recovery:"]');
    assert.equal(await cell.locator('.matrix-count').innerText(), '1');
    assert.match(await cell.getAttribute('aria-label'), /1 overlapping pair, 15 characters shared/);
    const rowHeader = page.locator('#theme-matrix tbody th[scope="row"]').first();
    assert.equal(await rowHeader.innerText(), 'Military action');
    await cell.focus();
    await page.keyboard.press('Enter');
    const listed = page.getByRole('region', { name: 'Passages of the cell chosen' }).getByRole('listitem');
    assert.deepEqual(
      (await listed.locator('.entry-quote').allInnerTexts()),
      [`“${first}”`, `“${second}”`],
      'both passages, in text order',
    );
    await page.screenshot({ path: join(outputDir, `cooccurrence-${viewport.width}.png`), fullPage: viewport.width < 600 });
    // A passage chosen shows its place in the text.
    await listed.nth(1).getByRole('button').click();
    const mark = page.locator('article mark[data-annotation-id][tabindex]').nth(1);
    await page.waitForFunction(() => document.activeElement?.matches('article mark[data-annotation-id]'));
    assert.equal(await mark.isVisible(), true);
    assert.deepEqual(unexpectedProblems(problems), []);
    await context.close();
  }
});
