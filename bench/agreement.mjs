// Agreement in make bench: with ten coders' files of a thousand annotations each merged on the
// 100 KB workload, the Agreement tab is clicked and timed to the frame that paints the figures,
// beside the time the computation itself took (the page's "agreement" performance measure). Ours
// only: the peer computes no agreement.

/** Clicks the Agreement tab; resolves to { shown, computed } in ms. */
export const showAgreement = `async () => {
  performance.clearMeasures('agreement');
  const tab = document.getElementById('tab-agreement');
  const shown = new Promise((resolve, reject) => {
    const done = () => document.querySelector('.agreement-table');
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now()));
    });
    observer.observe(document.body, { subtree: true, childList: true });
    setTimeout(() => reject(new Error('the agreement table did not appear')), 60000);
  });
  const started = performance.now();
  tab.click();
  const time = (await shown) - started;
  const [measure] = performance.getEntriesByName('agreement', 'measure');
  // Back to the first tab, so the next merge starts as the first did.
  document.getElementById('tab-highlights').click();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return { shown: time, computed: measure ? measure.duration : null };
}`;
