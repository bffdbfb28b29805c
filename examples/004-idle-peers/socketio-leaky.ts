// expect-findings: require-close-cleanup, require-backpressure-check
// Seed 004, socket.io flavour, leaky. socket.io itself cuts silent peers (it pings every client)
// and caps message size, so the heartbeat and payload bugs of leaky.ts cannot happen here. What
// socket.io cannot do is undo our own bookkeeping: whatever the handler starts or registers for a
// socket stays after 'disconnect' unless the handler releases it there.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Server, type Socket } from 'socket.io';

export async function start(options: { port?: number } = {}): Promise<{ port: number; close(): Promise<void> }> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { maxHttpBufferSize: 64 * 1024 });
  const sockets = new Map<string, Socket>(); // user -> their socket

  io.on('connection', (socket) => {
    const user = String(socket.handshake.query.user ?? 'anonymous');
    // BUG: never deleted. Every user that ever connected keeps their (closed) socket here.
    sockets.set(user, socket);
    // BUG: never cleared. The interval keeps running, and keeps the socket alive, after the
    // peer is gone: one timer per visit, forever.
    setInterval(() => socket.emit('presence', { online: sockets.size }), 1000);

    socket.on('notify', (note: { to?: unknown; text?: unknown }) => {
      if (typeof note?.to !== 'string') return;
      sockets.get(note.to)?.emit('notification', { from: user, text: String(note.text) });
    });
    socket.emit('welcome', { user });
  });

  httpServer.listen(options.port ?? 0, '127.0.0.1');
  await once(httpServer, 'listening');
  return {
    port: (httpServer.address() as AddressInfo).port,
    close: () => io.close(), // disconnects every socket and closes the http server
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void start({ port: Number(process.env.PORT ?? 8080) }).then(({ port }) => {
    console.log(`socket.io notifications (leaky) listening on http://127.0.0.1:${port}`);
  });
}
