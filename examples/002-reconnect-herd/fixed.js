// Seed 002, fixed: the workspace tail treats a dropped connection as a normal event.
// Reconnects use capped exponential backoff with *full jitter*
// (delay = random(0, min(cap, base * 2^attempt))), so thousands of clients dropped at the same
// instant spread their retries out instead of stampeding the proxy while it reloads.
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';

const BASE_MS = 500;
const CAP_MS = 30_000;
const IDLE_MS = 75_000; // the server pings every 30 s; two missed pings means the link is dead

export function connect(url, onEvent = (event) => console.log(event), { baseMs = BASE_MS, capMs = CAP_MS } = {}) {
  let current; // the live socket, for stop()
  let attempt = 0;
  let retryTimer;
  let idleTimer;
  let stopped = false;

  function open() {
    retryTimer = undefined;
    const ws = (current = new WebSocket(url, { maxPayload: 1 << 20 }));
    // A proxy can also drop us silently (no FIN): without traffic for too long, assume the worst.
    const stillAlive = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => ws.terminate(), IDLE_MS);
    };
    ws.on('open', () => {
      attempt = 0; // a healthy connection resets the backoff
      stillAlive();
    });
    ws.on('ping', stillAlive);
    ws.on('message', (data) => {
      stillAlive();
      try {
        onEvent(JSON.parse(String(data)));
      } catch (err) {
        console.warn('ignoring malformed event:', err.message);
      }
    });
    // ECONNREFUSED / ECONNRESET while the proxy reloads: expected. 'close' always follows.
    ws.on('error', (err) => console.warn('workspace events:', err.message));
    ws.on('close', (code) => {
      clearTimeout(idleTimer);
      if (stopped || code === 1000) return; // we, or the server, ended the stream on purpose
      const delay = Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
      attempt += 1;
      retryTimer = setTimeout(open, delay);
    });
  }

  open();
  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      current.close(1000, 'client done');
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tail = connect(process.env.WS_URL ?? 'ws://127.0.0.1:8080/workspaces/demo/events');
  process.once('SIGINT', () => tail.stop());
}
