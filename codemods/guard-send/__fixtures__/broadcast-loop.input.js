import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', console.error);
wss.on('connection', (ws) => ws.on('error', console.error));

export function publish(event) {
  const payload = JSON.stringify(event);
  for (const client of wss.clients) {
    client.send(payload);
  }
}
