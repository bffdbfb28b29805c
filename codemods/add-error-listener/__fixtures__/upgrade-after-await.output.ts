import http from 'node:http';
import { WebSocketServer } from 'ws';

declare function verifySession(cookie: string | undefined): Promise<{ user: string } | null>;

const server = http.createServer();
const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });

wss.on('error', (error) => console.error('wss', error));

server.on('upgrade', async (req, socket, head) => {
  socket.on('error', (error: Error) => {
    console.error('Upgrade socket error:', error);
  });
  const session = await verifySession(req.headers.cookie);
  if (!session) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', (error) => console.error('ws', error));
    wss.emit('connection', ws, req);
  });
});

server.listen(8080);
