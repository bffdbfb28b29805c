/**
 * Framework knowledge for request-lifetime reuse (frameworks.md §0.1, §16.1 "Request-scoped
 * sources for R1"), as data: which values below a handler's request are bound to the HTTP
 * exchange rather than to the socket, and where, relative to the handler, code runs after the
 * upgrade. The detection in request-lifetime.ts reads only these tables.
 */
import type { FrameworkId } from './frameworks.js';

/**
 * Where in a handler code runs after the upgrade, so that the request's lifetime is already over:
 * - `whole-handler`: the handler receives an upgraded socket (ws 'connection', express-ws,
 *   @fastify/websocket, koa-websocket, socket.io, graphql-ws, Hono's events factory);
 * - `after-upgrade-call`: the handler upgrades the request itself (`Deno.upgradeWebSocket(req)`);
 *   code after that call, in the same block, runs for the socket;
 * - `upgrade-data`: Bun; the only thing that outlives `fetch` is the `data` given to
 *   `server.upgrade(req, { data })`, which each hook reads as `ws.data`;
 * - `before-upgrade`: Node's raw `'upgrade'` listener; the request never closes (it is never
 *   queued as an incoming request), so only its listeners are reported, not its signal (which
 *   is used before `handleUpgrade`; the `handleUpgrade` callback is a handler of its own).
 */
export type UpgradeRegion = 'whole-handler' | 'after-upgrade-call' | 'upgrade-data' | 'before-upgrade';

/** What a request-scoped `AbortSignal` does once the socket lives on (§0.1). */
export type SignalAfterUpgrade =
  /** Never aborted when the client leaves (Node: absent before 24.16, undocumented for upgrades). */
  | 'not-socket-bound'
  /** Aborted as soon as the 101 response is returned (Deno's default "legacy abort"). */
  | 'aborts-at-once';

export interface RequestLifetimeTraits {
  /** Property paths below the handler's request value that are request-bound emitters ([] = itself). */
  readonly emitters: readonly (readonly string[])[];
  /** Property paths below the request value that are its `AbortSignal`. */
  readonly signals: readonly (readonly string[])[];
  readonly region: UpgradeRegion;
  readonly signalAfterUpgrade: SignalAfterUpgrade;
  /** Why the request's lifetime is not the socket's here (completes the rule's message). */
  readonly why: string;
}

const NODE_UPGRADE_WHY =
  'after an upgrade Node never closes or aborts the request when the client goes away (and closes it at once if its body was read)';

/**
 * Frameworks whose request is stack-allocated and valid only during the synchronous part of one
 * hook (uWebSockets.js `upgrade: (res, req, context)`, §4): reading it after an await or in a
 * callback reads freed memory.
 */
export const STACK_ALLOCATED_REQUESTS: Readonly<Partial<Record<FrameworkId, { readonly hook: string }>>> = { uws: { hook: 'upgrade' } };

/**
 * Frameworks whose handlers have a request we can reason about. Absent on purpose:
 * - koa-easy-ws: Node delivers its upgrades as ordinary requests (no 'upgrade' listener), so
 *   `ctx.req`/`ctx.res` do emit 'close' when the socket closes (verified on Node 20.20 with
 *   koa-easy-ws 2.1.0 and ws 8.23); reporting them would be a false positive;
 * - uWebSockets.js: its `HttpRequest` has no lifetime events; its misuse (reading it after an
 *   await or in a callback) is checked separately, see `UWS_DEFERRING_*`;
 * - NestJS and Cloudflare: the model records no request for them.
 */
export const REQUEST_LIFETIME: Readonly<Partial<Record<FrameworkId, RequestLifetimeTraits>>> = {
  // §1: wss.on('connection', (ws, req)) and handleUpgrade callbacks; req is the upgrade GET.
  ws: { emitters: [[]], signals: [['signal']], region: 'whole-handler', signalAfterUpgrade: 'not-socket-bound', why: NODE_UPGRADE_WHY },
  // §6: express-ws runs the Express chain with a dummy `ServerResponse` (`req.res`).
  'express-ws': {
    emitters: [[], ['res']],
    signals: [['signal']],
    region: 'whole-handler',
    signalAfterUpgrade: 'not-socket-bound',
    why: `${NODE_UPGRADE_WHY}, and \`req.res\` is a dummy response that never closes with the socket`,
  },
  // §5: a FastifyRequest; its Node request is `req.raw`.
  'fastify-websocket': {
    emitters: [['raw']],
    signals: [['signal'], ['raw', 'signal']],
    region: 'whole-handler',
    signalAfterUpgrade: 'not-socket-bound',
    why: NODE_UPGRADE_WHY,
  },
  // §7: koa-websocket builds a Koa context around the upgrade request (`createContext(req)`, no response).
  'koa-websocket': {
    emitters: [['req'], ['request', 'req']],
    signals: [['req', 'signal'], ['request', 'req', 'signal']],
    region: 'whole-handler',
    signalAfterUpgrade: 'not-socket-bound',
    why: `the Koa context ends with the middleware chain, and ${NODE_UPGRADE_WHY}`,
  },
  // §3: the model's request access is `socket.request`, "the first HTTP request of the session".
  'socket.io': {
    emitters: [[]],
    signals: [['signal']],
    region: 'whole-handler',
    signalAfterUpgrade: 'not-socket-bound',
    why: '`socket.request` is the first HTTP request of the session, usually a long-polling GET that ended long before the socket closes',
  },
  // §10: `ctx.extra.request` is "the initial HTTP upgrade request".
  'graphql-ws': { emitters: [[]], signals: [['signal']], region: 'whole-handler', signalAfterUpgrade: 'not-socket-bound', why: NODE_UPGRADE_WHY },
  // §8: the factory's `c`; `c.req.raw` is the Request.
  hono: {
    emitters: [],
    signals: [['req', 'raw', 'signal']],
    region: 'whole-handler',
    signalAfterUpgrade: 'not-socket-bound',
    why: "on Node, Hono builds a fresh `Request` for the upgrade whose signal never aborts, and on Deno the request's signal aborts as soon as the 101 response is returned",
  },
  // §12: `Deno.serve` aborts `request.signal` when the handler returns, by default.
  deno: {
    emitters: [],
    signals: [['signal']],
    region: 'after-upgrade-call',
    signalAfterUpgrade: 'aborts-at-once',
    why: 'Deno aborts `request.signal` as soon as the handler returns the 101 response, long before the socket closes',
  },
  // §11: whether Bun aborts `req.signal` when the upgraded socket closes is undocumented.
  bun: {
    emitters: [],
    signals: [['signal']],
    region: 'upgrade-data',
    signalAfterUpgrade: 'not-socket-bound',
    why: "the request belongs to the HTTP exchange that `fetch` ends by upgrading; whether Bun aborts its signal when the socket closes is undocumented",
  },
  // §2, §0.1: the raw upgrade request is never queued as an incoming request.
  'node-upgrade': { emitters: [[]], signals: [], region: 'before-upgrade', signalAfterUpgrade: 'not-socket-bound', why: NODE_UPGRADE_WHY },
};

/** Events that mean "the request (or its response) is over", i.e. cleanup registered on it. */
export const REQUEST_END_EVENTS: ReadonlySet<string> = new Set(['close', 'aborted', 'end', 'finish']);

/**
 * Free functions that run a callback (or settle) when a request or response is finished, keyed by
 * module and export path ('' = the module itself); the emitter is their first argument.
 */
export const FINISH_HELPERS: readonly { readonly modules: readonly string[]; readonly path: string }[] = [
  { modules: ['on-finished'], path: '' },
  { modules: ['end-of-stream'], path: '' },
  { modules: ['stream', 'node:stream'], path: 'finished' },
  { modules: ['stream/promises', 'node:stream/promises'], path: 'finished' },
];

/**
 * Work that ends by itself: a request signal passed to these only cuts it short (or, on Node,
 * does nothing), so it leaks nothing. Matched on the callee's last name (`fetch`, `axios.get`,
 * `setTimeout` from timers/promises, `events.once`). Not exempt where the signal aborts at once.
 */
export const ONE_SHOT_CALLS: ReadonlySet<string> = new Set([
  'fetch',
  'request',
  'get',
  'head',
  'post',
  'put',
  'patch',
  'delete',
  'axios',
  'got',
  'query',
  'setTimeout',
  'setImmediate',
  'wait',
  'once',
  'readFile',
  'writeFile',
  'appendFile',
  'lookup',
]);

/** Combinators whose result aborts when any of the signals in their array argument aborts. */
export const SIGNAL_COMBINATORS: readonly string[] = ['AbortSignal.any'];
/** Signals that end by themselves: combined with a request signal they keep it request-scoped. */
export const SELF_ENDING_SIGNALS: readonly string[] = ['AbortSignal.timeout', 'AbortSignal.abort'];

/**
 * uWebSockets.js (§4): `HttpRequest` is "stack allocated and only accessible during the callback
 * invocation". Callbacks passed to these run later, so the request is invalid inside them.
 */
export const UWS_DEFERRING_FUNCTIONS: ReadonlySet<string> = new Set([
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'process.nextTick',
]);
export const UWS_DEFERRING_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally', 'onAborted', 'onData', 'onWritable']);

/**
 * Declarative frameworks whose close is a hook in the object that holds the handler (Hono's
 * `onClose`): the fix plan aborts the controller there instead of adding a listener.
 */
export const CLOSE_HOOK_PROPERTY: Readonly<Partial<Record<FrameworkId, string>>> = { hono: 'onClose' };

