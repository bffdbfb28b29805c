/**
 * How each framework's code introduces servers, sockets, connection handlers and their requests,
 * as a table of *shapes*: an event registration on a server, a callback of an upgrade call, a
 * route's handlers, an object of per-socket hooks, a class of hooks, an awaited call… Each entry
 * names the shape and gives the framework's parameters (method names, which parameter is the
 * socket, where the request is). recognise.ts has one recogniser per shape and no library names;
 * the evidence pattern (a file without any of this costs one regular expression test) is derived
 * from these tables and the library tables of frameworks.ts.
 */
import {
  GLOBALS,
  GRAPHQL_WS_CONTEXT_CALLBACKS,
  HONO_EVENT_METHODS,
  LIBRARIES,
  SOCKET_HOOK_METHODS,
  type ExportRole,
  type FrameworkId,
} from './frameworks.js';
import { CLIENT_FACTORIES } from './owners-data.js';

/** Where a handler finds a value: one of its parameters, or a property path below it. */
export interface ParamSlot {
  readonly param: number;
  readonly path?: readonly string[];
}

/** Modules whose presence in a file makes a generic-looking shape (`app.ws(…)`) a WebSocket one. */
export type ModuleTest = RegExp;

export type Shape =
  /** `server.on(event, (socket, req) => …)` on a server of the framework. */
  | {
      readonly kind: 'connection-event';
      readonly framework: FrameworkId;
      readonly events: readonly string[];
      readonly socket: ParamSlot;
      readonly request: ParamSlot;
    }
  /** Node's `httpServer.on('upgrade', (req, socket, head) => …)`: a raw socket no library owns yet. */
  | {
      readonly kind: 'raw-upgrade-event';
      readonly framework: FrameworkId;
      readonly event: string;
      readonly socket: ParamSlot;
      readonly request: ParamSlot;
      /** Paths below the request that are the same socket (`req.socket`). */
      readonly socketAliases: readonly (readonly string[])[];
      /** Frameworks whose presence in the file says its `'upgrade'` listeners are on HTTP servers. */
      readonly serverFrameworks: readonly FrameworkId[];
    }
  /** `server.handleUpgrade(req, socket, head, (ws, req) => …)`. */
  | {
      readonly kind: 'upgrade-callback';
      readonly framework: FrameworkId;
      readonly method: string;
      readonly callbackArgument: number;
      readonly socket: ParamSlot;
      readonly request: ParamSlot;
      /** The request when the callback takes no request parameter. */
      readonly requestArgument: number;
    }
  /** `app.ws(path, (ws, req) => …, …)`: every handler of the route gets the same socket. */
  | {
      readonly kind: 'route-callbacks';
      readonly framework: FrameworkId;
      readonly method: string;
      readonly socket: ParamSlot;
      readonly request: ParamSlot;
      readonly whenModules: ModuleTest;
    }
  /** An object of per-socket hooks whose first parameter is the socket. */
  | {
      readonly kind: 'hook-object';
      readonly framework: FrameworkId;
      /** Where the object is: the argument of a method call, or an option of a global call or of the default export. */
      readonly at:
        | { readonly method: string; readonly argument: number }
        | { readonly globalCall: string; readonly option: string }
        | { readonly defaultExport: true; readonly option: string; readonly requiredOption: string };
      readonly hooks: readonly string[];
      /** A hook that receives the upgrade request (uWS `upgrade(res, req)`). */
      readonly requestHook?: { readonly name: string; readonly param: number };
      /** A sibling option whose function receives every hook's request (Bun's `fetch(req, server)`). */
      readonly requestOption?: { readonly name: string; readonly param: number; readonly minParams: number };
    }
  /** `app.ws.use((ctx) => …)`: a middleware whose context carries the socket. */
  | {
      readonly kind: 'middleware';
      readonly framework: FrameworkId;
      readonly receiverProperty: string;
      readonly method: string;
      readonly socket: ParamSlot;
      readonly request: ParamSlot;
      readonly whenModules: ModuleTest;
    }
  /** `app.get(path, { websocket: true }, (socket, req) => …)`: a route option turns the handler into a socket handler. */
  | {
      readonly kind: 'route-option';
      readonly framework: FrameworkId;
      readonly methods: readonly string[];
      /** `route({ handler })` names its handler in the options. */
      readonly handlerOption: { readonly method: string; readonly option: string };
      readonly flag: string;
      /** An option that is itself the socket handler (`wsHandler`). */
      readonly socketHandlerOption: string;
      readonly socket: ParamSlot;
      /** An older API's path below the socket parameter, used when the parameter is read through it. */
      readonly legacySocketPath: readonly string[];
      readonly request: ParamSlot;
    }
  /** `upgrade((c) => ({ onOpen(event, ws) … }))`: a factory returns the connection's event hooks. */
  | {
      readonly kind: 'events-factory';
      readonly framework: FrameworkId;
      readonly role: ExportRole;
      readonly hooks: readonly string[];
      readonly socket: ParamSlot;
      /** The factory's parameter, or (no factory) the call's argument, is the request. */
      readonly requestParam: number;
      readonly eventsArgument: number;
    }
  /** `const { socket } = upgrade(req)`: a call that returns the socket. */
  | {
      readonly kind: 'upgrade-call';
      readonly framework: FrameworkId;
      readonly role: ExportRole;
      readonly socketProperty: string;
      readonly requestArgument: number;
    }
  /** `useServer({ onConnect(ctx) … }, wss)`: option callbacks whose context carries the socket. */
  | {
      readonly kind: 'context-callbacks';
      readonly framework: FrameworkId;
      readonly role: ExportRole;
      readonly optionsArgument: number;
      readonly serverArgument: number;
      readonly callbacks: readonly string[];
      readonly socket: ParamSlot;
      readonly request: ParamSlot;
    }
  /** A class whose methods are per-socket hooks (first parameter: the socket). */
  | {
      readonly kind: 'class-hooks';
      readonly framework: FrameworkId;
      readonly hooks: readonly string[];
      /** What makes the class one of these. */
      readonly when:
        | {
            readonly decorator: ExportRole;
            readonly decoratorName: string;
            readonly socketParamDecorator: ExportRole;
            readonly socketParamDecoratorName: string;
            /** The decorator (an export of the framework's module) of per-message handler methods. */
            readonly messageHandlerDecorator: string;
          }
        | { readonly superClass: ExportRole; readonly orFileCalls: ReadonlySet<string> };
    }
  /** `const ws = await ctx.ws()`: an awaited call in a middleware returns the socket. */
  | {
      readonly kind: 'awaited-call';
      readonly framework: FrameworkId;
      readonly method: string;
      /** Receiver names that are enough on their own, without one of `whenModules`. */
      readonly receiverNames: RegExp;
      readonly whenModules: ModuleTest;
    };

/** Koa-family modules: `.ws.use(…)` and `await ctx.ws()` only mean WebSockets next to these. */
const KOA_MODULES = /^(?:koa|koa-websocket|koa-easy-ws|koa-route|koa-router|@koa\/router)$/;
const EXPRESS_MODULES = /^(?:express|express-ws|router)$/;

export const SHAPES: readonly Shape[] = [
  // §1: `wss.on('connection', (ws, req) => …)`.
  { kind: 'connection-event', framework: 'ws', events: ['connection'], socket: { param: 0 }, request: { param: 1 } },
  // §3: `io.on('connection', (socket) => …)`; the request is `socket.request` / `socket.handshake`.
  { kind: 'connection-event', framework: 'socket.io', events: ['connection', 'connect'], socket: { param: 0 }, request: { param: 0, path: ['request'] } },
  // §2: `server.on('upgrade', (req, socket, head) => …)`; `req.socket` (and the deprecated `req.connection`) is the same socket.
  {
    kind: 'raw-upgrade-event',
    framework: 'node-upgrade',
    event: 'upgrade',
    socket: { param: 1 },
    request: { param: 0 },
    socketAliases: [['socket'], ['connection']],
    serverFrameworks: ['ws'],
  },
  // §1 (a): `wss.handleUpgrade(req, socket, head, (ws, req) => …)`.
  { kind: 'upgrade-callback', framework: 'ws', method: 'handleUpgrade', callbackArgument: 3, socket: { param: 0 }, request: { param: 1 }, requestArgument: 0 },
  // §4: `app.ws(pattern, { open(ws) …, upgrade(res, req) … })`.
  {
    kind: 'hook-object',
    framework: 'uws',
    at: { method: 'ws', argument: 1 },
    hooks: SOCKET_HOOK_METHODS.uws ?? [],
    requestHook: { name: 'upgrade', param: 1 },
  },
  // §6: express-ws `app.ws(path, (ws, req) => …)`.
  { kind: 'route-callbacks', framework: 'express-ws', method: 'ws', socket: { param: 0 }, request: { param: 1 }, whenModules: EXPRESS_MODULES },
  // §7: koa-websocket `app.ws.use((ctx) => …)`; the socket is `ctx.websocket`.
  {
    kind: 'middleware',
    framework: 'koa-websocket',
    receiverProperty: 'ws',
    method: 'use',
    socket: { param: 0, path: ['websocket'] },
    request: { param: 0 },
    whenModules: KOA_MODULES,
  },
  // §11: `Bun.serve({ fetch(req, server) …, websocket: { open(ws) … } })`.
  {
    kind: 'hook-object',
    framework: 'bun',
    at: { globalCall: 'Bun.serve', option: 'websocket' },
    hooks: SOCKET_HOOK_METHODS.bun ?? [],
    requestOption: { name: 'fetch', param: 0, minParams: 2 },
  },
  // §11: `export default { fetch(req, server) …, websocket: { … } }`.
  {
    kind: 'hook-object',
    framework: 'bun',
    at: { defaultExport: true, option: 'websocket', requiredOption: 'fetch' },
    hooks: SOCKET_HOOK_METHODS.bun ?? [],
    requestOption: { name: 'fetch', param: 0, minParams: 2 },
  },
  // §5: @fastify/websocket routes with `{ websocket: true }` (or a `wsHandler`); before v10 the
  // first parameter was a SocketStream whose `.socket` is the ws socket.
  {
    kind: 'route-option',
    framework: 'fastify-websocket',
    methods: ['get', 'all', 'route'],
    handlerOption: { method: 'route', option: 'handler' },
    flag: 'websocket',
    socketHandlerOption: 'wsHandler',
    socket: { param: 0 },
    legacySocketPath: ['socket'],
    request: { param: 1 },
  },
  // §8: Hono `upgradeWebSocket((c) => ({ onOpen(evt, ws) … }))` or `upgradeWebSocket(c, { … })`.
  { kind: 'events-factory', framework: 'hono', role: 'upgrade-helper', hooks: HONO_EVENT_METHODS, socket: { param: 1 }, requestParam: 0, eventsArgument: 1 },
  // §12: `const { socket, response } = Deno.upgradeWebSocket(req)`.
  { kind: 'upgrade-call', framework: 'deno', role: 'upgrade-helper', socketProperty: 'socket', requestArgument: 0 },
  // §10: graphql-ws `useServer({ onConnect(ctx) … }, wss)`: the socket is `ctx.extra.socket`.
  {
    kind: 'context-callbacks',
    framework: 'graphql-ws',
    role: 'use-server',
    optionsArgument: 0,
    serverArgument: 1,
    callbacks: GRAPHQL_WS_CONTEXT_CALLBACKS,
    socket: { param: 0, path: ['extra', 'socket'] },
    request: { param: 0, path: ['extra', 'request'] },
  },
  // §9: a NestJS `@WebSocketGateway()` class: `handleConnection(client)`…, and `@ConnectedSocket()` parameters.
  {
    kind: 'class-hooks',
    framework: 'nestjs',
    hooks: SOCKET_HOOK_METHODS.nestjs ?? [],
    when: {
      decorator: 'gateway-decorator',
      decoratorName: 'WebSocketGateway',
      socketParamDecorator: 'connected-socket-decorator',
      socketParamDecoratorName: 'ConnectedSocket',
      messageHandlerDecorator: 'SubscribeMessage',
    },
  },
  // §13: a Durable Object with hibernation hooks: it extends `DurableObject`, or (older Durable
  // Objects extend nothing) the file shows Cloudflare's WebSocket API (`acceptWebSocket(ws)`…).
  { kind: 'class-hooks', framework: 'cloudflare', hooks: SOCKET_HOOK_METHODS.cloudflare ?? [], when: { superClass: 'durable-object-class', orFileCalls: new Set(['acceptWebSocket']) } },
  // §7: koa-easy-ws `const ws = await ctx.ws()`.
  { kind: 'awaited-call', framework: 'koa-easy-ws', method: 'ws', receiverNames: /^(?:ctx|context)$/, whenModules: KOA_MODULES },
];

export type ShapeOf<K extends Shape['kind']> = Extract<Shape, { kind: K }>;

export function shapesOfKind<K extends Shape['kind']>(kind: K): readonly ShapeOf<K>[] {
  return SHAPES.filter((shape): shape is ShapeOf<K> => shape.kind === kind);
}

// ------------------------------------------------------------------------------- evidence

/**
 * Text that, absent from a file, proves it uses no WebSocket API we know (the fast path): every
 * global of the library tables and every method, event and option a shape is triggered by, as the
 * file would spell it, and the module specifier of each library some of whose exports would
 * otherwise go unseen (`import io from 'socket.io'`; Hono's are all spelled `…WebSocket`).
 * Case-insensitive; needles that contain a shorter one are dropped (`koa-websocket` is covered
 * by `websocket`).
 */
export const EVIDENCE_PATTERN: RegExp = buildEvidencePattern();

/**
 * Sockets known by use, in files that import no WebSocket library (a handler module that receives
 * the socket from another): parameters with one of these names, used like a socket.
 */
const SOCKET_PARAMETER_NAMES = 'ws|socket|sock|client|conn|connection|peer|websocket|webSocket|wsClient|clientSocket';
export const SOCKET_PARAMETER_NAME = new RegExp(`^(?:${SOCKET_PARAMETER_NAMES})$`);

/**
 * The text test for those files: a listener on, and a send to, something named like a socket. Both
 * must match; a file that fails them (or EVIDENCE_PATTERN) gets no model at all.
 */
const LISTENER_CALL = `\\s*\\.\\s*on\\s*\\(`;
const SEND_CALL = `\\s*\\.\\s*(?:send|emit)\\s*\\(`;
export const SOCKET_USE_EVIDENCE: readonly RegExp[] = [
  new RegExp(`\\b(?:${SOCKET_PARAMETER_NAMES})${LISTENER_CALL}`),
  new RegExp(`\\b(?:${SOCKET_PARAMETER_NAMES})${SEND_CALL}`),
];

/**
 * A send of any receiver: a superset of the second SOCKET_USE_EVIDENCE test, and about half its
 * cost on files without one (the tests above start with an alternation of names, which the regular
 * expression engine tries at every position; this one starts with a dot). Most files fail it, so
 * they never pay for the name tests.
 */
export const SEND_CALL_EVIDENCE = new RegExp(SEND_CALL.slice('\\s*'.length));

/**
 * EVIDENCE_PATTERN or SEND_CALL_EVIDENCE, in one pass over the text. Nearly every file has
 * neither; for them this one scan is the whole evidence test, where the two patterns scanned the
 * text twice (a third less time on the large corpus set). Where it matches, the two are asked
 * apart.
 */
export const EVIDENCE_OR_SEND: RegExp = new RegExp(`${EVIDENCE_PATTERN.source}|${SEND_CALL_EVIDENCE.source}`, 'i');

/**
 * What tells a parameter used as a socket apart from other emitters, by framework: members only
 * its sockets have, and the listener events that, with a send, say the same.
 */
export const SOCKET_USE_SIGNS: readonly { readonly framework: 'ws' | 'socket.io'; readonly sends: readonly string[]; readonly members: readonly string[]; readonly events: readonly string[] }[] = [
  { framework: 'ws', sends: ['send'], members: ['ping', 'terminate', 'readyState', 'bufferedAmount'], events: ['message', 'close'] },
  { framework: 'socket.io', sends: ['emit'], members: ['disconnect', 'join', 'leave', 'handshake', 'rooms', 'broadcast'], events: ['disconnect', 'disconnecting'] },
];

function buildEvidencePattern(): RegExp {
  const quote = `['"\`]`;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const needles = new Map<string, string>();
  const add = (literal: string, pattern = escape(literal)) => needles.set(literal.toLowerCase(), pattern);
  for (const name of Object.keys(GLOBALS)) add(name.split('.').pop()!);
  for (const shape of SHAPES) {
    switch (shape.kind) {
      case 'raw-upgrade-event':
        add(shape.event, `${quote}${escape(shape.event)}${quote}`);
        break;
      case 'route-callbacks':
      case 'awaited-call':
        add(`.${shape.method}(`, `\\.${escape(shape.method)}\\s*\\(`);
        break;
      case 'middleware':
        add(`${shape.receiverProperty}.${shape.method}`, `\\b${escape(shape.receiverProperty)}\\.${escape(shape.method)}\\b`);
        break;
      case 'hook-object':
        if ('method' in shape.at) add(`.${shape.at.method}(`, `\\.${escape(shape.at.method)}\\s*\\(`);
        else add(shape.at.option);
        break;
      case 'route-option':
        add(shape.flag);
        break;
      default:
        // Triggered by a library export or a global: covered below.
        break;
    }
  }
  // A plain needle (not framed by quotes or punctuation) covers any text that contains it.
  const plain = () => [...needles].filter(([literal, pattern]) => pattern === escape(literal)).map(([literal]) => literal);
  const covered = (text: string) => plain().some((needle) => text.toLowerCase().includes(needle));
  for (const library of LIBRARIES) {
    // The module itself (a default import) or an export whose name no needle covers.
    if (!Object.keys(library.exports).some((path) => path === '' || !covered(path))) continue;
    for (const module of library.modules) add(module, `${quote}${escape(module)}${quote}`);
    for (const prefix of library.modulePrefixes ?? []) add(prefix, `${quote}${escape(prefix)}`);
  }
  // Client libraries whose sockets only their components' lifecycles concern (owners.ts).
  for (const factory of CLIENT_FACTORIES) for (const module of factory.modules) add(module, `${quote}${escape(module)}${quote}`);
  const kept = [...needles].filter(([literal]) => !plain().some((other) => other !== literal && literal.includes(other)));
  return new RegExp(kept.map(([, pattern]) => pattern).join('|'), 'i');
}
