// The live latency in make bench: one browser's click on a theme until the other browser, in the
// same room on a y-sweet server on loopback, paints the new mark (target ≤ 50 ms p95). Both
// pages stamp their moments with performance.timeOrigin + performance.now(), one clock of this
// machine. Ours only: the peer has no live sessions.
import { appReady } from '../e2e/harness.mjs';
import { startSessionServer } from '../e2e/session_server.mjs';
import { newHighlightInPage } from './steps.mjs';

/** In the watching page: resolves with the moment the frame after a new mark is in the DOM. */
function nextMarkPainted() {
  return new Promise((resolve) => {
    const before = new Set([...document.querySelectorAll('article mark')].map((m) => m.dataset.annotationId));
    const observer = new MutationObserver(() => {
      if (![...document.querySelectorAll('article mark')].some((m) => !before.has(m.dataset.annotationId))) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
    });
    observer.observe(document.querySelector('article'), { subtree: true, childList: true });
  });
}

/** Measures `repeats` highlights made in one page and seen in the other; returns { liveLatency }. */
export async function measureLive(browser, url, repeats) {
  const server = await startSessionServer();
  const room = `bench-${Date.now()}`;
  const pages = [];
  try {
    for (let index = 0; index < 2; index += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${url}?session=${room}&server=${encodeURIComponent(server.url)}`);
      await appReady(page);
      await page.locator('.live-session[data-connection="connected"]').waitFor({ timeout: 30_000 });
      pages.push(page);
    }
    const [maker, watcher] = pages;
    // The moment of the click on the theme, in the making page.
    await maker.evaluate(() => {
      document.addEventListener('click', (event) => {
        if (event.target.closest?.('[role="toolbar"] .theme-button')) window.clickedAt = performance.timeOrigin + performance.now();
      }, true);
    });
    const liveLatency = [];
    for (let step = 0; step < repeats; step += 1) {
      const seen = watcher.evaluate(nextMarkPainted);
      await maker.evaluate(`(${newHighlightInPage})(${step})`);
      const painted = await seen;
      liveLatency.push(painted - (await maker.evaluate(() => window.clickedAt)));
    }
    return { liveLatency };
  } finally {
    for (const page of pages) await page.context().close();
    await server.kill();
  }
}
