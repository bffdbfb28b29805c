// Seed 003, fixed: the probing agent keeps reading its socket no matter how many tasks arrive.
// Work goes through a small per-connection queue (bounded concurrency and length). When the queue
// fills, ws.pause() stops reading, so TCP itself slows the master down instead of the agent
// drowning; it resumes once the queue drains. The work is async, so the event loop stays free.
import { pbkdf2 } from 'node:crypto';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';

const MAX_PAYLOAD = 64 * 1024; // a task is a few hundred bytes
const HIGH_WATER = 1 << 20;
const HEARTBEAT_MS = 30_000;
const CONCURRENCY = 4;
const MAX_QUEUED = 256;

/** Runs at most `concurrency` jobs at a time and holds at most `maxQueued` waiting ones. */
class BoundedQueue {
  #waiting = [];
  #running = 0;
  constructor(concurrency, maxQueued, onDrained) {
    this.concurrency = concurrency;
    this.maxQueued = maxQueued;
    this.onDrained = onDrained; // called as jobs finish once the queue is back under half full
  }
  get full() { return this.#waiting.length >= this.maxQueued; }
  push(job) {
    if (this.full) return false;
    this.#waiting.push(job);
    this.#next();
    return true;
  }
  clear() { this.#waiting.length = 0; }
  #next() {
    while (this.#running < this.concurrency && this.#waiting.length > 0) {
      const job = this.#waiting.shift();
      this.#running += 1;
      job().catch(() => {}).finally(() => {
        this.#running -= 1;
        this.#next();
        if (this.#waiting.length < this.maxQueued / 2) this.onDrained();
      });
    }
  }
}

async function runProbe(task, signal) {
  if (task.kind === 'hash') {
    const key = await new Promise((resolve, reject) =>
      pbkdf2(String(task.target), 'probe', 100_000, 32, 'sha256', (err, k) => (err ? reject(err) : resolve(k))));
    return { digest: key.toString('hex') };
  }
  if (task.kind === 'file') return { size: (await stat(fileURLToPath(import.meta.url))).size };
  await sleep(50, undefined, { signal }); // stands in for a real HTTP check, cancelled on close
  return { ok: true };
}

function sendIfReady(ws, payload) {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > HIGH_WATER) return ws.terminate(); // the master stopped reading
  ws.send(payload);
}

export async function start(options = {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, maxPayload: MAX_PAYLOAD });
  wss.on('error', (err) => console.error('agent server error:', err.message));
  const alive = new WeakSet();
  let completed = 0;

  wss.on('connection', (ws) => {
    ws.on('error', (err) => console.warn('master connection error:', err.message));
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    const lifetime = new AbortController();
    const queue = new BoundedQueue(CONCURRENCY, MAX_QUEUED, () => { if (ws.isPaused) ws.resume(); });
    ws.once('close', () => { lifetime.abort(); queue.clear(); });

    ws.on('message', (data) => {
      let task;
      try { task = JSON.parse(String(data)); } catch { return sendIfReady(ws, '{"error":"bad task"}'); }
      const accepted = queue.push(async () => {
        const result = await runProbe(task, lifetime.signal);
        completed += 1;
        sendIfReady(ws, JSON.stringify({ id: task.id, kind: task.kind, ...result }));
      });
      if (!accepted) sendIfReady(ws, JSON.stringify({ id: task.id, error: 'busy' }));
      if (queue.full) ws.pause(); // stop reading: TCP backpressure reaches the master
    });
  });

  // Results go back to the requester above; all masters also get a periodic summary.
  const stats = setInterval(() => {
    const payload = JSON.stringify({ type: 'stats', completed });
    for (const ws of wss.clients) sendIfReady(ws, payload);
  }, 500);
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) { ws.terminate(); continue; }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  wss.on('close', () => { clearInterval(stats); clearInterval(heartbeat); });

  await once(wss, 'listening');
  return {
    port: wss.address().port,
    close() {
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { port } = await start({ port: Number(process.env.PORT ?? 8080) });
  console.log(`probe agent on ws://127.0.0.1:${port}`);
}
