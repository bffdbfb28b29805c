/**
 * Resources started for a connection, and whether the connection's end releases them.
 *
 * Inside a connection handler (a `'connection'` listener, a `handleUpgrade` callback, a per-socket
 * hook), this module recognises work that outlives the socket unless something stops it:
 * intervals and self re-arming timeouts, subscriptions and watches on longer-lived objects,
 * listeners on emitters that outlive the socket, the socket stored in a longer-lived registry,
 * `for await` loops over endless iterators, child processes. For each it finds the releases
 * (`clearInterval(h)`, `h.unsubscribe()`, `bus.off(…)`, `clients.delete(…)`, the `abort()` of an
 * AbortController whose signal the resource was given…) and where they run: in the socket's real
 * close handler (or a same-module helper it calls, or after `await once(ws, 'close')`), only in an
 * 'error' listener, only on the HTTP request's lifecycle, only on a close event the framework never
 * emits, or somewhere else. Tables are in resources-data.ts; rules decide what to report.
 *
 * It also finds the one server-scoped shape of the same leak: an interval started in a function
 * that creates a server that is closed in this module, that nothing ever clears.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import {
  lookedUpCollection,
  ESCAPING_PARENT_TYPES,
  calledMethod,
  contains,
  findProperty,
  isFunction,
  propertyName,
  staticString,
  unwrap,
  type FunctionNode,
  type Node,
  TS_WRAPPER_TYPES,
} from './ast.js';
import { EMITTER_LISTEN_METHODS, FRAMEWORKS, SOCKET_HOOK_METHODS, type FrameworkId } from './frameworks.js';
import {
  BOUNDING_OPERATORS,
  CHILD_PROCESS_STARTS,
  EVENT_ITERATOR_HELPERS,
  GLOBAL_OBJECTS,
  HANDLE_RELEASE_METHODS,
  INTERVAL_STARTS,
  NEUTRAL_HANDLE_METHODS,
  NEVER_FIRED_CLOSE_EVENTS,
  PERSISTENT_LISTEN_METHODS,
  PROMISE_TIMER_MODULES,
  RECEIVER_RELEASE_METHODS,
  REGISTRY_ADD_METHODS,
  REQUEST_LIFECYCLE_EVENTS,
  SERVER_CLOSE_EVENTS,
  SUBSCRIBE_FUNCTION_PATTERN,
  SUBSCRIBE_METHODS,
  TIMEOUT_STARTS,
  TIMER_CLEARS,
  TIMER_MODULES,
  WEAK_COLLECTIONS,
} from './resources-data.js';
import type { Resolver } from './resolve.js';
import { isTimerCall } from './liveness.js';
import { ownsLifecycle } from './uses.js';
import type { HandlerFact, ServerFact, SocketFact, SocketModel, Variable } from './types.js';

export type ResourceKind =
  | 'interval'
  | 'recurring-timeout'
  | 'subscription'
  | 'listener'
  | 'registry'
  | 'event-iterator'
  | 'child-process';

/** Where a release runs, relative to the socket's life. */
export type ReleaseContext =
  | 'close' // the real close event/hook, a same-module helper it calls, code after `await once(ws, 'close')`
  | 'self' // the resource's own callback (an interval that clears itself once the socket is closed)
  | 'error' // only an 'error' listener of the socket
  | 'never-fired' // a close-looking event the framework never emits (socket.io 'close')
  | 'request' // the upgrade request's lifecycle (`req.on('close')`), which does not follow the socket
  | 'other'; // anywhere else (a message handler, a helper we cannot connect to close)

/**
 * What the connection's end does to a resource:
 * - `released`: a release runs on close or in its own callback, or the handle escapes to code we
 *   cannot read (which may release it);
 * - `skipped-by-return`: released on close, but the handler can return after starting it and
 *   before attaching any release (`earlyReturn`): on that path nothing releases it;
 * - `released-elsewhere`: releases exist, but none we can connect to the socket's close;
 * - `never-fired-only` / `error-only` / `request-only`: the only releases run on those paths;
 * - `unreleased`: nothing releases it.
 */
export type ResourceVerdict = 'released' | 'skipped-by-return' | 'released-elsewhere' | 'never-fired-only' | 'error-only' | 'request-only' | 'unreleased';

export interface Release {
  readonly node: Node;
  readonly context: ReleaseContext;
}

/** Where the value a resource call returns goes. */
export type ResourceHandle =
  | { readonly kind: 'variable'; readonly variable: Variable }
  | { readonly kind: 'member'; readonly name: string; readonly target: TSESTree.MemberExpression }
  | { readonly kind: 'registry'; readonly root: Root }
  /** Nothing keeps the value: `statement` is its expression statement, or the body of an arrow whose value nobody reads. */
  | { readonly kind: 'discarded'; readonly statement: Node }
  | { readonly kind: 'loop' }
  | { readonly kind: 'escaped' };

/** The base of a receiver: a variable, a `this.<name>` member, or a global. */
export type Root =
  | { readonly kind: 'variable'; readonly variable: Variable }
  | { readonly kind: 'this'; readonly name: string }
  | { readonly kind: 'global'; readonly name: string };

export interface SocketResource {
  readonly kind: ResourceKind;
  /** The call (or `for await` iterable) that starts the resource; findings point here. */
  readonly node: Node;
  /** The socket whose connection started it; undefined for server-scoped intervals. */
  readonly socket: SocketFact | undefined;
  /** For server-scoped intervals: the server whose life should bound it. */
  readonly server: ServerFact | undefined;
  /** The connection handler that contains it. */
  readonly handlerFn: FunctionNode | undefined;
  /** A short description for messages: `setInterval(…)`, `bus.subscribe(…)`, `clients.set(…)`. */
  readonly label: string;
  readonly handle: ResourceHandle;
  /** The longer-lived receiver (`bus` in `bus.on(…)`, `clients` in `clients.add(ws)`). */
  readonly receiver: TSESTree.Expression | undefined;
  /** The AbortControllers whose signal the resource was given. */
  readonly controllers: readonly Variable[];
  readonly releases: readonly Release[];
  /** The handle (or the controller) is handed to code we cannot read. */
  readonly escapes: boolean;
  readonly verdict: ResourceVerdict;
  /** The request event of a `request-only` verdict (`'close'` in `req.on('close', …)`). */
  readonly requestEvent: string | undefined;
  /** The `return` of a `skipped-by-return` verdict. */
  readonly earlyReturn: TSESTree.ReturnStatement | undefined;
}

/** A socket listener for a close-looking event the framework never emits. */
export interface NeverFiredCloseListener {
  readonly socket: SocketFact;
  readonly event: string;
  /** The event name's string literal, for a rename. */
  readonly eventNode: TSESTree.Literal | TSESTree.TemplateLiteral;
  readonly registration: TSESTree.CallExpression;
}

export interface ResourceAnalysis {
  readonly resources: readonly SocketResource[];
  readonly neverFiredCloseListeners: readonly NeverFiredCloseListener[];
}

const cache = new WeakMap<SocketModel, ResourceAnalysis>();

/** Every per-connection (and server-scoped) resource of the file, with its verdict. Cached per model. */
export function socketResources(model: SocketModel): ResourceAnalysis {
  let analysis = cache.get(model);
  if (!analysis) {
    analysis = model.hasEvidence && model.program && model.resolver ? new ResourceFinder(model, model.program, model.resolver).run() : { resources: [], neverFiredCloseListeners: [] };
    cache.set(model, analysis);
  }
  return analysis;
}

/** The functions that run when a socket's life ends, and those on other paths. */
interface Lifecycle {
  readonly closeFns: Set<FunctionNode>;
  /** Source ranges that run after `await once(ws, 'close')`. */
  readonly closeRegions: (readonly [number, number])[];
  readonly errorFns: Set<FunctionNode>;
  readonly neverFiredFns: Set<FunctionNode>;
  readonly requestFns: Map<FunctionNode, string>;
}

const TRANSPARENT: ReadonlySet<string> = new Set([...TS_WRAPPER_TYPES, 'AwaitExpression']);

class ResourceFinder {
  private readonly resources = new Map<Node, SocketResource>();
  private readonly neverFired: NeverFiredCloseListener[] = [];
  /** Built on first use: a registry's timers look for their clears among them. */
  private timerClearCalls: TSESTree.CallExpression[] | undefined;
  /** Timers started in a class constructed with the socket (see classScopeOf). */
  private readonly classScoped = new Set<Node>();

  constructor(
    private readonly model: SocketModel,
    private readonly program: TSESTree.Program,
    private readonly resolver: Resolver,
  ) {}

  run(): ResourceAnalysis {
    for (const socket of this.model.sockets) this.analyseSocket(socket);
    for (const server of this.model.servers) this.analyseServer(server);
    const resources = [...this.resources.values()].sort((a, b) => a.node.range[0] - b.node.range[0]);
    return { resources, neverFiredCloseListeners: this.neverFired };
  }

  // ------------------------------------------------------------------ per connection

  private analyseSocket(socket: SocketFact): void {
    // A helper that receives a socket without wiring any of its events (`addToRoom(id, ws)`, with
    // a `removeFromRoom` beside it) is an API its caller pairs with the socket's close: not ours.
    if (!ownsLifecycle(socket, this.model.usesOf(socket))) return;
    const handlers = this.model.handlersOfSocket(socket).filter(startsWork);
    const lifecycle = this.lifecycleOf(socket, handlers);
    const scanned = new Set<FunctionNode>();
    for (const handler of handlers) {
      const scope = this.connectionScope(handler.fn);
      if (scanned.has(handler.fn)) continue;
      scanned.add(handler.fn);
      const skip = (fn: FunctionNode) =>
        lifecycle.closeFns.has(fn) || lifecycle.errorFns.has(fn) || lifecycle.neverFiredFns.has(fn) || lifecycle.requestFns.has(fn);
      this.walkCalls(handler.fn, skip, (node) => {
        if (node.type === 'CallExpression') this.considerCall(node, socket, handler, scope, lifecycle);
        else if (node.type === 'ForOfStatement' && node.await) this.considerLoop(node, socket, handler, scope, lifecycle);
      });
      // A same-file class (or function constructor) constructed with the socket is a
      // per-connection scope too: the timers its constructor (and the methods it calls) start,
      // the subscriptions it makes on emitters that outlive it and the `for await` loops it runs
      // must end on close. Not what a member of the instance listens to: that may die with the
      // instance.
      for (const method of this.classScopeOf(socket, handler.fn)) {
        if (scanned.has(method)) continue;
        scanned.add(method);
        this.walkCalls(method, skip, (node) => {
          if (node.type === 'CallExpression' && (this.isTimerStart(node) || this.subscribesOutsideInstance(node))) {
            this.classScoped.add(node);
            this.considerCall(node, socket, handler, method, lifecycle);
          } else if (node.type === 'ForOfStatement' && node.await && !this.iteratesInstance(node)) {
            this.classScoped.add(unwrap(node.right));
            this.considerLoop(node, socket, handler, method, lifecycle);
          }
        });
      }
    }
    for (const use of this.model.usesOf(socket)) {
      const owner = this.model.enclosingFunction(use.node);
      if (owner && (lifecycle.closeFns.has(owner) || lifecycle.errorFns.has(owner))) continue;
      const handler = handlers.find((h) => contains(h.fn, use.node)) ?? handlers[0];
      if (!handler) continue;
      this.considerStoredSocket(use.node, socket, handler, lifecycle);
    }
  }

  /**
   * The constructor of each same-file class the handler constructs with the socket
   * (`new Session(ws)`), and the methods it calls through `this`, transitively.
   */
  private classScopeOf(socket: SocketFact, handlerFn: FunctionNode): FunctionNode[] {
    const found: FunctionNode[] = [];
    for (const node of this.model.index.subtree(handlerFn)) {
      if (node.type !== 'NewExpression' || !node.arguments.some((argument) => this.isSocketExpression(unwrap(argument), socket))) continue;
      const constructor = this.model.thisOwners?.constructedBy(node.callee)?.init;
      if (constructor && !found.includes(constructor)) found.push(constructor);
    }
    for (let i = 0; i < found.length; i++) {
      for (const node of this.model.index.subtree(found[i]!)) {
        if (node.type !== 'CallExpression') continue;
        const method = this.model.thisOwners?.methodAt(node.callee);
        if (method && !found.includes(method)) found.push(method);
      }
    }
    return found;
  }

  /**
   * `bus.on('x', …)`, `feed.subscribe(…)` on something other than a member of the instance itself.
   * One that is given the instance (`hub.subscribe({ client: this, topic })`) is keyed by it, as
   * one given the socket is by the socket: the API that took it pairs it with the connection's end.
   */
  private subscribesOutsideInstance(call: TSESTree.CallExpression): boolean {
    const method = calledMethod(call);
    if (!method || (!SUBSCRIBE_METHODS.has(method.name) && !PERSISTENT_LISTEN_METHODS.has(method.name))) return false;
    const root = this.rootOf(method.object);
    if (!root || root === 'bounded' || root.kind === 'this') return false;
    const here = this.model.enclosingFunction(call);
    return !call.arguments.some((argument) => this.model.index.descendants(argument).some((node) => this.isInstance(node) && this.model.enclosingFunction(node) === here));
  }

  /** `for await (… of on(this.events, 'x'))`: the instance's own emitter. */
  private iteratesInstance(loop: TSESTree.ForOfStatement): boolean {
    const iterable = unwrap(loop.right);
    const emitter = iterable.type === 'CallExpression' ? iterable.arguments[0] : undefined;
    const root = emitter && emitter.type !== 'SpreadElement' ? this.rootOf(emitter) : undefined;
    return !!root && root !== 'bounded' && root.kind === 'this';
  }

  private isTimerStart(call: TSESTree.CallExpression): boolean {
    const name = this.timerFunctionName(call);
    return name !== undefined && (INTERVAL_STARTS.has(name) || TIMEOUT_STARTS.has(name));
  }

  /** `setInterval`, `window.setTimeout`, `timers.setInterval` → the timer function's name. */
  private timerFunctionName(call: TSESTree.CallExpression): string | undefined {
    const origin = this.resolver.origin(call.callee);
    if (origin?.kind === 'global') return globalFunctionName(origin.path);
    return origin?.kind === 'module' && TIMER_MODULES.includes(origin.module) ? origin.path.join('.') : undefined;
  }

  /** The outermost per-connection function around a handler (a handleUpgrade callback sits in an upgrade listener). */
  private connectionScope(fn: FunctionNode): FunctionNode {
    let scope = fn;
    let outer = this.model.enclosingFunction(fn);
    while (outer) {
      const isHandler = this.model.handlers.some((h) => h.fn === outer);
      if (isHandler) scope = outer;
      outer = this.model.enclosingFunction(outer);
    }
    return scope;
  }

  private lifecycleOf(socket: SocketFact, handlers: readonly HandlerFact[]): Lifecycle {
    const closeFns = new Set<FunctionNode>();
    const closeRegions: (readonly [number, number])[] = [];
    const neverFiredFns = new Set<FunctionNode>();
    const neverFiredEvents = NEVER_FIRED_CLOSE_EVENTS[socket.framework] ?? [];
    for (const handler of this.model.handlersOf(socket, 'close')) {
      if (handler.fn) {
        closeFns.add(handler.fn);
        continue;
      }
      // `once(ws, 'close')`: `.then(fn)` / `.finally(fn)`, or the code after `await`.
      this.closePromiseContinuations(handler.registration, closeFns, closeRegions);
    }
    for (const use of this.model.usesOf(socket)) {
      if (use.kind !== 'listener' || !neverFiredEvents.includes(use.event) || use.node.type !== 'CallExpression') continue;
      const call = use.node;
      const fn = this.resolver.functionOf(call.arguments[1]) ?? this.model.thisOwners?.methodAt(call.arguments[1]);
      if (fn) neverFiredFns.add(fn);
      const eventNode = call.arguments[0];
      const method = calledMethod(call);
      if (method && EMITTER_LISTEN_METHODS.has(method.name) && (eventNode?.type === 'Literal' || eventNode?.type === 'TemplateLiteral')) {
        if (!this.neverFired.some((l) => l.registration === call)) this.neverFired.push({ socket, event: use.event, eventNode, registration: call });
      }
    }
    this.closeReach(closeFns);
    const errorFns = new Set<FunctionNode>();
    for (const handler of this.model.handlersOf(socket, 'error')) if (handler.fn) errorFns.add(handler.fn);
    const requestFns = new Map<FunctionNode, string>();
    for (const handler of handlers) this.requestListeners(handler, requestFns);
    return { closeFns, closeRegions, errorFns, neverFiredFns, requestFns };
  }

  private closePromiseContinuations(registration: Node, closeFns: Set<FunctionNode>, regions: (readonly [number, number])[]): void {
    let node: Node = registration;
    let parent = this.model.parentOf(node);
    while (parent?.type === 'MemberExpression' && parent.object === node) {
      const call = this.model.parentOf(parent);
      if (call?.type !== 'CallExpression' || call.callee !== parent) return;
      const name = propertyName(parent);
      if (name === 'then' || name === 'finally') {
        const fn = this.resolver.functionOf(call.arguments[0]);
        if (fn) closeFns.add(fn);
      }
      node = call;
      parent = this.model.parentOf(node);
    }
    if (parent?.type !== 'AwaitExpression') return;
    // The statements after the awaiting one, in its block, run once the socket has closed.
    let statement: Node = parent;
    let block = this.model.parentOf(statement);
    while (block && block.type !== 'BlockStatement' && block.type !== 'Program' && !isFunction(block)) {
      statement = block;
      block = this.model.parentOf(statement);
    }
    if (block?.type === 'BlockStatement') regions.push([statement.range[1], block.range[1]]);
  }

  /** Adds the same-module functions that close handlers call (or pass on), transitively. */
  private closeReach(fns: Set<FunctionNode>): void {
    const queue = [...fns];
    while (queue.length > 0) {
      const fn = queue.pop()!;
      this.walkCalls(fn, () => false, (node) => {
        if (node.type !== 'CallExpression') return;
        const candidates: Node[] = [node.callee, ...node.arguments.filter((a) => a.type === 'Identifier' || a.type === 'MemberExpression')];
        for (const candidate of candidates) {
          const target = this.resolver.functionOf(candidate) ?? this.model.thisOwners?.methodAt(candidate);
          if (target && !fns.has(target)) {
            fns.add(target);
            queue.push(target);
          }
        }
      });
    }
  }

  /** `req.on('close', fn)` and friends on the handler's upgrade request (§0.1: they do not follow the socket). */
  private requestListeners(handler: HandlerFact, out: Map<FunctionNode, string>): void {
    const access = handler.request?.access;
    if (access?.kind !== 'variable') return;
    for (const reference of access.variable.references) {
      let expr: Node = reference.identifier as Node;
      for (const segment of access.path) {
        const parent = this.model.parentOf(expr);
        if (parent?.type !== 'MemberExpression' || propertyName(parent) !== segment) return;
        expr = parent;
      }
      // `req.raw` (Fastify) and `req.req` (Koa) are the same request; `req.socket` is the TCP socket.
      let member = this.model.parentOf(expr);
      if (member?.type === 'MemberExpression' && member.object === expr && ['raw', 'req', 'request'].includes(propertyName(member) ?? '')) {
        expr = member;
        member = this.model.parentOf(expr);
      }
      let event: string | undefined;
      let fnNode: Node | undefined;
      if (member?.type === 'MemberExpression' && member.object === expr) {
        const call = this.model.parentOf(member);
        const name = propertyName(member) ?? '';
        if (call?.type === 'CallExpression' && call.callee === member && EMITTER_LISTEN_METHODS.has(name)) {
          event = staticString(call.arguments[0]);
          fnNode = call.arguments[1];
        } else if (name === 'signal') {
          // `req.signal.addEventListener('abort', fn)`
          const next = this.model.parentOf(member);
          const call2 = next && this.model.parentOf(next);
          if (next?.type === 'MemberExpression' && propertyName(next) === 'addEventListener' && call2?.type === 'CallExpression') {
            event = 'abort';
            fnNode = call2.arguments[1];
          }
        }
      }
      if (event === undefined || (event !== 'abort' && !REQUEST_LIFECYCLE_EVENTS.has(event))) continue;
      const fn = this.resolver.functionOf(fnNode);
      if (fn) out.set(fn, event);
    }
  }

  // ------------------------------------------------------------------ recognising resources

  private considerCall(call: TSESTree.CallExpression, socket: SocketFact, handler: HandlerFact, scope: FunctionNode, lifecycle: Lifecycle): void {
    if (this.resources.has(call)) return;
    const origin = this.resolver.origin(call.callee);
    const globalName = this.timerFunctionName(call);
    if (globalName !== undefined && INTERVAL_STARTS.has(globalName)) {
      this.add(call, 'interval', `${globalName}(…)`, socket, handler, lifecycle, undefined, this.callbacksOf(call));
      return;
    }
    if (globalName !== undefined && TIMEOUT_STARTS.has(globalName)) {
      const tick = this.rearmingFunction(call);
      if (tick && contains(scope, tick)) this.add(call, 'recurring-timeout', `${globalName}(…)`, socket, handler, lifecycle, undefined, [tick]);
      return;
    }
    if (origin?.kind === 'module' && CHILD_PROCESS_STARTS.some((c) => c.modules.includes(origin.module) && c.exports.includes(origin.path.filter((p) => p !== 'default').join('.')))) {
      if (this.model.enclosingFunction(call) === handler.fn) this.add(call, 'child-process', `${origin.path[origin.path.length - 1] ?? 'spawn'}(…)`, socket, handler, lifecycle, undefined, []);
      return;
    }
    const method = calledMethod(call);
    if (method) {
      const callee = unwrap(call.callee) as TSESTree.MemberExpression;
      const receiver = unwrap(callee.object) as TSESTree.Expression;
      if (this.involvesSocket(socket, call, receiver)) return;
      if (SUBSCRIBE_METHODS.has(method.name)) {
        if (this.passesSocket(socket, call)) return;
        const root = this.rootOf(receiver);
        if (!root || root === 'bounded' || !this.outlives(root, scope)) return;
        this.add(call, 'subscription', `${this.text(receiver)}.${method.name}(…)`, socket, handler, lifecycle, receiver, this.callbacksOf(call));
        return;
      }
      if (PERSISTENT_LISTEN_METHODS.has(method.name)) {
        const options = call.arguments[2];
        if (options && unwrap(options).type === 'ObjectExpression' && findProperty(unwrap(options) as TSESTree.ObjectExpression, 'once')) return;
        const root = this.rootOf(receiver);
        if (!root || root === 'bounded' || !this.outlives(root, scope)) return;
        const event = staticString(call.arguments[0]);
        this.add(call, 'listener', `${this.text(receiver)}.${method.name}(${event === undefined ? '…' : `'${event}'`}, …)`, socket, handler, lifecycle, receiver, this.callbacksOf(call));
      }
      return;
    }
    // A free `watchX(…)` / `subscribeX(…)` of another module (or this one's top level).
    if (call.callee.type === 'Identifier' && SUBSCRIBE_FUNCTION_PATTERN.test(call.callee.name)) {
      const variable = this.resolver.variable(call.callee);
      const defined = variable?.defs[0]?.node as Node | undefined;
      if (defined && contains(scope, defined)) return;
      if (this.passesSocket(socket, call)) return;
      this.add(call, 'subscription', `${call.callee.name}(…)`, socket, handler, lifecycle, undefined, this.callbacksOf(call));
    }
  }

  /** `for await (… of on(bus, 'x'))`, `… of setInterval(ms)` (timers/promises), `… of pubsub.subscribe(…)`. */
  private considerLoop(loop: TSESTree.ForOfStatement, socket: SocketFact, handler: HandlerFact, scope: FunctionNode, lifecycle: Lifecycle): void {
    const iterable = unwrap(loop.right);
    if (iterable.type !== 'CallExpression' || this.resources.has(iterable)) return;
    if (this.exitsLoop(loop.body)) return;
    const origin = this.resolver.origin(iterable.callee);
    if (origin?.kind === 'module') {
      const path = origin.path.filter((p) => p !== 'default').join('.');
      if (PROMISE_TIMER_MODULES.includes(origin.module) && path === 'setInterval') {
        this.add(iterable, 'event-iterator', 'setInterval(…)', socket, handler, lifecycle, undefined, []);
        return;
      }
      if (EVENT_ITERATOR_HELPERS.some((h) => h.modules.includes(origin.module) && h.paths.includes(path))) {
        const emitter = iterable.arguments[0];
        if (!emitter || emitter.type === 'SpreadElement' || this.involvesSocket(socket, iterable, emitter)) return;
        const root = this.rootOf(emitter);
        if (!root || root === 'bounded' || !this.outlives(root, scope)) return;
        this.add(iterable, 'event-iterator', `on(${this.text(emitter)}, …)`, socket, handler, lifecycle, emitter as TSESTree.Expression, []);
      }
    }
  }

  /** The socket stored in a longer-lived registry: `clients.add(ws)`, `map.set(id, ws)`, `list[id] = ws`. */
  private considerStoredSocket(useNode: Node, socket: SocketFact, handler: HandlerFact, lifecycle: Lifecycle): void {
    let call: TSESTree.CallExpression | undefined;
    if (useNode.type === 'CallExpression') call = useNode;
    else if (useNode.type === 'Property') {
      // `clients.set(id, { ws, user })`
      const object = this.model.parentOf(useNode);
      const parent = object && this.model.parentOf(object);
      if (parent?.type === 'CallExpression' && parent.arguments.includes(object as TSESTree.CallExpressionArgument)) call = parent;
    } else if (useNode.type === 'AssignmentExpression' && useNode.left.type === 'MemberExpression' && useNode.left.computed) {
      const target = useNode.left;
      const root = this.rootOf(target.object);
      if (!root || root === 'bounded' || !this.outlives(root, this.connectionScope(handler.fn)) || this.isWeak(root)) return;
      if (this.involvesSocket(socket, useNode, target.object)) return;
      if (this.resources.has(useNode)) return;
      this.add(useNode, 'registry', `${this.text(target.object)}[…] = …`, socket, handler, lifecycle, target.object, []);
      return;
    }
    if (!call || this.resources.has(call)) return;
    const method = calledMethod(call);
    if (!method || !REGISTRY_ADD_METHODS.has(method.name)) return;
    const receiver = unwrap((unwrap(call.callee) as TSESTree.MemberExpression).object) as TSESTree.Expression;
    if (this.involvesSocket(socket, call, receiver)) return;
    const root = this.rootOf(receiver);
    if (!root || root === 'bounded' || !this.outlives(root, this.connectionScope(handler.fn)) || this.isWeak(root)) return;
    this.add(call, 'registry', `${this.text(receiver)}.${method.name}(…)`, socket, handler, lifecycle, receiver, []);
  }

  // ------------------------------------------------------------------ server-scoped intervals

  /**
   * An interval that a function creating a server starts and nothing clears, when this module
   * closes that server: closing it leaves the interval running (and the process alive).
   */
  private analyseServer(server: ServerFact): void {
    const fn = this.model.enclosingFunction(server.node);
    const access = server.access;
    if (!fn || access?.kind !== 'variable' || access.path.length > 0) return;
    const variable = access.variable;
    const serverRefs = variable.references.map((r) => r.identifier as Node);
    const closed = serverRefs.some((ref) => {
      const member = this.model.parentOf(ref);
      if (member?.type !== 'MemberExpression' || member.object !== ref) return false;
      const call = this.model.parentOf(member);
      if (call?.type !== 'CallExpression' || call.callee !== member) return false;
      const name = propertyName(member);
      return name === 'close' || (name !== undefined && EMITTER_LISTEN_METHODS.has(name) && staticString(call.arguments[0]) === 'close');
    });
    if (!closed) return;
    this.walkCalls(fn, (inner) => inner !== fn, (node) => {
      if (node.type !== 'CallExpression' || this.resources.has(node)) return;
      if (this.model.enclosingFunction(node) !== fn) return;
      const origin = this.resolver.origin(node.callee);
      const name = origin?.kind === 'global' ? globalFunctionName(origin.path) : undefined;
      if (name === undefined || !INTERVAL_STARTS.has(name)) return;
      const callback = this.resolver.functionOf(node.arguments[0]);
      if (!callback || !serverRefs.some((ref) => contains(callback, ref))) return;
      const handle = this.handleOf(node);
      if (handle.kind === 'escaped') return;
      const releases: Release[] = [];
      let escapes = false;
      if (handle.kind === 'variable') {
        const found = this.handleReleases(handle, undefined, new Set([callback]), undefined);
        releases.push(...found.releases);
        escapes = found.escapes;
      }
      const verdict: ResourceVerdict = escapes || releases.length > 0 ? 'released' : 'unreleased';
      this.resources.set(node, {
        kind: 'interval',
        node,
        socket: undefined,
        server,
        handlerFn: undefined,
        label: `${name}(…)`,
        handle,
        receiver: undefined,
        controllers: [],
        releases,
        escapes,
        verdict,
        requestEvent: undefined,
        earlyReturn: undefined,
      });
    });
  }

  // ------------------------------------------------------------------ releases and verdicts

  private add(
    node: TSESTree.CallExpression | TSESTree.AssignmentExpression,
    kind: ResourceKind,
    label: string,
    socket: SocketFact,
    handler: HandlerFact,
    lifecycle: Lifecycle,
    receiver: TSESTree.Expression | undefined,
    selfFns: readonly FunctionNode[],
  ): void {
    const self = new Set(selfFns);
    const handle = node.type === 'CallExpression' ? this.handleOf(node) : ({ kind: 'escaped' } as const);
    const releases: Release[] = [];
    let escapes = handle.kind === 'escaped' && node.type === 'CallExpression' && kind !== 'registry' && kind !== 'listener' && kind !== 'subscription';
    if (node.type === 'AssignmentExpression') escapes = false;
    if (handle.kind === 'variable' || handle.kind === 'member' || handle.kind === 'registry') {
      const found = this.handleReleases(handle, lifecycle, self, socket);
      releases.push(...found.releases);
      escapes ||= found.escapes;
    }
    if (handle.kind === 'escaped' && (kind === 'subscription' || kind === 'child-process' || kind === 'event-iterator')) escapes = true;
    const controllers = node.type === 'CallExpression' ? this.signalControllers(node) : { controllers: [], unknown: false };
    if (controllers.unknown) escapes = true;
    for (const controller of controllers.controllers) {
      const found = this.handleReleases({ kind: 'variable', variable: controller }, lifecycle, self, socket, ['abort']);
      releases.push(...found.releases);
      escapes ||= found.escapes;
    }
    if (receiver && (kind === 'registry' || kind === 'listener' || kind === 'subscription')) {
      const root = this.rootOf(receiver);
      if (root && root !== 'bounded') {
        const found = this.receiverReleases(kind, root, node, lifecycle, self);
        releases.push(...found.releases);
        escapes ||= found.escapes;
        // `const clients = this.byChunk.get(id); clients.push(ws)`: removals through the whole
        // registry (`this.byChunk.forEach((list) => list.splice(…))`) release it too.
        const source = kind === 'registry' ? this.registrySource(root) : undefined;
        if (source) {
          const more = this.receiverReleases(kind, source, node, lifecycle, self);
          releases.push(...more.releases);
          escapes ||= more.escapes;
        }
      }
    }
    // A clear in the resource's own callback counts only when it runs because the socket ended.
    for (let i = releases.length - 1; i >= 0; i--) {
      if (releases[i]!.context === 'self' && !this.selfReleaseFollowsSocket(releases[i]!.node, self, socket, lifecycle)) releases.splice(i, 1);
    }
    const contexts = new Set(releases.map((r) => r.context));
    let verdict: ResourceVerdict;
    if (escapes || contexts.has('close') || contexts.has('self')) verdict = 'released';
    else if (contexts.has('other')) verdict = 'released-elsewhere';
    else if (contexts.has('never-fired')) verdict = 'never-fired-only';
    else if (contexts.has('error')) verdict = 'error-only';
    else if (contexts.has('request')) verdict = 'request-only';
    else verdict = 'unreleased';
    const earlyReturn = verdict === 'released' && !escapes && !contexts.has('self') && !this.classScoped.has(node) ? this.returnSkippingReleases(node, releases, handler.fn) : undefined;
    if (earlyReturn) verdict = 'skipped-by-return';
    const requestRelease = releases.find((r) => r.context === 'request');
    this.resources.set(node, {
      kind,
      node,
      socket,
      server: undefined,
      // A class's timer is released in the class (its fields): no fix written in the handler can reach it.
      handlerFn: this.classScoped.has(node) ? undefined : handler.fn,
      label,
      handle,
      receiver,
      controllers: controllers.controllers,
      releases,
      escapes,
      verdict,
      requestEvent: requestRelease ? this.requestEventOf(requestRelease.node, lifecycle) : undefined,
      earlyReturn,
    });
  }

  /**
   * A `return` of the handler that runs after the resource started and before any of its close
   * releases was attached: `const t = setInterval(…); if (!ok) { ws.close(); return; } …
   * ws.on('close', () => clearInterval(t))`. Both "after" and "before" are in the sense of every
   * path (statement order within the blocks that contain the return), so a release attached in
   * another branch does not count, and neither does one attached under a condition.
   */
  private returnSkippingReleases(start: Node, releases: readonly Release[], fn: FunctionNode): TSESTree.ReturnStatement | undefined {
    const startPoint = this.unconditionalStatement(start, fn);
    if (!startPoint) return undefined;
    const releasePoints = releases.filter((r) => r.context === 'close').map((r) => this.unconditionalStatement(r.node, fn));
    // A release we cannot place (inside a branch, a loop) might guard the return: say nothing.
    if (releasePoints.length === 0 || releasePoints.some((point) => point === undefined)) return undefined;
    const precedes = (statement: Node, target: Node) => {
      const block = this.model.parentOf(statement);
      return !!block && contains(block, target) && statement.range[1] <= target.range[0];
    };
    for (const ret of this.model.index.own(fn, 'ReturnStatement')) {
      if (!precedes(startPoint, ret) || releasePoints.some((point) => precedes(point!, ret))) continue;
      if (this.insideTryWithFinally(ret, fn)) continue;
      return ret;
    }
    return undefined;
  }

  /**
   * The statement of `fn` that runs `node` whenever it runs: climbs out of the callbacks the node
   * sits in (a release inside a close listener: the listener's registration) and through
   * expressions only; undefined when a branch or a loop comes first.
   */
  private unconditionalStatement(node: Node, fn: FunctionNode): Node | undefined {
    let current = node;
    for (let owner = this.model.enclosingFunction(current); owner && owner !== fn; owner = this.model.enclosingFunction(owner)) current = owner;
    if (this.model.enclosingFunction(current) !== fn && current !== node) return undefined;
    for (;;) {
      const parent = this.model.parentOf(current);
      if (!parent) return undefined;
      if (parent.type === 'BlockStatement' || parent.type === 'Program') return current;
      if (!TRANSPARENT_PARENTS.has(parent.type)) return undefined;
      current = parent;
    }
  }

  private insideTryWithFinally(node: Node, fn: FunctionNode): boolean {
    for (let current = this.model.parentOf(node); current && current !== fn; current = this.model.parentOf(current)) {
      if (current.type === 'TryStatement' && current.finalizer) return true;
    }
    return false;
  }

  private requestEventOf(node: Node, lifecycle: Lifecycle): string | undefined {
    for (let fn = this.model.enclosingFunction(node); fn; fn = this.model.enclosingFunction(fn)) {
      const event = lifecycle.requestFns.get(fn);
      if (event !== undefined) return event;
    }
    return undefined;
  }

  /**
   * Whether a release in the resource's own callback (an interval that clears itself) follows the
   * socket's end: it runs unconditionally (the timer stops itself), or behind a condition that
   * reads the socket or state the close handler writes (`if (ws.readyState !== ws.OPEN)`,
   * `if (closed)`), or in a callback or `catch` of the socket's own calls. Behind a condition a
   * normal close never meets (a counter, a clock, a message), the timer outlives the socket.
   */
  private selfReleaseFollowsSocket(release: Node, self: ReadonlySet<FunctionNode>, socket: SocketFact, lifecycle: Lifecycle): boolean {
    const conditions: Node[] = [];
    let conditional = false;
    for (let child: Node = release, parent = this.model.parentOf(release); parent; child = parent, parent = this.model.parentOf(parent)) {
      if (isFunction(child) && self.has(child)) break;
      if (isFunction(child)) {
        const call = parent.type === 'CallExpression' && parent.arguments.includes(child as TSESTree.CallExpressionArgument) ? parent : undefined;
        const method = call ? calledMethod(call) : undefined;
        if (method && this.isSocketExpression(method.object, socket)) return true; // ws.send(data, (error) => …)
        conditional = true;
      } else if (parent.type === 'IfStatement' && child !== parent.test) conditions.push(parent.test);
      else if (parent.type === 'ConditionalExpression' && child !== parent.test) conditions.push(parent.test);
      else if (parent.type === 'LogicalExpression' && child === parent.right) conditions.push(parent.left);
      else if (parent.type === 'SwitchCase' && parent.test) conditions.push(parent.test);
      else if (parent.type === 'CatchClause') {
        const tryStatement = this.model.parentOf(parent);
        if (tryStatement?.type === 'TryStatement' && this.model.index.descendants(tryStatement.block).some((node) => this.isSocketExpression(node, socket))) return true;
        conditional = true;
      } else if (parent.type === 'BlockStatement' || parent.type === 'Program') {
        // `if (n < limit) return;` before the release guards it too.
        for (const statement of parent.body) {
          if (statement === child) break;
          if (statement.type === 'IfStatement' && this.model.index.descendants(statement.consequent).some((node) => node.type === 'ReturnStatement')) conditions.push(statement.test);
        }
      }
    }
    if (conditions.length === 0) return !conditional;
    const closeNames = new Set<string>();
    for (const fn of lifecycle.closeFns) for (const node of this.model.index.descendants(fn)) if (node.type === 'Identifier') closeNames.add(node.name);
    return conditions.some((condition) =>
      this.model.index.descendants(condition).some((node) => this.isSocketExpression(node, socket) || (node.type === 'Identifier' && closeNames.has(node.name))) ||
      this.isSocketExpression(condition, socket),
    );
  }

  /** An identifier (or `this.<name>`) through which code reaches the socket. */
  private isSocketExpression(node: Node, socket: SocketFact): boolean {
    return socket.accesses.some((access) =>
      access.kind === 'variable'
        ? node.type === 'Identifier' && access.variable.references.some((reference) => reference.identifier === node)
        : node.type === 'MemberExpression' && node.object.type === 'ThisExpression' && propertyName(node) === access.name,
    );
  }

  /** Where a node runs, relative to the socket's life. */
  private contextOf(node: Node, lifecycle: Lifecycle | undefined, self: ReadonlySet<FunctionNode>): ReleaseContext {
    if (!lifecycle) return 'other';
    if (lifecycle.closeRegions.some(([start, end]) => node.range[0] >= start && node.range[1] <= end)) return 'close';
    const chain: FunctionNode[] = [];
    for (let fn = isFunction(node) ? node : this.model.enclosingFunction(node); fn; fn = this.model.enclosingFunction(fn)) chain.push(fn);
    if (chain.some((fn) => lifecycle.closeFns.has(fn))) return 'close';
    for (const fn of chain) {
      if (self.has(fn)) return 'self';
      if (lifecycle.neverFiredFns.has(fn)) return 'never-fired';
      if (lifecycle.errorFns.has(fn)) return 'error';
      if (lifecycle.requestFns.has(fn)) return 'request';
    }
    return 'other';
  }

  /** Releases of a handle through its references: clear calls, release methods, calling it, passing it as a close listener. */
  private handleReleases(
    handle: ResourceHandle,
    lifecycle: Lifecycle | undefined,
    self: ReadonlySet<FunctionNode>,
    socket: SocketFact | undefined,
    releaseMethods: ReadonlySet<string> | readonly string[] = HANDLE_RELEASE_METHODS,
  ): { releases: Release[]; escapes: boolean } {
    const releases: Release[] = [];
    let escapes = false;
    const methods = new Set(releaseMethods);
    const mentions: Node[] = [];
    if (handle.kind === 'variable') {
      for (const reference of handle.variable.references) {
        if (reference.isWrite() && !reference.isRead()) continue;
        mentions.push(reference.identifier as Node);
      }
    } else if (handle.kind === 'member') {
      // `this.timer` of one class is not `this.timer` of another.
      const owners = this.model.thisOwners;
      const ownOwner = owners?.ownerOf(handle.target.object);
      for (const member of this.model.index.membersNamed(handle.name)) {
        if (member === handle.target || member.computed) continue;
        if (ownOwner && owners?.isSelf(member.object) && owners.ownerOf(member.object) !== ownOwner) continue;
        const parent = this.model.parentOf(member);
        if (parent?.type === 'AssignmentExpression' && parent.left === member) continue;
        mentions.push(member);
      }
    } else if (handle.kind === 'registry') {
      // A timer kept in a registry: any clear call in a function that mentions the registry.
      for (const call of this.timerClears()) {
        const fn = this.model.enclosingFunction(call);
        const where: Node = fn ?? this.program;
        if (this.mentionsRoot(where, handle.root)) releases.push({ node: call, context: this.contextOf(call, lifecycle, self) });
      }
      return { releases, escapes };
    }
    for (const mention of mentions) {
      let expr: Node = mention;
      let parent = this.model.parentOf(expr);
      while (parent && TRANSPARENT.has(parent.type)) {
        expr = parent;
        parent = this.model.parentOf(expr);
      }
      if (!parent) continue;
      if (parent.type === 'CallExpression' && parent.callee === expr) {
        releases.push({ node: parent, context: this.contextOf(parent, lifecycle, self) });
        continue;
      }
      if (parent.type === 'CallExpression' && parent.arguments.includes(expr as TSESTree.CallExpressionArgument)) {
        if (this.isTimerClear(parent)) {
          releases.push({ node: parent, context: this.contextOf(parent, lifecycle, self) });
          continue;
        }
        const listenerContext = this.listenerRegistrationContext(parent, expr, socket, lifecycle);
        if (listenerContext) {
          releases.push({ node: parent, context: listenerContext });
          continue;
        }
        if (this.isConsoleCall(parent)) continue;
        escapes = true;
        continue;
      }
      if (parent.type === 'MemberExpression' && parent.object === expr) {
        // Walk the member chain: `child.stdin.end()`, `ac.abort.bind(ac)`.
        let member: Node = parent;
        for (;;) {
          const name = member.type === 'MemberExpression' ? propertyName(member) : undefined;
          const next = this.model.parentOf(member);
          if (name !== undefined && methods.has(name) && next?.type === 'CallExpression' && next.callee === member) {
            releases.push({ node: next, context: this.contextOf(next, lifecycle, self) });
            break;
          }
          if (name !== undefined && methods.has(name) && next?.type === 'MemberExpression' && propertyName(next) === 'bind') {
            // `ws.on('close', ac.abort.bind(ac))`
            const bindCall = this.model.parentOf(next);
            if (bindCall?.type === 'CallExpression') {
              const outer = this.model.parentOf(bindCall);
              const context = outer?.type === 'CallExpression' ? this.listenerRegistrationContext(outer, bindCall, socket, lifecycle) : undefined;
              releases.push({ node: bindCall, context: context ?? this.contextOf(bindCall, lifecycle, self) });
            }
            break;
          }
          if (name !== undefined && NEUTRAL_HANDLE_METHODS.has(name)) break;
          if (next?.type === 'MemberExpression' && next.object === member) {
            member = next;
            continue;
          }
          break;
        }
        continue;
      }
      if (
        ESCAPING_PARENT_TYPES.has(parent.type) ||
        parent.type === 'VariableDeclarator' ||
        (parent.type === 'AssignmentExpression' && parent.right === expr) ||
        parent.type === 'NewExpression'
      ) {
        escapes = true;
      }
    }
    return { releases, escapes };
  }

  /**
   * When a handle is passed as a listener (`ws.on('close', unsubscribe)`), the context it runs in:
   * a registration on the socket itself for its close, error or never-fired event.
   */
  private listenerRegistrationContext(call: TSESTree.CallExpression, arg: Node, socket: SocketFact | undefined, lifecycle: Lifecycle | undefined): ReleaseContext | undefined {
    if (!socket || !lifecycle || call.arguments[1] !== arg) return undefined;
    const event = staticString(call.arguments[0]);
    if (event === undefined) return undefined;
    const onSocket = this.model.useIndexOf(socket).listeners.has(call);
    if (!onSocket) return undefined;
    if (FRAMEWORKS[socket.framework].events.close.includes(event)) return 'close';
    if ((NEVER_FIRED_CLOSE_EVENTS[socket.framework] ?? []).includes(event)) return 'never-fired';
    if (FRAMEWORKS[socket.framework].events.error.includes(event)) return 'error';
    return 'other';
  }

  /** Releases through the longer-lived receiver: `clients.delete(…)`, `bus.off('x', f)`, `redis.unsubscribe(ch)`. */
  private receiverReleases(
    kind: 'registry' | 'listener' | 'subscription',
    root: Root,
    start: Node,
    lifecycle: Lifecycle,
    self: ReadonlySet<FunctionNode>,
  ): { releases: Release[]; escapes: boolean } {
    const releases: Release[] = [];
    let escapes = false;
    const methods = RECEIVER_RELEASE_METHODS[kind];
    const startCall = start.type === 'CallExpression' ? start : undefined;
    for (const call of this.model.index.methodCallsOf(methods)) {
      if (call === start) continue;
      const method = calledMethod(call)!;
      const receiverRoot = this.rootOf(method.object);
      if (!receiverRoot || receiverRoot === 'bounded') continue;
      if (!sameRoot(receiverRoot, root) && !(kind === 'registry' && this.derivesFrom(receiverRoot, root))) continue;
      if (kind === 'listener' && startCall && !this.removesListener(startCall, call, method.name)) continue;
      releases.push({ node: call, context: this.contextOf(call, lifecycle, self) });
    }
    if (kind === 'registry') {
      const removals = this.registryRemovals(root);
      for (const node of removals.nodes) if (node !== start) releases.push({ node, context: this.contextOf(node, lifecycle, self) });
      escapes ||= removals.escapes;
    }
    return { releases, escapes };
  }

  /**
   * What removes entries from a registry through its own name, whichever resource asks: the same
   * for every socket stored in it, so found once per registry (a module-level `clients` with a
   * thousand `clients.add(ws)` was scanned a thousand times).
   */
  private readonly removalsByRoot = new Map<Variable | string, { nodes: Node[]; escapes: boolean }>();

  private registryRemovals(root: Root): { nodes: Node[]; escapes: boolean } {
    const key = root.kind === 'variable' ? root.variable : `${root.kind}:${root.name}`;
    let found = this.removalsByRoot.get(key);
    if (found) return found;
    found = { nodes: [], escapes: false };
    for (const node of this.rootMentions(root)) {
      let expr = node;
      let parent = this.model.parentOf(expr);
      while (parent?.type === 'MemberExpression' && parent.object === expr) {
        expr = parent;
        parent = this.model.parentOf(expr);
      }
      // `clients = clients.filter(…)`, `delete clients[id]`, `clients[id] = null`.
      if (parent?.type === 'AssignmentExpression' && parent.left === expr) {
        const value = unwrap(parent.right);
        const cleared = (value.type === 'Literal' && value.value === null) || (value.type === 'Identifier' && value.name === 'undefined');
        if ((expr === node && !this.isInitialisation(parent)) || cleared) found.nodes.push(parent);
        continue;
      }
      if (parent?.type === 'UnaryExpression' && parent.operator === 'delete') {
        found.nodes.push(parent);
        continue;
      }
      // The registry itself handed to a function: that function may remove the socket.
      if (node === expr && parent?.type === 'CallExpression' && parent.arguments.includes(expr as TSESTree.CallExpressionArgument) && !this.isConsoleCall(parent)) found.escapes = true;
    }
    this.removalsByRoot.set(key, found);
    return found;
  }

  /** The registry a local variable was looked up in: `rooms` of `const members = rooms.get(id)` or `rooms[id]`. */
  private registrySource(root: Root): Root | undefined {
    if (root.kind !== 'variable') return undefined;
    const value = this.model.resolver?.singleValue(root.variable);
    const collection = value && lookedUpCollection(value);
    const source = collection && this.rootOf(collection);
    return source && source !== 'bounded' ? source : undefined;
  }

  /**
   * A variable that holds part of a registry: `const members = rooms.get(id)`, `for (const set of
   * rooms.values())`, or the parameter of a callback given to one of its methods (`rooms.forEach((set) => …)`).
   */
  private derivesFrom(candidate: Root, root: Root): boolean {
    if (candidate.kind !== 'variable') return false;
    const def = candidate.variable.defs[0];
    if (!def) return false;
    const node = def.node as Node;
    if (node.type === 'VariableDeclarator') {
      if (node.init && this.mentionsRoot(node.init, root)) return true;
      const declaration = this.model.parentOf(node);
      const loop = declaration && this.model.parentOf(declaration);
      return loop?.type === 'ForOfStatement' && loop.left === declaration && this.mentionsRoot(loop.right, root);
    }
    if (def.type === 'Parameter' && isFunction(node)) {
      const call = this.model.parentOf(node);
      if (call?.type !== 'CallExpression' || !call.arguments.includes(node as TSESTree.CallExpressionArgument)) return false;
      const method = calledMethod(call);
      return !!method && this.mentionsRoot(method.object, root);
    }
    return false;
  }

  /** An assignment that creates the registry (in a constructor, or at the top level) rather than emptying it. */
  private isInitialisation(assignment: Node): boolean {
    const fn = this.model.enclosingFunction(assignment);
    if (!fn) return true;
    const owner = this.model.parentOf(fn);
    return owner?.type === 'MethodDefinition' && owner.kind === 'constructor';
  }

  /** Whether `release` removes the listener `start` added: same event, and the same function when it has a name. */
  private removesListener(start: TSESTree.CallExpression, release: TSESTree.CallExpression, method: string): boolean {
    const event = staticString(start.arguments[0]);
    const releaseEvent = release.arguments[0] ? staticString(release.arguments[0]) : undefined;
    if (method === 'removeAllListeners') return release.arguments.length === 0 || releaseEvent === undefined || releaseEvent === event;
    if (event !== undefined && releaseEvent !== undefined && event !== releaseEvent) return false;
    const added = start.arguments[1] && unwrap(start.arguments[1]);
    const removed = release.arguments[1] && unwrap(release.arguments[1]);
    if (!added || !removed) return false;
    if (added.type === 'Identifier' && removed.type === 'Identifier') {
      const a = this.resolver.variable(added);
      return a ? a === this.resolver.variable(removed) : added.name === removed.name;
    }
    if (added.type === 'MemberExpression' && removed.type === 'MemberExpression') return propertyName(added) === propertyName(removed);
    return false;
  }

  /** AbortControllers whose signal is passed in an options object of the call (`{ signal: ac.signal }`). */
  private signalControllers(call: TSESTree.CallExpression): { controllers: Variable[]; unknown: boolean } {
    const controllers: Variable[] = [];
    let unknown = false;
    for (const arg of call.arguments) {
      const options = this.resolver.objectLiteral(arg);
      const signal = options && findProperty(options, 'signal');
      if (!signal) continue;
      const found = this.controllersOfSignal(signal.value as Node, 0);
      if (found) controllers.push(...found);
      else unknown = true;
    }
    return { controllers, unknown };
  }

  private controllersOfSignal(expr: Node, depth: number): Variable[] | undefined {
    if (depth > 4) return undefined;
    const node = unwrap(expr);
    if (node.type === 'MemberExpression' && propertyName(node) === 'signal' && node.object.type === 'Identifier') {
      const variable = this.resolver.variable(node.object);
      const init = variable && this.resolver.singleValue(variable);
      if (variable && init?.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === 'AbortController') return [variable];
      return undefined;
    }
    if (node.type === 'Identifier') {
      const variable = this.resolver.variable(node);
      const init = variable && this.resolver.singleValue(variable);
      return init ? this.controllersOfSignal(init, depth + 1) : undefined;
    }
    // `AbortSignal.any([a.signal, b.signal])`: any of them aborts it.
    if (node.type === 'CallExpression' && calledMethod(node)?.name === 'any' && node.arguments[0]?.type === 'ArrayExpression') {
      const all: Variable[] = [];
      for (const element of node.arguments[0].elements) {
        if (!element || element.type === 'SpreadElement') return undefined;
        const found = this.controllersOfSignal(element, depth + 1);
        if (!found) return undefined;
        all.push(...found);
      }
      return all;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ handles

  /** Where the value of a resource call goes. */
  private handleOf(call: TSESTree.CallExpression): ResourceHandle {
    let expr: Node = call;
    let parent = this.model.parentOf(expr);
    for (;;) {
      while (parent && TRANSPARENT.has(parent.type)) {
        expr = parent;
        parent = this.model.parentOf(expr);
      }
      // `setInterval(…).unref()` returns the same timer.
      if (parent?.type === 'MemberExpression' && parent.object === expr && NEUTRAL_HANDLE_METHODS.has(propertyName(parent) ?? '')) {
        const next = this.model.parentOf(parent);
        if (next?.type === 'CallExpression' && next.callee === parent) {
          expr = next;
          parent = this.model.parentOf(expr);
          continue;
        }
      }
      break;
    }
    if (!parent) return { kind: 'escaped' };
    if (parent.type === 'ExpressionStatement') return { kind: 'discarded', statement: parent };
    // `(ws) => setInterval(…)` as a listener: the emitter ignores the returned timer.
    if (isFunction(parent) && parent.body === expr && this.model.returnValueIgnored(parent)) return { kind: 'discarded', statement: expr };
    if (parent.type === 'ForOfStatement' && parent.right === expr) return { kind: 'loop' };
    if (parent.type === 'VariableDeclarator' && parent.init === expr && parent.id.type === 'Identifier') {
      const variable = this.resolver.variable(parent.id);
      return variable ? { kind: 'variable', variable } : { kind: 'escaped' };
    }
    if (parent.type === 'AssignmentExpression' && parent.right === expr && parent.operator === '=') {
      const left = parent.left;
      if (left.type === 'Identifier') {
        const variable = this.resolver.variable(left);
        return variable ? { kind: 'variable', variable } : { kind: 'escaped' };
      }
      if (left.type === 'MemberExpression' && !left.computed) {
        const name = propertyName(left);
        if (name !== undefined) return { kind: 'member', name, target: left };
      }
      return { kind: 'escaped' };
    }
    if (parent.type === 'CallExpression' && parent.arguments.includes(expr as TSESTree.CallExpressionArgument)) {
      const method = calledMethod(parent);
      if (method && REGISTRY_ADD_METHODS.has(method.name)) {
        const root = this.rootOf(method.object);
        if (root && root !== 'bounded') return { kind: 'registry', root };
      }
    }
    return { kind: 'escaped' };
  }

  // ------------------------------------------------------------------ helpers

  /** The function a `setTimeout` re-arms: the callback contains this very call (directly or through one call). */
  private rearmingFunction(call: TSESTree.CallExpression): FunctionNode | undefined {
    const callback = call.arguments[0];
    let target = this.resolver.functionOf(callback);
    if (target && !contains(target, call) && target.body.type !== 'BlockStatement' && unwrap(target.body).type === 'CallExpression') {
      target = this.resolver.functionOf((unwrap(target.body) as TSESTree.CallExpression).callee);
    } else if (target && !contains(target, call) && target.body.type === 'BlockStatement' && target.body.body.length === 1) {
      const only = target.body.body[0];
      if (only?.type === 'ExpressionStatement' && unwrap(only.expression).type === 'CallExpression') {
        target = this.resolver.functionOf((unwrap(only.expression) as TSESTree.CallExpression).callee);
      }
    }
    if (!target || !contains(target, call) || target === call.arguments[0]) return undefined;
    // Only an unconditional re-arm never stops by itself: a statement of the body, and no return/throw.
    let statement: Node = call;
    let parent = this.model.parentOf(statement);
    while (parent && parent !== target.body && parent.type !== 'BlockStatement') {
      if (parent.type !== 'ExpressionStatement' && parent.type !== 'AssignmentExpression' && !TRANSPARENT.has(parent.type)) return undefined;
      statement = parent;
      parent = this.model.parentOf(statement);
    }
    if (parent !== target.body) return undefined;
    let stops = false;
    this.walkCalls(target, (inner) => inner !== target, () => undefined, (node) => {
      if (node.type === 'ReturnStatement' || node.type === 'ThrowStatement') stops = true;
    });
    return stops ? undefined : target;
  }

  /** The function arguments of a call (the resource's own callbacks). */
  private callbacksOf(call: TSESTree.CallExpression): FunctionNode[] {
    return call.arguments.map((arg) => this.resolver.functionOf(arg)).filter((fn): fn is FunctionNode => !!fn && contains(call, fn));
  }

  /** A `break`, `return` or `throw` in the loop's body itself (not in a function inside it). */
  private exitsLoop(body: Node): boolean {
    const owner = this.model.enclosingFunction(body);
    return this.model.index
      .descendants(body)
      .some((node) => (node.type === 'BreakStatement' || node.type === 'ReturnStatement' || node.type === 'ThrowStatement') && this.model.enclosingFunction(node) === owner);
  }

  /**
   * The receiver is (or hangs off) the socket, or the call is a listener / method call on the
   * socket itself: it dies with the socket.
   */
  private involvesSocket(socket: SocketFact, call: Node, receiver: Node): boolean {
    const uses = this.model.useIndexOf(socket);
    if (uses.methodCalls.has(call) || uses.listeners.has(call)) return true;
    // A use inside the receiver (`ws.x.on(…)`): the first use starting in its range that ends in it.
    const [start, end] = receiver.range;
    let low = 0;
    let high = uses.byStart.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (uses.byStart[middle]!.range[0] < start) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < uses.byStart.length && uses.byStart[i]!.range[0] <= end; i++) if (uses.byStart[i]!.range[1] <= end) return true;
    // A member use that the receiver begins (`ws` of a use `ws.x`): an ancestor with the same start.
    for (let node = this.model.parentOf(receiver); node && node.range[0] === start; node = this.model.parentOf(node)) {
      if (node.type === 'MemberExpression' && uses.nodes.has(node)) return true;
    }
    return false;
  }

  /** The socket is an argument: the callee takes it over and may well clean up on its close. */
  private passesSocket(socket: SocketFact, call: TSESTree.CallExpression): boolean {
    return this.model.usesOf(socket).some((use) => (use.kind === 'handed-off' || use.kind === 'stored') && use.node === call);
  }

  /** The base of an expression: through members, `.get(…)` lookups and RxJS `.pipe(…)`. */
  private rootOf(expr: Node): Root | 'bounded' | undefined {
    let node = unwrap(expr);
    let firstName: string | undefined;
    for (;;) {
      if (node.type === 'MemberExpression') {
        firstName = propertyName(node);
        node = unwrap(node.object);
        continue;
      }
      if (node.type === 'CallExpression') {
        const method = calledMethod(node);
        if (method?.name === 'pipe') {
          const bounded = node.arguments.some((arg) => {
            const op = arg.type === 'CallExpression' ? unwrap(arg.callee) : undefined;
            return op?.type === 'Identifier' && BOUNDING_OPERATORS.has(op.name);
          });
          if (bounded) return 'bounded';
          node = method.object;
          continue;
        }
        if (method?.name === 'get') {
          node = method.object;
          continue;
        }
        return undefined;
      }
      break;
    }
    if (this.isInstance(node)) return firstName === undefined ? undefined : { kind: 'this', name: firstName };
    if (node.type !== 'Identifier') return undefined;
    const variable = this.resolver.variable(node);
    if (variable && variable.defs.length > 0) return { kind: 'variable', variable };
    return { kind: 'global', name: node.name };
  }

  /**
   * `this` (or `self = this`) of an instance's method (a gateway, a server wrapper, a function
   * constructor's prototype method): created before the connection. In a plain function `this`
   * may be per-connection (koa-websocket's generator middleware gets `ctx`): no owner (this-owner.ts).
   */
  private isInstance(node: Node): boolean {
    return (node.type === 'ThisExpression' || node.type === 'Identifier') && this.model.thisOwners?.ownerOf(node) !== undefined;
  }

  /** Declared outside the connection's own functions: it lives on when the connection ends. */
  private outlives(root: Root, scope: FunctionNode): boolean {
    if (root.kind !== 'variable') return true;
    const def = root.variable.defs[0];
    if (!def) return true;
    const declaredAt = (def.name as Node | undefined) ?? (def.node as Node);
    return !contains(scope, declaredAt);
  }

  /** A `WeakMap`/`WeakSet` registry does not keep the socket alive. */
  private isWeak(root: Root): boolean {
    let init: Node | undefined;
    if (root.kind === 'variable') init = this.resolver.singleValue(root.variable) ?? undefined;
    else if (root.kind === 'this') {
      for (const member of this.model.index.membersNamed(root.name)) {
        if (!this.isInstance(member.object)) continue;
        const parent = this.model.parentOf(member);
        if (parent?.type === 'AssignmentExpression' && parent.left === member) init = parent.right;
      }
      if (!init) {
        for (const node of this.model.nodes) {
          if (node.type === 'PropertyDefinition' && !node.computed && node.key.type === 'Identifier' && node.key.name === root.name && node.value) init = node.value;
        }
      }
    }
    if (!init) return false;
    const value = unwrap(init);
    return value.type === 'NewExpression' && value.callee.type === 'Identifier' && WEAK_COLLECTIONS.has(value.callee.name);
  }

  private mentionsRoot(where: Node, root: Root): boolean {
    return this.rootMentions(root).some((node) => contains(where, node));
  }

  /** Identifiers (or `this.<name>` members) that denote a root. */
  private rootMentions(root: Root): Node[] {
    if (root.kind === 'variable') return root.variable.references.map((r) => r.identifier as Node);
    if (root.kind === 'this') return this.model.index.membersNamed(root.name).filter((m) => this.isInstance(m.object));
    return [...this.model.identifiersNamed(root.name)];
  }

  private isTimerClear(call: TSESTree.CallExpression): boolean {
    return isTimerCall(this.model, call, TIMER_CLEARS);
  }

  private isConsoleCall(call: TSESTree.CallExpression): boolean {
    const callee = unwrap(call.callee);
    return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'console';
  }

  private text(node: Node): string {
    const n = unwrap(node);
    if (n.type === 'Identifier') return n.name;
    if (n.type === 'ThisExpression') return 'this';
    if (n.type === 'MemberExpression') {
      const name = propertyName(n);
      return `${this.text(n.object)}${name === undefined ? '[…]' : n.computed ? `[${JSON.stringify(name)}]` : `.${name}`}`;
    }
    if (n.type === 'CallExpression') return `${this.text(n.callee)}(…)`;
    return '…';
  }

  /** `clearInterval(…)`, `clearTimeout(…)` and their module forms, in source order. */
  private timerClears(): readonly TSESTree.CallExpression[] {
    this.timerClearCalls ??= [...this.model.index.inside(this.program, 'CallExpression')].filter((call) => this.isTimerClear(call));
    return this.timerClearCalls;
  }

  /**
   * Visits calls and `for await` loops under a function, in source order, skipping nested
   * functions `skip` rejects (and everything inside them).
   */
  private walkCalls(root: FunctionNode, skip: (fn: FunctionNode) => boolean, visit: (node: Node) => void, visitAny?: (node: Node) => void): void {
    const skipped = new Set<Node>();
    for (const node of this.model.index.subtree(root)) {
      if (node === root) continue;
      const owner = this.model.enclosingFunction(node);
      if (owner && skipped.has(owner)) {
        if (isFunction(node)) skipped.add(node);
        continue;
      }
      if (isFunction(node) && skip(node)) {
        skipped.add(node);
        continue;
      }
      visitAny?.(node);
      if (node.type === 'CallExpression' || node.type === 'ForOfStatement') visit(node);
    }
  }
}

/** Handlers in which per-connection work starts: connection callbacks and every hook except the end ones. */
/** Expressions and statements between a call and its statement that run it unconditionally. */
const TRANSPARENT_PARENTS: ReadonlySet<string> = new Set([
  'ExpressionStatement',
  'CallExpression',
  'MemberExpression',
  'ChainExpression',
  'AwaitExpression',
  'VariableDeclarator',
  'VariableDeclaration',
  'AssignmentExpression',
  'TSAsExpression',
  'TSNonNullExpression',
]);

function startsWork(handler: HandlerFact): boolean {
  if (handler.kind === 'connection' || handler.kind === 'handle-upgrade') return true;
  if (handler.kind !== 'hook' || handler.hookName === undefined) return false;
  const events = FRAMEWORKS[handler.framework].events;
  return !events.close.includes(handler.hookName) && !events.error.includes(handler.hookName) && handler.hookName !== 'upgrade';
}

/** `setInterval`, `window.setInterval`, `globalThis.setInterval` → 'setInterval'. */
function globalFunctionName(path: readonly string[]): string | undefined {
  if (path.length === 1) return path[0];
  if (path.length === 2 && GLOBAL_OBJECTS.has(path[0]!)) return path[1];
  return undefined;
}

function sameRoot(a: Root, b: Root): boolean {
  if (a.kind === 'variable' && b.kind === 'variable') return a.variable === b.variable;
  if (a.kind === 'this' && b.kind === 'this') return a.name === b.name;
  if (a.kind === 'global' && b.kind === 'global') return a.name === b.name;
  return false;
}

/** The close event (or hook) a fix should use for a socket's framework, and how to listen for it. */
export function closeEventOf(framework: FrameworkId): string {
  return FRAMEWORKS[framework].events.close[0] ?? 'close';
}

/**
 * The close event (or hook) of one socket: a socket seen through per-socket class hooks (a Durable
 * Object's `webSocketMessage`…) ends in the hook of that family (`webSocketClose`).
 */
export function closeEventOfSocket(socket: SocketFact): string {
  const hooks = SOCKET_HOOK_METHODS[socket.framework] ?? [];
  const hookName = socket.handler?.hookName;
  if (hookName !== undefined && hooks.includes(hookName)) {
    const hook = FRAMEWORKS[socket.framework].events.close.find((name) => hooks.includes(name));
    if (hook) return hook;
  }
  return closeEventOf(socket.framework);
}

/** The server event that ends a server's life, for server-scoped intervals. */
export function serverCloseEventOf(framework: FrameworkId): string | undefined {
  return SERVER_CLOSE_EVENTS[framework];
}

