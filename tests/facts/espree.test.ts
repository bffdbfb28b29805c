// The model on ESLint's default parser: espree's ESTree AST and eslint-scope's scopes, set up the
// way ESLint sets them up for a JS file. Every JS case must give the same facts as the
// typescript-eslint host, and the facts the framework docs describe.
import { describe, expect, it } from 'vitest';

import {
  expectNoFacts,
  handlersOf,
  listenerEvents,
  onlySocket,
  parseEspreeModel,
  parseTsModel,
  serversOf,
  socketAccessesOf,
  socketsOf,
  type Parsed,
} from './helpers.js';

function facts(parsed: Parsed) {
  return { servers: serversOf(parsed), sockets: socketsOf(parsed), handlers: handlersOf(parsed), accesses: socketAccessesOf(parsed) };
}

/** Facts from espree, checked to be identical to typescript-eslint's for the same JS. */
function espreeFacts(code: string, sourceType: 'module' | 'commonjs' = 'module') {
  const fromEspree = facts(parseEspreeModel(code, sourceType));
  expect(fromEspree).toEqual(facts(parseTsModel(code, { filename: 'file.js' })));
  return fromEspree;
}

describe('ESLint default parser (espree + eslint-scope)', () => {
  it('ws: named import, connection handler with (ws, req)', () => {
    const result = espreeFacts(
      `import { WebSocketServer } from 'ws';
       const wss = new WebSocketServer({ port: 8080 });
       wss.on('connection', (ws, req) => { ws.on('error', console.error); });`,
    );
    expect(result.servers).toEqual([
      { framework: 'ws', attachment: 'port', node: 'new WebSocketServer({ port: 8080 })', access: 'wss', wrappedBy: undefined },
    ]);
    expect(result.handlers).toEqual([{ framework: 'ws', kind: 'connection', hookName: undefined, socket: 'ws', request: 'req' }]);
  });

  it("CommonJS (sourceType 'commonjs'): require('ws'), a raw upgrade and handleUpgrade", () => {
    const result = espreeFacts(
      `const http = require('http');
       const WebSocket = require('ws');
       const server = http.createServer();
       const wss = new WebSocket.Server({ noServer: true });
       server.on('upgrade', function (req, socket, head) {
         wss.handleUpgrade(req, socket, head, function (ws) { wss.emit('connection', ws, req); });
       });`,
      'commonjs',
    );
    expect(result.sockets).toEqual([
      { framework: 'node-upgrade', role: 'raw-upgrade', name: 'socket', errorBehaviour: 'crashes' },
      { framework: 'ws', role: 'server-side', name: 'ws', errorBehaviour: 'crashes' },
    ]);
    expect(result.handlers.map((h) => [h.kind, h.socket, h.request])).toEqual([
      ['upgrade', 'socket', 'req'],
      ['handle-upgrade', 'ws', 'req'],
    ]);
  });

  it("socket.io: require('socket.io')(server) and io.of(ns)", () => {
    const result = espreeFacts(
      `const io = require('socket.io')(server);
       io.of('/chat').on('connection', (socket) => { socket.on('disconnect', () => {}); });`,
      'commonjs',
    );
    expect(result.sockets).toEqual([{ framework: 'socket.io', role: 'server-side', name: 'socket', errorBehaviour: 'library-listens' }]);
  });

  it('Bun.serve websocket hooks', () => {
    const result = espreeFacts(`Bun.serve({ fetch(req, server) { server.upgrade(req); }, websocket: { open(ws) {}, close(ws, code) {} } });`);
    expect(result.handlers.map((h) => [h.framework, h.hookName, h.socket])).toEqual([
      ['bun', 'open', 'ws'],
      ['bun', 'close', 'ws'],
    ]);
  });

  it('browser WebSocket: unresolved global, a configured global, and a shadowing class', () => {
    const code = `const ws = new WebSocket('wss://example.com'); ws.onerror = () => {};`;
    const unresolved = parseEspreeModel(code, 'script');
    expect(socketsOf(unresolved)).toEqual([
      { framework: 'browser', role: 'client', name: "new WebSocket('wss://example.com')", errorBehaviour: 'cannot-crash' },
    ]);
    // `languageOptions.globals: globals.browser` declares WebSocket the way ESLint does (addGlobals).
    const configured = parseEspreeModel(code, 'script', ['WebSocket', 'window']);
    expect(socketsOf(configured).map((s) => s.framework)).toEqual(['browser']);
    expect(listenerEvents(configured, onlySocket(configured.model))).toEqual(['error']);
    expectNoFacts(parseEspreeModel(`class WebSocket {} const ws = new WebSocket('wss://example.com');`, 'script', ['WebSocket']));
  });

  it('usesOf through an alias and a same-module helper', () => {
    const parsed = parseEspreeModel(
      `import { WebSocketServer } from 'ws';
       const wss = new WebSocketServer({ port: 1 });
       function guard(socket) { socket.on('error', () => {}); }
       wss.on('connection', (ws) => { const s = ws; s.once('close', () => {}); guard(ws); });`,
    );
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['error', 'close']);
  });

  it("trap: net.createServer().on('connection') stays silent", () => {
    expectNoFacts(
      parseEspreeModel(
        `// raw TCP next to the websocket gateway
         const net = require('net');
         net.createServer().on('connection', (sock) => sock.end());`,
        'commonjs',
      ),
    );
  });
});
