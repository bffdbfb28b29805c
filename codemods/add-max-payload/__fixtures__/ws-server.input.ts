import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const server = createServer();
const wss = new WebSocketServer({ server, path: '/live' });

wss.on('error', console.error);
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', (data) => ws.send(data));
});

server.listen(3000);
