// Seed 004, socket.io flavour, already correct. socket.io pings every client by itself
// (pingInterval/pingTimeout) and disconnects the ones that stop answering, so silent peers cannot
// pile up; it also caps message size (maxHttpBufferSize). What remains ours is the bookkeeping:
// whatever we register for a socket must be released on 'disconnect'.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Server } from 'socket.io';

export async function start(options: { port?: number } = {}): Promise<{ port: number; close(): Promise<void> }> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, {
    pingInterval: 25_000, // the defaults, spelled out: a dead peer is gone within ~45 s
    pingTimeout: 20_000,
    maxHttpBufferSize: 64 * 1024, // notifications are small
    connectTimeout: 10_000,
  });
  const online = new Map<string, number>(); // user -> number of open sockets

  io.on('connection', (socket) => {
    const auth = socket.handshake.auth as { user?: unknown };
    const user = typeof auth.user === 'string' ? auth.user : String(socket.handshake.query.user ?? 'anonymous');
    void socket.join(`user:${user}`);
    online.set(user, (online.get(user) ?? 0) + 1);
    socket.on('disconnect', () => {
      const left = (online.get(user) ?? 1) - 1;
      if (left > 0) online.set(user, left);
      else online.delete(user);
    });

    socket.on('notify', (note: { to?: unknown; text?: unknown }) => {
      if (typeof note?.to !== 'string') return;
      // volatile: dropped rather than queued without limit for a recipient that is not reading
      io.to(`user:${note.to}`).volatile.emit('notification', { from: user, text: String(note.text) });
    });
    socket.emit('welcome', { user, online: online.size });
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
    console.log(`socket.io notifications listening on http://127.0.0.1:${port}`);
  });
}
