import http from 'node:http';
import { WebSocketServer } from 'ws';

declare function watchOrders(account: string, options: { signal: AbortSignal; onOrder(order: unknown): void }): void;

const server = http.createServer();
const wss = new WebSocketServer({ server, maxPayload: 65536 });
wss.on('error', console.error);

wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  const controller = new AbortController();
  ws.on('close', () => controller.abort());
  const account = req.headers['x-account'] as string;
  watchOrders(account, { signal: controller.signal, onOrder: (order) => ws.send(JSON.stringify(order)) });
});

server.listen(8080);
