// The socket model on `ws` (frameworks.md §1) and Node's raw 'upgrade' event (§2): every import
// style, every way of registering the 'connection' handler, the server's attachment, and the
// look-alikes (net, mongoose, a local class, a ClientRequest's 'upgrade') that must stay silent.
import { describe, expect, it } from 'vitest';

import {
  expectNoFacts,
  handlersOf,
  parseTsModel,
  requestAccessesOf,
  serversOf,
  socketAccessesOf,
  socketsOf,
} from './helpers.js';

/** The facts of the common shape: one ws server, one connection handler `(socket, request)`. */
function expectWsConnection(code: string, socket: string, request: string | undefined, attachment: string): void {
  const parsed = parseTsModel(code);
  expect(serversOf(parsed)).toEqual([expect.objectContaining({ framework: 'ws', attachment })]);
  expect(socketsOf(parsed)).toEqual([{ framework: 'ws', role: 'server-side', name: socket, errorBehaviour: 'crashes' }]);
  expect(handlersOf(parsed)).toEqual([{ framework: 'ws', kind: 'connection', hookName: undefined, socket, request }]);
}

describe('ws: how the server class is imported', () => {
  it('named WebSocketServer import, { port }', () => {
    expectWsConnection(
      `import { WebSocketServer } from 'ws';
       const wss = new WebSocketServer({ port: 8080 });
       wss.on('connection', (ws, req) => { ws.send(req.url); });`,
      'ws',
      'req',
      'port',
    );
  });

  it('default import, new WebSocket.Server({ noServer: true })', () => {
    expectWsConnection(
      `import WebSocket from 'ws';
       const wss = new WebSocket.Server({ noServer: true });
       wss.on('connection', function onConnection(socket, request) {});`,
      'socket',
      'request',
      'no-server',
    );
  });

  it("named Server (the alias) with { server }", () => {
    expectWsConnection(
      `import { createServer } from 'node:http';
       import { Server } from 'ws';
       const httpServer = createServer();
       const srv = new Server({ server: httpServer });
       srv.on('connection', (client) => {});`,
      'client',
      undefined,
      'server',
    );
  });

  it('namespace import: new WS.WebSocketServer()', () => {
    expectWsConnection(
      `import * as WS from 'ws';
       const server = new WS.WebSocketServer({ port: 9000 });
       server.on('connection', (conn, incoming) => {});`,
      'conn',
      'incoming',
      'port',
    );
  });

  it('renamed import: { WebSocketServer as Hub }', () => {
    expectWsConnection(
      `import { WebSocketServer as Hub } from 'ws';
       const hub = new Hub({ port: 1234 });
       hub.on('connection', (peer, req) => {});`,
      'peer',
      'req',
      'port',
    );
  });

  it("require('ws') and new WebSocket.Server()", () => {
    expectWsConnection(
      `const WebSocket = require('ws');
       const wss = new WebSocket.Server({ port: 3001 });
       wss.on('connection', (ws, req) => {});`,
      'ws',
      'req',
      'port',
    );
  });

  it("destructured require: const { WebSocketServer } = require('ws')", () => {
    expectWsConnection(
      `const { WebSocketServer } = require('ws');
       const wss = new WebSocketServer({ server: app.listen(3000) });
       wss.on('connection', (ws, req) => {});`,
      'ws',
      'req',
      'server',
    );
  });

  it("TypeScript import-equals: import WS = require('ws')", () => {
    expectWsConnection(
      `import WS = require('ws');
       const wss = new WS.WebSocketServer({ noServer: true });
       wss.on('connection', (ws: WS.WebSocket, req) => {});`,
      'ws',
      'req',
      'no-server',
    );
  });

  it('an options object kept in a const is read for the attachment', () => {
    const parsed = parseTsModel(
      `import { WebSocketServer } from 'ws';
       const options = { noServer: true, maxPayload: 64 * 1024 };
       export const wss = new WebSocketServer(options);`,
    );
    expect(serversOf(parsed)).toEqual([
      { framework: 'ws', attachment: 'no-server', node: 'new WebSocketServer(options)', access: 'wss', wrappedBy: undefined },
    ]);
    expect(parsed.model.servers[0]?.options?.properties).toHaveLength(2);
  });

  it('a server held in a class field is accessed as this.<field>', () => {
    const parsed = parseTsModel(
      `import { WebSocketServer } from 'ws';
       export class Gateway { private wss = new WebSocketServer({ port: 1 }); }`,
    );
    expect(serversOf(parsed)).toEqual([
      { framework: 'ws', attachment: 'port', node: 'new WebSocketServer({ port: 1 })', access: 'this.wss', wrappedBy: undefined },
    ]);
  });
});

describe("ws: how the 'connection' handler is registered", () => {
  const server = `import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\n`;

  it('a function declaration passed by name', () => {
    expectWsConnection(
      `${server}
       function onConnection(socket, req) { socket.on('close', () => {}); }
       wss.on('connection', onConnection);`,
      'socket',
      'req',
      'port',
    );
  });

  it('a const arrow passed by name', () => {
    expectWsConnection(`${server} const handle = (ws, request) => {}; wss.on('connection', handle);`, 'ws', 'request', 'port');
  });

  it('once / addListener register a handler too', () => {
    const parsed = parseTsModel(`${server} wss.once('connection', (a) => {}); wss.addListener('connection', (b) => {});`);
    // Both listeners receive the same socket object: one socket fact reached through `a` and `b`.
    expect(handlersOf(parsed)).toHaveLength(2);
    expect(parsed.model.sockets).toHaveLength(1);
    const accesses = parsed.model.sockets[0]!.accesses.map((a) => (a.kind === 'variable' ? a.variable.name : a.name));
    expect(accesses).toEqual(['a', 'b']);
  });

  it('this.onConnection in a class', () => {
    expectWsConnection(
      `import { WebSocketServer } from 'ws';
       export class Hub {
         private readonly wss = new WebSocketServer({ port: 1 });
         constructor() { this.wss.on('connection', this.onConnection); }
         onConnection(ws, req) {}
       }`,
      'ws',
      'req',
      'port',
    );
  });

  it('this.onConnection.bind(this) in a class, server assigned in the constructor', () => {
    expectWsConnection(
      `import { WebSocketServer, type WebSocket } from 'ws';
       import type { IncomingMessage } from 'node:http';
       export class Hub {
         private readonly wss: WebSocketServer;
         constructor() {
           this.wss = new WebSocketServer({ noServer: true });
           this.wss.on('connection', this.onConnection.bind(this));
         }
         private onConnection(ws: WebSocket, req: IncomingMessage): void {}
       }`,
      'ws',
      'req',
      'no-server',
    );
  });

  it('an arrow-function class property registered with this.handle', () => {
    expectWsConnection(
      `import { WebSocketServer } from 'ws';
       class Hub { wss = new WebSocketServer({ port: 1 }); start() { this.wss.on('connection', this.handle); } handle = (ws, req) => {}; }`,
      'ws',
      'req',
      'port',
    );
  });

  it('a server from another module is trusted by name only next to a ws import', () => {
    const parsed = parseTsModel(
      `import type { WebSocket } from 'ws';
       import { wss } from './server.js';
       wss.on('connection', (ws: WebSocket) => {});`,
    );
    expect(socketsOf(parsed)).toEqual([{ framework: 'ws', role: 'server-side', name: 'ws', errorBehaviour: 'crashes' }]);
    expect(parsed.model.libraries).toEqual([expect.objectContaining({ framework: 'ws', module: 'ws', typeOnly: true })]);
  });

  it("server-level events ('listening', 'headers') are not connection handlers", () => {
    const parsed = parseTsModel(`${server} wss.on('listening', () => {}); wss.on('headers', (headers, req) => {});`);
    expect(parsed.model.handlers).toEqual([]);
    expect(parsed.model.sockets).toEqual([]);
  });
});

describe('ws: handleUpgrade and clients', () => {
  it('noServer + handleUpgrade: the raw socket, then the ws socket of the callback', () => {
    const parsed = parseTsModel(
      `import { createServer } from 'node:http';
       import { WebSocketServer } from 'ws';
       const server = createServer();
       const wss = new WebSocketServer({ noServer: true });
       server.on('upgrade', (req, socket, head) => {
         socket.on('error', onSocketError);
         wss.handleUpgrade(req, socket, head, (ws, request) => { wss.emit('connection', ws, request); });
       });`,
    );
    expect(serversOf(parsed)).toEqual([expect.objectContaining({ framework: 'ws', attachment: 'no-server', access: 'wss' })]);
    expect(socketsOf(parsed)).toEqual([
      { framework: 'node-upgrade', role: 'raw-upgrade', name: 'socket', errorBehaviour: 'crashes' },
      { framework: 'ws', role: 'server-side', name: 'ws', errorBehaviour: 'crashes' },
    ]);
    expect(handlersOf(parsed)).toEqual([
      { framework: 'node-upgrade', kind: 'upgrade', hookName: undefined, socket: 'socket', request: 'req' },
      { framework: 'ws', kind: 'handle-upgrade', hookName: undefined, socket: 'ws', request: 'request' },
    ]);
  });

  it('a handleUpgrade callback without a request parameter takes the request argument', () => {
    const parsed = parseTsModel(
      `import { WebSocketServer } from 'ws';
       const wss = new WebSocketServer({ noServer: true });
       export function onUpgrade(req, socket, head) { wss.handleUpgrade(req, socket, head, (ws) => {}); }`,
    );
    expect(handlersOf(parsed)).toEqual([{ framework: 'ws', kind: 'handle-upgrade', hookName: undefined, socket: 'ws', request: 'req' }]);
  });

  it('client: new WebSocket(url) from ws, default and named imports', () => {
    const parsed = parseTsModel(
      `import WebSocket from 'ws';
       import { WebSocket as Named } from 'ws';
       const a = new WebSocket('wss://feed.example');
       export function connect(url: string) { const b = new Named(url, { handshakeTimeout: 5000 }); return b; }`,
    );
    expect(socketsOf(parsed)).toEqual([
      { framework: 'ws', role: 'client', name: "new WebSocket('wss://feed.example')", errorBehaviour: 'crashes' },
      { framework: 'ws', role: 'client', name: 'new Named(url, { handshakeTimeout: 5000 })', errorBehaviour: 'crashes' },
    ]);
    expect(socketAccessesOf(parsed)).toEqual([['a'], ['b']]);
    expect(parsed.model.handlers).toEqual([]);
  });

  it('client: require("ws") and new WebSocket.WebSocket()', () => {
    const parsed = parseTsModel(`const WebSocket = require('ws'); const c = new WebSocket.WebSocket('ws://x');`);
    expect(socketsOf(parsed)).toEqual([
      { framework: 'ws', role: 'client', name: "new WebSocket.WebSocket('ws://x')", errorBehaviour: 'crashes' },
    ]);
  });

  it('a type-only import + a parameter annotated WebSocket outside any handler is an inferred socket', () => {
    // A helper `attach(ws: WebSocket)` exported for another module receives a socket: its work is
    // per connection. Its caller may already listen for errors, hence `inferred`.
    const parsed = parseTsModel(
      `import type { WebSocket } from 'ws';
       export function attach(ws: WebSocket) { ws.on('message', () => {}); }`,
    );
    expect(parsed.model.libraries).toEqual([expect.objectContaining({ framework: 'ws', typeOnly: true })]);
    expect(parsed.model.sockets.map((s) => [s.framework, s.role, s.inferred])).toEqual([['ws', 'server-side', true]]);
  });

  it('a helper this file calls with its socket is not a second, inferred socket', () => {
    const parsed = parseTsModel(
      `import { WebSocketServer, type WebSocket } from 'ws';
       const wss = new WebSocketServer({ port: 8080 });
       wss.on('connection', (ws) => attach(ws));
       function attach(ws: WebSocket) { ws.on('message', () => {}); }`,
    );
    expect(parsed.model.sockets.map((s) => s.inferred ?? false)).toEqual([false]);
  });

  it('a parameter named and used like a socket, in a file that imports no library', () => {
    const ws = parseTsModel(
      `export function attach(socket) {
         socket.on('message', (m) => socket.send(m));
         socket.on('close', () => {});
       }`,
    );
    expect(ws.model.sockets.map((s) => [s.framework, s.inferred])).toEqual([['ws', true]]);
    const io = parseTsModel(
      `export function onJoin(client, room) {
         client.join(room);
         client.on('chat', (m) => client.emit('echo', m));
       }`,
    );
    expect(io.model.sockets.map((s) => [s.framework, s.inferred])).toEqual([['socket.io', true]]);
  });

  it('trap: emitters used like sockets but named otherwise, or with signs of both libraries, are not sockets', () => {
    // A child process: 'message' events and send(), but its name says what it is.
    expect(parseTsModel(`export function supervise(child) { child.on('message', (m) => child.send(m)); child.on('close', () => {}); }`).model.sockets).toEqual([]);
    // A generic emitter named client: a listener and an emit, nothing only sockets have.
    expectNoFacts(parseTsModel(`export function relay(client, bus) { client.on('data', (d) => client.emit('seen', d)); }`));
    // Signs of ws (ping) and of socket.io (join): not something to guess about.
    expectNoFacts(parseTsModel(`export function both(socket) { socket.on('x', () => socket.send(1)); socket.emit('y'); socket.ping(); socket.join('r'); }`));
  });
});

describe('ws: false-positive traps', () => {
  it("net.createServer().on('connection', sock => …) is a TCP server, not ws", () => {
    expectNoFacts(
      parseTsModel(
        `// Plain TCP relay in front of the websocket tier.
         import net from 'node:net';
         net.createServer().on('connection', (sock) => { sock.on('data', (d) => sock.write(d)); }).listen(7000);`,
      ),
    );
  });

  it('net server named like a ws server, in a file that also imports ws', () => {
    const parsed = parseTsModel(
      `import net from 'node:net';
       import { WebSocketServer } from 'ws';
       export const wss = new WebSocketServer({ port: 1 });
       const server = net.createServer();
       server.on('connection', (sock) => {});
       const socketServer = net.createServer();
       socketServer.on('connection', (raw) => {});`,
    );
    expect(parsed.model.servers).toHaveLength(1);
    expect(parsed.model.sockets).toEqual([]);
    expect(parsed.model.handlers).toEqual([]);
  });

  it("mongoose connection.on('connected' | 'connection')", () => {
    expectNoFacts(
      parseTsModel(
        `import mongoose from 'mongoose';
         // the websocket gateway waits for the database
         mongoose.connection.on('connected', () => console.log('db up'));
         mongoose.connection.on('connection', (conn) => conn.close());`,
      ),
    );
  });

  it('a local class named WebSocketServer, not from ws', () => {
    expectNoFacts(
      parseTsModel(
        `class WebSocketServer { on(event: string, fn: (s: unknown) => void) {} }
         const wss = new WebSocketServer();
         wss.on('connection', (ws) => {});`,
      ),
    );
  });

  it('a local WebSocketServer class even when the file imports ws for side effects', () => {
    expectNoFacts(
      parseTsModel(
        `import 'ws';
         class WebSocketServer { on(event: string, fn: (s: unknown) => void) {} }
         const server = new WebSocketServer();
         server.on('connection', (ws) => {});`,
      ),
    );
  });

  it('a file with no WebSocket evidence at all', () => {
    const parsed = parseTsModel(
      `import express from 'express';
       const app = express();
       app.get('/health', (req, res) => res.send('ok'));
       app.listen(3000).on('connection', (socket) => socket.setKeepAlive(true));`,
    );
    expect(parsed.model.hasEvidence).toBe(false);
    expect(parsed.model.libraries).toEqual([]);
    expect(parsed.model.sockets).toEqual([]);
  });
});

describe("Node 'upgrade' without a library (§2)", () => {
  it("http.createServer().on('upgrade', (req, socket, head) => …)", () => {
    const parsed = parseTsModel(
      `import http from 'node:http';
       const server = http.createServer();
       server.on('upgrade', (req, socket, head) => { socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n'); });`,
    );
    expect(socketsOf(parsed)).toEqual([{ framework: 'node-upgrade', role: 'raw-upgrade', name: 'socket', errorBehaviour: 'crashes' }]);
    expect(handlersOf(parsed)).toEqual([{ framework: 'node-upgrade', kind: 'upgrade', hookName: undefined, socket: 'socket', request: 'req' }]);
    expect(requestAccessesOf(parsed)).toEqual(['req']);
  });

  it('named createServer import, a function expression, other parameter names', () => {
    const parsed = parseTsModel(
      `import { createServer } from 'https';
       createServer(tls).on('upgrade', function (request, duplex, head) { duplex.destroy(); });`,
    );
    expect(handlersOf(parsed)).toEqual([
      { framework: 'node-upgrade', kind: 'upgrade', hookName: undefined, socket: 'duplex', request: 'request' },
    ]);
  });

  it('a method bound in a class, with require("http")', () => {
    const parsed = parseTsModel(
      `const http = require('http');
       class Proxy { server = http.createServer(); start() { this.server.on('upgrade', this.onUpgrade.bind(this)); } onUpgrade(req, socket, head) {} }`,
    );
    expect(socketsOf(parsed)).toEqual([{ framework: 'node-upgrade', role: 'raw-upgrade', name: 'socket', errorBehaviour: 'crashes' }]);
  });

  it("trap: http.request(…).on('upgrade', (res, socket, head) => …) is the client side", () => {
    expectNoFacts(
      parseTsModel(
        `import http from 'node:http';
         const req = http.request({ headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
         req.on('upgrade', (res, socket, head) => { socket.end(); });
         req.end();`,
      ),
    );
  });

  it("trap: a ClientRequest's 'upgrade' even when its parameters are not named res", () => {
    expectNoFacts(
      parseTsModel(
        `import http from 'node:http';
         import { get } from 'node:https';
         const request = http.get('http://backend/ws');
         request.on('upgrade', (message, socket, head) => { socket.end(); });
         get('https://backend/ws').on('upgrade', (incoming, sock, rest) => { sock.end(); });`,
      ),
    );
  });

  it("trap: a ws client's 'upgrade' event (response only)", () => {
    const parsed = parseTsModel(
      `import WebSocket from 'ws';
       const ws = new WebSocket('ws://backend');
       ws.on('upgrade', (response) => { console.log(response.headers['set-cookie']); });`,
    );
    expect(parsed.model.handlers).toEqual([]);
    expect(socketsOf(parsed)).toEqual([
      { framework: 'ws', role: 'client', name: "new WebSocket('ws://backend')", errorBehaviour: 'crashes' },
    ]);
  });
});
