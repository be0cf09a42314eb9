// Accessibility and layout: axe-core finds no violations on the main view, the codebook, the
// popover, the overview and the shortcuts; the layout works at 320 px; dark mode follows the system.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { openApp, servedApp, showTab, tag } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const app = servedApp();

/** Runs axe-core on the page; returns its violations as readable lines. */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const found = (await page.evaluate(async () => (await window.axe.run(document)).violations))
    .map((violation) => ({ ...violation, nodes: violation.nodes.filter((node) => !nameOfARowOfControls(violation.id, node)) }))
    .filter((violation) => violation.nodes.length > 0);
  return found.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

/**
 * Label in Name (WCAG 2.5.3) asks that a control's visible label be part of its name. A codebook
 * tree item is no such control: it holds a theme's fields, buttons and the tree items below it,
 * and is named by the theme's path and count ("Military action / Financing, 2 highlights"); each
 * control inside it has its own name, which is checked.
 */
function nameOfARowOfControls(rule, node) {
  return rule === 'label-content-name-mismatch' && node.html.startsWith('<li id="codebook-item-');
}

async function codedPage(options) {
  // axe-core is injected as a script, which the page's Content-Security-Policy would block.
  const opened = await openApp(app.browser, app.url, { bypassCSP: true, ...options });
  await tag(opened.page, 'the protection of civilians as a priority', 'Civilians and international law');
  await tag(opened.page, 'international humanitarian law', 'Law enforcement, justice and foreign fighters');
  return opened;
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no violations on each view (${colorScheme})`, async () => {
    const { context, page, problems } = await codedPage({ colorScheme });
    assert.deepEqual(await violations(page), [], 'main view');
    await showTab(page, 'Codebook');
    assert.deepEqual(await violations(page), [], 'codebook');
    await showTab(page, 'Overview');
    assert.deepEqual(await violations(page), [], 'overview');
    await page.locator('article mark', { hasText: 'humanitarian' }).first().click();
    await page.getByRole('dialog', { name: 'Highlight' }).waitFor();
    assert.deepEqual(await violations(page), [], 'popover');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    assert.deepEqual(await violations(page), [], 'shortcuts');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('highlights are announced with their themes', async () => {
  const { context, page } = await codedPage();
  // What a screen reader reads: the text of every element the ids name that is there (the
  // coder's name is there only while several coders are shown).
  const description = await page.locator('article mark[aria-describedby]').first().evaluate((mark) => mark.getAttribute('aria-describedby')
    .split(' ').map((id) => document.getElementById(id)?.textContent).filter(Boolean).join(' '));
  assert.equal(description, 'Highlight, Civilians and international law.');
  await context.close();
});

test('the layout works on a 320 px phone: panels become tabs, nothing scrolls sideways', async () => {
  const { context, page, problems } = await codedPage({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
  const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.equal(await noSidewaysScroll(), true);
  assert.equal(await page.locator('.side-panel').isVisible(), false, 'the document fills the screen');
  const views = page.getByRole('navigation', { name: 'Views' });
  await views.getByRole('button', { name: 'Codebook' }).click();
  assert.equal(await page.locator('article').isVisible(), false);
  assert.equal(await page.getByRole('tab', { name: 'Codebook' }).getAttribute('aria-selected'), 'true');
  assert.equal(await noSidewaysScroll(), true);
  await views.getByRole('button', { name: 'Overview' }).click();
  assert.equal(await noSidewaysScroll(), true);
  assert.deepEqual(await violations(page), [], 'overview on a phone');
  await views.getByRole('button', { name: 'Highlights' }).click();
  await page.locator('.list-entry').first().click();
  assert.equal(await page.locator('article').isVisible(), true, 'choosing a highlight shows the document');
  await page.waitForFunction(() => document.activeElement?.matches('article mark'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('dark mode follows the system', async () => {
  const background = async (colorScheme) => {
    const { context, page } = await openApp(app.browser, app.url, { colorScheme });
    const colour = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await context.close();
    return colour;
  };
  assert.equal(await background('light'), 'rgb(251, 250, 247)');
  assert.equal(await background('dark'), 'rgb(22, 23, 26)');
});
