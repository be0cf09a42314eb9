// Hostile input: script and event-handler payloads wherever text comes in, oversized files, a zip
// bomb, deeply nested JSON and a million annotations. Nothing runs (the flag a payload would set
// stays unset, no dialog opens), every bad file gets a clear message within seconds, and the work
// in progress stays as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  besideDrawn, openApp, servedApp, showTab, tag, unexpectedProblems,
} from './harness.mjs';

const app = servedApp();
const payload = (n) => `<img src=x onerror="window.pwned=${n}"><script>window.pwned=${n}</script>"><svg onload="window.pwned=${n}">`;

/** Opens the app with one highlight, and records any dialog a payload would open. */
async function codedPage() {
  const opened = await openApp(app.browser, app.url);
  opened.dialogs = [];
  opened.page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    dialog.dismiss();
  });
  await tag(opened.page, 'the protection of civilians as a priority', 'Civilians and international law');
  return opened;
}

async function importFile(page, name, contents) {
  await page.getByLabel('Open JSON / Import').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(contents) });
}

async function expectAlert(page, name, pattern) {
  const started = Date.now();
  const alert = page.getByRole('alert').filter({ hasText: name });
  await alert.waitFor({ timeout: 10_000 });
  assert.match(await alert.innerText(), pattern);
  return Date.now() - started;
}

async function nothingRan(page, dialogs) {
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'no payload ran');
  assert.deepEqual(dialogs, [], 'no dialog opened');
  // The overview's own chart is the one SVG the page draws.
  assert.equal(await page.locator('img, svg:not(.chart), script:not([src])').evaluateAll((nodes) => nodes.filter((node) => !node.closest('head')).length), 0, 'no markup from input');
}

test('the page allows only its own scripts', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.match(policy, /default-src 'none'/);
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    const button = document.createElement('button');
    button.setAttribute('onclick', 'window.injected = true');
    document.body.append(button);
    button.click();
  });
  assert.equal(await page.evaluate(() => window.injected), undefined, 'an injected inline script is blocked');
  assert.ok(problems.some((problem) => /Content Security Policy/.test(problem)), 'the browser reports the blocked script');
  await context.close();
});

test('payloads in names, notes, titles and imported files are shown as text', async () => {
  const { context, page, dialogs, problems } = await codedPage();
  const coder = '<img src=x onerror="window.pwned=1">';
  await page.getByLabel('Coder', { exact: true }).fill(coder);
  await page.getByLabel('Coder', { exact: true }).press('Tab');
  await tag(page, 'curbing its ability to raise revenue', 'Financing');
  await page.locator('article mark', { hasText: 'curbing' }).click();
  const popover = page.getByRole('dialog', { name: 'Highlight' });
  assert.equal(await popover.locator('.meta').innerText(), `Coded by ${coder}`);
  await popover.getByRole('textbox', { name: 'Note' }).fill(payload(2));
  await page.keyboard.press('Escape');

  const w3c = [{
    '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'urn:x:1', type: 'Annotation',
    creator: { type: 'Person', name: payload(3) },
    body: [{ type: 'TextualBody', purpose: 'tagging', value: payload(4) }, { type: 'TextualBody', value: payload(5) }],
    target: { selector: { type: 'TextQuoteSelector', exact: 'enduring defeat of the terrorist group' } },
  }];
  await importFile(page, 'hostile.jsonld', JSON.stringify(w3c));
  await page.getByRole('status').filter({ hasText: 'Imported "hostile.jsonld"' }).waitFor();
  const csv = `start,end,quote,theme,note,creator\n0,11,Ministerial,"${payload(6).replaceAll('"', '""')}","${payload(7).replaceAll('"', '""')}",x\n`;
  await importFile(page, 'hostile.csv', csv);
  await page.getByRole('status').filter({ hasText: 'Imported "hostile.csv"' }).waitFor();

  await page.getByRole('button', { name: 'Paste text…' }).click();
  await page.getByRole('form', { name: 'Paste a document' }).getByLabel('Title').fill(payload(8));
  await page.getByRole('form', { name: 'Paste a document' }).getByLabel('Text').fill(`Body ${payload(9)}`);
  await page.getByRole('form', { name: 'Paste a document' }).getByRole('button', { name: 'Add document' }).click();
  await page.locator('article p', { hasText: 'Body' }).waitFor();
  // The document picker lists the new document a frame after the document is drawn.
  await besideDrawn(page);
  assert.equal(await page.getByLabel('Document', { exact: true }).evaluate((select) => select.selectedOptions[0].textContent), payload(8));
  await page.getByLabel('Add a document…').setInputFiles({ name: 'hostile.md', mimeType: 'text/markdown', buffer: Buffer.from(`# Notes ${payload(10)}\n\n[link](javascript:window.pwned=11) and <b onmouseover="window.pwned=12">raw</b>`) });
  await page.locator('article h1', { hasText: 'Notes' }).waitFor();
  assert.equal(await page.locator('article a').count(), 0);
  await page.locator('article').hover();

  await showTab(page, 'Codebook');
  await showTab(page, 'Highlights');
  await showTab(page, 'Overview');
  await nothingRan(page, dialogs);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

test('oversized files, a zip bomb, deep nesting and a million annotations get a message within seconds', async () => {
  const { context, page, dialogs, problems } = await codedPage();
  const timings = {};
  // Playwright passes files over 50 MB by path.
  const fifty = join(tmpdir(), `fifty-${process.pid}.json`);
  await writeFile(fifty, Buffer.alloc(50 * 1024 * 1024, 32));
  await page.getByLabel('Open JSON / Import').setInputFiles(fifty);
  timings.fifty = await expectAlert(page, 'fifty-', /it is 50\.0 MB, larger than the 20 MB this app reads/);

  // A .qdpx whose project.qde unpacks to 70 MB of spaces from a few kilobytes.
  const content = deflateRawSync(Buffer.alloc(70 * 1024 * 1024, 32));
  timings.bomb_packed_kb = Math.round(content.length / 1024);
  await importFile(page, 'bomb.qdpx', zipOf('project.qde', content, 70 * 1024 * 1024));
  timings.bomb = await expectAlert(page, 'bomb.qdpx', /unpacks to more than 64 MB.*a zip bomb\?/);

  await importFile(page, 'deep.json', '['.repeat(200_000));
  timings.deep = await expectAlert(page, 'deep.json', /not valid JSON \(recursion limit exceeded/);

  await importFile(page, 'million.csv', 'start,end,quote\n' + '0,11,Ministerial\n'.repeat(1_000_000));
  timings.million = await expectAlert(page, 'million.csv', /holds more than 100000 annotations/);

  console.log('hostile files refused after (ms):', JSON.stringify(timings));
  assert.equal(await page.getByText('1 highlight', { exact: true }).count(), 1, 'the work is untouched');
  await nothingRan(page, dialogs);
  assert.deepEqual(unexpectedProblems(problems), []);
  await context.close();
});

/** A zip archive holding one deflated entry (enough of the format for a zip bomb). */
function zipOf(name, deflated, size) {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 14); // CRC left 0: the reader stops long before checking it
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(local.length + nameBytes.length + deflated.length, 16);
  return Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]);
}
