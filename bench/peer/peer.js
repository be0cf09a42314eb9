// The peer page: the workload's paragraphs, and @recogito/text-annotator on them with the same
// annotations through its W3C adapter. The bench reads window.bench.
(async () => {
  const workload = new URLSearchParams(location.search).get('workload');
  const data = await (await fetch(`/workloads/${workload}.json`)).json();
  const container = document.getElementById('content');
  for (const paragraph of data.paragraphs) {
    const p = document.createElement('p');
    p.textContent = paragraph;
    container.append(p);
  }
  const anno = RecogitoJS.createTextAnnotator(container, { adapter: RecogitoJS.W3CTextFormat(data.source, container) });
  anno.setAnnotations(data.w3c);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  window.bench = { anno, opened: performance.now(), data };
})();
