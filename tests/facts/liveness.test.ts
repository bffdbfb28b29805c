/**
 * The liveness topic module: server sites and their options, static values, heartbeat shapes.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { heartbeatOf, livenessHandedOff, payloadStateOf, serverSites, timerFunctions } from '../../facts/liveness.js';
import { foldValue, lookupOptions } from '../../facts/static-values.js';
import { parseEspreeModel, parseTsModel, textOf, type Parsed } from './helpers.js';

function sites(parsed: Parsed) {
  return serverSites(parsed.model).map((site) => ({
    framework: site.framework,
    node: textOf(parsed.text, site.node),
    options: site.options.state === 'found' ? textOf(parsed.text, site.options.object) : site.options.state,
  }));
}

function heartbeat(parsed: Parsed): string {
  const found = heartbeatOf(parsed.model, parsed.text);
  if (found.kind === 'present') return `present: ${textOf(parsed.text, found.evidence)}`;
  if (found.kind === 'pings-only') return `pings-only: ${textOf(parsed.text, found.ping)}`;
  if (found.kind === 'closes-instead') return `closes-instead: ${found.closes.map((c) => textOf(parsed.text, c)).join(' | ')}`;
  return 'none';
}

describe('serverSites', () => {
  it('finds ws, socket.io, uWS, Bun, Deno, graphql-ws and the ws plugins, each with its options', () => {
    const parsed = parseTsModel(`
import { WebSocketServer } from 'ws';
import { Server } from 'socket.io';
import uWS from 'uWebSockets.js';
import { useServer } from 'graphql-ws/use/ws';
import websocket from '@fastify/websocket';
import expressWs from 'express-ws';
const wss = new WebSocketServer({ noServer: true });
const io = new Server(httpServer, { pingTimeout: 1 });
uWS.App().ws('/*', { idleTimeout: 8, open: (ws) => {} });
useServer({ schema }, wss, 5000);
fastify.register(websocket, { options: { maxPayload: 1 } });
expressWs(app);
Bun.serve({ fetch() {}, websocket: { idleTimeout: 3, open(ws) {} } });
Deno.upgradeWebSocket(req);
`);
    expect(sites(parsed)).toEqual([
      { framework: 'ws', node: 'new WebSocketServer({ noServer: true })', options: '{ noServer: true }' },
      { framework: 'socket.io', node: 'new Server(httpServer, { pingTimeout: 1 })', options: '{ pingTimeout: 1 }' },
      { framework: 'uws', node: "uWS.App().ws('/*', { idleTimeout: 8, open: (ws) => {} })", options: '{ idleTimeout: 8, open: (ws) => {} }' },
      { framework: 'graphql-ws', node: 'useServer({ schema }, wss, 5000)', options: '{ schema }' },
      { framework: 'fastify-websocket', node: 'fastify.register(websocket, { options: { maxPayload: 1 } })', options: '{ maxPayload: 1 }' },
      { framework: 'express-ws', node: 'expressWs(app)', options: 'absent' },
      { framework: 'bun', node: "Bun.serve({ fetch() {}, websocket: { idleTimeout: 3, open(ws) {} } })", options: '{ idleTimeout: 3, open(ws) {} }' },
      { framework: 'deno', node: 'Deno.upgradeWebSocket(req)', options: 'absent' },
    ]);
    const ws = serverSites(parsed.model)[0]!;
    expect(ws.wrapperKeepsAlive).toBe(true); // graphql-ws's useServer pings
  });

  it('skips `new WebSocketServer()` without options (ws throws) and a socket.io server without options', () => {
    const parsed = parseTsModel(`
import { WebSocketServer } from 'ws';
import { Server } from 'socket.io';
const a = new WebSocketServer();
const io = new Server(3000);
`);
    expect(sites(parsed)).toEqual([{ framework: 'socket.io', node: 'new Server(3000)', options: 'absent' }]);
  });

  it('does not take a register() of another plugin, or a ws client, for a server', () => {
    const parsed = parseTsModel(`
import cors from '@fastify/cors';
import WebSocket from 'ws';
fastify.register(cors, { origin: true });
const client = new WebSocket('wss://example.test');
`);
    expect(sites(parsed)).toEqual([]);
  });

  it('works the same under espree (plain JavaScript, CommonJS)', () => {
    const parsed = parseEspreeModel(
      `
const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080, maxPayload: 0 });
`,
      'commonjs',
    );
    expect(sites(parsed)).toEqual([{ framework: 'ws', node: 'new WebSocket.Server({ port: 8080, maxPayload: 0 })', options: '{ port: 8080, maxPayload: 0 }' }]);
    expect(payloadStateOf(parsed.model, serverSites(parsed.model)[0]!, 16 * 1024 * 1024).kind).toBe('disabled');
  });
});

describe('static values', () => {
  const valueOf = (code: string) => {
    const parsed = parseTsModel(`import 'ws';\n${code}\nconst probe = VALUE;`);
    const declaration = parsed.ast.body[parsed.ast.body.length - 1] as TSESTree.VariableDeclaration;
    return foldValue(parsed.model, declaration.declarations[0]!.init);
  };

  it('folds literals, arithmetic, Math and same-module constants', () => {
    expect(valueOf('const VALUE = 1 << 20;')).toEqual({ kind: 'number', value: 1048576 });
    expect(valueOf('const KIB = 1024; const VALUE = 64 * KIB;')).toEqual({ kind: 'number', value: 65536 });
    expect(valueOf('const VALUE = Math.min(30_000, 2 ** 10);')).toEqual({ kind: 'number', value: 1024 });
    expect(valueOf('const VALUE = Number.POSITIVE_INFINITY;')).toEqual({ kind: 'number', value: Number.POSITIVE_INFINITY });
    expect(valueOf('const VALUE = null;')).toEqual({ kind: 'nullish' });
    expect(valueOf('const VALUE = undefined;')).toEqual({ kind: 'undefined' });
  });

  it('gives up on anything it cannot prove', () => {
    expect(valueOf('let n = 1; n = 2; const VALUE = n;')).toBeUndefined();
    expect(valueOf('const VALUE = Number(process.env.MAX);')).toBeUndefined();
    expect(valueOf('const VALUE = Math.random();')).toBeUndefined();
  });

  it('reads options through spreads of same-module objects, and stays unknown through others', () => {
    const parsed = parseTsModel(`
import { WebSocketServer } from 'ws';
const base = { maxPayload: 1024 };
const a = new WebSocketServer({ ...base, noServer: true });
const b = new WebSocketServer({ ...options, noServer: true });
const c = new WebSocketServer({ ...options, maxPayload: 2048, noServer: true });
`);
    const states = serverSites(parsed.model).map((site) => payloadStateOf(parsed.model, site, 1500).kind);
    expect(states).toEqual(['ok', 'unknown', 'too-large']);
  });

  it('locates nested plugin options and reports which part is missing', () => {
    const parsed = parseTsModel(`
import expressWs from 'express-ws';
expressWs(app, server, { leaveRouterUntouched: true });
`);
    const site = serverSites(parsed.model)[0]!;
    const lookup = lookupOptions(parsed.model, site.node, site.location);
    expect(lookup.state).toBe('absent');
    expect(lookup.state === 'absent' && lookup.missing).toEqual(['wsOptions']);
    expect(lookup.state === 'absent' && textOf(parsed.text, lookup.parent)).toBe('{ leaveRouterUntouched: true }');
  });
});

describe('heartbeatOf', () => {
  it('recognises terminate() in an interval, in a timeout and in a helper the timer calls', () => {
    expect(
      heartbeat(
        parseTsModel(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 1 });
setInterval(() => { for (const ws of wss.clients) if (!ws.isAlive) ws.terminate(); }, 1000);
`),
      ),
    ).toBe('present: ws.terminate()');
    expect(
      heartbeat(
        parseTsModel(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 1 });
function reap(ws) { ws.terminate(); }
wss.on('connection', (ws) => { const t = setTimeout(() => reap(ws), 1000); });
`),
      ),
    ).toBe('present: ws.terminate()');
  });

  it('recognises a raw socket timeout and TCP keep-alive', () => {
    expect(
      heartbeat(
        parseTsModel(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 1 });
wss.on('connection', (ws, req) => { req.socket.setTimeout(5000, () => req.socket.destroy()); });
`),
      ),
    ).toBe('present: req.socket.destroy()');
    expect(
      heartbeat(
        parseTsModel(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 1 });
wss.on('connection', (ws, req) => { req.socket.setKeepAlive(true, 1000); });
`),
      ),
    ).toBe('present: req.socket.setKeepAlive(true, 1000)');
  });

  it('does not count a disarmed socket timeout, a shutdown terminate() or setKeepAlive(false)', () => {
    expect(
      heartbeat(
        parseTsModel(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 1 });
wss.on('connection', (ws, req) => {
  req.socket.setTimeout(0, () => req.socket.destroy());
  req.socket.setKeepAlive(false);
});
export function stop() { for (const ws of wss.clients) ws.terminate(); }
setTimeout(() => db.close(), 1000);
`),
      ),
    ).toBe('none');
  });

  it('accepts an application-level heartbeat: a timer that close()s stale sockets, with no ping', () => {
    expect(
      heartbeat(
        parseTsModel(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 1 });
setInterval(() => {
  for (const client of registry.values()) {
    if (Date.now() - client.lastSeen > 60_000) client.getSocket()?.close();
  }
}, 10_000);
`),
      ),
    ).toBe('present: client.getSocket()?.close()');
  });

  it('tells a ping-only timer from one that closes the pinged socket', () => {
    expect(
      heartbeat(
        parseTsModel(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 1 });
setInterval(() => wss.clients.forEach((c) => c.ping()), 1000);
`),
      ),
    ).toBe('pings-only: c.ping()');
    expect(
      heartbeat(
        parseTsModel(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 1 });
setInterval(() => wss.clients.forEach((c) => { if (!c.alive) c.close(); else c.ping(); }), 1000);
// closing something else in a timer is not about the pinged peer
setTimeout(() => db.close(), 1000);
`),
      ),
    ).toBe('closes-instead: c.close()');
  });

  it('collects timer callbacks passed by name, through window/globalThis and node:timers', () => {
    const parsed = parseTsModel(`
import { setInterval as every } from 'node:timers';
import 'ws';
function a() {}
const b = () => {};
function c() {}
every(a, 10);
window.setTimeout(b, 10);
globalThis.setInterval(function named() { c(); }, 10);
other.setInterval(function notATimer() {});
`);
    const names = [...timerFunctions(parsed.model)].map((fn) => (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression' ? fn.id?.name : 'arrow'));
    expect(names.sort()).toEqual(['a', 'arrow', 'c', 'named']);
  });
});

describe('livenessHandedOff', () => {
  const handedOff = (code: string) => {
    const parsed = parseTsModel(code);
    return livenessHandedOff(parsed.model, serverSites(parsed.model)[0]!);
  };

  it('is true when the server is exported, returned or a public field, or a socket goes to unseen code', () => {
    expect(handedOff(`import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 1 });\nexport { wss };`)).toBe(true);
    expect(handedOff(`import { WebSocketServer } from 'ws';\nexport function make() { const wss = new WebSocketServer({ port: 1 }); return wss; }`)).toBe(true);
    expect(handedOff(`import { WebSocketServer } from 'ws';\nclass A { constructor() { this.wss = new WebSocketServer({ port: 1 }); } }`)).toBe(true);
    expect(handedOff(`import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 1 });\nwss.on('connection', (ws) => serve(ws));`)).toBe(true);
  });

  it('is false for private fields, registries, loggers and the noServer dispatch to its own listeners', () => {
    expect(handedOff(`import { WebSocketServer } from 'ws';\nclass A { #wss = new WebSocketServer({ port: 1 }); }`)).toBe(false);
    expect(handedOff(`import { WebSocketServer } from 'ws';\nclass A { private wss = new WebSocketServer({ port: 1 }); }`)).toBe(false);
    expect(
      handedOff(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
wss.on('connection', (ws) => { clients.add(ws); console.log('joined', ws); });
`),
    ).toBe(false);
  });
});
