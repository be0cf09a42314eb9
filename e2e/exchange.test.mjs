// Annotation files other tools read: every export downloaded from the menu and checked; a W3C
// file written for a slightly edited copy of the communiqué finds its passages; annotations that
// cannot be placed are listed as orphans and can be re-attached; a file of no known format is
// refused with the work untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  besideDrawn, drawnHighlightIds, highlightText, openApp, selectWithMouse, servedApp, tag,
} from './harness.mjs';

const app = servedApp();
const SOURCE = 'https://canada.ca/en/global-affairs/news/2021/06/ministerial-meetingof-the-global-coalition-to-defeatdaeshisis.html';

async function exported(page, label) {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label, exact: true }).click()]);
  const bytes = await readFile(await download.path());
  return { name: download.suggestedFilename(), text: bytes.toString('utf8'), bytes };
}

const schemas = new URL('../crates/formats/tests/fixtures/refi-qda/', import.meta.url).pathname;

/** xmllint's verdict on `xml` against a REFI-QDA schema. */
function validate(xml, schema) {
  const file = join(tmpdir(), `e2e-${process.pid}-${schema}.xml`);
  return writeFile(file, xml).then(() => spawnSync('xmllint', ['--noout', '--schema', join(schemas, schema), file], { encoding: 'utf8' }));
}

async function importFile(page, name, contents) {
  await page.getByLabel('Open JSON / Import').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(contents) });
}

test('every export format downloads and says what it should', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'the protection of civilians as a priority', 'Civilians and international law');
  await tag(page, 'curbing its ability to raise revenue', 'Financing');
  await page.locator('article mark', { hasText: 'curbing' }).click();
  await page.getByRole('dialog', { name: 'Highlight' }).getByRole('textbox').fill('=HYPERLINK("http://x") money');
  await page.keyboard.press('Escape');

  const w3c = await exported(page, 'W3C Web Annotation (JSON-LD)');
  assert.match(w3c.name, /\.jsonld$/);
  const collection = JSON.parse(w3c.text);
  assert.equal(collection['@context'], 'http://www.w3.org/ns/anno.jsonld');
  assert.equal(collection.type, 'AnnotationCollection');
  assert.equal(collection.total, 2);
  const [civilians] = collection.first.items;
  assert.equal(civilians.target.source, SOURCE);
  assert.equal(civilians.target.selector[0].type, 'TextQuoteSelector');
  assert.equal(civilians.target.selector[0].exact, 'the protection of civilians as a priority');
  assert.equal(civilians.target.selector[1].end - civilians.target.selector[1].start, 41);
  assert.deepEqual(civilians.body.map((body) => [body.purpose, body.value]), [['tagging', 'Civilians and international law']]);

  const csv = await exported(page, 'CSV');
  const lines = csv.text.trim().split('\n');
  assert.equal(lines[0], 'annotation id,document,start,end,quote,theme,theme description,note,coder,created,orphan,theme coder');
  assert.equal(lines.length, 3);
  assert.match(csv.text, /,"'=HYPERLINK\(""http:\/\/x""\) money",/, 'a formula in a note is neutralised');
  const excel = await exported(page, 'CSV for Excel (UTF-8 with BOM)');
  assert.equal(excel.text.charCodeAt(0), 0xfeff);

  const markdown = await exported(page, 'Report (Markdown)');
  assert.match(markdown.text, /^# Coding report: Ministerial Meeting/);
  assert.match(markdown.text, /## Financing \(1\)[\s\S]*> curbing its ability to raise revenue\n>\n> — =HYPERLINK\("http:\/\/x"\) money/);
  const html = await exported(page, 'Report (printable HTML)');
  assert.match(html.text, /^<!doctype html>/);
  assert.match(html.text, /<h2><span class="swatch" style="background:#c2489a"><\/span>Civilians and international law <small>\(1\)<\/small><\/h2>/);

  const project = await exported(page, 'Project file (JSON)');
  assert.equal(JSON.parse(project.text).annotations.length, 2);

  const codebook = await exported(page, 'REFI-QDA codebook (.qdc)');
  assert.match(codebook.name, /\.qdc$/);
  const verdict = await validate(codebook.text, 'Codebook.xsd');
  assert.equal(verdict.status, 0, verdict.stderr);
  const qdpx = await exported(page, 'REFI-QDA project (.qdpx)');
  assert.match(qdpx.name, /\.qdpx$/);
  assert.equal(qdpx.bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip archive');
  const unzip = spawnSync('python3', ['-c', 'import io, sys, zipfile; z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())); sys.stdout.write(z.read("project.qde").decode())'], { input: qdpx.bytes, encoding: 'utf8' });
  assert.equal(unzip.status, 0, unzip.stderr);
  const qde = await validate(unzip.stdout, 'Project-mrt2019.xsd');
  assert.equal(qde.status, 0, qde.stderr);
  assert.match(unzip.stdout, /<PlainTextSelection guid="[^"]+" name="the protection of civilians as a priority" startPosition="\d+" endPosition="\d+"/);

  // The .qdpx brings the work into a browser that has none of it.
  const other = await openApp(app.browser, app.url);
  await importFile(other.page, qdpx.name, qdpx.bytes);
  await other.page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
  assert.match(await other.page.getByRole('status').innerText(), /REFI-QDA project: 2 annotations imported/);
  assert.equal(await other.page.locator('article mark', { hasText: 'curbing its ability' }).getAttribute('title'), 'Financing');
  assert.deepEqual(other.problems, []);
  await other.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a W3C file for a slightly edited copy finds its passages; unplaceable ones become orphans', async () => {
  // Made by tagging in one browser and exporting, then edited as another copy of the text would be.
  const first = await openApp(app.browser, app.url);
  await tag(first.page, 'the protection of civilians as a priority', 'Civilians and international law');
  await tag(first.page, 'Small Group Political Directors Meeting', 'Coalition membership and cohesion');
  const collection = JSON.parse((await exported(first.page, 'W3C Web Annotation (JSON-LD)')).text);
  await first.context.close();
  const [civilians, meeting] = collection.first.items;
  // The edited copy has 40 more characters before these passages and spells them a little differently.
  for (const item of [civilians, meeting]) {
    item.target.selector[1].start += 40;
    item.target.selector[1].end += 40;
  }
  civilians.target.selector[0].exact = 'the protection of civillians as a priority';
  meeting.target.selector[0].exact = 'Small-Group Political Directors Meeting';
  const lost = structuredClone(civilians);
  lost.id = 'urn:uuid:00000000-0000-4000-8000-000000000042';
  lost.target.selector[0] = { type: 'TextQuoteSelector', exact: 'a sentence that the communiqué never contained at all', prefix: '', suffix: '' };
  const image = { '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'http://example.org/img', type: 'Annotation', target: { source: 'http://example.org/map.png', selector: { type: 'SvgSelector', value: '<svg/>' } } };
  collection.first.items.push(lost);
  collection.total = 3;

  const { context, page, problems } = await openApp(app.browser, app.url);
  await importFile(page, 'edited-copy.jsonld', JSON.stringify([...collection.first.items, image].map((item) => ({ '@context': 'http://www.w3.org/ns/anno.jsonld', ...item }))));
  assert.match(await page.getByRole('status').innerText(), /Reading "edited-copy\.jsonld"…|Imported/, 'progress is shown while the worker reads');
  const status = page.getByRole('status').locator('.notice-text', { hasText: 'Imported' });
  await status.waitFor();
  assert.equal(
    await status.innerText(),
    'Imported "edited-copy.jsonld". W3C Web Annotation: 3 annotations imported; 2 found again where the text changed; 1 could not be placed and is listed as orphans; 1 skipped (http://example.org/img: it targets another source (http://example.org/map.png)). Merged: 3 highlights added, 0 updated, 0 already here; 1 coder joined.',
  );
  assert.equal(await highlightText(page, civilians.id.replace('urn:uuid:', '')), 'the protection of civilians as a priority');
  assert.equal(await highlightText(page, meeting.id.replace('urn:uuid:', '')), 'Small Group Political Directors Meeting');

  const orphans = page.getByRole('region', { name: 'Orphans (1)' });
  await orphans.waitFor();
  assert.match(await orphans.innerText(), /a sentence that the communiqué never contained at all/);
  await orphans.getByRole('button', { name: 'Re-attach to a new selection' }).click();
  await selectWithMouse(page, 'notably the Coalition for the Sahel');
  await page.getByRole('toolbar').getByRole('button', { name: 'Move highlight here' }).click();
  // The list with its orphans is drawn a frame after the document.
  await besideDrawn(page);
  assert.equal(await orphans.count(), 0, 'no orphans left');
  assert.equal(await highlightText(page, '00000000-0000-4000-8000-000000000042'), 'notably the Coalition for the Sahel');

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.deepEqual(await drawnHighlightIds(page), [], 'the import undoes as one step');
  assert.deepEqual(problems, []);
  await context.close();
});

test('files of no known format or broken W3C or CSV are refused, the work untouched', async () => {
  const { context, page, problems } = await openApp(app.browser, app.url);
  await tag(page, 'the protection of civilians as a priority', 'Civilians and international law');
  const alert = page.getByRole('alert');
  await importFile(page, 'notes.txt', 'just some words');
  await alert.filter({ hasText: 'notes.txt' }).waitFor();
  assert.match(await alert.innerText(), /is not in a format this app reads/);
  await importFile(page, 'bad.jsonld', JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'http://x/1', type: 'Annotation', target: 9 }));
  await alert.filter({ hasText: 'bad.jsonld' }).waitFor();
  assert.match(await alert.innerText(), /its target must be an IRI or a resource object, not a number/);
  await importFile(page, 'bad.csv', 'start,end\n1,2\n');
  await alert.filter({ hasText: 'bad.csv' }).waitFor();
  assert.match(await alert.innerText(), /it has no "quote" column/);
  assert.equal(await page.getByText('1 highlight', { exact: true }).count(), 1);

  // Dropping a file on the page imports it as the picker does.
  const csv = 'start,end,quote,theme\n0,11,Ministerial,Dropped theme\n';
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return data;
  }, csv);
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await page.getByRole('status').filter({ hasText: 'Imported "dropped.csv"' }).waitFor();
  assert.match(await page.getByRole('status').innerText(), /CSV: 1 annotation imported; 1 theme added to the codebook/);
  assert.equal(await page.locator('article mark', { hasText: 'Ministerial' }).getAttribute('title'), 'Dropped theme');
  assert.deepEqual(problems, []);
  await context.close();
});
