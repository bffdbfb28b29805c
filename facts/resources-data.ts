/**
 * Per-connection resources and their releases, as data (frameworks.md §1 b/d, §3 b/d, §4 b/d,
 * §8, §9 b/d, §10 b/d, §11, §13 c, §16.1 "R2-close", §16.2). resources.ts reads these tables;
 * nothing else should name a timer, an emitter method or a release method.
 */
import type { FrameworkId } from './frameworks.js';

/** Globals (and `timers` exports) that start a recurring timer; the handle is released by a clear call. */
export const INTERVAL_STARTS: ReadonlySet<string> = new Set(['setInterval']);
export const TIMEOUT_STARTS: ReadonlySet<string> = new Set(['setTimeout']);
/** Either clear function releases either kind of Node timer (they share one implementation). */
export const TIMER_CLEARS: ReadonlySet<string> = new Set(['clearInterval', 'clearTimeout']);
/** Where the global timer functions can also be reached from. */
export const TIMER_MODULES: readonly string[] = ['timers', 'node:timers'];
/** `timers/promises` `setInterval(ms, value, { signal })`: an async iterator that never ends by itself. */
export const PROMISE_TIMER_MODULES: readonly string[] = ['timers/promises', 'node:timers/promises'];
/** Global objects through which timers are reached (`window.setInterval`). */
export const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['window', 'globalThis', 'self', 'global']);

/** Methods that start a subscription or a watch on a longer-lived object (`bus.subscribe(…)`, `fs.watch(…)`). */
export const SUBSCRIBE_METHODS: ReadonlySet<string> = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'watch']);
/** Free functions with these names start long-lived work too (`watchPods(ns, { signal })`). */
export const SUBSCRIBE_FUNCTION_PATTERN = /^(?:watch|subscribe)(?:[A-Z][\w$]*)?$/;
/**
 * Operators that end an RxJS pipe by themselves or on a notifier (`takeUntil(close$)`): a
 * subscription through them is bounded, so it is not reported.
 */
export const BOUNDING_OPERATORS: ReadonlySet<string> = new Set([
  'take',
  'first',
  'takeUntil',
  'takeWhile',
  'timeout',
  'single',
  'last',
  'find',
  'findIndex',
  'elementAt',
]);

/** Emitter registrations that keep a listener until it is removed (`once` ends by itself). */
export const PERSISTENT_LISTEN_METHODS: ReadonlySet<string> = new Set(['on', 'addListener', 'prependListener', 'addEventListener']);
/** The removal matching each registration, for suggestions. */
export const LISTENER_REMOVAL: Readonly<Record<string, string>> = {
  on: 'off',
  addListener: 'removeListener',
  prependListener: 'removeListener',
  addEventListener: 'removeEventListener',
};

/** Methods of a longer-lived collection that keep a socket (`clients.add(ws)`, `room.join(ws)`). */
export const REGISTRY_ADD_METHODS: ReadonlySet<string> = new Set(['add', 'set', 'push', 'unshift', 'join']);
/** Constructors whose instances do not keep their keys alive: storing a socket there is not a leak. */
export const WEAK_COLLECTIONS: ReadonlySet<string> = new Set(['WeakMap', 'WeakSet', 'WeakRef']);

/**
 * Methods on the longer-lived object itself that undo a registration, by resource kind:
 * `clients.delete(ws)`, `bus.off('x', f)`, `redis.unsubscribe(ch)`, `room.leave(ws)`.
 */
export const RECEIVER_RELEASE_METHODS: Readonly<Record<'registry' | 'listener' | 'subscription', ReadonlySet<string>>> = {
  registry: new Set(['delete', 'splice', 'remove', 'leave', 'clear', 'pop', 'shift', 'removeClient', 'del', 'unset']),
  listener: new Set(['off', 'removeListener', 'removeEventListener', 'removeAllListeners']),
  subscription: new Set(['unsubscribe', 'punsubscribe', 'sunsubscribe', 'unwatch', 'off', 'removeListener', 'removeAllListeners', 'unsubscribeAll']),
};

/**
 * Methods on a resource's handle that release it: `sub.unsubscribe()`, `watcher.close()`,
 * `child.kill()`, `iterator.return()`, `controller.abort()`. Calling the handle itself (`unsub()`)
 * counts too, and so does any method in this set reached through a member (`child.stdin.end()`).
 */
export const HANDLE_RELEASE_METHODS: ReadonlySet<string> = new Set([
  'unsubscribe',
  'dispose',
  'close',
  'cancel',
  'stop',
  'destroy',
  'abort',
  'return',
  'kill',
  'terminate',
  'end',
  'quit',
  'disconnect',
  'unwatch',
  'off',
  'remove',
  'removeListener',
  'removeAllListeners',
  'clear',
  'detach',
  'release',
  'free',
]);

/** Methods on a handle that neither release it nor let it escape (`timer.unref()`). */
export const NEUTRAL_HANDLE_METHODS: ReadonlySet<string> = new Set(['unref', 'ref', 'hasRef', 'refresh', 'toString', 'valueOf']);

/** Modules whose `spawn` / `fork` start a child process that lives until it is killed or exits. */
export const CHILD_PROCESS_STARTS: readonly { readonly modules: readonly string[]; readonly exports: readonly string[] }[] = [
  { modules: ['child_process', 'node:child_process'], exports: ['spawn', 'fork'] },
  { modules: ['node-pty', '@lydell/node-pty', '@homebridge/node-pty-prebuilt-multiarch'], exports: ['spawn'] },
];

/** `events.on(emitter, name, { signal })`: an async iterator over an emitter's events. */
export const EVENT_ITERATOR_HELPERS: readonly { readonly modules: readonly string[]; readonly paths: readonly string[] }[] = [
  { modules: ['events', 'node:events'], paths: ['on', 'EventEmitter.on'] },
];

/**
 * Socket events that look like the end of a connection but that the framework never emits, so a
 * cleanup listener for them never runs (§3: a socket.io socket's 'close'; ws sockets have no
 * 'disconnect', that is socket.io's name).
 */
export const NEVER_FIRED_CLOSE_EVENTS: Readonly<Partial<Record<FrameworkId, readonly string[]>>> = {
  'socket.io': ['close'],
  ws: ['disconnect'],
  'express-ws': ['disconnect'],
  'fastify-websocket': ['disconnect'],
  'koa-websocket': ['disconnect'],
  'koa-easy-ws': ['disconnect'],
};

/**
 * Events of the HTTP upgrade request that code takes for "the client left" (§0.1): after an
 * upgrade Node never emits them at socket close (or emits them at once, when the body is read).
 */
export const REQUEST_LIFECYCLE_EVENTS: ReadonlySet<string> = new Set(['close', 'aborted', 'end', 'finish']);

/**
 * Hooks that end a connection in each framework's lifecycle, besides `events.close` (graphql-ws's
 * `onComplete` ends one subscription, not the connection, so it is not here).
 */
export const SERVER_CLOSE_EVENTS: Readonly<Partial<Record<FrameworkId, string>>> = {
  ws: 'close',
};
