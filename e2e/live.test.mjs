// Live sessions on a real y-sweet server, as a team uses them: two people in one room tag the
// same paragraph at the same moment and both see both highlights; one goes offline, codes, and
// comes back; the server restarts and a newcomer sees everything; a reference Yjs client (npm
// yjs + y-websocket) reads a highlight made in the app and writes one both browsers show.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { drawnHighlightIds, highlightText, openApp, servedApp, tag, unexpectedProblems } from './harness.mjs';
import { referenceClient, startSessionServer, waitFor } from './session_server.mjs';

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
  await connected(opened.page);
  if (name) {
    await opened.page.getByLabel('Coder', { exact: true }).fill(name);
    await opened.page.getByLabel('Coder', { exact: true }).press('Enter');
    await opened.page.getByLabel('Coder', { exact: true }).press('Tab');
    await opened.page.getByText('Who is coding?').waitFor({ state: 'detached' });
  }
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

test('one goes offline, codes, and comes back: both have everything, and nothing waits', async () => {
  const room = `offline-${Date.now()}`;
  const amira = await join(room, 'Amira');
  const ben = await join(room, 'Ben');
  await ben.context.setOffline(true);
  await ben.page.locator('.live-session[data-connection="offline"]').waitFor({ timeout: 20_000 });
  await tag(ben.page, 'foreign terrorist fighters', 'Law enforcement, justice and foreign fighters');
  await tag(amira.page, 'the protection of civilians', 'Civilians and international law');
  // Ben's tab says what it holds back.
  await ben.page.locator('.live-session summary').click();
  await ben.page.getByRole('status').filter({ hasText: /^Offline, 1 change waiting;/ }).waitFor();
  await highlightsBecome(amira.page, 1);
  await ben.context.setOffline(false);
  await connected(ben.page);
  const seenByAmira = await highlightsBecome(amira.page, 2);
  assert.deepEqual(await highlightsBecome(ben.page, 2), seenByAmira);
  await ben.page.getByRole('status').filter({ hasText: /^Connected$/ }).waitFor();
  await amira.context.close();
  await ben.context.close();
});

test('the server stopped after its save interval and started again: a newcomer sees every highlight', async () => {
  const room = `restart-${Date.now()}`;
  const amira = await join(room, 'Amira');
  await tag(amira.page, 'the protection of civilians', 'Civilians and international law');
  await tag(amira.page, 'foreign terrorist fighters', 'Law enforcement, justice and foreign fighters');
  // y-sweet saves a room about every ten seconds; a hard stop after that loses nothing.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  await server.kill();
  await amira.page.locator('.live-session[data-connection="reconnecting"]').waitFor({ timeout: 20_000 });
  await server.restart();
  await connected(amira.page);
  await amira.context.close();
  const newcomer = await join(room, 'Chloe');
  assert.equal((await highlightsBecome(newcomer.page, 2)).length, 2);
  await newcomer.context.close();
});

test('a reference Yjs client reads a highlight made in the app and writes one both browsers show', async () => {
  const room = `reference-${Date.now()}`;
  const amira = await join(room, 'Amira');
  const ben = await join(room, 'Ben');
  await tag(amira.page, 'the protection of civilians', 'Civilians and international law');
  const [made] = await highlightsBecome(amira.page, 1);
  const client = referenceClient(server.url, room);
  try {
    await client.synced();
    await waitFor(() => client.annotations.get(made), { what: 'the highlight to reach the reference client' });
    const record = client.annotations.get(made);
    assert.equal(record.get('exact'), 'the protection of civilians');
    assert.equal(record.get('creator'), 'Amira');
    const themeId = [...record.get('theme_ids').keys()][0];
    const themes = client.doc.getMap('themes');
    assert.equal(themes.get(themeId).get('name'), 'Civilians and international law');
    // The reference client writes a highlight as the README's schema says: one transaction.
    const documentId = record.get('document');
    const text = await amira.page.evaluate(() => document.querySelector('article').textContent);
    const exact = 'foreign terrorist fighters';
    const start = [...text.slice(0, text.indexOf(exact))].length;
    const id = '0b5e4c1a-6c0f-4a55-9d7e-3f1b2a3c4d5e';
    client.doc.transact(() => {
      const written = new Y.Map();
      client.annotations.set(id, written);
      for (const [key, value] of Object.entries({
        document: documentId, start, end: start + [...exact].length, exact, prefix: '', suffix: '', note: 'from another Yjs client',
        coder: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', creator: 'Reference client',
        created: '2026-12-02T10:00:00Z', modified: '2026-12-02T10:00:00Z',
      })) written.set(key, value);
      const themeIds = new Y.Map();
      written.set('theme_ids', themeIds);
      themeIds.set(themeId, true);
    });
    for (const coder of [amira, ben]) {
      await highlightsBecome(coder.page, 2);
      assert.equal(await highlightText(coder.page, id), exact);
    }
  } finally {
    client.close();
  }
  await amira.context.close();
  await ben.context.close();
});
