import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', console.error);

wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const { urls } = JSON.parse(String(data)) as { urls: string[] };
    for (const url of urls) {
      const response = await fetch(url, { method: 'HEAD' });
      ws.send(JSON.stringify({ url, status: response.status }));
      await sleep(100);
    }
  });
});
