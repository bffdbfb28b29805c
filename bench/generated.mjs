// Generated files that grow one way, for the scaling table of `npm run bench -- --only scaling`:
// the cost per handler (or server, client, component) must stay flat as a file grows. Each
// generator returns the text of one file with `n` repetitions of one WebSocket pattern, leaky on
// purpose so that every rule has findings (and plans) to compute.

/** A socket.io connection handler with `n` event handlers, each awaiting, arming a timer and adding a bus listener. */
export function gateway(n) {
  const lines = [
    `import { Server } from 'socket.io';`,
    `import { EventEmitter } from 'node:events';`,
    `const bus = new EventEmitter();`,
    `const io = new Server(3000);`,
    `io.on('connection', (socket) => {`,
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  socket.on('event${i}', async (payload) => {`,
      `    const row = await load${i % 7}(payload);`,
      `    const timer${i} = setTimeout(() => socket.emit('late${i}', row), 1000);`,
      `    bus.on('topic${i}', (x) => socket.emit('topic${i}', x));`,
      `    socket.emit('done${i}', { row, timer: String(timer${i}) });`,
      `  });`,
    );
  }
  lines.push(`});`);
  for (let i = 0; i < 7; i++) lines.push(`async function load${i}(p) { return p; }`);
  return `${lines.join('\n')}\n`;
}

/** `n` ws servers in one module, each with a connection handler that echoes and keeps a registry. */
export function servers(n) {
  const lines = [`import { WebSocketServer } from 'ws';`, `const clients = new Set();`];
  for (let i = 0; i < n; i++) {
    lines.push(
      `const wss${i} = new WebSocketServer({ port: ${3000 + i} });`,
      `wss${i}.on('connection', (ws, req) => {`,
      `  clients.add(ws);`,
      `  ws.on('message', (data) => { ws.send(data); });`,
      `});`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `n` client classes that reconnect after a fixed delay and ping on an interval never cleared. */
export function clients(n) {
  const lines = [`import WebSocket from 'ws';`];
  for (let i = 0; i < n; i++) {
    lines.push(
      `export class Client${i} {`,
      `  constructor(url) { this.url = url; this.connect(); }`,
      `  connect() {`,
      `    this.ws = new WebSocket(this.url);`,
      `    this.ws.on('open', () => { this.ping = setInterval(() => this.ws.ping(), 30000); });`,
      `    this.ws.on('message', (data) => this.onMessage${i}(data));`,
      `    this.ws.on('close', () => setTimeout(() => this.connect(), 1000));`,
      `  }`,
      `  onMessage${i}(data) { return data; }`,
      `}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `n` React components, each opening a socket in an effect without closing it. */
export function components(n) {
  const lines = [`import { useEffect, useState } from 'react';`];
  for (let i = 0; i < n; i++) {
    lines.push(
      `export function Feed${i}({ url }) {`,
      `  const [items, setItems] = useState([]);`,
      `  useEffect(() => {`,
      `    const socket = new WebSocket(url);`,
      `    socket.onmessage = (event) => setItems((list) => [...list, event.data]);`,
      `  }, [url]);`,
      `  return items.length;`,
      `}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `n` function constructors built with the socket, whose prototype methods arm a flush timer never cleared on close. */
export function prototypes(n) {
  const lines = [`const { WebSocketServer } = require('ws');`, `const wss = new WebSocketServer({ port: 3000 });`];
  for (let i = 0; i < n; i++) {
    lines.push(
      `function Conn${i}(ws) {`,
      `  var self = this;`,
      `  this.ws = ws;`,
      `  this.queue = [];`,
      `  ws.on('message', function (data) { self.push(data); });`,
      `}`,
      `Conn${i}.prototype.push = function (data) {`,
      `  this.queue.push(data);`,
      `  if (!this.timer) this.timer = setTimeout(this.flush.bind(this), 50);`,
      `};`,
      `Conn${i}.prototype.flush = function () {`,
      `  this.timer = null;`,
      `  this.ws.send(JSON.stringify(this.queue.splice(0)));`,
      `};`,
    );
  }
  lines.push(`wss.on('connection', (ws) => {`);
  for (let i = 0; i < n; i++) lines.push(`  if (ws.protocol === 'p${i}') return new Conn${i}(ws);`);
  lines.push(`});`);
  return `${lines.join('\n')}\n`;
}

export const GENERATORS = { gateway, servers, clients, components, prototypes };
