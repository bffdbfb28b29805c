import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/no-request-context-reuse.js';

const ruleTester = new RuleTester();

ruleTester.run('no-request-context-reuse', rule, {
  valid: [
    // The fix of seeds 000/001: the watch is bounded by a controller aborted on the socket's close.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const lifetime = new AbortController();
  ws.once('close', () => lifetime.abort());
  const namespace = new URL(req.url ?? '/', 'http://localhost').searchParams.get('ns') ?? 'default';
  watchPods(namespace, { signal: lifetime.signal }).on('event', (e) => ws.send(JSON.stringify(e)));
});
`,
    // Reading the request at connection time is the normal use: headers, URL, cookies, address.
    `
const WebSocket = require('ws');
const wss = new WebSocket.Server({ noServer: true });
wss.on('connection', function connection(ws, req) {
  const ip = req.headers['x-forwarded-for']?.split(',')[0].trim() ?? req.socket.remoteAddress;
  const { pathname, searchParams } = new URL(req.url, 'http://localhost');
  const session = parseCookie(req.headers.cookie ?? '').sid;
  ws.upgradeReq = req;
  clients.set(ws, { ip, pathname, room: searchParams.get('room'), session });
  ws.on('close', () => clients.delete(ws));
});
`,
    // req.socket is the very TCP socket of the WebSocket: its 'close' is the socket's end.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  const timer = setInterval(() => ws.ping(), 30_000);
  req.socket.once('close', () => clearInterval(timer));
  req.connection.on('end', () => log('tcp end'));
});
`,
    // A request signal combined with a socket-scoped one aborts when the socket closes.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const ac = new AbortController();
  ws.on('close', () => ac.abort());
  const signal = AbortSignal.any([req.signal, ac.signal]);
  tail('/var/log/app.log', { signal }).on('line', (line) => ws.send(line));
});
`,
    // One-shot work ends by itself: a request signal passed to it leaks nothing.
    `
import { WebSocketServer } from 'ws';
import { setTimeout as sleep } from 'node:timers/promises';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws, req) => {
  const res = await fetch('http://users/me', { headers: { cookie: req.headers.cookie }, signal: req.signal });
  await sleep(100, undefined, { signal: AbortSignal.any([req.signal, AbortSignal.timeout(1000)]) });
  const reply = await axios.get('http://users/prefs', { signal: req.signal });
  ws.send(JSON.stringify({ user: await res.json(), prefs: reply.data }));
});
`,
    // A fallback we cannot evaluate, and a plain read of the signal's state.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const ac = new AbortController();
  ws.on('close', () => ac.abort());
  if (req.signal?.aborted) return ws.close();
  startFeed(ws, { signal: req.signal ?? ac.signal });
});
`,
    // Non-lifetime request events, and the request handed to code elsewhere.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  req.on('error', (error) => log.warn(error));
  req.on('data', (chunk) => log.debug(chunk.length));
  audit.record(req);
  authorize(req).catch(() => ws.close(4401));
});
`,
    // Reading the request's body (a helper that collects 'data' until 'end') is not cleanup.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
function readBody(request) {
  return new Promise((resolve) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
wss.on('connection', async (ws, req) => {
  ws.on('error', console.error);
  const body = await readBody(req);
  ws.send(body.length ? 'body' : 'empty');
});
`,
    // koa-easy-ws: Node delivers the upgrade as an ordinary request, whose 'close' does fire when
    // the socket closes (verified on Node 20 with koa-easy-ws 2.1.0).
    `
import Koa from 'koa';
import websocket from 'koa-easy-ws';
const app = new Koa();
app.use(websocket());
app.use(async (ctx) => {
  if (!ctx.ws) return;
  const ws = await ctx.ws();
  const timer = setInterval(() => ws.send('tick'), 1000);
  ctx.req.on('close', () => clearInterval(timer));
});
`,
    // Plain HTTP routes next to WebSocket routes: an SSE stream ends with its request.
    `
import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
app.use(async (ctx) => {
  const timer = setInterval(() => ctx.res.write('data: tick\\n\\n'), 1000);
  ctx.req.on('close', () => clearInterval(timer));
  ctx.respond = false;
});
app.ws.use((ctx) => {
  ctx.websocket.on('message', (m) => ctx.websocket.send(m));
});
`,
    `
import express from 'express';
import expressWs from 'express-ws';
const { app } = expressWs(express());
app.get('/events', (req, res) => {
  const timer = setInterval(() => res.write('data: tick\\n\\n'), 1000);
  req.on('close', () => clearInterval(timer));
  res.on('finish', () => log('done'));
});
app.ws('/live', (ws, req) => {
  ws.on('error', console.error);
  ws.send(req.query.greeting ?? 'hello');
});
`,
    `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer((req, res) => {
  const stream = openStream({ signal: req.signal });
  req.on('close', () => stream.destroy());
  stream.pipe(res);
});
const wss = new WebSocketServer({ server });
wss.on('error', console.error);
wss.on('connection', (ws) => { ws.on('error', console.error); });
`,
    // socket.io: the handshake and the first request read at connection time; session middleware.
    `
import { Server } from 'socket.io';
const io = new Server(3000);
io.engine.use(sessionMiddleware);
io.on('connection', (socket) => {
  const token = socket.handshake.auth.token ?? socket.handshake.query.token;
  const cookie = socket.request.headers.cookie;
  const session = socket.request.session;
  session.reload(() => socket.emit('hello', session.user));
  const ac = new AbortController();
  socket.on('disconnect', () => ac.abort());
  bus.subscribe(token, (m) => socket.emit('update', m), { signal: ac.signal });
  log(cookie);
});
`,
    // Deno: the request's signal is fine before the upgrade; the socket's close aborts the rest.
    `
Deno.serve(async (req) => {
  const user = await fetch('http://auth/check', { headers: req.headers, signal: req.signal });
  if (!user.ok) return new Response('no', { status: 401 });
  const { socket, response } = Deno.upgradeWebSocket(req);
  const ac = new AbortController();
  socket.onclose = () => ac.abort();
  socket.onopen = () => startFeed(socket, ac.signal);
  return response;
});
`,
    // Hono: a controller per connection in the events factory, aborted in onClose.
    `
import { upgradeWebSocket } from 'hono/bun';
export const route = upgradeWebSocket((c) => {
  const ac = new AbortController();
  const room = c.req.query('room');
  return {
    onOpen(_event, ws) { rooms.join(room, ws, { signal: ac.signal }); },
    onClose: () => ac.abort(),
  };
});
`,
    // graphql-ws: the upgrade request read for authentication and context.
    `
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
const wss = new WebSocketServer({ port: 4000 });
useServer({
  schema,
  onConnect: (ctx) => verify(ctx.extra.request.headers.authorization),
  context: (ctx) => ({ user: ctx.extra.request.user }),
}, wss);
`,
    // uWebSockets.js UpgradeAsync: everything copied out of req before the await.
    `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', {
  upgrade: async (res, req, context) => {
    const key = req.getHeader('sec-websocket-key');
    const protocol = req.getHeader('sec-websocket-protocol');
    const extensions = req.getHeader('sec-websocket-extensions');
    const user = await verify(req.getQuery('token'));
    let aborted = false;
    res.onAborted(() => { aborted = true; });
    if (!aborted) res.cork(() => res.upgrade({ user }, key, protocol, extensions, context));
  },
  open: (ws) => ws.subscribe('all'),
});
`,
    // Bun: a per-socket controller in data, aborted in close; plain values copied from the request.
    `
Bun.serve({
  fetch(req, server) {
    const user = req.headers.get('x-user');
    if (server.upgrade(req, { data: { user, ac: new AbortController() } })) return;
    return new Response('upgrade failed', { status: 500 });
  },
  websocket: {
    open(ws) { startFeed(ws, ws.data.ac.signal); },
    close(ws) { ws.data.ac.abort(); },
  },
});
`,
    // Node's raw upgrade: the request's signal used before handleUpgrade is the request's own business.
    `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', async (req, socket, head) => {
  socket.on('error', console.error);
  const user = await authenticate(req, { signal: req.signal });
  socket.removeAllListeners('error');
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, user));
});
`,
    // Not a connection handler: ws's 'headers' event, and a file with no WebSocket API at all.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', console.error);
wss.on('headers', (headers, req) => {
  req.on('close', () => log('closed'));
  headers.push('X-Server: demo');
});
`,
    `
import http from 'node:http';
http.createServer((req, res) => {
  const timer = setInterval(() => res.write('.'), 1000);
  req.on('close', () => clearInterval(timer));
}).listen(8080);
`,
    // A socket-scoped signal passed down to a helper of the same module.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
function startWatch(ws, url, signal) {
  watchPods(url, { signal }).on('event', (e) => ws.send(JSON.stringify(e)));
}
wss.on('connection', (ws, req) => {
  const ac = new AbortController();
  ws.on('close', () => ac.abort());
  startWatch(ws, req.url, ac.signal);
});
`,
  ],
  invalid: [
    {
      // A controller the socket's close already aborts is reused, not doubled.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  const controller = new AbortController();
  ws.on('close', () => controller.abort());
  watch('pods', { signal: controller.signal, onEvent: (e) => ws.send(JSON.stringify(e)) });
  watch('logs', { signal: req.signal, onEvent: (e) => ws.send(JSON.stringify(e)) });
});
`,
      errors: [{ messageId: 'requestSignal', line: 9, suggestions: [{ messageId: 'useSocketSignal', output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  const controller = new AbortController();
  ws.on('close', () => controller.abort());
  watch('pods', { signal: controller.signal, onEvent: (e) => ws.send(JSON.stringify(e)) });
  watch('logs', { signal: controller.signal, onEvent: (e) => ws.send(JSON.stringify(e)) });
});
` }] }],
    },
    {
      // A request signal given to long-lived work.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  const feed = subscribeFeed(req.url, { signal: req.signal });
  feed.on('data', (data) => ws.send(data));
});
`,
      errors: [
        {
          messageId: 'requestSignal',
          line: 6,
          column: 41,
          endLine: 6,
          endColumn: 59,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const ac = new AbortController();
  ws.once('close', () => ac.abort());
  ws.on('error', console.error);
  const feed = subscribeFeed(req.url, { signal: ac.signal });
  feed.on('data', (data) => ws.send(data));
});
`,
            },
          ],
        },
      ],
    },
    {
      // Seeds 000/001 in JS: a "request context" aborted on the request's close.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const requestScope = new AbortController();
  req.on('close', () => requestScope.abort());
  watchPods('default', { signal: requestScope.signal }).on('event', (e) => ws.send(JSON.stringify(e)));
});
`,
      errors: [
        {
          messageId: 'requestListener',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'listenOnSocket',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const requestScope = new AbortController();
  ws.on('close', () => requestScope.abort());
  watchPods('default', { signal: requestScope.signal }).on('event', (e) => ws.send(JSON.stringify(e)));
});
`,
            },
          ],
        },
      ],
    },
    {
      // Destructured, and derived with AbortSignal.any from timeouts only; the one-shot fetch is fine.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', function (ws, req) {
  const { signal } = req;
  const bounded = AbortSignal.any([signal, AbortSignal.timeout(60_000)]);
  watchPods('default', { signal: bounded });
  tail('/var/log/app.log', { signal });
  fetch('http://auth.internal/check', { signal });
});
`,
      errors: [
        {
          messageId: 'derivedRequestSignal',
          line: 7,
          column: 26,
          endLine: 7,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', function (ws, req) {
  const ac = new AbortController();
  ws.once('close', () => ac.abort());
  const { signal } = req;
  const bounded = AbortSignal.any([ac.signal, AbortSignal.timeout(60_000)]);
  watchPods('default', { signal: bounded });
  tail('/var/log/app.log', { signal });
  fetch('http://auth.internal/check', { signal });
});
`,
            },
          ],
        },
        {
          messageId: 'requestSignal',
          line: 8,
          column: 30,
          endLine: 8,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', function (ws, req) {
  const ac = new AbortController();
  ws.once('close', () => ac.abort());
  const { signal } = req;
  const bounded = AbortSignal.any([signal, AbortSignal.timeout(60_000)]);
  watchPods('default', { signal: bounded });
  tail('/var/log/app.log', { signal: ac.signal });
  fetch('http://auth.internal/check', { signal });
});
`,
            },
          ],
        },
      ],
    },
    {
      // socket.io: socket.request is the session's first HTTP request; the close hook is 'disconnect'.
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  const timer = setInterval(() => socket.emit('tick', Date.now()), 1000);
  socket.request.on('close', () => clearInterval(timer));
});
`,
      errors: [
        {
          messageId: 'requestListener',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'listenOnSocket',
              output: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  const timer = setInterval(() => socket.emit('tick', Date.now()), 1000);
  socket.on('disconnect', () => clearInterval(timer));
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  bus.subscribe(socket.data.room, (m) => socket.emit('message', m), { signal: socket.request.signal });
});
`,
      errors: [
        {
          messageId: 'requestSignal',
          line: 5,
          column: 71,
          endLine: 5,
          endColumn: 100,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  const ac = new AbortController();
  socket.once('disconnect', () => ac.abort());
  bus.subscribe(socket.data.room, (m) => socket.emit('message', m), { signal: ac.signal });
});
`,
            },
          ],
        },
      ],
    },
    {
      // Hono, an expression-bodied factory: the controller goes in the factory, onClose aborts it.
      code: `
import { Hono } from 'hono';
import { upgradeWebSocket } from 'hono/bun';
const app = new Hono();
app.get('/ws', upgradeWebSocket((c) => ({
  onOpen(_event, ws) {
    startFeed((m) => ws.send(m), { signal: c.req.raw.signal });
  },
})));
`,
      errors: [
        {
          messageId: 'requestSignal',
          line: 7,
          column: 36,
          endLine: 7,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
import { Hono } from 'hono';
import { upgradeWebSocket } from 'hono/bun';
const app = new Hono();
app.get('/ws', upgradeWebSocket((c) => {
  const ac = new AbortController();
  return ({
  onOpen(_event, ws) {
    startFeed((m) => ws.send(m), { signal: ac.signal });
  },
  onClose: () => ac.abort(),
});
}));
`,
            },
          ],
        },
      ],
    },
    {
      // Hono with an onClose hook already: it aborts the controller first.
      code: `
import { upgradeWebSocket } from 'hono/deno';
export const route = upgradeWebSocket((c) => {
  const room = c.req.query('room');
  return {
    onOpen(_event, ws) {
      rooms.join(room, ws, { signal: c.req.raw.signal });
    },
    onClose() {
      log('left', room);
    },
  };
});
`,
      errors: [
        {
          messageId: 'requestSignal',
          line: 7,
          column: 30,
          endLine: 7,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
import { upgradeWebSocket } from 'hono/deno';
export const route = upgradeWebSocket((c) => {
  const ac = new AbortController();
  const room = c.req.query('room');
  return {
    onOpen(_event, ws) {
      rooms.join(room, ws, { signal: ac.signal });
    },
    onClose() {
      ac.abort();
      log('left', room);
    },
  };
});
`,
            },
          ],
        },
      ],
    },
    {
      // Deno aborts the request's signal once the 101 is returned: even a one-shot fetch fails.
      code: `
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req);
  socket.onmessage = async (event) => {
    const answer = await fetch('http://backend/ask', { method: 'POST', body: event.data, signal: req.signal });
    socket.send(await answer.text());
  };
  return response;
});
`,
      errors: [
        {
          messageId: 'requestSignal',
          line: 5,
          column: 90,
          endLine: 5,
          endColumn: 108,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req);
  const ac = new AbortController();
  socket.addEventListener('close', () => ac.abort(), { once: true });
  socket.onmessage = async (event) => {
    const answer = await fetch('http://backend/ask', { method: 'POST', body: event.data, signal: ac.signal });
    socket.send(await answer.text());
  };
  return response;
});
`,
            },
          ],
        },
      ],
    },
    {
      // koa-websocket: the socket is ctx.websocket.
      code: `
import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
app.ws.use((ctx) => {
  const sub = bus.subscribe((m) => ctx.websocket.send(m));
  ctx.req.on('close', () => sub.unsubscribe());
});
`,
      errors: [
        {
          messageId: 'requestListener',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'listenOnSocket',
              output: `
import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
app.ws.use((ctx) => {
  const sub = bus.subscribe((m) => ctx.websocket.send(m));
  ctx.websocket.on('close', () => sub.unsubscribe());
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
app.ws.use(async (ctx, next) => {
  changes.watch(ctx.path, { signal: ctx.req.signal }).pipe(toSocket(ctx.websocket));
  await next();
});
`,
      errors: [
        {
          messageId: 'requestSignal',
          line: 6,
          column: 29,
          endLine: 6,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
app.ws.use(async (ctx, next) => {
  const ac = new AbortController();
  ctx.websocket.once('close', () => ac.abort());
  changes.watch(ctx.path, { signal: ac.signal }).pipe(toSocket(ctx.websocket));
  await next();
});
`,
            },
          ],
        },
      ],
    },
    {
      // uWebSockets.js: the HttpRequest read after an await (getQuery inside the await is fine).
      code: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', {
  upgrade: async (res, req, context) => {
    res.onAborted(() => { res.aborted = true; });
    const user = await verify(req.getQuery('token'));
    res.cork(() => res.upgrade({ user }, req.getHeader('sec-websocket-key'), 'chat', '', context));
  },
  open: (ws) => ws.subscribe('all'),
});
`,
      errors: [{ messageId: 'lateHttpRequest', line: 7, column: 42, endLine: 7, endColumn: 55, suggestions: [] }],
    },
    {
      code: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', {
  upgrade: (res, req, context) => {
    setTimeout(() => {
      res.upgrade({}, req.getHeader('sec-websocket-key'), '', '', context);
    }, 10);
  },
  close: (ws) => {},
});
`,
      errors: [{ messageId: 'lateHttpRequest', line: 6, column: 23, endLine: 6, endColumn: 36, suggestions: [] }],
    },
    {
      // Bun: the request's signal stored in the socket's data; no safe edit.
      code: `
Bun.serve({
  fetch(req, server) {
    if (server.upgrade(req, { data: { stop: req.signal, user: req.headers.get('x-user') } })) return;
    return new Response('upgrade failed', { status: 500 });
  },
  websocket: {
    open(ws) { startFeed(ws, ws.data.stop); },
    close(ws) {},
  },
});
`,
      errors: [{ messageId: 'requestSignal', line: 4, column: 39, endLine: 4, endColumn: 55, suggestions: [] }],
    },
    {
      // Node's raw upgrade: req never closes; in the handleUpgrade callback its signal is request-scoped.
      code: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const audit = setInterval(() => log(req.url), 5000);
  req.once('close', () => clearInterval(audit));
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', console.error);
    req.signal.addEventListener('abort', function stop() { presence.leave(ws); });
  });
});
`,
      errors: [
        {
          messageId: 'requestListener',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'listenOnSocket',
              output: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const audit = setInterval(() => log(req.url), 5000);
  socket.once('close', () => clearInterval(audit));
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', console.error);
    req.signal.addEventListener('abort', function stop() { presence.leave(ws); });
  });
});
`,
            },
          ],
        },
        {
          messageId: 'requestSignalListener',
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 82,
          suggestions: [
            {
              messageId: 'listenOnSocket',
              output: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const audit = setInterval(() => log(req.url), 5000);
  req.once('close', () => clearInterval(audit));
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', console.error);
    ws.once('close', function stop() { presence.leave(ws); });
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // In a helper of the same module: reported where it happens, without a suggestion (the
      // socket's controller would have to be threaded through the helper).
      code: `
import { WebSocketServer } from 'ws';
import onFinished from 'on-finished';
const wss = new WebSocketServer({ noServer: true });
function startWatch(ws, request) {
  const watch = watchPods(request.url, { signal: request.signal });
  onFinished(request, () => watch.stop());
}
wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  startWatch(ws, req);
});
`,
      errors: [
        { messageId: 'requestSignal', line: 6, column: 42, endLine: 6, endColumn: 64, suggestions: [] },
        { messageId: 'finishHelper', line: 7, column: 3, endLine: 7, endColumn: 42, suggestions: [] },
      ],
    },
    {
      // express-ws: req.res is a dummy response.
      code: `
import express from 'express';
import expressWs from 'express-ws';
const { app } = expressWs(express());
app.ws('/feed', (ws, req) => {
  ws.on('error', console.error);
  const timer = setInterval(() => ws.send('tick'), 1000);
  req.res.on('finish', () => clearInterval(timer));
});
`,
      errors: [
        {
          messageId: 'requestListener',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'listenOnSocket',
              output: `
import express from 'express';
import expressWs from 'express-ws';
const { app } = expressWs(express());
app.ws('/feed', (ws, req) => {
  ws.on('error', console.error);
  const timer = setInterval(() => ws.send('tick'), 1000);
  ws.on('close', () => clearInterval(timer));
});
`,
            },
          ],
        },
      ],
    },
    {
      // @fastify/websocket: the FastifyRequest's Node request is req.raw.
      code: `
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
const fastify = Fastify();
await fastify.register(websocket);
fastify.get('/ws', { websocket: true }, (socket, req) => {
  const timer = setInterval(() => socket.send('tick'), 1000);
  req.raw.on('close', () => clearInterval(timer));
});
`,
      errors: [
        {
          messageId: 'requestListener',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'listenOnSocket',
              output: `
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
const fastify = Fastify();
await fastify.register(websocket);
fastify.get('/ws', { websocket: true }, (socket, req) => {
  const timer = setInterval(() => socket.send('tick'), 1000);
  socket.on('close', () => clearInterval(timer));
});
`,
            },
          ],
        },
      ],
    },
    {
      // graphql-ws: ctx.extra.request; its close hook is onDisconnect, so no listener edit.
      code: `
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
const wss = new WebSocketServer({ port: 4000 });
useServer({
  schema,
  onConnect(ctx) {
    const presence = track(ctx.connectionParams.user);
    ctx.extra.request.on('close', () => presence.stop());
  },
}, wss);
`,
      errors: [{ messageId: 'requestListener', line: 9, column: 5, endLine: 9, endColumn: 57, suggestions: [] }],
    },
    {
      // Waiting for the request's close with events.once.
      code: `
import { once } from 'node:events';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws, req) => {
  const timer = setInterval(() => ws.ping(), 10_000);
  await once(req, 'close');
  clearInterval(timer);
});
`,
      errors: [{ messageId: 'finishHelper', line: 7, column: 9, endLine: 7, endColumn: 27, suggestions: [] }],
    },
    {
      // A listener that reads its arguments: the socket's 'close' passes others, so no edit.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const ticker = setInterval(() => ws.send('tick'), 1000);
  req.on('close', (hadError) => { clearInterval(ticker); log(hadError); });
});
`,
      errors: [{ messageId: 'requestListener', line: 6, column: 3, endLine: 6, endColumn: 75, suggestions: [] }],
    },
    {
      // reportOneShotWork: one-shot work counts too.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws, req) => {
  const profile = await fetch('http://users/me', { headers: { cookie: req.headers.cookie }, signal: req.signal });
  ws.send(await profile.text());
});
`,
      options: [{ reportOneShotWork: true }],
      errors: [
        {
          messageId: 'requestSignal',
          line: 5,
          column: 93,
          endLine: 5,
          endColumn: 111,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', async (ws, req) => {
  const ac = new AbortController();
  ws.once('close', () => ac.abort());
  const profile = await fetch('http://users/me', { headers: { cookie: req.headers.cookie }, signal: ac.signal });
  ws.send(await profile.text());
});
`,
            },
          ],
        },
      ],
    },
    {
      // The name `ac` is taken: the controller gets another; `onabort =` has no safe edit.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const ac = makeThing();
  const sub = bus.subscribe(ws, { signal: req.signal });
  req.signal.onabort = () => sub.close();
});
`,
      errors: [
        {
          messageId: 'requestSignal',
          line: 6,
          column: 35,
          endLine: 6,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'useSocketSignal',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const ac2 = new AbortController();
  ws.once('close', () => ac2.abort());
  const ac = makeThing();
  const sub = bus.subscribe(ws, { signal: ac2.signal });
  req.signal.onabort = () => sub.close();
});
`,
            },
          ],
        },
        { messageId: 'requestSignalListener', line: 7, column: 3, endLine: 7, endColumn: 41, suggestions: [] },
      ],
    },
  ],
});
