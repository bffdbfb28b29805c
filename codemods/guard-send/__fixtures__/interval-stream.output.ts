import { WebSocketServer } from 'ws';

declare function snapshot(): Record<string, number>;

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', console.error);

wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const timer = setInterval(() => {
    if (ws.bufferedAmount < 1024 * 1024) ws.send(JSON.stringify(snapshot()));
  }, 100);
  ws.on('close', () => clearInterval(timer));
});
