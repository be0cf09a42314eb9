// Live sessions on a real y-sweet server, as a team uses them: two people in one room tag the
// same paragraph at the same moment and both see both highlights; one goes offline, codes, and
// comes back; the server restarts and a newcomer sees everything; a reference Yjs client (npm
// yjs + y-websocket) reads a highlight made in the app and writes one both browsers show.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { drawnHighlightIds, openApp, servedApp, tag, unexpectedProblems } from './harness.mjs';
import { startSessionServer } from './session_server.mjs';

const app = servedApp();
let server;

before(async () => {
  server = await startSessionServer();
});
after(async () => {
  await server?.kill();
});

/** Opens the app in a new context on the room, and waits until it is connected. */
async function join(room, name) {
  const opened = await openApp(app.browser, `${app.url}?session=${room}&server=${encodeURIComponent(server.url)}`);
  if (name) {
    await opened.page.getByLabel('Coder', { exact: true }).fill(name);
    await opened.page.getByLabel('Coder', { exact: true }).press('Enter');
  }
  await connected(opened.page);
  return opened;
}

function connected(page) {
  return page.locator('.live-session[data-connection="connected"]').waitFor({ timeout: 20_000 });
}

/** Waits until the page draws exactly `count` highlights; returns their ids. */
async function highlightsBecome(page, count) {
  await page.waitForFunction(
    (count) => new Set([...document.querySelectorAll('article mark[data-annotation-id]')].map((mark) => mark.dataset.annotationId)).size === count,
    count,
    { timeout: 20_000 },
  );
  return (await drawnHighlightIds(page)).sort();
}

test('two people tagging one paragraph at once both keep both highlights, and see each other', async () => {
  const room = `same-paragraph-${Date.now()}`;
  const amira = await join(room, 'Amira');
  const ben = await join(room, 'Ben');
  // The same paragraph, at the same moment.
  await Promise.all([
    tag(amira.page, 'the protection of civilians', 'Civilians and international law'),
    tag(ben.page, 'international humanitarian law', 'Military action'),
  ]);
  const seenByAmira = await highlightsBecome(amira.page, 2);
  const seenByBen = await highlightsBecome(ben.page, 2);
  assert.deepEqual(seenByAmira, seenByBen);
  // Each is in the other's list of people, with the name they gave.
  await amira.page.locator('.live-session summary').click();
  await amira.page.getByRole('list', { name: 'In the room' }).getByText('Ben').waitFor();
  assert.deepEqual(unexpectedProblems(amira.problems), []);
  assert.deepEqual(unexpectedProblems(ben.problems), []);
  await amira.context.close();
  await ben.context.close();
});
