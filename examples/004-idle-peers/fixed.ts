// Seed 004, fixed: the notification server notices peers that vanished and lets them go.
// A heartbeat pings every socket and terminate()s the ones that did not answer the previous
// ping (the equivalent of the nginx proxy_read_timeout that ended the incident, but inside the
// process); the registry entry goes away on 'close'; errors are logged instead of fatal.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';

const HEARTBEAT_MS = 30_000;
const HIGH_WATER = 1 << 20;

export async function start(options: { port?: number } = {}): Promise<{ port: number; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, maxPayload: 1 << 20 });
  wss.on('error', (err) => console.error('notification server error:', err.message));
  const clients = new Map<string, WebSocket>();
  const alive = new WeakSet<WebSocket>();

  wss.on('connection', (ws, req) => {
    ws.on('error', (err) => console.warn('client error:', err.message)); // ws closes the socket itself
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));

    const user = new URL(req.url ?? '/', 'http://localhost').searchParams.get('user') ?? 'anonymous';
    clients.set(user, ws);
    ws.once('close', () => {
      if (clients.get(user) === ws) clients.delete(user); // a newer tab may have replaced us
    });

    ws.on('message', (data) => {
      let note: { to?: unknown; text?: unknown };
      try {
        note = JSON.parse(String(data)) as typeof note;
      } catch {
        return;
      }
      const target = typeof note.to === 'string' ? clients.get(note.to) : undefined;
      if (target?.readyState !== WebSocket.OPEN) return;
      if (target.bufferedAmount > HIGH_WATER) return; // recipient is not reading; drop the note
      target.send(JSON.stringify({ from: user, text: String(note.text) }));
    });
    ws.send(JSON.stringify({ type: 'welcome', user }));
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate(); // close() would wait 30 s for a peer that is gone
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  wss.on('close', () => clearInterval(heartbeat));

  await once(wss, 'listening');
  return {
    port: (wss.address() as AddressInfo).port,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void start({ port: Number(process.env.PORT ?? 8080) }).then(({ port }) => {
    console.log(`notifications listening on ws://127.0.0.1:${port}/?user=alice`);
  });
}
