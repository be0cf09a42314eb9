// make profile: where the time goes when the app opens the 1 MB workload with 10,000
// annotations and when one highlight is created on it. Serves a build (DIST, default dist/;
// build it without wasm-opt to keep function names) and prints the functions with the most
// self time, from Chromium's sampling profiler.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../e2e/harness.mjs';
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

/** The functions with the most self time in a CPU profile, with their share. */
function top(profile, count = 25) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length) / 1000;
  for (const id of profile.samples) {
    const frame = byId.get(id).callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}`;
    self.set(name, (self.get(name) ?? 0) + interval);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, ms]) => `${ms.toFixed(1).padStart(8)} ms ${(ms / total * 100).toFixed(1).padStart(5)}%  ${name.slice(0, 150)}`)
    .join('\n') + `\n${total.toFixed(1).padStart(8)} ms total`;
}

const load = await workload('doc-1mb', 1_000_000, 10_000);
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const session = await context.newCDPSession(page);
await session.send('Profiler.enable');
await session.send('Profiler.setSamplingInterval', { interval: 200 });
await page.goto(url);
await page.waitForSelector('article .block');

await session.send('Profiler.start');
let started = Date.now();
await page.getByLabel('Open JSON / Import').setInputFiles({ name: 'project.json', mimeType: 'application/json', buffer: Buffer.from(load.project) });
await page.waitForSelector('article mark', { timeout: 300_000 });
await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
const opened = Date.now() - started;
let { profile } = await session.send('Profiler.stop');
console.log(`\n## Open: ${opened} ms\n${top(profile)}`);

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
