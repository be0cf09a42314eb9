// make profile: where the time goes when the app opens the 1 MB workload with 10,000
// annotations and when one highlight is created on it. Serves a build (DIST, default dist/;
// build it without wasm-opt to keep function names) and prints the functions with the most
// self time, from Chromium's sampling profiler.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appReady, launchBrowser } from '../e2e/harness.mjs';
import { workload } from './workloads.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.DIST ?? join(root, 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

const server = await new Promise((resolve) => {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const body = await readFile(join(dist, path === '/' ? 'index.html' : path)).catch(() => null);
    response.writeHead(body ? 200 : 404, { 'content-type': types[extname(path)] ?? 'text/html' });
    response.end(body);
  });
  server.listen(0, '127.0.0.1', () => resolve(server));
});
const url = `http://127.0.0.1:${server.address().port}/`;

/** The functions with the most self time in a CPU profile, and those with the most time
 * including what they call (which component or step the time belongs to). */
function top(profile, count = Number(process.env.TOP ?? 25)) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length) / 1000;
  const name = (id) => {
    const frame = byId.get(id).callFrame;
    return `${frame.functionName.replace(/::h[0-9a-f]{16}$/, '') || '(anonymous)'} ${frame.url.split('/').pop()}`.slice(0, 140);
  };
  const self = new Map();
  const total = new Map();
  for (const id of profile.samples) {
    self.set(name(id), (self.get(name(id)) ?? 0) + interval);
    const seen = new Set();
    for (let node = id; node !== undefined; node = parent.get(node)) seen.add(name(node));
    for (const each of seen) total.set(each, (total.get(each) ?? 0) + interval);
  }
  const all = profile.samples.length * interval;
  const table = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([each, ms]) => `${ms.toFixed(1).padStart(8)} ms ${(ms / all * 100).toFixed(1).padStart(5)}%  ${each}`).join('\n');
  return `self time:\n${table(self)}\nincluding callees:\n${table(total)}\n${all.toFixed(1).padStart(8)} ms in all`;
}

const load = await workload('doc-1mb', 1_000_000, 10_000);
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const session = await context.newCDPSession(page);
await session.send('Profiler.enable');
await session.send('Profiler.setSamplingInterval', { interval: 200 });
await page.goto(url);
await appReady(page);

await session.send('Profiler.start');
let started = Date.now();
await page.getByLabel('Open JSON / Import').setInputFiles({ name: 'project.json', mimeType: 'application/json', buffer: Buffer.from(load.project) });
await page.waitForSelector('article mark', { timeout: 300_000 });
await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
const opened = Date.now() - started;
let { profile } = await session.send('Profiler.stop');
console.log(`\n## Open: ${opened} ms\n${top(profile)}`);

// Reopening: a page load with the project kept by the app (IndexedDB, as it is over 2 MB).
await page.waitForFunction(() => localStorage.getItem('communique-annotator/project') !== null);
await session.send('Profiler.start');
started = Date.now();
await page.reload();
await appReady(page);
await page.waitForSelector('article mark', { timeout: 60_000 });
await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
const reopened = Date.now() - started;
({ profile } = await session.send('Profiler.stop'));
console.log(`\n## Reopen (page load with the stored project): ${reopened} ms\n${top(profile)}`);

await session.send('Profiler.start');
const create = await page.evaluate(async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const times = [];
  for (let step = 0; step < 5; step += 1) {
    const blocks = [...document.querySelectorAll('article .block')];
    blocks[(step * 97) % blocks.length].scrollIntoView({ block: 'center' });
    await frame();
    const leaf = [...blocks[(step * 97) % blocks.length].querySelectorAll('span.text')].find((leaf) => !leaf.closest('mark') && leaf.textContent.length > 40)
      ?? [...document.querySelectorAll('article span.text')].find((leaf) => !leaf.closest('mark') && leaf.textContent.length > 40);
    const range = document.createRange();
    range.setStart(leaf.firstChild, 5);
    range.setEnd(leaf.firstChild, 30);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    await frame();
    const count = document.querySelectorAll('article mark').length;
    const started = performance.now();
    document.querySelector('[role="toolbar"] .theme-button').click();
    while (document.querySelectorAll('article mark').length === count) await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    times.push(performance.now() - started);
  }
  return times;
});
({ profile } = await session.send('Profiler.stop'));
console.log(`\n## Create, 5 times: ${create.map((t) => t.toFixed(1)).join(', ')} ms\n${top(profile)}`);
await browser.close();
server.close();
