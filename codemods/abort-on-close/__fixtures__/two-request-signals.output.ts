import http from 'node:http';
import { WebSocketServer } from 'ws';

declare function watch(ns: string, options: { signal: AbortSignal; onEvent(e: unknown): void }): void;
declare function tail(file: string, options: { signal: AbortSignal }): AsyncIterable<string>;

const server = http.createServer();
const wss = new WebSocketServer({ server, maxPayload: 65536 });
wss.on('error', console.error);

wss.on('connection', async (ws, req) => {
  const ac = new AbortController();
  ws.once('close', () => ac.abort());
  ws.on('error', console.error);
  watch('prod', { signal: ac.signal, onEvent: (e) => ws.send(JSON.stringify(e)) });
  for await (const line of tail('/var/log/app.log', { signal: ac.signal })) ws.send(line);
});
