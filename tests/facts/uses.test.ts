// usesOf: where a socket's listeners are, through every way code commonly registers them
// (§16.2: aliases, same-module helpers, node:events `once`, EventTarget style), and where the
// socket leaves our sight (handed off) versus goes into an inert registry (stored).
import { describe, expect, it } from 'vitest';

import { listenerEvents, onlySocket, parseTsModel, usesSummary, type Parsed } from './helpers.js';

const WS_SERVER = `import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\n`;

/** A ws server file whose connection handler body (and extra module code) is given. */
function connection(body: string, extra = ''): Parsed {
  return parseTsModel(`${WS_SERVER}${extra}\nwss.on('connection', (ws, req) => {\n${body}\n});`);
}

function kinds(parsed: Parsed): string[] {
  return usesSummary(parsed, onlySocket(parsed.model)).map((use) => `${use.kind}:${use.detail ?? use.text}`);
}

describe('usesOf: listeners', () => {
  it("ws.on('error', …)", () => {
    const parsed = connection(`ws.on('error', (err) => console.error(err));`);
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['error']);
  });

  it("every emitter registration method: once, addListener, prependListener, prependOnceListener", () => {
    const parsed = connection(
      `ws.once('close', a); ws.addListener('message', b); ws.prependListener('ping', c); ws.prependOnceListener('pong', d);`,
    );
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['close', 'message', 'ping', 'pong']);
  });

  it("chained: ws.on('message', f).on('error', g).once('close', h)", () => {
    const parsed = connection(`ws.on('message', onMessage).on('error', onError).once('close', onClose);`);
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['message', 'error', 'close']);
  });

  it('ws.onerror = … (the WHATWG-style property)', () => {
    const parsed = connection(`ws.onerror = (event) => {}; ws.onclose = null;`);
    const uses = usesSummary(parsed, onlySocket(parsed.model));
    expect(uses.filter((u) => u.kind === 'listener').map((u) => u.detail)).toEqual(['error', 'close']);
    expect(uses.filter((u) => u.kind === 'property').map((u) => u.detail)).toEqual(['onerror', 'onclose']);
  });

  it("addEventListener('error', …, { once: true })", () => {
    const parsed = connection(`ws.addEventListener('error', () => {}, { once: true });`);
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['error']);
  });

  it("once(ws, 'error') from node:events, and events.once / RxJS fromEvent", () => {
    const parsed = parseTsModel(
      `import { once } from 'node:events';
       import * as events from 'node:events';
       import { fromEvent } from 'rxjs';
       ${WS_SERVER}
       wss.on('connection', async (ws) => {
         const closed = once(ws, 'close');
         events.once(ws, 'error').catch(() => {});
         fromEvent(ws, 'message').subscribe();
         await closed;
       });`,
    );
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['close', 'error', 'error', 'message']);
  });

  it("events.once(ws, 'close') and events.on() handle 'error' while they wait; once(ws, 'open') does not for long", () => {
    const asyncConnection = (imports: string, body: string) =>
      parseTsModel(`${imports}\n${WS_SERVER}\nwss.on('connection', async (ws) => {\n${body}\n});`);
    const closeOnly = asyncConnection(`import { once } from 'node:events';`, `await once(ws, 'close').catch(() => {});`);
    expect(listenerEvents(closeOnly, onlySocket(closeOnly.model))).toEqual(['close', 'error']);
    const iterator = asyncConnection(`import { on } from 'events';`, `for await (const [m] of on(ws, 'message')) handle(m);`);
    expect(listenerEvents(iterator, onlySocket(iterator.model))).toEqual(['message', 'error']);
    // After 'open' resolves nothing listens any more: not an 'error' listener for the socket's life.
    const openOnly = asyncConnection(`import { once } from 'node:events';`, `await once(ws, 'open');`);
    expect(listenerEvents(openOnly, onlySocket(openOnly.model))).toEqual(['open']);
    // A function merely named once, from another library, is not node:events' once.
    const other = asyncConnection(`import { once } from 'lodash';`, `once(ws, 'close');`);
    expect(listenerEvents(other, onlySocket(other.model))).toEqual([]);
  });

  it('a computed event name is a listener for an unknown event', () => {
    const parsed = connection(`for (const event of ['close', 'error']) ws.on(event, cleanup);`);
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['*']);
  });

  it('optional chaining and TS wrappers do not hide a listener', () => {
    const parsed = connection(`(ws as any)?.on('close', () => {}); ws!.on('error', () => {});`);
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['close', 'error']);
  });

  it('a listener on another object is not the socket’s', () => {
    const parsed = connection(`req.on('close', () => {}); req.socket.on('error', () => {}); wss.on('error', () => {});`);
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual([]);
  });
});

describe('usesOf: aliases and same-module helpers', () => {
  it('const s = ws; s.on(…), and a later assignment alias', () => {
    const parsed = connection(`const s = ws; s.on('error', a); let t; t = s; t.once('close', b);`);
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['error', 'close']);
  });

  it('setup(ws): a function declaration whose parameter gets the listener', () => {
    const parsed = connection(`setup(ws, req);`, `function setup(socket, request) { socket.on('error', log); }`);
    expect(usesSummary(parsed, onlySocket(parsed.model))).toEqual([
      { kind: 'listener', detail: 'error', text: "socket.on('error', log)" },
    ]);
  });

  it('a const arrow helper and a helper of a helper', () => {
    const parsed = connection(
      `wire(ws);`,
      `const guard = (sock) => { sock.on('error', () => {}); };
       const wire = (socket) => { socket.on('close', () => {}); guard(socket); };`,
    );
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['error', 'close']);
  });

  it('this.ws = ws in a class, then this.ws.on(…) in another method', () => {
    const parsed = parseTsModel(
      `${WS_SERVER}
       class Session {
         start() { wss.on('connection', (ws) => { this.ws = ws; this.attach(); }); }
         attach() { this.ws.on('error', () => {}); }
       }`,
    );
    expect(usesSummary(parsed, onlySocket(parsed.model))).toEqual([
      { kind: 'listener', detail: 'error', text: "this.ws.on('error', () => {})" },
    ]);
  });

  it('this.register(ws): a method of the same class', () => {
    const parsed = parseTsModel(
      `${WS_SERVER}
       class Hub {
         listen() { wss.on('connection', (ws) => this.register(ws)); }
         register(client) { client.on('close', () => {}); }
       }`,
    );
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['close']);
  });

  it('new Connection(ws) of a class in the same module follows into the constructor', () => {
    const parsed = connection(
      `new Connection(ws); new Peer(ws);`,
      `class Connection { constructor(socket) { this.socket = socket; this.socket.on('error', () => {}); } }
       class Peer {
         constructor(private readonly ws: import('ws').WebSocket) { ws.on('close', () => {}); }
         listen() { this.ws.on('message', () => {}); }
       }`,
    );
    const uses = usesSummary(parsed, onlySocket(parsed.model));
    expect(uses.filter((u) => u.kind === 'listener').map((u) => u.detail)).toEqual(['error', 'close', 'message']);
    expect(uses.filter((u) => u.kind === 'handed-off')).toEqual([]);
  });

  it('a function that ignores the argument adds nothing and hands nothing off', () => {
    const parsed = connection(`tick(ws);`, `function tick() { counter++; }`);
    expect(usesSummary(parsed, onlySocket(parsed.model))).toEqual([]);
  });
});

describe('usesOf: hand-offs versus inert sinks', () => {
  it('new Client(ws) and handle(ws) imported from another module are hand-offs', () => {
    const parsed = parseTsModel(
      `import { Client } from './client.js';
       import { handle } from './handler.js';
       ${WS_SERVER}
       wss.on('connection', (ws) => { new Client(ws); handle(ws); });`,
    );
    expect(kinds(parsed)).toEqual(['handed-off:new Client(ws)', 'handed-off:handle(ws)']);
  });

  it('a class from this module that extends an unknown base without a constructor is a hand-off', () => {
    const parsed = connection(`new Tracked(ws);`, `import { Base } from './base.js'; class Tracked extends Base {}`);
    expect(kinds(parsed)).toEqual(['handed-off:new Tracked(ws)']);
  });

  it('returned, put in an object, or passed to a destructuring helper: handed off', () => {
    const parsed = connection(`emitter.emit('join', { ws }); return ws;`);
    expect(usesSummary(parsed, onlySocket(parsed.model)).map((u) => u.kind)).toEqual(['handed-off', 'handed-off']);
  });

  it('clients.add(ws), a Map#set, an array push and a log call are stored, not handed off', () => {
    const parsed = connection(
      `clients.add(ws); byId.set(req.url, ws); queue.push(ws); console.log('joined', ws); logger.debug(ws); JSON.stringify(ws); String(ws);`,
    );
    expect(usesSummary(parsed, onlySocket(parsed.model)).map((u) => u.kind)).toEqual([
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
    ]);
  });

  it('a local function named like an inert global is followed, not trusted', () => {
    const parsed = connection(`String(ws);`, `function String(x) { x.on('error', () => {}); }`);
    expect(kinds(parsed)).toEqual(['listener:error']);
  });

  it('method calls and property reads are recorded by name', () => {
    const parsed = connection(`ws.send('hi'); if (ws.readyState === 1) ws.ping(); ws.isAlive = true;`);
    expect(usesSummary(parsed, onlySocket(parsed.model))).toEqual([
      { kind: 'method-call', detail: 'send', text: "ws.send('hi')" },
      { kind: 'property', detail: 'readyState', text: 'ws.readyState' },
      { kind: 'method-call', detail: 'ping', text: 'ws.ping()' },
      { kind: 'property', detail: 'isAlive', text: 'ws.isAlive' },
    ]);
  });
});

describe('usesOf: sockets reached through a path or created by an expression', () => {
  it("koa-websocket: ctx.websocket.on('error') is the socket's, ctx.on(…) is not", () => {
    const parsed = parseTsModel(
      `import Koa from 'koa';
       import websockify from 'koa-websocket';
       const app = websockify(new Koa());
       app.ws.use((ctx) => { ctx.websocket.on('error', () => {}); ctx.req.on('close', () => {}); });`,
    );
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['error']);
  });

  it("graphql-ws: ctx.extra.socket.on('close') in any callback", () => {
    const parsed = parseTsModel(
      `import { useServer } from 'graphql-ws/use/ws';
       useServer({ onConnect(ctx) { ctx.extra.socket.on('close', () => {}); }, onDisconnect(ctx) {} }, wss);`,
    );
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['close']);
  });

  it('a ws client: listeners on the variable it is assigned to, and on this.<field>', () => {
    const parsed = parseTsModel(
      `import WebSocket from 'ws';
       export class Feed {
         private ws?: WebSocket;
         connect(url: string) { this.ws = new WebSocket(url); this.ws.on('open', () => {}); }
         stop() { this.ws?.once('close', () => {}); this.ws?.terminate(); }
       }`,
    );
    const uses = usesSummary(parsed, onlySocket(parsed.model));
    expect(uses.filter((u) => u.kind === 'listener').map((u) => u.detail)).toEqual(['open', 'close']);
    expect(uses.filter((u) => u.kind === 'method-call').map((u) => u.detail)).toEqual(['terminate']);
  });

  it('usesOfServer: the server’s own listeners', () => {
    const parsed = connection(`ws.on('error', () => {});`, `wss.on('error', (err) => {}); wss.on('close', () => {});`);
    const server = parsed.model.servers[0]!;
    expect(
      parsed.model
        .usesOfServer(server)
        .filter((u) => u.kind === 'listener')
        .map((u) => (u.kind === 'listener' ? u.event : '')),
    ).toEqual(['error', 'close', 'connection']);
  });
});

describe('asyncBoundaryBeforeHandOver: the raw upgrade socket before ws takes it', () => {
  const upgrade = (body: string): Parsed =>
    parseTsModel(
      `import http from 'node:http';
       ${WS_SERVER.replace('{ port: 8080 }', '{ noServer: true }')}
       const server = http.createServer();
       server.on('upgrade', async (req, socket, head) => {\n${body}\n});`,
    );
  const rawSocket = (parsed: Parsed) => parsed.model.sockets.find((s) => s.role === 'raw-upgrade')!;
  const boundary = (parsed: Parsed) => {
    const node = parsed.model.asyncBoundaryBeforeHandOver(rawSocket(parsed));
    return node ? parsed.text.slice(...node.range) : undefined;
  };

  it('handed to handleUpgrade synchronously: no boundary', () => {
    expect(boundary(upgrade(`wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));`))).toBeUndefined();
  });

  it('an await before handleUpgrade is the boundary', () => {
    expect(boundary(upgrade(`const user = await authenticate(req);\nwss.handleUpgrade(req, socket, head, (ws) => {});`))).toBe(
      'await authenticate(req)',
    );
  });

  it('a callback that hands the socket over later is the boundary', () => {
    const parsed = upgrade(`authenticate(req, (err, user) => { wss.handleUpgrade(req, socket, head, (ws) => {}); });`);
    expect(boundary(parsed)).toBe('(err, user) => { wss.handleUpgrade(req, socket, head, (ws) => {}); }');
  });
});

describe('usesOf: this of an object literal', () => {
  it("an options-API component's this.ws, in its hooks and in its methods: {…}", () => {
    const parsed = parseTsModel(`
export default {
  mounted() { this.ws = new WebSocket('wss://example.test'); this.ws.onclose = () => this.reopen(); },
  methods: {
    send(text) { this.ws.send(text); },
    nested() { return function () { this.ws.close(); }; },
  },
};
`);
    expect(listenerEvents(parsed, onlySocket(parsed.model))).toEqual(['close']);
    // The plain function's `this` is its caller's: not the component.
    expect(usesSummary(parsed, onlySocket(parsed.model)).filter((use) => use.kind === 'method-call').map((use) => use.detail)).toEqual(['send']);
  });
});
