import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();

export function startChat(port: number): WebSocketServer {
  const wss = new WebSocketServer({ port, maxPayload: 64 * 1024 });

  wss.on('connection', (ws, req) => {
    ws.on('error', (error: Error) => {
      console.error('WebSocket error:', error);
    });
    const room = new URL(req.url ?? '/', 'http://localhost').searchParams.get('room') ?? 'lobby';
    const members = rooms.get(room) ?? new Set<WebSocket>();
    rooms.set(room, members);
    members.add(ws);

    ws.on('message', (data) => {
      for (const member of members) if (member !== ws) member.send(data);
    });
    ws.on('close', () => members.delete(ws));
  });

  return wss;
}
