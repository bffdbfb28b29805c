import http from 'node:http';
import { WebSocketServer } from 'ws';

interface Metric {
  name: string;
  value: number;
}
declare function streamMetrics(service: string, options: { signal: AbortSignal }): AsyncIterable<Metric>;

const server = http.createServer();
const wss = new WebSocketServer({ server, maxPayload: 1024 * 1024 });
wss.on('error', (error: Error) => {
  console.error('WebSocket server error:', error);
});
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

wss.on('connection', async (ws, req) => {
  ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  const service = new URL(req.url ?? '/', 'http://localhost').searchParams.get('service') ?? 'api';
  const controller = new AbortController();
  ws.on('close', () => controller.abort());
  for await (const metric of streamMetrics(service, { signal: controller.signal })) {
    if (ws.bufferedAmount < 1024 * 1024) ws.send(JSON.stringify(metric));
  }
});

server.listen(8080);
