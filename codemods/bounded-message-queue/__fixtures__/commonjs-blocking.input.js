'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { WebSocketServer } = require('ws');

const wss = new WebSocketServer({ port: 8080, maxPayload: 4096 });
wss.on('error', console.error);

wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', (name) => {
    const file = path.join(__dirname, 'public', path.basename(String(name)));
    ws.send(fs.readFileSync(file));
  });
});
