// Steps both benchmarks take in the page, as functions' source for page.evaluate.

/**
 * A new highlight, as a person makes one: the block `(step * 37) % blocks` is scrolled to the
 * middle of the screen (and so drawn), an unhighlighted stretch of text on screen is selected,
 * and the first theme of the toolbar is clicked. Resolves with `create`, the time from the click
 * until the frame after the new marks are in the DOM (the frame that paints them), `createDom`,
 * until the DOM shows them (seen by a MutationObserver, not by polling frames), and the new
 * highlight's `id`.
 */
export const newHighlightInPage = `async (step) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  // Until the DOM shows the change, then the next animation frame: resolves with when it was seen.
  const until = (test) => new Promise((resolve) => {
    if (test()) return requestAnimationFrame(() => resolve(performance.now()));
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      const seen = performance.now();
      requestAnimationFrame(() => resolve(seen));
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const blocks = [...document.querySelectorAll('article .block')];
  blocks[(step * 37) % blocks.length].scrollIntoView({ block: 'center' });
  await frame();
  await frame();
  const onScreen = (leaf) => { const r = leaf.getBoundingClientRect(); return r.top > 0 && r.bottom < innerHeight; };
  const leaf = [...document.querySelectorAll('article span.text')].find((leaf) => !leaf.closest('mark') && leaf.textContent.length > 40 && onScreen(leaf));
  const range = document.createRange();
  range.setStart(leaf.firstChild, 5);
  range.setEnd(leaf.firstChild, 30);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  await until(() => document.querySelector('[role="toolbar"] .theme-button'));
  // A person's next click comes a while after what they look at is painted: the step pauses as
  // long (150 ms) before each timed action, so that it does not time what the one before left.
  await new Promise((resolve) => setTimeout(resolve, 150));
  const before = new Set([...document.querySelectorAll('article mark')].map((m) => m.dataset.annotationId));
  const isNew = () => [...document.querySelectorAll('article mark')].find((m) => !before.has(m.dataset.annotationId));
  const started = performance.now();
  document.querySelector('[role="toolbar"] .theme-button').click();
  const seen = await until(isNew);
  return { create: performance.now() - started, createDom: seen - started, id: isNew().dataset.annotationId };
}`;
