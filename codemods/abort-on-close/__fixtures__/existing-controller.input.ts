import http from 'node:http';
import { WebSocketServer } from 'ws';

declare function watch(ns: string, options: { signal: AbortSignal; onEvent(e: unknown): void }): void;
declare function tail(file: string, options: { signal: AbortSignal }): AsyncIterable<string>;

const server = http.createServer();
const wss = new WebSocketServer({ server, maxPayload: 65536 });
wss.on('error', console.error);

wss.on('connection', async (ws, req) => {
  ws.on('error', console.error);
  const controller = new AbortController();
  ws.on('close', () => controller.abort());
  watch('prod', { signal: controller.signal, onEvent: (e) => ws.send(JSON.stringify(e)) });
  for await (const line of tail('/var/log/app.log', { signal: req.signal })) ws.send(line);
});
