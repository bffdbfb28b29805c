// Seeds 000/001, fixed: the same pod dashboard, with every piece of work tied to the socket's
// real lifetime instead of the request's (the JS analog of the Go fix: a cancellable context
// cancelled by the read loop when the client goes away).
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { watchPods } from '../shared/pod-watch.js';

const MAX_PAYLOAD = 64 * 1024; // browsers only send small control messages here
const HIGH_WATER = 1 << 20; // a peer 1 MiB behind is not reading: drop it
const HEARTBEAT_MS = 30_000;

async function authenticate(req: http.IncomingMessage): Promise<string | null> {
  await new Promise((resolve) => setTimeout(resolve, 50)); // a session lookup (database, auth service)
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('user');
}

function onSocketError(err: Error): void {
  console.warn('upgrade socket error:', err.message);
}

export async function start(options: { port?: number } = {}): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(426).end('WebSocket only\n'));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });

  server.on('upgrade', async (req, socket, head) => {
    // Node detached its own error handler before 'upgrade'; a reset during the await below
    // would otherwise be an unhandled 'error'. ws installs its own once handleUpgrade runs.
    socket.on('error', onSocketError);
    const user = await authenticate(req).catch(() => null);
    if (socket.destroyed) return; // the browser left while we were waiting
    if (!user) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.removeListener('error', onSocketError);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (ws, req) => {
    ws.on('error', (err) => console.warn('ws error:', err.message));
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));

    // The socket's lifetime, not the request's: aborted when the socket actually closes.
    const lifetime = new AbortController();
    ws.once('close', () => lifetime.abort());
    const namespace = new URL(req.url ?? '/', 'http://localhost').searchParams.get('ns') ?? 'default';
    const watch = watchPods(namespace, { signal: lifetime.signal });

    watch.on('event', (event) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > HIGH_WATER) {
        ws.terminate(); // slow consumer; 'close' fires and aborts the watch
        return;
      }
      ws.send(JSON.stringify(event));
    });
  });

  // Peers that vanish without a FIN never emit 'close'; ping them and cut the silent ones.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  wss.on('close', () => clearInterval(heartbeat));

  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening'); // rejects on EADDRINUSE
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void start({ port: Number(process.env.PORT ?? 8080) }).then(({ port }) => {
    console.log(`pod dashboard on ws://127.0.0.1:${port}/?user=alice&ns=default`);
  });
}
