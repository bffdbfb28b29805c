/**
 * Builds the socket model of one file: which WebSocket libraries it uses, which expressions are
 * servers and sockets, which functions are connection handlers, and each handler's request.
 *
 * One walk (node-index.ts) collects candidate nodes; recognition then runs over those lists with
 * one recogniser per *shape* of shapes.ts (an event registration on a server, an upgrade callback,
 * a route's handlers, an object or class of per-socket hooks…), each reading its framework's
 * parameters from the table. No library is named here.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import {
  calledMethod,
  decoratorsOf,
  enclosingClass,
  findProperty,
  isFunction,
  isIdentifier,
  keyName,
  propertyName,
  returnedObjects,
  staticString,
  unwrap,
  type FunctionNode,
  type Node,
  type ParentMap,
} from './ast.js';
import {
  DERIVED_SERVERS,
  EMITTER_LISTEN_METHODS,
  FRAMEWORKS,
  HTTP_CLIENT_REQUEST_EXPORTS,
  HTTP_SERVER_MODULES,
  PAIR_ACCEPTING_CALLS,
  PAIR_ACCEPT_METHODS,
  PAIR_CLIENT_PROPERTY,
  SERVER_TAKEOVER_CALLS,
  type FrameworkId,
} from './frameworks.js';
import { NodeIndex, type TraversalStep } from './node-index.js';
import { Resolver, libraryOf, requiredModule, type Denotation, type ScopeManagerLike } from './resolve.js';
import { ThisOwners } from './this-owner.js';
import { SHAPES, SOCKET_PARAMETER_NAME, SOCKET_USE_SIGNS, shapesOfKind, type ParamSlot, type Shape, type ShapeOf } from './shapes.js';
import type {
  Access,
  HandlerFact,
  HandlerKind,
  LibraryUse,
  RequestFact,
  ImportedServer,
  ServerFact,
  SocketFact,
  SocketRole,
  Variable,
} from './types.js';

/** Shapes triggered by a method call, by method name (in table order). */
const METHOD_SHAPES = new Map<string, Shape[]>();
for (const shape of SHAPES) {
  const methods =
    shape.kind === 'upgrade-callback' || shape.kind === 'route-callbacks' || shape.kind === 'middleware'
      ? [shape.method]
      : shape.kind === 'route-option'
        ? shape.methods
        : shape.kind === 'hook-object' && 'method' in shape.at
          ? [shape.at.method]
          : shape.kind === 'hook-object' && 'globalCall' in shape.at
            ? [shape.at.globalCall.split('.').pop()!]
            : [];
  for (const method of methods) METHOD_SHAPES.set(method, [...(METHOD_SHAPES.get(method) ?? []), shape]);
}

/** Shapes triggered by calling a library export of a role (`upgradeWebSocket`, `useServer`). */
const ROLE_SHAPES = SHAPES.filter((shape): shape is ShapeOf<'events-factory' | 'upgrade-call' | 'context-callbacks'> => 'role' in shape);
const CONNECTION_EVENT_SHAPES = shapesOfKind('connection-event');
const CONNECTION_EVENTS: ReadonlySet<string> = new Set(CONNECTION_EVENT_SHAPES.flatMap((shape) => shape.events));
const RAW_UPGRADE_SHAPES = shapesOfKind('raw-upgrade-event');
const CLASS_HOOK_SHAPES = shapesOfKind('class-hooks');
const AWAITED_CALL_SHAPES = shapesOfKind('awaited-call');
const DEFAULT_EXPORT_HOOK_SHAPES = shapesOfKind('hook-object').filter((shape) => 'defaultExport' in shape.at);

export interface AnalysisInput {
  readonly ast: TSESTree.Program;
  readonly scopeManager: ScopeManagerLike;
  /** The file's text, which tells the resolver whether anything in it can denote a library or global. */
  readonly text?: string;
  /** Servers this file imports from other modules of the project (types.ts ProjectKnowledge). */
  readonly importedServers?: readonly ImportedServer[];
  /** ESLint's traversal of the file, when there is one (node-index.ts). */
  readonly traversal?: Iterable<TraversalStep>;
}

export interface Analysis {
  readonly resolver: Resolver;
  /** What each `this` is an instance of (this-owner.ts). */
  readonly thisOwners: ThisOwners;
  /** The file's nodes, parents and enclosing functions, recorded by the one pass over the tree. */
  readonly index: NodeIndex;
  readonly parents: ParentMap;
  readonly libraries: LibraryUse[];
  readonly servers: ServerFact[];
  readonly sockets: SocketFact[];
  readonly handlers: HandlerFact[];
  /** Module specifiers imported or required anywhere in the file. */
  readonly modules: Set<string>;
}

interface Candidates {
  imports: (TSESTree.ImportDeclaration | TSESTree.TSImportEqualsDeclaration)[];
  /** What the resolver's denotations can flow through (resolve.ts Bindings). */
  declarators: TSESTree.VariableDeclarator[];
  assignments: (TSESTree.AssignmentExpression | TSESTree.AssignmentPattern | TSESTree.ForOfStatement | TSESTree.ForInStatement)[];
  calls: TSESTree.CallExpression[];
  news: TSESTree.NewExpression[];
  classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[];
  awaits: TSESTree.AwaitExpression[];
  defaultExports: TSESTree.ExportDefaultDeclaration[];
  functions: FunctionNode[];
}

export function analyze(input: AnalysisInput): Analysis {
  const found: Candidates = { imports: [], declarators: [], assignments: [], calls: [], news: [], classes: [], awaits: [], defaultExports: [], functions: [] };
  const index = new NodeIndex(input.ast, (node) => {
    switch (node.type) {
      case 'ImportDeclaration':
      case 'TSImportEqualsDeclaration':
        found.imports.push(node);
        break;
      case 'CallExpression':
        found.calls.push(node);
        break;
      case 'VariableDeclarator':
        found.declarators.push(node);
        break;
      case 'AssignmentExpression':
      case 'AssignmentPattern':
      case 'ForOfStatement':
      case 'ForInStatement':
        found.assignments.push(node);
        break;
      case 'NewExpression':
        found.news.push(node);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        found.classes.push(node);
        break;
      case 'AwaitExpression':
        found.awaits.push(node);
        break;
      case 'ExportDefaultDeclaration':
        found.defaultExports.push(node);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.params.length > 0) found.functions.push(node);
        break;
      default:
        break;
    }
  }, input.traversal);
  const resolver = new Resolver(input.scopeManager, input.text, (node) => index.parents.get(node), () => found);
  const analysis: Analysis = {
    resolver,
    thisOwners: new ThisOwners(index, resolver),
    index,
    parents: index.parents,
    libraries: [],
    servers: [],
    sockets: [],
    handlers: [],
    modules: new Set(),
  };
  new Recogniser(analysis, found, input.importedServers ?? []).run();
  return analysis;
}

/** The name a parameter binds, through `private readonly x` and a default: `x`; none for a pattern. */
function parameterBinding(param: TSESTree.Parameter): TSESTree.Identifier | undefined {
  const target = param.type === 'TSParameterProperty' ? param.parameter : param;
  const binding = target.type === 'AssignmentPattern' ? target.left : target;
  return binding.type === 'Identifier' ? binding : undefined;
}

/**
 * A parameter that `typedSocketFramework` or `socketFrameworkByUse` could take for a socket: an
 * identifier with a type reference, or named like a socket.
 */
function mayBeSocketBinding(param: TSESTree.Parameter): boolean {
  const binding = parameterBinding(param);
  return binding !== undefined && (binding.typeAnnotation?.typeAnnotation.type === 'TSTypeReference' || SOCKET_PARAMETER_NAME.test(binding.name));
}

class Recogniser {
  private readonly resolver: Resolver;
  private readonly thisOwners: ThisOwners;
  private readonly parents: ParentMap;
  private readonly frameworksInFile = new Set<FrameworkId>();
  /** Handlers already recorded, so that a function registered twice is one handler. */
  private readonly handlerByFn = new Map<FunctionNode, HandlerFact>();
  private readonly socketByNode = new Map<Node, SocketFact>();
  /** The names this file calls as functions, and the receivers of each method name it calls (built on first need). */
  private calledNames: { readonly functions: Set<string>; readonly methodReceivers: Map<string, Node[]> } | undefined;
  /** The socket fact shared by all 'connection' listeners of one server. */
  private readonly connectionSocketOf = new Map<object, SocketFact>();

  constructor(
    private readonly out: Analysis,
    private readonly found: Candidates,
    private readonly importedServers: readonly ImportedServer[],
  ) {
    this.resolver = out.resolver;
    this.thisOwners = out.thisOwners;
    this.parents = out.parents;
    for (const imported of importedServers) this.frameworksInFile.add(imported.framework);
  }

  run(): void {
    this.collectLibraries();
    for (const node of this.found.news) this.recogniseConstruction(node);
    // What each callee denotes, resolved once for both passes over the calls.
    const calls = this.found.calls;
    const denotations = calls.map((call) => this.resolver.denote(call.callee));
    for (let i = 0; i < calls.length; i++) this.recogniseFactoryCall(calls[i]!, denotations[i]);
    // Registrations need the servers above.
    for (let i = 0; i < calls.length; i++) this.recogniseCall(calls[i]!, denotations[i]);
    for (const node of this.found.classes) for (const shape of CLASS_HOOK_SHAPES) this.recogniseClassHooks(shape, node);
    for (const node of this.found.awaits) for (const shape of AWAITED_CALL_SHAPES) this.recogniseAwaitedCall(shape, node);
    for (const node of this.found.defaultExports) {
      for (const shape of DEFAULT_EXPORT_HOOK_SHAPES) if ('defaultExport' in shape.at) this.recogniseDefaultExportHooks(shape, shape.at, node);
    }
    if (SERVER_TAKEOVER_CALLS.some((takeover) => this.out.modules.has(takeover.module))) for (const call of this.found.calls) this.recogniseServerTakeover(call);
    // Last: only what no registration above explains.
    for (const fn of this.found.functions) this.recogniseSocketParameters(fn);
  }

  // ---------------------------------------------------------------- libraries

  private collectLibraries(): void {
    const record = (module: string, node: Node, typeOnly: boolean) => {
      this.out.modules.add(module);
      const library = libraryOf(module);
      if (!library) return;
      this.frameworksInFile.add(library.framework);
      this.out.libraries.push({ framework: library.framework, module, node, typeOnly });
    };
    for (const node of this.found.imports) {
      if (node.type === 'ImportDeclaration') {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 &&
            node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
        record(node.source.value, node, typeOnly);
      } else if (node.moduleReference.type === 'TSExternalModuleReference') {
        const source = staticString(node.moduleReference.expression);
        if (source !== undefined) record(source, node, node.importKind === 'type');
      }
    }
    for (const call of this.found.calls) {
      const required = requiredModule(call);
      if (required !== undefined) record(required, call, false);
    }
  }

  private fileImports(pattern: RegExp): boolean {
    for (const module of this.out.modules) if (pattern.test(module)) return true;
    return false;
  }

  // ---------------------------------------------------------------- servers and clients

  private recogniseConstruction(node: TSESTree.NewExpression): void {
    const denotation = this.resolver.denote(node.callee);
    if (!denotation) return;
    if (denotation.role === 'server-class' || denotation.role === 'server-factory') {
      this.addServer(denotation.framework, node);
    } else if (denotation.role === 'client-class') {
      this.addSocket({
        framework: denotation.framework,
        role: 'client',
        node,
        accesses: this.accessesOfValue(node),
        handler: undefined,
      });
    } else if (denotation.role === 'pair-class') {
      this.recogniseSocketPair(denotation.framework, node);
    }
  }

  private recogniseFactoryCall(call: TSESTree.CallExpression, denotation: Denotation | undefined): void {
    if (denotation?.role === 'server-factory') this.addServer(denotation.framework, call);
  }

  private addServer(framework: FrameworkId, node: TSESTree.NewExpression | TSESTree.CallExpression): void {
    const constructor = FRAMEWORKS[framework].serverConstructor;
    const args = node.arguments;
    const options = this.resolver.objectLiteral(constructor?.optionsArgument === 'last' ? args[args.length - 1] : args[0]);
    const accesses = this.accessesOfValue(node);
    const server: ServerFact = {
      framework,
      node,
      options,
      attachment: constructor?.attachment === 'first-argument' ? this.firstArgumentAttachment(node) : optionsAttachment(constructor !== undefined, options),
      access: accesses[0],
      wrappedBy: undefined,
      wrapperKeepsAlive: false,
    };
    this.out.servers.push(server);
    this.indexServer(server);
  }

  /**
   * Servers by what refers to them (their node, their variable, `this.<name>`), so that finding
   * the server of each event registration does not scan every server: a file with many servers
   * was quadratic. The first server pushed wins, as a scan in push order would find it.
   */
  private readonly serverIndex = {
    order: new Map<ServerFact, number>(),
    byNode: new Map<Node, ServerFact>(),
    byVariable: new Map<Variable, ServerFact>(),
    byThisMember: new Map<string, ServerFact[]>(),
  };

  private indexServer(server: ServerFact): void {
    const index = this.serverIndex;
    index.order.set(server, index.order.size);
    if (!index.byNode.has(server.node)) index.byNode.set(server.node, server);
    const access = server.access;
    if (access?.kind === 'variable') {
      if (access.path.length === 0 && !index.byVariable.has(access.variable)) index.byVariable.set(access.variable, server);
    } else if (access) {
      let list = index.byThisMember.get(access.name);
      if (!list) index.byThisMember.set(access.name, (list = []));
      list.push(server);
    }
  }

  /**
   * A server whose first argument says where it listens (socket.io, §3): an HTTP server, a port,
   * or options / nothing (attached later with `attach()` / `listen()`).
   */
  private firstArgumentAttachment(node: TSESTree.NewExpression | TSESTree.CallExpression): ServerFact['attachment'] {
    const first = node.arguments[0];
    if (!first) return 'no-server';
    if (first.type === 'SpreadElement') return 'unknown';
    if (this.resolver.objectLiteral(first)) return 'no-server';
    return this.isPortNumber(first) ? 'port' : 'server';
  }

  /** A number literal, a `const` holding one, `Number(…)` / `parseInt(…)`, or a name saying "port". */
  private isPortNumber(expr: Node, depth = 0): boolean {
    const node = unwrap(expr);
    if (node.type === 'Literal') return typeof node.value === 'number';
    if (node.type === 'CallExpression') return isIdentifier(node.callee, 'Number') || isIdentifier(node.callee, 'parseInt');
    if (node.type === 'MemberExpression') return /port$/i.test(propertyName(node) ?? '');
    if (node.type !== 'Identifier') return false;
    if (/port$/i.test(node.name)) return true;
    const variable = this.resolver.variable(node);
    const value = variable && this.resolver.singleValue(variable);
    return !!value && depth < 4 && this.isPortNumber(value, depth + 1);
  }

  // ---------------------------------------------------------------- calls

  /** A call may be an event registration, a method shape's trigger, and a library export's call. */
  private recogniseCall(call: TSESTree.CallExpression, denotation: Denotation | undefined): void {
    const method = calledMethod(call);
    if (method) {
      if (EMITTER_LISTEN_METHODS.has(method.name)) {
        const event = staticString(call.arguments[0]);
        if (event !== undefined) this.recogniseEventRegistration(call, method.object, event);
      } else {
        for (const shape of METHOD_SHAPES.get(method.name) ?? []) if (this.recogniseMethodShape(shape, call, method.object, method.name)) break;
      }
    }
    if (!denotation) return;
    for (const shape of ROLE_SHAPES) {
      if (shape.role !== denotation.role || shape.framework !== denotation.framework) continue;
      if (shape.kind === 'events-factory') this.recogniseEventsFactory(shape, call);
      else if (shape.kind === 'upgrade-call') this.recogniseUpgradeCall(shape, call);
      else this.recogniseContextCallbacks(shape, call);
    }
  }

  /** True when the shape took the call (the next shapes of the same method are not tried). */
  private recogniseMethodShape(shape: Shape, call: TSESTree.CallExpression, receiver: Node, method: string): boolean {
    switch (shape.kind) {
      case 'upgrade-callback':
        return this.recogniseUpgradeCallback(shape, call, receiver);
      case 'route-callbacks':
        return this.recogniseRouteCallbacks(shape, call);
      case 'middleware':
        return this.recogniseMiddleware(shape, call, receiver);
      case 'route-option':
        return this.recogniseRouteOption(shape, call, method);
      case 'hook-object':
        if ('method' in shape.at) return this.recogniseRouteHooks(shape, shape.at, call);
        if ('globalCall' in shape.at) return this.recogniseGlobalCallHooks(shape, shape.at, call);
        return false;
      default:
        return false;
    }
  }

  /** `server.on(event, handler)`: Node's raw upgrade, or a framework's connection event. */
  private recogniseEventRegistration(call: TSESTree.CallExpression, receiver: Node, event: string): void {
    // Most listeners are for other events: nothing more is asked about them.
    const rawUpgrade = RAW_UPGRADE_SHAPES.find((shape) => shape.event === event);
    if (!rawUpgrade && !CONNECTION_EVENTS.has(event)) return;
    const handlerFn = this.resolver.functionOf(call.arguments[1]) ?? this.thisOwners.methodAt(call.arguments[1]);
    if (!handlerFn) return;
    if (rawUpgrade) {
      if (this.isNodeHttpServer(receiver, handlerFn, rawUpgrade)) this.addUpgradeHandler(rawUpgrade, call, handlerFn);
      return;
    }
    const known = this.serverFramework(receiver);
    const framework = known ?? this.injectedServerFramework(receiver);
    const shape = CONNECTION_EVENT_SHAPES.find((candidate) => candidate.framework === framework && candidate.events.includes(event));
    if (!shape) return;
    const handler = this.addHandler(shape.framework, 'connection', handlerFn, call, undefined);
    const socketParam = handlerFn.params[shape.socket.param];
    // Every 'connection' listener of one server receives the same socket object: one fact.
    const serverKey = this.serverKey(receiver);
    const shared = serverKey === undefined ? undefined : this.connectionSocketOf.get(serverKey);
    const access = socketParam && this.paramAccess(socketParam, shape.socket.path ?? []);
    if (shared && access && !handler.socket) {
      (shared.accesses as Access[]).push(access);
      handler.socket = shared;
    } else if (socketParam) {
      this.addParamSocket(handler, shape.framework, socketParam, shape.socket.path ?? [], 'server-side', known === undefined);
      if (serverKey !== undefined && handler.socket) this.connectionSocketOf.set(serverKey, handler.socket);
    }
    this.setSlotRequest(handler, handlerFn, shape.request);
  }

  /** `server.handleUpgrade(req, socket, head, (ws, req) => …)`. */
  private recogniseUpgradeCallback(shape: ShapeOf<'upgrade-callback'>, call: TSESTree.CallExpression, receiver: Node): boolean {
    if (!this.serverFramework(receiver) && !this.frameworksInFile.has(shape.framework)) return false;
    const callback = call.arguments[shape.callbackArgument];
    const fn = this.resolver.functionOf(callback) ?? this.thisOwners.methodAt(callback);
    if (!fn) return false;
    const handler = this.addHandler(shape.framework, 'handle-upgrade', fn, call, undefined);
    const socketParam = fn.params[shape.socket.param];
    if (socketParam) this.addParamSocket(handler, shape.framework, socketParam, shape.socket.path ?? []);
    const requestArgument = call.arguments[shape.requestArgument];
    if (fn.params[shape.request.param]) this.setSlotRequest(handler, fn, shape.request);
    else if (requestArgument) handler.request = { framework: shape.framework, node: requestArgument, access: this.expressionAccess(requestArgument) };
    return true;
  }

  /** `app.ws(path, …)`: a route pattern first (a string, a name or a template). */
  private routePattern(call: TSESTree.CallExpression): boolean {
    const pattern = call.arguments[0];
    return !!pattern && (staticString(pattern) !== undefined || pattern.type === 'Identifier' || pattern.type === 'TemplateLiteral');
  }

  /** `app.ws(pattern, { open(ws) … })` with the framework in the file. */
  private recogniseRouteHooks(shape: ShapeOf<'hook-object'>, at: { readonly method: string; readonly argument: number }, call: TSESTree.CallExpression): boolean {
    const behaviour = this.resolver.objectLiteral(call.arguments[at.argument]);
    if (!this.routePattern(call) || !behaviour || !this.frameworksInFile.has(shape.framework)) return false;
    this.recogniseHookObject(shape, behaviour, call);
    const requestHook = shape.requestHook;
    const hook = requestHook && findProperty(behaviour, requestHook.name);
    const hookFn = hook && this.resolver.functionOf(hook.value);
    if (requestHook && hookFn) {
      const handler = this.addHandler(shape.framework, 'hook', hookFn, call, requestHook.name);
      this.setParamRequest(handler, hookFn.params[requestHook.param], []);
    }
    return true;
  }

  /** `app.ws(path, (ws, req) => …, …)`: the route's handlers share one socket. */
  private recogniseRouteCallbacks(shape: ShapeOf<'route-callbacks'>, call: TSESTree.CallExpression): boolean {
    if (!this.routePattern(call)) return false;
    if (!this.frameworksInFile.has(shape.framework) && !this.fileImports(shape.whenModules)) return true;
    const fns = call.arguments.slice(1).map((arg) => this.resolver.functionOf(arg)).filter((fn): fn is FunctionNode => !!fn);
    if (fns.length === 0) return true;
    const accesses: Access[] = [];
    const handlers = fns.map((fn) => {
      const handler = this.addHandler(shape.framework, 'connection', fn, call, undefined);
      this.setSlotRequest(handler, fn, shape.request);
      const socketParam = fn.params[shape.socket.param];
      const access = socketParam && this.paramAccess(socketParam, shape.socket.path ?? []);
      if (access) accesses.push(access);
      return handler;
    });
    const first = fns[0]!.params[shape.socket.param];
    if (!first) return true;
    const socket = this.addSocket({ framework: shape.framework, role: 'server-side', node: first, accesses, handler: handlers[0] });
    for (const handler of handlers) handler.socket = socket;
    return true;
  }

  /** `app.ws.use(fn)` / `app.ws.use(route.all(path, fn))`: the socket is below the context. */
  private recogniseMiddleware(shape: ShapeOf<'middleware'>, call: TSESTree.CallExpression, receiver: Node): boolean {
    if (receiver.type !== 'MemberExpression' || propertyName(receiver) !== shape.receiverProperty) return false;
    if (!this.fileImports(shape.whenModules)) return false;
    const fns: FunctionNode[] = [];
    for (const arg of call.arguments) {
      const fn = this.resolver.functionOf(arg);
      if (fn) fns.push(fn);
      else if (arg.type === 'CallExpression') {
        for (const inner of arg.arguments) {
          const innerFn = this.resolver.functionOf(inner);
          if (innerFn) fns.push(innerFn);
        }
      }
    }
    for (const fn of fns) {
      const context = fn.params[shape.socket.param];
      if (!context) continue;
      const handler = this.addHandler(shape.framework, 'connection', fn, call, undefined);
      this.addParamSocket(handler, shape.framework, context, shape.socket.path ?? []);
      this.setSlotRequest(handler, fn, shape.request);
    }
    return true;
  }

  /** A route whose options make its handler a socket handler (`{ websocket: true }`, a `wsHandler`). */
  private recogniseRouteOption(shape: ShapeOf<'route-option'>, call: TSESTree.CallExpression, method: string): boolean {
    const options = call.arguments.map((arg) => this.resolver.objectLiteral(arg)).find((o) => o !== undefined);
    if (!options) return false;
    const flag = findProperty(options, shape.flag);
    const socketHandler = findProperty(options, shape.socketHandlerOption);
    let fn: FunctionNode | undefined;
    if (socketHandler) fn = this.resolver.functionOf(socketHandler.value);
    else if (flag && unwrap(flag.value).type === 'Literal' && (unwrap(flag.value) as TSESTree.Literal).value === true) {
      fn =
        method === shape.handlerOption.method
          ? this.resolver.functionOf(findProperty(options, shape.handlerOption.option)?.value)
          : this.resolver.functionOf(call.arguments[call.arguments.length - 1]);
    }
    const socketParam = fn?.params[shape.socket.param];
    if (!fn || !socketParam) return false;
    const handler = this.addHandler(shape.framework, 'connection', fn, call, undefined);
    const path = this.paramIsUsedAs(socketParam, shape.legacySocketPath[0]!) ? shape.legacySocketPath : (shape.socket.path ?? []);
    this.addParamSocket(handler, shape.framework, socketParam, path);
    this.setSlotRequest(handler, fn, shape.request);
    return true;
  }

  /** `Bun.serve({ websocket: { open(ws) … } })`: a global call whose option holds the hooks. */
  private recogniseGlobalCallHooks(shape: ShapeOf<'hook-object'>, at: { readonly globalCall: string; readonly option: string }, call: TSESTree.CallExpression): boolean {
    const origin = this.resolver.origin(call.callee);
    if (origin?.kind !== 'global' || origin.path.join('.') !== at.globalCall) return false;
    const options = this.resolver.objectLiteral(call.arguments[0]);
    const hooks = options && this.resolver.objectLiteral(findProperty(options, at.option)?.value);
    if (!hooks || !options) return false;
    this.recogniseHookObject(shape, hooks, call);
    this.setOptionRequest(shape, options, call);
    return true;
  }

  /** `export default { fetch, websocket: { … } }`. */
  private recogniseDefaultExportHooks(shape: ShapeOf<'hook-object'>, at: { readonly option: string; readonly requiredOption: string }, node: TSESTree.ExportDefaultDeclaration): void {
    const object = this.resolver.objectLiteral(node.declaration as Node);
    if (!object || !findProperty(object, at.requiredOption)) return;
    const hooks = this.resolver.objectLiteral(findProperty(object, at.option)?.value);
    if (!hooks) return;
    this.recogniseHookObject(shape, hooks, node);
    this.setOptionRequest(shape, object, node);
  }

  /** Every hook's request is a sibling option's parameter (Bun: `fetch(req, server)`'s `req`, upgraded by `server.upgrade(req)`). */
  private setOptionRequest(shape: ShapeOf<'hook-object'>, options: TSESTree.ObjectExpression, registration: Node): void {
    const source = shape.requestOption;
    const fn = source && this.resolver.functionOf(findProperty(options, source.name)?.value);
    if (!source || !fn || fn.params.length < source.minParams) return;
    for (const handler of this.out.handlers) {
      if (handler.framework === shape.framework && handler.registration === registration) this.setParamRequest(handler, fn.params[source.param], []);
    }
  }

  /** An object of per-socket hooks: the socket is each hook's first parameter. */
  private recogniseHookObject(shape: ShapeOf<'hook-object'>, object: TSESTree.ObjectExpression, registration: Node): void {
    const hooks = shape.hooks.map((name) => {
      const prop = findProperty(object, name);
      // `open: this.onOpen.bind(this)` names a method of the class that registers the hooks.
      return [name, prop && (this.resolver.functionOf(prop.value) ?? this.thisOwners.methodAt(prop.value))] as const;
    });
    this.addHookSocket(shape.framework, hooks, registration);
  }

  /**
   * Hooks (named functions) whose first parameter is one socket: a handler each, and one socket
   * fact whose node is the first hook's parameter and whose accesses are every hook's.
   */
  private addHookSocket(framework: FrameworkId, hooks: readonly (readonly [string, FunctionNode | undefined])[], registration: Node): void {
    const handlers: HandlerFact[] = [];
    const accesses: Access[] = [];
    let first: Node | undefined;
    for (const [name, fn] of hooks) {
      if (!fn || !fn.params[0]) continue;
      handlers.push(this.addHandler(framework, 'hook', fn, registration, name));
      const access = this.paramAccess(fn.params[0], []);
      if (access) accesses.push(access);
      first ??= fn.params[0];
    }
    if (!first) return;
    const socket = this.addSocket({ framework, role: 'server-side', node: first, accesses, handler: handlers[0] });
    for (const handler of handlers) handler.socket = socket;
  }

  /** `upgrade((c) => ({ onOpen(evt, ws) … }))` or `upgrade(c, { … })`: one events object per connection. */
  private recogniseEventsFactory(shape: ShapeOf<'events-factory'>, call: TSESTree.CallExpression): void {
    const factory = this.resolver.functionOf(call.arguments[0]);
    const objects = factory ? returnedObjects(factory) : [this.resolver.objectLiteral(call.arguments[shape.eventsArgument])].filter((o) => !!o);
    for (const object of objects as TSESTree.ObjectExpression[]) {
      // One events object serves one connection at a time: its callbacks share one socket.
      const hooks: { handler: HandlerFact; param: Node | undefined }[] = [];
      for (const name of shape.hooks) {
        const prop = findProperty(object, name);
        const fn = prop && this.resolver.functionOf(prop.value);
        if (!fn) continue;
        const handler = this.addHandler(shape.framework, 'hook', fn, call, name);
        hooks.push({ handler, param: fn.params[shape.socket.param] });
        const requestArgument = call.arguments[shape.requestParam];
        if (factory?.params[shape.requestParam]) this.setParamRequest(handler, factory.params[shape.requestParam], []);
        else if (requestArgument && !factory) {
          handler.request = { framework: shape.framework, node: requestArgument, access: this.expressionAccess(requestArgument) };
        }
      }
      this.shareSocket(shape.framework, hooks, shape.socket.path ?? []);
    }
  }

  /** `const { socket, response } = upgrade(req)`: the call's result carries the socket. */
  private recogniseUpgradeCall(shape: ShapeOf<'upgrade-call'>, call: TSESTree.CallExpression): void {
    const parent = this.parents.get(call);
    const fn = this.out.index.enclosingFunction(call);
    let accesses: Access[] = [];
    let node: Node = call;
    if (parent?.type === 'VariableDeclarator' && parent.init === call) {
      if (parent.id.type === 'ObjectPattern') {
        const prop = parent.id.properties.find((p) => p.type === 'Property' && keyName(p) === shape.socketProperty) as TSESTree.Property | undefined;
        if (prop && prop.value.type === 'Identifier') {
          const access = this.paramAccess(prop.value, []);
          if (access) accesses = [access];
          node = prop.value;
        }
      } else if (parent.id.type === 'Identifier') {
        const access = this.paramAccess(parent.id, [shape.socketProperty]);
        if (access) accesses = [access];
        node = parent.id;
      }
    }
    const handler = fn ? this.addHandler(shape.framework, 'connection', fn, call, undefined) : undefined;
    const socket = this.addSocket({ framework: shape.framework, role: 'server-side', node, accesses, handler });
    const requestArgument = call.arguments[shape.requestArgument];
    if (handler) {
      handler.socket = socket;
      if (requestArgument) handler.request = { framework: shape.framework, node: requestArgument, access: this.expressionAccess(requestArgument) };
    }
  }

  /** `useServer({ onConnect(ctx) … }, wss)`: every callback's context carries the connection's socket. */
  private recogniseContextCallbacks(shape: ShapeOf<'context-callbacks'>, call: TSESTree.CallExpression): void {
    const server = this.serverOf(call.arguments[shape.serverArgument]);
    // graphql-ws pings every 12 s by default and terminates a socket that does not answer.
    if (server) Object.assign(server, { wrappedBy: shape.framework, wrapperKeepsAlive: true });
    const options = this.resolver.objectLiteral(call.arguments[shape.optionsArgument]);
    if (!options) return;
    const hooks: { handler: HandlerFact; param: Node | undefined }[] = [];
    for (const name of shape.callbacks) {
      const prop = findProperty(options, name);
      const fn = prop && this.resolver.functionOf(prop.value);
      if (!fn || !fn.params[shape.socket.param]) continue;
      const handler = this.addHandler(shape.framework, 'hook', fn, call, name);
      hooks.push({ handler, param: fn.params[shape.socket.param] });
      this.setSlotRequest(handler, fn, shape.request);
    }
    // Every callback of one server's options sees the same connection's `ctx.extra.socket`.
    this.shareSocket(shape.framework, hooks, shape.socket.path ?? []);
  }

  /**
   * One socket for the hooks of one declarative registration: the first hook's parameter is its
   * node, every hook's parameter (plus `path`) an access, and every hook's handler points at it.
   */
  private shareSocket(framework: FrameworkId, hooks: readonly { handler: HandlerFact; param: Node | undefined }[], path: readonly string[]): void {
    const withParam = hooks.filter((hook) => hook.param !== undefined);
    const first = withParam[0];
    if (!first) return;
    const accesses = withParam.map((hook) => this.paramAccess(hook.param!, path)).filter((access): access is Access => !!access);
    const socket = this.addSocket({ framework, role: 'server-side', node: first.param!, accesses, handler: first.handler });
    for (const hook of hooks) hook.handler.socket ??= socket;
  }

  // ---------------------------------------------------------------- classes

  /** A class of per-socket hook methods, marked by a decorator or by its base class. */
  private recogniseClassHooks(shape: ShapeOf<'class-hooks'>, node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void {
    const methods = new Map<string, FunctionNode>();
    for (const member of node.body.body) {
      if ((member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && member.value && isFunction(member.value)) {
        const name = keyName(member);
        if (name !== undefined) methods.set(name, member.value);
      }
    }
    const when = shape.when;
    if ('decorator' in when) {
      if (!this.decorated(node, when.decorator, when.decoratorName)) return;
      this.addClassHooks(shape, node, methods);
      // Parameters decorated as the connected socket, in any method.
      for (const fn of methods.values()) {
        for (const param of fn.params) {
          if (!this.decorated(param, when.socketParamDecorator, when.socketParamDecoratorName)) continue;
          const handler = this.addHandler(shape.framework, 'hook', fn, node, undefined);
          const target = param.type === 'TSParameterProperty' ? param.parameter : param;
          this.addParamSocket(handler, shape.framework, target, []);
        }
      }
      return;
    }
    if (!shape.hooks.some((name) => methods.has(name))) return;
    const extendsBase = !!node.superClass && this.resolver.denote(node.superClass)?.role === when.superClass;
    if (extendsBase || this.frameworksInFile.has(shape.framework) || this.fileCalls(PAIR_ACCEPTING_CALLS)) this.addClassHooks(shape, node, methods);
  }

  /** A decorator of the library's role, or (imported from elsewhere) of its usual name. */
  private decorated(node: Node, role: string, name: string): boolean {
    return decoratorsOf(node).some(({ callee }) => this.resolver.denote(callee)?.role === role || isIdentifier(callee, name));
  }

  private fileCalls(methods: ReadonlySet<string>): boolean {
    return this.found.calls.some((call) => {
      const method = calledMethod(call);
      return !!method && methods.has(method.name);
    });
  }

  private addClassHooks(shape: ShapeOf<'class-hooks'>, node: Node, methods: Map<string, FunctionNode>): void {
    this.addHookSocket(shape.framework, shape.hooks.map((name) => [name, methods.get(name)] as const), node);
  }

  // ---------------------------------------------------------------- awaited calls and pairs

  /** `const ws = await ctx.ws()` in a middleware: the enclosing function is the handler. */
  private recogniseAwaitedCall(shape: ShapeOf<'awaited-call'>, node: TSESTree.AwaitExpression): void {
    const call = unwrap(node.argument);
    if (call.type !== 'CallExpression' || call.arguments.length !== 0) return;
    const method = calledMethod(call);
    if (!method || method.name !== shape.method || method.object.type !== 'Identifier') return;
    if (!this.fileImports(shape.whenModules) && !shape.receiverNames.test(method.object.name)) return;
    const fn = this.out.index.enclosingFunction(node);
    const handler = fn ? this.addHandler(shape.framework, 'connection', fn, node, undefined) : undefined;
    const socket = this.addSocket({
      framework: shape.framework,
      role: 'server-side',
      node,
      accesses: this.accessesOfValue(node),
      handler,
    });
    if (handler) {
      handler.socket = socket;
      handler.request = { framework: shape.framework, node: method.object, access: this.expressionAccess(method.object) };
    }
  }

  /** `const [client, server] = Object.values(new WebSocketPair())` (Cloudflare, §13). */
  private recogniseSocketPair(framework: FrameworkId, node: TSESTree.NewExpression): void {
    let holder: Node = node;
    const declarator = this.parents.get(node);
    let pairVariable: Variable | undefined;
    if (declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier') {
      pairVariable = this.resolver.variable(declarator.id);
    }
    const patterns: TSESTree.ArrayPattern[] = [];
    const considerValuesCall = (valuesCall: Node | undefined) => {
      if (valuesCall?.type !== 'CallExpression') return;
      const method = calledMethod(valuesCall);
      if (!method || method.name !== 'values' || !isIdentifier(method.object, 'Object')) return;
      const target = this.parents.get(valuesCall);
      if (target?.type === 'VariableDeclarator' && target.id.type === 'ArrayPattern') patterns.push(target.id);
    };
    considerValuesCall(this.parents.get(holder));
    if (pairVariable) {
      for (const reference of pairVariable.references) {
        holder = reference.identifier as Node;
        considerValuesCall(this.parents.get(holder));
      }
    }
    if (patterns.length > 0) this.frameworksInFile.add(framework);
    for (const pattern of patterns) {
      const ends = pattern.elements.filter((element): element is TSESTree.Identifier => element?.type === 'Identifier');
      // The Worker's own end is the accepted one; failing that, every end not sent to the client.
      const accepted = ends.filter((end) => this.pairEndIs(end, 'accepted'));
      const served = accepted.length > 0 ? accepted : ends.filter((end) => !this.pairEndIs(end, 'sent-to-client'));
      for (const element of served) {
        const access = this.paramAccess(element, []);
        this.addSocket({
          framework,
          role: 'server-side',
          node: element,
          accesses: access ? [access] : [],
          handler: undefined,
        });
      }
    }
  }

  /** Whether a pair's end is `accept()`ed / passed to `acceptWebSocket`, or put in a 101 `Response`. */
  private pairEndIs(end: TSESTree.Identifier, how: 'accepted' | 'sent-to-client'): boolean {
    const variable = this.resolver.variable(end);
    return !!variable?.references.some((reference) => {
      const identifier = reference.identifier as Node;
      const parent = this.parents.get(identifier);
      if (how === 'sent-to-client') {
        return parent?.type === 'Property' && parent.value === identifier && keyName(parent) === PAIR_CLIENT_PROPERTY;
      }
      if (parent?.type === 'MemberExpression' && parent.object === identifier) {
        const call = this.parents.get(parent);
        return call?.type === 'CallExpression' && call.callee === parent && PAIR_ACCEPT_METHODS.has(propertyName(parent) ?? '');
      }
      if (parent?.type === 'CallExpression' && parent.arguments.includes(identifier as TSESTree.CallExpressionArgument)) {
        const method = calledMethod(parent);
        return !!method && PAIR_ACCEPTING_CALLS.has(method.name);
      }
      return false;
    });
  }

  // ---------------------------------------------------------------- raw upgrade

  private addUpgradeHandler(shape: ShapeOf<'raw-upgrade-event'>, call: TSESTree.CallExpression, fn: FunctionNode): void {
    const handler = this.addHandler(shape.framework, 'upgrade', fn, call, undefined);
    const request = fn.params[shape.request.param];
    const socket = fn.params[shape.socket.param];
    if (socket) this.addParamSocket(handler, shape.framework, socket, [], 'raw-upgrade');
    if (request) this.setParamRequest(handler, request, []);
    // Paths below the request that are the very same raw socket (`req.socket`).
    if (request && handler.socket) {
      for (const path of shape.socketAliases) {
        const alias = this.paramAccess(request, path);
        if (alias) (handler.socket.accesses as Access[]).push(alias);
      }
    }
  }

  /** Identity of the server an expression denotes, to group its 'connection' listeners. */
  private serverKey(receiver: Node): object | undefined {
    const node = unwrap(receiver);
    const server = this.serverOf(node);
    if (server) return server;
    if (node.type === 'Identifier') return this.resolver.variable(node);
    return undefined;
  }

  /**
   * An `'upgrade'` listener is Node's raw upgrade only on an HTTP server: http.ClientRequest emits
   * `'upgrade'` with `(res, socket, head)` and a ws client emits it with `(response)`.
   */
  private isNodeHttpServer(receiver: Node, fn: FunctionNode, shape: ShapeOf<'raw-upgrade-event'>): boolean {
    if (fn.params.length < 2) return false;
    const first = fn.params[0];
    if (first?.type === 'Identifier' && /^res(?:ponse)?$/i.test(first.name)) return false;
    const denotation = this.resolver.denote(receiver);
    if (denotation?.role === 'client-class') return false;
    const origin = this.resolver.origin(receiver);
    if (origin?.kind === 'module' && HTTP_SERVER_MODULES.includes(origin.module)) {
      // `http.request(…)` / `https.get(…)` is a ClientRequest: its 'upgrade' is the client side.
      const path = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
      return !(path[0] !== undefined && HTTP_CLIENT_REQUEST_EXPORTS.has(path[0]) && path[1] === '()');
    }
    const name = receiver.type === 'Identifier' ? receiver.name : receiver.type === 'MemberExpression' ? propertyName(receiver) : undefined;
    if (name && /server|srv/i.test(name)) return true;
    return [...this.out.modules].some((m) => HTTP_SERVER_MODULES.includes(m)) || shape.serverFrameworks.some((framework) => this.frameworksInFile.has(framework));
  }

  /** `applyWSSHandler({ wss, … })`: a library takes the server over (SERVER_TAKEOVER_CALLS). */
  private recogniseServerTakeover(call: TSESTree.CallExpression): void {
    const origin = this.resolver.origin(call.callee);
    if (origin?.kind !== 'module') return;
    const takeover = SERVER_TAKEOVER_CALLS.find((t) => t.module === origin.module && t.path === origin.path.join('.'));
    const options = takeover && this.resolver.objectLiteral(call.arguments[0]);
    const option = options && findProperty(options, takeover.option);
    const server = option && this.serverOf(option.value as Node);
    if (!server) return;
    const keepAlive = takeover.keepAliveOption && findProperty(options, takeover.keepAliveOption);
    const keepAliveOptions = keepAlive && this.resolver.objectLiteral(keepAlive.value as Node);
    const enabled = keepAliveOptions && findProperty(keepAliveOptions, 'enabled');
    const keepsAlive = !!enabled && unwrap(enabled.value as Node).type === 'Literal' && (unwrap(enabled.value as Node) as TSESTree.Literal).value === true;
    Object.assign(server, { wrappedBy: takeover.module, wrapperKeepsAlive: keepsAlive });
  }

  // ---------------------------------------------------------------- sockets known by type or use

  /**
   * A function that receives a socket from elsewhere: a parameter typed as the library's socket
   * (`ws: WebSocket`, `private readonly client: Socket`), or named like one and used like one
   * (a listener, a send and a member only sockets have). Its work is per connection like a
   * handler's. Functions this file calls itself are skipped: the caller's socket is analysed
   * through them already. So are callbacks given to a call we did not recognise
   * (`fastify.post(path, { websocket: true }, (socket) => …)`): whatever registered them owns the
   * socket, and may well listen for its errors.
   */
  private recogniseSocketParameters(fn: FunctionNode): void {
    // Cheapest first: most functions have no parameter that is typed or named like a socket.
    if (!fn.params.some((param) => mayBeSocketBinding(param)) || this.handlerByFn.has(fn) || this.isCalledInFile(fn)) return;
    const container = this.parents.get(fn);
    if ((container?.type === 'CallExpression' || container?.type === 'NewExpression') && container.arguments.includes(fn as never)) return;
    for (const param of fn.params) {
      const binding = parameterBinding(param);
      if (!binding) continue;
      const framework = this.typedSocketFramework(binding) ?? this.socketFrameworkByUse(binding);
      if (!framework) continue;
      if (this.socketByNode.has(binding) || this.socketByNode.has(param)) return;
      const handler = this.addHandler(framework, 'connection', fn, fn, undefined);
      const accesses: Access[] = [];
      const variable = this.resolver.variable(binding);
      if (variable) accesses.push({ kind: 'variable', variable, path: [] });
      const owner = param.type === 'TSParameterProperty' ? enclosingClass(fn, this.parents) : undefined;
      if (owner) accesses.push({ kind: 'this-member', owner, name: binding.name });
      handler.socket = this.addSocket({ framework, role: 'server-side', node: param, accesses, handler, inferred: true });
      return;
    }
  }

  /** The framework whose socket type annotates a binding: `WebSocket` from ws, `Socket` from socket.io. */
  private typedSocketFramework(binding: TSESTree.Identifier): FrameworkId | undefined {
    const denotation = this.roleOfAnnotation(binding);
    return denotation?.role === 'socket-type' ? denotation.framework : undefined;
  }

  /** A parameter named like a socket whose uses are only a socket's (SOCKET_USE_SIGNS). */
  private socketFrameworkByUse(binding: TSESTree.Identifier): FrameworkId | undefined {
    if (!SOCKET_PARAMETER_NAME.test(binding.name)) return undefined;
    const variable = this.resolver.variable(binding);
    if (!variable) return undefined;
    const members = new Set<string>();
    const events = new Set<string>();
    for (const reference of variable.references) {
      const member = this.parents.get(reference.identifier as Node);
      if (member?.type !== 'MemberExpression' || member.object !== reference.identifier) continue;
      const name = propertyName(member);
      if (name === undefined) continue;
      members.add(name);
      const call = this.parents.get(member);
      if (call?.type === 'CallExpression' && call.callee === member && EMITTER_LISTEN_METHODS.has(name)) {
        const event = staticString(call.arguments[0]);
        if (event !== undefined) events.add(event);
      }
    }
    const matches = SOCKET_USE_SIGNS.filter(
      (signs) => signs.sends.some((send) => members.has(send)) && (signs.members.some((m) => members.has(m)) || signs.events.some((e) => events.has(e))),
    );
    // Signs of both (or neither): not something to guess about.
    return matches.length === 1 ? matches[0]!.framework : undefined;
  }

  /** The function is called by name, or a method as `this.name(…)`, somewhere in this file. */
  private isCalledInFile(fn: FunctionNode): boolean {
    const parent = this.parents.get(fn);
    let name: string | undefined;
    let method = false;
    if (fn.type === 'FunctionDeclaration' && fn.id) name = fn.id.name;
    else if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') name = parent.id.name;
    else if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && parent.value === fn) {
      name = keyName(parent);
      method = true;
    } else if (parent?.type === 'AssignmentExpression' && parent.right === fn && parent.left.type === 'MemberExpression') {
      // `Conn.prototype.attach = function (ws) { … }`, called as `this.attach(ws)`.
      name = propertyName(parent.left);
      method = true;
    }
    if (name === undefined) return false;
    if (!this.calledNames) {
      const functions = new Set<string>();
      const methodReceivers = new Map<string, Node[]>();
      for (const call of this.found.calls) {
        const callee = unwrap(call.callee);
        if (callee.type === 'Identifier') functions.add(callee.name);
        else if (callee.type === 'MemberExpression') {
          const property = propertyName(callee) ?? '';
          let receivers = methodReceivers.get(property);
          if (!receivers) methodReceivers.set(property, (receivers = []));
          receivers.push(callee.object);
        }
      }
      this.calledNames = { functions, methodReceivers };
    }
    if (!method) return this.calledNames.functions.has(name);
    // Whether a receiver is `this` (or `self`) is asked only of the calls of this method's name.
    return (this.calledNames.methodReceivers.get(name) ?? []).some((receiver) => this.thisOwners.isSelf(receiver));
  }

  // ---------------------------------------------------------------- what is a server?

  /** The server fact an expression refers to, if we created it in this file. */
  private serverOf(expr: Node | undefined): ServerFact | undefined {
    if (!expr) return undefined;
    const node = unwrap(expr);
    const index = this.serverIndex;
    const candidates: ServerFact[] = [];
    const byNode = index.byNode.get(node);
    if (byNode) candidates.push(byNode);
    if (node.type === 'Identifier') {
      const variable = this.resolver.variable(node);
      const byVariable = variable && index.byVariable.get(variable);
      if (byVariable) candidates.push(byVariable);
    } else if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
      const name = propertyName(node);
      const byMember = name === undefined ? undefined : index.byThisMember.get(name)?.find((server) => this.matchesAccess(node, server.access!));
      if (byMember) candidates.push(byMember);
    }
    return candidates.reduce<ServerFact | undefined>((first, server) => (!first || index.order.get(server)! < index.order.get(first)! ? server : first), undefined);
  }

  /** Which framework's server an expression is: created here, annotated, named, or a namespace of one. */
  private serverFramework(expr: Node, depth = 0): FrameworkId | undefined {
    const node = unwrap(expr);
    const server = this.serverOf(node);
    if (server) return server.framework;
    const derived = this.derivedServerFramework(node, depth);
    if (derived) return derived;
    if (node.type === 'Identifier' && depth < 4) {
      // A `const` alias of a namespace or server: `const chat = io.of('/chat')`.
      const variable = this.resolver.variable(node);
      const value = variable && this.resolver.singleValue(variable);
      const viaValue = value && this.serverFramework(value, depth + 1);
      if (viaValue) return viaValue;
    }
    const typed = this.annotatedRole(node);
    if (typed?.role === 'server-type' || typed?.role === 'server-class') return typed.framework;
    const imported = this.importedServer(node);
    if (imported) return imported;
    const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' ? propertyName(node) : undefined;
    if (name === undefined) return undefined;
    // A server created in another module: trust a telling name only next to the library's import.
    for (const framework of this.frameworksInFile) {
      if (FRAMEWORKS[framework].serverNames?.test(name) && !this.isLocallyCreatedOther(node)) return framework;
    }
    return undefined;
  }

  /** A binding imported from a project module that exports a server made there (--project). */
  private importedServer(node: Node): FrameworkId | undefined {
    if (this.importedServers.length === 0) return undefined;
    const origin = this.resolver.origin(node);
    if (origin?.kind !== 'module' || origin.path.length !== 1) return undefined;
    return this.importedServers.find((server) => server.specifier === origin.module && server.name === origin.path[0])?.framework;
  }

  /** A namespace of a server (`io.of('/chat')`, `io.sockets`), or the server an app plugin made (`getWss()`). */
  private derivedServerFramework(node: Node, depth: number): FrameworkId | undefined {
    const method = node.type === 'CallExpression' ? calledMethod(node) : undefined;
    const property = node.type === 'MemberExpression' ? propertyName(node) : undefined;
    for (const derived of DERIVED_SERVERS) {
      const access = derived.access;
      const base = 'method' in access ? (method?.name === access.method ? method.object : undefined) : property === access.property ? (node as TSESTree.MemberExpression).object : undefined;
      if (!base) continue;
      const from = derived.from;
      if (from === 'server' ? this.serverFramework(base, depth) === derived.framework : from.frameworksInFile.some((framework) => this.frameworksInFile.has(framework))) return derived.framework;
    }
    return undefined;
  }

  /** A local variable initialised with something we know is not a WebSocket server. */
  private isLocallyCreatedOther(node: Node): boolean {
    if (node.type !== 'Identifier') return false;
    const variable = this.resolver.variable(node);
    const value = variable && this.resolver.singleValue(variable);
    return !!value && !this.out.servers.some((s) => s.node === unwrap(value));
  }

  /** The library role named by an identifier's type annotation (`ws: WebSocket`, `io: Server`). */
  private annotatedRole(node: Node): ReturnType<Resolver['denote']> {
    if (node.type !== 'Identifier') return undefined;
    const declared = this.resolver.variable(node)?.identifiers[0];
    return declared ? this.roleOfAnnotation(declared) : undefined;
  }

  /** The library role a binding's own type annotation names (`ws: WebSocket` → a socket type). */
  private roleOfAnnotation(binding: TSESTree.Identifier): ReturnType<Resolver['denote']> {
    const annotation = binding.typeAnnotation?.typeAnnotation;
    if (annotation?.type !== 'TSTypeReference') return undefined;
    const typeName = annotation.typeName;
    const expr = typeName.type === 'TSQualifiedName' ? qualifiedToMember(typeName) : typeName;
    const denotation = this.resolver.denote(expr as Node);
    if (!denotation) return undefined;
    // A value export used as a type names its instances: `WebSocket` → a socket, `WebSocketServer` → a server.
    if (denotation.role === 'client-class') return { framework: denotation.framework, role: 'socket-type' };
    return denotation;
  }


  // ---------------------------------------------------------------- facts

  private addHandler(framework: FrameworkId, kind: HandlerKind, fn: FunctionNode, registration: Node, hookName: string | undefined): HandlerFact {
    const existing = this.handlerByFn.get(fn);
    if (existing) return existing;
    const handler: HandlerFact = { framework, kind, fn, hookName, registration, socket: undefined, request: undefined };
    this.handlerByFn.set(fn, handler);
    this.out.handlers.push(handler);
    this.frameworksInFile.add(framework);
    return handler;
  }

  private addSocket(fact: Omit<SocketFact, 'errorBehaviour'> & { role: SocketRole }): SocketFact {
    const existing = this.socketByNode.get(fact.node);
    if (existing) return existing;
    const socket: SocketFact = { ...fact, errorBehaviour: FRAMEWORKS[fact.framework].socketErrors };
    this.out.sockets.push(socket);
    this.socketByNode.set(fact.node, socket);
    return socket;
  }

  private addParamSocket(handler: HandlerFact, framework: FrameworkId, param: Node, path: readonly string[], role: SocketRole = 'server-side', inferred = false): void {
    if (handler.socket) return;
    const access = this.paramAccess(param, path);
    handler.socket = this.addSocket({ framework, role, node: param, accesses: access ? [access] : [], handler, ...(inferred ? { inferred } : {}) });
  }

  /**
   * A server received as a parameter in a file that imports no WebSocket library
   * (`export function attach(wss) { wss.on('connection', …) }`): its name says whose server it is
   * (`wss`, `io`), when only one framework uses that name. Its sockets are inferred ones.
   */
  private injectedServerFramework(receiver: Node): FrameworkId | undefined {
    if (this.frameworksInFile.size > 0 || receiver.type !== 'Identifier') return undefined;
    const variable = this.resolver.variable(receiver);
    if (variable?.defs[0]?.type !== 'Parameter') return undefined;
    const named = (Object.keys(FRAMEWORKS) as FrameworkId[]).filter((framework) => FRAMEWORKS[framework].serverNames?.test(receiver.name));
    return named.length === 1 ? named[0] : undefined;
  }

  /** The request at a handler's parameter slot. */
  private setSlotRequest(handler: HandlerFact, fn: FunctionNode, slot: ParamSlot): void {
    this.setParamRequest(handler, fn.params[slot.param], slot.path ?? []);
  }

  private setParamRequest(handler: HandlerFact, param: Node | undefined, path: readonly string[]): void {
    if (!param || handler.request) return;
    const request: RequestFact = { framework: handler.framework, node: param, access: this.paramAccess(param, path) };
    handler.request = request;
  }

  /** The access for a binding identifier (parameter, declarator, destructured element). */
  private paramAccess(param: Node, path: readonly string[]): Access | undefined {
    let target = param;
    if (target.type === 'AssignmentPattern') target = target.left;
    if (target.type === 'TSParameterProperty') target = target.parameter;
    if (target.type !== 'Identifier') return undefined;
    const variable = this.resolver.variable(target);
    return variable ? { kind: 'variable', variable, path } : undefined;
  }

  private expressionAccess(expr: Node): Access | undefined {
    const node = unwrap(expr);
    if (node.type !== 'Identifier') return undefined;
    const variable = this.resolver.variable(node);
    return variable ? { kind: 'variable', variable, path: [] } : undefined;
  }

  /** Where a created value goes: `const x = value`, `x = value`, `this.x = value`. */
  private accessesOfValue(value: Node): Access[] {
    let node = value;
    let parent = this.parents.get(node);
    // Through type wrappers, and branches that may produce the value (`url ? new WebSocket(url) : null`).
    while (
      parent &&
      (parent.type === 'TSAsExpression' ||
        parent.type === 'TSNonNullExpression' ||
        parent.type === 'TSSatisfiesExpression' ||
        (parent.type === 'ConditionalExpression' && parent.test !== node) ||
        (parent.type === 'LogicalExpression' && parent.right === node))
    ) {
      node = parent;
      parent = this.parents.get(node);
    }
    if (parent?.type === 'AwaitExpression') {
      node = parent;
      parent = this.parents.get(node);
    }
    if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
      const variable = this.resolver.variable(parent.id);
      return variable ? [{ kind: 'variable', variable, path: [] }] : [];
    }
    if (parent?.type === 'AssignmentExpression' && parent.right === node) {
      const left = parent.left;
      if (left.type === 'Identifier') {
        const variable = this.resolver.variable(left);
        return variable ? [{ kind: 'variable', variable, path: [] }] : [];
      }
      const owner = left.type === 'MemberExpression' ? this.thisOwners.ownerOf(left.object) : undefined;
      if (owner && left.type === 'MemberExpression') {
        const name = propertyName(left);
        return name !== undefined ? [{ kind: 'this-member', owner, name }] : [];
      }
      // `wsRef.current = new WebSocket(url)` (a React ref), `state.socket = …`: a path below a variable.
      const path: string[] = [];
      let object: Node = left;
      while (object.type === 'MemberExpression') {
        const name = propertyName(object);
        if (name === undefined) return [];
        path.unshift(name);
        object = unwrap(object.object);
      }
      if (object.type === 'Identifier' && path.length > 0) {
        const variable = this.resolver.variable(object);
        return variable ? [{ kind: 'variable', variable, path }] : [];
      }
    }
    if (parent?.type === 'PropertyDefinition' && parent.value === node) {
      const name = keyName(parent);
      const owner = enclosingClass(parent, this.parents);
      return name !== undefined && owner ? [{ kind: 'this-member', owner, name }] : [];
    }
    return [];
  }

  private matchesAccess(node: Node, access: Access): boolean {
    if (access.kind === 'variable') {
      return access.path.length === 0 && node.type === 'Identifier' && this.resolver.variable(node) === access.variable;
    }
    return node.type === 'MemberExpression' && propertyName(node) === access.name && this.thisOwners.ownerOf(node.object) === access.owner;
  }

  private paramIsUsedAs(param: Node, property: string): boolean {
    if (param.type !== 'Identifier') return false;
    const variable = this.resolver.variable(param);
    return !!variable?.references.some((reference) => {
      const parent = this.parents.get(reference.identifier as Node);
      return parent?.type === 'MemberExpression' && parent.object === reference.identifier && propertyName(parent) === property;
    });
  }


}

/**
 * Where a server configured by options gets its connections (ws, §1: exactly one of port / server
 * / noServer). Servers without such a constructor say nothing.
 */
function optionsAttachment(configuredByOptions: boolean, options: TSESTree.ObjectExpression | undefined): ServerFact['attachment'] {
  if (!configuredByOptions || !options) return 'unknown';
  if (options.properties.some((p) => p.type === 'SpreadElement')) return 'unknown';
  const noServer = findProperty(options, 'noServer');
  if (noServer && unwrap(noServer.value).type === 'Literal' && (unwrap(noServer.value) as TSESTree.Literal).value === true) return 'no-server';
  if (findProperty(options, 'server')) return 'server';
  if (findProperty(options, 'port')) return 'port';
  // None of the three: ws throws at construction, so there is nothing to say about errors.
  return 'unknown';
}

function qualifiedToMember(name: TSESTree.TSQualifiedName): TSESTree.MemberExpression {
  // Build a throwaway MemberExpression-shaped object so the resolver can follow `ws.WebSocket`.
  const left = name.left.type === 'TSQualifiedName' ? qualifiedToMember(name.left) : name.left;
  return { type: 'MemberExpression', object: left, property: name.right, computed: false, optional: false } as unknown as TSESTree.MemberExpression;
}
