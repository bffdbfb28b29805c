import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-error-listener.js';

const ruleTester = new RuleTester();

ruleTester.run('require-error-listener', rule, {
  valid: [
    // A callback given to a call we do not recognise (a @fastify/websocket route on POST) is not
    // an inferred socket, even in strict: whatever registered it owns the socket.
    {
      code: `
import Fastify from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
const fastify = Fastify();
fastify.register(fastifyWebsocket);
fastify.register(async function (fastify) {
  fastify.post('/echo', { websocket: true }, (socket) => {
    socket.on('message', (message) => socket.send(message));
  });
});
`,
      filename: 'file.js',
      options: [{ strict: true }],
    },
    // tRPC's applyWSSHandler({ wss }) attaches an 'error' listener to every socket of the server.
    {
      code: `
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { appRouter } from './router.js';

const wss = new WebSocketServer({ port: 3001, maxPayload: 64 * 1024 });
wss.on('error', console.error);
applyWSSHandler({ wss, router: appRouter, keepAlive: { enabled: true, pingMs: 30000, pongWaitMs: 5000 } });
wss.on('connection', (socket, req) => {
  console.log('connected', req.url);
  socket.once('close', () => console.log('closed'));
});
`,
      filename: 'file.ts',
    },
    // Handed over before the first await: the other code may have attached its listener.
    {
      code: `
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import { isRateLimited } from './limits.js';
import { createAdapter } from './adapter.js';

export class Relay {
  private readonly wss = new WebSocketServer({ noServer: true });
  constructor() {
    this.wss.on('connection', this.onConnection.bind(this));
  }
  private async onConnection(client: WebSocket, req: IncomingMessage) {
    const adapter = createAdapter(client, req);
    if (await isRateLimited(req.socket.remoteAddress)) {
      adapter.close();
    }
  }
}
`,
      filename: 'file.ts',
    },
    // The global WebSocket first (Node 22 has one, and it cannot crash), a choice between the
    // global and ws that is not a browser test, or the caller's library read before the fallback.
    {
      code: `
const WS = globalThis.WebSocket || require('ws');
const Chosen = useGlobalWebSocket() ? globalThis.WebSocket : require('ws').WebSocket;
const chosen = new Chosen('wss://gateway.example');
chosen.onmessage = (event) => console.log(event.data);
function connect(url, lib) {
  const early = new lib(url);
  early.on('message', (data) => console.log(String(data)));
  lib = lib || require('ws');
  const ws = new WS(url);
  ws.on('message', (data) => console.log(String(data)));
}
module.exports = { connect };
`,
      filename: 'file.cjs',
    },
    // Handed over before any listener of ours: the code that takes it may attach the listener
    // (another module's function, or the 'connection' event re-emitted for another listener).
    {
      code: `
import { WebSocketServer } from 'ws';
import { serve } from './session.js';
const wss = new WebSocketServer({ noServer: true });
const other = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  serve(ws, req);
  ws.on('message', (data) => console.log(data));
});
export function upgrade(req, socket, head) {
  other.handleUpgrade(req, socket, head, (ws) => other.emit('connection', ws, req));
}
`,
      filename: 'file.js',
    },
    // The listener comes before the await, or the socket went to a helper (which may attach one)
    // before it, or the handler does not wait at all.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws, req) => {
  ws.on('error', console.error);
  const user = await authenticate(req);
  ws.send(user);
});
wss.on('connection', async (ws, req) => {
  setUp(ws);
  await authenticate(req);
  ws.on('error', console.error);
});
wss.on('connection', (ws) => {
  ws.send('hello');
  ws.on('error', console.error);
});
`,
      filename: 'file.js',
    },
    // The ws README shape: every socket logs its errors.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', (data) => ws.send(data));
});
`,
    // once(), prependListener, addListener and chained registration all count.
    `
const WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
wss.on('connection', function onConnection(ws) {
  ws.on('message', handleMessage).once('error', (err) => log.warn(err));
});
`,
    `
import WebSocket from 'ws';
const wss = new WebSocket.WebSocketServer({ noServer: true });
wss.on('connection', (ws) => { ws.prependListener('error', report); });
`,
    // DOM-style registration on a ws socket (ws supports addEventListener and onerror).
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.addEventListener('error', (event) => console.warn(event.message));
  ws.onmessage = (event) => ws.send(event.data);
});
`,
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => { ws.onerror = () => ws.terminate(); });
`,
    // The listener is added in a helper of the same module.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
function watchSocket(socket, id) {
  socket.on('error', (error) => logger.warn({ id, error }));
  socket.on('close', () => sessions.delete(id));
}
wss.on('connection', (ws, req) => {
  const id = req.headers['sec-websocket-key'];
  sessions.set(id, ws);
  watchSocket(ws, id);
});
`,
    // Handler passed by reference: a function declaration and a const arrow.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', onConnection);
function onConnection(ws) {
  ws.on('error', onError);
}
`,
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
const onConnection = (ws: import('ws').WebSocket) => {
  ws.once('error', () => ws.terminate());
};
wss.on('connection', onConnection);
`,
    // The socket is handed to a class or function we cannot see: it may add the listener.
    `
import { WebSocketServer } from 'ws';
import { Session } from './session.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  new Session(ws, req.headers.cookie).start();
});
`,
    `
import { WebSocketServer } from 'ws';
import { handleConnection } from './connection.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => handleConnection(ws, req));
`,
    // A class that owns its socket, listener added through this.socket.
    `
import { WebSocketServer } from 'ws';
class Peer {
  constructor(socket) {
    this.socket = socket;
    this.socket.on('message', (m) => this.onMessage(m));
    this.socket.on('error', (e) => this.onError(e));
  }
  onMessage(m) {}
  onError(e) {}
}
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => { peers.add(ws); ws.on('error', () => {}); });
`,
    // A class-based server: this.handleConnection.bind(this) resolves to the method.
    `
import { WebSocketServer, type WebSocket } from 'ws';
export class Hub {
  private readonly wss = new WebSocketServer({ noServer: true });
  constructor() {
    this.wss.on('connection', this.handleConnection.bind(this));
  }
  private handleConnection(ws: WebSocket) {
    ws.on('error', (error) => this.logger.error(error));
  }
}
`,
    // A listener registered with a dynamic event name might be 'error': do not guess.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  for (const [event, listener] of Object.entries(listeners)) ws.on(event, listener);
});
`,
    // The handleUpgrade callback hands the socket on to the 'connection' handler.
    `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
wss.on('connection', (ws) => { ws.on('error', console.error); });
`,
    // The ws README client-authentication pattern: a listener before the async work.
    `
import { createServer } from 'http';
import { WebSocketServer } from 'ws';
const server = createServer();
const wss = new WebSocketServer({ noServer: true });
function onSocketError(err) { console.error(err); }
server.on('upgrade', (request, socket, head) => {
  socket.on('error', onSocketError);
  authenticate(request, (err, client) => {
    if (err || !client) {
      socket.write('HTTP/1.1 401 Unauthorized\\r\\n\\r\\n');
      socket.destroy();
      return;
    }
    socket.removeListener('error', onSocketError);
    wss.handleUpgrade(request, socket, head, (ws) => { wss.emit('connection', ws, request, client); });
  });
});
`,
    // A synchronous upgrade: ws takes the socket over before anything can fail.
    `
import http from 'http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  if (new URL(req.url, 'http://x').pathname !== '/ws') {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
`,
    // Several upgrade listeners sharing one server: an unknown path is delegated at once.
    `
import http from 'http';
const server = http.createServer(app);
server.on('upgrade', (req, socket, head) => {
  if (req.url.startsWith('/_next')) return nextUpgrade(req, socket, head);
  proxy.ws(req, socket, head);
});
`,
    // noServer servers have no HTTP server whose errors they would re-emit.
    `
import { WebSocketServer } from 'ws';
export const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
`,
    // A server handed to a helper that wires it up elsewhere.
    `
import { WebSocketServer } from 'ws';
import { attachHeartbeat } from './heartbeat.js';
const wss = new WebSocketServer({ server: httpServer });
attachHeartbeat(wss);
`,
    // A ws client that rejects its connect promise on 'error'.
    `
import WebSocket from 'ws';
export function connect(url) {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
`,
    // The value of an assignment flows on: the listener is on \`ws\`, the same socket as \`current\`.
    `
import WebSocket from 'ws';
let current;
function open(url) {
  const ws = (current = new WebSocket(url));
  ws.on('error', (err) => console.warn(err.message));
  ws.on('close', () => setTimeout(() => open(url), 1000 * Math.random()));
}
`,
    // node:events once(…, 'close') rejects on 'error' for the socket's whole life.
    `
import { once } from 'node:events';
import WebSocket from 'ws';
export async function probe(url) {
  const sock = new WebSocket(url);
  sock.on('open', () => sock.close());
  await once(sock, 'close').catch((err) => console.warn('probe failed', err.message));
}
`,
    // node:events on() throws 'error' into the for-await loop that reads the socket.
    `
import { on } from 'events';
import WebSocket from 'ws';
export async function tail(url) {
  const feed = new WebSocket(url);
  try {
    for await (const [message] of on(feed, 'message')) console.log(String(message));
  } catch (err) {
    console.warn('feed ended', err);
  }
}
`,
    // req.socket is the raw upgrade socket itself.
    `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const srv = http.createServer();
const wss = new WebSocketServer({ noServer: true });
srv.on('upgrade', async (req, raw, head) => {
  req.socket.on('error', () => raw.destroy());
  const user = await authenticate(req);
  wss.handleUpgrade(req, raw, head, (ws) => wss.emit('connection', ws, req, user));
});
`,
    // The socket is handed over before the await suspends; the catch only cleans up a failure.
    `
import http from 'node:http';
const server = http.createServer(listener);
server.on('upgrade', async (req, socket, head) => {
  try {
    await routeUpgrade(req, socket, head);
  } catch (err) {
    socket.destroy();
    console.error(err);
  }
});
`,
    // Clearing req.socket in a later callback is not a use of the raw socket.
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, soc) => {
  soc.on('close', () => {
    req.client = req.connection = req.socket = null;
  });
  soc.destroy();
});
`,
    // Two 'connection' listeners on one server receive the same socket: one listens for errors.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', console.error);
wss.on('connection', (ws) => ws.on('error', console.error));
wss.on('connection', (ws) => { ws.on('message', (m) => ws.send(m)); });
`,
    // Frameworks that attach their own 'error' listener.
    `
import { Server } from 'socket.io';
const io = new Server(httpServer);
io.on('connection', (socket) => {
  socket.on('chat', (msg) => io.emit('chat', msg));
});
`,
    `
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
const fastify = Fastify();
await fastify.register(websocket);
fastify.get('/ws', { websocket: true }, (socket, req) => {
  socket.on('message', (m) => socket.send(m));
});
`,
    `
import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
app.ws.use((ctx) => { ctx.websocket.on('message', (m) => ctx.websocket.send(m)); });
`,
    `
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
useServer({ schema }, wss);
`,
    // Sockets that cannot crash the process: browser, Deno, Bun, uWS, Hono, Workers.
    `
const ws = new WebSocket('wss://example.test/feed');
ws.onmessage = (event) => render(JSON.parse(event.data));
`,
    `
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req);
  socket.onmessage = (e) => socket.send(e.data);
  return response;
});
`,
    `
Bun.serve({
  fetch(req, server) { if (server.upgrade(req)) return; return new Response('no'); },
  websocket: { message(ws, message) { ws.send(message); } },
});
`,
    `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', { message: (ws, message, isBinary) => { ws.send(message, isBinary); } }).listen(9001, () => {});
`,
    `
import { upgradeWebSocket } from 'hono/bun';
app.get('/ws', upgradeWebSocket((c) => ({ onMessage(event, ws) { ws.send(String(event.data)); } })));
`,
    `
export default {
  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener('message', (event) => server.send(event.data));
    return new Response(null, { status: 101, webSocket: client });
  },
};
`,
    // False-positive traps: 'connection' events that are not WebSockets.
    `
import net from 'node:net';
const server = net.createServer();
server.on('connection', (socket) => { socket.pipe(socket); });
`,
    `
import mongoose from 'mongoose';
mongoose.connection.on('connected', () => console.log('db up'));
`,
    `
import { io } from 'socket.io-client';
const socket = io('https://example.test');
socket.on('connect', () => socket.emit('hello'));
`,
    // A class of the same name that is not ws's.
    `
class WebSocketServer { on() {} }
const wss = new WebSocketServer();
wss.on('connection', (ws) => { ws.send('hi'); });
`,
    // http.ClientRequest also emits 'upgrade', with (res, socket, head): the client side.
    `
import http from 'http';
const req = http.request({ headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
req.on('upgrade', async (res, socket, head) => { await delay(10); socket.end(); });
`,
    // A file with no WebSocket at all.
    `
export function add(a: number, b: number) { return a + b; }
`,
    // The upgrade listener hands the raw socket to a same-module helper that calls handleUpgrade synchronously: no wait before ws takes it over.
    {
      code: `
import http from 'node:http';
import { WebSocketServer } from 'ws';

const server = http.createServer();
const wss = new WebSocketServer({ noServer: true, maxPayload: 65536 });
wss.on('error', () => {});
server.on('error', () => {});

function accept(req, socket, head) {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    wss.emit('connection', ws, req);
  });
}

server.on('upgrade', (req, socket, head) => {
  if (req.url !== '/ws') {
    socket.destroy();
    return;
  }
  accept(req, socket, head);
});
server.listen(8080);
`,
      filename: 'file.js',
    },
    // An 'error' listener registered through a wrapper's prototype `on` that hands it to the socket.
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
    // Handed to code that may add the listener, but only after an await: none during the wait.
    {
      code: `
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import { isRateLimited } from './limits.js';
import { createAdapter } from './adapter.js';

export class Relay {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly adapters = new Map<WebSocket, unknown>();
  constructor() {
    this.wss.on('connection', this.onConnection.bind(this));
  }
  private async onConnection(client: WebSocket, req: IncomingMessage) {
    if (await isRateLimited(req.socket.remoteAddress)) {
      client.terminate();
      return;
    }
    this.adapters.set(client, createAdapter(client, req));
  }
}
`,
      filename: 'file.ts',
      errors: [{ messageId: 'errorListenerAfterAwait', line: 13, suggestions: [{ messageId: 'addErrorListener', output: `
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import { isRateLimited } from './limits.js';
import { createAdapter } from './adapter.js';

export class Relay {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly adapters = new Map<WebSocket, unknown>();
  constructor() {
    this.wss.on('connection', this.onConnection.bind(this));
  }
  private async onConnection(client: WebSocket, req: IncomingMessage) {
    client.on('error', (error: Error) => {
      console.error('WebSocket error:', error);
    });
    if (await isRateLimited(req.socket.remoteAddress)) {
      client.terminate();
      return;
    }
    this.adapters.set(client, createAdapter(client, req));
  }
}
` }] }],
    },
    // ws reached through a conditional require, or a parameter that falls back to it.
    {
      code: `
const WS = typeof window === 'undefined' ? require('ws') : window.WebSocket;
function connect(url, lib) {
  lib = lib || require('ws');
  const first = new WS(url);
  first.on('message', (data) => console.log(String(data)));
  const second = new lib(url);
  second.on('message', (data) => console.log(String(data)));
}
module.exports = { connect };
`,
      filename: 'file.cjs',
      errors: [
        { messageId: 'missingClientErrorListener', line: 5, column: 17, suggestions: [{ messageId: 'addErrorListener', output: `
const WS = typeof window === 'undefined' ? require('ws') : window.WebSocket;
function connect(url, lib) {
  lib = lib || require('ws');
  const first = new WS(url);
  first.on('error', (error) => {
    console.error('WebSocket error:', error);
  });
  first.on('message', (data) => console.log(String(data)));
  const second = new lib(url);
  second.on('message', (data) => console.log(String(data)));
}
module.exports = { connect };
` }] },
        { messageId: 'missingClientErrorListener', line: 7, column: 18, suggestions: [{ messageId: 'addErrorListener', output: `
const WS = typeof window === 'undefined' ? require('ws') : window.WebSocket;
function connect(url, lib) {
  lib = lib || require('ws');
  const first = new WS(url);
  first.on('message', (data) => console.log(String(data)));
  const second = new lib(url);
  second.on('error', (error) => {
    console.error('WebSocket error:', error);
  });
  second.on('message', (data) => console.log(String(data)));
}
module.exports = { connect };
` }] },
      ],
    },
    // Kept in this file's registry (a record under a computed key) and passed on from inside its
    // own 'message' listener: still this file's socket to guard.
    {
      code: `
import { WebSocketServer } from 'ws';
import { handleMessage } from './handlers.js';
const wss = new WebSocketServer({ noServer: true });
const peers = {};
wss.on('connection', (ws, req) => {
  const id = req.headers['sec-websocket-key'];
  peers[id] = { sock: ws, joined: Date.now() };
  ws.on('message', (data) => handleMessage(ws, data));
  ws.on('close', () => { delete peers[id]; });
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'missingSocketErrorListener', line: 6, column: 23, suggestions: [{ messageId: 'addErrorListener', output: `
import { WebSocketServer } from 'ws';
import { handleMessage } from './handlers.js';
const wss = new WebSocketServer({ noServer: true });
const peers = {};
wss.on('connection', (ws, req) => {
  ws.on('error', (error) => {
    console.error('WebSocket error:', error);
  });
  const id = req.headers['sec-websocket-key'];
  peers[id] = { sock: ws, joined: Date.now() };
  ws.on('message', (data) => handleMessage(ws, data));
  ws.on('close', () => { delete peers[id]; });
});
` }] }],
    },
    // An 'error' listener attached only after an await: the socket reads while the handler waits.
    // The listener statement moves before the await (it reads nothing declared after it)…
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws, req) => {
  const user = await authenticate(req);
  ws.on('error', (error) => console.error(error));
  ws.send(user);
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'errorListenerAfterAwait', line: 4, column: 29, suggestions: [{ messageId: 'moveErrorListener', output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws, req) => {
  ws.on('error', (error) => console.error(error));
  const user = await authenticate(req);
  ws.send(user);
});
` }] }],
    },
    // … or, when it reads a value the await produced, a logging listener goes first.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws, req) => {
  const user = await authenticate(req);
  ws.on('error', (error) => console.error(user, error));
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'errorListenerAfterAwait', line: 4, column: 29, suggestions: [{ messageId: 'addErrorListener', output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws, req) => {
  ws.on('error', (error) => {
    console.error('WebSocket error:', error);
  });
  const user = await authenticate(req);
  ws.on('error', (error) => console.error(user, error));
});
` }] }],
    },
    // The raw upgrade socket too.
    {
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  await authenticate(req);
  socket.on('error', () => socket.destroy());
  proxy(req, socket, head);
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'errorListenerAfterAwait', line: 4, column: 34, suggestions: [{ messageId: 'moveErrorListener', output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', async (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  await authenticate(req);
  proxy(req, socket, head);
});
` }] }],
    },
    // A socket created in one branch gets its listener in that branch (braces added), not after
    // the whole if, where it would run when the branch was not taken.
    {
      code: `
import WebSocket from 'ws';
let ws: WebSocket | undefined;
export function open(url?: string) {
  if (url) ws = new WebSocket(url);
  else ws = undefined;
}
`,
      errors: [
        {
          messageId: 'missingClientErrorListener',
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import WebSocket from 'ws';
let ws: WebSocket | undefined;
export function open(url?: string) {
  if (url) {
    ws = new WebSocket(url);
    ws.on('error', (error: Error) => {
      console.error('WebSocket error:', error);
    });
  }
  else ws = undefined;
}
`,
            },
          ],
        },
      ],
    },
    // Created in a branch of an expression: the listener is guarded.
    {
      code: `
import WebSocket from 'ws';
export function open(url?: string) {
  const ws = url ? new WebSocket(url) : null;
  ws?.send('hello');
}
`,
      errors: [
        {
          messageId: 'missingClientErrorListener',
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import WebSocket from 'ws';
export function open(url?: string) {
  const ws = url ? new WebSocket(url) : null;
  if (ws) ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  ws?.send('hello');
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data) => ws.send(data));
});
`,
      errors: [
        {
          messageId: 'missingServerErrorListener',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (error: Error) => {
  console.error('WebSocket server error:', error);
});
wss.on('connection', (ws) => {
  ws.on('message', (data) => ws.send(data));
});
`,
            },
          ],
        },
        {
          messageId: 'missingSocketErrorListener',
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  ws.on('message', (data) => ws.send(data));
});
`,
            },
          ],
        },
      ],
    },
    {
      // A registry is not a hand-off: Set#add does not attach listeners.
      code: `
const { WebSocketServer } = require('ws');
const clients = new Set();
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', function (socket, request) {
\tclients.add(socket);
\tsocket.on('close', () => clients.delete(socket));
});
`,
      filename: 'file.js',
      errors: [
        {
          messageId: 'missingSocketErrorListener',
          line: 5,
          column: 32,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
const { WebSocketServer } = require('ws');
const clients = new Set();
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', function (socket, request) {
\tsocket.on('error', (error) => {
\t\tconsole.error('WebSocket error:', error);
\t});
\tclients.add(socket);
\tsocket.on('close', () => clients.delete(socket));
});
`,
            },
          ],
        },
      ],
    },
    {
      // An expression-bodied handler becomes a block that still returns its value.
      code: `
import * as WS from 'ws';
const wss = new WS.WebSocketServer({ noServer: true });
wss.on('connection', (ws) => ws.send('welcome'));
`,
      errors: [
        {
          messageId: 'missingSocketErrorListener',
          line: 4,
          column: 23,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import * as WS from 'ws';
const wss = new WS.WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  ws.send('welcome');
});
`,
            },
          ],
        },
      ],
    },
    {
      // express-ws: ws 7 sockets with no listener installed by the library.
      code: `
import express from 'express';
import expressWs from 'express-ws';
const { app } = expressWs(express());
app.ws('/echo', (ws, req) => {
  ws.on('message', (msg) => ws.send(msg));
});
`,
      errors: [
        {
          messageId: 'missingSocketErrorListener',
          line: 5,
          column: 18,
          data: { framework: 'express-ws' },
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import express from 'express';
import expressWs from 'express-ws';
const { app } = expressWs(express());
app.ws('/echo', (ws, req) => {
  ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  ws.on('message', (msg) => ws.send(msg));
});
`,
            },
          ],
        },
      ],
    },
    {
      // koa-easy-ws resolves to a plain ws socket.
      code: `
import Koa from 'koa';
import websocket from 'koa-easy-ws';
const app = new Koa();
app.use(websocket());
app.use(async (ctx) => {
  if (!ctx.ws) return;
  const ws = await ctx.ws();
  ws.send('hello');
});
`,
      errors: [
        {
          messageId: 'missingSocketErrorListener',
          line: 8,
          column: 14,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import Koa from 'koa';
import websocket from 'koa-easy-ws';
const app = new Koa();
app.use(websocket());
app.use(async (ctx) => {
  if (!ctx.ws) return;
  const ws = await ctx.ws();
  ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  ws.send('hello');
});
`,
            },
          ],
        },
      ],
    },
    {
      // A Node ws client: a refused connection emits 'error' and kills the process.
      code: `
import WebSocket from 'ws';
function connect() {
  const ws = new WebSocket('ws://127.0.0.1:8080/events');
  ws.on('message', (data) => console.log(String(data)));
  ws.on('close', () => setTimeout(connect, 1000));
}
connect();
`,
      errors: [
        {
          messageId: 'missingClientErrorListener',
          line: 4,
          column: 14,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import WebSocket from 'ws';
function connect() {
  const ws = new WebSocket('ws://127.0.0.1:8080/events');
  ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  ws.on('message', (data) => console.log(String(data)));
  ws.on('close', () => setTimeout(connect, 1000));
}
connect();
`,
            },
          ],
        },
      ],
    },
    {
      // A client stored on this.
      code: `
import WebSocket from 'ws';
export class Feed {
  connect(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('open', () => this.ws.send('subscribe'));
  }
}
`,
      errors: [
        {
          messageId: 'missingClientErrorListener',
          line: 5,
          column: 15,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import WebSocket from 'ws';
export class Feed {
  connect(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('error', (error: Error) => {
      console.error('WebSocket error:', error);
    });
    this.ws.on('open', () => this.ws.send('subscribe'));
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Raw upgrade socket across an await before handleUpgrade (frameworks.md §0.2).
      code: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', async (req, socket, head) => {
  const user = await authenticate(req);
  if (!user) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, user));
});
`,
      errors: [
        {
          messageId: 'missingUpgradeSocketErrorListener',
          data: { boundary: 'an await' },
          line: 6,
          column: 34,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', async (req, socket, head) => {
  socket.on('error', (error: Error) => {
    console.error('Upgrade socket error:', error);
  });
  const user = await authenticate(req);
  if (!user) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, user));
});
`,
            },
          ],
        },
      ],
    },
    {
      // ... and across a callback.
      code: `
const http = require('http');
const WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
const server = http.createServer();
server.on('upgrade', function upgrade(request, socket, head) {
  authenticate(request, function next(err, client) {
    if (err) { socket.destroy(); return; }
    wss.handleUpgrade(request, socket, head, function done(ws) { wss.emit('connection', ws, request, client); });
  });
});
`,
      errors: [
        {
          messageId: 'missingUpgradeSocketErrorListener',
          data: { boundary: 'a callback' },
          line: 6,
          column: 48,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
const http = require('http');
const WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
const server = http.createServer();
server.on('upgrade', function upgrade(request, socket, head) {
  socket.on('error', (error: Error) => {
    console.error('Upgrade socket error:', error);
  });
  authenticate(request, function next(err, client) {
    if (err) { socket.destroy(); return; }
    wss.handleUpgrade(request, socket, head, function done(ws) { wss.emit('connection', ws, request, client); });
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // A handleUpgrade callback that uses the socket itself.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
export function upgrade(req, socket, head) {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('message', (m) => ws.send(m));
  });
}
`,
      errors: [
        {
          messageId: 'missingSocketErrorListener',
          line: 5,
          column: 41,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
export function upgrade(req, socket, head) {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', (error: Error) => {
      console.error('WebSocket error:', error);
    });
    ws.on('message', (m) => ws.send(m));
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      // A class-based server whose handler is a method passed with bind().
      code: `
import { WebSocketServer, type WebSocket } from 'ws';
export class Hub {
  private readonly wss = new WebSocketServer({ noServer: true });
  constructor() {
    this.wss.on('connection', this.handleConnection.bind(this));
  }
  private handleConnection(ws: WebSocket) {
    ws.send('hello');
  }
}
`,
      errors: [
        {
          messageId: 'missingSocketErrorListener',
          line: 8,
          column: 28,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import { WebSocketServer, type WebSocket } from 'ws';
export class Hub {
  private readonly wss = new WebSocketServer({ noServer: true });
  constructor() {
    this.wss.on('connection', this.handleConnection.bind(this));
  }
  private handleConnection(ws: WebSocket) {
    ws.on('error', (error: Error) => {
      console.error('WebSocket error:', error);
    });
    ws.send('hello');
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // With the strict option, hand-offs do not excuse the missing listener.
      code: `
import { WebSocketServer } from 'ws';
import { Session } from './session.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => { new Session(ws); });
`,
      options: [{ reportHandedOffSockets: true }],
      errors: [
        {
          messageId: 'missingSocketErrorListener',
          line: 5,
          column: 23,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import { WebSocketServer } from 'ws';
import { Session } from './session.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  new Session(ws);
});
`,
            },
          ],
        },
      ],
    },
    {
      // Handing the raw socket to hooks that do not keep it, then awaiting: the later
      // handleUpgrade shows the hooks did not take it over.
      code: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', async (req, socket, head) => {
  await runHooks({ req, socket });
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
`,
      errors: [
        {
          messageId: 'missingUpgradeSocketErrorListener',
          data: { boundary: 'an await' },
          line: 6,
          column: 34,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', async (req, socket, head) => {
  socket.on('error', (error: Error) => {
    console.error('Upgrade socket error:', error);
  });
  await runHooks({ req, socket });
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
`,
            },
          ],
        },
      ],
    },
    {
      // The same program written with the promise in a variable: the same verdict.
      code: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', async (req, socket, head) => {
  const pending = runHooks({ req, socket });
  await pending;
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
`,
      errors: [
        {
          messageId: 'missingUpgradeSocketErrorListener',
          data: { boundary: 'an await' },
          line: 6,
          column: 34,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', async (req, socket, head) => {
  socket.on('error', (error: Error) => {
    console.error('Upgrade socket error:', error);
  });
  const pending = runHooks({ req, socket });
  await pending;
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
`,
            },
          ],
        },
      ],
    },
    {
      // once(ws, 'open') stops listening once the socket is open: later errors are thrown.
      code: `
import { once } from 'node:events';
import WebSocket from 'ws';
export async function send(url, message) {
  const ws = new WebSocket(url);
  await once(ws, 'open');
  ws.send(message);
}
`,
      errors: [
        {
          messageId: 'missingClientErrorListener',
          line: 5,
          column: 14,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import { once } from 'node:events';
import WebSocket from 'ws';
export async function send(url, message) {
  const ws = new WebSocket(url);
  ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  await once(ws, 'open');
  ws.send(message);
}
`,
            },
          ],
        },
      ],
    },
    {
      // A server given an HTTP server re-emits its errors.
      code: `
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
const server = createServer();
export const wss = new WebSocketServer({ server, maxPayload: 65536 });
wss.on('connection', (ws) => { ws.on('error', console.error); });
`,
      errors: [
        {
          messageId: 'missingServerErrorListener',
          line: 5,
          column: 20,
          suggestions: [
            {
              messageId: 'addErrorListener',
              output: `
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
const server = createServer();
export const wss = new WebSocketServer({ server, maxPayload: 65536 });
wss.on('error', (error: Error) => {
  console.error('WebSocket server error:', error);
});
wss.on('connection', (ws) => { ws.on('error', console.error); });
`,
            },
          ],
        },
      ],
    },
    // The same helper awaits before handleUpgrade: the raw socket waits there with no 'error' listener.
    {
      code: `
import http from 'node:http';
import { WebSocketServer } from 'ws';

const server = http.createServer();
const wss = new WebSocketServer({ noServer: true, maxPayload: 65536 });
wss.on('error', () => {});
server.on('error', () => {});

async function accept(req, socket, head) {
  await new Promise((resolve) => setTimeout(resolve, 10));
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    wss.emit('connection', ws, req);
  });
}

server.on('upgrade', (req, socket, head) => {
  if (req.url !== '/ws') {
    socket.destroy();
    return;
  }
  accept(req, socket, head);
});
server.listen(8080);
`,
      filename: 'file.js',
      errors: [
        { messageId: 'missingUpgradeSocketErrorListener', line: 18, suggestions: [{ messageId: 'addErrorListener', output: `
import http from 'node:http';
import { WebSocketServer } from 'ws';

const server = http.createServer();
const wss = new WebSocketServer({ noServer: true, maxPayload: 65536 });
wss.on('error', () => {});
server.on('error', () => {});

async function accept(req, socket, head) {
  await new Promise((resolve) => setTimeout(resolve, 10));
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    wss.emit('connection', ws, req);
  });
}

server.on('upgrade', (req, socket, head) => {
  socket.on('error', (error) => {
    console.error('Upgrade socket error:', error);
  });
  if (req.url !== '/ws') {
    socket.destroy();
    return;
  }
  accept(req, socket, head);
});
server.listen(8080);
` }] },
      ],
    },
  ],
});
