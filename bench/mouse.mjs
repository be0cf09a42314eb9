// Steps with the real mouse, for ours and the peer: a drag over text on screen, as a person
// selects, and clicks, through Playwright's page.mouse, so that the browser's own selection and
// events are what the page answers. Every time is taken in the page: from the pointerup (seen by
// a capture listener on the window, before any of the page's own) until the frame after the
// answer is in the DOM.

/**
 * The init script of every measured page: keeps the moment of the latest pointerup in
 * `window.benchPointerUp`, and gives `window.benchPaintedWhen(test, what)`, which resolves with
 * the moment of the frame after `test()` first holds (looked at on every change of the DOM),
 * and fails after 20 s naming `what`.
 */
export function recordPointerUps() {
  window.benchPointerUp = null;
  addEventListener('pointerup', () => { window.benchPointerUp = performance.now(); }, true);
  window.benchPaintedWhen = (test, what) => new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now()));
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
    setTimeout(() => { observer.disconnect(); reject(new Error(`not seen within 20 s: ${what}`)); }, 20_000);
  });
}

/** In the page: where to drag to select characters 5 to at most 30 of the first of `nodes` (text
 * nodes) where they are on one line of the screen and not under anything else (the sticky top
 * bar covers the top of the page): { from, to }, each { x, y } in the viewport. */
const oneLineStretch = `(nodes) => {
  const range = document.createRange();
  const shown = (node, x, y) => node.parentElement.contains(document.elementFromPoint(x, y));
  for (const node of nodes) {
    for (let end = Math.min(30, node.length); end > 12; end -= 1) {
      range.setStart(node, 5);
      range.setEnd(node, end);
      const rects = range.getClientRects();
      if (rects.length !== 1) continue;
      const rect = rects[0];
      const y = rect.top + rect.height / 2;
      const stretch = { from: { x: rect.left + 1, y }, to: { x: rect.right - 1, y } };
      if (shown(node, stretch.from.x, y) && shown(node, stretch.to.x, y)) return stretch;
      break;
    }
  }
  throw new Error('no stretch of text on one line in view');
}`;

const twoFrames = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))';

/** Ours, in the page: an unhighlighted stretch of text on screen, with block
 * `(step * 37) % blocks` (the block the scripted step of steps.mjs uses) scrolled to the middle
 * of the screen. */
const ourStretchInPage = `async (step) => {
  const blocks = [...document.querySelectorAll('article .block')];
  blocks[(step * 37) % blocks.length].scrollIntoView({ block: 'center' });
  await ${twoFrames};
  await ${twoFrames};
  getSelection().removeAllRanges();
  const onScreen = (leaf) => { const r = leaf.getBoundingClientRect(); return r.top > 0 && r.bottom < innerHeight; };
  // Not in a link either: a press on a link drags the link, not a selection.
  const leaves = [...document.querySelectorAll('article span.text')].filter((leaf) => !leaf.closest('mark, a') && leaf.textContent.length > 40 && onScreen(leaf));
  return (${oneLineStretch})(leaves.map((leaf) => leaf.firstChild));
}`;

/** The peer, in the page: a stretch of paragraph `(step * 7) % paragraphs` (as its API step), or
 * of the next one long enough, scrolled to the middle of the screen. */
const peerStretchInPage = `async (step) => {
  const paragraphs = [...document.querySelectorAll('#content p')];
  const first = (step * 7) % paragraphs.length;
  const paragraph = [...paragraphs.slice(first), ...paragraphs].find((p) => p.textContent.length > 40);
  paragraph.scrollIntoView({ block: 'center' });
  await ${twoFrames};
  getSelection().removeAllRanges();
  const inView = (p) => { const r = p.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };
  const candidates = [paragraph, ...paragraphs.filter((p) => p !== paragraph && p.textContent.length > 40 && inView(p))];
  return (${oneLineStretch})(candidates.map((p) => p.firstChild));
}`;

/** Presses the mouse at `from` and moves it to `to` in eight steps over about 0.4 s, as a hand
 * does (the peer treats a press and release within 300 ms as a click); the button stays down. */
async function dragTo(page, { from, to }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let step = 1; step <= 8; step += 1) {
    await page.mouse.move(from.x + ((to.x - from.x) * step) / 8, from.y + ((to.y - from.y) * step) / 8);
    await page.waitForTimeout(50);
  }
}

/** The time in the page from the pointerup to the frame of what `window.benchAwaited` waits for. */
const sincePointerUp = async (page) => page.evaluate(async () => (await window.benchAwaited) - window.benchPointerUp);

/** The centre of the first box of the element `selector` finds, in the viewport. */
const centreOf = (page, selector) => page.evaluate((selector) => {
  const rect = document.querySelector(selector).getClientRects()[0];
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}, selector);

/**
 * Ours: a new highlight made with the mouse, then opened. Returns, in ms:
 * `selectToolbar`, from the release of a drag over unhighlighted text until the frame after the
 * toolbar's theme buttons appear; `mouseTheme`, from the release of a click on the first theme
 * until the frame after the new mark is in the DOM; `popover`, from the release of a click on
 * that mark's centre until the frame after its popover (with its "Add theme" buttons) is in the
 * DOM. The highlight is deleted afterwards (not timed), so the document is as it was.
 */
export async function ourHighlightByMouse(page, step) {
  await dragTo(page, await page.evaluate(`(${ourStretchInPage})(${step})`));
  await page.evaluate(() => {
    if (document.querySelector('[role="toolbar"] .theme-button')) throw new Error('a toolbar is already shown before the selection');
    window.benchAwaited = window.benchPaintedWhen(() => document.querySelector('[role="toolbar"] .theme-button'), 'the toolbar after a mouse selection');
  });
  await page.mouse.up();
  const selectToolbar = await sincePointerUp(page);

  const theme = await centreOf(page, '[role="toolbar"] .theme-button');
  await page.evaluate(() => {
    const before = new Set([...document.querySelectorAll('article mark')].map((mark) => mark.dataset.annotationId));
    window.benchNewMark = () => [...document.querySelectorAll('article mark')].find((mark) => !before.has(mark.dataset.annotationId));
    window.benchAwaited = window.benchPaintedWhen(() => window.benchNewMark(), 'the new mark after a click on a theme');
  });
  await page.mouse.click(theme.x, theme.y);
  const mouseTheme = await sincePointerUp(page);
  const id = await page.evaluate(() => window.benchNewMark().dataset.annotationId);

  await page.evaluate(`${twoFrames}`);
  const mark = await centreOf(page, `article mark[data-annotation-id="${id}"] span.text`);
  await page.evaluate(() => {
    if (document.querySelector('[role="dialog"] [aria-label^="Add theme"]')) throw new Error('a popover is already open before the click on the mark');
    window.benchAwaited = window.benchPaintedWhen(() => document.querySelector('[role="dialog"] [aria-label^="Add theme"]'), 'the popover after a click on a mark');
  });
  await page.mouse.click(mark.x, mark.y);
  const popover = await sincePointerUp(page);

  await page.evaluate(async (id) => {
    const gone = window.benchPaintedWhen(() => !document.querySelector(`article mark[data-annotation-id="${id}"]`), 'the mark gone after Delete highlight');
    [...document.querySelectorAll('[role="dialog"] button')].find((button) => button.textContent === 'Delete highlight').click();
    await gone;
    getSelection().removeAllRanges();
  }, id);
  return { selectToolbar, mouseTheme, popover, mouseCreate: selectToolbar + mouseTheme };
}

/**
 * The peer: a new annotation made with the mouse. Returns `mouseCreate`, from the release of a
 * drag over a paragraph until the frame after its `createAnnotation` event (which it emits once
 * the new annotation is in its store, as the selection ends), in ms. The annotation is removed
 * afterwards (not timed).
 */
export async function peerHighlightByMouse(page, step) {
  await dragTo(page, await page.evaluate(`(${peerStretchInPage})(${step})`));
  await page.evaluate(() => {
    window.benchAwaited = new Promise((resolve, reject) => {
      const created = (annotation) => {
        window.bench.anno.off('createAnnotation', created);
        window.benchCreated = annotation.id;
        requestAnimationFrame(() => resolve(performance.now()));
      };
      window.bench.anno.on('createAnnotation', created);
      setTimeout(() => reject(new Error('no createAnnotation within 20 s of a mouse selection')), 20_000);
    });
  });
  await page.mouse.up();
  const mouseCreate = await sincePointerUp(page);
  await page.evaluate(async () => {
    window.bench.anno.removeAnnotation(window.benchCreated);
    getSelection().removeAllRanges();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  return { mouseCreate };
}
