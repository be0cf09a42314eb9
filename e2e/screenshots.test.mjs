// Codes a few passages as a person would and photographs the result for the README
// (docs/screenshot.png). The assertions check that what is photographed is what was made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openApp, selectWithMouse, servedApp, showTab, tag } from './harness.mjs';

const docs = fileURLToPath(new URL('../docs/', import.meta.url));
const app = servedApp();

test('the main view with highlights, overlaps and several themes', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url, { viewport: { width: 1200, height: 820 } });
  // The coder answers the question of their name, as a first visit asks it.
  await page.getByLabel('Coder', { exact: true }).fill('Amira K.');
  await page.getByLabel('Coder', { exact: true }).press('Tab');
  await tag(page, 'Daesh/ISIS no longer controls territory and nearly eight million people', 'Military action');
  await tag(page, 'nearly eight million people have been freed from its control in Iraq and Syria', 'Iraq');
  await tag(page, '2021 Pledge Drive for Stabilization', 'Stabilization and recovery');
  await tag(page, 'curbing its ability to raise revenue', 'Financing');
  await tag(page, 'enhancing information sharing on terrorists', 'Law enforcement, justice and foreign fighters');
  await tag(page, 'fighting against Daesh/ISIS\' toxic propaganda', 'Counter-messaging and propaganda');
  await page.locator('article mark', { hasText: 'information sharing' }).first().click();
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  await popover.getByText('Add a theme').click();
  await popover.getByRole('button', { name: 'Add theme Counter-messaging and propaganda' }).click();
  await popover.getByRole('textbox').fill('Financing, intelligence and online space named together as pressure levers.');
  await popover.getByRole('textbox').blur();
  await page.locator('article mark', { hasText: 'nearly eight million' }).first().click();
  assert.equal(await popover.getByText('2 highlights here').count(), 1, 'a click on an overlap lists both');
  await page.keyboard.press('Escape');
  await popover.waitFor({ state: 'detached' });
  assert.equal(await page.getByText('6 highlights', { exact: true }).count(), 1);
  assert.equal(await page.locator('article mark mark').count(), 1, 'the overlap is drawn as a nested mark');
  await selectWithMouse(page, 'commended the increased capacity of the Iraqi forces');
  await page.getByRole('toolbar').waitFor();
  await page.locator('article p', { hasText: 'no longer controls territory' }).evaluate((p) => window.scrollTo(0, p.offsetTop - 90));
  await page.screenshot({ path: `${docs}screenshot.png` });

  await page.keyboard.press('Escape');
  await showTab(page, 'Codebook');
  await page.screenshot({ path: `${docs}codebook.png` });
  await showTab(page, 'Overview');
  assert.equal(await page.locator('svg.chart rect').count(), 10);
  await page.screenshot({ path: `${docs}overview.png` });

  await page.emulateMedia({ colorScheme: 'dark' });
  await showTab(page, 'Highlights');
  await page.locator('article mark', { hasText: 'information sharing' }).first().click();
  await page.screenshot({ path: `${docs}dark.png` });
  await page.keyboard.press('Escape');

  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 320, height: 640 });
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Document' }).click();
  await page.locator('article mark', { hasText: 'Pledge Drive' }).first().evaluate((mark) => mark.scrollIntoView({ block: 'center' }));
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true);
  await page.screenshot({ path: `${docs}phone.png` });
  assert.deepEqual(problems, []);
  await context.close();
});
