// Two things a connection starts and never stops: both are released in one new 'close' listener.
import { WebSocketServer } from 'ws';
import { bus } from './bus.js';

const wss = new WebSocketServer({ port: 8080, maxPayload: 1024 * 1024 });
const sessions = new Map();

wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  const id = req.headers['sec-websocket-key'];
  sessions.set(id, ws);
  ws.on('close', () => {
    if (sessions.get(id) === ws) sessions.delete(id);
    clearInterval(ticker);
  });
  const ticker = setInterval(() => ws.send(String(Date.now())), 1000);
  ws.on('message', (data) => bus.emit('message', data));
});
