/**
 * Framework knowledge, as data. Rules and the analysis read these tables; nothing else in the
 * code base should name a library. Sources are in ../shared/research/frameworks.md (section
 * numbers below) and were checked against the installed packages where noted.
 */

export type FrameworkId =
  | 'ws'
  | 'socket.io'
  | 'express-ws'
  | 'fastify-websocket'
  | 'koa-websocket'
  | 'koa-easy-ws'
  | 'hono'
  | 'bun'
  | 'deno'
  | 'uws'
  | 'nestjs'
  | 'graphql-ws'
  | 'cloudflare'
  | 'browser'
  | 'sockjs'
  | 'reconnecting-websocket'
  | 'node-upgrade';

/**
 * What happens when the socket emits `'error'` and user code listens for none.
 * - `crashes`: a Node EventEmitter with no listener; the error is thrown and the process exits.
 * - `library-listens`: the framework attaches its own listener (so no crash).
 * - `cannot-crash`: an EventTarget/callback-style socket; errors are events, never throws.
 * - `unknown`: depends on configuration we cannot see (e.g. NestJS's platform adapter).
 */
export type ErrorBehaviour = 'crashes' | 'library-listens' | 'cannot-crash' | 'unknown';

/**
 * The per-connection events of a socket, by meaning. Each entry names listener events
 * (`ws.on('close')`, `onclose`, `addEventListener('close')`) and hook names (uWS/Bun `close`,
 * Hono `onClose`, `webSocketClose`, NestJS `handleDisconnect`) alike.
 */
export interface SocketEvents {
  readonly message: readonly string[];
  readonly close: readonly string[];
  readonly error: readonly string[];
}

export type SocketEventKind = keyof SocketEvents;

/**
 * socket.io: every event a client emits is a message, except these reserved names (§3), and
 * 'close', which code registers by mistake for 'disconnect' (it never fires on a socket.io socket).
 */
export const SOCKET_IO_RESERVED_EVENTS: ReadonlySet<string> = new Set([
  'close',
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'error',
  'newListener',
  'removeListener',
]);

export interface FrameworkTraits {
  readonly displayName: string;
  /** How a socket of this framework behaves on an unhandled `'error'`. */
  readonly socketErrors: ErrorBehaviour;
  /**
   * How its server object behaves on an unhandled `'error'` (ws re-emits the errors of the HTTP
   * server it listens on); absent when the model records no such server or it cannot crash.
   */
  readonly serverErrors?: ErrorBehaviour;
  /** The server's set of open sockets, when it keeps one (ws `wss.clients`, unless clientTracking is off). */
  readonly trackedClients?: string;
  /**
   * How its server constructor is called: which argument holds the options, and how the server
   * gets its connections: from `port`/`server`/`noServer` options, or from the first argument (an
   * HTTP server, a port, or nothing and `attach()` later).
   */
  readonly serverConstructor?: { readonly optionsArgument: 'first' | 'last'; readonly attachment: 'options' | 'first-argument' };
  /** Names that, in a file importing the library, denote its server even when created elsewhere. */
  readonly serverNames?: RegExp;
  /** Its events; `close` lists what means "this connection is over" (§15's close hook column). */
  readonly events: SocketEvents;
  /** Listener style of its sockets: Node emitter (`on`), DOM (`addEventListener`/`onX`), or hooks. */
  readonly listenerStyle: 'emitter' | 'event-target' | 'hooks';
  /**
   * A client that reconnects by itself, with a growing delay, after every close and error; this
   * method closes the current connection and connects again at once, resetting that delay
   * (reconnecting-websocket's `reconnect()`: `_retryCount = -1`, then `_connect()`).
   */
  readonly reconnectMethod?: string;
}

const WS_EVENTS: SocketEvents = { message: ['message'], close: ['close'], error: ['error'] };

export const FRAMEWORKS: Readonly<Record<FrameworkId, FrameworkTraits>> = {
  // §1, §0.2: ws emits 'error' from its receiver/sender; verified to crash on Node 20 / ws 8.23.
  ws: {
    displayName: 'ws',
    socketErrors: 'crashes',
    serverErrors: 'crashes',
    trackedClients: 'clients',
    serverConstructor: { optionsArgument: 'first', attachment: 'options' },
    serverNames: /^(?:wss|wsServer|webSocketServer|websocketServer|socketServer)$/,
    events: WS_EVENTS,
    listenerStyle: 'emitter',
  },
  // §3: lib/socket.ts installs `this.on("error", noop)`; `close` never fires, `disconnect` does.
  // Messages are any non-reserved event ('*').
  'socket.io': {
    displayName: 'socket.io',
    socketErrors: 'library-listens',
    // §3: `new Server(httpServer, opts?)`, `new Server(port, opts?)`, `new Server(opts?)`.
    serverConstructor: { optionsArgument: 'last', attachment: 'first-argument' },
    serverNames: /^(?:io|ioServer|socketServer|socketIoServer|socketIOServer)$/,
    events: { message: ['*'], close: ['disconnect', 'disconnecting'], error: ['error'] },
    listenerStyle: 'emitter',
  },
  // §6: express-ws's index.js installs no 'error' listener on the socket.
  'express-ws': { displayName: 'express-ws', socketErrors: 'crashes', events: WS_EVENTS, listenerStyle: 'emitter' },
  // §5: the plugin always attaches an 'error' listener (errorHandler / fastify.log.error).
  'fastify-websocket': {
    displayName: '@fastify/websocket',
    socketErrors: 'library-listens',
    events: WS_EVENTS,
    listenerStyle: 'emitter',
  },
  // §7: koa-websocket attaches `socket.on('error', debug)`.
  'koa-websocket': { displayName: 'koa-websocket', socketErrors: 'library-listens', events: WS_EVENTS, listenerStyle: 'emitter' },
  // §7: koa-easy-ws hands over a plain ws socket with no listener.
  'koa-easy-ws': { displayName: 'koa-easy-ws', socketErrors: 'crashes', events: WS_EVENTS, listenerStyle: 'emitter' },
  // §8: WSContext; the Node adapters attach ws.on('error') themselves, Bun/Deno/Workers cannot crash.
  hono: {
    displayName: 'Hono',
    socketErrors: 'cannot-crash',
    events: { message: ['onMessage'], close: ['onClose'], error: ['onError'] },
    listenerStyle: 'hooks',
  },
  // §11: ServerWebSocket, errors go to the `error` handler.
  bun: { displayName: 'Bun', socketErrors: 'cannot-crash', events: WS_EVENTS, listenerStyle: 'hooks' },
  // §12: a standard WebSocket (EventTarget).
  deno: { displayName: 'Deno', socketErrors: 'cannot-crash', events: WS_EVENTS, listenerStyle: 'event-target' },
  // §4: "WebSocket is valid from open to close, no errors".
  uws: {
    displayName: 'uWebSockets.js',
    socketErrors: 'cannot-crash',
    events: { message: ['message'], close: ['close'], error: [] },
    listenerStyle: 'hooks',
  },
  // §9: per-client errors depend on the platform adapter configured elsewhere.
  nestjs: {
    displayName: 'NestJS',
    socketErrors: 'unknown',
    events: { message: [], close: ['handleDisconnect'], error: [] },
    listenerStyle: 'hooks',
  },
  // §10: the ws binding attaches socket.once('error') and closes with 1011.
  'graphql-ws': {
    displayName: 'graphql-ws',
    socketErrors: 'library-listens',
    events: { message: [], close: ['onDisconnect', 'onClose'], error: [] },
    listenerStyle: 'hooks',
  },
  // §13: EventTarget sockets, or webSocketMessage/webSocketClose/webSocketError methods.
  cloudflare: {
    displayName: 'Cloudflare Workers',
    socketErrors: 'cannot-crash',
    events: {
      message: ['message', 'webSocketMessage'],
      close: ['close', 'webSocketClose'],
      error: ['error', 'webSocketError'],
    },
    listenerStyle: 'event-target',
  },
  // §14: errors are events; `error` is always followed by `close`.
  browser: { displayName: 'WebSocket', socketErrors: 'cannot-crash', events: WS_EVENTS, listenerStyle: 'event-target' },
  // sockjs-client's SockJS is a WebSocket look-alike: `onopen`/`onmessage`/`onclose` and
  // `addEventListener`, `send`, `close` (lib/main.js); it exposes no `bufferedAmount`, so it has
  // no send traits (flow-data.ts).
  sockjs: { displayName: 'SockJS', socketErrors: 'cannot-crash', events: WS_EVENTS, listenerStyle: 'event-target' },
  // reconnecting-websocket: a WebSocket look-alike that reconnects by itself (see reconnectMethod).
  'reconnecting-websocket': { displayName: 'reconnecting-websocket', socketErrors: 'cannot-crash', events: WS_EVENTS, listenerStyle: 'event-target', reconnectMethod: 'reconnect' },
  // §2, §0.2: the upgrade socket has zero 'error' listeners until a library takes it over.
  'node-upgrade': {
    displayName: "Node 'upgrade'",
    socketErrors: 'crashes',
    events: { message: ['data'], close: ['close'], error: ['error'] },
    listenerStyle: 'emitter',
  },
};

/** What an imported (or global) name is, for the analysis. */
export type ExportRole =
  | 'server-class' // `new X(opts)` creates a WebSocket server
  | 'server-factory' // `X(...)` (with or without new) creates one (socket.io's default export)
  | 'client-class' // `new X(url)` creates a client socket
  | 'socket-type' // a type naming a socket (for parameter annotations)
  | 'server-type' // a type naming a server
  | 'upgrade-helper' // Hono's upgradeWebSocket / Deno.upgradeWebSocket
  | 'node-ws-factory' // @hono/node-ws createNodeWebSocket(): returns { upgradeWebSocket, ... }
  | 'use-server' // graphql-ws useServer(options, wss)
  | 'gateway-decorator' // NestJS @WebSocketGateway
  | 'connected-socket-decorator' // NestJS @ConnectedSocket()
  | 'pair-class' // Cloudflare WebSocketPair
  | 'durable-object-class' // Cloudflare DurableObject base class
  | 'app-factory' // uWS.App / uWS.SSLApp
  | 'plugin'; // a plugin / initialiser whose presence is evidence only (express-ws, @fastify/websocket, koa-*)

export interface LibraryEntry {
  readonly framework: FrameworkId;
  /** Module specifiers, exact. */
  readonly modules: readonly string[];
  /** Module specifier prefixes (subpath imports such as `hono/bun`). */
  readonly modulePrefixes?: readonly string[];
  /**
   * File names the library is commonly vendored under, imported by a relative path (uWebSockets.js
   * is installed from GitHub, and applications copy its loader in as `./uws.js`).
   */
  readonly vendoredFiles?: readonly string[];
  /**
   * Export paths (dotted, relative to the module object; '' is the module itself, which is also
   * what a default import of a CommonJS package denotes) and their roles.
   */
  readonly exports: Readonly<Record<string, ExportRole>>;
}

export const LIBRARIES: readonly LibraryEntry[] = [
  {
    // ws's module.exports is the WebSocket class with the others as statics (lib/../index.js).
    framework: 'ws',
    modules: ['ws', 'isomorphic-ws'],
    exports: {
      '': 'client-class',
      WebSocket: 'client-class',
      WebSocketServer: 'server-class',
      Server: 'server-class',
      'WebSocket.Server': 'server-class',
      'WebSocket.WebSocketServer': 'server-class',
    },
  },
  {
    // socket.io's CJS export is a function that builds a Server; `Server` is the class.
    framework: 'socket.io',
    modules: ['socket.io'],
    exports: { '': 'server-factory', Server: 'server-class', Socket: 'socket-type', Namespace: 'server-type' },
  },
  { framework: 'express-ws', modules: ['express-ws'], exports: { '': 'plugin' } },
  { framework: 'fastify-websocket', modules: ['@fastify/websocket', 'fastify-websocket'], exports: { '': 'plugin' } },
  { framework: 'koa-websocket', modules: ['koa-websocket'], exports: { '': 'plugin' } },
  { framework: 'koa-easy-ws', modules: ['koa-easy-ws'], exports: { '': 'plugin' } },
  {
    framework: 'hono',
    modules: ['@hono/node-ws', '@hono/node-server'],
    modulePrefixes: ['hono/', '@hono/node-server/'],
    exports: {
      upgradeWebSocket: 'upgrade-helper',
      createNodeWebSocket: 'node-ws-factory',
      createBunWebSocket: 'node-ws-factory',
      // `const { upgradeWebSocket } = createNodeWebSocket({ app })` (§8, @hono/node-ws).
      'createNodeWebSocket.().upgradeWebSocket': 'upgrade-helper',
      'createBunWebSocket.().upgradeWebSocket': 'upgrade-helper',
    },
  },
  { framework: 'uws', modules: ['uWebSockets.js'], vendoredFiles: ['uws', 'uWebSockets'], exports: { App: 'app-factory', SSLApp: 'app-factory' } },
  {
    framework: 'nestjs',
    modules: ['@nestjs/websockets'],
    exports: { WebSocketGateway: 'gateway-decorator', ConnectedSocket: 'connected-socket-decorator' },
  },
  {
    framework: 'graphql-ws',
    modules: ['graphql-ws'],
    modulePrefixes: ['graphql-ws/'],
    exports: { useServer: 'use-server' },
  },
  { framework: 'cloudflare', modules: ['cloudflare:workers'], exports: { DurableObject: 'durable-object-class' } },
  // `new SockJS(url)`: a client socket (sockjs-client's module.exports is the class).
  { framework: 'sockjs', modules: ['sockjs-client'], exports: { '': 'client-class' } },
  // `new ReconnectingWebSocket(url)` (its default export).
  { framework: 'reconnecting-websocket', modules: ['reconnecting-websocket'], exports: { '': 'client-class' } },
];

/** Globals that are WebSocket APIs when not shadowed by a local or imported binding. */
export const GLOBALS: Readonly<Record<string, { framework: FrameworkId; role: ExportRole }>> = {
  WebSocket: { framework: 'browser', role: 'client-class' },
  WebSocketStream: { framework: 'browser', role: 'client-class' },
  // The same constructor reached through the global object.
  'window.WebSocket': { framework: 'browser', role: 'client-class' },
  'globalThis.WebSocket': { framework: 'browser', role: 'client-class' },
  'self.WebSocket': { framework: 'browser', role: 'client-class' },
  // sockjs-client loaded by a script tag.
  SockJS: { framework: 'sockjs', role: 'client-class' },
  WebSocketPair: { framework: 'cloudflare', role: 'pair-class' },
  'Deno.upgradeWebSocket': { framework: 'deno', role: 'upgrade-helper' },
};

/** Node modules whose presence says "this file runs an HTTP server" (for raw `'upgrade'` handlers). */
export const HTTP_SERVER_MODULES: readonly string[] = [
  'http',
  'https',
  'http2',
  'node:http',
  'node:https',
  'node:http2',
  'express',
  'koa',
  'fastify',
  'next',
];

/**
 * Exports of Node's HTTP modules that create a *client* request. Its `'upgrade'` event is the
 * client side of a handshake (`(res, socket, head)`), not a server's raw upgrade (§2).
 */
export const HTTP_CLIENT_REQUEST_EXPORTS: ReadonlySet<string> = new Set(['request', 'get']);

/**
 * Cloudflare (§13): the end of a `WebSocketPair` the Worker itself serves is the one it calls
 * `accept()` on, or hands to the hibernation API's `acceptWebSocket(ws)`; the other end goes to the
 * client in `new Response(null, { status: 101, webSocket: client })`.
 */
export const PAIR_ACCEPT_METHODS: ReadonlySet<string> = new Set(['accept']);
export const PAIR_ACCEPTING_CALLS: ReadonlySet<string> = new Set(['acceptWebSocket']);
/** The `Response` init property that carries the client end of a pair. */
export const PAIR_CLIENT_PROPERTY = 'webSocket';

/** Event-listener registration methods of Node emitters. */
export const EMITTER_LISTEN_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
]);

/**
 * Expressions that denote a framework's server without creating one: a socket.io namespace
 * (`io.of('/chat')`, `io.sockets`) of a server, or the ws server an app plugin made
 * (`expressWs(app).getWss()`) in a file that uses the plugin or ws.
 */
export const DERIVED_SERVERS: readonly {
  readonly framework: FrameworkId;
  readonly access: { readonly method: string } | { readonly property: string };
  /** Derived from a server of the framework, or from anything in a file that uses one of these. */
  readonly from: 'server' | { readonly frameworksInFile: readonly FrameworkId[] };
}[] = [
  { framework: 'socket.io', access: { method: 'of' }, from: 'server' },
  { framework: 'socket.io', access: { property: 'sockets' }, from: 'server' },
  { framework: 'ws', access: { method: 'getWss' }, from: { frameworksInFile: ['express-ws', 'ws'] } },
];

/** uWS behaviour / Bun `websocket` handler names whose first parameter is the socket. */
export const SOCKET_HOOK_METHODS: Readonly<Partial<Record<FrameworkId, readonly string[]>>> = {
  uws: ['open', 'message', 'close', 'drain', 'dropped', 'ping', 'pong', 'subscription'],
  bun: ['open', 'message', 'close', 'drain', 'error', 'ping', 'pong'],
  // Cloudflare Durable Object hibernation API (class methods).
  cloudflare: ['webSocketMessage', 'webSocketClose', 'webSocketError'],
  // NestJS lifecycle hooks on a gateway class.
  nestjs: ['handleConnection', 'handleDisconnect'],
};

/** Hono's per-connection event callbacks: `(event, ws)`, the socket is the second parameter. */
export const HONO_EVENT_METHODS: readonly string[] = ['onOpen', 'onMessage', 'onClose', 'onError'];

/** graphql-ws server option callbacks: the first parameter is the context with `extra.socket`. */
export const GRAPHQL_WS_CONTEXT_CALLBACKS: readonly string[] = [
  'onConnect',
  'onDisconnect',
  'onClose',
  'onSubscribe',
  'onOperation',
  'onNext',
  'onError',
  'onComplete',
  'context',
];

/**
 * Calls that take a socket as an argument without attaching listeners to it. A socket passed to
 * anything else is "handed off": the callee may well attach the listener we are looking for.
 * Method names here are matched on any receiver (registries are Sets, Maps and arrays).
 */
export const INERT_SOCKET_SINK_METHODS: ReadonlySet<string> = new Set([
  'add',
  'delete',
  'has',
  'set',
  'get',
  'push',
  'unshift',
  'indexOf',
  'includes',
  'splice',
  'log',
  'info',
  'warn',
  'debug',
  'trace',
  'error',
]);

/**
 * Library functions that take over a ws server passed in an option: they attach their own
 * listeners ('error' included) to the server and to every socket it accepts.
 */
export const SERVER_TAKEOVER_CALLS: readonly {
  readonly module: string;
  readonly path: string;
  readonly option: string;
  /** The option whose `{ enabled: true }` makes the library ping and cut silent sockets. */
  readonly keepAliveOption?: string;
}[] = [{ module: '@trpc/server/adapters/ws', path: 'applyWSSHandler', option: 'wss', keepAliveOption: 'keepAlive' }];

/** Free functions that take a socket without attaching listeners. */
export const INERT_SOCKET_SINK_FUNCTIONS: ReadonlySet<string> = new Set(['String', 'Boolean', 'JSON.stringify', 'console.log']);

/**
 * Free functions that listen on an emitter passed as their first argument. Node's `events.once`
 * rejects, and `events.on` throws into its loop, when the emitter emits 'error' while they wait:
 * for that time they are 'error' listeners too. Waiting for 'close' lasts the socket's whole life.
 */
export interface EventHelper {
  readonly modules: readonly string[];
  /** Export path of the helper (as in LIBRARIES' `exports`). */
  readonly path: string;
  /** The waited-for events during which the helper also handles 'error' for the socket's life. */
  readonly handlesErrorsWhileWaitingFor: 'any-event' | readonly string[];
}

export const EVENT_HELPERS: readonly EventHelper[] = [
  { modules: ['events', 'node:events'], path: 'once', handlesErrorsWhileWaitingFor: ['close'] },
  { modules: ['events', 'node:events'], path: 'EventEmitter.once', handlesErrorsWhileWaitingFor: ['close'] },
  // An async iterator over the socket's events: errors end the `for await` loop with a throw.
  { modules: ['events', 'node:events'], path: 'on', handlesErrorsWhileWaitingFor: 'any-event' },
  { modules: ['events', 'node:events'], path: 'EventEmitter.on', handlesErrorsWhileWaitingFor: 'any-event' },
  { modules: ['rxjs'], path: 'fromEvent', handlesErrorsWhileWaitingFor: [] },
];
