// `make run` as a person starts it: the page it serves loads with no error in the console, the
// Content-Security-Policy's included (no reload script for it to refuse), a highlight can be made
// in it, and it leaves dist/ (which `make test` builds and serves) as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appReady, distDir, drawnHighlightIds, launchBrowser, tag } from './harness.mjs';
import { freePort, waitFor } from './session_server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The modification times of what dist/ holds at the top, by name. */
async function distTimes() {
  const { readdir } = await import('node:fs/promises');
  const names = await readdir(distDir);
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, (await stat(join(distDir, name))).mtimeMs])));
}

test('make run serves the app with no console error and leaves dist/ alone', { timeout: 900_000 }, async () => {
  const before = await distTimes();
  const port = await freePort();
  const server = spawn('make', ['--no-print-directory', 'run', `SERVE_PORT=${port}`], {
    cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (chunk) => { output = (output + chunk).slice(-20000); });
  server.stderr.on('data', (chunk) => { output = (output + chunk).slice(-20000); });
  const stop = () => { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', stop);
  const browser = await launchBrowser();
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitFor(async () => {
      if (server.exitCode !== null) throw new Error(`make run stopped:\n${output}`);
      try { return (await fetch(url)).ok; } catch { return false; }
    }, { timeoutMs: 840_000, what: `make run to serve on ${url}` });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Every console error counts here, the policy's reports included: the page serves nothing
    // the policy would refuse.
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text()); });
    await page.goto(url);
    await appReady(page);
    const html = await (await fetch(url)).text();
    assert.doesNotMatch(html, /autoreload|__TRUNK_ADDRESS__|new WebSocket/, 'the served page holds no reload script');
    await tag(page, 'increased capacity of the Iraqi forces', 'Military action');
    assert.equal((await drawnHighlightIds(page)).length, 1);
    await page.reload();
    await appReady(page);
    await page.locator('article mark[data-annotation-id]').first().waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
    stop();
  }
  assert.deepEqual(await distTimes(), before, 'make run wrote nothing in dist/');
});
