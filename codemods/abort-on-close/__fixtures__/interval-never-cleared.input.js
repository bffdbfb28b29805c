const { WebSocketServer } = require('ws');
const os = require('node:os');

const wss = new WebSocketServer({ port: 8080, maxPayload: 4096 });
wss.on('error', console.error);

wss.on('connection', (ws) => {
  ws.on('error', console.error);
  setInterval(() => {
    ws.send(JSON.stringify({ load: os.loadavg()[0] }));
  }, 1000);
});
