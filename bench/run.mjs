// make bench: the release build against @recogito/text-annotator in headless Chromium, on
// workloads generated from a seed. Prints a table and writes bench/results.json.
//
// Workloads: the communiqué as shipped; the communiqué with 100 annotations; ~100 KB with 1,000
// annotations; ~1 MB with 10,000 (communiqué paragraphs in a seeded order; spans and themes from
// the seed, some overlapping). Each figure is the median and p95 over repeated runs, in
// milliseconds, timed in the page; memory is in MB after the first open.
import { createServer } from 'node:http';
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appReady, launchBrowser } from '../e2e/harness.mjs';
import { SEED, communiqueWorkload, teamFiles, workload } from './workloads.mjs';
import { measureTeam } from './team.mjs';
import { measureLive } from './live.mjs';
import { newHighlightInPage } from './steps.mjs';
import { ourHighlightByMouse, peerHighlightByMouse, recordPointerUps } from './mouse.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.env.BENCH_QUICK === '1';
// BENCH_ONLY=open runs only the workloads (open, returning visit, create, popover, memory),
// BENCH_ONLY=team only the team's figures, BENCH_ONLY=merge only the merge of ten files
// (BENCH_REPEATS times, default 3): for measuring one change without the whole table. A partial
// run prints its figures and leaves bench/results.json as the last full run wrote it.
const only = process.env.BENCH_ONLY ?? '';
if (!['', 'team', 'merge', 'live', 'open'].includes(only)) throw new Error(`BENCH_ONLY is "open", "team", "merge", "live" or unset, not "${only}"`);
const teamRepeats = Number(process.env.BENCH_REPEATS ?? (quick ? 1 : 3));
// DIST: another build to measure (default dist/), e.g. one of an earlier commit, to compare.
const dist = process.env.DIST ?? join(root, 'dist');

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/**
 * Serves dist/ (ours) on one port and the peer page with its workloads on another, as a static
 * host would, with validators: every answer carries an `ETag` (a hash of its body) and a
 * `Last-Modified`, with `Cache-Control: no-cache`, and a request whose `If-None-Match` names the
 * body's tag is answered 304. So a returning visit keeps the files in the browser's cache, and
 * V8 can reuse the WebAssembly it compiled (it keeps compiled code beside the cached response).
 * Bodies are made once per path: the files do not change during a run.
 */
async function serve(workloads, team, floors) {
  const files = async (path, folderFor) => {
    const { folder, file } = folderFor(path);
    return readFile(join(folder, file));
  };
  const lastModified = new Date().toUTCString();
  const start = (folderFor, extra) => {
    const bodies = new Map();
    // How many requests were answered 304: that the returning visits did use the cache.
    const counts = { notModified: 0 };
    const bodyOf = async (path) => {
      if (!bodies.has(path)) {
        const body = extra(path) ?? await files(path, folderFor).catch(() => null);
        if (body === null || body === undefined) return null;
        bodies.set(path, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
      }
      return bodies.get(path);
    };
    return new Promise((resolve) => {
      const server = createServer(async (request, response) => {
        const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
        const found = await bodyOf(path);
        if (found === null) {
          response.writeHead(404);
          response.end();
          return;
        }
        const validators = { etag: found.etag, 'last-modified': lastModified, 'cache-control': 'no-cache' };
        if (request.headers['if-none-match'] === found.etag) {
          counts.notModified += 1;
          response.writeHead(304, validators);
          response.end();
          return;
        }
        response.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html', ...validators });
        response.end(found.body);
      });
      server.listen(0, '127.0.0.1', () => resolve({ server, counts, url: `http://127.0.0.1:${server.address().port}/` }));
    });
  };
  const ours = await start((path) => ({ folder: dist, file: path === '/' ? 'index.html' : path }), (path) => {
    const coder = path.match(/^\/team\/coder-(\d+)\.json$/);
    if (coder) return team[Number(coder[1]) - 1];
    const floor = path.match(/^\/floor\/(.+)\.html$/);
    if (floor) return floors.get(floor[1]);
    const match = path.match(/^\/workloads\/(.+)\.project\.json$/);
    return match ? workloads.find((w) => w.name === match[1])?.project : undefined;
  });
  const peerFolder = join(root, 'node_modules/@recogito/text-annotator/dist');
  const peer = await start((path) => {
    if (path === '/text-annotator.umd.js' || path === '/text-annotator.css') return { folder: peerFolder, file: path };
    return { folder: join(root, 'bench/peer'), file: path === '/' ? 'index.html' : path };
  }, (path) => {
    const match = path.match(/^\/workloads\/(.+)\.json$/);
    if (!match) return undefined;
    const found = workloads.find((w) => w.name === match[1]);
    return JSON.stringify({ paragraphs: found.paragraphs, w3c: found.w3c, source: found.source });
  });
  return { ours, peer, close: () => { ours.server.close(); peer.server.close(); } };
}

function summary(values) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), runs: values.length };
}

const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;

/**
 * The page's memory in MB: its JavaScript heap, as Chromium reports it, and its WebAssembly
 * memories (every WebAssembly.Memory of the page's heap, found by its prototype, each one's
 * buffer's length). Workers' memories are their own and not counted.
 */
async function memoryMb(context, page) {
  const session = await context.newCDPSession(page);
  await session.send('Performance.enable');
  const { metrics } = await session.send('Performance.getMetrics');
  const jsHeap = metrics.find((metric) => metric.name === 'JSHeapUsedSize').value;
  // Ours: the one memory the page's module and the parts cut from it share, as Trunk's loader
  // hands it over (recordAppMemory). Chromium's queryObjects never answers on a page whose
  // module has been cut into parts, so it is asked only of the peer's page.
  let wasm = await page.evaluate(() => window.benchAppMemory?.buffer.byteLength ?? null);
  if (wasm === null) {
    const { result: prototype } = await session.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
    const { objects } = await session.send('Runtime.queryObjects', { prototypeObjectId: prototype.objectId });
    const { result } = await session.send('Runtime.callFunctionOn', {
      objectId: objects.objectId,
      functionDeclaration: 'function () { return this.reduce((sum, memory) => sum + memory.buffer.byteLength, 0); }',
      returnByValue: true,
    });
    wasm = result.value;
  }
  await session.detach();
  return { heapMb: mb(jsHeap), wasmMb: mb(wasm), totalMb: mb(jsHeap + wasm) };
}

/** An init script for our page: keeps the app's WebAssembly memory when Trunk's loader starts it. */
function recordAppMemory() {
  addEventListener('TrunkApplicationStarted', (event) => { window.benchAppMemory = event.detail.wasm.memory; });
}

/** Empties the browser's HTTP cache (and the compiled code kept with it) for a first visit. */
async function forgetCache(context, page) {
  const session = await context.newCDPSession(page);
  await session.send('Network.clearBrowserCache');
  await session.detach();
}

/**
 * The returning visit: the same address loaded again in the same context, its HTTP cache kept;
 * `opened` waits for the page and resolves with its time to open. V8 writes the WebAssembly it
 * compiled to the cache once enough of it is optimised or after about 2 s without new code, so
 * the visit waits for that first.
 */
async function returningVisit(page, url, result, opened, ready) {
  await page.waitForTimeout(2500);
  await page.goto(url);
  result.openReturning.push(await opened());
  if (ready) result.openReturningReady.push(await ready());
}

/** How many highlights each run makes with the mouse: the first run more, as for the other steps. */
const mouseSteps = (run) => (run === 0 ? 5 : 2);

/** The init script that times an open in the page: `benchOpened` two frames after the text
 * (and, with a stored project, its highlights) is first in the DOM, `benchReady` the same for
 * the app itself once it has replaced what was painted ahead. */
function timeOpen(needsMarks) {
  const drawn = (root) => root.querySelector('article .block') && (!needsMarks || root.querySelector('article mark'));
  const timeAs = (name) => requestAnimationFrame(() => requestAnimationFrame(() => { window[name] = performance.now(); }));
  let painted = false;
  new MutationObserver((_, observer) => {
    if (!painted && drawn(document)) {
      painted = true;
      timeAs('benchOpened');
    }
    const app = !document.getElementById('prerendered') && document.querySelector('.app');
    if (!app || !drawn(app)) return;
    observer.disconnect();
    timeAs('benchReady');
  }).observe(document, { subtree: true, childList: true });
}

/**
 * The floor under "painted": a page that is nothing but our stylesheet and the copy of the first
 * frame the app kept with the workload (no script, nothing else fetched), opened as our first
 * visit is, so that what our page adds to a page of the same markup can be read off.
 */
async function measureFloor(browser, url, name, repeats) {
  const open = [];
  for (let run = 0; run < repeats; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(timeOpen, true);
    const page = await context.newPage();
    await forgetCache(context, page);
    await page.goto(`${url}floor/${name}.html`);
    await page.waitForFunction(() => window.benchOpened, null, { timeout: 60_000 });
    open.push(await page.evaluate(() => window.benchOpened));
    await context.close();
  }
  return open;
}

/** The floor page of a kept copy: the built page's inlined stylesheet, and the copy. */
async function floorPage(copy) {
  const built = await readFile(join(dist, 'index.html'), 'utf8');
  const style = built.match(/<style>[\s\S]*?<\/style>/)?.[0] ?? '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title>${style}</head><body>${copy}</body></html>`;
}

/** Ours: open (first and returning visit), create (scripted and with the mouse), the popover,
 * add a theme, delete, autosave, open a project file, memory. */
async function measureOurs(browser, url, load, repeats) {
  const result = {
    open: [], openReady: [], openReturning: [], openReturningReady: [], openFile: [], create: [], createDom: [], selectToolbar: [], mouseTheme: [], mouseCreate: [],
    popover: [], addTheme: [], delete: [], autosave: [], heapMb: null, wasmMb: null, totalMb: null, highlightsShown: null, orphans: null,
  };
  for (let run = 0; run < repeats; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Opened is timed in the page, as the peer's is: from navigation until two frames after the
    // text (and, with a stored project, its highlights) is in the DOM: the page rendered ahead,
    // or the copy of the first frame kept with stored work, which the app replaces when it
    // mounts. Ready is the same for the app itself, which takes input.
    await context.addInitScript(timeOpen, Boolean(load.project));
    await context.addInitScript(recordPointerUps);
    await context.addInitScript(recordAppMemory);
    let page = await context.newPage();
    await page.goto(url);
    await appReady(page);
    if (load.project) {
      // A generated workload is first opened as a project file, as a person would bring it:
      // from the file input's change to its highlights painted. The file is made in the page,
      // so that the harness's own transfer of 5 MB is not counted.
      const opened = await page.evaluate(async (name) => {
        const text = await (await fetch(`/workloads/${name}.project.json`)).text();
        const input = document.querySelector('input[type="file"][accept*=".json"]');
        const files = new DataTransfer();
        files.items.add(new File([text], 'project.json', { type: 'application/json' }));
        input.files = files.files;
        const painted = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (!document.querySelector('article mark')) return;
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now()));
          });
          observer.observe(document.body, { subtree: true, childList: true });
        });
        const started = performance.now();
        input.dispatchEvent(new Event('change', { bubbles: true }));
        return (await painted) - started;
      }, load.name);
      result.openFile.push(opened);
      // Then the app keeps it (in IndexedDB when large); "open" is a fresh page load with it.
      await page.waitForFunction(() => localStorage.getItem('communique-annotator/project') !== null, null, { timeout: 60_000 });
      await page.close();
      page = await context.newPage();
      // A first visit with the work stored: the files are fetched again, as by a browser that
      // has not kept them.
      await forgetCache(context, page);
      await page.goto(url);
      await appReady(page);
      await page.waitForSelector('article mark', { timeout: 60_000 });
    }
    await page.waitForFunction(() => window.benchOpened && window.benchReady, null, { timeout: 60_000 });
    result.open.push(await page.evaluate(() => window.benchOpened));
    result.openReady.push(await page.evaluate(() => window.benchReady));
    if (run === 0) Object.assign(result, await memoryMb(context, page));
    // The copy of the first frame this open painted, for the floor page.
    if (run === 0 && load.project) result.keptCopy = await page.evaluate(() => localStorage.getItem('communique-annotator/first-paint'));
    // What the top bar counts once opened, and the orphans the list names (those not placed):
    // the workload's annotations and none, if they all anchored.
    if (run === 0) {
      Object.assign(result, await page.evaluate(() => ({
        highlightsShown: parseInt(document.querySelector('.top-bar .count').textContent, 10),
        orphans: parseInt(document.getElementById('orphans-title')?.textContent.match(/\d+/)[0] ?? '0', 10),
      })));
    }
    for (let step = 0; step < (run === 0 ? 10 : 3); step += 1) {
      // The new highlight, as the team's figures take it too; then, in the popover of its
      // mark, a theme added and the highlight deleted.
      const { create, createDom, id } = await page.evaluate(`(${newHighlightInPage})(${step})`);
      const times = await page.evaluate(async ({ id, create, createDom }) => {
        const until = (test) => new Promise((resolve) => {
          if (test()) return requestAnimationFrame(() => resolve(performance.now()));
          const observer = new MutationObserver(() => {
            if (!test()) return;
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now()));
          });
          observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        const mark = document.querySelector(`article mark[data-annotation-id="${id}"]`);
        mark.querySelector('span.text').dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        await until(() => document.querySelector('[role="dialog"] [aria-label^="Add theme"]'));
        // As between two clicks of a person (steps.mjs): the time before each timed action.
        const pause = () => new Promise((resolve) => setTimeout(resolve, 150));
        await pause();
        const themesBefore = mark.dataset.themeIds;
        let started = performance.now();
        document.querySelector('[role="dialog"] [aria-label^="Add theme"]').click();
        await until(() => document.querySelector(`article mark[data-annotation-id="${id}"]`)?.dataset.themeIds !== themesBefore);
        const addTheme = performance.now() - started;
        await pause();
        started = performance.now();
        [...document.querySelectorAll('[role="dialog"] button')].find((b) => b.textContent === 'Delete highlight').click();
        await until(() => !document.querySelector(`article mark[data-annotation-id="${id}"]`));
        return { create, createDom, addTheme, delete: performance.now() - started };
      }, { id, create, createDom });
      result.create.push(times.create);
      result.createDom.push(times.createDom);
      result.addTheme.push(times.addTheme);
      result.delete.push(times.delete);
    }
    for (let step = 0; step < mouseSteps(run); step += 1) {
      for (const [key, value] of Object.entries(await ourHighlightByMouse(page, step))) result[key].push(value);
    }
    await page.waitForTimeout(400);
    result.autosave.push(...await page.evaluate(() => performance.getEntriesByName('autosave').map((entry) => entry.duration)));
    const timed = (name) => () => page.waitForFunction((name) => window[name], name, { timeout: 60_000 }).then(() => page.evaluate((name) => window[name], name));
    await returningVisit(page, url, result, timed('benchOpened'), timed('benchReady'));
    await context.close();
  }
  return result;
}

/** The peer: open (first and returning visit), one highlight added through its API and removed,
 * one made with the mouse, memory. */
async function measurePeer(browser, url, load, repeats) {
  const result = { open: [], openReturning: [], createApi: [], createApiDom: [], mouseCreate: [], delete: [], heapMb: null, wasmMb: null, totalMb: null };
  const opened = async (page) => {
    await page.waitForFunction(() => window.bench, null, { timeout: 300_000, polling: 100 });
    return page.evaluate(() => window.bench.opened);
  };
  for (let run = 0; run < repeats; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(recordPointerUps);
    const page = await context.newPage();
    const address = `${url}?workload=${load.name}`;
    await page.goto(address);
    result.open.push(await opened(page));
    if (run === 0) Object.assign(result, await memoryMb(context, page));
    for (let step = 0; step < (run === 0 ? 10 : 3); step += 1) {
      const times = await page.evaluate(async (step) => {
        const { anno, data } = window.bench;
        const index = (step * 7) % data.paragraphs.length;
        const paragraph = document.querySelectorAll('#content p')[index];
        paragraph.scrollIntoView({ block: 'center' });
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        await new Promise((resolve) => setTimeout(resolve, 150));
        // The container's text is the paragraphs one after the other.
        const offset = data.paragraphs.slice(0, index).reduce((sum, text) => sum + text.length, 0) + 5;
        const exact = paragraph.textContent.slice(5, 30);
        // The next change of the DOM (the highlight's spans appearing or going): when it was
        // seen, and the frame that paints it; given up after 2 s.
        const nextChange = () => {
          const change = { seen: null };
          change.painted = Promise.race([new Promise((resolve) => {
            const observer = new MutationObserver(() => {
              observer.disconnect();
              change.seen = performance.now();
              requestAnimationFrame(() => resolve());
            });
            observer.observe(document.body, { subtree: true, childList: true, attributes: true });
          }), new Promise((resolve) => setTimeout(resolve, 2000))]);
          return change;
        };
        const id = `urn:uuid:${crypto.randomUUID()}`;
        let change = nextChange();
        let started = performance.now();
        anno.addAnnotation({
          '@context': 'http://www.w3.org/ns/anno.jsonld', id, type: 'Annotation', body: [],
          target: { source: data.source, selector: [
            { type: 'TextQuoteSelector', exact },
            { type: 'TextPositionSelector', start: offset, end: offset + exact.length },
          ] },
        });
        await change.painted;
        const create = performance.now() - started;
        const createDom = (change.seen ?? performance.now()) - started;
        // As between two clicks of a person, as for ours.
        await new Promise((resolve) => setTimeout(resolve, 150));
        change = nextChange();
        started = performance.now();
        anno.removeAnnotation(id);
        await change.painted;
        return { create, createDom, delete: performance.now() - started };
      }, step);
      result.createApi.push(times.create);
      result.createApiDom.push(times.createDom);
      result.delete.push(times.delete);
    }
    for (let step = 0; step < mouseSteps(run); step += 1) result.mouseCreate.push((await peerHighlightByMouse(page, step)).mouseCreate);
    await returningVisit(page, address, result, () => opened(page));
    await context.close();
  }
  return result;
}

async function shippedSize() {
  const sizes = { onOpen: { raw: 0, gzip: 0 }, onDemand: { raw: 0, gzip: 0 }, worker: { raw: 0, gzip: 0 }, syncWorker: { raw: 0, gzip: 0 } };
  for (const file of await readdir(dist)) {
    if (!/\.(wasm|js|css|html)$/.test(file)) continue;
    const body = await readFile(join(dist, file));
    // The parts cut from the page (scripts/split_page.py) are fetched when first used.
    const onDemand = /-(split|chunk_)/.test(file);
    const group = file.startsWith('exchange_worker') ? sizes.worker : file.startsWith('sync_worker') ? sizes.syncWorker : onDemand ? sizes.onDemand : sizes.onOpen;
    group.raw += body.length;
    group.gzip += gzipSync(body, { level: 9 }).length;
  }
  return sizes;
}

/**
 * The app's default document (the communiqué) as the app itself keeps it in its project file:
 * its blocks as rendered from the markdown, and its id, source and fingerprint, so that a
 * project file naming it is taken for the document the app opens with. Read from the local
 * storage of a page after one highlight is made (the app keeps the work once it changes).
 */
async function appDocument(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await appReady(page);
  await page.evaluate(`(${newHighlightInPage})(0)`);
  await page.waitForFunction(() => localStorage.getItem('communique-annotator/project') !== null, null, { timeout: 60_000 });
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('communique-annotator/project')));
  await context.close();
  return stored.documents.find((document) => document.id === 'global-coalition-ministerial-2021-06-28') ?? stored.documents[0];
}

// The communiqué workloads are added once the app has said what its document is; the server
// looks workloads up when asked, so it can start before.
const loads = [
  await workload('doc-100kb', 100_000, 1_000),
  await workload('doc-1mb', 1_000_000, 10_000),
];
const team = await teamFiles('doc-100kb', 100_000, 10, 1_000);
// The floor pages, one per workload with stored work, made once its copy has been kept.
const floors = new Map();
const server = await serve(loads, team, floors);
const browser = await launchBrowser();
const communique = await appDocument(browser, server.ours.url);
loads.unshift(communiqueWorkload('communique', communique, 0), communiqueWorkload('communique-100', communique, 100));
// The team's figures after the 10,000 import use the 1 MB workload's file, so it is served even
// when only they are measured.
// BENCH_WORKLOADS=communique-100,doc-1mb: only those workloads (with BENCH_ONLY=open, say).
const chosen = process.env.BENCH_WORKLOADS?.split(',');
const measured = (!only || only === 'open' ? loads : []).filter((load) => !chosen || chosen.includes(load.name));
const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, memoryGb: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
  platform: `${process.platform} ${process.arch}`, chromium: browser.version(), node: process.version,
};
const results = {
  date: new Date().toISOString(),
  machine: `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; ${machine.platform}; Chromium ${machine.chromium} headless; Node ${machine.node}`,
  machineDetails: machine, seed: SEED, workloads: [],
};
for (const load of measured) {
  const repeats = quick ? 1 : load.annotations >= 10_000 ? 2 : 5;
  process.stderr.write(`measuring ${load.name}…\n`);
  const { keptCopy, ...ours } = await measureOurs(browser, server.ours.url, load, repeats);
  if (keptCopy) {
    floors.set(load.name, await floorPage(keptCopy));
    ours.floor = await measureFloor(browser, server.ours.url, load.name, repeats);
  }
  const peer = await measurePeer(browser, server.peer.url, load, repeats);
  results.workloads.push({
    name: load.name, textBytes: load.bytes, annotations: load.annotations,
    ours: Object.fromEntries(Object.entries(ours).map(([key, value]) => [key, Array.isArray(value) ? summary(value) : value])),
    projectFileMb: load.project ? Math.round(load.project.length / 104857.6) / 10 : null,
    peer: peer && Object.fromEntries(Object.entries(peer).map(([key, value]) => [key, Array.isArray(value) ? summary(value) : value])),
  });
}
if (only !== 'open') process.stderr.write('measuring the team…\n');
const teamTimes = only === 'live' || only === 'open' ? {} : await measureTeam(browser, server.ours.url, teamRepeats, { mergeOnly: only === 'merge' });
if (!only || only === 'live') {
  process.stderr.write('measuring a live session…\n');
  Object.assign(teamTimes, await measureLive(browser, server.ours.url, quick ? 5 : 30));
}
// Whether the progress was painted is a yes or no per run, kept as it is; the rest are times.
const { mergeProgressPainted, ...times } = teamTimes;
results.team = Object.fromEntries(Object.entries(times).map(([key, value]) => [key, summary(value)]));
if (mergeProgressPainted) results.team.mergeProgressPainted = mergeProgressPainted;
if (only && only !== 'open') process.stderr.write(`team runs (ms): ${JSON.stringify(Object.fromEntries(Object.entries(times).map(([key, value]) => [key, value.map(Math.round)])))}\n`);
results.shipped = await shippedSize();
results.notModified = { ours: server.ours.counts.notModified, peer: server.peer.counts.notModified };
await browser.close();
server.close();
if (!only) await writeFile(join(root, 'bench/results.json'), JSON.stringify(results, null, 2));

const ms = (s) => (s ? `${s.median.toFixed(1)} / ${s.p95.toFixed(1)}` : '—');
const ratio = (ours, peer) => (ours && peer ? (ours / peer).toFixed(2) : '—');
console.log(`\nBenchmark ${results.date}`);
console.log(`Machine: ${results.machine}`);
console.log('Figures are median / p95 ms, timed in the page; memory in MB after the first open.');
console.log(`Requests answered 304 Not Modified (returning visits, from the cache): ours ${results.notModified.ours}, peer ${results.notModified.peer}.\n`);
// Each row: its label, the key of our figure and of the peer's (null where it has none).
const rows = [
  ['open, first visit (files fetched): painted (ours, with stored work: the kept copy of the first frame)', 'open', 'open'],
  ['… the app itself drawn, taking input', 'openReady', 'open'],
  ['… the floor: a page of that copy and our stylesheet alone (no script), opened as that first visit', 'floor', 'open'],
  ['open, returning visit (HTTP cache kept): painted', 'openReturning', 'openReturning'],
  ['… the app itself drawn, taking input', 'openReturningReady', 'openReturning'],
  ['open the project file', 'openFile', null],
  ['mouse selection: pointerup → toolbar painted', 'selectToolbar', null],
  ['… then click on a theme: pointerup → mark painted', 'mouseTheme', null],
  ['new highlight with the mouse, in all (peer: pointerup → createAnnotation, next frame)', 'mouseCreate', 'mouseCreate'],
  ['new highlight, scripted selection: click on a theme → mark painted (peer: create through the API)', 'create', 'createApi'],
  ['… until the DOM shows it', 'createDom', 'createApiDom'],
  ['click on a mark: pointerup → popover painted', 'popover', null],
  ['add a theme in the popover → mark painted', 'addTheme', null],
  ['delete (peer: through the API)', 'delete', 'delete'],
  ['autosave', 'autosave', null],
];
console.log('| workload | measure | ours | peer | ours ÷ peer |');
console.log('|---|---|---|---|---|');
for (const w of results.workloads) {
  const name = `${w.name} (${w.annotations})`;
  for (const [label, ourKey, peerKey] of rows) {
    const ours = w.ours[ourKey];
    const peer = peerKey ? w.peer?.[peerKey] : null;
    if (!ours && !peer) continue;
    console.log(`| ${name} | ${label} | ${ms(ours)} | ${ms(peer)} | ${ratio(ours?.median, peer?.median)} |`);
  }
  const peer = w.peer ?? {};
  const perThousand = (total) => (w.annotations ? Math.round((total / (w.annotations / 1000)) * 10) / 10 : null);
  const memoryRows = [
    ['JS heap after open (MB)', w.ours.heapMb, peer.heapMb],
    ['WebAssembly memory after open (MB)', w.ours.wasmMb, peer.wasmMb],
    ['JS heap + WebAssembly memory (MB)', w.ours.totalMb, peer.totalMb],
    ['… per 1,000 annotations (MB)', perThousand(w.ours.totalMb), peer.totalMb === undefined ? null : perThousand(peer.totalMb)],
  ];
  for (const [label, ours, theirs] of memoryRows) {
    console.log(`| ${name} | ${label} | ${ours ?? '—'} | ${theirs ?? '—'} | ${ratio(ours, theirs)} |`);
  }
  console.log(`| ${name} | highlights after open (of ${w.annotations}), orphans | ${w.ours.highlightsShown}, ${w.ours.orphans} | — | — |`);
  if (w.ours.unfinished) console.log(`| ${name} | ours | ${w.ours.unfinished} | | |`);
}
if (Object.keys(results.team).length) {
  console.log('\n| team (ours) | median / p95 ms |');
  console.log('|---|---|');
}
const teamLabels = {
  merge10x1000: 'merge 10 files of 1,000 annotations (target ≤ 200)',
  agreementShown10x1000: 'agreement of those 10 coders: click on the tab → figures painted',
  agreementComputed10x1000: '… of which computing the figures (target ≤ 100, off the input path)',
  keystrokeShortHistory: 'keystroke in the list filter after a 10,000 import, undo history of 1',
  keystrokeLongHistory: '… after 300 more undo steps',
  createShortHistory: 'new highlight after a 10,000 import, undo history of 1',
  createLongHistory: '… after 300 more undo steps',
  liveLatency: 'live session on loopback: click on a theme → the other browser paints the mark (target ≤ 50 p95)',
};
for (const [key, label] of Object.entries(teamLabels)) if (results.team[key]) console.log(`| ${label} | ${ms(results.team[key])} |`);
const painted = results.team.mergeProgressPainted;
if (painted) console.log(`\nWhile ten files merge, "Reading 10 files…" was painted in ${painted.filter(Boolean).length} of ${painted.length} runs.`);
const kb = (bytes) => (bytes / 1024).toFixed(1);
console.log(`\nShipped: on opening ${kb(results.shipped.onOpen.raw)} KB raw, ${kb(results.shipped.onOpen.gzip)} KB gzip; panels and search on first use ${kb(results.shipped.onDemand.raw)} KB raw, ${kb(results.shipped.onDemand.gzip)} KB gzip; exchange worker ${kb(results.shipped.worker.raw)} KB raw, ${kb(results.shipped.worker.gzip)} KB gzip; sync worker (first join) ${kb(results.shipped.syncWorker.raw)} KB raw, ${kb(results.shipped.syncWorker.gzip)} KB gzip.`);
