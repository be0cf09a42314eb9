// make profile: where the time goes when the app opens the 1 MB workload with 10,000
// annotations and when one highlight is created on it (SCENARIO=open, the default), or when ten
// coders' files of 1,000 annotations each are merged (SCENARIO=merge, the team's workload of
// make bench). Serves a build (DIST, default dist/; build it with `KEEP_NAMES=1 trunk build
// --release --dist /tmp/dist-names` to keep function names) and prints the functions with the
// most self time, from Chromium's sampling profiler.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appReady, launchBrowser } from '../e2e/harness.mjs';
import { teamFiles, workload } from './workloads.mjs';
import { changeInPage, prepareInPage } from './team.mjs';

const scenario = process.env.SCENARIO ?? 'open';
if (!['open', 'merge'].includes(scenario)) throw new Error(`SCENARIO is "open" or "merge", not "${scenario}"`);
const team = scenario === 'merge' ? await teamFiles('doc-100kb', 100_000, 10, 1_000) : [];

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.DIST ?? join(root, 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

const server = await new Promise((resolve) => {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const coder = path.match(/^\/team\/coder-(\d+)\.json$/);
    const body = coder ? team[Number(coder[1]) - 1] : await readFile(join(dist, path === '/' ? 'index.html' : path)).catch(() => null);
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
  // MATCH (a regular expression) lists, including callees, every function whose name it matches:
  // the share of one step (a reader, the merge, a component) however far down the table it is.
  const match = process.env.MATCH ? new RegExp(process.env.MATCH) : null;
  const matched = match ? `\nmatching ${match}:\n${table(new Map([...total].filter(([each]) => match.test(each))))}` : '';
  // UNDER (a regular expression): where the time of the first function it matches goes, by the
  // functions that function calls.
  const under = process.env.UNDER ? new RegExp(process.env.UNDER) : null;
  const below = new Map();
  if (under) {
    for (const id of profile.samples) {
      let child = null;
      for (let node = id; node !== undefined; child = node, node = parent.get(node)) {
        if (!under.test(name(node))) continue;
        const key = child === null ? '(self)' : name(child);
        below.set(key, (below.get(key) ?? 0) + interval);
        break;
      }
    }
  }
  const split = under ? `\nunder ${under}:\n${table(below)}` : '';
  return `self time:\n${table(self)}\nincluding callees:\n${table(total)}${matched}${split}\n${all.toFixed(1).padStart(8)} ms in all`;
}

/** The steps of merging files, each the samples with a frame its pattern matches (the first
 * that matches, in this order). */
const MERGE_PHASES = [
  ['reducer: merge, history', /UseReducerHandle<T>::dispatch/],
  ['reading the files (project_file::read and around it)', /read_as_bytes|project_file::read/],
  ['block lists (BlockHighlights::update)', /BlockHighlights::update|block_highlights::/],
  ['block markup (block_markup)', /block_markup/],
  ['markup into the page (innerHTML)', /set_innerHTML|VRaw.*attach/],
  ['other rendering (components, DOM)', /RenderRunner|run_scheduler/],
  ['garbage collector', /\(garbage collector\)/],
  ['idle (waiting: file reads, the frame)', /\(idle\)/],
  ['browser, outside scripts', /\(program\)/],
];

/** Milliseconds per phase between the markers benchWindowOpens and benchWindowCloses. */
function phases(profile, patterns) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
  const stack = (id) => {
    const names = [];
    for (let node = id; node !== undefined; node = parent.get(node)) names.push(byId.get(node).callFrame.functionName || '(anonymous)');
    return names;
  };
  let time = profile.startTime;
  const samples = profile.samples.map((id, index) => ({ id, at: (time += profile.timeDeltas[index]) }));
  const opens = samples.find((sample) => stack(sample.id).includes('benchWindowOpens'));
  const closes = samples.find((sample) => stack(sample.id).includes('benchWindowCloses'));
  if (!opens || !closes) return [['(the window markers were not sampled)', 0]];
  const totals = new Map();
  const others = new Map();
  for (let index = 0; index < samples.length - 1; index += 1) {
    const sample = samples[index];
    if (sample.at < opens.at || sample.at >= closes.at) continue;
    const names = stack(sample.id);
    const phase = names.includes('benchWindowOpens') ? 'marker' : patterns.find(([, pattern]) => names.some((name) => pattern.test(name)))?.[0] ?? 'other';
    totals.set(phase, (totals.get(phase) ?? 0) + (samples[index + 1].at - sample.at) / 1000);
    // SHOW_PHASE=<start of a phase's name>: that phase's time by the innermost function of the
    // app's own in each sample (else the innermost), to see what it is made of.
    if (process.env.SHOW_PHASE && phase.startsWith(process.env.SHOW_PHASE)) {
      const own = names.find((name) => /communique_annotator|annotator_/.test(name)) ?? names[0];
      const key = `${own.replace(/::h[0-9a-f]{16}$/, '').slice(0, 150)} ← ${names[0].replace(/::h[0-9a-f]{16}$/, '').slice(0, 60)}`;
      others.set(key, (others.get(key) ?? 0) + (samples[index + 1].at - sample.at) / 1000);
    }
  }
  if (process.env.SHOW_PHASE) console.log([...others].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1).padStart(6)} ms  ${k}`).join('\n'));
  return [...totals];
}

const browser = await launchBrowser();

if (scenario === 'merge') {
  // The ten files are fetched and made in the page before the profile starts; the profile is
  // of the merge alone, from the file input's change to the frame showing "Merged …", as the
  // bench times it, and then of the page settling (autosave, highlights drawn while idle).
  // RUNS=n repeats it in fresh pages and gives each phase's median (the machine is shared).
  const urls = Array.from({ length: 10 }, (_, index) => `/team/coder-${index + 1}.json`);
  const runs = Number(process.env.RUNS ?? 1);
  const perPhase = new Map();
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    await page.goto(url);
    await appReady(page);
    await page.evaluate(`(${prepareInPage})(${JSON.stringify(urls)})`);
    // Two named markers, each spinning 3 ms so that the sampler sees it, bound the
    // time the bench counts within the profile (which also holds a little before and after).
    await page.evaluate(`(() => {
      const spin = () => { const until = performance.now() + 3; while (performance.now() < until); };
      window.benchWindowOpens = function benchWindowOpens() { spin(); };
      window.benchWindowCloses = function benchWindowCloses() { spin(); };
      const change = (${changeInPage});
      window.profileOpen = async () => { window.benchWindowOpens(); const time = await change(); window.benchWindowCloses(); return time; };
    })()`);
    await session.send('Profiler.start');
    const merged = await page.evaluate(() => window.profileOpen());
    let { profile } = await session.send('Profiler.stop');
    times.push(merged);
    for (const [phase, ms] of phases(profile, MERGE_PHASES)) perPhase.set(phase, [...(perPhase.get(phase) ?? []), ms]);
    if (run === runs - 1) {
      console.log(`\n## Merge of 10 files × 1,000: ${merged.toFixed(1)} ms in the page (the last run)\n${top(profile)}`);
      await session.send('Profiler.start');
      await page.waitForTimeout(1500);
      ({ profile } = await session.send('Profiler.stop'));
      console.log(`\n## The 1.5 s after it\n${top(profile)}`);
    }
    await context.close();
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`\n## Where the time goes, median of ${runs} run(s) (profiled: slower than the bench)`);
  console.log(`${median(times).toFixed(1).padStart(8)} ms  in all, as the page timed it (runs: ${times.map(Math.round).join(', ')})`);
  const rows = [...perPhase].map(([phase, values]) => [phase, median([...values, ...Array(runs - values.length).fill(0)])]);
  console.log(rows.sort((a, b) => b[1] - a[1]).map(([phase, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${phase}`).join('\n'));
  await browser.close();
  server.close();
  process.exit(0);
}

const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const session = await context.newCDPSession(page);
await session.send('Profiler.enable');
await session.send('Profiler.setSamplingInterval', { interval: 200 });
await page.goto(url);
await appReady(page);


const load = await workload('doc-1mb', 1_000_000, 10_000);
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
