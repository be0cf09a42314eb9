// The team's figures in make bench: merging ten coders' files of a thousand annotations each,
// and, after a 10,000-annotation import, the cost of a keystroke in the highlights filter and of
// a new highlight, with a short undo history and after 300 more steps of it (they must not grow
// with its length). Ours only: the peer has neither files of several coders nor an undo history.
import { appReady } from '../e2e/harness.mjs';
import { newHighlightInPage } from './steps.mjs';
import { showAgreement } from './agreement.mjs';

/** Puts files in the page's file input, made in the page from texts it fetched. */
export const prepareInPage = `async (urls) => {
  const input = document.querySelector('input[type="file"][accept*=".json"]');
  const files = new DataTransfer();
  for (const [index, url] of urls.entries()) {
    const text = await (await fetch(url)).text();
    files.items.add(new File([text], 'coder-' + (index + 1) + '.json', { type: 'application/json' }));
  }
  input.files = files.files;
}`;

/** Opens the files put in the file input: from its change event to the frame that shows the
 * notice "Merged …" (or "Opened …"). Sets window.progressPainted when a frame in between showed
 * the "Reading N files…" notice, the progress a longer merge owes the person. */
export const changeInPage = `async () => {
  const input = document.querySelector('input[type="file"][accept*=".json"]');
  window.progressPainted = false;
  let sampling = true;
  const sample = () => {
    if (/^Reading \\d+ files/.test(document.querySelector('.notice-text')?.textContent ?? '')) window.progressPainted = true;
    if (sampling) requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
  const done = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const notice = document.querySelector('.notice-text');
      if (!notice || !/Merged|Opened/.test(notice.textContent)) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now()));
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const started = performance.now();
  input.dispatchEvent(new Event('change', { bubbles: true }));
  const ended = await done;
  sampling = false;
  return ended - started;
}`;

/** Opens files in the page through the file input, made in the page from texts it fetched. */
const openInPage = `async (urls) => {
  await (${prepareInPage})(urls);
  return (${changeInPage})();
}`;

/** One keystroke in the list's search field, to the frame that shows the new count. */
const keystroke = `async (letter) => {
  const field = document.getElementById('list-search');
  const count = document.querySelector('.list-count');
  const before = count.textContent;
  const shown = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (count.textContent === before) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now()));
    });
    observer.observe(count, { subtree: true, childList: true, characterData: true });
    setTimeout(() => reject(new Error('the list did not change after the keystroke ' + letter)), 10000);
  });
  const started = performance.now();
  field.value += letter;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, data: letter }));
  const time = (await shown) - started;
  field.value = '';
  field.dispatchEvent(new InputEvent('input', { bubbles: true }));
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return time;
}`;

/** The team's measures, each a list of times in ms; with `mergeOnly`, the merge alone. */
export async function measureTeam(browser, url, repeats, { mergeOnly = false } = {}) {
  const result = { merge10x1000: [], mergeProgressPainted: [], agreementShown10x1000: [], agreementComputed10x1000: [], keystrokeShortHistory: [], keystrokeLongHistory: [], createShortHistory: [], createLongHistory: [] };
  const fresh = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await appReady(page);
    return { context, page };
  };
  for (let run = 0; run < repeats; run += 1) {
    const { context, page } = await fresh();
    const urls = Array.from({ length: 10 }, (_, index) => `/team/coder-${index + 1}.json`);
    result.merge10x1000.push(await page.evaluate(`(${openInPage})(${JSON.stringify(urls)})`));
    result.mergeProgressPainted.push(await page.evaluate(() => window.progressPainted));
    if (!mergeOnly) {
      const agreement = await page.evaluate(`(${showAgreement})()`);
      result.agreementShown10x1000.push(agreement.shown);
      if (agreement.computed !== null) result.agreementComputed10x1000.push(agreement.computed);
    }
    await context.close();
  }
  if (mergeOnly) return { merge10x1000: result.merge10x1000, mergeProgressPainted: result.mergeProgressPainted };
  const { context, page } = await fresh();
  await page.evaluate(`(${openInPage})(["/workloads/doc-1mb.project.json"])`);
  await page.waitForSelector('article mark', { timeout: 60_000 });
  // Letters rare in the communiqué's passages, so each keystroke changes what the list shows.
  const letters = 'zxqjv';
  for (let step = 0; step < 5; step += 1) {
    result.keystrokeShortHistory.push(await page.evaluate(`(${keystroke})(${JSON.stringify(letters[step])})`));
    result.createShortHistory.push((await page.evaluate(`(${newHighlightInPage})(${step})`)).create);
  }
  // 300 more steps of undo history, each a new highlight.
  for (let step = 5; step < 305; step += 1) await page.evaluate(`(${newHighlightInPage})(${step})`);
  for (let step = 0; step < 5; step += 1) {
    result.keystrokeLongHistory.push(await page.evaluate(`(${keystroke})(${JSON.stringify(letters[step])})`));
    result.createLongHistory.push((await page.evaluate(`(${newHighlightInPage})(${305 + step})`)).create);
  }
  await context.close();
  return result;
}
