// The live-session server for tests and the bench: a real y-sweet (the version scripts/setup.sh
// installs) on a free loopback port, and the scaled-out cluster of scripts/session_cluster.sh
// (nginx in front of y-sweet instances sharing an S3 store). Every process started here is
// killed when this Node process exits, whether its tests passed or not, and each is watched by a
// small guard that kills it if this process dies without running its exit handlers.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Processes and directories to remove when this process exits. */
const owned = { pids: new Set(), groups: new Set(), dirs: new Set() };
let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  const cleanUp = () => {
    for (const pid of owned.pids) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    owned.pids.clear();
    // The cluster's processes lead their own process groups (nginx's workers are in its group).
    for (const pid of owned.groups) {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    owned.groups.clear();
    for (const dir of owned.dirs) rmSync(dir, { recursive: true, force: true });
    owned.dirs.clear();
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => { cleanUp(); process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[signal]); });
  }
}

/**
 * Kills `pid` (and removes `dir`, if given) once this process is gone, even if it died by SIGKILL:
 * a detached shell loop, which ends with `pid`.
 */
function guard(pid, dir) {
  const remove = dir ? `rm -rf '${dir}'` : ':';
  const script = `while kill -0 ${process.pid} 2>/dev/null; do kill -0 ${pid} 2>/dev/null || exit 0; sleep 1; done; kill -9 ${pid} 2>/dev/null; ${remove}`;
  const watcher = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watcher.unref();
}

/** The y-sweet binary, from $Y_SWEET, PATH or ~/.cargo/bin; a clear error if it is not installed. */
export function ySweetBinary() {
  const candidates = [
    process.env.Y_SWEET,
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => dir && join(dir, 'y-sweet')),
    join(homedir(), '.cargo', 'bin', 'y-sweet'),
  ].filter(Boolean);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error('y-sweet, the session server, is not installed (looked on PATH and in ~/.cargo/bin): run `make setup`');
  }
  return found;
}

/** A new key for `y-sweet serve --auth`: { private_key, server_token }. */
export function generateAuthKey() {
  const made = spawnSync(ySweetBinary(), ['gen-auth', '--json'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`y-sweet gen-auth failed: ${made.stderr}`);
  return JSON.parse(made.stdout);
}

/** A port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `url` answers 200, or throws after `timeoutMs` with `describe()` in the message. */
async function waitReady(url, { timeoutMs = 20000, alive = () => true, describe = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the server exited before ${url} answered${describe()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch { /* not listening yet */ }
    await sleep(50);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms${describe()}`);
}

/** Resolves once `child` has exited (at once if it already has). */
function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve));
}

/**
 * Starts `y-sweet serve DIR --port PORT` on 127.0.0.1 and waits until it answers.
 * `port` defaults to a free one and `dir` to a new temporary directory (removed at exit).
 * Resolves to { url: 'ws://127.0.0.1:PORT', httpUrl, port, dir, log(), stop(), kill(), restart() }:
 * - stop(): SIGINT, as Ctrl+C, and waits for the exit: y-sweet saves every room first;
 * - kill(): SIGKILL: whatever y-sweet had not saved yet is lost;
 * - restart(): stops it (gracefully) if it runs, then starts it again on the same port and dir.
 * A room's websocket is `${url}/d/ROOM/ws/ROOM` (y-websocket: serverUrl `${url}/d/ROOM/ws`, room ROOM).
 */
export async function startSessionServer({ port, dir, args = [] } = {}) {
  hookExit();
  const binary = ySweetBinary();
  port ??= await freePort();
  let madeDir;
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'session-'));
    madeDir = dir;
    owned.dirs.add(dir);
  }
  let child;
  let output = '';

  const start = async () => {
    output = '';
    child = spawn(binary, ['serve', dir, '--port', String(port), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    owned.pids.add(child.pid);
    guard(child.pid, madeDir);
    const keep = (chunk) => { output = (output + chunk).slice(-20000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const pid = child.pid;
    child.once('exit', () => owned.pids.delete(pid));
    const current = child;
    await waitReady(`http://127.0.0.1:${port}/ready`, {
      alive: () => current.exitCode === null && current.signalCode === null,
      describe: () => `; y-sweet said:\n${output}`,
    });
  };

  const stopWith = async (signal) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const current = child;
    current.kill(signal);
    await exited(current);
  };

  await start();
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    port,
    dir,
    log: () => output,
    stop: () => stopWith('SIGINT'),
    kill: () => stopWith('SIGKILL'),
    async restart() {
      await stopWith('SIGINT');
      await start();
    },
  };
}

/** Whether process `pid` runs (a zombie not yet reaped by its parent does not). */
function running(pid) {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Reads scripts/session_cluster.sh's cluster.env (key=value lines). */
function readClusterEnv(runDir) {
  const path = join(runDir, 'cluster.env');
  if (!existsSync(path)) return {};
  return Object.fromEntries(readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => {
    const at = line.indexOf('=');
    return [line.slice(0, at), line.slice(at + 1)];
  }));
}

/**
 * Starts scripts/session_cluster.sh (the same orchestration as `make session-cluster`): an S3
 * store, `instances` y-sweet instances on it, and nginx on a free port routing /d/ROOM/ by a
 * consistent hash of ROOM; with `auth` (a key from `y-sweet gen-auth`) every instance requires
 * tokens (y-sweet reads Y_SWEET_AUTH). Resolves to
 * { url: 'ws://127.0.0.1:PORT' (through nginx), httpUrl, runDir,
 *   instances: [{ port, pid, httpUrl, alive() }],
 *   serving(room): the index of the instance nginx sends ROOM to now (asked through nginx, which
 *     loads the room there if it was not loaded: where the room's next websocket goes too),
 *   stored(room): the size of the room in the store, null if absent (an empty room takes 8 bytes),
 *   stopInstance(i, signal = 'SIGINT'): stops instance i (SIGINT saves its rooms; SIGKILL does not),
 *   close(): stops everything in order and waits }.
 */
export async function startCluster({ instances = 2, auth } = {}) {
  hookExit();
  ySweetBinary();
  const port = await freePort();
  const runDir = mkdtempSync(join(tmpdir(), 'session-cluster-'));
  owned.dirs.add(runDir);
  let output = '';
  const child = spawn('bash', [join(root, 'scripts', 'session_cluster.sh'), '--port', String(port), '--instances', String(instances), '--run-dir', runDir, '--watch', String(process.pid)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(auth ? { Y_SWEET_AUTH: auth } : {}) },
  });
  owned.pids.add(child.pid);
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const ownChildren = () => {
    const env = readClusterEnv(runDir);
    for (const [key, value] of Object.entries(env)) if (key.endsWith('_pid')) owned.groups.add(Number(value));
    return env;
  };

  const deadline = Date.now() + 60000;
  let env = {};
  while (!env.ready) {
    if (child.exitCode !== null) throw new Error(`scripts/session_cluster.sh exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`the session cluster did not start within 60 s:\n${output}`);
    await sleep(100);
    env = ownChildren();
  }

  const list = [];
  for (let i = 1; env[`instance_${i}_port`]; i += 1) {
    const pid = Number(env[`instance_${i}_pid`]);
    list.push({
      port: Number(env[`instance_${i}_port`]),
      pid,
      httpUrl: `http://127.0.0.1:${env[`instance_${i}_port`]}`,
      alive: () => running(pid),
    });
  }
  const httpUrl = `http://127.0.0.1:${port}`;

  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    runDir,
    instances: list,
    log: () => output,
    async serving(room) {
      const response = await fetch(`${httpUrl}/d/${encodeURIComponent(room)}/as-update`);
      await response.arrayBuffer();
      const answered = (response.headers.get('x-session-instance') ?? '').split(',').pop().trim();
      const index = list.findIndex((instance) => answered === `127.0.0.1:${instance.port}`);
      if (index < 0) throw new Error(`no instance answered for room ${room} (status ${response.status}, upstream "${answered}")`);
      return index;
    },
    /** The size in bytes of what the store holds for `room` (null if nothing): 8 is an empty room. */
    async stored(room) {
      // Listed rather than fetched: moto refuses unsigned object reads, not unsigned listings.
      const key = `rooms/${room}/data.ysweet`;
      const listing = await (await fetch(`http://127.0.0.1:${env.s3_port}/${env.s3_bucket}?prefix=${encodeURIComponent(key)}`)).text();
      const size = listing.match(/<Size>(\d+)<\/Size>/);
      return size ? Number(size[1]) : null;
    },
    async stopInstance(i, signal = 'SIGINT') {
      const instance = list[i];
      try { process.kill(instance.pid, signal); } catch { return; }
      while (instance.alive()) await sleep(50);
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
      for (const key of Object.keys(env)) if (key.endsWith('_pid')) owned.groups.delete(Number(env[key]));
      owned.pids.delete(child.pid);
      rmSync(runDir, { recursive: true, force: true });
      owned.dirs.delete(runDir);
    },
  };
}

/**
 * The reference client: npm `yjs` with y-websocket's WebsocketProvider (over `ws`, since Node 20
 * has no WebSocket of its own) in `room` at `url` (a server's or the cluster's ws:// URL). The
 * provider reconnects by itself when the connection drops. BroadcastChannel, which Node has, is
 * off: two clients in one process must meet through the server, not around it.
 * Returns { doc, provider, annotations: doc.getMap('annotations'), synced(), syncs(), json(), close() }.
 */
export function referenceClient(url, room, options = {}) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url}/d/${encodeURIComponent(room)}/ws`, room, doc, {
    WebSocketPolyfill: WebSocket,
    disableBc: true,
    ...options,
  });
  let closed = false;
  let syncs = 0;
  provider.on('sync', (synced) => { if (synced) syncs += 1; });
  return {
    doc,
    provider,
    annotations: doc.getMap('annotations'),
    /** Resolves once the provider has exchanged state with the server (at once if it has). */
    synced: (timeoutMs = 10000) => waitFor(() => provider.synced, { timeoutMs, what: `room ${room} to sync` }),
    /** How many times the provider has synced with a server: one more after each reconnection. */
    syncs: () => syncs,
    json: () => doc.getMap('annotations').toJSON(),
    close() {
      if (closed) return;
      closed = true;
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls `predicate` every 20 ms until it holds; throws after `timeoutMs` naming `what`. */
export async function waitFor(predicate, { timeoutMs = 10000, what = 'a condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
