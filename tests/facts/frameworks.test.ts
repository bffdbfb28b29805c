// The socket model on each framework beyond ws (frameworks.md §3–§14): for every framework, the
// documented shape is recognised with the right socket, request and handler, and a look-alike
// without the framework's evidence yields nothing.
import { describe, expect, it } from 'vitest';

import {
  describeAccess,
  expectNoFacts,
  handlersOf,
  parseTsModel,
  requestAccessesOf,
  serversOf,
  socketAccessesOf,
  socketsOf,
} from './helpers.js';

describe('socket.io (§3)', () => {
  it("io.on('connection', socket => …): socket, and socket.request as the request", () => {
    const parsed = parseTsModel(
      `import { createServer } from 'node:http';
       import { Server } from 'socket.io';
       const httpServer = createServer();
       const io = new Server(httpServer, { maxHttpBufferSize: 1e6 });
       io.on('connection', (socket) => { socket.on('disconnect', () => {}); });`,
    );
    expect(serversOf(parsed)).toEqual([
      {
        framework: 'socket.io',
        attachment: 'server',
        node: 'new Server(httpServer, { maxHttpBufferSize: 1e6 })',
        access: 'io',
        wrappedBy: undefined,
      },
    ]);
    expect(socketsOf(parsed)).toEqual([
      { framework: 'socket.io', role: 'server-side', name: 'socket', errorBehaviour: 'library-listens' },
    ]);
    expect(handlersOf(parsed)).toEqual([
      { framework: 'socket.io', kind: 'connection', hookName: undefined, socket: 'socket', request: 'socket' },
    ]);
    expect(requestAccessesOf(parsed)).toEqual(['socket.request']);
    expect(parsed.model.servers[0]?.options).toBeDefined();
  });

  it("io.of('/chat').on('connection', …) and a namespace kept in a const", () => {
    const parsed = parseTsModel(
      `import { Server } from 'socket.io';
       const io = new Server(3000);
       io.of('/chat').on('connection', (chatSocket) => {});
       const admin = io.of('/admin');
       admin.on('connection', (adminSocket) => {});
       io.sockets.on('connect', (defaultSocket) => {});`,
    );
    expect(handlersOf(parsed).map((h) => [h.framework, h.kind, h.socket])).toEqual([
      ['socket.io', 'connection', 'chatSocket'],
      ['socket.io', 'connection', 'adminSocket'],
      ['socket.io', 'connection', 'defaultSocket'],
    ]);
  });

  it("require('socket.io')(server) is a server factory", () => {
    const parsed = parseTsModel(
      `const server = require('http').createServer();
       const io = require('socket.io')(server);
       io.on('connection', function (client) { client.emit('hello'); });`,
    );
    expect(serversOf(parsed)).toEqual([
      { framework: 'socket.io', attachment: 'server', node: "require('socket.io')(server)", access: 'io', wrappedBy: undefined },
    ]);
    expect(socketsOf(parsed)).toEqual([
      { framework: 'socket.io', role: 'server-side', name: 'client', errorBehaviour: 'library-listens' },
    ]);
  });

  it('attachment: a port, a later attach(), or an HTTP server', () => {
    const parsed = parseTsModel(
      `import { Server } from 'socket.io';
       const PORT = 3000;
       export const byPort = new Server(PORT);
       export const literalPort = new Server(4000, { cors: { origin: '*' } });
       export const later = new Server({ cors: { origin: '*' } });
       export const bare = new Server();
       export const onServer = new Server(httpServer);`,
    );
    expect(serversOf(parsed).map((s) => [s.access, s.attachment])).toEqual([
      ['byPort', 'port'],
      ['literalPort', 'port'],
      ['later', 'no-server'],
      ['bare', 'no-server'],
      ['onServer', 'server'],
    ]);
  });

  it('a typed io parameter (io: Server) registers a connection handler', () => {
    const parsed = parseTsModel(
      `import type { Server, Socket } from 'socket.io';
       export function register(io: Server) { io.on('connection', (socket: Socket) => {}); }`,
    );
    expect(handlersOf(parsed)).toEqual([
      { framework: 'socket.io', kind: 'connection', hookName: undefined, socket: 'socket', request: 'socket' },
    ]);
  });

  it('io.use / socket.use middleware is not a connection handler (§16.1 #12)', () => {
    const parsed = parseTsModel(
      `import { Server } from 'socket.io';
       const io = new Server();
       io.use((socket, next) => next());
       io.on('connection', (socket) => { socket.use(([event], next) => next()); });`,
    );
    expect(handlersOf(parsed)).toEqual([
      { framework: 'socket.io', kind: 'connection', hookName: undefined, socket: 'socket', request: 'socket' },
    ]);
  });

  it("trap: the socket.io-client io() socket's 'connect' event", () => {
    const client = `import { io } from 'socket.io-client';
         const socket = io('https://chat.example');
         socket.on('connect', () => socket.emit('join', 'room'));
         socket.on('connection', (x) => {});`;
    // socket.io-client is evidence (its sockets matter to the components that own them, owners.ts),
    // but no server recogniser takes its socket's events for a server's…
    expect(parseTsModel(client).model.hasEvidence).toBe(true);
    expectNoFacts(parseTsModel(client));
    // …nor with a WebSocket import beside it.
    expectNoFacts(parseTsModel(`import type { WebSocket } from 'ws';\n${client}`));
  });
});

describe('express-ws (§6)', () => {
  it("app.ws('/path', (ws, req) => …) after expressWs(app)", () => {
    const parsed = parseTsModel(
      `import express from 'express';
       import expressWs from 'express-ws';
       const { app } = expressWs(express());
       app.ws('/echo', (ws, req) => { ws.on('message', (m) => ws.send(m)); });`,
    );
    expect(socketsOf(parsed)).toEqual([{ framework: 'express-ws', role: 'server-side', name: 'ws', errorBehaviour: 'crashes' }]);
    expect(handlersOf(parsed)).toEqual([{ framework: 'express-ws', kind: 'connection', hookName: undefined, socket: 'ws', request: 'req' }]);
  });

  it('router.ws(…) in a file that only imports express', () => {
    const parsed = parseTsModel(
      `import express from 'express';
       const router = express.Router();
       router.ws('/feed', function (socket, request, next) { socket.send('hi'); });
       export default router;`,
    );
    expect(handlersOf(parsed)).toEqual([
      { framework: 'express-ws', kind: 'connection', hookName: undefined, socket: 'socket', request: 'request' },
    ]);
  });

  it('a middleware chain: one socket, reached from every function of the chain', () => {
    const parsed = parseTsModel(
      `const express = require('express');
       const app = express();
       require('express-ws')(app);
       function auth(ws, req, next) { next(); }
       app.ws('/live', auth, (conn, req) => {});`,
    );
    expect(socketsOf(parsed)).toEqual([{ framework: 'express-ws', role: 'server-side', name: 'ws', errorBehaviour: 'crashes' }]);
    expect(socketAccessesOf(parsed)).toEqual([['ws', 'conn']]);
    expect(handlersOf(parsed).map((h) => h.socket)).toEqual(['ws', 'ws']);
  });

  it('trap: .ws(path, fn) on an object in a file without express or express-ws', () => {
    expectNoFacts(
      parseTsModel(
        `import { Exchange } from './exchange-client.js';
         const client = new Exchange();
         client.ws('/ticker', (message, meta) => console.log(message)); // streams over websocket`,
      ),
    );
  });
});

describe('@fastify/websocket (§5)', () => {
  it("v10+: fastify.get('/ws', { websocket: true }, (socket, req) => …)", () => {
    const parsed = parseTsModel(
      `import Fastify from 'fastify';
       import websocket from '@fastify/websocket';
       const fastify = Fastify();
       await fastify.register(websocket);
       fastify.get('/ws', { websocket: true }, (socket, req) => { socket.on('message', () => {}); });`,
    );
    expect(socketsOf(parsed)).toEqual([
      { framework: 'fastify-websocket', role: 'server-side', name: 'socket', errorBehaviour: 'library-listens' },
    ]);
    expect(handlersOf(parsed)).toEqual([
      { framework: 'fastify-websocket', kind: 'connection', hookName: undefined, socket: 'socket', request: 'req' },
    ]);
    expect(socketAccessesOf(parsed)).toEqual([['socket']]);
  });

  it('fastify.route({ method, url, websocket: true, handler })', () => {
    const parsed = parseTsModel(
      `export default async function routes(fastify) {
         fastify.route({ method: 'GET', url: '/live', websocket: true, handler: (socket, request) => { socket.send('hi'); } });
       }`,
    );
    expect(handlersOf(parsed)).toEqual([
      { framework: 'fastify-websocket', kind: 'connection', hookName: undefined, socket: 'socket', request: 'request' },
    ]);
  });

  it('fastify.route({ …, handler, wsHandler }): the wsHandler, not the HTTP handler', () => {
    const parsed = parseTsModel(
      `import websocket from '@fastify/websocket';
       fastify.route({
         method: 'GET',
         url: '/both',
         handler: (req, reply) => reply.send('http'),
         wsHandler: (socket, req) => { socket.on('close', () => {}); },
       });`,
    );
    expect(handlersOf(parsed)).toEqual([
      { framework: 'fastify-websocket', kind: 'connection', hookName: undefined, socket: 'socket', request: 'req' },
    ]);
    expect(parsed.text.slice(...parsed.model.handlers[0]!.fn.range)).toContain("socket.on('close'");
  });

  it('pre-v10: (connection, req) => connection.socket.on(…): the socket is connection.socket', () => {
    const parsed = parseTsModel(
      `const fastify = require('fastify')();
       fastify.register(require('@fastify/websocket'));
       fastify.get('/old', { websocket: true }, (connection, req) => {
         connection.socket.on('message', (m) => connection.socket.send(m));
       });`,
    );
    expect(socketsOf(parsed)).toEqual([
      { framework: 'fastify-websocket', role: 'server-side', name: 'connection', errorBehaviour: 'library-listens' },
    ]);
    expect(socketAccessesOf(parsed)).toEqual([['connection.socket']]);
  });

  it('trap: an ordinary route with a schema (and one with websocket: false)', () => {
    expectNoFacts(
      parseTsModel(
        `import Fastify from 'fastify';
         import websocket from '@fastify/websocket';
         const fastify = Fastify();
         fastify.register(websocket);
         fastify.get('/x', { schema: { querystring: { type: 'object' } } }, (request, reply) => reply.send('ok'));
         fastify.get('/y', { websocket: false }, (request, reply) => reply.send('no'));`,
      ),
    );
  });
});

describe('Koa: koa-websocket and koa-easy-ws (§7)', () => {
  it('koa-websocket app.ws.use((ctx) => ctx.websocket.on(…)): the socket is ctx.websocket', () => {
    const parsed = parseTsModel(
      `import Koa from 'koa';
       import websockify from 'koa-websocket';
       const app = websockify(new Koa());
       app.ws.use((ctx, next) => { ctx.websocket.on('message', (m) => ctx.websocket.send(m)); return next(); });`,
    );
    expect(socketsOf(parsed)).toEqual([
      { framework: 'koa-websocket', role: 'server-side', name: 'ctx', errorBehaviour: 'library-listens' },
    ]);
    expect(socketAccessesOf(parsed)).toEqual([['ctx.websocket']]);
    expect(handlersOf(parsed)).toEqual([
      { framework: 'koa-websocket', kind: 'connection', hookName: undefined, socket: 'ctx', request: 'ctx' },
    ]);
  });

  it('koa-websocket with koa-route: app.ws.use(route.all(path, fn))', () => {
    const parsed = parseTsModel(
      `const Koa = require('koa');
       const route = require('koa-route');
       const websockify = require('koa-websocket');
       const app = websockify(new Koa());
       app.ws.use(route.all('/rooms/:id', function (context, id) { context.websocket.send(id); }));`,
    );
    expect(socketAccessesOf(parsed)).toEqual([['context.websocket']]);
  });

  it('koa-easy-ws: const ws = await ctx.ws()', () => {
    const parsed = parseTsModel(
      `import Koa from 'koa';
       import websocket from 'koa-easy-ws';
       const app = new Koa();
       app.use(websocket());
       app.use(async (ctx, next) => {
         if (ctx.ws) { const ws = await ctx.ws(); ws.send('hello'); return; }
         await next();
       });`,
    );
    expect(socketsOf(parsed)).toEqual([
      { framework: 'koa-easy-ws', role: 'server-side', name: 'await ctx.ws()', errorBehaviour: 'crashes' },
    ]);
    expect(socketAccessesOf(parsed)).toEqual([['ws']]);
    expect(handlersOf(parsed)).toEqual([
      { framework: 'koa-easy-ws', kind: 'connection', hookName: undefined, socket: 'await ctx.ws()', request: 'ctx' },
    ]);
  });

  it('trap: Koa middleware without any WebSocket plugin', () => {
    expectNoFacts(
      parseTsModel(
        `import Koa from 'koa';
         const app = new Koa();
         app.use(async (ctx, next) => { ctx.body = 'see /docs/websocket'; await next(); });
         app.use(async (ctx) => { const user = await ctx.state.loadUser(); ctx.body = user; });`,
      ),
    );
  });
});

describe('Hono upgradeWebSocket (§8)', () => {
  it("hono/bun: the events' ws is the socket and the factory's c the request", () => {
    const parsed = parseTsModel(
      `import { Hono } from 'hono';
       import { upgradeWebSocket, websocket } from 'hono/bun';
       const app = new Hono();
       app.get('/ws', upgradeWebSocket((c) => ({
         onOpen(evt, ws) { ws.send('hi'); },
         onMessage(event, ws) {},
         onClose: () => {},
       })));
       export default { fetch: app.fetch, websocket };`,
    );
    // One connection, one socket: every callback of the events object shares it.
    expect(socketsOf(parsed)).toEqual([{ framework: 'hono', role: 'server-side', name: 'ws', errorBehaviour: 'cannot-crash' }]);
    expect(socketAccessesOf(parsed)).toEqual([['ws', 'ws']]);
    expect(handlersOf(parsed)).toEqual([
      { framework: 'hono', kind: 'hook', hookName: 'onOpen', socket: 'ws', request: 'c' },
      { framework: 'hono', kind: 'hook', hookName: 'onMessage', socket: 'ws', request: 'c' },
      { framework: 'hono', kind: 'hook', hookName: 'onClose', socket: 'ws', request: 'c' },
    ]);
  });

  it('hono/deno: a factory with a block body returning the events', () => {
    const parsed = parseTsModel(
      `import { upgradeWebSocket } from 'hono/deno';
       app.get('/ws', upgradeWebSocket((ctx) => {
         const user = ctx.get('user');
         return { onMessage: (e, socket) => { socket.send(user); }, onError(e, socket) {} };
       }));`,
    );
    expect(handlersOf(parsed)).toEqual([
      { framework: 'hono', kind: 'hook', hookName: 'onMessage', socket: 'socket', request: 'ctx' },
      { framework: 'hono', kind: 'hook', hookName: 'onError', socket: 'socket', request: 'ctx' },
    ]);
    expect(parsed.model.sockets).toHaveLength(1);
  });

  it('hono/cloudflare-workers: a factory without the context parameter has no request', () => {
    const parsed = parseTsModel(
      `import { upgradeWebSocket } from 'hono/cloudflare-workers';
       app.get('/ws', upgradeWebSocket(() => ({ onMessage(evt, ws) {}, onClose(evt, ws) {} })));`,
    );
    expect(handlersOf(parsed)).toEqual([
      { framework: 'hono', kind: 'hook', hookName: 'onMessage', socket: 'ws', request: undefined },
      { framework: 'hono', kind: 'hook', hookName: 'onClose', socket: 'ws', request: undefined },
    ]);
  });

  it('@hono/node-ws: upgradeWebSocket destructured from createNodeWebSocket({ app })', () => {
    const parsed = parseTsModel(
      `import { serve } from '@hono/node-server';
       import { createNodeWebSocket } from '@hono/node-ws';
       import { Hono } from 'hono';
       const app = new Hono();
       const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app });
       app.get('/ws', upgradeWebSocket((c) => ({ onMessage(evt, ws) { ws.send('x'); } })));
       injectWebSocket(serve(app));`,
    );
    expect(handlersOf(parsed)).toEqual([{ framework: 'hono', kind: 'hook', hookName: 'onMessage', socket: 'ws', request: 'c' }]);
  });

  it('the inline form upgradeWebSocket(c, events): the request is the c argument', () => {
    const parsed = parseTsModel(
      `import { upgradeWebSocket } from 'hono/bun';
       app.get('/ws', (c, next) => upgradeWebSocket(c, { onMessage(evt, ws) {} })(c, next));`,
    );
    expect(handlersOf(parsed)).toEqual([{ framework: 'hono', kind: 'hook', hookName: 'onMessage', socket: 'ws', request: 'c' }]);
  });

  it('trap: a local function named upgradeWebSocket', () => {
    expectNoFacts(
      parseTsModel(
        `function upgradeWebSocket(factory) { return factory; }
         app.get('/ws', upgradeWebSocket((c) => ({ onOpen(evt, ws) {}, onMessage(evt, ws) {} })));`,
      ),
    );
  });

  it('trap: upgradeWebSocket imported from a local module', () => {
    expectNoFacts(
      parseTsModel(
        `import { upgradeWebSocket } from './ws-helpers.js';
         app.get('/ws', upgradeWebSocket((c) => ({ onMessage(evt, ws) {} })));`,
      ),
    );
  });
});

describe('Bun.serve websocket handlers (§11)', () => {
  it('Bun.serve({ fetch, websocket: { open, message, close } }): one socket, each hook its first parameter', () => {
    const parsed = parseTsModel(
      `Bun.serve({
         port: 3000,
         fetch(req, server) { if (server.upgrade(req, { data: { id: 1 } })) return; return new Response('no'); },
         websocket: {
           open(ws) { ws.subscribe('room'); },
           message(ws, message) { ws.send(message); },
           close(ws, code, reason) {},
         },
       });`,
    );
    expect(socketsOf(parsed)).toEqual([{ framework: 'bun', role: 'server-side', name: 'ws', errorBehaviour: 'cannot-crash' }]);
    expect(socketAccessesOf(parsed)).toEqual([['ws', 'ws', 'ws']]);
    expect(handlersOf(parsed).map((h) => [h.framework, h.kind, h.hookName, h.socket])).toEqual([
      ['bun', 'hook', 'open', 'ws'],
      ['bun', 'hook', 'message', 'ws'],
      ['bun', 'hook', 'close', 'ws'],
    ]);
  });

  it('export default { fetch, websocket: { … } } (and a websocket object kept in a const)', () => {
    const inline = parseTsModel(
      `export default { fetch(req, server) { server.upgrade(req); }, websocket: { message: (socket, msg) => {}, drain(socket) {} } };`,
    );
    expect(handlersOf(inline).map((h) => [h.hookName, h.socket])).toEqual([
      ['message', 'socket'],
      ['drain', 'socket'],
    ]);
    const viaConst = parseTsModel(
      `const websocket = { open(ws) {}, error(ws, err) {} };
       export default { fetch: (req, server) => server.upgrade(req), websocket };`,
    );
    expect(handlersOf(viaConst).map((h) => [h.framework, h.hookName])).toEqual([
      ['bun', 'open'],
      ['bun', 'error'],
    ]);
  });

  it('trap: export default { fetch } without websocket', () => {
    expectNoFacts(
      parseTsModel(
        `export default {
           async fetch(request, env, ctx) { return new Response('websocket not supported here'); },
         };`,
      ),
    );
  });

  it('trap: a local variable named Bun', () => {
    expectNoFacts(
      parseTsModel(
        `const Bun = { serve(options) { return options; } };
         Bun.serve({ fetch() {}, websocket: { open(ws) {}, message(ws, m) {} } });`,
      ),
    );
  });

  it('trap: a parameter named Bun', () => {
    expectNoFacts(
      parseTsModel(`export function start(Bun) { Bun.serve({ fetch() {}, websocket: { open(ws) {} } }); }`),
    );
  });
});

describe('Deno.upgradeWebSocket (§12)', () => {
  it('const { socket, response } = Deno.upgradeWebSocket(req)', () => {
    const parsed = parseTsModel(
      `Deno.serve((req) => {
         if (req.headers.get('upgrade') !== 'websocket') return new Response(null, { status: 501 });
         const { socket, response } = Deno.upgradeWebSocket(req);
         socket.onmessage = (e) => socket.send(e.data);
         return response;
       });`,
    );
    expect(socketsOf(parsed)).toEqual([{ framework: 'deno', role: 'server-side', name: 'socket', errorBehaviour: 'cannot-crash' }]);
    expect(handlersOf(parsed)).toEqual([{ framework: 'deno', kind: 'connection', hookName: undefined, socket: 'socket', request: 'req' }]);
  });

  it('a renamed socket, with options', () => {
    const parsed = parseTsModel(
      `Deno.serve(async (request) => {
         const { socket: ws, response } = Deno.upgradeWebSocket(request, { idleTimeout: 30 });
         return response;
       });`,
    );
    expect(socketsOf(parsed).map((s) => s.name)).toEqual(['ws']);
    expect(requestAccessesOf(parsed)).toEqual(['request']);
  });

  it('the whole result kept: the socket is result.socket', () => {
    const parsed = parseTsModel(
      `export function handler(req: Request) { const upgraded = Deno.upgradeWebSocket(req); upgraded.socket.onopen = () => {}; return upgraded.response; }`,
    );
    expect(socketAccessesOf(parsed)).toEqual([['upgraded.socket']]);
  });

  it('trap: a local Deno object', () => {
    expectNoFacts(
      parseTsModel(
        `const Deno = { upgradeWebSocket(r) { return { socket: null, response: r }; } };
         export function h(req) { const { socket, response } = Deno.upgradeWebSocket(req); return response; }`,
      ),
    );
  });

  it('trap: Deno imported from a shim module', () => {
    expectNoFacts(
      parseTsModel(
        `import { Deno } from './deno-shim.js';
         export function h(req) { const { socket, response } = Deno.upgradeWebSocket(req); return response; }`,
      ),
    );
  });
});

describe('uWebSockets.js (§4)', () => {
  it("uWS.App().ws('/*', { open, message, close, upgrade })", () => {
    const parsed = parseTsModel(
      `import uWS from 'uWebSockets.js';
       uWS.App().ws('/*', {
         idleTimeout: 32,
         open: (ws) => { ws.subscribe('news'); },
         message: (ws, message, isBinary) => { ws.send(message, isBinary); },
         close: (ws, code, msg) => {},
         upgrade: (res, req, context) => {
           res.upgrade({ url: req.getUrl() }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
         },
       }).listen(9001, () => {});`,
    );
    expect(socketsOf(parsed)).toEqual([{ framework: 'uws', role: 'server-side', name: 'ws', errorBehaviour: 'cannot-crash' }]);
    expect(socketAccessesOf(parsed)).toEqual([['ws', 'ws', 'ws']]);
    expect(handlersOf(parsed)).toEqual([
      { framework: 'uws', kind: 'hook', hookName: 'open', socket: 'ws', request: undefined },
      { framework: 'uws', kind: 'hook', hookName: 'message', socket: 'ws', request: undefined },
      { framework: 'uws', kind: 'hook', hookName: 'close', socket: 'ws', request: undefined },
      // The upgrade hook gets (res, req, context): req is the stack-allocated HttpRequest.
      { framework: 'uws', kind: 'hook', hookName: 'upgrade', socket: undefined, request: 'req' },
    ]);
  });

  it("require('uWebSockets.js').SSLApp() and a behaviour object kept in a const", () => {
    const parsed = parseTsModel(
      `const uWS = require('uWebSockets.js');
       const behaviour = { message(socket, m) {}, drain(socket) {} };
       uWS.SSLApp({ key_file_name: 'key.pem' }).ws('/feed', behaviour);`,
    );
    expect(handlersOf(parsed).map((h) => [h.framework, h.hookName, h.socket])).toEqual([
      ['uws', 'message', 'socket'],
      ['uws', 'drain', 'socket'],
    ]);
  });

  it('trap: .ws(path, { open, message }) without the uWS import', () => {
    expectNoFacts(
      parseTsModel(
        `// mimics the uWebSockets API
         const app = makeApp();
         app.ws('/*', { open: (ws) => {}, message: (ws, m) => {} });`,
      ),
    );
  });

  it('trap: express imported, .ws(path, behaviourObject) is neither uWS nor express-ws', () => {
    expectNoFacts(
      parseTsModel(
        `import express from 'express';
         const app = express();
         app.ws('/*', { open: (ws) => {}, message: (ws, m) => {} });`,
      ),
    );
  });
});

describe('NestJS gateways (§9)', () => {
  const gateway = `
    import { ConnectedSocket, MessageBody, OnGatewayConnection, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
    import { Server, Socket } from 'socket.io';

    @WebSocketGateway({ cors: true })
    export class EventsGateway implements OnGatewayConnection {
      @WebSocketServer() server: Server;
      handleConnection(client: Socket, ...args: unknown[]) { client.join('lobby'); }
      handleDisconnect(client: Socket) {}
      @SubscribeMessage('events')
      onEvent(@MessageBody() data: string, @ConnectedSocket() sender: Socket) { return data; }
    }`;

  it('handleConnection / handleDisconnect share the client socket', () => {
    const parsed = parseTsModel(gateway);
    const hooks = handlersOf(parsed).filter((h) => h.hookName !== undefined);
    expect(hooks).toEqual([
      { framework: 'nestjs', kind: 'hook', hookName: 'handleConnection', socket: 'client', request: undefined },
      { framework: 'nestjs', kind: 'hook', hookName: 'handleDisconnect', socket: 'client', request: undefined },
    ]);
    expect(parsed.model.handlers[0]?.socket).toBe(parsed.model.handlers[1]?.socket);
    expect(parsed.model.handlers[0]?.socket?.accesses.map(describeAccess)).toEqual(['client', 'client']);
  });

  it('@ConnectedSocket() marks the socket parameter of a @SubscribeMessage handler', () => {
    const parsed = parseTsModel(gateway);
    const subscribe = parsed.model.handlers.find((h) => h.socket?.node.type === 'Identifier' && h.socket.node.name === 'sender');
    expect(subscribe).toMatchObject({ framework: 'nestjs', kind: 'hook' });
    expect(subscribe?.socket?.errorBehaviour).toBe('unknown');
    // The @MessageBody parameter is not a socket.
    expect(socketsOf(parsed).map((s) => s.name)).toEqual(['client', 'sender']);
  });

  it('trap: a plain class with handleConnection and no decorator', () => {
    expectNoFacts(
      parseTsModel(
        `// pools websocket-like connections
         export class ConnectionManager {
           private clients = new Set();
           handleConnection(client) { this.clients.add(client); }
           handleDisconnect(client) { this.clients.delete(client); }
         }`,
      ),
    );
  });

  it('trap: an @Injectable() service with handleConnection, even next to a ws import', () => {
    const parsed = parseTsModel(
      `import { Injectable } from '@nestjs/common';
       import type { WebSocket } from 'ws';
       @Injectable() export class Sessions { handleConnection(client: WebSocket) {} }`,
    );
    // Not a gateway hook: only the parameter typed as a ws socket is known, as an inferred one.
    expect(parsed.model.handlers.map((h) => h.kind)).toEqual(['connection']);
    expect(parsed.model.sockets.map((s) => [s.framework, s.inferred])).toEqual([['ws', true]]);
  });
});

describe('graphql-ws useServer (§10)', () => {
  it("useServer(options, wss) from 'graphql-ws/use/ws': wraps the server; ctx.extra.socket / ctx.extra.request", () => {
    const parsed = parseTsModel(
      `import { WebSocketServer } from 'ws';
       import { useServer } from 'graphql-ws/use/ws';
       const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
       useServer({
         schema,
         onConnect(ctx) { return Boolean(ctx.connectionParams?.token); },
         onSubscribe: (ctx, id, payload) => {},
         onDisconnect(ctx, code, reason) {},
       }, wsServer);`,
    );
    expect(serversOf(parsed)).toEqual([
      {
        framework: 'ws',
        attachment: 'server',
        node: "new WebSocketServer({ server: httpServer, path: '/graphql' })",
        access: 'wsServer',
        wrappedBy: 'graphql-ws',
      },
    ]);
    // One socket per connection, seen by every callback as ctx.extra.socket.
    expect(socketsOf(parsed)).toEqual([
      { framework: 'graphql-ws', role: 'server-side', name: 'ctx', errorBehaviour: 'library-listens' },
    ]);
    expect(socketAccessesOf(parsed)).toEqual([['ctx.extra.socket', 'ctx.extra.socket', 'ctx.extra.socket']]);
    expect(handlersOf(parsed).map((h) => [h.framework, h.kind, h.hookName])).toEqual([
      ['graphql-ws', 'hook', 'onConnect'],
      ['graphql-ws', 'hook', 'onDisconnect'],
      ['graphql-ws', 'hook', 'onSubscribe'],
    ]);
    expect(requestAccessesOf(parsed)).toEqual(['ctx.extra.request', 'ctx.extra.request', 'ctx.extra.request']);
  });

  it("require('graphql-ws/lib/use/ws') (v5 path) with a context callback", () => {
    const parsed = parseTsModel(
      `const { WebSocketServer } = require('ws');
       const { useServer } = require('graphql-ws/lib/use/ws');
       const wss = new WebSocketServer({ port: 4000 });
       useServer({ schema, context: (ctx) => ({ headers: ctx.extra.request.headers }) }, wss, 10_000);`,
    );
    expect(serversOf(parsed)).toEqual([expect.objectContaining({ attachment: 'port', access: 'wss', wrappedBy: 'graphql-ws' })]);
    expect(handlersOf(parsed).map((h) => h.hookName)).toEqual(['context']);
  });

  it('useServer without callbacks still marks the server as wrapped', () => {
    const parsed = parseTsModel(
      `import { WebSocketServer } from 'ws';
       import { useServer } from 'graphql-ws/use/ws';
       const server = new WebSocketServer({ noServer: true });
       useServer({ schema }, server);`,
    );
    expect(serversOf(parsed)).toEqual([expect.objectContaining({ attachment: 'no-server', wrappedBy: 'graphql-ws' })]);
    expect(parsed.model.sockets).toEqual([]);
  });

  it('trap: a useServer from a local module neither wraps the server nor yields hooks', () => {
    const parsed = parseTsModel(
      `import { WebSocketServer } from 'ws';
       import { useServer } from './graphql.js';
       const wss = new WebSocketServer({ port: 1 });
       useServer({ onConnect(ctx) {} }, wss);`,
    );
    expect(serversOf(parsed)).toEqual([expect.objectContaining({ framework: 'ws', wrappedBy: undefined })]);
    expect(parsed.model.handlers).toEqual([]);
  });
});

describe('Cloudflare Workers and Durable Objects (§13)', () => {
  it('Object.values(new WebSocketPair()): the accepted end is the socket, not the client end', () => {
    const parsed = parseTsModel(
      `export default {
         async fetch(request) {
           const [client, server] = Object.values(new WebSocketPair());
           server.accept();
           server.addEventListener('message', (e) => server.send(e.data));
           return new Response(null, { status: 101, webSocket: client });
         },
       };`,
    );
    expect(socketsOf(parsed)).toEqual([{ framework: 'cloudflare', role: 'server-side', name: 'server', errorBehaviour: 'cannot-crash' }]);
  });

  it('a pair kept in a const, the server end handed to a helper', () => {
    const parsed = parseTsModel(
      `export function upgrade() {
         const pair = new WebSocketPair();
         const [theirs, ours] = Object.values(pair);
         serve(ours);
         return new Response(null, { status: 101, webSocket: theirs });
       }`,
    );
    expect(socketsOf(parsed).map((s) => s.name)).toEqual(['ours']);
  });

  it("a class extending DurableObject from 'cloudflare:workers': the webSocket* hooks' first parameter", () => {
    const parsed = parseTsModel(
      `import { DurableObject } from 'cloudflare:workers';
       export class Room extends DurableObject {
         async fetch(request) {
           const [client, server] = Object.values(new WebSocketPair());
           this.ctx.acceptWebSocket(server);
           return new Response(null, { status: 101, webSocket: client });
         }
         async webSocketMessage(ws, message) { ws.send(message); }
         async webSocketClose(ws, code, reason, wasClean) { ws.close(code, 'bye'); }
       }`,
    );
    expect(socketsOf(parsed)).toEqual([
      { framework: 'cloudflare', role: 'server-side', name: 'server', errorBehaviour: 'cannot-crash' },
      { framework: 'cloudflare', role: 'server-side', name: 'ws', errorBehaviour: 'cannot-crash' },
    ]);
    expect(handlersOf(parsed)).toEqual([
      { framework: 'cloudflare', kind: 'hook', hookName: 'webSocketMessage', socket: 'ws', request: undefined },
      { framework: 'cloudflare', kind: 'hook', hookName: 'webSocketClose', socket: 'ws', request: undefined },
    ]);
  });

  it('an older Durable Object that extends nothing but calls state.acceptWebSocket', () => {
    const parsed = parseTsModel(
      `export class Chat {
         constructor(state) { this.state = state; }
         async fetch(request) { const ws = getServerEnd(); this.state.acceptWebSocket(ws); return new Response(null, { status: 101 }); }
         webSocketMessage(socket, msg) {}
         webSocketError(socket, error) {}
       }`,
    );
    expect(handlersOf(parsed).map((h) => [h.framework, h.hookName, h.socket])).toEqual([
      ['cloudflare', 'webSocketMessage', 'socket'],
      ['cloudflare', 'webSocketError', 'socket'],
    ]);
  });

  it('trap: a class with webSocketMessage that extends nothing, with no Cloudflare evidence', () => {
    expectNoFacts(parseTsModel(`export class Relay { webSocketMessage(ws, msg) { ws.send(msg); } }`));
  });

  it('trap: the same class extending an unrelated base (an EventEmitter)', () => {
    expectNoFacts(
      parseTsModel(
        `import { EventEmitter } from 'node:events';
         export class Relay extends EventEmitter { webSocketMessage(ws, msg) { this.emit('message', ws, msg); } }`,
      ),
    );
  });
});

describe('browser WebSocket (§14)', () => {
  it('new WebSocket(url) with no import is a browser client that cannot crash', () => {
    const parsed = parseTsModel(
      `const ws = new WebSocket('wss://example.com/feed');
       ws.onmessage = (e) => render(e.data);`,
    );
    expect(socketsOf(parsed)).toEqual([
      { framework: 'browser', role: 'client', name: "new WebSocket('wss://example.com/feed')", errorBehaviour: 'cannot-crash' },
    ]);
    expect(socketAccessesOf(parsed)).toEqual([['ws']]);
    expect(parsed.model.libraries).toEqual([]);
  });

  it('assigned to this.socket in a class; via window / globalThis', () => {
    const parsed = parseTsModel(
      `export class Feed {
         socket?: WebSocket;
         open(url: string) { this.socket = new WebSocket(url, ['v1']); }
       }
       const a = new window.WebSocket(u);
       const b = new globalThis.WebSocket(u);`,
    );
    expect(socketsOf(parsed).map((s) => [s.framework, s.role, s.name])).toEqual([
      ['browser', 'client', "new WebSocket(url, ['v1'])"],
      ['browser', 'client', 'new window.WebSocket(u)'],
      ['browser', 'client', 'new globalThis.WebSocket(u)'],
    ]);
    expect(socketAccessesOf(parsed)).toEqual([['this.socket'], ['a'], ['b']]);
  });

  it("typescript-eslint with lib: ['dom'] (WebSocket declared as a lib global) is still the browser class", () => {
    const parsed = parseTsModel(`const ws = new WebSocket('wss://x');`, { lib: ['es2022', 'dom'] });
    expect(socketsOf(parsed).map((s) => s.framework)).toEqual(['browser']);
  });

  it('trap: WebSocket shadowed by a local class', () => {
    expectNoFacts(parseTsModel(`class WebSocket { constructor(url: string) {} } const ws = new WebSocket('wss://x');`));
  });

  it('trap: WebSocket shadowed by a parameter', () => {
    expectNoFacts(parseTsModel(`export function make(WebSocket, url) { return new WebSocket(url); }`));
  });

  it('trap: WebSocket imported from a non-WebSocket module', () => {
    expectNoFacts(parseTsModel(`import { WebSocket } from './mock-socket.js'; const ws = new WebSocket('wss://x');`));
  });
});
