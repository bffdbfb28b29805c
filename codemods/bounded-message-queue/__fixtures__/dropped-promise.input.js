import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', console.error);

async function probe(target) {
  const response = await fetch(target, { method: 'HEAD' });
  return response.status;
}

wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', (data) => {
    const { id, target } = JSON.parse(String(data));
    probe(target).then((status) => ws.send(JSON.stringify({ id, status })));
  });
});
