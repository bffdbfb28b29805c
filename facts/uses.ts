/**
 * Where and how a socket (or server) is used: listeners, method calls, property reads and writes,
 * and the places it leaves our sight (handed to code we cannot read).
 *
 * Aliases (`const s = ws`, `this.ws = ws`) and same-module helpers (`setup(ws)` with `function
 * setup(socket) { … }`) are followed, so a listener added in a helper counts.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import {
  calledMethod,
  contains,
  ESCAPING_PARENT_TYPES,
  enclosingClass,
  isFunction,
  propertyName,
  staticString,
  unwrap,
  type FunctionNode,
  type Node,
  type ParentMap,
} from './ast.js';
import { REGISTRY_STORE_METHODS } from './flow-data.js';
import { EMITTER_LISTEN_METHODS, EVENT_HELPERS, INERT_SOCKET_SINK_FUNCTIONS, INERT_SOCKET_SINK_METHODS, type EventHelper } from './frameworks.js';
import type { NodeIndex } from './node-index.js';
import type { Origin, Resolver } from './resolve.js';
import type { ThisOwner, ThisOwners } from './this-owner.js';
import type { Access, SocketFact, SocketUse, Variable } from './types.js';

/** Wrappers through which a value flows unchanged. */
const TRANSPARENT_PARENTS = new Set<string>([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'ChainExpression',
  'AwaitExpression',
  'LogicalExpression',
  'ConditionalExpression',
]);

export class UseCollector {
  private readonly visitedVariables = new Set<Variable>();
  private readonly visitedMembers = new Set<string>();
  readonly uses: SocketUse[] = [];

  private readonly parents: ParentMap;

  constructor(
    private readonly resolver: Resolver,
    private readonly index: NodeIndex,
    private readonly thisOwners: ThisOwners,
  ) {
    this.parents = index.parents;
  }

  collect(access: Access): this {
    if (access.kind === 'variable') this.fromVariable(access.variable, access.path);
    else this.fromThisMember(access.owner, access.name);
    return this;
  }

  /**
   * The uses, once every access is collected. A hand-off from inside one of the socket's own
   * listeners (`ws.on('message', (data) => handle(ws, data))`) is marked: the receiving code gets
   * the socket per event, after this code had every chance to guard it, so it takes nothing over.
   */
  finish(): SocketUse[] {
    const ownListeners: Node[] = [];
    for (const use of this.uses) {
      if (use.kind !== 'listener' || use.node.type !== 'CallExpression') continue;
      for (const argument of use.node.arguments) {
        const fn = isFunction(argument) ? argument : this.resolver.functionOf(argument);
        if (fn) ownListeners.push(fn);
      }
    }
    return this.uses.map((use) =>
      use.kind === 'handed-off' && ownListeners.some((fn) => contains(fn, use.node)) ? { ...use, fromOwnListener: true } : use,
    );
  }

  /** Uses of a value starting at the expression that produces it (`new WebSocket(url)`). */
  collectExpression(node: Node): this {
    this.classify(node);
    return this;
  }

  private fromVariable(variable: Variable, path: readonly string[]): void {
    if (path.length === 0) {
      if (this.visitedVariables.has(variable)) return;
      this.visitedVariables.add(variable);
    }
    for (const reference of variable.references) {
      if (reference.isWrite() && !reference.isRead()) continue;
      let expr: Node = reference.identifier as Node;
      let matched = true;
      for (const segment of path) {
        const parent = this.parents.get(expr);
        if (parent?.type === 'MemberExpression' && parent.object === expr && propertyName(parent) === segment) expr = parent;
        else {
          matched = false;
          break;
        }
      }
      // `req.socket = null` replaces the reference; it does not use the socket.
      const parent = this.parents.get(expr);
      const overwritten = path.length > 0 && parent?.type === 'AssignmentExpression' && parent.left === expr;
      if (matched && !overwritten) this.classify(expr);
    }
  }

  private fromThisMember(owner: ThisOwner, name: string): void {
    const key = `${owner.range[0]}:${name}`;
    if (this.visitedMembers.has(key)) return;
    this.visitedMembers.add(key);
    for (const node of this.thisOwners.membersOf(owner, name)) {
      const parent = this.parents.get(node);
      const isWrite = parent?.type === 'AssignmentExpression' && parent.left === node;
      if (!isWrite) this.classify(node);
    }
  }

  private classify(start: Node): void {
    let expr = start;
    let parent = this.parents.get(expr);
    while (parent && TRANSPARENT_PARENTS.has(parent.type) && !(parent.type === 'ConditionalExpression' && parent.test === expr)) {
      if (parent.type === 'LogicalExpression' && parent.left === expr && parent.operator !== '??' && parent.operator !== '||') break;
      expr = parent;
      parent = this.parents.get(expr);
    }
    if (!parent) return;

    if (parent.type === 'MemberExpression' && parent.object === expr) {
      this.classifyMember(parent);
      return;
    }
    if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(expr as TSESTree.CallExpressionArgument)) {
      this.classifyArgument(parent, parent.arguments.indexOf(expr as TSESTree.CallExpressionArgument));
      return;
    }
    if (parent.type === 'VariableDeclarator' && parent.init === expr) {
      if (parent.id.type === 'Identifier') {
        const alias = this.resolver.variable(parent.id);
        if (alias) this.fromVariable(alias, []);
      } else {
        this.uses.push({ kind: 'other', node: parent });
      }
      return;
    }
    if (parent.type === 'AssignmentExpression' && parent.right === expr) {
      const left = parent.left;
      // The assignment's own value flows on too: `const ws = (current = new WebSocket(url))`.
      const grandparent = this.parents.get(parent);
      if (grandparent && grandparent.type !== 'ExpressionStatement') this.classify(parent);
      if (left.type === 'Identifier') {
        const alias = this.resolver.variable(left);
        if (alias) this.fromVariable(alias, []);
        return;
      }
      if (left.type === 'MemberExpression') {
        const name = propertyName(left);
        const owner = this.thisOwners.ownerOf(left.object);
        if (name !== undefined && owner) {
          this.fromThisMember(owner, name);
          return;
        }
      }
      // `wsRef.current = ws` (a React ref), `state.socket = ws`: a path below a local object that
      // goes nowhere else is followed like a variable.
      const chain = this.localPath(left);
      if (chain) {
        this.fromVariable(chain.variable, chain.path);
        return;
      }
      // `peers[id] = ws`: kept in this file's registry, which hands nothing over.
      this.uses.push({ kind: isRegistryEntry(left) ? 'stored' : 'handed-off', node: parent });
      return;
    }
    if (ESCAPING_PARENT_TYPES.has(parent.type)) {
      this.uses.push({ kind: this.isRegistryRecord(parent) ? 'stored' : 'handed-off', node: parent });
      return;
    }
    this.uses.push({ kind: 'other', node: expr });
  }

  /**
   * `ref.current` / `state.socket`: a static path below a variable declared here, whose every
   * reference reads a property of it (the object itself is passed nowhere).
   */
  private localPath(left: Node): { variable: Variable; path: string[] } | undefined {
    const path: string[] = [];
    let node = left;
    while (node.type === 'MemberExpression') {
      const name = propertyName(node);
      if (name === undefined) return undefined;
      path.unshift(name);
      node = unwrap(node.object);
    }
    if (node.type !== 'Identifier' || path.length === 0) return undefined;
    const variable = this.resolver.variable(node);
    if (!variable || variable.defs[0]?.type !== 'Variable') return undefined;
    const escapes = variable.references.some((reference) => {
      if (!reference.isRead()) return false;
      const parent = this.parents.get(reference.identifier as Node);
      return parent?.type !== 'MemberExpression' || parent.object !== reference.identifier;
    });
    return escapes ? undefined : { variable, path };
  }

  /** `peers[id] = { sock: ws, user }`, `clients.set(id, { socket, user })`: a record of this file's registry. */
  private isRegistryRecord(property: Node): boolean {
    if (property.type !== 'Property' || property.kind !== 'init') return false;
    const object = this.parents.get(property);
    const container = object && this.parents.get(object);
    if (object?.type !== 'ObjectExpression' || !container) return false;
    if (container.type === 'AssignmentExpression') return container.right === object && isRegistryEntry(container.left);
    return container.type === 'CallExpression' && container.arguments[container.arguments.length - 1] === object && REGISTRY_STORE_METHODS.has(calledMethod(container)?.name ?? '');
  }

  private classifyMember(member: TSESTree.MemberExpression): void {
    const name = propertyName(member) ?? '';
    let holder: Node = member;
    let parent = this.parents.get(holder);
    if (parent?.type === 'ChainExpression') {
      holder = parent;
      parent = this.parents.get(holder);
    }
    if (parent?.type === 'CallExpression' && unwrapCallee(parent) === member) {
      if (EMITTER_LISTEN_METHODS.has(name) || name === 'addEventListener') {
        this.addListenerChain(parent, staticString(parent.arguments[0]) ?? '*');
      } else {
        this.uses.push({ kind: 'method-call', name, node: parent });
      }
      return;
    }
    if (parent?.type === 'AssignmentExpression' && parent.left === member) {
      this.uses.push({ kind: 'property', name, node: member, write: true });
      if (name.startsWith('on') && name.length > 2) this.uses.push({ kind: 'listener', event: name.slice(2), node: parent });
      return;
    }
    this.uses.push({ kind: 'property', name, node: member, write: false });
  }

  /** `ws.on('message', f).on('error', g)`: emitter methods return the emitter. */
  private addListenerChain(call: TSESTree.CallExpression, event: string): void {
    this.uses.push({ kind: 'listener', event, node: call });
    const member = this.parents.get(call);
    if (member?.type !== 'MemberExpression' || member.object !== call) return;
    const next = this.parents.get(member);
    const name = propertyName(member);
    if (next?.type === 'CallExpression' && next.callee === member && name !== undefined && EMITTER_LISTEN_METHODS.has(name)) {
      this.addListenerChain(next, staticString(next.arguments[0]) ?? '*');
    }
  }

  private classifyArgument(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number): void {
    if (call.type === 'CallExpression') {
      const callee = call.callee;
      const origin = this.resolver.origin(callee);
      const event = staticString(call.arguments[1]);
      const helper = index === 0 && event !== undefined ? eventHelperOf(origin) : undefined;
      if (helper && event !== undefined) {
        this.uses.push({ kind: 'listener', event, node: call });
        const errors = helper.handlesErrorsWhileWaitingFor;
        if (event !== 'error' && (errors === 'any-event' || errors.includes(event))) {
          this.uses.push({ kind: 'listener', event: 'error', node: call });
        }
        return;
      }
      const method = calledMethod(call);
      const inertGlobal = origin?.kind === 'global' && INERT_SOCKET_SINK_FUNCTIONS.has(origin.path.join('.'));
      if (inertGlobal || (method && INERT_SOCKET_SINK_METHODS.has(method.name))) {
        this.uses.push({ kind: 'stored', node: call });
        return;
      }
      const target = this.resolver.functionOf(callee) ?? this.thisOwners.methodAt(callee);
      if (target && this.followIntoParameter(target, index)) return;
    } else {
      // `new Connection(ws)` of a class or function constructor in this module: follow into its constructor.
      const made = this.thisOwners.constructedBy(call.callee);
      if (made) {
        const superClass = made.owner.type === 'ClassDeclaration' || made.owner.type === 'ClassExpression' ? made.owner.superClass : null;
        if (made.init ? this.followIntoParameter(made.init, index) : !superClass) return;
      }
    }
    this.uses.push({ kind: 'handed-off', node: call });
  }

  /** Continues into a same-module function's parameter. False when the parameter is not simple. */
  private followIntoParameter(fn: FunctionNode, index: number): boolean {
    const param = fn.params[index];
    if (!param) return true; // the function ignores it
    // `constructor(private readonly ws: WebSocket)` is both a parameter and `this.ws`.
    const property = param.type === 'TSParameterProperty' ? param.parameter : undefined;
    const bound = property ?? param;
    const target = bound.type === 'AssignmentPattern' ? bound.left : bound;
    if (target.type !== 'Identifier') return false;
    const variable = this.resolver.variable(target);
    if (!variable) return false;
    this.fromVariable(variable, []);
    const classNode = property ? enclosingClass(fn, this.parents) : undefined;
    if (classNode) this.fromThisMember(classNode, target.name);
    return true;
  }


}

function unwrapCallee(call: TSESTree.CallExpression): Node {
  let callee: Node = call.callee;
  while (callee.type === 'TSNonNullExpression' || callee.type === 'TSAsExpression') callee = callee.expression;
  return callee;
}

/**
 * Whether a raw upgrade socket lives across an asynchronous boundary (an `await`, or a callback)
 * before code we trust takes it over (the first synchronous hand-off, typically ws's
 * `handleUpgrade`, which attaches its own 'error' listener). Returns the boundary node, if any.
 *
 * A use in a same-module helper the handler calls (`accept(req, socket, head)` with `function
 * accept(…) { wss.handleUpgrade(…) }`) happens at that call, synchronously; one in a callback
 * inside such a helper happens later, like one in a callback of the handler.
 */
export function asyncBoundaryBeforeHandOver(fn: FunctionNode, uses: readonly SocketUse[], index: NodeIndex, calledFunction: (callee: Node) => FunctionNode | undefined): Node | undefined {
  const ownFunction = (node: Node) => index.enclosingFunction(node);
  const callSites = new Map<FunctionNode, Node>();
  for (const call of index.own(fn, 'CallExpression')) {
    const callee = calledFunction(call.callee);
    if (callee && callee !== fn && !callSites.has(callee)) callSites.set(callee, call);
  }
  // Where each use happens in the handler: itself, the helper call it runs in, or the callback it waits in.
  const placed = uses.map((use) => {
    const owner = ownFunction(use.node);
    if (owner === fn || !owner) return { use, at: use.node, later: undefined };
    let outer: Node | undefined = owner;
    while (outer && ownFunction(outer) !== fn) outer = ownFunction(outer);
    if (outer) return { use, at: outer, later: outer };
    for (let helper: FunctionNode | undefined = owner; helper; helper = ownFunction(helper)) {
      const site = callSites.get(helper);
      if (!site) continue;
      if (helper !== owner) return { use, at: site, later: site };
      // Synchronous unless the helper suspends first (`await authenticate(req)` before it hands over).
      const suspension = suspensionsIn(helper, index).find((node) => node.range[0] < use.node.range[0]);
      return { use, at: site, later: suspension };
    }
    return { use, at: owner, later: owner };
  });
  // A hand-off takes the socket over only when the handler does not touch the socket after it:
  // `await runHooks({ socket })` followed by `handleUpgrade(…, socket, …)` shows the hooks did not.
  const takeOver = placed
    .filter((entry) => entry.use.kind === 'handed-off' && entry.later === undefined)
    .sort((a, b) => a.at.range[0] - b.at.range[0])
    .find((handOff) => placed.every((entry) => entry.at.range[0] <= handOff.at.range[1] || onErrorPathOf(entry.at, handOff.at, index.parents)));
  const handOverAt = takeOver ? takeOver.at.range[0] : Number.POSITIVE_INFINITY;
  // An await (or for-await) in the handler itself that suspends before the take-over. An await
  // around the take-over (`await proxy(req, socket)`) suspends after the callee received it.
  const boundary = suspensionsIn(fn, index).find((node) => node.range[0] < handOverAt && !(takeOver && contains(node, takeOver.at)));
  if (boundary) return boundary;
  // A use inside a callback that runs later, with no synchronous hand-over before the callback.
  for (const entry of placed) {
    if (entry.later && entry.later.range[0] < handOverAt) return entry.later;
  }
  return undefined;
}

/** Where a function suspends (`await`, `yield`, `for await`) in its own body, in source order. */
export function suspensionsIn(fn: FunctionNode, index: NodeIndex): Node[] {
  return [...index.own(fn, 'AwaitExpression'), ...index.own(fn, 'YieldExpression'), ...index.own(fn, 'ForOfStatement').filter((loop) => loop.await)]
    .filter((node) => contains(fn.body, node))
    .sort((a, b) => a.range[0] - b.range[0]);
}

/** The event helper an origin denotes (`once` from node:events…), if any. */
function eventHelperOf(origin: Origin | undefined): EventHelper | undefined {
  if (origin?.kind !== 'module') return undefined;
  const path = (origin.path[0] === 'default' ? origin.path.slice(1) : origin.path).join('.');
  return EVENT_HELPERS.find((helper) => helper.path === path && helper.modules.includes(origin.module));
}

/**
 * True when `node` sits in the `catch` or `finally` of a `try` whose block contains `handOff`:
 * `try { await upgrade(req, socket) } catch { socket.destroy() }` cleans up after a failed
 * hand-over; it does not show that the callee left the socket alone.
 */
function onErrorPathOf(node: Node, handOff: Node, parents: ParentMap): boolean {
  let child: Node = node;
  let current = parents.get(node);
  while (current) {
    if (current.type === 'TryStatement' && child !== current.block && contains(current.block, handOff)) return true;
    child = current;
    current = parents.get(current);
  }
  return false;
}

/** An entry of a keyed registry: `peers[id]` (computed), not `this.socket` or `exports.ws`. */
function isRegistryEntry(target: Node): boolean {
  return target.type === 'MemberExpression' && target.computed && target.object.type !== 'ThisExpression';
}

/**
 * Whether this file owns the socket's lifecycle: a socket it recognised from a registration, or an
 * inferred one (received by a helper) whose events this file wires. A helper that only sends on,
 * or files away, a socket it was given leaves its errors and its close to the caller.
 */
export function ownsLifecycle(socket: SocketFact, uses: readonly SocketUse[]): boolean {
  return !socket.inferred || uses.some((use) => use.kind === 'listener');
}
