// expect-findings: require-idle-timeout, require-max-payload, require-close-cleanup, require-error-listener
// Seed 004, leaky: a notification server. Each user keeps one socket open; other users (or
// backend jobs) send `{ to, text }` and the server pushes it to the recipient.
//
// In the incident a Tomcat service stopped answering every ~15 days with 10,000 sessions and
// 10,000 ESTABLISHED sockets: peers (laptops closing, NATs forgetting) vanished without a FIN,
// nothing on the server ever noticed, and each dead session stayed in the registry forever.
// Node's ws is the same by default: no idle timeout, no ping, nothing that cuts a silent peer.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';

export async function start(options: { port?: number } = {}): Promise<{ port: number; close(): Promise<void> }> {
  // BUG: no maxPayload (100 MiB by default), no heartbeat, no wss.on('error').
  const wss = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });
  const clients = new Map<string, WebSocket>();

  wss.on('connection', (ws, req) => {
    const user = new URL(req.url ?? '/', 'http://localhost').searchParams.get('user') ?? 'anonymous';
    // BUG: never deleted. Every session that ever connected stays here with its socket.
    clients.set(user, ws);
    // BUG: no ws.on('error'). A frame ws must reject (bad UTF-8, RSV bits, a bad close code,
    // a message over maxPayload) makes ws emit 'error' on this socket, and with no listener
    // Node turns that into an uncaught exception: the whole server exits.

    ws.on('message', (data) => {
      const { to, text } = JSON.parse(String(data)) as { to: string; text: string };
      clients.get(to)?.send(JSON.stringify({ from: user, text }));
    });
    ws.send(JSON.stringify({ type: 'welcome', user }));
  });

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
    console.log(`notifications (leaky) listening on ws://127.0.0.1:${port}/?user=alice`);
  });
}
