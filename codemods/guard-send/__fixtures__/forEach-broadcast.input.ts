import { WebSocket, WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', console.error);

export function broadcast(text: string): void {
  wss.clients.forEach((client) => {
    if (client.readyState === WebSocket.OPEN) client.send(text);
  });
}
