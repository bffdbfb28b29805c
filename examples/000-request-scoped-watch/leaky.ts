// expect-findings: no-request-context-reuse, require-close-cleanup, require-error-listener, require-backpressure-check, require-idle-timeout, require-max-payload
// Seeds 000/001, the leaky version: a dashboard that streams pod status over a WebSocket.
// Each page visit opens a socket; the server starts a pod watch for it and bounds that watch
// with the *HTTP request*, the way the Go original used `c.Request().Context()`.
//
// After an upgrade, Node never closes or aborts `req` when the browser goes away (the request
// was handed over, not finished). So the watch below never stops: it keeps its timer and keeps
// sending into a dead socket. One leaked watch + socket per visit, until the process runs out.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { watchPods } from '../shared/pod-watch.js';

async function authenticate(req: http.IncomingMessage): Promise<string | null> {
  await new Promise((resolve) => setTimeout(resolve, 50)); // a session lookup (database, auth service)
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('user');
}

export async function start(options: { port?: number } = {}): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(426).end('WebSocket only\n'));
  // BUG: no maxPayload, so ws accepts 100 MiB messages by default.
  const wss = new WebSocketServer({ noServer: true });

  server.on('upgrade', async (req, socket, head) => {
    // BUG: the raw socket has no 'error' listener here (Node removed its own before emitting
    // 'upgrade'). If the browser resets the connection during this await, the process dies.
    const user = await authenticate(req);
    if (!user) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws, req) => {
    const namespace = new URL(req.url ?? '/', 'http://localhost').searchParams.get('ns') ?? 'default';

    // BUG (the incident): a "request context" — aborted when the request closes, which after an
    // upgrade is never. The watch therefore outlives the socket.
    const requestScope = new AbortController();
    req.on('close', () => requestScope.abort());
    const watch = watchPods(namespace, { signal: requestScope.signal });

    // BUG: no bufferedAmount check. A slow or vanished browser makes ws queue every event in memory.
    watch.on('event', (event) => ws.send(JSON.stringify(event)));
    // BUG: no ws.on('error'): an invalid frame from the peer crashes the process.
  });

  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening'); // rejects on EADDRINUSE
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void start({ port: Number(process.env.PORT ?? 8080) }).then(({ port }) => {
    console.log(`pod dashboard (leaky) on ws://127.0.0.1:${port}/?user=alice&ns=default`);
  });
}
