import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-backpressure-check.js';

const ruleTester = new RuleTester();

const DROP_1MIB = { description: 'Drop the message while more than 1024 * 1024 bytes are queued' };

ruleTester.run('require-backpressure-check', rule, {
  valid: [
    // A ping with a timestamp sent to every client on the heartbeat interval: a few bytes each.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  const now = new Date();
  for (const ws of wss.clients) ws.send(JSON.stringify({ type: 'ping', timestamp: now.toISOString() }));
}, 30000);
`,
      filename: 'file.js',
    },
    // A registry lookup in an event listener routes one message to one peer: a reply, not a stream.
    {
      code: `
import { Server } from 'socket.io';
import { bus } from './bus.js';
const io = new Server(3000);
const sockets = {};
io.on('connection', (socket) => {
  sockets[socket.id] = socket;
  socket.on('disconnect', () => { delete sockets[socket.id]; });
});
bus.on('direct-message', (m) => sockets[m.to]?.emit('dm', m.body));
`,
      filename: 'file.js',
    },
    // The pump pauses the pty while the socket's buffer is full; a one-shot exit notice is one send.
    {
      code: `
import { WebSocketServer } from 'ws';
import pty from 'node-pty';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const term = pty.spawn('bash', [], {});
  term.onData((data) => {
    ws.send(data);
    if (ws.bufferedAmount > 1 << 20) term.pause();
  });
  term.onExit(() => ws.send('exited'));
});
`,
      filename: 'file.js',
    },
    // A broadcast that skips clients with a backlog.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
export function broadcast(payload) {
  wss.clients.forEach((client) => {
    if (client.bufferedAmount > 1 << 20) return;
    client.send(payload);
  });
}
`,
    // The check lives in a helper of this module (examples/003 fixed.js shape).
    `
import { WebSocket, WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
function sendIfReady(ws, payload) {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > 1024 * 1024) return ws.terminate();
  ws.send(payload);
}
setInterval(() => {
  const payload = JSON.stringify(stats());
  for (const ws of wss.clients) sendIfReady(ws, payload);
}, 500);
`,
    // Replies to received messages are not streams.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data) => ws.send(data));
  ws.on('pong', () => ws.send(JSON.stringify({ type: 'rtt', at: Date.now() })));
});
`,
    `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('chat', (message) => socket.emit('chat', { from: socket.id, message }));
});
`,
    // A heartbeat: the same few bytes every tick.
    `
import WebSocket from 'ws';
const ws = new WebSocket('wss://example.com/feed');
ws.on('error', () => {});
ws.on('open', () => {
  const timer = setInterval(() => ws.send(JSON.stringify({ type: 'ping' })), 30000);
  ws.on('close', () => clearInterval(timer));
});
`,
    // A heartbeat with a sequence number or a timestamp is still a few bytes per tick.
    `
const socket = new WebSocket('wss://example.com/live');
let seq = 0;
socket.onopen = () => {
  setInterval(() => socket.send(JSON.stringify({ type: 'ping', seq: seq++, at: Date.now() })), 25000);
};
`,
    // socket.io's volatile flag drops packets for clients that are not ready.
    `
import { Server } from 'socket.io';
const io = new Server(3000);
setInterval(() => io.volatile.emit('tick', Date.now()), 1000);
io.on('connection', (socket) => {
  const stop = prices.subscribe((price) => socket.volatile.emit('price', price));
  socket.on('disconnect', stop);
});
`,
    // uWebSockets.js: send()'s result and getBufferedAmount() are looked at.
    `
import uWS from 'uWebSockets.js';
uWS.App().ws('/feed', {
  open: (ws) => {
    ws.getUserData().stop = feed.subscribe((m) => {
      if (ws.send(m) === 2) ws.getUserData().dropped++;
    });
  },
  close: (ws) => ws.getUserData().stop(),
});
uWS.App().ws('/quotes', {
  open: (ws) => { quotes.subscribe((q) => { if (ws.getBufferedAmount() < 65536) ws.send(q); }); },
});
`,
    // Bun closes clients over the backpressure limit.
    `
Bun.serve({
  fetch(req, server) { return server.upgrade(req) ? undefined : new Response('no'); },
  websocket: {
    backpressureLimit: 1024 * 1024,
    closeOnBackpressureLimit: true,
    open(ws) { ws.data.timer = setInterval(() => ws.send(snapshot()), 1000); },
    close(ws) { clearInterval(ws.data.timer); },
  },
});
`,
    // An in-flight flag released by the send callback paces the sender.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  let sending = false;
  const timer = setInterval(() => {
    if (sending) return;
    sending = true;
    ws.send(JSON.stringify(sample()), () => { sending = false; });
  }, 100);
  ws.on('close', () => clearInterval(timer));
});
`,
    // A stream over the socket: write()'s result and 'drain' pace the source.
    `
import { WebSocketServer, createWebSocketStream } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const duplex = createWebSocketStream(ws);
  const source = openLog();
  source.on('data', (chunk) => { if (!duplex.write(chunk)) source.pause(); });
  duplex.on('drain', () => source.resume());
});
`,
    // One-shot events of other emitters, and sends at connection time.
    `
import { spawn } from 'node:child_process';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.send(JSON.stringify(snapshot()));
  for (const row of history()) ws.send(row);
  const child = spawn('make');
  child.once('spawn', () => ws.send(JSON.stringify({ pid: child.pid })));
  child.on('exit', (code) => ws.send(JSON.stringify({ code })));
});
`,
    // `res.send` in an interval is Express, not a socket.
    `
import express from 'express';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const app = express();
app.get('/later', (req, res) => { setInterval(() => res.send(String(Date.now())), 1000); });
`,
    // A for-await stream that checks the backlog.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', async (ws) => {
  for await (const change of watchChanges()) {
    if (ws.bufferedAmount > 512 * 1024) { ws.terminate(); break; }
    ws.send(JSON.stringify(change));
  }
});
`,
    // A prototype-style batching queue whose flush checks the socket's buffer first.
    {
      code: `
import { WebSocketServer } from 'ws';
import { feed } from './feed.js';

const wss = new WebSocketServer({ port: 8080 });

function Session(socket) {
  this.socket = socket;
  this.outbox = [];
}
Session.prototype.enqueue = function (item) {
  this.outbox.push(item);
  this.schedule();
};
Session.prototype.schedule = function () {
  const that = this;
  if (this.pending) return;
  this.pending = setTimeout(function () {
    that.pending = null;
    if (that.socket.bufferedAmount < 1 << 20) that.socket.send(JSON.stringify(that.outbox.splice(0, 20)));
    if (that.outbox.length > 0) that.schedule();
  }, 25);
};

wss.on('connection', (socket) => {
  const session = new Session(socket);
  feed.on('update', (update) => session.enqueue(update));
});
`,
      filename: 'file.js',
    },
    // A debounced flush that does not arm itself again: one send per burst of enqueues, not a tick.
    {
      code: `
import { WebSocketServer } from 'ws';
import { feed } from './feed.js';

const wss = new WebSocketServer({ port: 8080 });

function Session(socket) {
  this.socket = socket;
  this.outbox = [];
}
Session.prototype.enqueue = function (item) {
  this.outbox.push(item);
  this.schedule();
};
Session.prototype.schedule = function () {
  const that = this;
  if (this.pending) return;
  this.pending = setTimeout(function () {
    that.pending = null;
    that.socket.send(JSON.stringify(that.outbox.splice(0, 20)));

  }, 25);
};

wss.on('connection', (socket) => {
  const session = new Session(socket);
  feed.on('update', (update) => session.enqueue(update));
});
`,
      filename: 'file.js',
    },
    // A retry from a catch is not a tick; a prototype method named onMessage is a method, not an event-handler property.
    {
      code: `
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

function Session(socket) {
  this.socket = socket;
}
Session.prototype.deliver = function (message) {
  const that = this;
  try {
    this.socket.send(message);
  } catch (err) {
    setTimeout(function () {
      that.deliver(message);
    }, 1000);
  }
};
Session.prototype.onMessage = function (data) {
  this.socket.send(String(data).toUpperCase());
};

wss.on('connection', (socket) => {
  const session = new Session(socket);
  socket.on('message', (data) => session.onMessage(data));
});
`,
      filename: 'file.js',
    },
    // Room members behind a prototype method's registry are skipped while their buffer is full.
    {
      code: `
import WebSocket from 'ws';

function Hub(wss, bus) {
  this.wss = wss;
  this.rooms = {};
  bus.on('room-message', (event) => this.toRoom(event));
}

function join(room, socket) {
  if (!this.rooms[room]) this.rooms[room] = [];
  this.rooms[room].push({ room, socket });
}

function toRoom({ room, body }) {
  if (!this.rooms[room]) return;
  this.rooms[room].forEach((member) => {
    if (member.socket.bufferedAmount < 1 << 20) member.socket.send(body);
  });
}

function start() {
  this.wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data) => this.join(String(data), ws));
  });
}

Hub.prototype.join = join;
Hub.prototype.toRoom = toRoom;
Hub.prototype.start = start;

export default Hub;
`,
      filename: 'file.js',
    },
    // A browser client sends in listeners of a session's events (a token renewal, a login): a message each, not a stream.
    {
      code: `
import { auth } from './auth.js';

const ws = new WebSocket('wss://example.test/live');
ws.onerror = () => {};
auth.on('tokenRefreshed', (token) => {
  ws.send(JSON.stringify({ type: 'auth', token }));
});
auth.on('login', (user) => ws.send(JSON.stringify({ type: 'hello', user: user.id })));
`,
      filename: 'file.js',
    },
    // A listener of the socket's own messages registered through a wrapper object whose `on` hands it to the socket: a reply, not a stream.
    {
      code: `
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', () => {});

function wrap(ws) {
  return {
    on(event, listener) {
      ws.on(event, listener);
    },
  };
}

wss.on('connection', (ws) => {
  const conn = wrap(ws);
  conn.on('error', (err) => console.error(err));
  conn.on('message', (data) => ws.send(data));
});
`,
      filename: 'file.js',
    },
    // The same through a function constructor's prototype `on`, replying through its `send`.
    {
      code: `
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', () => {});

function Peer(ws) {
  this.ws = ws;
}
Peer.prototype.on = function (event, listener) {
  this.ws.on(event, listener);
  return this;
};
Peer.prototype.send = function (data) {
  this.ws.send(data);
};

wss.on('connection', (ws) => {
  const peer = new Peer(ws);
  peer.on('error', (err) => console.error(err));
  peer.on('message', (data) => peer.send(data));
});
`,
      filename: 'file.js',
    },
  ],
  invalid: [
    // One list of a registry of lists: filled in one method (byChunk.get(id).push(ws)), looped over in another: a send to every client of the list.
    {
      code: `
import { WebSocketServer } from 'ws';

export class Canvas {
  constructor() {
    this.byChunk = new Map();
    this.wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
    this.wss.on('error', console.error);
    this.wss.on('connection', (ws) => {
      ws.on('error', console.error);
      ws.on('message', (data) => this.subscribe(String(data), ws));
      ws.on('close', () => this.byChunk.forEach((list) => list.splice(list.indexOf(ws), 1)));
    });
  }

  subscribe(chunk, ws) {
    if (!this.byChunk.has(chunk)) this.byChunk.set(chunk, []);
    const clients = this.byChunk.get(chunk);
    clients.push(ws);
  }

  pixel(chunk, update) {
    const clients = this.byChunk.get(chunk) ?? [];
    clients.forEach((client) => client.send(update));
  }
}
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unguardedSend', line: 24, suggestions: [{ messageId: 'guardSend', output: `
import { WebSocketServer } from 'ws';

export class Canvas {
  constructor() {
    this.byChunk = new Map();
    this.wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
    this.wss.on('error', console.error);
    this.wss.on('connection', (ws) => {
      ws.on('error', console.error);
      ws.on('message', (data) => this.subscribe(String(data), ws));
      ws.on('close', () => this.byChunk.forEach((list) => list.splice(list.indexOf(ws), 1)));
    });
  }

  subscribe(chunk, ws) {
    if (!this.byChunk.has(chunk)) this.byChunk.set(chunk, []);
    const clients = this.byChunk.get(chunk);
    clients.push(ws);
  }

  pixel(chunk, update) {
    const clients = this.byChunk.get(chunk) ?? [];
    clients.forEach((client) => {
      if (client.bufferedAmount < 1024 * 1024) client.send(update);
    });
  }
}
` }] },
      ],
    },
    // Pre-framed buffers written straight to ws's TCP socket (a broadcast optimisation) queue in the same place, unchecked; the guard reads the ws socket's bufferedAmount.
    {
      code: `
import WebSocket, { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', console.error);

export function broadcastBinary(data) {
  const frame = WebSocket.Sender.frame(data, { readOnly: true, mask: false, rsv1: false, opcode: 2, fin: true });
  wss.clients.forEach((ws) => {
    if (ws.readyState === WebSocket.OPEN) {
      frame.forEach((buffer) => ws._socket.write(buffer));
    }
  });
}
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unguardedSend', line: 11, suggestions: [{ messageId: 'guardSend', output: `
import WebSocket, { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', console.error);

export function broadcastBinary(data) {
  const frame = WebSocket.Sender.frame(data, { readOnly: true, mask: false, rsv1: false, opcode: 2, fin: true });
  wss.clients.forEach((ws) => {
    if (ws.readyState === WebSocket.OPEN) {
      frame.forEach((buffer) => {
        if (ws.bufferedAmount < 1024 * 1024) ws._socket.write(buffer);
      });
    }
  });
}
` }] },
      ],
    },
    // A registry of records keyed by socket id, in a class; every key is looked up in a for…in loop: a send to every client.
    {
      code: `
const SocketIO = require('socket.io');

class SocketAuthority {
  constructor() {
    this.io = null;
    this.clients = {};
  }

  emitter(evt, data) {
    for (const socketId in this.clients) {
      if (this.clients[socketId].user) this.clients[socketId].socket.emit(evt, data);
    }
  }

  initialize(httpServer) {
    this.io = new SocketIO.Server(httpServer);
    this.io.on('connection', (socket) => {
      this.clients[socket.id] = { id: socket.id, socket, user: null };
      socket.on('disconnect', () => {
        delete this.clients[socket.id];
      });
    });
  }
}
module.exports = new SocketAuthority();
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unguardedEmit', line: 12, suggestions: [{ messageId: 'guardSend', output: `
const SocketIO = require('socket.io');

class SocketAuthority {
  constructor() {
    this.io = null;
    this.clients = {};
  }

  emitter(evt, data) {
    for (const socketId in this.clients) {
      if (this.clients[socketId].user) this.clients[socketId].socket.volatile.emit(evt, data);
    }
  }

  initialize(httpServer) {
    this.io = new SocketIO.Server(httpServer);
    this.io.on('connection', (socket) => {
      this.clients[socket.id] = { id: socket.id, socket, user: null };
      socket.on('disconnect', () => {
        delete this.clients[socket.id];
      });
    });
  }
}
module.exports = new SocketAuthority();
` }] },
      ],
    },
    // A Map keyed by the socket ([ws, data] of entries()), fed by Bun hooks, broadcast for every pub/sub message.
    {
      code: `
import type { ServerWebSocket } from 'bun';
import { subscriber } from './redis.js';

const clients = new Map<ServerWebSocket, { topics: Set<string> }>();

subscriber.on('message', (_channel: string, message: string) => {
  const event = JSON.parse(message);
  for (const [ws, data] of clients.entries()) {
    if (data.topics.has(event.topic)) ws.send(JSON.stringify(event));
  }
});

Bun.serve({
  port: 3001,
  fetch(req, server) {
    if (server.upgrade(req)) return;
    return new Response('upgrade required', { status: 426 });
  },
  websocket: {
    maxPayloadLength: 64 * 1024,
    idleTimeout: 60,
    open(ws) {
      clients.set(ws, { topics: new Set() });
    },
    close(ws) {
      clients.delete(ws);
    },
    message() {},
  },
});
`,
      filename: 'file.ts',
      errors: [
        { messageId: 'uncheckedSendResult', line: 10, suggestions: [] },
      ],
    },
    // A registry of records ({ socket, channels }) in a class, filled by a method that receives a typed socket: the broadcast loop sends to every client.
    {
      code: `
import type { WebSocket } from 'ws';

interface Client {
  socket: WebSocket;
  channels: Set<string>;
}

export class Hub {
  private clients = new Map<string, Client>();
  private next = 0;

  add(socket: WebSocket): string {
    const id = String(++this.next);
    this.clients.set(id, { socket, channels: new Set() });
    socket.on('close', () => this.clients.delete(id));
    return id;
  }

  broadcast(channel: string, data: unknown): void {
    const payload = JSON.stringify({ channel, data });
    for (const [, client] of this.clients) {
      if (client.channels.has(channel)) client.socket.send(payload);
    }
  }
}
`,
      filename: 'file.ts',
      errors: [
        { messageId: 'unguardedSend', line: 23, suggestions: [{ messageId: 'guardSend', output: `
import type { WebSocket } from 'ws';

interface Client {
  socket: WebSocket;
  channels: Set<string>;
}

export class Hub {
  private clients = new Map<string, Client>();
  private next = 0;

  add(socket: WebSocket): string {
    const id = String(++this.next);
    this.clients.set(id, { socket, channels: new Set() });
    socket.on('close', () => this.clients.delete(id));
    return id;
  }

  broadcast(channel: string, data: unknown): void {
    const payload = JSON.stringify({ channel, data });
    for (const [, client] of this.clients) {
      if (client.channels.has(channel) && client.socket.bufferedAmount < 1024 * 1024) client.socket.send(payload);
    }
  }
}
` }] },
      ],
    },
    // Handlers of a message table receive typed sockets. A callback of a function named as a stream (streamContainerLogs) runs per chunk; its error callback, once.
    {
      code: `
import { WebSocket, WebSocketServer } from 'ws';
import { streamContainerLogs, createExecSession } from './docker.js';

export function setupHandlers(wss: WebSocketServer): void {
  const handlers = {
    subscribe_logs: (ws: WebSocket, id: string) => {
      streamContainerLogs(
        id,
        (text: string) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'log', text }));
        },
        (err: Error) => ws.send(JSON.stringify({ type: 'error', message: err.message })),
      );
    },
    exec_start: async (ws: WebSocket, id: string) => {
      const { stream } = await createExecSession(id);
      stream.on('data', (chunk: Buffer) => ws.send(chunk.toString('utf-8')));
    },
  };
  return handlers as never;
}
`,
      filename: 'file.ts',
      errors: [
        { messageId: 'unguardedSend', line: 11, suggestions: [{ messageId: 'guardSend', output: `
import { WebSocket, WebSocketServer } from 'ws';
import { streamContainerLogs, createExecSession } from './docker.js';

export function setupHandlers(wss: WebSocketServer): void {
  const handlers = {
    subscribe_logs: (ws: WebSocket, id: string) => {
      streamContainerLogs(
        id,
        (text: string) => {
          if (ws.readyState === WebSocket.OPEN && ws.bufferedAmount < 1024 * 1024) ws.send(JSON.stringify({ type: 'log', text }));
        },
        (err: Error) => ws.send(JSON.stringify({ type: 'error', message: err.message })),
      );
    },
    exec_start: async (ws: WebSocket, id: string) => {
      const { stream } = await createExecSession(id);
      stream.on('data', (chunk: Buffer) => ws.send(chunk.toString('utf-8')));
    },
  };
  return handlers as never;
}
` }] },
        { messageId: 'unguardedSend', line: 18, suggestions: [{ messageId: 'guardSend', output: `
import { WebSocket, WebSocketServer } from 'ws';
import { streamContainerLogs, createExecSession } from './docker.js';

export function setupHandlers(wss: WebSocketServer): void {
  const handlers = {
    subscribe_logs: (ws: WebSocket, id: string) => {
      streamContainerLogs(
        id,
        (text: string) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'log', text }));
        },
        (err: Error) => ws.send(JSON.stringify({ type: 'error', message: err.message })),
      );
    },
    exec_start: async (ws: WebSocket, id: string) => {
      const { stream } = await createExecSession(id);
      stream.on('data', (chunk: Buffer) => {
        if (ws.bufferedAmount < 1024 * 1024) ws.send(chunk.toString('utf-8'));
      });
    },
  };
  return handlers as never;
}
` }] },
      ],
    },
    // A socket fetched from a registry inside a tick (through a named callback of forEach). The
    // flag tested in the same tick gates other work, not this send: it is no in-flight flag.
    {
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
const sockets = {};
const spectators = [];
let boardChanged = false;
io.on('connection', (socket) => {
  sockets[socket.id] = socket;
  socket.on('disconnect', () => { delete sockets[socket.id]; });
});
const sendBoard = (socket) => socket.emit('board', board());
const updateSpectator = (id) => {
  sockets[id].emit('view', world());
  if (boardChanged) sendBoard(sockets[id]);
};
const sendUpdates = () => {
  spectators.forEach(updateSpectator);
  boardChanged = false;
};
setInterval(sendUpdates, 40);
`,
      filename: 'file.js',
      errors: [{ messageId: 'unguardedEmit', line: 13, data: { context: 'on every interval tick', framework: 'socket.io' }, suggestions: [{ messageId: 'guardSend', output: `
import { Server } from 'socket.io';
const io = new Server(3000);
const sockets = {};
const spectators = [];
let boardChanged = false;
io.on('connection', (socket) => {
  sockets[socket.id] = socket;
  socket.on('disconnect', () => { delete sockets[socket.id]; });
});
const sendBoard = (socket) => socket.emit('board', board());
const updateSpectator = (id) => {
  sockets[id].volatile.emit('view', world());
  if (boardChanged) sendBoard(sockets[id]);
};
const sendUpdates = () => {
  spectators.forEach(updateSpectator);
  boardChanged = false;
};
setInterval(sendUpdates, 40);
` }] }],
    },
    // A send behind a branch of the tick need not run on every tick, and the message says so.
    {
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
setInterval(() => {
  const died = step();
  if (died) io.emit('playerDied', { name: died.name });
}, 40);
`,
      filename: 'file.js',
      errors: [{ messageId: 'unguardedEmit', line: 6, data: { context: 'on each interval tick where its condition holds', framework: 'socket.io' }, suggestions: [{ messageId: 'guardSend', output: `
import { Server } from 'socket.io';
const io = new Server(3000);
setInterval(() => {
  const died = step();
  if (died) io.volatile.emit('playerDied', { name: died.name });
}, 40);
` }] }],
    },
    // A test of the socket's own state holds on every tick: not a branch.
    {
      code: `
import { WebSocketServer, WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const t = setInterval(() => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(sample()));
  }, 100);
  ws.on('close', () => clearInterval(t));
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'unguardedSend', line: 7, data: { context: 'on every interval tick', framework: 'ws' }, suggestions: [{ messageId: 'guardSend', output: `
import { WebSocketServer, WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const t = setInterval(() => {
    if (ws.readyState === WebSocket.OPEN && ws.bufferedAmount < 1024 * 1024) ws.send(JSON.stringify(sample()));
  }, 100);
  ws.on('close', () => clearInterval(t));
});
` }] }],
    },
    // A pty (or any onData stream) pumped into the socket: every chunk is sent.
    {
      code: `
import { WebSocketServer } from 'ws';
import pty from 'node-pty';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const term = pty.spawn('bash', [], {});
  term.onData((data) => ws.send(data));
  ws.on('close', () => term.kill());
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'unguardedSend', line: 7, column: 25, suggestions: [{ messageId: 'guardSend', output: `
import { WebSocketServer } from 'ws';
import pty from 'node-pty';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const term = pty.spawn('bash', [], {});
  term.onData((data) => {
    if (ws.bufferedAmount < 1024 * 1024) ws.send(data);
  });
  ws.on('close', () => term.kill());
});
` }] }],
    },
    // The guard goes inside braces: without them the else would belong to the guard's if.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const t = setInterval(() => {
    if (ws.readyState === ws.OPEN) ws.send(snapshot());
    else clearInterval(t);
  }, 100);
});
`,
      errors: [
        {
          messageId: 'unguardedSend',
          suggestions: [
            {
              messageId: 'guardSend',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const t = setInterval(() => {
    if (ws.readyState === ws.OPEN) {
      if (ws.bufferedAmount < 1024 * 1024) ws.send(snapshot());
    }
    else clearInterval(t);
  }, 100);
});
`,
            },
          ],
        },
      ],
    },
    {
      // Seed 003: results broadcast to every client from an interval, nothing checked.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  const batch = JSON.stringify(results.splice(0));
  wss.clients.forEach((client) => client.send(batch));
}, 500);
`,
      errors: [
        {
          messageId: 'unguardedSend',
          data: { context: 'for every client', framework: 'ws' },
          line: 6,
          column: 35,
          endLine: 6,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'guardSend',
              data: { description: 'Drop the message while more than 1024 * 1024 bytes are queued' },
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  const batch = JSON.stringify(results.splice(0));
  wss.clients.forEach((client) => {
    if (client.bufferedAmount < 1024 * 1024) client.send(batch);
  });
}, 500);
`,
            },
          ],
        },
      ],
    },
    {
      // A broadcast per received message is still one send per client; terminate option.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) {
      client.send(data, { binary: isBinary });
    }
  });
});
`,
      options: [{ slowClient: 'terminate', highWaterMark: 65536 }],
      errors: [
        {
          messageId: 'unguardedSend',
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'guardSend',
              data: { description: 'Terminate a client with more than 64 * 1024 bytes queued' },
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) {
      if (client.bufferedAmount >= 64 * 1024) client.terminate();
      else client.send(data, { binary: isBinary });
    }
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // Seeds 000/001: every watch event is sent, whatever the browser has not read yet.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const watch = watchPods('default');
  watch.on('event', (event) => ws.send(JSON.stringify(event)));
  ws.on('close', () => watch.stop());
});
`,
      errors: [{ messageId: 'unguardedSend', data: { context: 'for every event of a subscription', framework: 'ws' }, line: 6, column: 32, endLine: 6, endColumn: 62, suggestions: [{ messageId: 'guardSend', data: DROP_1MIB, output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const watch = watchPods('default');
  watch.on('event', (event) => {
    if (ws.bufferedAmount < 1024 * 1024) ws.send(JSON.stringify(event));
  });
  ws.on('close', () => watch.stop());
});
` }] }],
    },
    {
      // A registry of sockets, broadcast from a helper; a Map registry iterated by entries.
      code: `
import { WebSocketServer } from 'ws';
const clients = new Set();
const byUser = new Map();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  clients.add(ws);
  byUser.set(req.headers['x-user'], ws);
  ws.on('close', () => { clients.delete(ws); byUser.delete(req.headers['x-user']); });
});
export function broadcast(message) {
  for (const client of clients) client.send(message);
}
export function notifyAll(note) {
  for (const [, socket] of byUser) {
    socket.send(JSON.stringify(note));
  }
}
`,
      errors: [
        { messageId: 'unguardedSend', line: 12, column: 33, endLine: 12, endColumn: 53, suggestions: [{ messageId: 'guardSend', data: DROP_1MIB, output: `
import { WebSocketServer } from 'ws';
const clients = new Set();
const byUser = new Map();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  clients.add(ws);
  byUser.set(req.headers['x-user'], ws);
  ws.on('close', () => { clients.delete(ws); byUser.delete(req.headers['x-user']); });
});
export function broadcast(message) {
  for (const client of clients) if (client.bufferedAmount < 1024 * 1024) client.send(message);
}
export function notifyAll(note) {
  for (const [, socket] of byUser) {
    socket.send(JSON.stringify(note));
  }
}
` }] },
        { messageId: 'unguardedSend', line: 16, column: 5, endLine: 16, endColumn: 38, suggestions: [{ messageId: 'guardSend', data: DROP_1MIB, output: `
import { WebSocketServer } from 'ws';
const clients = new Set();
const byUser = new Map();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  clients.add(ws);
  byUser.set(req.headers['x-user'], ws);
  ws.on('close', () => { clients.delete(ws); byUser.delete(req.headers['x-user']); });
});
export function broadcast(message) {
  for (const client of clients) client.send(message);
}
export function notifyAll(note) {
  for (const [, socket] of byUser) {
    if (socket.bufferedAmount < 1024 * 1024) socket.send(JSON.stringify(note));
  }
}
` }] },
      ],
    },
    {
      // Redis pub/sub, a `for await` change stream, and a stream's 'data' events.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', async (ws) => {
  subscriber.subscribe('prices', (price) => ws.send(price));
  tail.on('data', (line) => ws.send(line));
  for await (const change of collection.watch()) {
    ws.send(JSON.stringify(change));
  }
});
`,
      errors: [
        { messageId: 'unguardedSend', data: { context: 'for every event of a subscription', framework: 'ws' }, line: 5, column: 45, endLine: 5, endColumn: 59, suggestions: [{ messageId: 'guardSend', data: DROP_1MIB, output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', async (ws) => {
  subscriber.subscribe('prices', (price) => {
    if (ws.bufferedAmount < 1024 * 1024) ws.send(price);
  });
  tail.on('data', (line) => ws.send(line));
  for await (const change of collection.watch()) {
    ws.send(JSON.stringify(change));
  }
});
` }] },
        { messageId: 'unguardedSend', data: { context: 'for every chunk of a stream', framework: 'ws' }, line: 6, column: 29, endLine: 6, endColumn: 42, suggestions: [{ messageId: 'guardSend', data: DROP_1MIB, output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', async (ws) => {
  subscriber.subscribe('prices', (price) => ws.send(price));
  tail.on('data', (line) => {
    if (ws.bufferedAmount < 1024 * 1024) ws.send(line);
  });
  for await (const change of collection.watch()) {
    ws.send(JSON.stringify(change));
  }
});
` }] },
        { messageId: 'unguardedSend', data: { context: 'for every chunk of a stream', framework: 'ws' }, line: 8, column: 5, endLine: 8, endColumn: 36, suggestions: [{ messageId: 'guardSend', data: DROP_1MIB, output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', async (ws) => {
  subscriber.subscribe('prices', (price) => ws.send(price));
  tail.on('data', (line) => ws.send(line));
  for await (const change of collection.watch()) {
    if (ws.bufferedAmount < 1024 * 1024) ws.send(JSON.stringify(change));
  }
});
` }] },
      ],
    },
    {
      // A named tick function passed to setInterval; an RxJS observer.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const tick = () => ws.send(JSON.stringify(readGauges()));
  const timer = setInterval(tick, 250);
  const sub = updates$.subscribe({ next(update) { ws.send(JSON.stringify(update)); } });
  ws.on('close', () => { clearInterval(timer); sub.unsubscribe(); });
});
`,
      errors: [
        { messageId: 'unguardedSend', data: { context: 'on every interval tick', framework: 'ws' }, line: 5, column: 22, endLine: 5, endColumn: 59, suggestions: [{ messageId: 'guardSend', data: DROP_1MIB, output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const tick = () => {
    if (ws.bufferedAmount < 1024 * 1024) ws.send(JSON.stringify(readGauges()));
  };
  const timer = setInterval(tick, 250);
  const sub = updates$.subscribe({ next(update) { ws.send(JSON.stringify(update)); } });
  ws.on('close', () => { clearInterval(timer); sub.unsubscribe(); });
});
` }] },
        { messageId: 'unguardedSend', data: { context: 'for every event of a subscription', framework: 'ws' }, line: 7, column: 51, endLine: 7, endColumn: 82, suggestions: [{ messageId: 'guardSend', data: DROP_1MIB, output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const tick = () => ws.send(JSON.stringify(readGauges()));
  const timer = setInterval(tick, 250);
  const sub = updates$.subscribe({ next(update) { if (ws.bufferedAmount < 1024 * 1024) ws.send(JSON.stringify(update)); } });
  ws.on('close', () => { clearInterval(timer); sub.unsubscribe(); });
});
` }] },
      ],
    },
    {
      // socket.io: per-socket emits and a server broadcast; the suggestion adds `volatile`.
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  const timer = setInterval(() => socket.emit('metrics', collect()), 1000);
  socket.on('disconnect', () => clearInterval(timer));
});
bus.on('price', (price) => io.to('traders').emit('price', price));
`,
      errors: [
        {
          messageId: 'unguardedEmit',
          data: { context: 'on every interval tick', framework: 'socket.io' },
          line: 5,
          column: 35,
          endLine: 5,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'guardSend',
              data: { description: "Send with socket.io's volatile flag" },
              output: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  const timer = setInterval(() => socket.volatile.emit('metrics', collect()), 1000);
  socket.on('disconnect', () => clearInterval(timer));
});
bus.on('price', (price) => io.to('traders').emit('price', price));
`,
            },
          ],
        },
        {
          messageId: 'unguardedEmit',
          data: { context: 'for every event of a subscription', framework: 'socket.io' },
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'guardSend',
              data: { description: "Send with socket.io's volatile flag" },
              output: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  const timer = setInterval(() => socket.emit('metrics', collect()), 1000);
  socket.on('disconnect', () => clearInterval(timer));
});
bus.on('price', (price) => io.to('traders').volatile.emit('price', price));
`,
            },
          ],
        },
      ],
    },
    {
      // uWebSockets.js ignores send()'s result: messages past maxBackpressure are dropped unnoticed.
      code: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/feed', {
  open: (ws) => {
    feed.subscribe((m) => {
      ws.send(m);
    });
  },
});
`,
      errors: [
        {
          messageId: 'uncheckedSendResult',
          data: { context: 'for every event of a subscription', framework: 'uWebSockets.js' },
          line: 6,
          column: 7,
          endLine: 6,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'guardSend',
              data: { description: 'Drop the message while more than 1024 * 1024 bytes are queued' },
              output: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/feed', {
  open: (ws) => {
    feed.subscribe((m) => {
      if (ws.getBufferedAmount() < 1024 * 1024) ws.send(m);
    });
  },
});
`,
            },
          ],
        },
      ],
    },
    {
      // Bun: no buffered-amount API to suggest; the result must be checked by hand.
      code: `
Bun.serve({
  fetch(req, server) { return server.upgrade(req) ? undefined : new Response('no'); },
  websocket: {
    open(ws) { ws.data.timer = setInterval(() => ws.send(snapshot()), 1000); },
    close(ws) { clearInterval(ws.data.timer); },
  },
});
`,
      errors: [
        { messageId: 'uncheckedSendResult', data: { context: 'on every interval tick', framework: 'Bun' }, line: 5, column: 50, endLine: 5, endColumn: 69, suggestions: [] },
      ],
    },
    {
      // A browser client streaming its position 20 times a second.
      code: `
const socket = new WebSocket('wss://example.com/track');
socket.addEventListener('open', () => {
  setInterval(() => {
    socket.send(JSON.stringify(currentPosition()));
  }, 50);
});
`,
      options: [{ slowClient: 'terminate' }],
      errors: [
        {
          messageId: 'unguardedSend',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'guardSend',
              data: { description: 'Terminate a client with more than 1024 * 1024 bytes queued' },
              output: `
const socket = new WebSocket('wss://example.com/track');
socket.addEventListener('open', () => {
  setInterval(() => {
    if (socket.bufferedAmount >= 1024 * 1024) socket.close();
    else socket.send(JSON.stringify(currentPosition()));
  }, 50);
});
`,
            },
          ],
        },
      ],
    },
    // A function constructor's batching queue: the flush timer re-arms itself from its callback through `that.schedule()` (`const that = this`), so the send is a tick.
    {
      code: `
import { WebSocketServer } from 'ws';
import { feed } from './feed.js';

const wss = new WebSocketServer({ port: 8080 });

function Session(socket) {
  this.socket = socket;
  this.outbox = [];
}
Session.prototype.enqueue = function (item) {
  this.outbox.push(item);
  this.schedule();
};
Session.prototype.schedule = function () {
  const that = this;
  if (this.pending) return;
  this.pending = setTimeout(function () {
    that.pending = null;
    that.socket.send(JSON.stringify(that.outbox.splice(0, 20)));
    if (that.outbox.length > 0) that.schedule();
  }, 25);
};

wss.on('connection', (socket) => {
  const session = new Session(socket);
  feed.on('update', (update) => session.enqueue(update));
});
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unguardedSend', line: 20, suggestions: [{ messageId: 'guardSend', output: `
import { WebSocketServer } from 'ws';
import { feed } from './feed.js';

const wss = new WebSocketServer({ port: 8080 });

function Session(socket) {
  this.socket = socket;
  this.outbox = [];
}
Session.prototype.enqueue = function (item) {
  this.outbox.push(item);
  this.schedule();
};
Session.prototype.schedule = function () {
  const that = this;
  if (this.pending) return;
  this.pending = setTimeout(function () {
    that.pending = null;
    if (that.socket.bufferedAmount < 1024 * 1024) that.socket.send(JSON.stringify(that.outbox.splice(0, 20)));
    if (that.outbox.length > 0) that.schedule();
  }, 25);
};

wss.on('connection', (socket) => {
  const session = new Session(socket);
  feed.on('update', (update) => session.enqueue(update));
});
` }] },
      ],
    },
    // Sockets filed by a prototype method (`this.join(room, ws)`) into `this.rooms`, and every bus event sent to a room's members.
    {
      code: `
import WebSocket from 'ws';

function Hub(wss, bus) {
  this.wss = wss;
  this.rooms = {};
  bus.on('room-message', (event) => this.toRoom(event));
}

function join(room, socket) {
  if (!this.rooms[room]) this.rooms[room] = [];
  this.rooms[room].push({ room, socket });
}

function toRoom({ room, body }) {
  if (!this.rooms[room]) return;
  this.rooms[room].forEach((member) => {
    if (member.socket.readyState === WebSocket.OPEN) member.socket.send(body);
  });
}

function start() {
  this.wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data) => this.join(String(data), ws));
  });
}

Hub.prototype.join = join;
Hub.prototype.toRoom = toRoom;
Hub.prototype.start = start;

export default Hub;
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unguardedSend', line: 18, suggestions: [{ messageId: 'guardSend', output: `
import WebSocket from 'ws';

function Hub(wss, bus) {
  this.wss = wss;
  this.rooms = {};
  bus.on('room-message', (event) => this.toRoom(event));
}

function join(room, socket) {
  if (!this.rooms[room]) this.rooms[room] = [];
  this.rooms[room].push({ room, socket });
}

function toRoom({ room, body }) {
  if (!this.rooms[room]) return;
  this.rooms[room].forEach((member) => {
    if (member.socket.readyState === WebSocket.OPEN && member.socket.bufferedAmount < 1024 * 1024) member.socket.send(body);
  });
}

function start() {
  this.wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data) => this.join(String(data), ws));
  });
}

Hub.prototype.join = join;
Hub.prototype.toRoom = toRoom;
Hub.prototype.start = start;

export default Hub;
` }] },
      ],
    },
    // The same client forwarding every quote of an application emitter: a stream.
    {
      code: `
import { auth } from './auth.js';

const ws = new WebSocket('wss://example.test/live');
ws.onerror = () => {};
auth.on('quote', (token) => {
  ws.send(JSON.stringify({ type: 'auth', token }));
});

`,
      filename: 'file.js',
      errors: [
        { messageId: 'unguardedSend', line: 7, suggestions: [{ messageId: 'guardSend', output: `
import { auth } from './auth.js';

const ws = new WebSocket('wss://example.test/live');
ws.onerror = () => {};
auth.on('quote', (token) => {
  if (ws.bufferedAmount < 1024 * 1024) ws.send(JSON.stringify({ type: 'auth', token }));
});

` }] },
      ],
    },
    // A wrapper whose `on` hands the listener to an application bus: every update is sent, a stream.
    {
      code: `
import { WebSocketServer } from 'ws';
import { bus } from './bus.js';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', () => {});

function topic(name) {
  return {
    on(event, listener) {
      bus.on(\`\${name}:\${event}\`, listener);
    },
  };
}

wss.on('connection', (ws) => {
  ws.on('error', (err) => console.error(err));
  topic('prices').on('update', (data) => ws.send(data));
});
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unguardedSend', line: 18, suggestions: [{ messageId: 'guardSend', output: `
import { WebSocketServer } from 'ws';
import { bus } from './bus.js';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', () => {});

function topic(name) {
  return {
    on(event, listener) {
      bus.on(\`\${name}:\${event}\`, listener);
    },
  };
}

wss.on('connection', (ws) => {
  ws.on('error', (err) => console.error(err));
  topic('prices').on('update', (data) => {
    if (ws.bufferedAmount < 1024 * 1024) ws.send(data);
  });
});
` }] },
      ],
    },
  ],
});
