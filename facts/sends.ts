/**
 * Sends that repeat without looking at what is queued (frameworks.md §16.1 R3, seed 003 seen from
 * the sender): a send to every client, on every interval tick, or for every item of a
 * subscription, watch or stream, with no check of `bufferedAmount` (or its framework's
 * equivalent) on the way. A client that reads slower than the sender writes makes the sender's
 * library queue every message in memory; nothing ever drops them.
 *
 * A single reply to a received message is not a stream, and neither is a constant payload (a
 * heartbeat): those are left alone.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { calledMethod, contains, isFunction, lookedUpCollection, keyName, propertyName, staticString, unwrap, type FunctionNode, type Node } from './ast.js';
import { EMITTER_LISTEN_METHODS, type FrameworkId } from './frameworks.js';
import {
  BACKPRESSURE_METHODS,
  BACKPRESSURE_PROPERTIES,
  CLIENT_SET_MEMBERS,
  CLOSE_ON_BACKPRESSURE_OPTION,
  DRAIN_EVENT,
  ONE_SHOT_EVENTS,
  SESSION_EVENT_NAME,
  REGISTRY_STORE_METHODS,
  SEND_TRAITS,
  STREAM_CALLBACK_METHODS,
  STREAMING_FUNCTION_NAME,
  SUBSCRIPTION_METHODS,
  type SendTraits,
} from './flow-data.js';
import { calledFunction, calleeName, isDiscarded, referenceKey } from './flow.js';
import { INTERVAL_STARTS, TIMEOUT_STARTS } from './resources-data.js';
import type { SocketFact, SocketModel, SocketUse, Variable } from './types.js';

/**
 * A collection of sockets: whose they are, where the socket sits in an entry (`['socket']` for
 * `{ socket, user }` records), and whether the socket is the map's key (`clients.set(ws, data)`).
 */
interface Registry {
  readonly framework: FrameworkId;
  readonly path: readonly string[];
  readonly keyed: boolean;
}

/** Which part of a collection a loop iterates: `map.keys()`, `map.entries()` (or the map itself), `values()`. */
function iteratedView(expr: Node): 'keys' | 'entries' | 'values' {
  const node = unwrap(expr);
  const method = node.type === 'CallExpression' ? calledMethod(node)?.name : undefined;
  return method === 'keys' ? 'keys' : method === 'values' ? 'values' : 'entries';
}

/** Why a send repeats. */
export type RepeatKind = 'clients-loop' | 'interval' | 'subscription' | 'stream';

export interface UnguardedSend {
  /** The send call (`client.send(batch)`, `socket.emit('tick', t)`, `io.emit(…)`). */
  readonly node: TSESTree.CallExpression;
  readonly framework: FrameworkId;
  readonly context: RepeatKind;
  /** Behind an `if` (or `&&`, `?:`, a `case`) inside what repeats it: it may not run every time. */
  readonly conditional: boolean;
}

type Verdict = RepeatKind | 'stop' | 'transparent';

interface Repeat {
  readonly kind: RepeatKind;
  /** The functions (and loop) between the send and what repeats it: where a guard would be. */
  readonly region: readonly Node[];
}

const MAX_HELPER_DEPTH = 3;
/** A socket's own state, which a send is commonly tested against before every send. */
const SOCKET_STATE_MEMBERS: ReadonlySet<string> = new Set(['readyState', 'OPEN', 'connected', 'isAlive']);
/** Names a file gives a ws server it did not create itself (with `ws` imported). */

/** Every repeated send without a backpressure check, in source order. */
export function findUnguardedSends(model: SocketModel): UnguardedSend[] {
  if (!model.hasEvidence || !model.resolver || !model.program) return [];
  return new SendAnalysis(model).run();
}

class SendAnalysis {
  private readonly resolver;
  private readonly listenerCalls = new Set<Node>();
  private readonly handlerFns = new Set<Node>();
  /** Registries of sockets, by reference key. */
  private readonly registries = new Map<string, Registry>();
  private readonly serverKeys = new Set<string>();
  private readonly found = new Map<Node, UnguardedSend>();
  private drainHandled = false;
  private closesOnLimit = false;
  /** Names of this file's wrapper methods that pass the listener they get on to a socket (`on(event, fn) { ws.on(event, fn) }`). */
  private readonly forwardingMethods = new Set<string>();

  constructor(private readonly model: SocketModel) {
    this.resolver = model.resolver!;
  }

  run(): UnguardedSend[] {
    this.collectFacts();
    for (const socket of this.model.sockets) this.checkSocketFact(socket);
    this.checkClientLoops();
    this.checkRegistryLookups();
    for (const server of this.model.servers) {
      const broadcast = SEND_TRAITS[server.framework]?.serverBroadcast;
      if (broadcast) this.checkServerBroadcasts(server, broadcast);
    }
    return [...this.found.values()].sort((a, b) => a.node.range[0] - b.node.range[0]);
  }

  private collectFacts(): void {
    for (const handler of this.model.handlers) {
      this.handlerFns.add(handler.fn);
      if (handler.hookName === DRAIN_EVENT) this.drainHandled = true;
    }
    for (const socket of this.model.sockets) {
      for (const use of this.model.usesOf(socket)) {
        if (use.kind === 'listener') {
          this.listenerCalls.add(use.node);
          const forwarder = this.forwardingMethodName(use.node);
          if (forwarder !== undefined) this.forwardingMethods.add(forwarder);
        }
        if (use.kind === 'stored') {
          const entry = this.registryEntry(use.node, socket);
          if (entry && !this.registries.has(entry.key)) this.registries.set(entry.key, { framework: socket.framework, path: entry.path, keyed: entry.keyed });
        }
      }
    }
    for (const server of this.model.servers) {
      for (const use of this.model.usesOfServer(server)) if (use.kind === 'listener') this.listenerCalls.add(use.node);
      const access = server.access;
      if (access?.kind === 'variable' && access.path.length === 0 && access.variable.identifiers[0]) {
        const key = referenceKey(access.variable.identifiers[0], this.resolver);
        if (key !== undefined) this.serverKeys.add(key);
      } else if (access?.kind === 'this-member') {
        this.serverKeys.add(`this.${access.name}`);
      }
    }
    this.model.nodes.forEach((node) => {
      if (node.type === 'CallExpression') {
        const method = calledMethod(node);
        if (method && (EMITTER_LISTEN_METHODS.has(method.name) || method.name === 'addEventListener') && staticString(node.arguments[0]) === DRAIN_EVENT) {
          this.drainHandled = true;
        }
      }
      if (node.type === 'Property' && keyName(node) === CLOSE_ON_BACKPRESSURE_OPTION) {
        const value = unwrap(node.value);
        if (value.type === 'Literal' && value.value === true) this.closesOnLimit = true;
      }
    });
  }

  /**
   * `on(event, listener) { ws.on(event, listener) }` of a wrapper object, prototype or class: the
   * method's name when a socket's listener registration takes its listener from the method's parameter.
   */
  private forwardingMethodName(registration: Node): string | undefined {
    if (registration.type !== 'CallExpression') return undefined;
    const listener = registration.arguments[1];
    const variable = listener?.type === 'Identifier' ? this.resolver.variable(listener) : undefined;
    const def = variable?.defs[0];
    if (def?.type !== 'Parameter' || !isFunction(def.node as Node)) return undefined;
    const holder = this.model.parentOf(def.node as Node);
    if ((holder?.type === 'Property' || holder?.type === 'MethodDefinition') && holder.value === def.node) return keyName(holder);
    if (holder?.type === 'AssignmentExpression' && holder.right === def.node && holder.left.type === 'MemberExpression') return propertyName(holder.left);
    return undefined;
  }

  /**
   * The registry a socket is stored in, and where the socket sits in an entry: `clients.add(ws)`,
   * `sockets[socket.id] = socket` (path []), `clients.set(id, { socket, user })` (path ['socket']).
   */
  private registryEntry(store: Node, socket: SocketFact): { key: string; path: readonly string[]; keyed: boolean } | undefined {
    let path: readonly string[] = [];
    let container = store;
    if (store.type === 'Property') {
      const name = keyName(store);
      const object = this.model.parentOf(store);
      const parent = object && this.model.parentOf(object);
      if (name === undefined || !parent) return undefined;
      path = [name];
      container = parent;
    }
    let key: string | undefined;
    let keyed = false;
    if (container.type === 'CallExpression') {
      const method = calledMethod(container);
      key = method && REGISTRY_STORE_METHODS.has(method.name) ? this.collectionKey(method.object) : undefined;
      // `sockets.set(ws, data)`: the socket is the map's key.
      keyed = method?.name === 'set' && container.arguments.length === 2 && this.refersTo(container.arguments[0]!, socket);
    } else if (container.type === 'AssignmentExpression' && container.left.type === 'MemberExpression' && container.left.computed) {
      key = referenceKey(container.left.object, this.resolver);
    }
    return key === undefined ? undefined : { key, path, keyed };
  }

  private refersTo(expr: Node, socket: SocketFact): boolean {
    const node = unwrap(expr);
    if (node.type === 'Identifier') {
      const variable = this.resolver.variable(node);
      return socket.accesses.some((access) => access.kind === 'variable' && access.path.length === 0 && access.variable === variable);
    }
    return node === socket.node;
  }

  // ------------------------------------------------------------------ where sends come from

  private checkSocketFact(socket: SocketFact): void {
    const traits = SEND_TRAITS[socket.framework];
    if (!traits) return;
    for (const use of this.model.usesOf(socket)) {
      const send = this.sendOf(use, traits);
      if (!send) continue;
      const repeat = this.climb(send, [], 0);
      if (repeat) this.consider(send, socket.framework, repeat);
    }
  }

  /** `wss.clients.forEach(c => c.send(m))`, `for (const c of clients) …` over a registry of sockets. */
  private checkClientLoops(): void {
    this.model.nodes.forEach((node) => {
      let binding: Node | undefined | null;
      let collection: Registry | undefined;
      if (node.type === 'ForOfStatement' && node.left.type === 'VariableDeclaration') {
        collection = this.collectionOf(node.right);
        const id = node.left.declarations[0]?.id;
        const view = iteratedView(node.right);
        // A map keyed by the socket: `[ws, data]` of its entries, or its keys; values otherwise.
        if (collection?.keyed) binding = view === 'keys' ? id : view === 'entries' && id?.type === 'ArrayPattern' ? id.elements[0] : undefined;
        else binding = id?.type === 'ArrayPattern' ? id.elements[1] : view === 'keys' ? undefined : id;
      } else if (node.type === 'CallExpression') {
        const method = calledMethod(node);
        if (method?.name === 'forEach' || method?.name === 'map') {
          collection = this.collectionOf(method.object);
          const callback = collection && node.arguments[0] ? calledFunction(this.model, node.arguments[0]) : undefined;
          // Map.forEach((value, key) => …).
          binding = callback?.params[collection?.keyed ? 1 : 0];
        }
      }
      if (!collection || binding?.type !== 'Identifier') return;
      const framework = collection.framework;
      const variable = this.resolver.variable(binding);
      const traits = SEND_TRAITS[framework];
      if (!variable || !traits) return;
      const loopSocket: SocketFact = {
        framework,
        role: 'server-side',
        node: binding,
        accesses: [{ kind: 'variable', variable, path: collection.path }],
        handler: undefined,
        errorBehaviour: 'unknown',
      };
      for (const use of this.model.usesOf(loopSocket)) {
        const send = this.sendOf(use, traits);
        if (!send) continue;
        const region: Node[] = [node];
        for (let fn = this.model.enclosingFunction(send); fn && !contains(fn, node); fn = this.model.enclosingFunction(fn)) {
          region.push(fn);
        }
        this.consider(send, framework, { kind: 'clients-loop', region });
      }
    });
  }

  /** The send a use makes: `ws.send(…)`, or a raw write past it (`ws._socket.write(frame)`). */
  private sendOf(use: SocketUse, traits: SendTraits): TSESTree.CallExpression | undefined {
    if (use.kind === 'method-call') return traits.methods.includes(use.name) ? use.node : undefined;
    const raw = traits.rawWrite;
    if (use.kind !== 'property' || !raw || use.name !== raw.property) return undefined;
    const member = this.model.parentOf(use.node);
    const call = member && this.model.parentOf(member);
    return member?.type === 'MemberExpression' && propertyName(member) === raw.method && call?.type === 'CallExpression' && call.callee === member ? call : undefined;
  }

  /**
   * `sockets[p.id].emit(state)`, `clients.get(id).send(m)`, `this.clients[id].socket.emit(…)`: one
   * socket fetched from a registry, in a tick, or for every key of the registry
   * (`for (const id in this.clients)`).
   */
  private checkRegistryLookups(): void {
    if (this.registries.size === 0) return;
    this.model.nodes.forEach((node) => {
      if (node.type !== 'CallExpression') return;
      const method = calledMethod(node);
      if (!method) return;
      const path: string[] = [];
      let target = unwrap(method.object);
      while (target.type === 'MemberExpression' && !target.computed) {
        path.unshift(propertyName(target) ?? '');
        target = unwrap(target.object);
      }
      let registry: Node | undefined;
      let lookupKey: Node | undefined;
      if (target.type === 'MemberExpression' && target.computed) {
        registry = target.object;
        lookupKey = target.property;
      } else if (target.type === 'CallExpression' && calledMethod(target)?.name === 'get') {
        registry = calledMethod(target)!.object;
        lookupKey = target.arguments[0];
      }
      const key = registry && referenceKey(registry, this.resolver);
      const entry = key === undefined ? undefined : this.registries.get(key);
      if (!entry || entry.keyed || entry.path.join('.') !== path.join('.') || !SEND_TRAITS[entry.framework]?.methods.includes(method.name)) return;
      const loop = lookupKey && this.loopOverKeys(lookupKey, key!);
      if (loop) {
        const region: Node[] = [loop];
        for (let fn = this.model.enclosingFunction(node); fn && !contains(fn, loop); fn = this.model.enclosingFunction(fn)) region.push(fn);
        this.consider(node, entry.framework, { kind: 'clients-loop', region });
        return;
      }
      const repeat = this.climb(node, [], 0);
      // Only a tick: a lookup in a subscription or stream listener may be a one-off reply.
      if (repeat?.kind === 'interval') this.consider(node, entry.framework, repeat);
    });
  }

  /** The `for (const id in registry)` (or `of Object.keys(registry)`) loop whose variable is this key. */
  private loopOverKeys(lookupKey: Node, registryKey: string): Node | undefined {
    const key = unwrap(lookupKey);
    if (key.type !== 'Identifier') return undefined;
    const variable = this.resolver.variable(key);
    const declarator = variable?.defs[0]?.node as Node | undefined;
    const declaration = declarator && this.model.parentOf(declarator);
    const loop = declaration && this.model.parentOf(declaration);
    if (loop?.type === 'ForInStatement' && loop.left === declaration) return referenceKey(loop.right, this.resolver) === registryKey ? loop : undefined;
    if (loop?.type === 'ForOfStatement' && loop.left === declaration) {
      const right = unwrap(loop.right);
      const keysOf = right.type === 'CallExpression' && calleeName(right.callee) === 'keys' ? right.arguments[0] : undefined;
      return keysOf && referenceKey(keysOf, this.resolver) === registryKey ? loop : undefined;
    }
    return undefined;
  }

  /** Broadcasts from the server (socket.io `io.emit`, `io.to(room).emit`) in an interval or a subscription. */
  private checkServerBroadcasts(server: SocketModel['servers'][number], broadcast: NonNullable<SendTraits['serverBroadcast']>): void {
    for (const use of this.model.usesOfServer(server)) {
      if (use.kind !== 'method-call') continue;
      let call: TSESTree.CallExpression | undefined = use.node;
      let name = use.name;
      while (call && broadcast.targetMethods.has(name)) {
        const member = this.model.parentOf(call);
        const next = member && this.model.parentOf(member);
        if (member?.type !== 'MemberExpression' || next?.type !== 'CallExpression' || next.callee !== member) call = undefined;
        else {
          call = next;
          name = propertyName(member) ?? '';
        }
      }
      if (!call || name !== broadcast.method) continue;
      const repeat = this.climb(call, [], 0);
      if (repeat && repeat.kind !== 'clients-loop') this.consider(call, server.framework, repeat);
    }
  }

  /** Which framework's clients a collection holds (`wss.clients`, `io.sockets.sockets`, or a registry), and where in an entry. */
  private collectionOf(expr: Node): Registry | undefined {
    const framework = this.collectionFramework(expr);
    if (!framework) return undefined;
    const key = this.collectionKey(this.collectionBase(expr));
    return (key !== undefined ? this.registries.get(key) : undefined) ?? { framework, path: [], keyed: false };
  }

  /**
   * The key of a collection of sockets: its reference, or for one list of a registry of lists
   * (`const clients = byChunk.get(id)`, `byChunk[id]`) the registry's key with `[*]`, so that the
   * list filled in one method and the one looped over in another are the same collection.
   */
  private collectionKey(expr: Node): string | undefined {
    const node = unwrap(expr);
    const variable = node.type === 'Identifier' ? this.resolver.variable(node) : undefined;
    const value = variable && this.resolver.singleValue(variable);
    const registry = lookedUpCollection(value ?? node);
    if (!registry) return referenceKey(node, this.resolver);
    const base = referenceKey(registry, this.resolver);
    return base === undefined ? undefined : `${base}[*]`;
  }

  /** The collection itself: `clients` of `clients.values()`, `Array.from(clients)`, `[...clients]`. */
  private collectionBase(expr: Node): Node {
    const node = unwrap(expr);
    if (node.type === 'CallExpression') {
      const method = calledMethod(node);
      if (method?.name === 'values' || method?.name === 'keys' || method?.name === 'entries') return unwrap(method.object);
      if (method?.name === 'from' && node.arguments[0]) return unwrap(node.arguments[0]);
    } else if (node.type === 'ArrayExpression' && node.elements.length === 1 && node.elements[0]?.type === 'SpreadElement') {
      return unwrap(node.elements[0].argument);
    }
    return node;
  }

  private collectionFramework(expr: Node): FrameworkId | undefined {
    const node = this.collectionBase(expr);
    const key = this.collectionKey(node);
    if (key !== undefined && this.registries.has(key)) return this.registries.get(key)!.framework;
    if (node.type !== 'MemberExpression') return undefined;
    const member = propertyName(node);
    const frameworks = new Set(this.model.libraries.map((library) => library.framework));
    for (const [framework, members] of Object.entries(CLIENT_SET_MEMBERS) as [FrameworkId, NonNullable<(typeof CLIENT_SET_MEMBERS)[FrameworkId]>][]) {
      for (const path of members.paths) {
        const segments = path.split('.');
        if (segments[segments.length - 1] !== member) continue;
        let owner: Node = node;
        let matches = true;
        for (let i = segments.length - 1; i >= 0; i--) {
          if (owner.type !== 'MemberExpression' || propertyName(owner) !== segments[i]) {
            matches = false;
            break;
          }
          owner = unwrap(owner.object);
        }
        if (!matches) continue;
        if (members.owner ? !this.isServer(owner, members.owner, frameworks) : !frameworks.has(framework)) continue;
        return framework;
      }
    }
    return undefined;
  }

  /** A server the file created, or one named like it in a file that uses its library. */
  private isServer(owner: Node, hint: { readonly names: RegExp; readonly libraries: readonly FrameworkId[] }, frameworks: ReadonlySet<FrameworkId>): boolean {
    const key = referenceKey(owner, this.resolver);
    if (key !== undefined && this.serverKeys.has(key)) return true;
    if (!hint.libraries.some((library) => frameworks.has(library))) return false;
    const name = owner.type === 'CallExpression' ? calleeName(owner.callee) : calleeName(owner);
    return name !== undefined && hint.names.test(name);
  }

  // ------------------------------------------------------------------ what repeats a send

  /**
   * Walks out from a send to what runs it: an interval, a subscription or stream listener, or a
   * `for await` repeats it; the socket's own listeners, connection handlers and hooks do not.
   * Named same-module functions are followed to their call sites.
   */
  private climb(start: Node, region: readonly Node[], depth: number): Repeat | undefined {
    let node = start;
    let path = region;
    for (;;) {
      const parent = this.model.parentOf(node);
      if (!parent) return undefined;
      if (parent.type === 'ForOfStatement' && parent.await && parent.body === node) return { kind: 'stream', region: [...path, parent] };
      if (!isFunction(parent)) {
        node = parent;
        continue;
      }
      const fn = parent;
      if (this.handlerFns.has(fn)) return undefined;
      path = [...path, fn];
      const container = this.model.parentOf(fn);
      if (container?.type === 'CallExpression' && container.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
        const verdict = this.classifyCallback(container, fn);
        if (verdict === 'stop') return undefined;
        if (verdict !== 'transparent') return { kind: verdict, region: path };
        node = container;
        continue;
      }
      if (container?.type === 'Property' && container.value === fn) return this.observerCallback(container, path);
      if (container?.type === 'AssignmentExpression' && container.right === fn) return this.handlerProperty(container, path);
      const variable = this.functionVariable(fn, container);
      if (!variable || depth >= MAX_HELPER_DEPTH) return undefined;
      for (const reference of variable.references) {
        const identifier = reference.identifier as Node;
        const site = this.model.parentOf(identifier);
        if (site?.type !== 'CallExpression') continue;
        let found: Repeat | undefined;
        if (site.callee === identifier) found = this.climb(site, path, depth + 1);
        else if (site.arguments.includes(identifier as TSESTree.CallExpressionArgument)) {
          const verdict = this.classifyCallback(site, fn);
          if (verdict === 'transparent') found = this.climb(site, path, depth + 1);
          else if (verdict !== 'stop') found = { kind: verdict, region: path };
        }
        if (found) return found;
      }
      return undefined;
    }
  }

  /** What a call does with a callback it receives. */
  private classifyCallback(call: TSESTree.CallExpression, fn: FunctionNode): Verdict {
    const origin = this.resolver.origin(call.callee);
    const timer = origin?.kind === 'global' ? origin.path.join('.') : origin?.kind === 'module' && /^(?:node:)?timers$/.test(origin.module) ? origin.path.join('.') : undefined;
    if (timer !== undefined && INTERVAL_STARTS.has(timer)) return 'interval';
    if (timer !== undefined && TIMEOUT_STARTS.has(timer) && this.rearms(call, fn)) return 'interval';
    const method = calledMethod(call);
    if (!method) {
      const callee = unwrap(call.callee);
      return callee.type === 'Identifier' && STREAMING_FUNCTION_NAME.test(callee.name) && this.isFirstCallback(call, fn) ? 'stream' : 'transparent';
    }
    if (this.listenerCalls.has(call)) return 'stop'; // the socket's (or server's) own events: replies, not streams
    // The same, registered through a wrapper that hands the listener on to the socket.
    if (this.forwardingMethods.has(method.name) && calledFunction(this.model, call.arguments[1] ?? call) === fn) return 'stop';
    if (EMITTER_LISTEN_METHODS.has(method.name) || method.name === 'addEventListener') {
      if (calledFunction(this.model, call.arguments[1] ?? call) !== fn) return 'transparent';
      if (method.name === 'once' || method.name === 'prependOnceListener' || hasOnceOption(call.arguments[2])) return 'transparent';
      const event = staticString(call.arguments[0]);
      if (event === undefined || isOneShotEvent(event)) return 'transparent';
      return event === 'data' ? 'stream' : 'subscription';
    }
    if (STREAM_CALLBACK_METHODS.has(method.name) && calledFunction(this.model, call.arguments[0] ?? call) === fn) return 'stream';
    if (STREAMING_FUNCTION_NAME.test(method.name) && this.isFirstCallback(call, fn)) return 'stream';
    return SUBSCRIPTION_METHODS.has(method.name) ? 'subscription' : 'transparent';
  }

  /**
   * A timeout whose callback arms it again (`setTimeout(flush, 50)` in `flush`, or a callback that
   * calls the method that set the timeout, as a batching queue does) is a tick like an interval's,
   * however conditional the re-arm. A re-arm from a `catch` is a retry of what failed, not a tick.
   */
  private rearms(timer: TSESTree.CallExpression, callback: FunctionNode): boolean {
    if (contains(callback, timer)) return true;
    return this.model.index.own(callback, 'CallExpression').some((call) => {
      const target = calledFunction(this.model, call.callee);
      return !!target && contains(target, timer) && !this.inCatch(call, callback);
    });
  }

  private inCatch(node: Node, root: Node): boolean {
    for (let current = this.model.parentOf(node); current && current !== root; current = this.model.parentOf(current)) {
      if (current.type === 'CatchClause') return true;
    }
    return false;
  }

  /** `fn` is the first function among the call's arguments. */
  private isFirstCallback(call: TSESTree.CallExpression, fn: FunctionNode): boolean {
    for (const arg of call.arguments) {
      const callback = calledFunction(this.model, arg);
      if (callback) return callback === fn;
    }
    return false;
  }

  /** `obs.subscribe({ next(v) { … } })`. */
  private observerCallback(property: TSESTree.Property, path: readonly Node[]): Repeat | undefined {
    const object = this.model.parentOf(property);
    const call = object && this.model.parentOf(object);
    if (keyName(property) !== 'next' || call?.type !== 'CallExpression') return undefined;
    const method = calledMethod(call);
    return method && SUBSCRIPTION_METHODS.has(method.name) ? { kind: 'subscription', region: path } : undefined;
  }

  /** `source.onmessage = (e) => …` on something that is not one of our sockets. */
  private handlerProperty(assignment: TSESTree.AssignmentExpression, path: readonly Node[]): Repeat | undefined {
    if (this.listenerCalls.has(assignment) || assignment.left.type !== 'MemberExpression') return undefined;
    // `Conn.prototype.onMessage = function …` defines a method (this-owner.ts), like a class's `onMessage() {}`.
    const target = unwrap(assignment.left.object);
    if (target.type === 'MemberExpression' && propertyName(target) === 'prototype') return undefined;
    const name = propertyName(assignment.left);
    if (!name?.startsWith('on') || isOneShotEvent(name.slice(2))) return undefined;
    return { kind: name === 'ondata' ? 'stream' : 'subscription', region: path };
  }

  private functionVariable(fn: FunctionNode, container: Node | undefined): Variable | undefined {
    if (fn.type === 'FunctionDeclaration' && fn.id) return this.resolver.variable(fn.id);
    if (container?.type === 'VariableDeclarator' && container.init === fn && container.id.type === 'Identifier') {
      return this.resolver.variable(container.id);
    }
    return undefined;
  }

  // ------------------------------------------------------------------ guards

  private consider(send: TSESTree.CallExpression, framework: FrameworkId, repeat: Repeat): void {
    if (this.found.has(send) || constantPayload(send)) return;
    if (this.drainHandled) return;
    const traits = SEND_TRAITS[framework];
    if (traits?.resultSignalsBackpressure && this.closesOnLimit) return;
    if (this.resultIsUsed(send) || sendCallbackGates(this.model, send)) return;
    if (repeat.region.some((part) => this.checksBackpressure(part))) return;
    if (hasInFlightFlag(this.model, repeat.region, send)) return;
    this.found.set(send, { node: send, framework, context: repeat.kind, conditional: repeat.kind === 'interval' && this.isConditional(send, repeat.region) });
  }

  /**
   * The send sits behind a branch inside what repeats it, so it need not run on every repeat. A
   * test of the socket's state (`readyState === OPEN`) is not such a branch: it holds every tick.
   */
  private isConditional(send: Node, region: readonly Node[]): boolean {
    const outermost = region[region.length - 1];
    const branches = (test: Node) => !this.model.index.descendants(test).some((n) => n.type === 'MemberExpression' && SOCKET_STATE_MEMBERS.has(propertyName(n) ?? ''));
    for (let node: Node = send, parent = this.model.parentOf(send); parent && node !== outermost; node = parent, parent = this.model.parentOf(parent)) {
      if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== node && branches(parent.test)) return true;
      if (parent.type === 'LogicalExpression' && parent.right === node && branches(parent.left)) return true;
      if (parent.type === 'SwitchCase') return true;
    }
    return false;
  }

  /** `if (ws.send(m) !== 1)`, `const queued = ws.send(m)`: the uWS/Bun result is looked at. */
  private resultIsUsed(send: TSESTree.CallExpression): boolean {
    if (isDiscarded(this.model, send)) return false;
    const parent = this.model.parentOf(send);
    return !(parent?.type === 'ArrowFunctionExpression' && parent.body === send);
  }

  private checksBackpressure(root: Node): boolean {
    return this.model.index.descendants(root).some((node) => {
      if (node.type !== 'MemberExpression') return false;
      const name = propertyName(node) ?? '';
      return BACKPRESSURE_PROPERTIES.has(name) || BACKPRESSURE_METHODS.has(name) || name === 'volatile';
    });
  }
}

/** A literal message (a heartbeat or a fixed notice): the same few bytes, not a stream of data. */
function constantPayload(send: TSESTree.CallExpression): boolean {
  // socket.io's `emit(event, ...args)`: the event name is not the payload; an ack callback is not either.
  const payload = calledMethod(send)?.name === 'emit' ? send.arguments.slice(1) : send.arguments.slice(0, 1);
  return payload.every((arg) => isFunction(arg) || isConstantPayload(arg));
}

function isConstantPayload(arg: Node | undefined): boolean {
  if (!arg) return true;
  const node = unwrap(arg);
  if (node.type === 'Literal') return true;
  // A heartbeat's sequence number or timestamp: a few bytes whatever the value.
  if (node.type === 'UpdateExpression') return true;
  if (node.type === 'CallExpression' && node.arguments.length === 0 && CLOCK_CALLS.has(dotted(node.callee) ?? '')) return true;
  // A date written out (`now.toISOString()`, `new Date().getTime()`): a few bytes whatever the date.
  if (node.type === 'CallExpression' && node.arguments.length === 0 && node.callee.type === 'MemberExpression' && DATE_FORMATS.has(propertyName(node.callee) ?? '')) return true;
  if (node.type === 'TemplateLiteral') return node.expressions.length === 0;
  if (node.type === 'ObjectExpression') {
    return node.properties.every((p) => p.type === 'Property' && !p.computed && isConstantPayload(p.value as Node));
  }
  if (node.type === 'ArrayExpression') return node.elements.every((e) => !!e && e.type !== 'SpreadElement' && isConstantPayload(e));
  if (node.type === 'CallExpression' && calleeName(node.callee) === 'stringify') return isConstantPayload(node.arguments[0]);
  return false;
}

const CLOCK_CALLS: ReadonlySet<string> = new Set(['Date.now', 'performance.now']);
const DATE_FORMATS: ReadonlySet<string> = new Set(['toISOString', 'toJSON', 'getTime', 'toUTCString']);

function dotted(expr: Node): string | undefined {
  const node = unwrap(expr);
  if (node.type === 'Identifier') return node.name;
  if (node.type !== 'MemberExpression') return undefined;
  const base = dotted(node.object);
  const name = propertyName(node);
  return base !== undefined && name !== undefined ? `${base}.${name}` : undefined;
}

/** `ws.send(m, () => { sending = false; next(); })`: the callback changes state that gates the next send. */
function sendCallbackGates(model: SocketModel, send: TSESTree.CallExpression): boolean {
  const last = send.arguments[send.arguments.length - 1];
  if (!last || !isFunction(last)) return false;
  return model.index.descendants(last).some(
    (node) => node.type === 'AssignmentExpression' || node.type === 'UpdateExpression',
  );
}

/**
 * `if (sending) return; sending = true; … sending = false`: a flag set around the send. The test
 * must control the send (contain it, or exit early before it): a flag that only gates other work
 * in the same tick (`if (leaderboardChanged) sendLeaderboard()`) does not pace this send.
 */
function hasInFlightFlag(model: SocketModel, region: readonly Node[], send: Node): boolean {
  const resolver = model.resolver!;
  const assigned = new Set<string>();
  const tested: { key: string; statement: Node }[] = [];
  for (const root of region) {
    for (const node of model.index.descendants(root)) {
      if (node.type === 'AssignmentExpression' && node.operator === '=') {
        const value = unwrap(node.right);
        if (value.type === 'Literal' && typeof value.value === 'boolean') {
          const key = referenceKey(node.left, resolver);
          if (key !== undefined) assigned.add(key);
        }
      }
      if ((node.type === 'IfStatement' || node.type === 'ConditionalExpression') && node.test) {
        const test = unwrap(node.test);
        const operand = test.type === 'UnaryExpression' && test.operator === '!' ? test.argument : test;
        const key = referenceKey(operand, resolver);
        if (key !== undefined) tested.push({ key, statement: node });
      }
    }
  }
  return tested.some(({ key, statement }) => assigned.has(key) && (contains(statement, send) || exitsBefore(statement, send)));
}

/** `if (busy) return;` (or `continue`/`break`) ahead of the send. */
function exitsBefore(statement: Node, send: Node): boolean {
  if (statement.type !== 'IfStatement' || statement.range[1] > send.range[0]) return false;
  const consequent = statement.consequent.type === 'BlockStatement' ? statement.consequent.body[statement.consequent.body.length - 1] : statement.consequent;
  return consequent?.type === 'ReturnStatement' || consequent?.type === 'ContinueStatement' || consequent?.type === 'BreakStatement';
}

/** An event that fires once or rarely: the emitter's own life (`open`, `end`) or a session's (`login`, `tokenRefreshed`). */
function isOneShotEvent(event: string): boolean {
  return ONE_SHOT_EVENTS.has(event) || SESSION_EVENT_NAME.test(event.replace(/[-_:.\s]/g, '').toLowerCase());
}

function hasOnceOption(arg: Node | undefined): boolean {
  const options = arg && unwrap(arg);
  if (options?.type !== 'ObjectExpression') return false;
  return options.properties.some((p) => p.type === 'Property' && keyName(p) === 'once' && unwrap(p.value).type === 'Literal' && (unwrap(p.value) as TSESTree.Literal).value === true);
}
