// Live sessions on a real y-sweet server, as a team uses them: two people in one room tag the
// same paragraph at the same moment and both see both highlights; one goes offline, codes, and
// comes back; the server restarts and a newcomer sees everything; a reference Yjs client (npm
// yjs + y-websocket) reads a highlight made in the app and writes one both browsers show.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { fileURLToPath } from 'node:url';
import { drawnHighlightIds, highlightText, openApp, selectWithMouse, servedApp, tag, unexpectedProblems } from './harness.mjs';
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
  // Ben's selection is drawn in Amira's text, with his name at the caret.
  await selectWithMouse(ben.page, 'reconvening in-person after two years');
  await amira.page.locator('.peer-caret .peer-name', { hasText: 'Ben' }).waitFor();
  assert.ok((await amira.page.locator('.peer-selection').count()) >= 1);
  // Each is in the other's list of people, with the name they gave.
  await amira.page.locator('.live-session summary').click();
  await amira.page.getByRole('list', { name: 'In the room' }).getByText('Ben').waitFor();
  await amira.page.getByRole('status').filter({ hasText: /^Connected$/ }).waitFor();
  await amira.page.locator('.peer-caret').scrollIntoViewIfNeeded();
  await amira.page.screenshot({ path: fileURLToPath(new URL('../docs/live.png', import.meta.url)) });
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

test('a room holding garbage, and a server sending frames that are not Yjs, are read around: the work stays', async () => {
  const room = `garbage-${Date.now()}`;
  const amira = await join(room, 'Amira');
  amira.page.on('dialog', (dialog) => { amira.problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  await tag(amira.page, 'the protection of civilians', 'Civilians and international law');
  const [mine] = await highlightsBecome(amira.page, 1);
  const client = referenceClient(server.url, room);
  try {
    await client.synced();
    const documentId = client.annotations.get(mine).get('document');
    const payload = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    client.doc.transact(() => {
      client.annotations.set('not-a-map', 'just a string');
      const wrong = new Y.Map();
      client.annotations.set('wrong-types', wrong);
      wrong.set('start', 'three');
      wrong.set('end', { seven: 7 });
      const huge = new Y.Map();
      client.annotations.set('huge', huge);
      huge.set('note', 'x'.repeat(200_000));
      for (let number = 0; number < 20_000; number += 1) client.annotations.set(`many-${number}`, number);
      const odd = new Y.Map();
      client.doc.getMap('themes').set('odd-theme', odd);
      odd.set('name', payload);
      odd.set('colour', 'javascript:alert(1)');
      // A good highlight among them, with a note that is a script, and a theme no codebook holds.
      const good = new Y.Map();
      client.annotations.set('5d0e2f1a-1b2c-4d3e-8f4a-5b6c7d8e9f00', good);
      const exact = 'foreign terrorist fighters';
      for (const [key, value] of Object.entries({ document: documentId, start: 0, end: 0, exact, note: payload,
        coder: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', created: '2026-12-02T10:00:00Z' })) good.set(key, value);
      const themeIds = new Y.Map();
      good.set('theme_ids', themeIds);
      themeIds.set('00000000-0000-4000-8000-00000000dead', true);
    });
    await highlightsBecome(amira.page, 2);
    await amira.page.getByText(/The room holds records this app cannot read in full/).waitFor();
    // The script in the note is text.
    await amira.page.locator('article mark[data-annotation-id="5d0e2f1a-1b2c-4d3e-8f4a-5b6c7d8e9f00"]').first().click();
    await amira.page.getByRole('dialog').waitFor();
    const described = await amira.page.locator('#describe-5d0e2f1a-1b2c-4d3e-8f4a-5b6c7d8e9f00').textContent();
    assert.match(described, /Note: <img src=x onerror=/);
    assert.equal(await amira.page.evaluate(() => document.querySelectorAll('img[src="x"]').length), 0);
    assert.equal(await amira.page.evaluate(() => window.pwned), undefined);
  } finally {
    client.close();
  }
  await amira.context.close();

  // A server that answers with frames that are not of the protocol, then with a good one.
  const { WebSocketServer } = await import('ws');
  const fake = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => fake.once('listening', resolve));
  const good = new Y.Doc();
  const themes = good.getMap('themes');
  good.transact(() => {
    const theme = new Y.Map();
    themes.set('7e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b', theme);
    for (const [key, value] of Object.entries({ name: 'Sent by a stranger', colour: '#123456',
      coder: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', created: '2026-12-02T10:00:00Z' })) theme.set(key, value);
  });
  const update = Y.encodeStateAsUpdate(good);
  const frame = Buffer.concat([Buffer.from([0, 2]), encodeLength(update.length), Buffer.from(update)]);
  fake.on('connection', (socket) => {
    socket.send(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    socket.send(Buffer.from([0, 1, 200, 1, 2]));
    socket.send(Buffer.from([0, 2, 5, 9, 9, 9, 9, 9]));
    socket.send('text where bytes belong');
    socket.send(frame);
  });
  const hostile = await openApp(app.browser, `${app.url}?session=fake&server=${encodeURIComponent(`ws://127.0.0.1:${fake.address().port}`)}`);
  await tag(hostile.page, 'the protection of civilians', 'Civilians and international law');
  // The good frame after the bad ones is read: its theme is in the codebook.
  await hostile.page.locator('option', { hasText: 'Sent by a stranger' }).first().waitFor({ state: 'attached', timeout: 20_000 });
  await hostile.page.getByText(/^The session server sent .*; it was skipped, and your work is unchanged\.|^The session server sent text where the Yjs protocol sends bytes/).waitFor();
  assert.equal((await drawnHighlightIds(hostile.page)).length, 1, 'the work stays');
  assert.deepEqual(hostile.problems.filter((problem) => /panicked|RuntimeError|unreachable/.test(problem)), []);
  await hostile.context.close();
  fake.close();
});

/** lib0's variable-length unsigned integer, as y-websocket frames lengths. */
function encodeLength(length) {
  const bytes = [];
  while (length > 127) {
    bytes.push((length & 127) | 128);
    length >>>= 7;
  }
  bytes.push(length);
  return Buffer.from(bytes);
}

test('a tab closed offline loses nothing, leaving keeps a copy, and a document comes with the room', async () => {
  const room = `closed-offline-${Date.now()}`;
  const link = `${app.url}?session=${room}&server=${encodeURIComponent(server.url)}`;
  const amira = await join(room, 'Amira');
  // A document of Amira's, pasted in the session: it reaches the room with its highlight.
  await amira.page.getByRole('button', { name: 'Paste text…' }).click();
  const form = amira.page.getByRole('form', { name: 'Paste a document' });
  await form.getByLabel('Title').fill('Field notes');
  await form.getByLabel('Text').fill('Notes from the field.\n\nThe protection of civilians came up twice.');
  await form.getByRole('button', { name: 'Add document' }).click();
  await amira.page.locator('article p', { hasText: 'came up twice' }).waitFor();
  await tag(amira.page, 'came up twice', 'Civilians and international law');
  await amira.page.getByLabel('Document', { exact: true }).selectOption({ label: 'Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS' });
  // Offline, Amira codes and closes the tab.
  await amira.context.setOffline(true);
  await amira.page.locator('.live-session[data-connection="offline"]').waitFor({ timeout: 20_000 });
  await tag(amira.page, 'the protection of civilians', 'Civilians and international law');
  await amira.page.close();
  const ben = await join(room, 'Ben');
  // Ben's browser had no such document: it came with the room, and is shown, as his browser
  // had no highlight of its own.
  await ben.page.locator('article p', { hasText: 'came up twice' }).waitFor();
  await highlightsBecome(ben.page, 1);
  await ben.page.getByLabel('Document', { exact: true }).selectOption({ label: 'Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS' });
  await ben.page.locator('article p', { hasText: 'reconvening in-person' }).waitFor();
  assert.equal((await drawnHighlightIds(ben.page)).length, 0, 'the offline highlight has not reached the room');
  // Amira opens the link again once online: what she kept is merged into the room.
  await amira.context.setOffline(false);
  const again = await amira.context.newPage();
  await again.goto(link);
  await connected(again);
  await highlightsBecome(ben.page, 1);
  // Ben leaves: his copy stays, the address no longer names the room, and the room goes on without him.
  await ben.page.locator('.live-session summary').click();
  await ben.page.getByRole('button', { name: 'Leave the session' }).click();
  await ben.page.getByText('You left the live session').waitFor();
  assert.ok(!ben.page.url().includes('session='));
  await tag(again, 'foreign terrorist fighters', 'Law enforcement, justice and foreign fighters');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal((await drawnHighlightIds(ben.page)).length, 1);
  await ben.page.reload();
  await ben.page.waitForFunction(() => !document.getElementById('prerendered') && document.querySelector('.app'));
  assert.equal((await drawnHighlightIds(ben.page)).length, 1, 'the copy is kept in the browser');
  assert.equal(await ben.page.locator('.live-session').count(), 0);
  await amira.context.close();
  await ben.context.close();
});
