import http from 'node:http';
import { WebSocketServer } from 'ws';

interface Metric {
  name: string;
  value: number;
}
declare function streamMetrics(service: string, options: { signal: AbortSignal }): AsyncIterable<Metric>;

const server = http.createServer();
const wss = new WebSocketServer({ server });

wss.on('connection', async (ws, req) => {
  const service = new URL(req.url ?? '/', 'http://localhost').searchParams.get('service') ?? 'api';
  const controller = new AbortController();
  req.on('close', () => controller.abort());
  for await (const metric of streamMetrics(service, { signal: controller.signal })) {
    ws.send(JSON.stringify(metric));
  }
});

server.listen(8080);
