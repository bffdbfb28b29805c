/**
 * Work done per received message (frameworks.md §16.1 R3, seed 003): what each message handler
 * blocks on, which asynchronous work it starts without a bound, and which buffers it grows.
 *
 * A handler runs once per message, for as long as the peer keeps sending. Work it does
 * synchronously stops every socket of the process from being read; work it starts
 * asynchronously with nothing limiting how much runs at once grows with the peer's send rate.
 * A bound is any of: a limiter or queue (flow-data.ts `LIMITER_MODULES`, or a class of this module
 * that checks its own length), `pause()` of the socket, a per-connection promise chain, a counter
 * or size compared against a limit, or an in-flight flag.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { calledMethod, contains, decoratorsOf, isFunction, propertyName, unwrap, type FunctionNode, type Node } from './ast.js';
import {
  ARRAY_ITERATION_METHODS,
  BLOCKING_CALLS,
  BLOCKING_GLOBALS,
  PROMISE_CHAIN_METHODS,
  PROMISE_COMBINATORS,
  SIZE_MEMBERS,
} from './flow-data.js';
import { calledFunction, calleeName, isDiscarded, isLimiterModule, referenceKey } from './flow.js';
import type { SocketEventHandler } from './events.js';
import { LIBRARIES } from './frameworks.js';
import { shapesOfKind } from './shapes.js';
import { exportPath, type Origin } from './resolve.js';
import type { SocketFact, SocketModel, Variable } from './types.js';

export interface MessageWorkOptions {
  /** Extra limiter modules, or factory/class names whose values bound concurrency. */
  readonly limiters: readonly string[];
  /** Extra blocking function names (`hashSync`) or dotted paths (`bcrypt.hashSync`). */
  readonly blockingCalls: readonly string[];
  /** Report an async handler whose only work is one awaited call (a request/response handler). */
  readonly reportSingleAwait: boolean;
}

export type MessageWorkKind = 'blocking-call' | 'unawaited-work' | 'awaited-work' | 'unbounded-buffer';

/** How an async handler's awaited work scales: per item of the message, fanned out, or a chain of calls. */
export type AwaitShape = 'loop' | 'fan-out' | 'sequence' | 'single';

export interface MessageWorkFinding {
  readonly kind: MessageWorkKind;
  /** The blocking call, the promise started, the first await, or the first push. */
  readonly node: Node;
  readonly socket: SocketFact;
  readonly handler: SocketEventHandler;
  /** blocking-call / unawaited-work: the callee's name; awaited-work: an AwaitShape; buffer: the array's name. */
  readonly detail: string;
  /**
   * The work runs once per item of the message (`items.forEach(async …)`, an await in a loop,
   * `Promise.all(items.map(…))`), not once per message: one message multiplies into many runs.
   */
  readonly perItem: boolean;
}

const HELPER_DEPTH = 2;

const LOOP_TYPES: ReadonlySet<string> = new Set(['ForStatement', 'ForOfStatement', 'ForInStatement', 'WhileStatement', 'DoWhileStatement']);

/** A loop of the handler (or of a callback in it) runs the node once per iteration. */
function insideLoop(model: SocketModel, node: Node, fn: Node): boolean {
  for (let current = model.parentOf(node); current && current !== fn; current = model.parentOf(current)) {
    if (LOOP_TYPES.has(current.type)) return true;
  }
  return false;
}

/** Every unbounded or blocking piece of per-message work in the file, in source order. */
export function findUnboundedMessageWork(model: SocketModel, options: MessageWorkOptions): MessageWorkFinding[] {
  if (!model.hasEvidence || !model.resolver) return [];
  const facts = new FileFacts(model, options);
  const findings: MessageWorkFinding[] = [];
  const seen = new Set<Node>();
  const add = (finding: MessageWorkFinding) => {
    if (seen.has(finding.node)) return;
    seen.add(finding.node);
    findings.push(finding);
  };
  const handled = new Set<Node>();
  const pairs: { socket: SocketFact; handler: SocketEventHandler }[] = [];
  for (const socket of model.sockets) for (const handler of model.handlersOf(socket, 'message')) pairs.push({ socket, handler });
  pairs.push(...nestMessageHandlers(model));
  for (const { socket, handler } of pairs) {
    const fn = handler.fn;
    if (!fn || handled.has(fn)) continue;
    handled.add(fn);
    const socketCalls = model.useIndexOf(socket).methodCalls;
    const region = facts.regionOf(fn);
    for (const node of facts.blockingCalls(region)) {
      add({ kind: 'blocking-call', node, socket, handler, detail: facts.describeCallee(node), perItem: false });
    }
    if (handler.queuedBy || facts.isBounded(socket, fn, region)) continue;
    for (const node of facts.unawaitedWork(fn, socketCalls)) {
      const method = node.type === 'CallExpression' ? calledMethod(node) : undefined;
      const perItem = (!!method && ARRAY_ITERATION_METHODS.has(method.name)) || insideLoop(model, node, fn);
      add({ kind: 'unawaited-work', node, socket, handler, detail: facts.describeCallee(node), perItem });
    }
    const awaited = facts.awaitedWork(fn, socketCalls);
    if (awaited && (awaited.shape !== 'single' || options.reportSingleAwait)) {
      add({ kind: 'awaited-work', node: awaited.node, socket, handler, detail: awaited.shape, perItem: awaited.shape === 'loop' || awaited.shape === 'fan-out' });
    }
    for (const buffer of facts.unboundedBuffers(fn)) {
      add({ kind: 'unbounded-buffer', node: buffer.node, socket, handler, detail: buffer.name, perItem: false });
    }
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * Decorated message handlers (NestJS §9): the `@SubscribeMessage()` methods of a
 * `@WebSocketGateway()` class run once per message, and the ws and socket.io adapters merge their
 * results with unbounded concurrency (`mergeMap`). The socket is the gateway's client (its
 * `@ConnectedSocket()` parameter, or the `handleConnection` one); a gateway that names neither
 * gets a socket fact of its own.
 */
export function nestMessageHandlers(model: SocketModel): { socket: SocketFact; handler: SocketEventHandler }[] {
  const resolver = model.resolver;
  const found: { socket: SocketFact; handler: SocketEventHandler }[] = [];
  if (!resolver || !model.program) return found;
  for (const shape of shapesOfKind('class-hooks')) {
    const when = shape.when;
    const framework = shape.framework;
    if (!('messageHandlerDecorator' in when) || !model.libraries.some((library) => library.framework === framework)) continue;
    const modules = LIBRARIES.filter((library) => library.framework === framework).flatMap((library) => library.modules);
    const decoratedBy = (node: Node, name: string) =>
      decoratorsOf(node).some(({ callee }) => {
        const origin = resolver.origin(callee);
        return origin?.kind === 'module' && modules.includes(origin.module) && origin.path.join('.') === name;
      });
    for (const node of model.nodes) {
      if ((node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') || !decoratedBy(node, when.decoratorName)) continue;
      const inClass = (target: Node) => target.range[0] >= node.range[0] && target.range[1] <= node.range[1];
      const classSocket = model.sockets.find((socket) => socket.framework === framework && inClass(socket.node));
      for (const member of node.body.body) {
        if (member.type !== 'MethodDefinition' || !isFunction(member.value) || !decoratedBy(member, when.messageHandlerDecorator)) continue;
        const fn = member.value;
        const own = model.sockets.find((socket) => socket.framework === framework && fn.params.some((param) => inClass(param) && param.range[0] <= socket.node.range[0] && socket.node.range[1] <= param.range[1]));
        const socket: SocketFact = own ?? classSocket ?? { framework, role: 'server-side', node: fn, accesses: [], handler: undefined, errorBehaviour: 'unknown' };
        found.push({ socket, handler: { kind: 'message', event: when.messageHandlerDecorator, fn, registration: member } });
      }
    }
  }
  return found;
}

/** What the analysis knows about the whole file, computed once per rule run. */
class FileFacts {
  private readonly resolver;
  /** Reference keys of everything incremented or decremented in the file (counters). */
  private readonly updatedKeys = new Set<string>();
  private readonly boundedClassCache = new Map<Node, boolean>();

  constructor(
    private readonly model: SocketModel,
    private readonly options: MessageWorkOptions,
  ) {
    this.resolver = model.resolver!;
    for (const node of model.nodes) {
      const target = counterTarget(node);
      const key = target && referenceKey(target, this.resolver);
      if (key !== undefined) this.updatedKeys.add(key);
    }
  }

  /** The handler plus the same-module functions it calls (two levels), whose code runs per message too. */
  regionOf(fn: FunctionNode): FunctionNode[] {
    const region: FunctionNode[] = [fn];
    let layer: FunctionNode[] = [fn];
    for (let depth = 0; depth < HELPER_DEPTH && layer.length > 0; depth++) {
      const next: FunctionNode[] = [];
      for (const part of layer) {
        for (const node of this.model.index.inside(part, 'CallExpression')) {
          if (!contains(part.body, node)) continue;
          const helper = calledFunction(this.model, node.callee);
          if (helper && !region.includes(helper)) {
            region.push(helper);
            next.push(helper);
          }
        }
      }
      layer = next;
    }
    return region;
  }

  // ------------------------------------------------------------------ blocking calls

  blockingCalls(region: readonly FunctionNode[]): TSESTree.CallExpression[] {
    const found: TSESTree.CallExpression[] = [];
    for (const fn of region) {
      for (const node of this.model.index.inside(fn, 'CallExpression')) if (contains(fn.body, node) && this.isBlocking(node)) found.push(node);
    }
    return found;
  }

  private isBlocking(call: TSESTree.CallExpression): boolean {
    const origin = this.resolver.origin(call.callee);
    if (origin?.kind === 'global' && BLOCKING_GLOBALS.has(origin.path.join('.'))) return true;
    if (origin?.kind === 'module') {
      const path = exportPath(origin);
      const name = path[0];
      if (path.length === 1 && name !== undefined) {
        for (const entry of BLOCKING_CALLS) {
          if (!entry.modules.includes(origin.module)) continue;
          if (entry.names === '*Sync' ? name.endsWith('Sync') : entry.names.includes(name)) return true;
        }
      }
    }
    const extra = this.options.blockingCalls;
    if (extra.length === 0) return false;
    const name = calleeName(call.callee);
    const dotted = dottedName(call.callee);
    const fromModule = origin?.kind === 'module' ? [origin.module, ...exportPath(origin)].join('.') : undefined;
    return extra.some((entry) => entry === name || entry === dotted || entry === fromModule);
  }

  /** The work's name: `httpProbe` for `httpProbe(task).then(…)`, `this.save` for `void this.save(m)`. */
  describeCallee(node: Node): string {
    const root = node.type === 'CallExpression' ? chainRoot(node) : node;
    const call = root.type === 'CallExpression' ? root : node.type === 'CallExpression' ? node : undefined;
    if (!call) return 'work';
    return dottedName(call.callee) ?? calleeName(call.callee) ?? 'work';
  }

  // ------------------------------------------------------------------ bounds

  /** Whether something in sight limits how much of this handler's work runs or waits at once. */
  isBounded(socket: SocketFact, fn: FunctionNode, region: readonly FunctionNode[]): boolean {
    // ws `pause()`: the socket stops being read, so TCP backpressure reaches the peer (§1 (c)).
    if (this.model.useIndexOf(socket).methodNames.has('pause')) return true;
    // The message and what it is handed to: a size check on them (`while (i < buffer.length)` in
    // a helper that receives the message) reads the message, it bounds nothing in flight.
    const params = new Set<string>();
    for (const part of [fn, ...region]) {
      for (const param of part.params) {
        const key = param.type === 'Identifier' ? referenceKey(param, this.resolver) : undefined;
        if (key !== undefined) params.add(key);
      }
    }
    const flagsSetTrue = new Set<string>();
    const tests: Node[] = [];
    for (const part of region) {
      for (const node of this.model.index.descendants(part)) {
        if (this.isLimiterReference(node) || this.isPromiseChainStep(node) || this.isLimitCheck(node, params)) return true;
        if (node.type === 'AssignmentExpression' && node.operator === '=' && isBooleanLiteral(node.right, true)) {
          const key = referenceKey(node.left, this.resolver);
          if (key !== undefined) flagsSetTrue.add(key);
        }
        if ((node.type === 'IfStatement' || node.type === 'ConditionalExpression') && node.test) tests.push(node.test);
      }
    }
    // An in-flight flag: `if (busy) return; busy = true; … finally { busy = false }`.
    return tests.some((test) => {
      const operand = unwrap(test);
      const flag = operand.type === 'UnaryExpression' && operand.operator === '!' ? operand.argument : operand;
      const key = referenceKey(flag, this.resolver);
      return key !== undefined && flagsSetTrue.has(key);
    });
  }

  /** A reference to a limiter: a variable or `this` member holding one, or a call of a limiter module. */
  private isLimiterReference(node: Node): boolean {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const origin = this.resolver.origin(node.callee);
      if (origin?.kind === 'module' && isLimiterModule(origin.module, this.options.limiters)) return true;
      const name = calleeName(node.callee);
      return name !== undefined && this.options.limiters.includes(name);
    }
    if (node.type === 'Identifier') {
      const variable = this.resolver.variable(node);
      const value = variable && initialValue(variable);
      return !!value && value !== node && this.isLimiterValue(value);
    }
    if (node.type === 'MemberExpression' && this.model.thisOwners?.isSelf(node.object)) {
      const name = propertyName(node);
      return name !== undefined && this.thisMemberValues(node, name).some((value) => this.isLimiterValue(value));
    }
    return false;
  }

  /** `new PQueue(…)`, `pLimit(4)`, `fastq.promise(…)`, `new Bottleneck(…)`, a named limiter, or a bounded class. */
  private isLimiterValue(expr: Node): boolean {
    let value = unwrap(expr);
    if (value.type === 'AwaitExpression') value = unwrap(value.argument);
    if (value.type !== 'NewExpression' && value.type !== 'CallExpression') return false;
    const origin = this.resolver.origin(value.callee);
    if (origin?.kind === 'module' && isLimiterModule(origin.module, this.options.limiters)) return true;
    const name = calleeName(value.callee);
    if (name !== undefined && this.options.limiters.includes(name)) return true;
    if (value.type === 'NewExpression') {
      const classNode = this.classOf(value.callee);
      return !!classNode && this.isBoundedClass(classNode);
    }
    return false;
  }

  /**
   * The values assigned to `this.<name>` of the instance around a node: its class's field
   * initialisers, and assignments in any of its methods (prototype methods and `self.<name>`
   * included, this-owner.ts).
   */
  private thisMemberValues(node: Node, name: string): Node[] {
    const owners = this.model.thisOwners;
    const owner = node.type === 'MemberExpression' ? owners?.ownerOf(node.object) : undefined;
    if (!owners || !owner) return [];
    const values: Node[] = [];
    if (owner.type === 'ClassDeclaration' || owner.type === 'ClassExpression') {
      for (const member of owner.body.body) if (member.type === 'PropertyDefinition' && member.value && keyOf(member) === name) values.push(member.value);
    }
    for (const member of owners.membersOf(owner, name)) {
      const parent = this.model.parentOf(member);
      if (parent?.type === 'AssignmentExpression' && parent.left === member) values.push(parent.right);
    }
    return values;
  }

  private classOf(callee: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
    const node = unwrap(callee);
    if (node.type !== 'Identifier') return undefined;
    const variable = this.resolver.variable(node);
    const def = variable?.defs[0];
    if (!def) return undefined;
    const defNode = def.node as Node;
    if (defNode.type === 'ClassDeclaration' || defNode.type === 'ClassExpression') return defNode;
    const value = variable && initialValue(variable);
    return value?.type === 'ClassExpression' ? value : undefined;
  }

  /**
   * A class of this module that bounds what it holds: it compares its length, size or one of its
   * own counters against a limit (`#running < this.concurrency`, `#waiting.length >= max`).
   */
  private isBoundedClass(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    let bounded = this.boundedClassCache.get(classNode);
    if (bounded === undefined) {
      bounded = this.model.index.descendants(classNode).some((node) => this.isLimitCheck(node, new Set()));
      this.boundedClassCache.set(classNode, bounded);
    }
    return bounded;
  }

  /** `chain = chain.then(() => handle(m))`: one promise chain per connection runs messages in turn. */
  private isPromiseChainStep(node: Node): boolean {
    if (node.type !== 'AssignmentExpression' || node.operator !== '=') return false;
    const target = referenceKey(node.left, this.resolver);
    if (target === undefined) return false;
    let call = unwrap(node.right);
    let sawChain = false;
    while (call.type === 'CallExpression') {
      const method = calledMethod(call);
      if (!method) return false;
      if (PROMISE_CHAIN_METHODS.has(method.name)) sawChain = true;
      if (sawChain && referenceKey(method.object, this.resolver) === target) return true;
      call = unwrap(method.object);
    }
    return false;
  }

  /**
   * A relational comparison that bounds a queue or a counter: a `.length`/`.size` of a collection
   * (not of the message itself), `q.length()`, `counts.get(id)`, or a variable that code increments.
   */
  private isLimitCheck(node: Node, params: ReadonlySet<string>): boolean {
    if (node.type !== 'BinaryExpression' || !['<', '<=', '>', '>='].includes(node.operator)) return false;
    const sides = [node.left, node.right] as Node[];
    // `while (i < buffer.length)` walks the message: a loop over its bytes, not work in flight.
    if (sides.some((side) => this.isMessageSize(side, params))) return false;
    return sides.some((side) => this.isBoundOperand(side, params));
  }

  /** `data.length`, `buffer.byteLength` of the message (or of what it is handed to). */
  private isMessageSize(side: Node, params: ReadonlySet<string>): boolean {
    const operand = unwrap(side);
    if (operand.type !== 'MemberExpression' || !/^(?:length|byteLength|size)$/.test(propertyName(operand) ?? '')) return false;
    const key = referenceKey(rootOf(operand.object), this.resolver);
    return key !== undefined && params.has(key);
  }

  private isBoundOperand(side: Node, params: ReadonlySet<string>): boolean {
    const operand = unwrap(side);
    const rootIsOwnState = (expr: Node) => {
      const root = rootOf(expr);
      if (root.type === 'ThisExpression') return true;
      if (root.type !== 'Identifier') return false;
      const key = referenceKey(root, this.resolver);
      return key !== undefined && !params.has(key);
    };
    if (operand.type === 'MemberExpression' && SIZE_MEMBERS.has(propertyName(operand) ?? '')) return rootIsOwnState(operand.object);
    if (operand.type === 'CallExpression') {
      const method = calledMethod(operand);
      return !!method && (SIZE_MEMBERS.has(method.name) || method.name === 'get') && rootIsOwnState(method.object);
    }
    // `++pending >= max` compares a counter by definition.
    if (operand.type === 'UpdateExpression') return referenceKey(operand.argument, this.resolver) !== undefined;
    const key = referenceKey(operand, this.resolver);
    return key !== undefined && this.updatedKeys.has(key);
  }

  // ------------------------------------------------------------------ unbounded work

  /** Promises the handler starts and lets go: `.then()` chains, `void f()`, calls of async functions. */
  unawaitedWork(fn: FunctionNode, socketCalls: ReadonlySet<Node>): Node[] {
    const found: Node[] = [];
    for (const node of ownNodes(fn, this.model)) {
      if (node.type === 'CallExpression' && this.startsDiscardedPromise(node, socketCalls)) found.push(node);
    }
    return found;
  }

  private startsDiscardedPromise(call: TSESTree.CallExpression, socketCalls: ReadonlySet<Node>): boolean {
    const method = calledMethod(call);
    // Only the outermost call of a `.then().catch()` chain.
    if (method && PROMISE_CHAIN_METHODS.has(method.name)) {
      if (!isDiscarded(this.model, call)) return false;
      return !socketCalls.has(chainRoot(call));
    }
    if (!isDiscarded(this.model, call) || socketCalls.has(call)) return false;
    const parent = this.model.parentOf(call);
    if (parent?.type === 'UnaryExpression' && parent.operator === 'void') return true;
    // `items.forEach(async (item) => …)`: one promise per item, nobody waits for any.
    if (method && ARRAY_ITERATION_METHODS.has(method.name)) {
      const callback = call.arguments[0] && calledFunction(this.model, call.arguments[0]);
      return !!callback?.async;
    }
    if (method && PROMISE_COMBINATORS.has(method.name) && isPromiseGlobal(this.resolver.origin(method.object))) return true;
    return !!calledFunction(this.model, call.callee)?.async;
  }

  /** The awaited work of an async handler, classified by how it scales. */
  awaitedWork(fn: FunctionNode, socketCalls: ReadonlySet<Node>): { node: Node; shape: AwaitShape } | undefined {
    const awaits: Node[] = [];
    for (const node of ownNodes(fn, this.model)) {
      if (node.type === 'AwaitExpression') {
        const argument = unwrap(node.argument);
        if (argument.type === 'CallExpression' && socketCalls.has(argument)) continue; // awaiting our own send
        awaits.push(node);
      } else if (node.type === 'ForOfStatement' && node.await) {
        awaits.push(node);
      }
    }
    if (awaits.length === 0) return undefined;
    for (const node of awaits) {
      if (node.type === 'ForOfStatement' || this.insideLoop(node, fn)) return { node, shape: 'loop' };
      const argument = unwrap((node as TSESTree.AwaitExpression).argument);
      if (argument.type === 'CallExpression' && isFanOut(argument, this.resolver)) return { node, shape: 'fan-out' };
    }
    // Awaits in different branches (`switch (msg.type)`, if/else, an early `return`) are one per message.
    const sequential = awaits.some((a, i) => awaits.slice(i + 1).some((b) => !this.exclusive(a, b, fn)));
    return { node: awaits[0]!, shape: sequential ? 'sequence' : 'single' };
  }

  /** Whether two awaits (a before b) never both run for one message. */
  private exclusive(a: Node, b: Node, fn: FunctionNode): boolean {
    const ancestorsOfA: Node[] = [];
    for (let current: Node | undefined = a; current && current !== fn; current = this.model.parentOf(current)) ancestorsOfA.push(current);
    let childOfCommon: Node = b;
    let common = this.model.parentOf(b);
    while (common && common !== fn && !ancestorsOfA.includes(common)) {
      childOfCommon = common;
      common = this.model.parentOf(common);
    }
    if (!common || common === fn) return false;
    const branchOfA = ancestorsOfA[ancestorsOfA.indexOf(common) - 1];
    if (!branchOfA || branchOfA === childOfCommon) return false;
    if (common.type === 'IfStatement' || common.type === 'ConditionalExpression' || common.type === 'SwitchStatement') return true;
    if (common.type === 'TryStatement') return branchOfA === common.block && childOfCommon === common.handler;
    // `if (bad) { await reply(error); return; } await work();`: the first branch leaves the handler.
    if (common.type === 'BlockStatement' || common.type === 'SwitchCase') {
      return branchOfA.type === 'IfStatement' && !branchOfA.alternate && exits(branchOfA.consequent);
    }
    return false;
  }

  private insideLoop(node: Node, fn: FunctionNode): boolean {
    for (let current = this.model.parentOf(node); current && current !== fn; current = this.model.parentOf(current)) {
      if (
        current.type === 'ForStatement' ||
        current.type === 'ForOfStatement' ||
        current.type === 'ForInStatement' ||
        current.type === 'WhileStatement' ||
        current.type === 'DoWhileStatement'
      ) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ buffers

  /** Arrays outside the handler that every message pushes to and that nothing ever checks or drains. */
  unboundedBuffers(fn: FunctionNode): { node: TSESTree.CallExpression; name: string }[] {
    const found: { node: TSESTree.CallExpression; name: string }[] = [];
    const reported = new Set<Variable>();
    for (const node of this.model.index.inside(fn, 'CallExpression')) {
      if (!contains(fn.body, node)) continue;
      const method = calledMethod(node);
      if (!method || (method.name !== 'push' && method.name !== 'unshift') || method.object.type !== 'Identifier') continue;
      const variable = this.resolver.variable(method.object);
      if (!variable || reported.has(variable) || !this.isNeverCheckedArray(variable, fn)) continue;
      reported.add(variable);
      found.push({ node, name: variable.name });
    }
    return found;
  }

  private isNeverCheckedArray(variable: Variable, fn: FunctionNode): boolean {
    const def = variable.defs[0];
    if (variable.defs.length !== 1 || def?.type !== 'Variable') return false;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.range[0] >= fn.range[0] && declarator.range[1] <= fn.range[1]) return false; // per message
    const init = declarator.init && unwrap(declarator.init);
    const isEmptyArray =
      (init?.type === 'ArrayExpression' && init.elements.length === 0) ||
      (init?.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === 'Array' && init.arguments.length === 0);
    if (!isEmptyArray) return false;
    return variable.references.every((reference) => {
      if (reference.init) return true;
      if (reference.isWrite()) return false; // `queue = []` drains it
      const identifier = reference.identifier as Node;
      const parent = this.model.parentOf(identifier);
      if (parent?.type !== 'MemberExpression' || parent.object !== identifier) return false; // handed elsewhere
      return READ_ONLY_ARRAY_MEMBERS.has(propertyName(parent) ?? '');
    });
  }
}

/** Array members that neither check the length nor remove anything. */
const READ_ONLY_ARRAY_MEMBERS: ReadonlySet<string> = new Set([
  'push',
  'unshift',
  'forEach',
  'map',
  'filter',
  'includes',
  'indexOf',
  'find',
  'some',
  'every',
  'join',
  'concat',
]);

/** The handler's own code: its body without nested functions, except callbacks it runs per item. */
function ownNodes(fn: FunctionNode, model: SocketModel): Node[] {
  const nodes: Node[] = [];
  // Nested functions whose code does not run as part of the handler's (and what is inside them).
  const skipped = new Set<Node>();
  for (const node of model.index.descendants(fn)) {
    if (node === fn || !contains(fn.body, node)) continue;
    const owner = model.enclosingFunction(node);
    if (owner && skipped.has(owner)) {
      if (isFunction(node)) skipped.add(node);
      continue;
    }
    if (isFunction(node)) {
      const parent = model.parentOf(node);
      const method = parent?.type === 'CallExpression' ? calledMethod(parent) : undefined;
      if (!method || !ARRAY_ITERATION_METHODS.has(method.name) || node.async) {
        skipped.add(node);
        continue;
      }
    }
    nodes.push(node);
  }
  return nodes;
}

/** `Promise.all(items.map(…))`, `Promise.all([...a].map(…))`: as many promises as the message has items. */
function isFanOut(call: TSESTree.CallExpression, resolver: NonNullable<SocketModel['resolver']>): boolean {
  const method = calledMethod(call);
  if (!method || !PROMISE_COMBINATORS.has(method.name) || !isPromiseGlobal(resolver.origin(method.object))) return false;
  const argument = call.arguments[0] && unwrap(call.arguments[0]);
  if (argument?.type !== 'CallExpression') return false;
  const inner = calledMethod(argument);
  return (!!inner && (inner.name === 'map' || inner.name === 'flatMap')) || calleeName(argument.callee) === 'from';
}

function isPromiseGlobal(origin: Origin | undefined): boolean {
  return origin?.kind === 'global' && origin.path.join('.') === 'Promise';
}

/** The first call of a `.then().catch()` chain. */
function chainRoot(call: TSESTree.CallExpression): Node {
  let current: Node = call;
  for (;;) {
    const method: { object: Node; name: string } | undefined = current.type === 'CallExpression' ? calledMethod(current) : undefined;
    if (!method || !PROMISE_CHAIN_METHODS.has(method.name)) return current;
    current = method.object;
  }
}

/** A statement that always leaves the function (`return`, `throw`, or a block ending in one). */
function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type !== 'BlockStatement') return false;
  const last = statement.body[statement.body.length - 1];
  return !!last && exits(last);
}

/** The target of `x++`, `--x`, `x += n`, `x -= n`. */
function counterTarget(node: Node): Node | undefined {
  if (node.type === 'UpdateExpression') return node.argument;
  if (node.type === 'AssignmentExpression' && (node.operator === '+=' || node.operator === '-=')) return node.left;
  return undefined;
}

function rootOf(expr: Node): Node {
  let current = unwrap(expr);
  for (;;) {
    if (current.type === 'MemberExpression') current = unwrap(current.object);
    else if (current.type === 'CallExpression') current = unwrap(current.callee);
    else return current;
  }
}

/** `a.b.c` for a chain of plain names, else undefined. */
function dottedName(expr: Node): string | undefined {
  const node = unwrap(expr);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression') {
    const name = propertyName(node);
    const base = dottedName(node.object);
    return name !== undefined && base !== undefined ? `${base}.${name}` : undefined;
  }
  return undefined;
}

function isBooleanLiteral(node: Node, value: boolean): boolean {
  const literal = unwrap(node);
  return literal.type === 'Literal' && literal.value === value;
}

function keyOf(node: TSESTree.PropertyDefinition): string | undefined {
  if (node.key.type === 'Identifier' && !node.computed) return node.key.name;
  if (node.key.type === 'PrivateIdentifier') return `#${node.key.name}`;
  return undefined;
}

/** The initial value of a variable declared once and never reassigned (`let` included). */
function initialValue(variable: Variable): TSESTree.Expression | undefined {
  const def = variable.defs[0];
  if (!def || variable.defs.length !== 1 || def.type !== 'Variable') return undefined;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
  const reassigned = variable.references.some((reference) => reference.isWrite() && !reference.init);
  return reassigned ? undefined : declarator.init;
}
