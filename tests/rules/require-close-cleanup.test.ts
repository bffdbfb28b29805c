import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-close-cleanup.js';

const ruleTester = new RuleTester();

ruleTester.run('require-close-cleanup', rule, {
  valid: [
    // A parameter named \`server\` with a 'connection' listener may be any server (here a TCP one).
    {
      code: `
export function attachRelay(server) {
  server.on('connection', (sock) => {
    const timer = setInterval(() => sock.write('tick'), 1000);
    sock.on('data', (d) => sock.write(d));
  });
}
`,
      filename: 'file.js',
    },
    // A list looked up in a registry (\`const clients = this.byChunk.get(id)\`) is released by a
    // removal through the whole registry (\`this.byChunk.forEach((list) => list.splice(…))\`) on close.
    {
      code: `
import { WebSocketServer } from 'ws';

export class ChunkServer {
  constructor() {
    this.byChunk = new Map();
    this.wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
    this.wss.on('error', console.error);
    this.wss.on('connection', (ws) => {
      ws.on('error', console.error);
      ws.on('close', () => this.leaveAll(ws));
      ws.on('message', (data) => this.join(String(data), ws));
    });
  }

  join(chunk, ws) {
    if (!this.byChunk.has(chunk)) this.byChunk.set(chunk, []);
    const clients = this.byChunk.get(chunk);
    clients.push(ws);
  }

  leaveAll(ws) {
    this.byChunk.forEach((list) => {
      const pos = list.indexOf(ws);
      if (pos !== -1) list.splice(pos, 1);
    });
  }
}
`,
      filename: 'file.js',
    },
    // A helper that receives a socket without wiring its events is an API (join/leave) whose
    // caller pairs it with the socket's close.
    {
      code: `
export class Rooms {
  constructor() {
    this.rooms = new Map();
  }
  join(room, socket) {
    if (!this.rooms.has(room)) this.rooms.set(room, []);
    this.rooms.get(room).push(socket);
    socket.send(JSON.stringify({ joined: room }));
    if (socket.readyState !== 1) socket.terminate();
  }
  leave(room, socket) {
    const list = this.rooms.get(room);
    if (list) list.splice(list.indexOf(socket), 1);
  }
}
`,
      filename: 'file.js',
    },
    // Releases attached before every return (or in the same branch, before its return).
    {
      code: `
import { WebSocketServer } from 'ws';
import { authorize, openLogStream } from './logs.js';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', async (ws, req) => {
  ws.on('error', console.error);
  const ping = setInterval(() => ws.ping(), 30000);
  ws.on('close', () => clearInterval(ping));
  const ok = await authorize(req);
  if (!ok) {
    ws.close(4003, 'Not authorized');
    return;
  }
  if (req.url === '/quiet') {
    clearInterval(ping);
  }
});
wss.on('connection', async (ws, req) => {
  ws.on('error', console.error);
  if (!(await authorize(req))) {
    ws.close();
    return;
  }
  const ping = setInterval(() => ws.ping(), 30000);
  if (req.url === '/a') {
    ws.on('close', () => clearInterval(ping));
    return;
  }
  ws.on('close', () => clearInterval(ping));
});
`,
      filename: 'file.js',
    },
    // The classic per-connection ticker, stopped when the socket closes.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', function onConnection(ws) {
  const ticker = setInterval(function () { ws.send(JSON.stringify(process.memoryUsage())); }, 1000);
  ws.on('error', console.error);
  ws.on('close', function () { clearInterval(ticker); });
});
`,
    // Cleanup gathered in a helper that the close listener calls (and the error path too).
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const sessions = new Map();
wss.on('connection', (ws, req) => {
  const id = req.headers['sec-websocket-key'];
  sessions.set(id, ws);
  const feed = setInterval(() => ws.send('tick'), 500);
  function cleanup() {
    clearInterval(feed);
    sessions.delete(id);
  }
  ws.once('close', cleanup);
  ws.on('error', cleanup);
});
`,
    // A module-level helper reached from the close listener.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const rooms = new Map();
function leaveAll(socket) { for (const members of rooms.values()) members.delete(socket); }
wss.on('connection', (ws) => {
  rooms.get('lobby').add(ws);
  ws.on('close', () => leaveAll(ws));
});
`,
    // AbortSignal wiring: the watch gets a signal that the socket's close aborts.
    `
import { WebSocketServer } from 'ws';
import { watchDeployments } from './cluster.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const lifetime = new AbortController();
  ws.once('close', () => lifetime.abort());
  const watch = watchDeployments('default', { signal: lifetime.signal });
  watch.on('change', (change) => ws.send(JSON.stringify(change)));
});
`,
    // abort passed by reference, and a signal combined with AbortSignal.any.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const lifetime = new AbortController();
  ws.on('close', lifetime.abort.bind(lifetime));
  const signal = AbortSignal.any([lifetime.signal, shutdown.signal]);
  const sub = prices.subscribe((p) => ws.send(p), { signal });
});
`,
    // events.once(ws, 'close') as a promise: `.then(…)`, and code after `await`.
    `
import { once } from 'node:events';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const subscription = ticker$.subscribe((t) => ws.send(t));
  once(ws, 'close').then(() => subscription.unsubscribe());
});
wss.on('connection', async (ws) => {
  const poll = setInterval(() => ws.ping(), 10_000);
  await once(ws, 'close');
  clearInterval(poll);
});
`,
    // for await over an emitter's events, ended by a signal the socket's close aborts.
    `
import { on } from 'node:events';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws) => {
  const ac = new AbortController();
  ws.on('close', () => ac.abort());
  for await (const [event] of on(bus, 'event', { signal: ac.signal })) ws.send(event);
});
`,
    // A for await loop that leaves by itself once the socket is closed.
    `
import { setInterval as every } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws) => {
  for await (const _ of every(1000)) {
    if (ws.readyState !== ws.OPEN) break;
    ws.send('tick');
  }
});
`,
    // A WeakMap/WeakSet does not keep the socket alive.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
const meta = new WeakMap();
const alive = new WeakSet();
wss.on('connection', (ws, req) => {
  meta.set(ws, { ip: req.socket.remoteAddress });
  alive.add(ws);
});
`,
    // Listeners on the socket itself, and on emitters created for this connection, die with it.
    `
import { WebSocketServer } from 'ws';
import { EventEmitter } from 'node:events';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (m) => ws.send(m));
  ws.on('pong', () => { ws.isAlive = true; });
  const local = new EventEmitter();
  local.on('reply', (r) => ws.send(r));
  const subscriber = redis.duplicate();
  subscriber.subscribe('news');
  subscriber.on('message', (_c, m) => ws.send(m));
  ws.on('close', () => subscriber.quit());
});
`,
    // One-shot work ends by itself: a timeout that is not re-armed, an awaited fetch, a once listener.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', async (ws) => {
  setTimeout(() => { if (!ws.authenticated) ws.close(4001); }, 5000);
  const profile = await fetch('https://auth.example/profile').then((r) => r.json());
  ws.send(JSON.stringify(profile));
  config.once('reload', () => ws.send('reload'));
});
`,
    // A re-arming timeout that stops once the socket is closed.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  function tick() {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(String(Date.now()));
    setTimeout(tick, 1000);
  }
  tick();
});
`,
    // Self-clearing intervals whose condition follows the socket's end: a flag the close listener
    // sets, the callback of the socket's own send, or no condition at all (it runs once).
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  let closed = false;
  ws.on('close', () => { closed = true; });
  const flagged = setInterval(() => {
    if (closed) clearInterval(flagged);
    else ws.send('tick');
  }, 1000);
  const sending = setInterval(() => {
    ws.send('tick', (error) => { if (error) clearInterval(sending); });
  }, 1000);
  const once = setInterval(() => {
    clearInterval(once);
    ws.send('hello');
  }, 1000);
});
`,
    // A class constructed with the socket is a per-connection scope: its timers are released when
    // the class listens for close itself, or when the handler calls its release method on close.
    `
import { WebSocketServer } from 'ws';
class Ticker {
  constructor(ws) {
    this.ws = ws;
    this.timer = setInterval(() => this.ws.send('tick'), 1000);
    this.ws.on('close', () => this.dispose());
  }
  dispose() { clearInterval(this.timer); }
}
class Pinger {
  constructor(ws) {
    this.ws = ws;
    this.start();
  }
  start() { this.timer = setInterval(() => this.ws.ping(), 1000); }
  stop() { clearInterval(this.timer); }
}
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  new Ticker(ws);
  const pinger = new Pinger(ws);
  ws.on('close', () => pinger.stop());
});
`,
    // A listener on an emitter imported from another module, removed on close.
    {
      code: `
import { WebSocketServer } from 'ws';
import { bus } from './bus.js';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const onUpdate = (update) => ws.send(JSON.stringify(update));
  bus.on('update', onUpdate);
  ws.on('close', () => bus.off('update', onUpdate));
});
`,
      filename: 'file.js',
    },
    // An interval that clears itself once the socket has gone.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const id = setInterval(() => {
    if (ws.readyState === ws.CLOSED) return clearInterval(id);
    ws.send('status');
  }, 1000);
});
`,
    // Module-level heartbeat over wss.clients (the ws README pattern), cleared when the server closes.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => { ws.isAlive = true; ws.on('pong', () => { ws.isAlive = true; }); });
const interval = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) { ws.terminate(); continue; }
    ws.isAlive = false;
    ws.ping();
  }
}, 30_000);
wss.on('close', () => clearInterval(interval));
`,
    // A server-wide broadcast interval in a start() function, cleared by the returned close().
    `
import { WebSocketServer } from 'ws';
export function start(port) {
  const wss = new WebSocketServer({ port });
  const broadcast = setInterval(() => { for (const c of wss.clients) c.send('tick'); }, 1000);
  return { close() { clearInterval(broadcast); wss.close(); } };
}
`,
    // A server that this module never closes: its interval lives as long as the process.
    `
import { WebSocketServer } from 'ws';
export function main() {
  const wss = new WebSocketServer({ port: 8080 });
  setInterval(() => wss.clients.forEach((c) => c.send('tick')), 1000);
}
`,
    // The socket is handed to a class or a function that owns its lifecycle.
    `
import { WebSocketServer } from 'ws';
import { Session } from './session.js';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => { new Session(ws).start(); });
wss.on('connection', (ws) => { hub.subscribe(ws, 'news'); });
wss.on('connection', (ws) => { registerCleanup(ws, setInterval(() => ws.ping(), 1000)); });
`,
    // A named listener on a shared bus, removed on close; removeAllListeners for a dedicated event.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const onUpdate = (u) => ws.send(JSON.stringify(u));
  bus.on('update', onUpdate);
  process.on('SIGHUP', onUpdate);
  ws.on('close', () => {
    bus.off('update', onUpdate);
    process.removeListener('SIGHUP', onUpdate);
  });
});
wss.on('connection', (ws) => {
  feeds.addEventListener('price', (e) => ws.send(e.data), { signal: controller.signal });
  ws.on('close', () => feeds.removeAllListeners('price'));
});
`,
    // RxJS: a pipe bounded by takeUntil(close$) ends with the socket.
    `
import { fromEvent, takeUntil } from 'rxjs';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const close$ = fromEvent(ws, 'close');
  prices$.pipe(takeUntil(close$)).subscribe((p) => ws.send(p));
});
`,
    // A child process killed when the socket closes (a web terminal).
    `
import { spawn } from 'node:child_process';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const shell = spawn('bash', ['-i']);
  shell.stdout.on('data', (d) => ws.send(d));
  ws.on('message', (m) => shell.stdin.write(m));
  ws.on('close', () => shell.kill());
});
`,
    // Released somewhere the rule cannot connect to close (a message): not reported by default.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  let stream;
  ws.on('message', (m) => {
    if (String(m) === 'start') stream = setInterval(() => ws.send('x'), 100);
    if (String(m) === 'stop') clearInterval(stream);
  });
});
`,
    // socket.io: rooms are left automatically on disconnect; app-level registries cleaned on 'disconnect'.
    `
import { Server } from 'socket.io';
const io = new Server(3000);
const online = new Map();
io.on('connection', (socket) => {
  socket.join('room:' + socket.handshake.auth.room);
  online.set(socket.id, socket);
  socket.on('disconnect', () => online.delete(socket.id));
});
`,
    `
import { Server } from 'socket.io';
const io = new Server(3000);
const users = {};
io.on('connection', (socket) => {
  users[socket.id] = socket;
  const timer = setInterval(() => socket.emit('time', Date.now()), 1000);
  socket.on('disconnecting', () => {
    clearInterval(timer);
    delete users[socket.id];
  });
});
`,
    // socket.io storing ids (not sockets): nothing the rule can tie to the socket.
    `
import { Server } from 'socket.io';
const io = new Server(3000);
const ids = new Set();
io.on('connection', (socket) => { ids.add(socket.id); });
`,
    // express-ws route.
    `
import express from 'express';
import expressWs from 'express-ws';
const { app } = expressWs(express());
const sockets = [];
app.ws('/feed', (ws, req) => {
  sockets.push(ws);
  ws.on('close', () => { sockets.splice(sockets.indexOf(ws), 1); });
});
`,
    // @fastify/websocket route with the registry kept as an array that is filtered on close.
    `
import fastifyWebsocket from '@fastify/websocket';
let peers = [];
fastify.register(fastifyWebsocket);
fastify.get('/ws', { websocket: true }, (socket, req) => {
  peers.push(socket);
  socket.on('close', () => { peers = peers.filter((p) => p !== socket); });
});
`,
    // NestJS gateway: per-client state kept on the singleton and removed in handleDisconnect.
    `
import { WebSocketGateway, OnGatewayConnection, OnGatewayDisconnect } from '@nestjs/websockets';
@WebSocketGateway()
export class FeedGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly clients = new Map<string, any>();
  private readonly timers = new Map<string, ReturnType<typeof setInterval>>();
  handleConnection(client: any) {
    this.clients.set(client.id, client);
    this.timers.set(client.id, setInterval(() => client.emit('tick'), 1000));
  }
  handleDisconnect(client: any) {
    clearInterval(this.timers.get(client.id));
    this.timers.delete(client.id);
    this.clients.delete(client.id);
  }
}
`,
    // Hono: a ticker started in onOpen and stopped in onClose.
    `
import { upgradeWebSocket } from 'hono/bun';
app.get('/ws', upgradeWebSocket(() => {
  let ticker: ReturnType<typeof setInterval> | undefined;
  return {
    onOpen(_event, ws) { ticker = setInterval(() => ws.send('tick'), 1000); },
    onClose() { clearInterval(ticker); },
  };
}));
`,
    // uWebSockets.js: per-socket state in user data, cleared in the close behaviour.
    `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', {
  open: (ws) => { ws.getUserData().ticker = setInterval(() => ws.send('tick'), 1000); },
  close: (ws) => { clearInterval(ws.getUserData().ticker); },
});
`,
    // Bun: ws.subscribe(topic) is undone by Bun on close.
    `
Bun.serve({
  fetch(req, server) { server.upgrade(req); },
  websocket: {
    open(ws) { ws.subscribe('chat'); },
    message(ws, m) { ws.publish('chat', m); },
  },
});
`,
    // Cloudflare Durable Object: the session map is cleaned in webSocketClose.
    `
import { DurableObject } from 'cloudflare:workers';
export class Room extends DurableObject {
  sessions = new Map();
  async webSocketMessage(ws, message) { this.sessions.set(ws, JSON.parse(message).name); }
  async webSocketClose(ws) { this.sessions.delete(ws); }
}
`,
    // koa-websocket (generator middleware): \`this\` is the per-connection context, not a long-lived object.
    `
const websockify = require('koa-websocket');
const app = websockify(new Koa());
app.ws.use(function* (next) {
  this.websocket.on('message', (m) => this.websocket.send(m));
  yield next;
});
`,
    // A registry that only a heartbeat sweep prunes: released on another path, not reported by default.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
const peers = new Set();
wss.on('connection', (ws) => { peers.add(ws); });
setInterval(() => { for (const p of peers) if (p.readyState === p.CLOSED) peers.delete(p); }, 10_000);
`,
    // Deno: cleared in onclose.
    `
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req);
  const clock = setInterval(() => socket.send(new Date().toISOString()), 1000);
  socket.onclose = () => clearInterval(clock);
  return response;
});
`,
    // A function constructor constructed with the socket clears its interval from its own close listener, through `self = this`.
    {
      code: `
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

function Client(ws) {
  var self = this;
  this.ws = ws;
  this.timer = setInterval(() => this.ws.ping(), 30000);
  ws.on('close', function () {
    self.stop();
  });
}
Client.prototype.stop = function () {
  clearInterval(this.timer);
};

wss.on('connection', (ws) => {
  new Client(ws);
});
`,
      filename: 'file.js',
    },
    // A class constructed with the socket removes its subscription on close.
    {
      code: `
import { WebSocketServer } from 'ws';
import { prices } from './prices.js';

const wss = new WebSocketServer({ port: 8080 });

class Subscriber {
  constructor(ws) {
    this.ws = ws;
    this.onTick = (tick) => this.ws.send(JSON.stringify(tick));
    prices.on('tick', this.onTick);
    ws.on('close', () => prices.off('tick', this.onTick));
  }
}

wss.on('connection', (ws) => {
  new Subscriber(ws);
});
`,
      filename: 'file.js',
    },
    // A listener on the instance's own emitter dies with the instance.
    {
      code: `
import { EventEmitter } from 'node:events';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

class Session {
  constructor(ws) {
    this.ws = ws;
    this.events = new EventEmitter();
    this.events.on('reply', (reply) => this.ws.send(reply));
  }
}

wss.on('connection', (ws) => {
  new Session(ws);
});
`,
      filename: 'file.js',
    },
    // A prototype method's `for await` loop over an outside emitter that breaks once the socket is closed.
    {
      code: `
import { on } from 'node:events';
import { WebSocketServer } from 'ws';
import { feed } from './feed.js';

const wss = new WebSocketServer({ port: 8080 });

function Relay(ws) {
  this.ws = ws;
  this.pump();
}
Relay.prototype.pump = async function () {
  for await (const [item] of on(feed, 'item')) {
    if (this.ws.readyState !== 1) break;
    this.ws.send(JSON.stringify(item));
  }
};

wss.on('connection', (ws) => {
  new Relay(ws);
});
`,
      filename: 'file.js',
    },
    // An object literal's method files the socket in `this.peers` and removes it on close.
    {
      code: `
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

const hub = {
  peers: new Map(),
  attach(ws, id) {
    this.peers.set(id, ws);
    ws.on('error', () => {});
    ws.on('close', () => this.peers.delete(id));
  },
};

wss.on('connection', (ws, req) => hub.attach(ws, req.headers['sec-websocket-key']));
`,
      filename: 'file.js',
    },
    // A subscription given the instance itself (`client: this`) is keyed by it, as one given the socket is: the API pairs it with the connection's end.
    {
      code: `
import { WebSocketServer } from 'ws';
import { prices } from './prices.js';

const wss = new WebSocketServer({ port: 8080 });

class Subscriber {
  constructor(ws) {
    this.ws = ws;
    this.start();
  }
  start() {
    prices.subscribe({ client: this, onTick: (tick) => this.ws.send(JSON.stringify(tick)) });
  }
}

wss.on('connection', (ws) => {
  new Subscriber(ws);
});
`,
      filename: 'file.js',
    },
  ],
  invalid: [
    // A server injected as a parameter, in a module that imports no library: its name (wss) says it is a ws server (issue 12, shape 9).
    {
      code: `
export function attachFeed(wss) {
  wss.on('connection', (ws) => {
    const timer = setInterval(() => ws.send(String(Date.now())), 1000);
    ws.on('message', (m) => ws.send(m));
  });
}
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unreleased', line: 4, suggestions: [{ messageId: 'addRelease', output: `
export function attachFeed(wss) {
  wss.on('connection', (ws) => {
    const timer = setInterval(() => ws.send(String(Date.now())), 1000);
    ws.on('close', () => {
      clearInterval(timer);
    });
    ws.on('message', (m) => ws.send(m));
  });
}
` }] },
      ],
    },
    // The same with a socket.io server named io.
    {
      code: `
export function attachChat(io) {
  io.on('connection', (socket) => {
    const timer = setInterval(() => socket.emit('tick', Date.now()), 1000);
    socket.on('chat', (m) => socket.emit('chat', m));
  });
}
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unreleased', line: 4, suggestions: [{ messageId: 'addRelease', output: `
export function attachChat(io) {
  io.on('connection', (socket) => {
    const timer = setInterval(() => socket.emit('tick', Date.now()), 1000);
    socket.on('disconnect', () => {
      clearInterval(timer);
    });
    socket.on('chat', (m) => socket.emit('chat', m));
  });
}
` }] },
      ],
    },
    // The same registry with no close listener: removals through the whole registry exist, but
    // nothing connects them to the socket's close.
    {
      code: `
import { WebSocketServer } from 'ws';

export class ChunkServer {
  constructor() {
    this.byChunk = new Map();
    this.wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
    this.wss.on('error', console.error);
    this.wss.on('connection', (ws) => {
      ws.on('error', console.error);
      ws.on('message', (data) => this.join(String(data), ws));
    });
  }

  join(chunk, ws) {
    if (!this.byChunk.has(chunk)) this.byChunk.set(chunk, []);
    const clients = this.byChunk.get(chunk);
    clients.push(ws);
  }

  leaveAll(ws) {
    this.byChunk.forEach((list) => {
      const pos = list.indexOf(ws);
      if (pos !== -1) list.splice(pos, 1);
    });
  }
}
`,
      filename: 'file.js',
      options: [{ reportReleasesOutsideClose: true }],
      errors: [{ messageId: 'releasedOutsideClose', line: 18, suggestions: [] }],
    },
    // A function of a module that imports no library receives a socket it wires (listeners, a send, ping): what it starts is per connection.
    {
      code: `
import { bus } from './bus.js';
export function attachSession(socket) {
  const t = setInterval(() => socket.ping(), 30000);
  socket.on('message', (data) => handle(data));
  socket.on('close', () => clearInterval(t));
  bus.on('event', (e) => socket.send(JSON.stringify(e)));
}
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unreleased', line: 7, suggestions: [] },
      ],
    },
    // The release is attached after an early return: a rejected connection keeps its interval.
    {
      code: `
import { WebSocketServer } from 'ws';
import { authorize, openLogStream } from './logs.js';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', async (ws, req) => {
  ws.on('error', console.error);
  const ping = setInterval(() => ws.ping(), 30000);
  const ok = await authorize(req);
  if (!ok) {
    ws.close(4003, 'Not authorized');
    return;
  }
  const stream = openLogStream(req.url);
  stream.on('data', (chunk) => ws.send(chunk));
  ws.on('close', () => {
    clearInterval(ping);
    stream.destroy();
  });
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'releaseSkippedByReturn', line: 7, data: { resource: 'This \`setInterval(…)\` interval', closeEvent: 'close', event: 'close', line: '11' }, suggestions: [] }],
    },
    // A listener's expression body: the emitter ignores the returned timer, so nothing keeps it.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => setInterval(() => ws.ping(), 30_000));
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 4,
          column: 30,
          suggestions: [
            {
              messageId: 'addRelease',
              data: { release: 'clearInterval(interval);', closeEvent: 'close' },
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const interval = setInterval(() => ws.ping(), 30_000);
  ws.on('close', () => {
    clearInterval(interval);
  });
});
`,
            },
          ],
        },
      ],
    },
    // A per-connection interval stored but never cleared: the suggestion creates the close listener.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const feed = setInterval(() => ws.send(String(Date.now())), 1000);
  ws.on('message', (m) => ws.send(m));
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const feed = setInterval(() => ws.send(String(Date.now())), 1000);
  ws.on('close', () => {
    clearInterval(feed);
  });
  ws.on('message', (m) => ws.send(m));
});
`,
            },
          ],
        },
      ],
    },
    // A discarded interval cannot be cleared at all: the suggestion stores it first.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  setInterval(() => ws.ping(), 30_000);
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const interval = setInterval(() => ws.ping(), 30_000);
  ws.on('close', () => {
    clearInterval(interval);
  });
});
`,
            },
          ],
        },
      ],
    },
    // An existing close listener that forgets the interval gets the clear appended.
    {
      code: `
const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', function (ws) {
  const poll = setInterval(function () { ws.send('poll'); }, 5000);
  ws.on('close', function () {
    console.log('client left');
  });
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 67,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', function (ws) {
  const poll = setInterval(function () { ws.send('poll'); }, 5000);
  ws.on('close', function () {
    console.log('client left');
    clearInterval(poll);
  });
});
`,
            },
          ],
        },
      ],
    },
    // An expression-bodied close listener becomes a block.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const poll = setInterval(() => ws.send('poll'), 5000);
  ws.on('close', () => console.log('bye'));
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const poll = setInterval(() => ws.send('poll'), 5000);
  ws.on('close', () => {
    console.log('bye');
    clearInterval(poll);
  });
});
`,
            },
          ],
        },
      ],
    },
    // socket.io: an app-level registry with a 'disconnect' listener that does not remove the entry.
    {
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
const users = new Map();
io.on('connection', (socket) => {
  users.set(socket.id, socket);
  socket.on('disconnect', (reason) => {
    console.log('left', reason);
  });
});
`,
      errors: [
        {
          messageId: 'unreleasedRegistry',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { Server } from 'socket.io';
const io = new Server(3000);
const users = new Map();
io.on('connection', (socket) => {
  users.set(socket.id, socket);
  socket.on('disconnect', (reason) => {
    console.log('left', reason);
    if (users.get(socket.id) === socket) users.delete(socket.id);
  });
});
`,
            },
          ],
        },
      ],
    },
    // socket.io sockets never emit 'close': the listener is reported (its cleanup never runs), not the registry twice.
    {
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
const users = new Map();
io.on('connection', (socket) => {
  users.set(socket.id, socket);
  socket.on('close', () => users.delete(socket.id));
});
`,
      errors: [
        {
          messageId: 'neverFiredCloseEvent',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'useCloseEvent',
              output: `
import { Server } from 'socket.io';
const io = new Server(3000);
const users = new Map();
io.on('connection', (socket) => {
  users.set(socket.id, socket);
  socket.on('disconnect', () => users.delete(socket.id));
});
`,
            },
          ],
        },
      ],
    },
    // Released only when 'error' fires: a normal close leaks it.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const feed = setInterval(() => ws.send('tick'), 1000);
  ws.on('error', () => {
    clearInterval(feed);
  });
});
`,
      errors: [
        {
          messageId: 'releasedOnErrorOnly',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const feed = setInterval(() => ws.send('tick'), 1000);
  ws.on('close', () => {
    clearInterval(feed);
  });
  ws.on('error', () => {
    clearInterval(feed);
  });
});
`,
            },
          ],
        },
      ],
    },
    // The incident (seed 000): the watch's signal is aborted on the request's 'close', which never follows the socket.
    {
      code: `
import { WebSocketServer } from 'ws';
import { watchPods } from './k8s.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const scope = new AbortController();
  req.on('close', () => scope.abort());
  const watch = watchPods('default', { signal: scope.signal });
  watch.on('event', (e) => ws.send(JSON.stringify(e)));
});
`,
      errors: [
        {
          messageId: 'releasedOnRequestOnly',
          line: 8,
          column: 17,
          endLine: 8,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
import { watchPods } from './k8s.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const scope = new AbortController();
  req.on('close', () => scope.abort());
  const watch = watchPods('default', { signal: scope.signal });
  ws.on('close', () => {
    scope.abort();
  });
  watch.on('event', (e) => ws.send(JSON.stringify(e)));
});
`,
            },
          ],
        },
      ],
    },
    // A named listener on a shared bus, never removed.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const onUpdate = (u) => ws.send(JSON.stringify(u));
  bus.on('update', onUpdate);
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const onUpdate = (u) => ws.send(JSON.stringify(u));
  bus.on('update', onUpdate);
  ws.on('close', () => {
    bus.off('update', onUpdate);
  });
});
`,
            },
          ],
        },
      ],
    },
    // An inline listener on process cannot be removed: reported without a suggestion.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  process.on('SIGTERM', () => ws.close(1001));
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
    // An RxJS subscription, never unsubscribed.
    {
      code: `
import { WebSocketServer } from 'ws';
import { prices$ } from './market.js';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const sub = prices$.subscribe((p) => ws.send(p));
  ws.on('close', () => {
    console.log('closed');
  });
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 6,
          column: 15,
          endLine: 6,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
import { prices$ } from './market.js';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const sub = prices$.subscribe((p) => ws.send(p));
  ws.on('close', () => {
    console.log('closed');
    sub.unsubscribe();
  });
});
`,
            },
          ],
        },
      ],
    },
    // NestJS: the gateway singleton keeps every client; handleDisconnect (with its own parameter name) gets the removal.
    {
      code: `
import { WebSocketGateway } from '@nestjs/websockets';
@WebSocketGateway()
export class ChatGateway {
  private readonly clients = new Map<string, any>();
  handleConnection(client: any) {
    this.clients.set(client.id, client);
  }
  handleDisconnect(socket: any) {
    console.log('disconnected', socket.id);
  }
}
`,
      errors: [
        {
          messageId: 'unreleasedRegistry',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketGateway } from '@nestjs/websockets';
@WebSocketGateway()
export class ChatGateway {
  private readonly clients = new Map<string, any>();
  handleConnection(client: any) {
    this.clients.set(client.id, client);
  }
  handleDisconnect(socket: any) {
    console.log('disconnected', socket.id);
    if (this.clients.get(socket.id) === socket) this.clients.delete(socket.id);
  }
}
`,
            },
          ],
        },
      ],
    },
    // Hono: the onClose hook (an arrow with an expression body) gets the clear.
    {
      code: `
import { upgradeWebSocket } from 'hono/bun';
app.get('/ws', upgradeWebSocket(() => {
  let ticker;
  return {
    onOpen(_event, ws) { ticker = setInterval(() => ws.send('tick'), 1000); },
    onClose: () => console.log('closed'),
  };
}));
`,
      // Written as JavaScript: in TypeScript an untyped `let`/`[]` read from a new closure is an implicit any.
      filename: 'file.js',
      errors: [
        {
          messageId: 'unreleased',
          line: 6,
          column: 35,
          endLine: 6,
          endColumn: 75,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { upgradeWebSocket } from 'hono/bun';
app.get('/ws', upgradeWebSocket(() => {
  let ticker;
  return {
    onOpen(_event, ws) { ticker = setInterval(() => ws.send('tick'), 1000); },
    onClose: () => {
      console.log('closed');
      clearInterval(ticker);
    },
  };
}));
`,
            },
          ],
        },
      ],
    },
    // uWebSockets.js: the close behaviour names the socket differently; the release uses that name.
    {
      code: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', {
  open: (ws) => { ws.getUserData().ticker = setInterval(() => ws.send('tick'), 1000); },
  close: (socket) => {
    console.log('closed');
  },
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 4,
          column: 45,
          endLine: 4,
          endColumn: 85,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', {
  open: (ws) => { ws.getUserData().ticker = setInterval(() => ws.send('tick'), 1000); },
  close: (socket) => {
    console.log('closed');
    clearInterval(socket.getUserData().ticker);
  },
});
`,
            },
          ],
        },
      ],
    },
    // An interval started with the server in start(): the module closes the server but never clears it (seed 003).
    {
      code: `
import { WebSocketServer } from 'ws';
export function start(port) {
  const wss = new WebSocketServer({ port });
  setInterval(() => {
    for (const client of wss.clients) client.send('tick');
  }, 1000);
  return { close: () => wss.close() };
}
`,
      errors: [
        {
          messageId: 'serverInterval',
          line: 5,
          column: 3,
          endLine: 7,
          endColumn: 11,
          suggestions: [
            {
              messageId: 'clearOnServerClose',
              output: `
import { WebSocketServer } from 'ws';
export function start(port) {
  const wss = new WebSocketServer({ port });
  const interval = setInterval(() => {
    for (const client of wss.clients) client.send('tick');
  }, 1000);
  wss.on('close', () => clearInterval(interval));
  return { close: () => wss.close() };
}
`,
            },
          ],
        },
      ],
    },
    // An interval that clears itself behind a condition a normal close never meets (a counter)
    // outlives the socket: not a release.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  let sent = 0;
  const feed = setInterval(() => {
    if (++sent >= 1000) clearInterval(feed);
    ws.send(String(sent));
  }, 1000);
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 6,
          column: 16,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  let sent = 0;
  const feed = setInterval(() => {
    if (++sent >= 1000) clearInterval(feed);
    ws.send(String(sent));
  }, 1000);
  ws.on('close', () => {
    clearInterval(feed);
  });
});
`,
            },
          ],
        },
      ],
    },
    // A timer started by a class constructed with the socket, released nowhere (the release of
    // another class's field of the same name does not count). No suggestion: the release belongs
    // in the class.
    {
      code: `
import { WebSocketServer } from 'ws';
class Feed {
  constructor(socket) {
    this.timer = setInterval(() => socket.send('tick'), 1000);
  }
}
class Other {
  stop() { clearInterval(this.timer); }
}
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  new Feed(ws);
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'unreleased', line: 5, column: 18, suggestions: [] }],
    },
    // An emitter imported from another module outlives the connection like a module-level one.
    {
      code: `
import { WebSocketServer } from 'ws';
import { bus } from './bus.js';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  bus.on('update', (update) => ws.send(JSON.stringify(update)));
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'unreleased', line: 6, column: 3, suggestions: [] }],
    },
    // A timeout that re-arms itself unconditionally never stops.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  let timer;
  function tick() {
    ws.send(String(Date.now()));
    timer = setTimeout(tick, 1000);
  }
  tick();
});
`,
      // Written as JavaScript: in TypeScript an untyped `let`/`[]` read from a new closure is an implicit any.
      filename: 'file.js',
      errors: [
        {
          messageId: 'unreleased',
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  let timer;
  function tick() {
    ws.send(String(Date.now()));
    timer = setTimeout(tick, 1000);
  }
  ws.on('close', () => {
    clearTimeout(timer);
  });
  tick();
});
`,
            },
          ],
        },
      ],
    },
    // for await over a shared emitter with no signal and no way out.
    {
      code: `
import { on } from 'node:events';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', async (ws) => {
  for await (const [event] of on(bus, 'event')) ws.send(JSON.stringify(event));
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 6,
          column: 31,
          endLine: 6,
          endColumn: 47,
          suggestions: [],
        },
      ],
    },
    // A child process per connection, never killed.
    {
      code: `
import { spawn } from 'node:child_process';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const tail = spawn('tail', ['-f', '/var/log/app.log']);
  tail.stdout.on('data', (d) => ws.send(d));
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { spawn } from 'node:child_process';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const tail = spawn('tail', ['-f', '/var/log/app.log']);
  ws.on('close', () => {
    tail.kill();
  });
  tail.stdout.on('data', (d) => ws.send(d));
});
`,
            },
          ],
        },
      ],
    },
    // express-ws: the socket pushed into a module-level array.
    {
      code: `
import express from 'express';
import expressWs from 'express-ws';
const { app } = expressWs(express());
const sockets = [];
app.ws('/feed', (ws, req) => {
  sockets.push(ws);
});
`,
      // Written as JavaScript: in TypeScript an untyped `let`/`[]` read from a new closure is an implicit any.
      filename: 'file.js',
      errors: [
        {
          messageId: 'unreleasedRegistry',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import express from 'express';
import expressWs from 'express-ws';
const { app } = expressWs(express());
const sockets = [];
app.ws('/feed', (ws, req) => {
  sockets.push(ws);
  ws.on('close', () => {
    if (sockets.includes(ws)) sockets.splice(sockets.indexOf(ws), 1);
  });
});
`,
            },
          ],
        },
      ],
    },
    // With reportReleasesOutsideClose: released only from a message.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const feed = setInterval(() => ws.send('x'), 100);
  ws.on('message', (m) => { if (String(m) === 'stop') clearInterval(feed); });
});
`,
      options: [{"reportReleasesOutsideClose":true}],
      errors: [
        {
          messageId: 'releasedOutsideClose',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const feed = setInterval(() => ws.send('x'), 100);
  ws.on('close', () => {
    clearInterval(feed);
  });
  ws.on('message', (m) => { if (String(m) === 'stop') clearInterval(feed); });
});
`,
            },
          ],
        },
      ],
    },
    // ws sockets never emit 'disconnect' (that is socket.io's name).
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const feed = setInterval(() => ws.send('x'), 100);
  ws.on('disconnect', () => clearInterval(feed));
});
`,
      errors: [
        {
          messageId: 'neverFiredCloseEvent',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'useCloseEvent',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const feed = setInterval(() => ws.send('x'), 100);
  ws.on('close', () => clearInterval(feed));
});
`,
            },
          ],
        },
      ],
    },
    // socket.io: an object used as a registry.
    {
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
const sockets = {};
io.on('connection', (socket) => {
  sockets[socket.id] = socket;
});
`,
      errors: [
        {
          messageId: 'unreleasedRegistry',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
import { Server } from 'socket.io';
const io = new Server(3000);
const sockets = {};
io.on('connection', (socket) => {
  sockets[socket.id] = socket;
  socket.on('disconnect', () => {
    if (sockets[socket.id] === socket) delete sockets[socket.id];
  });
});
`,
            },
          ],
        },
      ],
    },
    // A server wrapper class keeps every socket in this.peers, in an arrow with an expression body.
    {
      code: `
import { WebSocketServer } from 'ws';
class Hub {
  constructor() {
    this.peers = new Set();
    this.wss = new WebSocketServer({ noServer: true });
    this.wss.on('connection', (ws) => this.peers.add(ws));
  }
}
`,
      errors: [
        {
          messageId: 'unreleasedRegistry',
          line: 7,
          column: 39,
          endLine: 7,
          endColumn: 57,
          // The arrow's expression body becomes a block (the listener ignores its value).
          suggestions: [
            {
              messageId: 'addRelease',
              data: { release: 'this.peers.delete(ws);', closeEvent: 'close' },
              output: `
import { WebSocketServer } from 'ws';
class Hub {
  constructor() {
    this.peers = new Set();
    this.wss = new WebSocketServer({ noServer: true });
    this.wss.on('connection', (ws) => {
      this.peers.add(ws);
      ws.on('close', () => {
        this.peers.delete(ws);
      });
    });
  }
}
`,
            },
          ],
        },
      ],
    },
    // Deno: an EventTarget socket gets an addEventListener('close') listener.
    {
      code: `
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req);
  const clock = setInterval(() => socket.send(new Date().toISOString()), 1000);
  socket.onmessage = (e) => socket.send(e.data);
  return response;
});
`,
      errors: [
        {
          messageId: 'unreleased',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 79,
          suggestions: [
            {
              messageId: 'addRelease',
              output: `
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req);
  const clock = setInterval(() => socket.send(new Date().toISOString()), 1000);
  socket.addEventListener('close', () => {
    clearInterval(clock);
  });
  socket.onmessage = (e) => socket.send(e.data);
  return response;
});
`,
            },
          ],
        },
      ],
    },
    // A function constructor constructed with the socket is a per-connection scope: its interval must end on close.
    {
      code: `
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

function Client(ws) {
  this.ws = ws;
  this.timer = setInterval(() => this.ws.ping(), 30000);
}

wss.on('connection', (ws) => {
  const client = new Client(ws);
  ws.on('message', (data) => client.ws.send(data));
});
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unreleased', line: 8, suggestions: [] },
      ],
    },
    // A class constructed with the socket subscribes in a method to an emitter that outlives it, and never unsubscribes.
    {
      code: `
import { WebSocketServer } from 'ws';
import { prices } from './prices.js';

const wss = new WebSocketServer({ port: 8080 });

class Subscriber {
  constructor(ws) {
    this.ws = ws;
    this.start();
  }
  start() {
    prices.on('tick', (tick) => this.ws.send(JSON.stringify(tick)));
  }
}

wss.on('connection', (ws) => {
  new Subscriber(ws);
});
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unreleased', line: 13, suggestions: [] },
      ],
    },
    // A prototype method of a function constructed with the socket runs a `for await` loop over an outside emitter with no way out on close.
    {
      code: `
import { on } from 'node:events';
import { WebSocketServer } from 'ws';
import { feed } from './feed.js';

const wss = new WebSocketServer({ port: 8080 });

function Relay(ws) {
  this.ws = ws;
  this.pump();
}
Relay.prototype.pump = async function () {
  for await (const [item] of on(feed, 'item')) {
    this.ws.send(JSON.stringify(item));
  }
};

wss.on('connection', (ws) => {
  new Relay(ws);
});
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unreleased', line: 13, suggestions: [] },
      ],
    },
    // An object literal's method (`hub.attach(ws)`) files the socket in `this.peers` and never removes it.
    {
      code: `
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

const hub = {
  peers: new Map(),
  attach(ws, id) {
    this.peers.set(id, ws);
    ws.on('error', () => {});
  },
};

wss.on('connection', (ws, req) => hub.attach(ws, req.headers['sec-websocket-key']));
`,
      filename: 'file.js',
      errors: [
        { messageId: 'unreleasedRegistry', line: 9, suggestions: [] },
      ],
    },
  ],
});
