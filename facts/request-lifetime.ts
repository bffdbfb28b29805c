/**
 * Request-lifetime reuse (frameworks.md §0.1, seeds 000/001): work started for a socket whose
 * lifetime is bounded by the HTTP request that created the socket instead of by the socket.
 * After an upgrade the request is never closed or aborted with the socket (Node), is aborted at
 * once (Deno), or is a synthesized or long-finished request (Hono on Node, socket.io), so the
 * work either never stops or stops at once.
 *
 * `findRequestLifetimeReuse(model)` traces each handler's request (the model's `handler.request`)
 * through aliases, destructuring, `AbortSignal.any` and same-module helpers to three kinds of
 * sink: its signal passed to work, cleanup registered on it (or on its response, or on its
 * signal's 'abort'), and, for uWebSockets.js, the stack-allocated `HttpRequest` read after an
 * await or in a callback. The fix (fixes/plans/abort-on-close.ts) replaces the request's
 * lifetime with the socket's.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import {
  calledMethod,
  contains,
  isFunction,
  keyName,
  propertyName,
  staticString,
  type FunctionNode,
  type Node,
  type ParentMap,
  TS_WRAPPER_TYPES,
  unwrap,
} from './ast.js';
import { EMITTER_LISTEN_METHODS, FRAMEWORKS, type FrameworkId } from './frameworks.js';
import {
  CLOSE_HOOK_PROPERTY,
  FINISH_HELPERS,
  ONE_SHOT_CALLS,
  REQUEST_END_EVENTS,
  REQUEST_LIFETIME,
  SELF_ENDING_SIGNALS,
  SIGNAL_COMBINATORS,
  STACK_ALLOCATED_REQUESTS,
  UWS_DEFERRING_FUNCTIONS,
  UWS_DEFERRING_METHODS,
  type RequestLifetimeTraits,
} from './request-lifetime-data.js';
import { exportPath, type Origin, type Resolver } from './resolve.js';
import type { Access, HandlerFact, SocketModel, Variable } from './types.js';

export type RequestLifetimeSink =
  /** The request's signal (or one derived only from it) given to work, or stored for the socket. */
  | 'signal'
  /** `req.on('close' | 'aborted' | 'end' | 'finish', f)`, or an 'abort' listener on its signal. */
  | 'request-listener'
  /** `onFinished(res, f)`, `finished(req)`, `events.once(req, 'close')`. */
  | 'finish-helper'
  /** uWebSockets.js: the `HttpRequest` read after an await or inside a deferred callback. */
  | 'late-http-request';

export interface RequestLifetimeFinding {
  readonly sink: RequestLifetimeSink;
  readonly handler: HandlerFact;
  readonly framework: FrameworkId;
  /** Where to report: the sink (the signal or listener call), or the late `req.x` read. */
  readonly node: Node;
  /** The request-scoped expression as written (`req.signal`, `socket.request`)… */
  readonly source: Node;
  /** …and the keys destructured from it since (`const { signal } = req` → ['signal']). */
  readonly sourceKeys: readonly string[];
  /** For listeners: the request event ('close', 'abort'…). */
  readonly event: string | undefined;
  /** For signals: derived from the request's signal with `AbortSignal.any`. */
  readonly derived: boolean;
  /** For late uWS reads. */
  readonly boundary: 'after an await' | 'inside a callback that runs later' | undefined;
  /** Why the request's lifetime is not the socket's here (from the data table). */
  readonly why: string;
  /** How this framework's socket says it closed: `'close'`, `'disconnect'`, `onClose`, `close`. */
  readonly closeHook: string;
  /** The function the request belongs to (the connection handler, Hono's factory, Bun's fetch). */
  readonly regionFn: FunctionNode;
  /** Signals: the expression in the handler to replace with the controller's signal. */
  readonly replace: Node | undefined;
  /** Listeners: the call to re-target to the socket's close. */
  readonly listenerCall: TSESTree.CallExpression | undefined;
}

export interface RequestLifetimeOptions {
  /** Also report request signals given to one-shot work (`fetch`, timers) that ends by itself. */
  readonly reportOneShotWork?: boolean;
}

const TRANSPARENT = TS_WRAPPER_TYPES;

type Value = { readonly kind: 'request'; readonly path: readonly string[] } | { readonly kind: 'signal' };

interface Flow {
  readonly value: Value;
  readonly group: Group;
  /** The reference in the handler the flow started from (its position decides the region). */
  readonly root: Node;
  /** The request-scoped expression as written, and keys destructured from it since. */
  readonly source: Node;
  readonly sourceKeys: readonly string[];
  readonly replace: Node | undefined;
  /** False once the flow went into a same-module helper function. */
  readonly inHandler: boolean;
  readonly derived: boolean;
}

/** One request variable as seen from one region (a connection handler, Hono's factory…). */
interface Group {
  readonly handler: HandlerFact;
  readonly traits: RequestLifetimeTraits;
  readonly regionFn: FunctionNode;
}

/** Every request-lifetime reuse in the file, in source order. */
export function findRequestLifetimeReuse(model: SocketModel, options: RequestLifetimeOptions = {}): RequestLifetimeFinding[] {
  const resolver = model.resolver;
  if (!model.hasEvidence || !resolver) return [];
  const tracer = new Tracer(model, resolver, options);
  const seen = new Set<string>();
  for (const handler of model.handlers) {
    const request = handler.request;
    if (request?.access?.kind !== 'variable') continue;
    const stackAllocated = STACK_ALLOCATED_REQUESTS[handler.framework];
    if (stackAllocated) {
      if (handler.hookName === stackAllocated.hook) tracer.lateRequestReads(handler, request.access.variable);
      continue;
    }
    const traits = REQUEST_LIFETIME[handler.framework];
    if (!traits) continue;
    const regionFn = regionFunction(handler, request.access.variable);
    if (!regionFn) continue;
    const key = `${request.access.variable.name}@${request.access.variable.identifiers[0]?.range[0]}:${request.access.path.join('.')}:${regionFn.range[0]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tracer.traceRequest({ handler, traits, regionFn }, request.access);
  }
  tracer.settleCombinators();
  const unique = new Map<Node, RequestLifetimeFinding>();
  for (const finding of tracer.findings) if (!unique.has(finding.node)) unique.set(finding.node, finding);
  return [...unique.values()].sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * Where a handler's request lives: the handler itself when the request is one of its parameters;
 * for hooks that share a request declared outside them (Hono's factory `c`, Bun's `fetch(req)`),
 * the function that declares it; otherwise (a `handleUpgrade` callback using the outer `req`)
 * the handler.
 */
function regionFunction(handler: HandlerFact, variable: Variable): FunctionNode | undefined {
  const def = variable.defs[0];
  const declaring = def?.type === 'Parameter' && isFunction(def.node as Node) ? (def.node as FunctionNode) : undefined;
  if (declaring === handler.fn) return handler.fn;
  if (handler.kind === 'hook') return declaring;
  return handler.fn;
}

class Tracer {
  readonly findings: RequestLifetimeFinding[] = [];
  private readonly parents: ParentMap;
  private readonly visited = new Set<string>();
  /** Expressions whose value is a (non-derived) request signal, for `AbortSignal.any` checks. */
  private readonly signalNodes = new Set<Node>();
  private readonly pendingCombinators: { readonly call: TSESTree.CallExpression; readonly array: TSESTree.ArrayExpression; readonly flow: Flow }[] = [];

  constructor(
    private readonly model: SocketModel,
    private readonly resolver: Resolver,
    private readonly options: RequestLifetimeOptions,
  ) {
    this.parents = model.parents;
  }

  traceRequest(group: Group, access: Extract<Access, { kind: 'variable' }>): void {
    for (const expr of this.referencesOf(access.variable, access.path)) {
      this.visit(expr, { value: { kind: 'request', path: [] }, group, root: expr, source: expr, sourceKeys: [], replace: undefined, inHandler: true, derived: false });
    }
  }

  /** Reads of a variable, each extended by a property path (`socket` + ['request'] → `socket.request`). */
  private referencesOf(variable: Variable, path: readonly string[]): Node[] {
    const found: Node[] = [];
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      let expr = reference.identifier as Node;
      let matched = true;
      for (const segment of path) {
        const parent = this.parent(expr);
        if (parent?.type === 'MemberExpression' && parent.object === expr && propertyName(parent) === segment) expr = parent;
        else {
          matched = false;
          break;
        }
      }
      if (matched) found.push(expr);
    }
    return found;
  }

  private parent(node: Node): Node | undefined {
    return this.model.parentOf(node);
  }

  /** Follows one value one step up the tree. */
  private visit(start: Node, flow: Flow): void {
    const kind = this.classify(flow);
    if (kind === 'none') return;
    if (kind === 'signal' && !flow.derived) this.signalNodes.add(start);
    let expr = start;
    let parent = this.parent(expr);
    while (parent && TRANSPARENT.has(parent.type)) {
      expr = parent;
      parent = this.parent(expr);
    }
    if (!parent) return;

    if (parent.type === 'MemberExpression' && parent.object === expr) {
      this.visitMember(parent, flow, kind);
      return;
    }
    if (parent.type === 'VariableDeclarator' && parent.init === expr) {
      this.visitDeclarator(parent, flow);
      return;
    }
    if (parent.type === 'Property' && parent.value === expr && this.parent(parent)?.type === 'ObjectExpression') {
      if (kind !== 'signal') return;
      const object = this.parent(parent) as TSESTree.ObjectExpression;
      if (flow.group.traits.region === 'upgrade-data' || keyName(parent) === 'signal') {
        this.reportSignal(parent, this.workTaking(object), flow);
      }
      return;
    }
    if (parent.type === 'ArrayExpression' && kind === 'signal') {
      const call = this.parent(parent);
      if (call?.type === 'CallExpression' && call.arguments[0] === parent && this.isGlobalCall(call, SIGNAL_COMBINATORS)) {
        this.pendingCombinators.push({ call, array: parent, flow });
      }
      return;
    }
    if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(expr as TSESTree.CallExpressionArgument)) {
      this.visitArgument(parent, parent.arguments.indexOf(expr as TSESTree.CallExpressionArgument), flow, kind);
    }
  }

  /** What a flow's value is: a request-bound emitter, a signal, a prefix of one, or nothing of interest. */
  private classify(flow: Flow): 'emitter' | 'signal' | 'prefix' | 'emitter-prefix' | 'none' {
    if (flow.value.kind === 'signal') return 'signal';
    const path = flow.value.path;
    const { emitters, signals } = flow.group.traits;
    const equals = (candidate: readonly string[]) => candidate.length === path.length && candidate.every((s, i) => s === path[i]);
    const extends_ = (candidate: readonly string[]) => candidate.length > path.length && path.every((s, i) => s === candidate[i]);
    if (signals.some(equals)) return 'signal';
    const prefix = emitters.some(extends_) || signals.some(extends_);
    if (emitters.some(equals)) return prefix ? 'emitter-prefix' : 'emitter';
    return prefix ? 'prefix' : 'none';
  }

  /**
   * The flow one step on. `written` marks a step along the expression as written in the handler
   * (`req` → `req.signal`), which names the source; aliases do not rename it. Inside the handler a
   * (non-derived) signal's latest carrier is what the fix replaces.
   */
  private step(flow: Flow, value: Value, node: Node, written: boolean): Flow {
    const next = { ...flow, value };
    const signal = this.classify(next) === 'signal';
    const renamed = written && !flow.derived && flow.value.kind === 'request';
    return {
      ...next,
      replace: signal && flow.inHandler && !flow.derived ? node : flow.replace,
      source: renamed ? node : flow.source,
      sourceKeys: renamed ? [] : flow.sourceKeys,
    };
  }

  private visitMember(member: TSESTree.MemberExpression, flow: Flow, kind: ReturnType<Tracer['classify']>): void {
    const name = propertyName(member);
    if (name === undefined) return;
    let holder: Node = member;
    let next = this.parent(holder);
    if (next?.type === 'ChainExpression') {
      holder = next;
      next = this.parent(holder);
    }
    if (next?.type === 'CallExpression' && next.callee === holder) {
      const event = staticString(next.arguments[0]);
      const isEmitter = kind === 'emitter' || kind === 'emitter-prefix';
      if (isEmitter && EMITTER_LISTEN_METHODS.has(name) && event !== undefined && REQUEST_END_EVENTS.has(event)) {
        // 'end' next to a 'data' listener (or a read) on the same stream is reading its body, not cleanup.
        if (!(event === 'end' && this.readsBody(member.object, next))) this.reportListener(next, event, flow);
      } else if (kind === 'signal' && name === 'addEventListener' && event === 'abort') {
        this.reportListener(next, event, flow);
      }
      return;
    }
    if (next?.type === 'AssignmentExpression' && next.left === holder) {
      if (kind === 'signal' && name === 'onabort') this.reportListener(undefined, 'abort', flow, next);
      return;
    }
    if (flow.value.kind !== 'request') return;
    this.visit(member, this.step(flow, { kind: 'request', path: [...flow.value.path, name] }, member, true));
  }

  /** Whether the function around `call` reads the stream `receiver` names: `.on('data')`, `.resume()`, `.pipe()`, `.read()`. */
  private readsBody(receiver: Node, call: TSESTree.CallExpression): boolean {
    const key = this.streamKey(receiver);
    const fn = this.model.enclosingFunction(call);
    if (key === undefined || !fn) return false;
    const stack: Node[] = [fn.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'CallExpression' && node !== call) {
        const method = calledMethod(node);
        const reads =
          !!method &&
          (((method.name === 'on' || method.name === 'once' || method.name === 'addListener') && staticString(node.arguments[0]) === 'data') ||
            ['resume', 'pipe', 'read'].includes(method.name));
        if (reads && this.streamKey(method.object) === key) return true;
      }
      stack.push(...childNodes(node));
    }
    return false;
  }

  /** `req` → its variable; `ctx.req` → the variable plus the path, for comparing receivers. */
  private streamKey(node: Node): string | undefined {
    const bare = unwrap(node);
    if (bare.type === 'Identifier') {
      const variable = this.resolver.variable(bare);
      return variable ? `${variable.name}@${variable.identifiers[0]?.range[0]}` : undefined;
    }
    if (bare.type === 'MemberExpression') {
      const base = this.streamKey(bare.object);
      const name = propertyName(bare);
      return base !== undefined && name !== undefined ? `${base}.${name}` : undefined;
    }
    return undefined;
  }

  private visitDeclarator(declarator: TSESTree.VariableDeclarator, flow: Flow): void {
    if (declarator.id.type === 'Identifier') {
      const variable = this.resolver.variable(declarator.id);
      if (variable) this.visitVariable(variable, flow, flow.value);
      return;
    }
    if (declarator.id.type !== 'ObjectPattern' || flow.value.kind !== 'request') return;
    for (const property of declarator.id.properties) {
      if (property.type !== 'Property') continue;
      const key = keyName(property);
      let target: Node = property.value;
      if (target.type === 'AssignmentPattern') target = target.left;
      if (key === undefined || target.type !== 'Identifier') continue;
      const variable = this.resolver.variable(target);
      if (variable) this.visitVariable(variable, { ...flow, sourceKeys: [...flow.sourceKeys, key] }, { kind: 'request', path: [...flow.value.path, key] });
    }
  }

  private visitVariable(variable: Variable, flow: Flow, value: Value): void {
    const key = `${variable.name}@${variable.identifiers[0]?.range[0]}:${value.kind === 'signal' ? '#signal' : value.path.join('.')}:${flow.group.regionFn.range[0]}:${flow.derived}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const identifier = reference.identifier as Node;
      const inHandler = flow.inHandler && contains(flow.group.regionFn, identifier);
      // In a helper, name the value as the helper does (`request.signal`, not the caller's `req`).
      const renamed = !inHandler && !flow.derived ? { source: identifier, sourceKeys: [] } : {};
      this.visit(identifier, this.step({ ...flow, inHandler, ...renamed }, value, identifier, false));
    }
  }

  private visitArgument(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, flow: Flow, kind: ReturnType<Tracer['classify']>): void {
    const target = call.type === 'CallExpression' ? this.resolver.functionOf(call.callee) : undefined;
    if (target) {
      // A helper of this module: the value continues as its parameter.
      const param = target.params[index];
      const bound = param?.type === 'AssignmentPattern' ? param.left : param;
      if (bound?.type !== 'Identifier') return;
      const variable = this.resolver.variable(bound);
      if (variable) this.visitVariable(variable, { ...flow, inHandler: false }, flow.value);
      return;
    }
    const origin = call.type === 'CallExpression' ? this.resolver.origin(call.callee) : undefined;
    if (kind === 'signal') {
      if (index === 0 && isEventsOnce(origin) && staticString(call.arguments[1]) === 'abort' && call.type === 'CallExpression') {
        this.reportListener(call, 'abort', flow);
        return;
      }
      if (call.type === 'CallExpression' && isInert(call, origin)) return;
      this.reportSignal(call, call, flow);
      return;
    }
    if ((kind === 'emitter' || kind === 'emitter-prefix') && index === 0 && call.type === 'CallExpression') {
      const event = staticString(call.arguments[1]);
      if (isFinishHelper(origin) || (isEventsOnce(origin) && event !== undefined && REQUEST_END_EVENTS.has(event))) {
        this.reportFinishHelper(call, flow);
      }
    }
  }

  /** `AbortSignal.any([req.signal, …])` is request-scoped only when every member is. */
  settleCombinators(): void {
    const done = new Set<TSESTree.CallExpression>();
    let progress = true;
    while (progress) {
      progress = false;
      for (const { call, array, flow } of this.pendingCombinators) {
        if (done.has(call)) continue;
        const requestScoped = array.elements.every(
          (element) =>
            !!element && element.type !== 'SpreadElement' && (this.signalNodes.has(unwrap(element)) || this.isGlobalCall(unwrap(element), SELF_ENDING_SIGNALS)),
        );
        if (!requestScoped) continue;
        done.add(call);
        progress = true;
        this.visit(call, { ...flow, value: { kind: 'signal' }, derived: true });
      }
    }
  }

  private isGlobalCall(node: Node, names: readonly string[]): boolean {
    if (node.type !== 'CallExpression') return false;
    const origin = this.resolver.origin(node.callee);
    return origin?.kind === 'global' && names.includes(origin.path.join('.'));
  }

  /** The call or construction that receives an options object directly, if any. */
  private workTaking(object: TSESTree.ObjectExpression): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
    let node: Node = object;
    let parent = this.parent(node);
    while (parent && TRANSPARENT.has(parent.type)) {
      node = parent;
      parent = this.parent(node);
    }
    if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) return parent;
    return undefined;
  }

  // ------------------------------------------------------------------ regions and reports

  /** Whether a flow's root runs after the upgrade, for the request's framework. */
  private inRegion(flow: Flow, sink: 'signal' | 'listener'): boolean {
    const { regionFn, traits, handler } = flow.group;
    if (!contains(regionFn, flow.root)) return false;
    switch (traits.region) {
      case 'whole-handler':
        return true;
      case 'before-upgrade':
        return sink === 'listener';
      case 'after-upgrade-call': {
        const upgrade = handler.registration;
        const block = this.enclosingBlock(upgrade);
        return !!block && contains(block, flow.root) && flow.root.range[0] >= upgrade.range[1];
      }
      case 'upgrade-data':
        return sink === 'signal' && this.insideUpgradeData(flow.root, regionFn);
      default:
        return false;
    }
  }

  private enclosingBlock(node: Node): Node | undefined {
    let current = this.parent(node);
    while (current && current.type !== 'BlockStatement' && current.type !== 'Program' && !isFunction(current)) current = this.parent(current);
    return current;
  }

  /** Inside the `data` of `server.upgrade(req, { data })` (Bun). */
  private insideUpgradeData(node: Node, regionFn: FunctionNode): boolean {
    for (let current = this.parent(node); current && current !== regionFn; current = this.parent(current)) {
      if (current.type !== 'Property' || keyName(current) !== 'data') continue;
      const object = this.parent(current);
      const call = object && this.parent(object);
      if (call?.type === 'CallExpression' && call.arguments[1] === object && calledMethod(call)?.name === 'upgrade') return true;
    }
    return false;
  }

  private base(flow: Flow, sink: RequestLifetimeSink, node: Node): Omit<RequestLifetimeFinding, 'event' | 'derived' | 'boundary' | 'replace' | 'listenerCall'> {
    const { handler, traits, regionFn } = flow.group;
    return { sink, handler, framework: handler.framework, node, source: flow.source, sourceKeys: flow.sourceKeys, why: traits.why, closeHook: closeHookText(handler), regionFn };
  }

  private reportSignal(node: Node, work: TSESTree.CallExpression | TSESTree.NewExpression | undefined, flow: Flow): void {
    if (!this.inRegion(flow, 'signal')) return;
    const abortsAtOnce = flow.group.traits.signalAfterUpgrade === 'aborts-at-once';
    if (work && !abortsAtOnce && !this.options.reportOneShotWork && this.isOneShot(work)) return;
    this.findings.push({
      ...this.base(flow, 'signal', node),
      event: undefined,
      derived: flow.derived,
      boundary: undefined,
      replace: flow.replace,
      listenerCall: undefined,
    });
  }

  /** Work that ends by itself, by its name or, for an import alias (`sleep`), its export's name. */
  private isOneShot(work: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    const origin = this.resolver.origin(work.callee);
    const exported = origin && origin.path[origin.path.length - 1];
    return ONE_SHOT_CALLS.has(calleeName(work) ?? '') || (exported !== undefined && ONE_SHOT_CALLS.has(exported));
  }

  private reportListener(call: TSESTree.CallExpression | undefined, event: string, flow: Flow, node?: Node): void {
    if (!this.inRegion(flow, 'listener')) return;
    this.findings.push({
      ...this.base(flow, 'request-listener', node ?? call!),
      event,
      derived: flow.derived,
      boundary: undefined,
      replace: undefined,
      listenerCall: flow.inHandler ? call : undefined,
    });
  }

  private reportFinishHelper(call: TSESTree.CallExpression, flow: Flow): void {
    if (!this.inRegion(flow, 'listener')) return;
    this.findings.push({ ...this.base(flow, 'finish-helper', call), event: undefined, derived: false, boundary: undefined, replace: undefined, listenerCall: undefined });
  }

  // ------------------------------------------------------------------ uWebSockets.js

  /** A stack-allocated request (uWS `upgrade: (res, req, context)`) read after an await or inside a deferred callback. */
  lateRequestReads(handler: HandlerFact, variable: Variable): void {
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const identifier = reference.identifier as Node;
      if (!contains(handler.fn, identifier)) continue;
      const boundary = this.lateBoundary(identifier, handler.fn);
      if (!boundary) continue;
      const parent = this.parent(identifier);
      const node = parent?.type === 'MemberExpression' && parent.object === identifier ? parent : identifier;
      this.findings.push({
        sink: 'late-http-request',
        handler,
        framework: handler.framework,
        node,
        source: identifier,
        sourceKeys: [],
        event: undefined,
        derived: false,
        boundary,
        why: '',
        closeHook: closeHookText(handler),
        regionFn: handler.fn,
        replace: undefined,
        listenerCall: undefined,
      });
    }
  }

  private lateBoundary(node: Node, outer: FunctionNode): 'after an await' | 'inside a callback that runs later' | undefined {
    let current: Node | undefined = node;
    let fn: Node | undefined = this.model.enclosingFunction(node);
    while (fn) {
      if (fn !== outer) {
        const call = this.parent(fn);
        if (call?.type === 'CallExpression' && call.arguments.includes(fn as TSESTree.CallExpressionArgument) && this.defers(call)) return 'inside a callback that runs later';
      }
      if (this.awaitsBefore(fn as FunctionNode, current!)) return 'after an await';
      if (fn === outer) return undefined;
      current = fn;
      fn = this.model.enclosingFunction(fn);
    }
    return undefined;
  }

  private defers(call: TSESTree.CallExpression): boolean {
    const method = calledMethod(call);
    if (method && UWS_DEFERRING_METHODS.has(method.name)) return true;
    const origin = this.resolver.origin(call.callee);
    return origin?.kind === 'global' && UWS_DEFERRING_FUNCTIONS.has(origin.path.join('.'));
  }

  /** An await (or for-await) directly in `fn` that completes before `node` starts. */
  private awaitsBefore(fn: FunctionNode, node: Node): boolean {
    const stack: Node[] = [fn.body];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current !== fn.body && isFunction(current)) continue;
      if (current.range[0] >= node.range[0]) continue;
      const suspends = current.type === 'AwaitExpression' || (current.type === 'ForOfStatement' && current.await);
      if (suspends && current.range[1] <= node.range[0]) return true;
      for (const child of childNodes(current)) stack.push(child);
    }
    return false;
  }
}

function childNodes(node: Node): Node[] {
  const children: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof (item as Node).type === 'string') children.push(item as Node);
    } else if (value && typeof (value as Node).type === 'string') children.push(value as Node);
  }
  return children;
}


function dottedExportPath(origin: Origin | undefined): string | undefined {
  return origin?.kind === 'module' ? exportPath(origin).join('.') : undefined;
}

function isFinishHelper(origin: Origin | undefined): boolean {
  const path = dottedExportPath(origin);
  return path !== undefined && origin?.kind === 'module' && FINISH_HELPERS.some((helper) => helper.path === path && helper.modules.includes(origin.module));
}

function isEventsOnce(origin: Origin | undefined): boolean {
  const path = dottedExportPath(origin);
  return origin?.kind === 'module' && ['events', 'node:events'].includes(origin.module) && (path === 'once' || path === 'EventEmitter.once');
}

/** Calls that read a signal without tying anything to it (logging, `String(signal)`). */
function isInert(call: TSESTree.CallExpression, origin: Origin | undefined): boolean {
  const method = calledMethod(call);
  if (method && ['log', 'info', 'warn', 'debug', 'trace', 'error', 'push', 'add', 'set'].includes(method.name)) return true;
  return origin?.kind === 'global' && ['String', 'Boolean', 'JSON.stringify'].includes(origin.path.join('.'));
}

function calleeName(work: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = unwrap(work.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return propertyName(callee);
  return undefined;
}

/** How the handler's socket says it closed, for messages: `'close'`, `'disconnect'`, `onClose`. */
function closeHookText(handler: HandlerFact): string {
  const framework = handler.socket?.framework ?? handler.framework;
  const traits = FRAMEWORKS[framework];
  const hook = CLOSE_HOOK_PROPERTY[framework];
  if (hook) return `\`${hook}\``;
  const event = traits.events.close[0] ?? 'close';
  return traits.listenerStyle === 'hooks' ? `\`${event}\` handler` : `'${event}' event`;
}
