// expect-findings: no-unbounded-message-handler, require-backpressure-check, require-close-cleanup, require-error-listener, require-max-payload, require-idle-timeout
// Seed 003, leaky: a probing agent. The master pushes probe tasks over a WebSocket; the agent
// runs them and the results are broadcast back every half second.
//
// In the incident, a bulk import of URLs sent thousands of tasks at once. The agent handled each
// message synchronously on its I/O thread, so it stopped reading the socket: its receive queue
// filled, the TCP window went to zero, the proxy's send queue stalled and nginx finally reset the
// connection. Tasks were lost and the master saw "Connection reset by peer".
import { execSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';

const results = []; // BUG: grows without limit while nobody drains it

async function httpProbe(task) {
  await new Promise((resolve) => setTimeout(resolve, 50)); // stands in for a real HTTP check
  return { id: task.id, kind: 'http', ok: true };
}

export async function start(options = {}) {
  // BUG: no maxPayload (100 MiB by default) and no wss.on('error').
  const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });

  wss.on('connection', (ws) => {
    // BUG: no ws.on('error') — one malformed frame from the master crashes the agent.
    ws.on('message', (data) => {
      const task = JSON.parse(String(data));
      if (task.kind === 'hash') {
        // BUG: blocks the event loop for every message; nothing else is read meanwhile.
        const digest = pbkdf2Sync(task.target, 'probe', 100_000, 32, 'sha256').toString('hex');
        results.push({ id: task.id, kind: 'hash', digest });
      } else if (task.kind === 'file') {
        const size = readFileSync(fileURLToPath(import.meta.url)).length; // BUG: sync disk I/O
        results.push({ id: task.id, kind: 'file', size });
      } else if (task.kind === 'uptime') {
        results.push({ id: task.id, kind: 'uptime', out: execSync('uptime').toString().trim() }); // BUG: blocks on a child process
      } else {
        // BUG: un-awaited, unbounded: 10,000 tasks start 10,000 probes at once.
        httpProbe(task).then((result) => results.push(result));
      }
    });
  });

  // BUG: no bufferedAmount check — a slow master gets everything queued in this process's memory.
  // BUG: the interval is never cleared, so close() cannot let the process exit.
  setInterval(() => {
    const batch = JSON.stringify(results.splice(0));
    wss.clients.forEach((client) => client.send(batch));
  }, 500);

  await once(wss, 'listening');
  return {
    port: wss.address().port,
    close() {
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { port } = await start({ port: Number(process.env.PORT ?? 8080) });
  console.log(`probe agent (leaky) on ws://127.0.0.1:${port}`);
}
