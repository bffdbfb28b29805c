import { gzipSync } from 'node:zlib';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 7070 });
const backlog = [];

wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const job = JSON.parse(String(data));
    backlog.push({ id: job.id, packed: gzipSync(Buffer.from(job.payload)) });
  });
});

setInterval(() => {
  const batch = JSON.stringify(backlog.splice(0).map((entry) => ({ id: entry.id, bytes: entry.packed.length })));
  for (const client of wss.clients) client.send(batch);
}, 1000);
