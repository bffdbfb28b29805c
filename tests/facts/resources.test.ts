/**
 * resources.ts: which per-connection resources the model recognises, what their handles are, where
 * their releases run relative to the socket's life, and the verdict rules build on.
 */
import { describe, expect, it } from 'vitest';

import { socketResources, type SocketResource } from '../../facts/resources.js';
import { parseEspreeModel, parseTsModel, textOf, type Parsed } from './helpers.js';

interface Summary {
  kind: SocketResource['kind'];
  label: string;
  handle: SocketResource['handle']['kind'];
  verdict: SocketResource['verdict'];
  releases: string[];
}

function summary(parsed: Parsed): Summary[] {
  return socketResources(parsed.model).resources.map((r) => ({
    kind: r.kind,
    label: r.label,
    handle: r.handle.kind,
    verdict: r.verdict,
    releases: r.releases.map((release) => `${release.context}: ${textOf(parsed.text, release.node)}`),
  }));
}

const header = `import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\n`;

describe('per-connection resources', () => {
  it('follows an interval handle to the clear in the close listener', () => {
    const parsed = parseTsModel(`${header}wss.on('connection', (ws) => {
  const t = setInterval(() => ws.ping(), 1000);
  ws.on('close', () => clearInterval(t));
});`);
    expect(summary(parsed)).toEqual([
      { kind: 'interval', label: 'setInterval(…)', handle: 'variable', verdict: 'released', releases: ['close: clearInterval(t)'] },
    ]);
  });

  it('knows a clear through the global object or from node:timers, renamed', () => {
    const parsed = parseTsModel(`import { clearInterval as stopTimer } from 'node:timers';
${header}wss.on('connection', (ws) => {
  const a = setInterval(() => ws.ping(), 1000);
  const b = setInterval(() => ws.ping(), 1000);
  ws.on('close', () => { globalThis.clearInterval(a); stopTimer(b); });
});`);
    expect(summary(parsed).map((s) => [s.label, s.verdict])).toEqual([
      ['setInterval(…)', 'released'],
      ['setInterval(…)', 'released'],
    ]);
  });

  it('places releases: helper reached from close, error-only, request lifecycle, own callback', () => {
    const parsed = parseTsModel(`${header}wss.on('connection', (ws, req) => {
  const a = setInterval(() => ws.ping(), 1000);
  const b = setInterval(() => ws.ping(), 1000);
  const c = setInterval(() => { if (ws.readyState === 3) clearInterval(c); }, 1000);
  const scope = new AbortController();
  const d = watchThings({ signal: scope.signal });
  function stop() { clearInterval(a); }
  ws.on('close', () => stop());
  ws.on('error', () => clearInterval(b));
  req.on('close', () => scope.abort());
});`);
    expect(summary(parsed).map((s) => [s.label, s.verdict, s.releases])).toEqual([
      ['setInterval(…)', 'released', ['close: clearInterval(a)']],
      ['setInterval(…)', 'error-only', ['error: clearInterval(b)']],
      ['setInterval(…)', 'released', ['self: clearInterval(c)']],
      ['watchThings(…)', 'request-only', ['request: scope.abort()']],
    ]);
    expect(socketResources(parsed.model).resources[3]!.requestEvent).toBe('close');
  });

  it("treats code after `await once(ws, 'close')` and `.then` of it as the close path", () => {
    const parsed = parseTsModel(`import { once } from 'node:events';
${header}wss.on('connection', async (ws) => {
  const a = setInterval(() => ws.ping(), 1000);
  const sub = feed$.subscribe((x) => ws.send(x));
  once(ws, 'close').then(() => sub.unsubscribe());
  await once(ws, 'close');
  clearInterval(a);
});`);
    expect(summary(parsed).map((s) => [s.kind, s.verdict, s.releases])).toEqual([
      ['interval', 'released', ['close: clearInterval(a)']],
      ['subscription', 'released', ['close: sub.unsubscribe()']],
    ]);
  });

  it('recognises registries, their releases and the ones that are no leak', () => {
    const parsed = parseTsModel(`${header}const byId = new Map();
const all = [];
const weak = new WeakSet();
const rooms = new Map();
wss.on('connection', (ws, req) => {
  byId.set(req.url, ws);
  all.push(ws);
  weak.add(ws);
  rooms.get('lobby').add(ws);
  ws.on('close', () => {
    byId.delete(req.url);
    rooms.forEach((members) => members.delete(ws));
  });
});`);
    expect(summary(parsed).map((s) => [s.label, s.verdict, s.releases])).toEqual([
      ['byId.set(…)', 'released', ['close: byId.delete(req.url)']],
      ['all.push(…)', 'unreleased', []],
      ['rooms.get(…).add(…)', 'released', ['close: members.delete(ws)']],
    ]);
  });

  it('ignores listeners on the socket, on its own members and on emitters created per connection', () => {
    const parsed = parseTsModel(`${header}wss.on('connection', (ws) => {
  ws.on('message', (m) => ws.send(m));
  ws._socket.on('data', () => {});
  const local = new EventEmitter();
  local.on('x', () => ws.send('x'));
  bus.on('x', () => ws.send('x'));
  bus.once('y', () => ws.send('y'));
});`);
    expect(summary(parsed).map((s) => [s.kind, s.label, s.verdict])).toEqual([['listener', "bus.on('x', …)", 'unreleased']]);
  });

  it('matches listener removal by event and function', () => {
    const parsed = parseTsModel(`${header}wss.on('connection', (ws) => {
  const onA = () => ws.send('a');
  const onB = () => ws.send('b');
  bus.on('a', onA);
  bus.on('b', onB);
  ws.on('close', () => { bus.off('a', onA); bus.off('b', onA); });
});`);
    expect(summary(parsed).map((s) => [s.label, s.verdict])).toEqual([
      ["bus.on('a', …)", 'released'],
      ["bus.on('b', …)", 'unreleased'],
    ]);
  });

  it('classifies handles: discarded, member, registry, escaped', () => {
    const parsed = parseTsModel(`${header}const timers = new Map();
wss.on('connection', (ws) => {
  setInterval(() => ws.ping(), 1000);
  ws.timer = setInterval(() => ws.ping(), 1000);
  timers.set(ws, setInterval(() => ws.ping(), 1000));
  keep(setInterval(() => ws.ping(), 1000));
  ws.on('close', () => { clearInterval(ws.timer); clearInterval(timers.get(ws)); timers.delete(ws); });
});`);
    expect(summary(parsed).map((s) => [s.label, s.handle, s.verdict])).toEqual([
      ['setInterval(…)', 'discarded', 'unreleased'],
      ['setInterval(…)', 'member', 'released'],
      // The socket is a key of \`timers\` too: a registry entry of its own.
      ['timers.set(…)', 'discarded', 'released'],
      ['setInterval(…)', 'registry', 'released'],
      ['setInterval(…)', 'escaped', 'released'],
    ]);
  });

  it('recognises a self re-arming timeout only when nothing can stop it', () => {
    const parsed = parseTsModel(`${header}wss.on('connection', (ws) => {
  let t;
  function loop() { ws.send('x'); t = setTimeout(loop, 100); }
  function guarded() { if (ws.readyState !== 1) return; setTimeout(guarded, 100); }
  setTimeout(() => ws.close(), 5000);
  loop();
  guarded();
});`);
    expect(summary(parsed).map((s) => [s.kind, s.handle, s.verdict])).toEqual([['recurring-timeout', 'variable', 'unreleased']]);
  });

  it('recognises endless for await loops, spawned processes and free watch functions', () => {
    const parsed = parseTsModel(`import { on } from 'node:events';
import { spawn } from 'node:child_process';
${header}wss.on('connection', async (ws) => {
  const proc = spawn('tail', ['-f', 'log']);
  const w = watchPods('ns');
  startFeed(ws);
  for await (const [e] of on(bus, 'e')) ws.send(e);
});`);
    expect(summary(parsed).map((s) => [s.kind, s.label, s.verdict])).toEqual([
      ['child-process', 'spawn(…)', 'unreleased'],
      ['subscription', 'watchPods(…)', 'unreleased'],
      ['event-iterator', 'on(bus, …)', 'unreleased'],
    ]);
  });

  it("finds socket.io 'close' listeners and counts releases there as never-fired", () => {
    const parsed = parseTsModel(`import { Server } from 'socket.io';
const io = new Server(3000);
const users = new Map();
io.on('connection', (socket) => {
  users.set(socket.id, socket);
  socket.on('close', () => users.delete(socket.id));
});`);
    const analysis = socketResources(parsed.model);
    expect(summary(parsed).map((s) => [s.label, s.verdict])).toEqual([['users.set(…)', 'never-fired-only']]);
    expect(analysis.neverFiredCloseListeners.map((l) => [l.event, textOf(parsed.text, l.eventNode)])).toEqual([['close', "'close'"]]);
  });

  it('uses hook close events: NestJS handleDisconnect, uWS close', () => {
    const nest = parseTsModel(`import { WebSocketGateway } from '@nestjs/websockets';
@WebSocketGateway()
class G {
  clients = new Map();
  handleConnection(c) { this.clients.set(c.id, c); }
  handleDisconnect(c) { this.clients.delete(c.id); }
}`);
    expect(summary(nest).map((s) => [s.label, s.verdict, s.releases])).toEqual([['this.clients.set(…)', 'released', ['close: this.clients.delete(c.id)']]]);
    const uws = parseTsModel(`import uWS from 'uWebSockets.js';
uWS.App().ws('/*', {
  open: (ws) => { ws.getUserData().t = setInterval(() => ws.send('x'), 10); },
  close: (ws) => { clearInterval(ws.getUserData().t); },
});`);
    expect(summary(uws).map((s) => [s.handle, s.verdict])).toEqual([['member', 'released']]);
  });

  it('does not treat `this` of a plain function (koa-websocket middleware) or an initialising assignment as long-lived/released', () => {
    const koa = parseTsModel(`const websockify = require('koa-websocket');
const app = websockify(new Koa());
app.ws.use(function (ctx, next) { this.websocket.on('message', () => {}); return next(); });`);
    expect(summary(koa)).toEqual([]);
    const hub = parseTsModel(`import { WebSocketServer } from 'ws';
class Hub {
  constructor() {
    this.peers = new Set();
    this.wss = new WebSocketServer({ noServer: true });
    this.wss.on('connection', (ws) => this.peers.add(ws));
  }
  reset() { this.peers = new Set(); }
}`);
    expect(summary(hub).map((s) => [s.label, s.verdict, s.releases])).toEqual([['this.peers.add(…)', 'released-elsewhere', ['other: this.peers = new Set()']]]);
  });
});

describe('server-scoped intervals', () => {
  it('reports an interval of a server the module closes, started in the creating function', () => {
    const parsed = parseTsModel(`import { WebSocketServer } from 'ws';
export function start() {
  const wss = new WebSocketServer({ port: 1 });
  setInterval(() => wss.clients.forEach((c) => c.send('x')), 100);
  setInterval(() => console.log('unrelated'), 100);
  return () => wss.close();
}
const top = new WebSocketServer({ port: 2 });
setInterval(() => top.clients.forEach((c) => c.send('x')), 100);
top.close();`);
    expect(socketResources(parsed.model).resources.map((r) => [textOf(parsed.text, r.server?.node), r.handle.kind, r.verdict])).toEqual([
      ['new WebSocketServer({ port: 1 })', 'discarded', 'unreleased'],
    ]);
  });
});

describe('parity', () => {
  it('finds the same resources with espree + eslint-scope', () => {
    const code = `${header}const clients = new Set();
wss.on('connection', (ws) => {
  clients.add(ws);
  const t = setInterval(() => ws.ping(), 1000);
  ws.on('error', () => clearInterval(t));
});`;
    expect(summary(parseEspreeModel(code))).toEqual(summary(parseTsModel(code)));
    expect(summary(parseTsModel(code)).map((s) => s.verdict)).toEqual(['unreleased', 'error-only']);
  });

  it('costs nothing on files without WebSocket evidence', () => {
    const parsed = parseTsModel(`const t = setInterval(() => {}, 10); bus.on('x', () => {});`);
    expect(parsed.model.hasEvidence).toBe(false);
    expect(socketResources(parsed.model)).toEqual({ resources: [], neverFiredCloseListeners: [] });
  });
});
