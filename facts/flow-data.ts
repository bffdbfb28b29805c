/**
 * Flow knowledge, as data: what bounds the work a message handler starts, what blocks the event
 * loop, and what keeps a sender from queueing without limit. Read by message-work.ts (the
 * `no-unbounded-message-handler` rule) and sends.ts (`require-backpressure-check`).
 * Sources: ../shared/research/frameworks.md §1 (c, d), §3 (c, d), §4 (c, d), §9 (c), §11 (c),
 * §12, §14 (c), §16.1 R3, and the packages' own docs named below.
 */
import type { FrameworkId } from './frameworks.js';

/**
 * Modules whose values bound how much work runs at once (concurrency limiters and queues). A
 * handler that routes its work through a value created from one of them is bounded.
 */
export const LIMITER_MODULES: readonly string[] = [
  'p-queue', // new PQueue({ concurrency }) → queue.add(fn)
  'p-limit', // const limit = pLimit(n) → limit(fn)
  'p-map', // pMap(items, fn, { concurrency })
  'p-throttle',
  'async', // async.queue(worker, n), cargo, eachLimit, mapLimit…
  'neo-async',
  'fastq', // fastq(worker, n) / fastq.promise(worker, n)
  'bottleneck', // new Bottleneck({ maxConcurrent }) → limiter.schedule(fn)
  'async-mutex', // Mutex / Semaphore → runExclusive(fn)
  'async-sema',
  '@supercharge/promise-pool',
  'promise-queue',
  'queue', // jessetane/queue: new Queue({ concurrency })
];

/** Module prefixes of limiter subpath imports (`async/queue`, `async/eachLimit`). */
export const LIMITER_MODULE_PREFIXES: readonly string[] = ['async/', 'neo-async/'];

/**
 * Members whose comparison against a number is a bound check on a queue or counter
 * (`if (queue.size > 100) ws.pause()`, `if (jobs.length >= MAX) return`).
 */
export const SIZE_MEMBERS: ReadonlySet<string> = new Set(['length', 'size', 'pending', 'running', 'concurrency', 'idle']);

/** Blocking calls: they hold the event loop, so nothing is read from any socket meanwhile. */
export interface BlockingCallEntry {
  readonly modules: readonly string[];
  /** Exported function names, or `'*Sync'` for every export whose name ends in `Sync`. */
  readonly names: readonly string[] | '*Sync';
}

export const BLOCKING_CALLS: readonly BlockingCallEntry[] = [
  { modules: ['fs', 'node:fs'], names: '*Sync' },
  { modules: ['child_process', 'node:child_process'], names: ['execSync', 'execFileSync', 'spawnSync'] },
  { modules: ['zlib', 'node:zlib'], names: '*Sync' },
  // CPU-bound key derivation and key generation; `randomBytes(n)` and hashes of small inputs are cheap.
  {
    modules: ['crypto', 'node:crypto'],
    names: ['pbkdf2Sync', 'scryptSync', 'generateKeyPairSync', 'generateKeySync', 'generatePrimeSync', 'checkPrimeSync'],
  },
];

/** Globals that block the thread (`Atomics.wait`). */
export const BLOCKING_GLOBALS: ReadonlySet<string> = new Set(['Atomics.wait']);

/** Methods that run a callback once per element, synchronously (their callbacks are the handler's own code). */
export const ARRAY_ITERATION_METHODS: ReadonlySet<string> = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'some',
  'every',
  'reduce',
  'find',
]);

/** `Promise.all(items.map(…))` and friends: one promise per item. */
export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'any', 'race']);

/** Promise chain methods: a call of one starts (or continues) asynchronous work. */
export const PROMISE_CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/**
 * Sending, per framework: the methods that queue an outgoing message on one socket, and how the
 * sender can see what is queued. `bufferedAmount` (ws §1, browser §14, Deno §12) is a property;
 * uWS has `getBufferedAmount()` (§4); Bun signals backpressure only through `send()`'s result
 * (§11); socket.io has no per-socket figure, only `volatile` (§3).
 */
export interface SendTraits {
  readonly methods: readonly string[];
  /** How to read the queued bytes, for the suggested guard; undefined when there is no such API. */
  readonly queued: { readonly kind: 'property' | 'method'; readonly name: string } | undefined;
  /** The call that drops a slow client at once (the suggestion's 'terminate' option). */
  readonly terminate: string | undefined;
  /** What `send()` returns says whether it was queued or dropped (uWS 0/1/2, Bun -1/0/n). */
  readonly resultSignalsBackpressure: boolean;
  /** socket.io: a `volatile` flag drops the packet instead of queueing it for a slow client. */
  readonly volatileFlag: boolean;
  /**
   * Broadcasts from the server object itself (socket.io `io.emit(…)`, `io.to(room).emit(…)`):
   * the send method, and the methods that narrow the audience first.
   */
  readonly serverBroadcast?: { readonly method: string; readonly targetMethods: ReadonlySet<string> };
  /**
   * Writes that bypass the socket's own send: pre-framed buffers written to ws's underlying TCP
   * socket (`ws._socket.write(frame)`), a known broadcast optimisation. They queue in the same
   * place, unchecked.
   */
  readonly rawWrite?: { readonly property: string; readonly method: string };
}

const WS_SEND: SendTraits = {
  methods: ['send'],
  queued: { kind: 'property', name: 'bufferedAmount' },
  terminate: 'terminate',
  resultSignalsBackpressure: false,
  volatileFlag: false,
  rawWrite: { property: '_socket', method: 'write' },
};
const DOM_SEND: SendTraits = { methods: ['send'], queued: { kind: 'property', name: 'bufferedAmount' }, terminate: 'close', resultSignalsBackpressure: false, volatileFlag: false };

export const SEND_TRAITS: Readonly<Partial<Record<FrameworkId, SendTraits>>> = {
  ws: WS_SEND,
  'express-ws': WS_SEND,
  'fastify-websocket': WS_SEND,
  'koa-websocket': WS_SEND,
  'koa-easy-ws': WS_SEND,
  browser: DOM_SEND,
  deno: DOM_SEND,
  'socket.io': {
    methods: ['emit', 'send'],
    queued: undefined,
    terminate: undefined,
    resultSignalsBackpressure: false,
    volatileFlag: true,
    serverBroadcast: { method: 'emit', targetMethods: new Set(['to', 'in', 'except', 'of', 'compress']) },
  },
  uws: {
    methods: ['send'],
    queued: { kind: 'method', name: 'getBufferedAmount' },
    terminate: 'close',
    resultSignalsBackpressure: true,
    volatileFlag: false,
  },
  bun: { methods: ['send'], queued: undefined, terminate: undefined, resultSignalsBackpressure: true, volatileFlag: false },
};

/** Reads that show the sender looks at what is queued (any object: sockets, streams, wrappers). */
export const BACKPRESSURE_PROPERTIES: ReadonlySet<string> = new Set(['bufferedAmount', 'writableLength', 'writableNeedDrain']);
export const BACKPRESSURE_METHODS: ReadonlySet<string> = new Set(['getBufferedAmount']);

/** The uWS/Bun behaviour option that closes a client over its backpressure limit (§4, §11). */
export const CLOSE_ON_BACKPRESSURE_OPTION = 'closeOnBackpressureLimit';

/** Methods that call back for every item of a subscription or watch (Redis, RxJS, k8s, Firestore). */
export const SUBSCRIPTION_METHODS: ReadonlySet<string> = new Set(['subscribe', 'psubscribe', 'watch', 'onSnapshot']);

/**
 * Methods that take a callback for every chunk of a data stream (node-pty's and xterm's
 * `onData(cb)`): a send in the callback pumps the stream into the socket.
 */
export const STREAM_CALLBACK_METHODS: ReadonlySet<string> = new Set(['onData']);

/**
 * Functions of the application whose name says they deliver a stream to their first callback
 * (`streamContainerLogs(id, onChunk, onError)`, `followLog(path, cb)`, `tailFile(f, cb)`): a send
 * in that callback runs for every chunk. Later callbacks (errors, the end) run once.
 */
export const STREAMING_FUNCTION_NAME = /^(?:stream|follow|tail)(?:[A-Z]|$)/;

/**
 * Events that fire once (or rarely) in an emitter's life. A send in their listener is one send,
 * not a stream; every other event of an emitter that is not the socket itself is a stream.
 */
export const ONE_SHOT_EVENTS: ReadonlySet<string> = new Set([
  'open',
  'close',
  'end',
  'finish',
  'exit',
  'error',
  'ready',
  'connect',
  'connection',
  'listening',
  'disconnect',
  'timeout',
  'upgrade',
  'request',
  'response',
  'abort',
  'pipe',
  'unpipe',
  'drain',
  'ping',
  'pong',
  'headers',
  'spawn',
  'online',
  'offline',
  'load',
]);

/**
 * Application events of a session's life, by name with separators removed and lower-cased
 * (`tokenRefreshed`, `token:refreshed`, `user-login`, `SESSION_EXPIRED`): a login, a logout, a
 * token renewal. They fire a few times an hour at most; a send in their listener (a new token to
 * the server, a hello after login) is one message, not a stream.
 */
export const SESSION_EVENT_NAME =
  /^(?:user)?(?:log(?:ged)?(?:in|out)|sign(?:ed)?(?:in|out|up)|auth(?:enticated|orized|changed|statechanged)?|unauthori[sz]ed|(?:access)?token(?:refresh(?:ed)?|renew(?:ed)?|expired|changed|updated)|(?:refresh|renew)(?:ed)?token|session(?:start(?:ed)?|end(?:ed)?|expired|changed|refreshed))$/;

/** The event that says a sender's queue has drained (ws streams, Node sockets, uWS/Bun hooks). */
export const DRAIN_EVENT = 'drain';

/** Frameworks whose sockets can stop reading (`pause()`/`resume()`, ws ≥ 8.3), for the queue fix plan. */
export const PAUSABLE_FRAMEWORKS: ReadonlySet<FrameworkId> = new Set(['ws', 'express-ws', 'fastify-websocket', 'koa-websocket', 'koa-easy-ws']);

/** Where each framework keeps its connected clients, for "loop over clients" detection. */
/**
 * A server's collection of its open sockets, per framework: the member path below the server, and
 * how sure we must be that its owner is such a server. `wss.clients` is only a ws server's when
 * the owner is one the file created, or has a ws server's name in a file that uses ws; socket.io's
 * `io.sockets.sockets` is unmistakable in a socket.io file.
 */
export const CLIENT_SET_MEMBERS: Readonly<
  Partial<Record<FrameworkId, { readonly paths: readonly string[]; readonly owner?: { readonly names: RegExp; readonly libraries: readonly FrameworkId[] } }>>
> = {
  // wss.clients: Set<WebSocket> (clientTracking, on by default)
  ws: { paths: ['clients'], owner: { names: /^(?:wss|ws[sS]erver|web[sS]ocket[sS]erver|socketServer|server|getWss)$/, libraries: ['ws', 'express-ws'] } },
  // io.sockets.sockets / io.of(ns).sockets: Map<id, Socket>
  'socket.io': { paths: ['sockets.sockets'] },
};

/**
 * Per-connection queues that run a listener's calls one after another, pausing the socket while
 * too many wait: `const q = createMessageQueue(ws, …); ws.on('message', q.wrap(async (m) => …))`.
 * The listener's body is still analysed (its blocking calls among others), as bounded. The
 * bounded-message-queue codemod writes the first one.
 */
export const QUEUE_WRAPPERS: readonly { readonly factory: string; readonly method: string }[] = [{ factory: 'createMessageQueue', method: 'wrap' }];

/** Registry methods that store a socket in a collection (`clients.add(ws)`, `byId.set(id, ws)`). */
export const REGISTRY_STORE_METHODS: ReadonlySet<string> = new Set(['add', 'push', 'unshift', 'set']);
