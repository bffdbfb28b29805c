/**
 * Reconnection of client sockets (browser `WebSocket`, `WebSocketStream`, Node `ws` clients):
 * where a close or error handler creates the next socket, how long it waits first, and whether
 * that wait is spread with randomness (frameworks.md §14 (d), seed 002).
 *
 * - `reconnectsOf(model)`: for each client socket, every path from its `close`/`error` handlers to
 *   a new socket: a `new WebSocket(…)`, or a call of a same-module function (or method) that
 *   creates one, directly, through helpers, or from a `setTimeout` callback; an `await`ed sleep
 *   before it counts as a delay. For a client that reconnects by itself (reconnecting-websocket),
 *   a call of its reconnect method is a reconnect too (`library`).
 * - `classifyDelay(model, reconnect)`: immediate, a constant delay, growth without randomness,
 *   jittered (with the largest delay when it is known), or unknown (anything we cannot read:
 *   imported helpers, configuration, `Date.now()`), which rules must not report.
 * The fix is fixes/plans/reconnect-backoff.ts.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { constructorOf, contains, findProperty, isFunction, isIdentifier, keyName, propertyName, unwrap, type FunctionNode, type Node } from './ast.js';
import type { SocketEventHandler } from './events.js';
import { FRAMEWORKS } from './frameworks.js';
import { PROMISE_TIMER_MODULES } from './liveness-data.js';
import { LIFECYCLES } from './owners-data.js';
import { isTimerCall } from './liveness.js';
import { foldValue, scanModule } from './static-values.js';
import type { SocketFact, SocketModel, Variable } from './types.js';

const SET_TIMEOUT: ReadonlySet<string> = new Set(['setTimeout']);
const SET_INTERVAL: ReadonlySet<string> = new Set(['setInterval']);
const PROMISE_CONTINUATIONS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);
const MAX_DEPTH = 3;

export type ReconnectDelay =
  /** The handler (or a helper it calls) creates the socket synchronously. */
  | { readonly kind: 'none' }
  /**
   * `setTimeout(reconnect, expression)`; `expression` undefined means 0 ms. `repeating`: a
   * `setInterval` the handler starts, whose callback reconnects on the tick where its tests hold
   * (a countdown).
   */
  | { readonly kind: 'timer'; readonly timer: TSESTree.CallExpression; readonly expression: Node | undefined; readonly repeating?: boolean }
  /** An `await` before the reconnect: a recognised sleep (`expression`), or something else (undefined). */
  | { readonly kind: 'awaited'; readonly await: TSESTree.AwaitExpression; readonly expression: Node | undefined };

export interface Reconnect {
  readonly socket: SocketFact;
  readonly handler: SocketEventHandler;
  /** The new socket, the call of the function that creates it, or the function passed to setTimeout. */
  readonly reconnect: Node;
  readonly delay: ReconnectDelay;
  /**
   * The client library whose own reconnect method this calls (frameworks.ts `reconnectMethod`):
   * the library already reconnects with a growing delay, which the call resets.
   */
  readonly library?: string | undefined;
}

const reconnectCache = new WeakMap<SocketModel, readonly Reconnect[]>();

export function reconnectsOf(model: SocketModel): readonly Reconnect[] {
  let found = reconnectCache.get(model);
  if (found) return found;
  found = new ReconnectFinder(model).find();
  reconnectCache.set(model, found);
  return found;
}

class ReconnectFinder {
  private readonly creations: ReadonlySet<Node>;
  /** Calls of a self-reconnecting client's reconnect method (frameworks.ts `reconnectMethod`), by socket. */
  private readonly libraryReconnects = new Map<Node, SocketFact>();
  private readonly creates = new Map<FunctionNode, Node | undefined>();

  constructor(private readonly model: SocketModel) {
    const clients = model.sockets.filter((s) => s.role === 'client' && s.node.type === 'NewExpression');
    this.creations = new Set(clients.map((s) => s.node));
    for (const socket of clients) {
      const method = FRAMEWORKS[socket.framework].reconnectMethod;
      if (!method) continue;
      for (const use of model.usesOf(socket)) if (use.kind === 'method-call' && use.name === method) this.libraryReconnects.set(use.node, socket);
    }
  }

  find(): Reconnect[] {
    const found: Reconnect[] = [];
    for (const socket of this.model.sockets) {
      if (socket.role !== 'client' || socket.node.type !== 'NewExpression') continue;
      for (const kind of ['close', 'error'] as const) {
        for (const handler of this.model.handlersOf(socket, kind)) {
          if (!handler.fn) continue;
          const paths: { reconnect: Node; delay: ReconnectDelay; library?: string | undefined }[] = [];
          this.search(handler.fn, undefined, 0, new Set(), paths);
          for (const path of paths) {
            if (found.some((r) => r.reconnect === path.reconnect && r.handler.fn === handler.fn)) continue;
            // Another socket's reconnect method reconnects that socket, not this one.
            const owner = this.libraryReconnects.get(path.reconnect);
            if (owner && owner !== socket) continue;
            found.push({ socket, handler, ...path });
          }
        }
      }
    }
    return found;
  }

  private functionOf(expr: Node | undefined): FunctionNode | undefined {
    if (!expr) return undefined;
    return this.model.resolver?.functionOf(expr) ?? this.model.thisOwners?.methodAt(expr);
  }

  /**
   * The same-module function a call runs: the callee, or the constructor of what it instantiates
   * (`new SocketManager(…)`: a class, or a function constructor; this-owner.ts).
   */
  private calleeOf(node: TSESTree.CallExpression | TSESTree.NewExpression): FunctionNode | undefined {
    if (node.type === 'CallExpression') return this.functionOf(node.callee);
    return this.model.thisOwners?.constructedBy(node.callee)?.init;
  }

  /**
   * `options.onClose()`, `onClose()` (destructured), `this.options.onClose()`: a callback the
   * function (or the class's constructor) received in its options. What it runs is what the
   * same-module callers pass there: `new SocketManager({ onClose: () => this.connect() })`.
   */
  private optionCallbacks(call: TSESTree.CallExpression): FunctionNode[] {
    const received = receivedOption(this.model, call.callee);
    if (!received) return [];
    const { fn, index, path } = received;
    // Calls of the function, and `new`s of the class or function constructor it initialises.
    const sites: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[] = [
      ...scanModule(this.model).news.filter((site) => this.model.thisOwners?.constructedBy(site.callee)?.init === fn),
      ...scanModule(this.model).calls.filter((site) => this.functionOf(site.callee) === fn),
    ].sort((a, b) => a.range[0] - b.range[0]);
    const found: FunctionNode[] = [];
    for (const site of sites) {
      let value: Node | undefined = site.arguments[index];
      for (const key of path) {
        const object: TSESTree.ObjectExpression | undefined = value && value.type !== 'SpreadElement' ? this.model.resolver?.objectLiteral(value) : undefined;
        value = object ? findProperty(object, key)?.value : undefined;
      }
      const callback = value && value.type !== 'SpreadElement' ? this.functionOf(value) : undefined;
      if (callback) found.push(callback);
    }
    return found;
  }

  /** Whether a function creates a client socket when it runs (itself or through helpers it calls). */
  private createsSocket(fn: FunctionNode, depth = 0): boolean {
    return this.creationIn(fn, depth) !== undefined;
  }

  /** The node in `fn` that creates the socket: a `new WebSocket(…)`, or a call of a helper that does. */
  private creationIn(fn: FunctionNode, depth = 0): Node | undefined {
    if (this.creates.has(fn)) return this.creates.get(fn);
    this.creates.set(fn, undefined); // cycles: assume not while we look
    let result: Node | undefined;
    for (const node of ownNodes(this.model, fn, true)) {
      if ((node.type === 'NewExpression' && this.creations.has(node)) || this.libraryReconnects.has(node)) result = node;
      else if ((node.type === 'CallExpression' || node.type === 'NewExpression') && depth < MAX_DEPTH) {
        const callee = this.calleeOf(node);
        if (callee && callee !== fn && this.creationIn(callee, depth + 1)) result = node;
      }
      if (result) break;
    }
    this.creates.set(fn, result);
    return result;
  }

  private search(
    fn: FunctionNode,
    timer: TSESTree.CallExpression | undefined,
    depth: number,
    visited: Set<FunctionNode>,
    out: { reconnect: Node; delay: ReconnectDelay; library?: string | undefined }[],
  ): void {
    if (visited.has(fn)) return;
    visited.add(fn);
    const record = (reconnect: Node, creator?: FunctionNode) => {
      let delay: ReconnectDelay = timer ? { kind: 'timer', timer, expression: timer.arguments[1], repeating: isTimerCall(this.model, timer, SET_INTERVAL) } : { kind: 'none' };
      if (!timer) {
        // An await before the reconnect here, or before the creation inside the function called.
        const creation = creator && this.creationIn(creator);
        const awaited = awaitBefore(this.model, fn, reconnect) ?? (creator && creation ? awaitBefore(this.model, creator, creation) : undefined);
        if (awaited) delay = { kind: 'awaited', await: awaited, expression: sleepDuration(this.model, awaited) };
      }
      const creation = creator ? this.creationIn(creator) : reconnect;
      const socket = creation && this.libraryReconnects.get(creation);
      out.push({ reconnect, delay, library: socket && FRAMEWORKS[socket.framework].displayName });
    };
    for (const node of ownNodes(this.model, fn, false)) {
      if ((node.type === 'NewExpression' && this.creations.has(node)) || this.libraryReconnects.has(node)) {
        record(node);
        continue;
      }
      if (node.type === 'NewExpression') {
        // `new SocketManager(…)`: a same-module class whose constructor creates the socket.
        const constructorFn = this.calleeOf(node);
        if (constructorFn && this.createsSocket(constructorFn)) record(node, constructorFn);
        continue;
      }
      if (node.type !== 'CallExpression') continue;
      // A countdown: `setInterval(() => { if (--left === 0) connect(); }, 1000)`, started here.
      if (!timer && isTimerCall(this.model, node, SET_INTERVAL)) {
        const callbackFn = this.functionOf(node.arguments[0]);
        if (callbackFn && callbackFn === unwrap(node.arguments[0]!)) this.search(callbackFn, node, depth + 1, visited, out);
        continue;
      }
      if (isTimerCall(this.model, node, SET_TIMEOUT)) {
        const callback = node.arguments[0];
        const callbackFn = this.functionOf(callback);
        if (!callbackFn) continue;
        if (callbackFn !== unwrap(callback!) && this.createsSocket(callbackFn)) {
          // `setTimeout(connect, delay)`.
          out.push({ reconnect: callback!, delay: { kind: 'timer', timer: node, expression: node.arguments[1] } });
        } else {
          this.search(callbackFn, node, depth + 1, visited, out);
        }
        continue;
      }
      // `auth().then(() => setTimeout(listen, 30000))`: a timer set in a promise continuation of
      // the handler. Only timers count there: a reconnect the continuation makes at once waits
      // for whatever the promise waited for, which we cannot read.
      const method = node.callee.type === 'MemberExpression' ? propertyName(node.callee) : undefined;
      if (!timer && method !== undefined && PROMISE_CONTINUATIONS.has(method) && depth < MAX_DEPTH) {
        for (const argument of node.arguments) {
          const continuation = this.functionOf(argument);
          if (!continuation) continue;
          const found: { reconnect: Node; delay: ReconnectDelay }[] = [];
          this.search(continuation, undefined, depth + 1, visited, found);
          out.push(...found.filter((path) => path.delay.kind === 'timer'));
        }
        continue;
      }
      const callee = this.functionOf(node.callee);
      if (!callee) {
        // A callback the wrapper received in its options: what its callers pass runs here.
        if (depth < MAX_DEPTH) for (const callback of this.optionCallbacks(node)) this.search(callback, timer, depth + 1, visited, out);
        continue;
      }
      if (this.creationSkippedBy(node, callee)) continue;
      if (this.createsSocket(callee)) record(node, callee);
      else if (depth < MAX_DEPTH) this.search(callee, timer, depth + 1, visited, out);
    }
  }

  /**
   * `startLoop()` of `startLoop(immediate = false) { …; if (immediate) this.connect() }`: the
   * helper creates the socket only behind a test of a parameter this call leaves falsy (no
   * argument and a falsy default, or a falsy literal), so this call does not.
   */
  private creationSkippedBy(call: TSESTree.CallExpression, callee: FunctionNode): boolean {
    const creation = this.creationIn(callee);
    if (!creation) return false;
    for (let child: Node = creation, parent = this.model.parentOf(creation); parent && parent !== callee; child = parent, parent = this.model.parentOf(parent)) {
      if (parent.type !== 'IfStatement' || child !== parent.consequent) continue;
      const test = unwrap(parent.test);
      const variable = test.type === 'Identifier' ? this.model.resolver?.variable(test) : undefined;
      const index = callee.params.findIndex((param) => {
        const target = param.type === 'AssignmentPattern' ? param.left : param;
        return target.type === 'Identifier' && !!variable && this.model.resolver?.variable(target) === variable;
      });
      if (index < 0 || variable?.references.some((reference) => reference.isWrite() && reference.identifier !== variable.identifiers[0])) continue;
      const param = callee.params[index]!;
      const argument = call.arguments[index];
      const value = argument ?? (param.type === 'AssignmentPattern' ? param.right : undefined);
      if (!value) return true;
      const literal = unwrap(value);
      if (literal.type === 'Literal' && !literal.value) return true;
    }
    return false;
  }
}

/**
 * Where a callee comes from when it is a callback its function received: the function, the
 * parameter's index and the property path below that parameter. `onClose` (the parameter
 * itself, or destructured from `{ onClose }`), `options.onClose`, and in a class,
 * `this.options.onClose` or `this.onClose` for a parameter property or a field the constructor
 * sets from its parameter (`this.options = options`, `this.onClose = options.onClose`).
 */
function receivedOption(model: SocketModel, callee: Node): { fn: FunctionNode; index: number; path: string[] } | undefined {
  const path: string[] = [];
  let node = unwrap(callee);
  while (node.type === 'MemberExpression' && !node.computed) {
    const name = propertyName(node);
    if (name === undefined) return undefined;
    path.unshift(name);
    node = unwrap(node.object);
  }
  const resolver = model.resolver;
  if (!resolver) return undefined;
  let variable: Variable | undefined;
  if (node.type === 'Identifier') variable = resolver.variable(node);
  else if (node.type === 'ThisExpression' && path.length > 0) {
    // `this.options.onClose`, `this.onClose`: a field the constructor takes from its parameter.
    const owner = model.thisOwners?.ownerAt(node);
    const constructorFn = !owner || owner.type === 'ObjectExpression' ? undefined : owner.type === 'ClassDeclaration' || owner.type === 'ClassExpression' ? constructorOf(owner) : owner;
    if (!constructorFn) return undefined;
    const field = path.shift()!;
    for (const param of constructorFn.params) {
      if (param.type === 'TSParameterProperty' && param.parameter.type === 'Identifier' && param.parameter.name === field) variable = resolver.variable(param.parameter);
    }
    for (const assignment of model.index.inside(constructorFn, 'AssignmentExpression')) {
      const left = unwrap(assignment.left);
      if (left.type !== 'MemberExpression' || left.object.type !== 'ThisExpression' || propertyName(left) !== field) continue;
      // `this.onClose = options.onClose`: the path below the parameter comes first.
      let right = unwrap(assignment.right);
      const prefix: string[] = [];
      while (right.type === 'MemberExpression' && !right.computed && propertyName(right) !== undefined) {
        prefix.unshift(propertyName(right)!);
        right = unwrap(right.object);
      }
      if (right.type === 'Identifier') {
        variable = resolver.variable(right);
        path.unshift(...prefix);
      }
    }
  }
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== 'Parameter' || variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  const fn = def.node as FunctionNode;
  const identifier = variable.identifiers[0] as Node;
  // `({ onClose })`: the parameter is an object pattern, the callee one of its properties.
  const holder = model.parentOf(identifier);
  const property = holder?.type === 'Property' && holder.value === identifier ? holder : holder?.type === 'AssignmentPattern' && model.parentOf(holder)?.type === 'Property' ? (model.parentOf(holder) as TSESTree.Property) : undefined;
  const pattern = property && model.parentOf(property);
  const top = pattern?.type === 'ObjectPattern' ? pattern : identifier;
  const index = fn.params.findIndex((param) => param === top || (param.type === 'TSParameterProperty' && param.parameter === top) || (param.type === 'AssignmentPattern' && param.left === top));
  if (index < 0) return undefined;
  if (property) {
    const key = keyName(property);
    if (key === undefined || pattern !== top) return undefined;
    path.unshift(key);
  }
  return { fn, index, path };
}

/**
 * The nodes a function runs itself, in source order: nested functions are skipped (they run later,
 * if ever), except, with `executors`, a `new Promise(executor)`'s executor, which runs at once.
 */
function ownNodes(model: SocketModel, fn: FunctionNode, executors: boolean): Node[] {
  const runsNow = new Set<Node>([fn]);
  const nodes: Node[] = [];
  for (const node of model.index.subtree(fn)) {
    if (node === fn || node === fn.body && fn.body.type === 'BlockStatement' || !contains(fn.body, node)) continue;
    const owner = model.enclosingFunction(node);
    if (!owner || !runsNow.has(owner)) continue;
    if (isFunction(node)) {
      const parent = model.parentOf(node);
      const executor = executors && parent?.type === 'NewExpression' && parent.arguments[0] === node && isIdentifier(parent.callee, 'Promise');
      if (executor) runsNow.add(node);
      continue;
    }
    nodes.push(node);
  }
  return nodes;
}

/** An `await` in `fn` itself (not a nested function) that comes before `node`. */
function awaitBefore(model: SocketModel, fn: FunctionNode, node: Node): TSESTree.AwaitExpression | undefined {
  if (!fn.async) return undefined;
  let last: TSESTree.AwaitExpression | undefined;
  for (const candidate of ownNodes(model, fn, false)) {
    if (candidate.type === 'AwaitExpression' && candidate.range[1] <= node.range[0] && model.enclosingFunction(candidate) === fn) last = candidate;
  }
  return last;
}

/**
 * The duration an awaited sleep waits: `await setTimeout(ms)` from timers/promises,
 * `await new Promise((r) => setTimeout(r, ms))`, or `await sleep(ms)` / `delay(ms)` / `wait(ms)`.
 */
function sleepDuration(model: SocketModel, awaited: TSESTree.AwaitExpression): Node | undefined {
  const argument = unwrap(awaited.argument);
  if (argument.type === 'NewExpression' && argument.callee.type === 'Identifier' && argument.callee.name === 'Promise') {
    const executor = argument.arguments[0];
    if (!executor || !isFunction(executor)) return undefined;
    const resolve = executor.params[0];
    for (const node of ownNodes(model, executor, false)) {
      if (node.type === 'CallExpression' && isTimerCall(model, node, SET_TIMEOUT)) {
        const callback = node.arguments[0];
        const passesResolve = callback?.type === 'Identifier' && resolve?.type === 'Identifier' && callback.name === resolve.name;
        const callsResolve =
          !!callback && isFunction(callback) && callback.body.type === 'CallExpression' && resolve?.type === 'Identifier' && unwrap(callback.body.callee).type === 'Identifier' && (unwrap(callback.body.callee) as TSESTree.Identifier).name === resolve.name;
        if (passesResolve || callsResolve) return node.arguments[1];
      }
    }
    return undefined;
  }
  if (argument.type !== 'CallExpression') return undefined;
  const origin = model.resolver?.origin(argument.callee);
  if (origin?.kind === 'module' && PROMISE_TIMER_MODULES.includes(origin.module) && origin.path.join('.') === 'setTimeout') return argument.arguments[0];
  const callee = unwrap(argument.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  if (name && /^(?:sleep|delay|wait|pause|timeout)$/i.test(name)) return argument.arguments[0];
  return undefined;
}

// ------------------------------------------------------------------ delays

export type DelayClass =
  | { readonly kind: 'immediate' }
  | { readonly kind: 'constant'; readonly ms: number | undefined }
  /** `capped`: the expression bounds the delay (`Math.min(cap, …)`, a schedule table). */
  | { readonly kind: 'growth'; readonly capped: boolean }
  /** `upper`: the largest delay, when the expression bounds it (`Math.min(cap, …)`). */
  | { readonly kind: 'jittered'; readonly upper: number }
  | { readonly kind: 'unknown' };

export function classifyDelay(model: SocketModel, reconnect: Reconnect): DelayClass {
  const delay = reconnect.delay;
  if (delay.kind === 'none') return { kind: 'immediate' };
  if (delay.kind === 'awaited' && !delay.expression) return { kind: 'unknown' };
  const expression = delay.expression;
  if (delay.kind === 'timer' && delay.repeating) return countdownDelay(model, reconnect, delay.timer);
  if (!expression) return { kind: 'immediate' };
  const flow = new FlowAnalysis(model).of(expression, new Map(), 0);
  if (flow.random) return { kind: 'jittered', upper: upperBound(model, expression, 0) };
  if (flow.unknown) return { kind: 'unknown' };
  if (flow.growth) return { kind: 'growth', capped: Number.isFinite(upperBound(model, expression, 0)) };
  const folded = foldValue(model, expression);
  return { kind: 'constant', ms: folded?.kind === 'number' ? folded.value : undefined };
}

/**
 * A reconnect on some tick of an interval the handler started: every client dropped together
 * started its interval at the same instant, so the delay is constant (how many ticks, we do not
 * say) unless randomness flows into the interval or into the tests that pick the tick.
 */
function countdownDelay(model: SocketModel, reconnect: Reconnect, interval: TSESTree.CallExpression): DelayClass {
  const analysis = new FlowAnalysis(model);
  const period = interval.arguments[1];
  const flows = [period ? analysis.of(period, new Map(), 0) : { random: false, growth: false, unknown: false }];
  for (const test of analysis.controllingTests(reconnect.reconnect)) flows.push(analysis.of(test, new Map(), 0));
  if (flows.some((flow) => flow.random)) return { kind: 'jittered', upper: Number.POSITIVE_INFINITY };
  if (flows.some((flow) => flow.unknown)) return { kind: 'unknown' };
  return { kind: 'constant', ms: undefined };
}

interface Flow {
  random: boolean;
  growth: boolean;
  unknown: boolean;
}

const RANDOM_NAME = /jitter|random/i;
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
const CRYPTO_RANDOM = new Set(['getRandomValues', 'randomInt', 'randomBytes', 'randomUUID']);
const MATH_FUNCTIONS = new Set(['min', 'max', 'pow', 'floor', 'ceil', 'round', 'trunc', 'abs', 'sqrt', 'log2', 'exp']);
const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat']);

/** What flows into a delay: randomness, a value that grows between attempts, or something unreadable. */
class FlowAnalysis {
  private readonly visiting = new Set<Variable | string>();

  constructor(private readonly model: SocketModel) {}

  of(expr: Node, subst: Map<Variable, Node>, depth: number): Flow {
    const flow: Flow = { random: false, growth: false, unknown: false };
    const merge = (other: Flow) => {
      flow.random ||= other.random;
      flow.growth ||= other.growth;
      flow.unknown ||= other.unknown;
    };
    if (depth > 10) return { random: false, growth: false, unknown: true };
    const node = unwrap(expr);
    const resolver = this.model.resolver!;
    switch (node.type) {
      case 'Literal':
        if (typeof node.value !== 'number') flow.unknown = true;
        break;
      case 'Identifier': {
        if (resolver.isGlobal(node)) {
          if (!['Infinity', 'undefined', 'NaN'].includes(node.name)) flow.unknown = true;
          break;
        }
        const variable = resolver.variable(node);
        if (!variable) {
          flow.unknown = true;
          break;
        }
        // An imported SCREAMING_CASE binding is a constant of another module (`RETRY_MS`).
        if (variable.defs[0]?.type === 'ImportBinding' && CONSTANT_NAME.test(node.name)) break;
        const substituted = subst.get(variable);
        if (substituted) {
          merge(this.of(substituted, subst, depth + 1));
          break;
        }
        if (this.visiting.has(variable)) break;
        this.visiting.add(variable);
        merge(this.variableFlow(variable, subst, depth));
        this.visiting.delete(variable);
        break;
      }
      case 'MemberExpression': {
        if (node.object.type === 'ThisExpression' || this.model.thisOwners?.isSelf(node.object)) merge(this.thisMemberFlow(node, depth));
        else if (node.computed && numberTable(this.model, node.object)) merge(this.of(node.property, subst, depth + 1)); // DELAYS[attempt]
        else if (!node.computed && propertyName(node) === 'length' && numberTable(this.model, node.object)) break; // DELAYS.length
        else merge(this.localPathFlow(node, depth));
        break;
      }
      case 'CallExpression':
        merge(this.callFlow(node, subst, depth));
        break;
      case 'BinaryExpression':
        if (node.left.type !== 'PrivateIdentifier') merge(this.of(node.left, subst, depth + 1));
        merge(this.of(node.right, subst, depth + 1));
        break;
      case 'LogicalExpression':
        // `options.delay ?? 1000` in a constructor: an option read once per instance, with a
        // constant default, does not change between attempts (mainsail in the application corpus).
        if (node.operator !== '&&' && this.isConstructorOption(node.left) && foldValue(this.model, node.right)?.kind === 'number') {
          merge(this.of(node.right, subst, depth + 1));
          break;
        }
        merge(this.of(node.left, subst, depth + 1));
        merge(this.of(node.right, subst, depth + 1));
        break;
      case 'ConditionalExpression':
        merge(this.of(node.test, subst, depth + 1));
        merge(this.of(node.consequent, subst, depth + 1));
        merge(this.of(node.alternate, subst, depth + 1));
        break;
      case 'UnaryExpression':
        merge(this.of(node.argument, subst, depth + 1));
        break;
      case 'UpdateExpression':
        flow.growth = true;
        merge(this.of(node.argument, subst, depth + 1));
        break;
      case 'AssignmentExpression':
        if (node.operator !== '=') flow.growth = true;
        merge(this.of(node.right, subst, depth + 1));
        break;
      default:
        flow.unknown = true;
    }
    return flow;
  }

  private variableFlow(variable: Variable, subst: Map<Variable, Node>, depth: number): Flow {
    const flow: Flow = { random: false, growth: false, unknown: false };
    const merge = (other: Flow) => {
      flow.random ||= other.random;
      flow.growth ||= other.growth;
      flow.unknown ||= other.unknown;
    };
    const def = variable.defs[0];
    if (!def || variable.defs.length !== 1) return { random: false, growth: false, unknown: true };
    if (def.type === 'Parameter') {
      // `constructor({ delay = 1000 })`: an option with a constant default, read once per instance.
      const fallback = constructorOptionDefault(this.model, variable);
      if (fallback) return this.of(fallback, subst, depth + 1);
      return this.parameterFlow(variable, def.node as FunctionNode, depth);
    }
    if (def.type !== 'Variable') return { random: false, growth: false, unknown: true };
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.id.type !== 'Identifier') return { random: false, growth: false, unknown: true };
    let sources = 0;
    if (declarator.init) {
      merge(this.of(declarator.init, subst, depth + 1));
      sources++;
    }
    for (const reference of variable.references) {
      if (!reference.isWrite() || reference.identifier === declarator.id) continue;
      const parent = this.model.parentOf(reference.identifier as Node);
      if (parent?.type === 'UpdateExpression') {
        flow.growth = true;
        sources++;
      } else if (parent?.type === 'AssignmentExpression' && parent.left === reference.identifier) {
        if (parent.operator !== '=' || mentions(this.model, parent.right, variable)) flow.growth = true;
        merge(this.of(parent.right, subst, depth + 1));
        // `if (attempt > 5) delay = 30_000;`: a step chosen by a counter is growth too.
        for (const test of this.controllingTests(parent)) {
          const chosenBy = this.of(test, subst, depth + 1);
          flow.growth ||= chosenBy.growth;
          flow.random ||= chosenBy.random;
        }
        sources++;
      } else {
        // for-of targets, destructuring: we cannot tell what it holds.
        flow.unknown = true;
      }
    }
    if (sources === 0) flow.unknown = true;
    return flow;
  }

  /** `options.delay`, `options.retry.delay`: a path below a constructor parameter that nothing writes. */
  private isConstructorOption(expr: Node): boolean {
    let node = unwrap(expr);
    while (node.type === 'MemberExpression' && !node.computed) node = unwrap(node.object);
    if (node.type !== 'Identifier') return false;
    const variable = this.model.resolver!.variable(node);
    const def = variable?.defs[0];
    return !!variable && variable.defs.length === 1 && def?.type === 'Parameter' && isConstructor(this.model, def.node as FunctionNode) && variable.references.every((reference) => !reference.isWrite() || reference.init);
  }

  /** The tests of the `if`s, `?:`s and `switch`es (within its function) that decide whether `node` runs. */
  controllingTests(node: Node): Node[] {
    const tests: Node[] = [];
    for (let child = node, parent = this.model.parentOf(node); parent && !isFunction(parent); child = parent, parent = this.model.parentOf(parent)) {
      if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && child !== parent.test) tests.push(parent.test);
      else if (parent.type === 'SwitchCase' && parent.test) {
        const switchStatement = this.model.parentOf(parent);
        if (switchStatement?.type === 'SwitchStatement') tests.push(switchStatement.discriminant);
      }
    }
    return tests;
  }

  /** A parameter: what the same-module calls of its function pass (recursion with `n + 1` is growth). */
  private parameterFlow(variable: Variable, fn: FunctionNode, depth: number): Flow {
    const flow: Flow = { random: false, growth: false, unknown: false };
    const index = fn.params.findIndex((param) => {
      const target = param.type === 'AssignmentPattern' ? param.left : param;
      return target.type === 'Identifier' && this.model.resolver!.variable(target) === variable;
    });
    if (index < 0) return { random: false, growth: false, unknown: true };
    const param = fn.params[index]!;
    const argumentLists: (readonly TSESTree.CallExpressionArgument[])[] = [];
    for (const call of scanModule(this.model).calls) {
      const callee = this.model.resolver!.functionOf(call.callee) ?? this.model.thisOwners?.methodAt(call.callee);
      if (callee === fn) argumentLists.push(call.arguments);
      // `setTimeout(connect, ms)` calls it with no arguments.
      else if (isTimerCall(this.model, call, SET_TIMEOUT) && call.arguments[0] && this.model.resolver!.functionOf(call.arguments[0]) === fn) argumentLists.push([]);
    }
    if (argumentLists.length === 0) return { random: false, growth: false, unknown: true };
    // Handlers and callbacks also receive it from code we cannot see.
    if (isPassedAsValue(this.model, fn)) flow.unknown = true;
    for (const args of argumentLists) {
      const arg = args[index];
      if (!arg) {
        if (param.type === 'AssignmentPattern') {
          const inner = this.of(param.right, new Map(), depth + 1);
          flow.random ||= inner.random;
          flow.unknown ||= inner.unknown;
        } else flow.unknown = true;
        continue;
      }
      if (arg.type === 'SpreadElement') {
        flow.unknown = true;
        continue;
      }
      const passedThrough = unwrap(arg).type === 'Identifier' && this.model.resolver!.variable(unwrap(arg) as TSESTree.Identifier) === variable;
      if (passedThrough) continue;
      if (mentions(this.model, arg, variable)) flow.growth = true;
      const inner = this.of(arg, new Map(), depth + 1);
      flow.random ||= inner.random;
      flow.growth ||= inner.growth;
      flow.unknown ||= inner.unknown;
    }
    return flow;
  }

  /** `this.x`: what the class assigns to it (a field initialiser, assignments, `++`). */
  private thisMemberFlow(member: TSESTree.MemberExpression, depth: number): Flow {
    const flow: Flow = { random: false, growth: false, unknown: false };
    const name = propertyName(member);
    const owners = this.model.thisOwners;
    const owner = owners?.ownerOf(member.object);
    if (name === undefined || !owner || !owners) return { random: false, growth: false, unknown: true };
    const key = `${owner.range[0]}:${name}`;
    if (this.visiting.has(key)) return flow;
    this.visiting.add(key);
    let sources = 0;
    const fields = owner.type === 'ClassDeclaration' || owner.type === 'ClassExpression' ? owner.body.body : [];
    for (const element of fields) {
      if (element.type === 'PropertyDefinition' && !element.static && keyName(element) === name && element.value) {
        const inner = this.of(element.value, new Map(), depth + 1);
        flow.random ||= inner.random;
        flow.growth ||= inner.growth;
        flow.unknown ||= inner.unknown;
        sources++;
      }
    }
    const isThisMember = (node: Node) => {
      const inner = unwrap(node);
      return inner.type === 'MemberExpression' && propertyName(inner) === name && owners.ownerOf(inner.object) === owner;
    };
    for (const update of scanModule(this.model).updates) {
      const target = update.type === 'UpdateExpression' ? update.argument : update.left;
      if (!isThisMember(target)) continue;
      sources++;
      if (update.type === 'UpdateExpression' || update.operator !== '=') flow.growth = true;
      if (update.type === 'AssignmentExpression') {
        if (this.model.index.descendants(update.right).some(isThisMember)) flow.growth = true;
        const inner = this.of(update.right, new Map(), depth + 1);
        flow.random ||= inner.random;
        flow.growth ||= inner.growth;
        flow.unknown ||= inner.unknown;
      }
    }
    this.visiting.delete(key);
    if (sources === 0) flow.unknown = true;
    return flow;
  }

  /**
   * `attempts.current` (a React ref), `state.retries`: a static path below a `const` of this file
   * whose object goes nowhere else. Its sources are its first value (the ref hook's argument, or
   * the object literal's property) and every write to the same path; `+= 1`, `++` and writes
   * that read it are growth.
   */
  private localPathFlow(member: TSESTree.MemberExpression, depth: number): Flow {
    const unknown = { random: false, growth: false, unknown: true };
    const path: string[] = [];
    let root: Node = member;
    while (root.type === 'MemberExpression') {
      const name = propertyName(root);
      if (name === undefined || root.computed) return unknown;
      path.unshift(name);
      root = unwrap(root.object);
    }
    if (root.type !== 'Identifier' || path.length !== 1) return unknown;
    const variable = this.model.resolver!.variable(root);
    const init = variable && this.model.resolver!.singleValue(variable);
    if (!variable || !init) return unknown;
    const key = `path:${variable.name}@${variable.identifiers[0]?.range[0]}.${path[0]}`;
    if (this.visiting.has(key)) return { random: false, growth: false, unknown: false };
    // The object passed anywhere may be written there.
    const escapes = variable.references.some((reference) => {
      const parent = this.model.parentOf(reference.identifier as Node);
      return reference.identifier !== variable.identifiers[0] && (parent?.type !== 'MemberExpression' || parent.object !== reference.identifier);
    });
    if (escapes) return unknown;
    const isPath = (node: Node) => {
      const inner = unwrap(node);
      return inner.type === 'MemberExpression' && !inner.computed && propertyName(inner) === path[0] && isIdentifier(unwrap(inner.object)) && this.model.resolver!.variable(unwrap(inner.object) as TSESTree.Identifier) === variable;
    };
    const first = unwrap(init);
    let firstValue: Node | undefined;
    if (first.type === 'CallExpression' && isRefHook(this.model, first)) firstValue = first.arguments[0];
    else if (first.type === 'ObjectExpression') {
      const property = first.properties.find((p) => p.type === 'Property' && keyName(p) === path[0]);
      firstValue = property?.type === 'Property' ? property.value : undefined;
    }
    if (!firstValue) return unknown;
    this.visiting.add(key);
    const flow: Flow = { ...this.of(firstValue, new Map(), depth + 1) };
    for (const update of scanModule(this.model).updates) {
      const target = update.type === 'UpdateExpression' ? update.argument : update.left;
      if (!isPath(target)) continue;
      if (update.type === 'UpdateExpression' || update.operator !== '=') flow.growth = true;
      if (update.type === 'AssignmentExpression') {
        if (this.model.index.descendants(update.right).some(isPath)) flow.growth = true;
        const inner = this.of(update.right, new Map(), depth + 1);
        flow.random ||= inner.random;
        flow.growth ||= inner.growth;
        flow.unknown ||= inner.unknown;
      }
    }
    this.visiting.delete(key);
    return flow;
  }

  private callFlow(call: TSESTree.CallExpression, subst: Map<Variable, Node>, depth: number): Flow {
    const flow: Flow = { random: false, growth: false, unknown: false };
    const resolver = this.model.resolver!;
    const callee = unwrap(call.callee);
    const origin = resolver.origin(callee);
    const path = origin ? (origin.path[0] === 'default' ? origin.path.slice(1) : origin.path) : [];
    const args = () => {
      for (const arg of call.arguments) {
        const inner = this.of(arg, subst, depth + 1);
        flow.random ||= inner.random;
        flow.growth ||= inner.growth;
        flow.unknown ||= inner.unknown;
      }
    };
    if (origin?.kind === 'global' && path[0] === 'Math' && path.length === 2) {
      if (path[1] === 'random') flow.random = true;
      else if (MATH_FUNCTIONS.has(path[1]!)) args();
      else flow.unknown = true;
      return flow;
    }
    if (origin?.kind === 'global' && path.length === 1 && NUMBER_FUNCTIONS.has(path[0]!)) {
      args();
      return flow;
    }
    const cryptoRandom =
      (origin?.kind === 'global' && path[0] === 'crypto' && CRYPTO_RANDOM.has(path[path.length - 1]!)) ||
      (origin?.kind === 'module' && /^(?:node:)?crypto$/.test(origin.module) && CRYPTO_RANDOM.has(path[path.length - 1] ?? ''));
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (cryptoRandom || (name !== undefined && RANDOM_NAME.test(name))) {
      flow.random = true;
      return flow;
    }
    const fn = resolver.functionOf(callee) ?? this.model.thisOwners?.methodAt(callee);
    if (!fn || depth > 6) {
      flow.unknown = true;
      return flow;
    }
    // A same-module helper: what it returns, with its parameters bound to the arguments.
    const inner = new Map(subst);
    fn.params.forEach((param, i) => {
      const target = param.type === 'AssignmentPattern' ? param.left : param;
      const arg = call.arguments[i];
      const value = arg && arg.type !== 'SpreadElement' ? arg : param.type === 'AssignmentPattern' ? param.right : undefined;
      const variable = target.type === 'Identifier' ? resolver.variable(target) : undefined;
      if (variable && value) inner.set(variable, value);
    });
    const returns = returnedExpressions(this.model, fn);
    if (returns.length === 0) flow.unknown = true;
    for (const returned of returns) {
      const result = this.of(returned, inner, depth + 1);
      flow.random ||= result.random;
      flow.growth ||= result.growth;
      flow.unknown ||= result.unknown;
    }
    return flow;
  }
}

function returnedExpressions(model: SocketModel, fn: FunctionNode): Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  return ownNodes(model, fn, false)
    .filter((node): node is TSESTree.ReturnStatement => node.type === 'ReturnStatement' && !!node.argument)
    .map((node) => node.argument!);
}

/** `useRef(x)`: a hook whose value keeps its argument at `.current` (owners-data.ts). */
function isRefHook(model: SocketModel, call: TSESTree.CallExpression): boolean {
  const origin = model.resolver?.origin(call.callee);
  if (origin?.kind !== 'module') return false;
  const path = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
  return LIFECYCLES.some((lifecycle) => lifecycle.kind === 'initialiser' && lifecycle.modules.includes(origin.module) && path.length === 1 && lifecycle.hooks[path[0]!] === 'current');
}

/** A class's constructor: its options are read once per instance, not once per attempt. */
function isConstructor(model: SocketModel, fn: FunctionNode): boolean {
  const parent = model.parentOf(fn);
  return parent?.type === 'MethodDefinition' && parent.kind === 'constructor';
}

/**
 * `constructor({ delay = 1000 })`, `constructor(url, delay = 1000)`: the numeric default of a
 * constructor's option, when nothing writes it.
 */
function constructorOptionDefault(model: SocketModel, variable: Variable): Node | undefined {
  const def = variable.defs[0];
  if (def?.type !== 'Parameter' || !isConstructor(model, def.node as FunctionNode)) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  const pattern = model.parentOf(variable.identifiers[0] as Node);
  const holder = pattern && model.parentOf(pattern);
  if (pattern?.type !== 'AssignmentPattern' || pattern.left !== variable.identifiers[0] || !(holder?.type === 'Property' || holder === def.node)) return undefined;
  return foldValue(model, pattern.right)?.kind === 'number' ? pattern.right : undefined;
}

function mentions(model: SocketModel, expr: Node, variable: Variable): boolean {
  return model.index.descendants(expr).some((node) => node.type === 'Identifier' && model.resolver?.variable(node) === variable);
}


/**
 * Whether a function is used other than by calling it or scheduling it with `setTimeout(fn, …)`
 * (then code we cannot see may call it with anything). Methods and inline callbacks: assume so.
 */
function isPassedAsValue(model: SocketModel, fn: FunctionNode): boolean {
  let id: TSESTree.Identifier | undefined;
  if (fn.type === 'FunctionDeclaration') id = fn.id ?? undefined;
  else {
    const declarator = model.parentOf(fn);
    if (declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier') id = declarator.id;
  }
  const variable = id && model.resolver?.variable(id);
  if (!variable) return true;
  return variable.references.some((reference) => {
    if (reference.identifier === id) return false;
    const use = model.parentOf(reference.identifier as Node);
    if (use?.type !== 'CallExpression') return true;
    return !(use.callee === reference.identifier || (use.arguments[0] === reference.identifier && isTimerCall(model, use, SET_TIMEOUT)));
  });
}

/**
 * The largest value a delay expression can take, assuming unknowns are non-negative and unbounded
 * (`Math.random()` is [0, 1), `Math.min(cap, …)` is at most `cap`). Infinity when unbounded.
 */
/** The entries of a `const` array of number literals the expression names (`const DELAYS = [1000, 5000]`). */
function numberTable(model: SocketModel, node: Node): number[] | undefined {
  const target = unwrap(node);
  if (target.type !== 'Identifier') return undefined;
  const variable = model.resolver!.variable(target);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== 'Variable' || (def.parent as TSESTree.VariableDeclaration | undefined)?.kind !== 'const') return undefined;
  const init = (def.node as TSESTree.VariableDeclarator).init;
  const array = init ? unwrap(init) : undefined;
  if (array?.type !== 'ArrayExpression' || array.elements.length === 0) return undefined;
  const values: number[] = [];
  for (const element of array.elements) {
    if (element?.type !== 'Literal' || typeof element.value !== 'number') return undefined;
    values.push(element.value);
  }
  return values;
}

export function upperBound(model: SocketModel, expr: Node, depth: number): number {
  return interval(model, expr, depth)[1];
}

type Interval = readonly [number, number];
const UNBOUNDED: Interval = [0, Number.POSITIVE_INFINITY];
const SOME_CONSTANT: Interval = [0, Number.MAX_SAFE_INTEGER];

function interval(model: SocketModel, expr: Node, depth: number): Interval {
  if (depth > 10) return UNBOUNDED;
  const node = unwrap(expr);
  const folded = foldValue(model, node);
  if (folded?.kind === 'number') return [folded.value, folded.value];
  const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : a * b);
  switch (node.type) {
    case 'Identifier': {
      const variable = model.resolver?.variable(node);
      // An imported SCREAMING_CASE binding is a constant of another module: finite, value unknown.
      if (variable?.defs[0]?.type === 'ImportBinding' && CONSTANT_NAME.test(node.name)) return SOME_CONSTANT;
      const value = variable && model.resolver?.singleValue(variable);
      return value ? interval(model, value, depth + 1) : UNBOUNDED;
    }
    case 'MemberExpression': {
      // DELAYS[i] of a const table of numbers: between its least and its greatest entry.
      const table = node.computed ? numberTable(model, node.object) : undefined;
      return table ? [Math.min(...table), Math.max(...table)] : UNBOUNDED;
    }
    case 'CallExpression': {
      const origin = model.resolver?.origin(node.callee);
      const path = origin?.kind === 'global' ? origin.path.join('.') : '';
      const args = node.arguments.map((arg) => interval(model, arg, depth + 1));
      if (path === 'Math.random') return [0, 1];
      if (path === 'Math.min' && args.length > 0) return [Math.min(...args.map((a) => a[0])), Math.min(...args.map((a) => a[1]))];
      if (path === 'Math.max' && args.length > 0) return [Math.max(...args.map((a) => a[0])), Math.max(...args.map((a) => a[1]))];
      if (/^Math\.(?:floor|ceil|round|trunc)$/.test(path) && args[0]) return [Math.floor(args[0][0]), Math.ceil(args[0][1])];
      // A same-module helper: the widest of what it returns (its parameters are unbounded).
      const fn = model.resolver?.functionOf(node.callee) ?? model.thisOwners?.methodAt(node.callee);
      const returns = fn ? returnedExpressions(model, fn) : [];
      if (returns.length === 0) return UNBOUNDED;
      const bounds = returns.map((returned) => interval(model, returned, depth + 1));
      return [Math.min(...bounds.map((b) => b[0])), Math.max(...bounds.map((b) => b[1]))];
    }
    case 'BinaryExpression': {
      if (node.left.type === 'PrivateIdentifier') return UNBOUNDED;
      const [a, b] = interval(model, node.left, depth + 1);
      const [c, d] = interval(model, node.right, depth + 1);
      switch (node.operator) {
        case '+':
          return [a + c, b + d];
        case '-':
          return [Math.max(0, a - d), Math.max(0, b - c)];
        case '*':
          return [mul(a, c), mul(b, d)];
        case '/':
          return c > 0 ? [a / d, b / c] : UNBOUNDED;
        case '**':
          return a >= 1 ? [a ** c, b ** d] : UNBOUNDED;
        default:
          return UNBOUNDED;
      }
    }
    case 'ConditionalExpression': {
      const [a, b] = interval(model, node.consequent, depth + 1);
      const [c, d] = interval(model, node.alternate, depth + 1);
      return [Math.min(a, c), Math.max(b, d)];
    }
    default:
      return UNBOUNDED;
  }
}
