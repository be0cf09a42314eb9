// Files from Hypothesis and W3C tools on the communiqué, imported through the page's file input:
// the highlights land on the passages their quotes name (also when the quote's typography
// drifted), the report says what was skipped by kind, and a file for an address the project
// does not have imports nothing until "Place on this document", which one Undo takes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  drawnHighlightIds, highlightText, openApp, outputDir, servedApp, showTab, unexpectedProblems,
} from './harness.mjs';

const app = servedApp();
const fixtures = new URL('./fixtures/imports/', import.meta.url).pathname;

/** Waits for the notice that begins with `reportStart`; its text. */
async function report(page, reportStart) {
  const notice = page.locator('.notice .notice-text', { hasText: reportStart });
  await notice.waitFor();
  return (await notice.innerText()).trim();
}

/** Imports a fixture through "Open JSON / Import" and waits for the report that names it. */
async function importFixture(page, name) {
  await page.getByLabel('Open JSON / Import').setInputFiles(join(fixtures, name));
  return report(page, `Imported "${name}"`);
}

/** The text of every highlight drawn in the document, in reading order. */
async function drawnTexts(page) {
  const texts = [];
  for (const id of await drawnHighlightIds(page)) texts.push(await highlightText(page, id));
  return texts;
}

test('Hypothesis files and W3C files for either address land on their passages', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);

  const exported = await importFixture(page, 'hypothesis-export.json');
  assert.match(exported, /Hypothesis: 4 annotations imported; 1 could not be placed and is listed as orphans; 2 themes added to the codebook; 2 skipped: 1 page note, 1 reply\./);
  assert.deepEqual(await drawnTexts(page), [
    'welcomed new members joining the Coalition',
    'the protection of civilians as a priority',
    'nearly eight million people have been freed from its control',
  ]);
  // The annotation placed only by XPath is an orphan, listed as one, never drawn at a guess.
  await showTab(page, 'Highlights');
  await page.getByRole('heading', { name: 'Orphans (1)' }).waitFor();

  const search = await importFixture(page, 'hypothesis-search.json');
  assert.match(search, /Hypothesis: 2 annotations imported\./);
  const www = await importFixture(page, 'w3c-www.jsonld');
  assert.match(www, /W3C Web Annotation: 2 annotations imported; 1 theme added to the codebook\./);
  const bare = await importFixture(page, 'w3c-bare.jsonld');
  assert.match(bare, /W3C Web Annotation: 1 annotation imported/);
  assert.deepEqual(await drawnTexts(page), [
    'met today in Rome',
    'welcomed new members joining the Coalition',
    'the protection of civilians as a priority',
    'nearly eight million people have been freed from its control',
    'the 2021 Pledge Drive for Stabilization',
    'curbing its ability to raise revenue',
    'denying the group space to exploit social media online',
    'the Sahel Region and in East Africa/Mozambique',
  ]);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('quotes whose quotation marks, dashes, spaces and ligatures drifted land on the real text', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  const drifted = await importFixture(page, 'hypothesis-drifted.json');
  assert.match(drifted, /Hypothesis: 5 annotations imported; 4 found only after normalising quotation marks, dashes and spaces;/);
  assert.deepEqual(await drawnTexts(page), [
    'June 28, 2021 - Ottawa, Ontario',
    'continue the fight against Daesh/ISIS',
    "which remains the Coalition's sole purpose",
    'joining the Coalition - Central African Republic',
    'the Islamic State in Iraq and Syria-Khurasan',
  ]);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('a file for an unknown address is placed on this document only when asked, and undone in one step', async () => {
  await mkdir(outputDir, { recursive: true });
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    const { context, page, problems } = await openApp(app.browser, app.url, { viewport: { width, height } });
    await page.getByLabel('Open JSON / Import').setInputFiles(join(fixtures, 'w3c-unknown.jsonld'));
    const offer = page.locator('.notice', { hasText: 'Nothing was imported from "w3c-unknown.jsonld"' });
    await offer.waitFor();
    assert.match(
      await offer.innerText(),
      /its annotations are on https:\/\/example\.org\/mirror\/coalition-statement-2021\.html, which is not a document of this project/,
    );
    assert.deepEqual(await drawnHighlightIds(page), [], 'nothing imported yet');
    const place = offer.getByRole('button', { name: 'Place on this document' });
    await page.screenshot({ path: join(outputDir, `imports-place-on-this-document-${width}.png`) });

    // By the keyboard: the button takes the focus and Enter presses it.
    await place.focus();
    await page.keyboard.press('Enter');
    assert.match(await report(page, 'Imported "w3c-unknown.jsonld"'), /W3C Web Annotation: 3 annotations imported; 1 could not be placed and is listed as orphans/);
    assert.deepEqual(await drawnTexts(page), [
      'a cohesive, responsive tool',
      'Small Group Political Directors Meeting in Brussels',
    ]);
    if (width === 1280) await page.screenshot({ path: join(outputDir, 'imports-placed.png') });

    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForFunction(() => document.querySelectorAll('article mark[data-annotation-id]').length === 0);
    assert.deepEqual(await drawnHighlightIds(page), [], 'one Undo takes the whole import back');
    assert.deepEqual(unexpectedProblems(problems), []);
    await context.close();
  }
});
