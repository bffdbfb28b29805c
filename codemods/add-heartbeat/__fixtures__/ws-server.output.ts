import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Presence {
  online(user: string): void;
  offline(user: string): void;
}

export function attachPresence(server: Server, presence: Presence): void {
  const wss = new WebSocketServer({ server, maxPayload: 4096 });
  const awaitingPong = new WeakSet();
  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (client.isPaused) {
        awaitingPong.delete(client); // a paused socket reads no pong: ask again once it is resumed
        continue;
      }
      if (awaitingPong.has(client)) {
        client.terminate();
        continue;
      }
      awaitingPong.add(client);
      client.once('pong', () => awaitingPong.delete(client));
      client.ping();
    }
  }, 30000);
  wss.on('close', () => clearInterval(heartbeat));
  wss.on('error', (error) => console.error('presence server', error));

  wss.on('connection', (ws: WebSocket, req) => {
    const user = req.headers['x-user'] as string;
    presence.online(user);
    ws.on('error', (error) => console.error('presence socket', error));
    ws.on('close', () => presence.offline(user));
  });
}
