/**
 * Liveness: does a WebSocket server cut peers that went silent, and does it bound message size?
 *
 * - `serverSites(model)`: every place the file configures a WebSocket server, with the framework's
 *   liveness traits (liveness-data.ts): ws servers, the ws servers that express-ws,
 *   @fastify/websocket and the Koa plugins create, socket.io servers, uWS behaviours, Bun's
 *   `websocket` object, `Deno.upgradeWebSocket(req, options)` and graphql-ws `useServer`.
 * - `heartbeatOf(model)`: the module's heartbeat, recognised in its real shapes (frameworks.md §1
 *   (d), §16.1 R4): a timer (an interval over `wss.clients` or a per-socket timeout) that ends
 *   connections with `terminate()`/`destroy()`; a raw socket's `setTimeout` + `'timeout'` handler
 *   that destroys it; TCP keep-alive. A timer that pings and never ends anything, or that calls
 *   `close()` on the peer it pinged, is recognised as a broken heartbeat.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { calledMethod, decoratorsOf, isFunction, propertyName, staticString, unwrap, type FunctionNode, type Node } from './ast.js';
import type { ThisOwner } from './this-owner.js';
import { FRAMEWORKS, type FrameworkId } from './frameworks.js';
import {
  ADAPTER_SITES,
  FORCEFUL_CLOSE_METHODS,
  GRACEFUL_CLOSE_METHODS,
  LIVENESS,
  OPTIONS_LOCATION,
  PING_METHODS,
  PLUGIN_SERVERS,
  TIMER_FUNCTIONS,
  TIMER_MODULES,
  type LivenessTraits,
  type NumericOption,
  type OptionsLocation,
} from './liveness-data.js';
import { GLOBAL_OBJECTS } from './resources-data.js';
import { enclosingFns, foldValue, lookupOptions, lookupProperty, scanModule, type OptionsLookup } from './static-values.js';
import type { ServerFact, SocketModel } from './types.js';

export interface ServerSite {
  readonly framework: FrameworkId;
  readonly traits: LivenessTraits;
  /** The call that creates or configures the server (reported when an option is missing). */
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly location: OptionsLocation;
  readonly options: OptionsLookup;
  /** The ws server fact, for ws servers. */
  readonly server: ServerFact | undefined;
  /** A library that pings for the server (graphql-ws `useServer`). */
  readonly wrapperKeepsAlive: boolean;
  /** Whose connection handlers the server feeds: `framework`, or the hook classes of an adapter site. */
  readonly handlersOf: FrameworkId;
}

const siteCache = new WeakMap<SocketModel, readonly ServerSite[]>();

/** Every server configuration in the file whose liveness we know (see the module comment). */
export function serverSites(model: SocketModel): readonly ServerSite[] {
  let sites = siteCache.get(model);
  if (sites) return sites;
  const found: ServerSite[] = [];
  const seen = new Set<Node>();
  const add = (framework: FrameworkId, node: TSESTree.CallExpression | TSESTree.NewExpression, location: OptionsLocation | undefined, server?: ServerFact, handlersOf = framework) => {
    const traits = LIVENESS[framework];
    if (!traits || !location || seen.has(node)) return;
    seen.add(node);
    found.push({ framework, traits, node, location, options: lookupOptions(model, node, location), server, wrapperKeepsAlive: server?.wrapperKeepsAlive ?? false, handlersOf });
  };
  for (const adapterSite of ADAPTER_SITES) {
    const adapter = model.settings[adapterSite.setting];
    const framework = adapter === undefined ? undefined : adapterSite.adapters[adapter];
    if (!framework) continue;
    for (const handler of model.handlers) {
      if (handler.framework !== adapterSite.framework) continue;
      const call = decoratorCall(handler.registration, adapterSite.decorator);
      // `@WebSocketGateway(8080, { … })`: the options follow the port.
      const first = call?.arguments[0];
      const port = first !== undefined && foldValue(model, first)?.kind === 'number';
      if (call) add(framework, call, { argument: port ? 1 : 0, path: [] }, undefined, adapterSite.framework);
    }
  }
  const locations = Object.entries(OPTIONS_LOCATION) as [FrameworkId, NonNullable<(typeof OPTIONS_LOCATION)[FrameworkId]>][];
  for (const server of model.servers) {
    const location = OPTIONS_LOCATION[server.framework];
    // `new WebSocketServer()` without options throws (one of port/server/noServer is required).
    if (location?.site !== 'server' || (FRAMEWORKS[server.framework].serverConstructor?.attachment === 'options' && server.node.arguments.length === 0)) continue;
    add(server.framework, server.node, location, server);
  }
  for (const handler of model.handlers) {
    const registration = handler.registration;
    const location = OPTIONS_LOCATION[handler.framework];
    if (registration.type === 'CallExpression' && location?.site === 'hook-registration') add(handler.framework, registration, location);
  }
  const resolver = model.resolver;
  if (resolver) {
    for (const call of scanModule(model).calls) {
      const denotation = resolver.denote(call.callee);
      // Most calls denote nothing we know: only those are matched against every framework's sites.
      if (denotation) {
        for (const [framework, location] of locations) {
          const site = location.site;
          if (typeof site === 'object' && denotation.role === site.call && denotation.framework === framework) add(framework, call, location);
        }
      }
      // The method's name first: most calls register no plugin.
      const method = calledMethod(call);
      if (!denotation && (!method || !PLUGIN_METHODS.has(method.name))) continue;
      for (const plugin of PLUGIN_SERVERS) {
        if (plugin.pluginArgument) {
          const arg = call.arguments[plugin.pluginArgument.index];
          if (method?.name === plugin.pluginArgument.method && arg && resolver.denote(arg)?.framework === plugin.framework) {
            add(plugin.framework, call, plugin.options);
          }
        } else if (denotation?.role === 'plugin' && denotation.framework === plugin.framework) {
          add(plugin.framework, call, plugin.options);
        }
      }
    }
  }
  sites = found.sort((a, b) => a.node.range[0] - b.node.range[0]);
  siteCache.set(model, sites);
  return sites;
}

/** The methods that register a server plugin (`app.register(websocketPlugin)`). */
const PLUGIN_METHODS: ReadonlySet<string> = new Set(PLUGIN_SERVERS.flatMap((plugin) => (plugin.pluginArgument ? [plugin.pluginArgument.method] : [])));

/** The call of a class's decorator of that name: `@WebSocketGateway(8080, { path })`. */
function decoratorCall(node: Node, name: string): TSESTree.CallExpression | undefined {
  return decoratorsOf(node).find(({ callee, call }) => {
    const target = unwrap(callee);
    return call && (target.type === 'Identifier' ? target.name : target.type === 'MemberExpression' ? propertyName(target) : undefined) === name;
  })?.call;
}

/** ws, express-ws, @fastify/websocket, koa-*: no idle timeout unless the code adds a heartbeat. */
export function needsOwnHeartbeat(site: ServerSite): boolean {
  return site.traits.idle.kind === 'none' && !site.wrapperKeepsAlive;
}

/** Sockets of a framework that has no idle timeout of its own (the ws family). */
function withoutIdleTimeout(framework: FrameworkId): boolean {
  return LIVENESS[framework]?.idle.kind === 'none';
}

// ------------------------------------------------------------------ heartbeat

export type Heartbeat =
  /** A timer ends connections (terminate/destroy), or TCP keep-alive / a socket timeout is armed. */
  | { readonly kind: 'present'; readonly evidence: Node }
  /** A timer pings but nothing ever ends a peer that stopped answering. */
  | { readonly kind: 'pings-only'; readonly ping: TSESTree.CallExpression }
  /** A timer pings and then `close()`s the peer instead of terminating it. */
  | { readonly kind: 'closes-instead'; readonly closes: readonly TSESTree.CallExpression[] }
  | { readonly kind: 'none' };

const heartbeatCache = new WeakMap<SocketModel, Heartbeat>();

/** The module's heartbeat (module-wide: a server's heartbeat may live anywhere in its file). */
export function heartbeatOf(model: SocketModel, text: string): Heartbeat {
  let heartbeat = heartbeatCache.get(model);
  if (heartbeat) return heartbeat;
  heartbeat = findHeartbeat(model, text);
  heartbeatCache.set(model, heartbeat);
  return heartbeat;
}

function findHeartbeat(model: SocketModel, text: string): Heartbeat {
  const calls = scanModule(model).calls;
  for (const call of calls) {
    // TCP keep-alive on the raw socket (`ws._socket.setKeepAlive(true, ms)`): the kernel probes
    // the peer and the socket errors out when it is gone.
    const first = call.arguments[0];
    const enabled = first !== undefined && first.type !== 'SpreadElement' && unwrap(first).type === 'Literal' && (unwrap(first) as TSESTree.Literal).value === true;
    if (enabled && calledMethod(call)?.name === 'setKeepAlive') return { kind: 'present', evidence: call };
  }
  const timed = timerFunctions(model);
  const inTimer = (node: Node) => enclosingFns(model, node).some((fn) => timed.has(fn));
  const forceful = calls.find((call) => FORCEFUL_CLOSE_METHODS.has(calledMethod(call)?.name ?? '') && inTimer(call));
  if (forceful) return { kind: 'present', evidence: forceful };
  const pings = calls.filter((call) => PING_METHODS.has(calledMethod(call)?.name ?? '') && inTimer(call));
  if (pings.length === 0) {
    // An application-level heartbeat (clients send messages, a timer closes the stale ones, as
    // PeerJS's server does): close() is slower than terminate() but still cuts the peer.
    // The close must depend on the peer's silence (`if (now - lastSeen > timeout)`): a timer that
    // closes when its own work fails (a container stopped) cuts nobody who just went away.
    const closesSocket = calls.find(
      (call) => GRACEFUL_CLOSE_METHODS.has(calledMethod(call)?.name ?? '') && inTimer(call) && SOCKET_LIKE_RECEIVER.test(receiverText(call, text)) && behindLivenessTest(model, call, timed, text),
    );
    return closesSocket ? { kind: 'present', evidence: closesSocket } : { kind: 'none' };
  }
  const pinged = new Set(pings.map((ping) => receiverText(ping, text)));
  const closes = calls.filter((call) => GRACEFUL_CLOSE_METHODS.has(calledMethod(call)?.name ?? '') && inTimer(call) && pinged.has(receiverText(call, text)));
  if (closes.length > 0) return { kind: 'closes-instead', closes };
  return { kind: 'pings-only', ping: pings[0]! };
}

/** Names a test of a peer's silence reads: `isAlive`, `lastSeen`, `lastPong`, `Date.now() - t > timeout`. */
const LIVENESS_TEST_TEXT = /alive|last|seen|pong|heartbeat|beat|timeout|stale|idle|expire|Date\.now|performance\.now/i;

/** The call sits under an `if` (inside its timer function) whose test reads the peer's liveness. */
function behindLivenessTest(model: SocketModel, call: Node, timed: ReadonlySet<FunctionNode>, text: string): boolean {
  for (let child: Node = call, parent = model.parentOf(call); parent; child = parent, parent = model.parentOf(parent)) {
    if (isFunction(parent) && timed.has(parent)) return false;
    const test = (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== child ? parent.test : undefined;
    if (test && LIVENESS_TEST_TEXT.test(text.slice(test.range[0], test.range[1]))) return true;
  }
  return false;
}

/** Receivers that name a connection: `ws`, `socket`, `client.socket`, `conn`, `peer.getSocket()`… */
const SOCKET_LIKE_RECEIVER = /(?:^|[.])(?:ws|wss?Client|socket|websocket|webSocket|client|conn|connection|peer)s?(?:\??\.getSocket\(\)\??)?$|getSocket\(\)\??$/i;

function receiverText(call: TSESTree.CallExpression, text: string): string {
  const method = calledMethod(call);
  return method ? text.slice(method.object.range[0], method.object.range[1]).replace(/\s+/g, '') : '';
}

/**
 * Functions that run from a timer: the callback of `setTimeout`/`setInterval` (global, `window.`,
 * `globalThis.`, `node:timers`), of a socket's `setTimeout(ms, fn)` and `'timeout'` listener, and
 * the same-module functions those call (three levels).
 */
export function timerFunctions(model: SocketModel): Set<FunctionNode> {
  const found = new Set<FunctionNode>();
  const resolver = model.resolver;
  if (!resolver) return found;
  const functionOf = (expr: Node | undefined) => (expr ? (resolver.functionOf(expr) ?? model.thisOwners?.methodAt(expr)) : undefined);
  for (const call of scanModule(model).calls) {
    let callback: Node | undefined;
    if (isTimerCall(model, call)) callback = call.arguments[0];
    else {
      const method = calledMethod(call);
      if (method?.name === 'setTimeout' && call.arguments.length >= 2) {
        // net.Socket#setTimeout(ms, callback); `setTimeout(0)` disarms it.
        const ms = foldValue(model, call.arguments[0]);
        if (!(ms?.kind === 'number' && ms.value === 0)) callback = call.arguments[1];
      } else if (method && (method.name === 'on' || method.name === 'once') && staticString(call.arguments[0]) === 'timeout') {
        callback = call.arguments[1];
      }
    }
    const fn = functionOf(callback);
    if (fn) found.add(fn);
  }
  // Functions called from timer functions run from the timer too.
  let frontier = [...found];
  for (let level = 0; level < 3 && frontier.length > 0; level++) {
    const next: FunctionNode[] = [];
    for (const call of scanModule(model).calls) {
      if (!enclosingFns(model, call).some((fn) => frontier.includes(fn))) continue;
      const callee = functionOf(call.callee);
      if (callee && !found.has(callee)) {
        found.add(callee);
        next.push(callee);
      }
    }
    frontier = next;
  }
  return found;
}

/**
 * A call of one of the timer functions named (`setTimeout(fn, ms)`, `clearInterval(id)`…): global,
 * through `window`/`globalThis`/`self`/`global`, or from node:timers. The one test of what a
 * timer call is, for starting and clearing alike.
 */
export function isTimerCall(model: SocketModel, call: TSESTree.CallExpression, names: ReadonlySet<string> = TIMER_FUNCTIONS): boolean {
  const origin = model.resolver?.origin(call.callee);
  if (!origin) return false;
  const path = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
  const last = path[path.length - 1] ?? '';
  if (!names.has(last)) return false;
  if (origin.kind === 'global') return path.length === 1 || (path.length === 2 && GLOBAL_OBJECTS.has(path[0]!));
  return TIMER_MODULES.includes(origin.module) && path.length === 1;
}

/**
 * Whether the file lets a server or its sockets leave our sight: the server exported, returned or
 * passed to code we cannot read, or a ws-family socket handed to such code. That code may run the
 * heartbeat (Hocuspocus pings from its connection class, in another module).
 */
export function livenessHandedOff(model: SocketModel, site: ServerSite): boolean {
  if (site.server) {
    // Handed to a library we know (its pings are `wrapperKeepsAlive`), not to unknown code.
    if (site.server.wrappedBy !== undefined) return false;
    if (model.usesOfServer(site.server).some((use) => use.kind === 'handed-off')) return true;
    const access = site.server.access;
    if (access?.kind === 'variable' && scanModule(model).exportedNames.has(access.variable.name)) return true;
    // A public class field: other modules reach it through the instance (a private one they cannot).
    if (access?.kind === 'this-member' && !isPrivateMember(access.owner, access.name)) return true;
  } else if (!model.handlers.some((handler) => handler.framework === site.handlersOf)) {
    // A plugin enabled here (`expressWs(app)`) whose routes are all registered in other modules:
    // the code that owns the sockets, and any heartbeat, is there.
    return true;
  }
  return socketsHandedOff(model);
}

const socketsHandedOffCache = new WeakMap<SocketModel, boolean>();

/**
 * Whether some ws-family server-side socket of the file is handed to code we cannot read. The same
 * for every server site of the file, so asked once: a file with many servers asked it per server.
 */
function socketsHandedOff(model: SocketModel): boolean {
  let handedOff = socketsHandedOffCache.get(model);
  if (handedOff === undefined) {
    handedOff = model.sockets.some(
      (socket) =>
        socket.role === 'server-side' &&
        // A socket received by a helper says nothing about who keeps the connections alive.
        !socket.inferred &&
        withoutIdleTimeout(socket.framework) &&
        model.usesOf(socket).some((use) => use.kind === 'handed-off' && !isConnectionDispatch(use.node) && !handsToThisFile(model, use.node)),
    );
    socketsHandedOffCache.set(model, handedOff);
  }
  return handedOff;
}

/** `new Connection(ws)`, `attach(ws)` of a class or function of this file: code we read, heartbeat included. */
function handsToThisFile(model: SocketModel, node: Node): boolean {
  const call = node.type === 'NewExpression' || node.type === 'CallExpression' ? node : model.parentOf(node);
  if (call?.type !== 'NewExpression' && call?.type !== 'CallExpression') return false;
  return !!model.resolver && (model.resolver.classOf(call.callee) !== undefined || model.resolver.functionOf(call.callee) !== undefined);
}

/**
 * `wss.emit('connection', ws, req)` in a `handleUpgrade` callback (the noServer pattern, §1 (a))
 * delivers the socket to the server's own 'connection' listeners, whose uses we check as well.
 */
function isConnectionDispatch(node: Node): boolean {
  return node.type === 'CallExpression' && calledMethod(node)?.name === 'emit' && staticString(node.arguments[0]) === 'connection';
}

// ------------------------------------------------------------------ option checks

export interface OptionValue {
  readonly option: NumericOption;
  /** The property (or, for graphql-ws keepAlive, the argument) that sets it. */
  readonly node: Node;
  readonly value: Node;
  /** The value in the option's unit, or nullish. */
  readonly folded: { readonly kind: 'number'; readonly value: number } | { readonly kind: 'nullish' };
}

/** The explicit, statically known values of a site's idle options. */
export function idleOptionValues(model: SocketModel, site: ServerSite): OptionValue[] {
  if (site.traits.idle.kind !== 'built-in') return [];
  const values: OptionValue[] = [];
  for (const option of site.traits.idle.options) {
    let node: Node | undefined;
    let value: Node | undefined;
    if (option.argument !== undefined) {
      const arg = site.node.arguments[option.argument];
      if (arg && arg.type !== 'SpreadElement') node = value = arg;
    } else if (site.options.state === 'found') {
      const lookup = lookupProperty(model, site.options.object, option.name);
      if (lookup.state === 'present') {
        node = lookup.property;
        value = lookup.property.value;
      }
    }
    if (!node || !value) continue;
    const folded = foldValue(model, value);
    // An explicit `undefined` is replaced by the default (destructuring / parameter defaults).
    if (!folded || folded.kind === 'undefined') continue;
    if (folded.kind === 'nullish' && !option.disabledByNullish) continue;
    values.push({ option, node, value, folded });
  }
  return values;
}

export function toMilliseconds(option: NumericOption, value: number): number {
  return option.unit === 's' ? value * 1000 : value;
}

export type PayloadState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'disabled'; readonly property: TSESTree.Property }
  | { readonly kind: 'too-large'; readonly property: TSESTree.Property; readonly bytes: number }
  /** The option is not set, and the framework's own default is above the ceiling (Bun's 16 MB under a lower one). */
  | { readonly kind: 'default-too-large'; readonly bytes: number }
  | { readonly kind: 'ok' | 'unknown' };

/** Whether a site bounds message size: missing (unbounded by default), disabled, above the ceiling. */
export function payloadStateOf(model: SocketModel, site: ServerSite, ceiling: number): PayloadState {
  const option = site.traits.maxPayload;
  if (!option) return { kind: 'ok' };
  if (site.options.state === 'unknown') return { kind: 'unknown' };
  const unset = (): PayloadState => {
    if (option.missingIsUnbounded) return { kind: 'missing' };
    return option.defaultValue > ceiling ? { kind: 'default-too-large', bytes: option.defaultValue } : { kind: 'ok' };
  };
  if (site.options.state === 'absent') return unset();
  const lookup = lookupProperty(model, site.options.object, option.name);
  if (lookup.state === 'unknown') return { kind: 'unknown' };
  if (lookup.state === 'absent') return unset();
  const folded = foldValue(model, lookup.property.value);
  if (folded?.kind !== 'number') return { kind: 'unknown' };
  if (option.disabledBy.includes(folded.value)) return { kind: 'disabled', property: lookup.property };
  if (folded.value > ceiling) return { kind: 'too-large', property: lookup.property, bytes: folded.value };
  return { kind: 'ok' };
}

/** The display name of a framework, for messages. */
export function displayName(framework: FrameworkId): string {
  return FRAMEWORKS[framework].displayName;
}

/** `#name`, or a TypeScript `private` field / constructor parameter property. */
function isPrivateMember(owner: ThisOwner, name: string): boolean {
  if (name.startsWith('#')) return true;
  // A function constructor's or an object's members are all public.
  if (owner.type !== 'ClassDeclaration' && owner.type !== 'ClassExpression') return false;
  const classNode = owner;
  for (const member of classNode.body.body) {
    if ((member.type === 'PropertyDefinition' || member.type === 'MethodDefinition') && !member.computed && member.key.type === 'Identifier' && member.key.name === name) {
      return member.accessibility === 'private';
    }
    if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
      for (const param of member.value.params) {
        if (param.type === 'TSParameterProperty' && param.parameter.type === 'Identifier' && param.parameter.name === name) return param.accessibility === 'private';
      }
    }
  }
  return false;
}
