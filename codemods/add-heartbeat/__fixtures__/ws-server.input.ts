import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Presence {
  online(user: string): void;
  offline(user: string): void;
}

export function attachPresence(server: Server, presence: Presence): void {
  const wss = new WebSocketServer({ server, maxPayload: 4096 });
  wss.on('error', (error) => console.error('presence server', error));

  wss.on('connection', (ws: WebSocket, req) => {
    const user = req.headers['x-user'] as string;
    presence.online(user);
    ws.on('error', (error) => console.error('presence socket', error));
    ws.on('close', () => presence.offline(user));
  });
}
