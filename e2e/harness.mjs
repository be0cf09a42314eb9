// What every end-to-end test needs: the release build served from dist/ on a free loopback port,
// and Debian's Chromium driven by playwright-core, started as the machine's notes prescribe.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
export const distDir = join(root, 'dist');
export const outputDir = join(root, 'e2e', 'output');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
};

/** Serves dist/ on 127.0.0.1 at a free port; resolves to { url, close }. */
export async function serveDist() {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(distDir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Launches headless Debian Chromium. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

/**
 * For a test file: serves dist/ and starts Chromium before its tests, and stops both after.
 * Returns { browser, url } once started.
 */
export function servedApp() {
  const app = {};
  let server;
  before(async () => {
    server = await serveDist();
    app.url = server.url;
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    await server?.close();
  });
  return app;
}

/** Opens the app in a fresh context and waits until the document is drawn. */
export async function openApp(browser, url, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  await page.goto(url);
  await appReady(page);
  // Any document's first block (a live session may show one of the room's, with no heading).
  await page.locator('article .block').first().waitFor();
  return { context, page, problems };
}

/**
 * Waits until the app itself is in the page: the first page is rendered ahead at build time and
 * painted before the app runs, and a click on that copy would do nothing.
 */
export async function appReady(page) {
  await page.waitForFunction(() => !document.getElementById('prerendered') && document.querySelector('.app'));
}

/**
 * Selects `phrase` (its `occurrence`-th appearance, from 0) in the document with the mouse: presses
 * on its first character and drags to its last, as a person does.
 */
export function selectWithMouse(page, phrase, occurrence = 0) {
  return dragBetween(page, phrase, phrase, occurrence);
}

/**
 * Drags the mouse from the first character of `from` to the last character of the first `to`
 * that follows it: a selection that may cross paragraphs and highlights.
 */
export async function dragBetween(page, from, to, occurrence = 0) {
  const points = await page.evaluate(({ from, to, occurrence }) => {
    const article = document.querySelector('article');
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    while (walker.nextNode()) {
      nodes.push({ node: walker.currentNode, start: text.length });
      text += walker.currentNode.data;
    }
    let at = -1;
    for (let seen = 0; seen <= occurrence; seen += 1) {
      at = text.indexOf(from, at + 1);
      if (at < 0) throw new Error(`"${from}" is not in the document`);
    }
    const toAt = text.indexOf(to, at);
    if (toAt < 0) throw new Error(`"${to}" does not follow "${from}"`);
    const locate = (offset) => {
      const holder = nodes.filter((entry) => entry.start <= offset).pop();
      return { node: holder.node, offset: offset - holder.start };
    };
    const rectOf = (offset) => {
      const { node, offset: inside } = locate(offset);
      const range = document.createRange();
      range.setStart(node, inside);
      range.setEnd(node, inside + 1);
      const rects = range.getClientRects();
      return rects[rects.length - 1];
    };
    locate(at).node.parentElement.scrollIntoView({ block: 'center' });
    const first = rectOf(at);
    const last = rectOf(toAt + to.length - 1);
    return {
      start: { x: first.left + 1, y: first.top + first.height / 2 },
      end: { x: last.right - 1, y: last.top + last.height / 2 },
    };
  }, { from, to, occurrence });
  await page.mouse.move(points.start.x, points.start.y);
  await page.mouse.down();
  await page.mouse.move(points.end.x, points.end.y, { steps: 8 });
  await page.mouse.up();
}

/** The text of the current window selection. */
export function selectedText(page) {
  return page.evaluate(() => window.getSelection().toString());
}

/**
 * The problems a page reported, less the Content-Security-Policy's reports of what it blocked:
 * those are the defence working (Chrome reports event-handler attributes even in the inert
 * documents the HTML reader parses).
 */
export function unexpectedProblems(problems) {
  return problems.filter((problem) => !/Content Security Policy/.test(problem));
}

/** Selects `phrase` with the mouse and tags it with the theme named `themeName`. */
export async function tag(page, phrase, themeName) {
  await selectWithMouse(page, phrase);
  await page.getByRole('toolbar').getByRole('button', { name: themeName, exact: true }).click();
  await page.getByRole('toolbar').waitFor({ state: 'detached' });
}

/** The ids of the highlights drawn in the document, in reading order. */
export function drawnHighlightIds(page) {
  return page.evaluate(() => [...new Set([...document.querySelectorAll('article mark[data-annotation-id]')].map((mark) => mark.dataset.annotationId))]);
}

/** The text of a highlight as drawn (all its marks). */
export async function highlightText(page, id) {
  return (await page.locator(`article mark[data-annotation-id="${id}"]`).allInnerTexts()).join('');
}

const panelSlugs = { Highlights: 'highlights', Codebook: 'codebook', Overview: 'overview', Agreement: 'agreement', 'Co-occurrence': 'cooccurrence' };

/**
 * Shows a side panel by its tab, as a person clicks it, and waits until the panel is drawn: the
 * panels other than the list are fetched the first time they are shown ("Loading this panel…"
 * meanwhile, drawn in the same update as the tab's panel); and then until it shows the latest
 * change (`besideDrawn`).
 */
export async function showTab(page, name) {
  await page.getByRole('tab', { name }).click();
  await page.waitForFunction((slug) => document.getElementById(`panel-${slug}`) && !document.querySelector('.panel-body .panel-loading'), panelSlugs[name]);
  await besideDrawn(page);
}

/**
 * Waits until what is beside the document (the side panels, the Coders control, the document
 * picker, the theme map) has drawn the latest change the document shows. Call it once the
 * action's answer is in the document or the top bar (a mark, a notice), then read the panel.
 *
 * How the app delays them (src/hooks/use_after_first_frame.rs, src/dom/mod.rs): the render that
 * draws a change in the document runs, in a microtask of the action's own task, the effect of
 * `use_a_frame_later` (or, on opening, `use_after_first_frame`), which calls
 * requestAnimationFrame; that frame's callback sets a timeout of 0, and that timeout's task
 * redraws what is beside the document (Yew renders in a microtask of the same task). This waits
 * the same way, twice: a requestAnimationFrame asked for after the app's runs after it in the same
 * frame, and a timeout of 0 set after the app's runs after it, so once the first timeout here has
 * run, the app's has, with its redraw. The second round covers one step more: work the redrawn
 * panel puts off by a timeout of its own (the agreement panel computes its figures so), or a
 * change the document itself draws in the frame after the action. Frames alone would not do: a
 * timeout is not promised to run before the next frame.
 */
export async function besideDrawn(page) {
  await page.evaluate(() => new Promise((resolve, reject) => {
    const stuck = setTimeout(() => reject(new Error('no animation frame came in 30 s: is the page hidden?')), 30_000);
    const frameThenTask = (then) => requestAnimationFrame(() => setTimeout(then, 0));
    frameThenTask(() => frameThenTask(() => {
      clearTimeout(stuck);
      resolve();
    }));
  }));
}
