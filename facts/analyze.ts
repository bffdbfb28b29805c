/**
 * Builds the socket model of one file: which WebSocket libraries it uses, which expressions are
 * servers and sockets, which functions are connection handlers, and each handler's request.
 *
 * One walk collects candidate nodes; recognition then runs over those lists. Every framework
 * shape is recognised from the tables in frameworks.ts plus a small recogniser per *shape*
 * (an event registration, a route with a handler, a declarative hook object, a decorated class).
 */
import type { TSESTree } from '@typescript-eslint/utils';

import {
  calledMethod,
  enclosingClass,
  findProperty,
  isFunction,
  isIdentifier,
  keyName,
  propertyName,
  returnedObjects,
  staticString,
  thisMethod,
  unwrap,
  type FunctionNode,
  type Node,
  type ParentMap,
} from './ast.js';
import {
  CONNECTION_EVENTS,
  EMITTER_LISTEN_METHODS,
  FRAMEWORKS,
  GRAPHQL_WS_CONTEXT_CALLBACKS,
  HONO_EVENT_METHODS,
  HTTP_CLIENT_REQUEST_EXPORTS,
  HTTP_SERVER_MODULES,
  PAIR_ACCEPTING_CALLS,
  PAIR_ACCEPT_METHODS,
  PAIR_CLIENT_PROPERTY,
  SOCKET_HOOK_METHODS,
  type FrameworkId,
} from './frameworks.js';
import { NodeIndex } from './node-index.js';
import { Resolver, libraryOf, requiredModule, type ScopeManagerLike } from './resolve.js';
import type {
  Access,
  HandlerFact,
  HandlerKind,
  LibraryUse,
  RequestFact,
  ServerFact,
  SocketFact,
  SocketRole,
  Variable,
} from './types.js';

/** Names that, in a file importing the library, denote its server even when created elsewhere. */
const SERVER_NAME_HINTS: Partial<Record<FrameworkId, RegExp>> = {
  ws: /^(?:wss|wsServer|webSocketServer|websocketServer|socketServer)$/,
  'socket.io': /^(?:io|ioServer|socketServer|socketIoServer|socketIOServer)$/,
};

/** Koa-family modules: `.ws.use(…)` and `await ctx.ws()` only mean WebSockets next to these. */
const KOA_MODULES = /^(?:koa|koa-websocket|koa-easy-ws|koa-route|koa-router|@koa\/router)$/;
const EXPRESS_MODULES = /^(?:express|express-ws|router)$/;

export interface AnalysisInput {
  readonly ast: TSESTree.Program;
  readonly scopeManager: ScopeManagerLike;
}

export interface Analysis {
  readonly resolver: Resolver;
  /** The file's nodes, parents and enclosing functions, recorded by the one walk. */
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
  calls: TSESTree.CallExpression[];
  news: TSESTree.NewExpression[];
  classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[];
  awaits: TSESTree.AwaitExpression[];
  defaultExports: TSESTree.ExportDefaultDeclaration[];
}

export function analyze(input: AnalysisInput): Analysis {
  const found: Candidates = { imports: [], calls: [], news: [], classes: [], awaits: [], defaultExports: [] };
  const index = new NodeIndex(input.ast, (node) => {
    switch (node.type) {
      case 'ImportDeclaration':
      case 'TSImportEqualsDeclaration':
        found.imports.push(node);
        break;
      case 'CallExpression':
        found.calls.push(node);
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
      default:
        break;
    }
  });
  const analysis: Analysis = {
    resolver: new Resolver(input.scopeManager),
    index,
    parents: index.parents,
    libraries: [],
    servers: [],
    sockets: [],
    handlers: [],
    modules: new Set(),
  };
  new Recogniser(analysis, found).run();
  return analysis;
}

class Recogniser {
  private readonly resolver: Resolver;
  private readonly parents: ParentMap;
  private readonly frameworksInFile = new Set<FrameworkId>();
  /** Handlers already recorded, so that a function registered twice is one handler. */
  private readonly handlerByFn = new Map<FunctionNode, HandlerFact>();
  /** The socket fact shared by all 'connection' listeners of one server. */
  private readonly connectionSocketOf = new Map<object, SocketFact>();

  constructor(
    private readonly out: Analysis,
    private readonly found: Candidates,
  ) {
    this.resolver = out.resolver;
    this.parents = out.parents;
  }

  run(): void {
    this.collectLibraries();
    for (const node of this.found.news) this.recogniseConstruction(node);
    for (const call of this.found.calls) this.recogniseFactoryCall(call);
    // Registrations need the servers above.
    for (const call of this.found.calls) this.recogniseRegistration(call);
    for (const node of this.found.classes) this.recogniseClass(node);
    for (const node of this.found.awaits) this.recogniseKoaEasyWs(node);
    for (const node of this.found.defaultExports) this.recogniseBunDefaultExport(node);
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
      this.recogniseWebSocketPair(node);
    }
  }

  private recogniseFactoryCall(call: TSESTree.CallExpression): void {
    const denotation = this.resolver.denote(call.callee);
    if (denotation?.role === 'server-factory') this.addServer(denotation.framework, call);
  }

  private addServer(framework: FrameworkId, node: TSESTree.NewExpression | TSESTree.CallExpression): void {
    // ws: `new WebSocketServer(options)`; socket.io: `new Server(httpServer?, options?)`.
    const optionsArg = framework === 'socket.io' ? node.arguments[node.arguments.length - 1] : node.arguments[0];
    const options = this.resolver.objectLiteral(optionsArg);
    const accesses = this.accessesOfValue(node);
    this.out.servers.push({
      framework,
      node,
      options,
      attachment: framework === 'socket.io' ? this.socketIoAttachment(node) : serverAttachment(framework, options),
      access: accesses[0],
      wrappedBy: undefined,
    });
  }

  /**
   * socket.io (§3): `new Server(httpServer, opts?)`, `new Server(port, opts?)`, or `new Server(opts?)`
   * / `new Server()` attached later with `io.attach()` / `io.listen()`.
   */
  private socketIoAttachment(node: TSESTree.NewExpression | TSESTree.CallExpression): ServerFact['attachment'] {
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

  // ---------------------------------------------------------------- registrations (calls)

  private recogniseRegistration(call: TSESTree.CallExpression): void {
    const method = calledMethod(call);
    if (method) {
      if (EMITTER_LISTEN_METHODS.has(method.name)) {
        const event = staticString(call.arguments[0]);
        if (event !== undefined) this.recogniseEventRegistration(call, method.object, event);
      } else if (method.name === 'handleUpgrade') {
        this.recogniseHandleUpgrade(call, method.object);
      } else if (method.name === 'ws') {
        this.recogniseWsRoute(call, method.object);
      } else if (method.name === 'use') {
        this.recogniseKoaWebsocketUse(call, method.object);
      } else if (method.name === 'serve' || method.name === 'upgradeWebSocket') {
        this.recogniseRuntimeCall(call);
      } else {
        this.recogniseFastifyRoute(call, method.name);
      }
    }
    const denotation = this.resolver.denote(call.callee);
    if (denotation?.role === 'upgrade-helper' && denotation.framework === 'hono') this.recogniseHonoUpgrade(call);
    else if (denotation?.role === 'upgrade-helper' && denotation.framework === 'deno') this.recogniseDenoUpgrade(call);
    else if (denotation?.role === 'use-server') this.recogniseGraphqlWs(call);
  }

  private recogniseEventRegistration(call: TSESTree.CallExpression, receiver: Node, event: string): void {
    const handlerFn = this.resolver.functionOf(call.arguments[1]) ?? thisMethod(call.arguments[1], this.parents);
    if (!handlerFn) return;
    if (event === 'upgrade') {
      if (this.isNodeHttpServer(receiver, handlerFn)) this.addUpgradeHandler(call, handlerFn);
      return;
    }
    const framework = this.serverFramework(receiver);
    if (!framework || !(CONNECTION_EVENTS[framework] ?? []).includes(event)) return;
    const handler = this.addHandler(framework, 'connection', handlerFn, call, undefined);
    const socketParam = handlerFn.params[0];
    // Every 'connection' listener of one server receives the same socket object: one fact.
    const serverKey = this.serverKey(receiver);
    const shared = serverKey === undefined ? undefined : this.connectionSocketOf.get(serverKey);
    const access = socketParam && this.paramAccess(socketParam, []);
    if (shared && access && !handler.socket) {
      (shared.accesses as Access[]).push(access);
      handler.socket = shared;
    } else if (socketParam) {
      this.addParamSocket(handler, framework, socketParam, []);
      if (serverKey !== undefined && handler.socket) this.connectionSocketOf.set(serverKey, handler.socket);
    }
    if (framework === 'ws') this.setParamRequest(handler, handlerFn.params[1], []);
    if (framework === 'socket.io' && socketParam) {
      // socket.io: the request is `socket.request` / `socket.handshake` (§3).
      const access = this.paramAccess(socketParam, ['request']);
      handler.request = { framework, node: socketParam, access };
    }
  }

  private recogniseHandleUpgrade(call: TSESTree.CallExpression, receiver: Node): void {
    // ws `handleUpgrade(req, socket, head, cb)`: the callback gets the ws socket and the request.
    if (!this.serverFramework(receiver) && !this.frameworksInFile.has('ws')) return;
    const fn = this.resolver.functionOf(call.arguments[3]) ?? thisMethod(call.arguments[3], this.parents);
    if (!fn) return;
    const handler = this.addHandler('ws', 'handle-upgrade', fn, call, undefined);
    if (fn.params[0]) this.addParamSocket(handler, 'ws', fn.params[0], []);
    if (fn.params[1]) this.setParamRequest(handler, fn.params[1], []);
    else if (call.arguments[0]) handler.request = { framework: 'ws', node: call.arguments[0], access: this.expressionAccess(call.arguments[0]) };
  }

  /** express-ws `app.ws(path, ...handlers)` or uWS `app.ws(pattern, behavior)`. */
  private recogniseWsRoute(call: TSESTree.CallExpression, receiver: Node): void {
    const [pattern, second] = call.arguments;
    if (!pattern || staticString(pattern) === undefined && pattern.type !== 'Identifier' && pattern.type !== 'TemplateLiteral') return;
    const behaviour = this.resolver.objectLiteral(second);
    if (behaviour && this.frameworksInFile.has('uws')) {
      this.recogniseHookObject('uws', behaviour, call);
      const upgrade = findProperty(behaviour, 'upgrade');
      const upgradeFn = upgrade && this.resolver.functionOf(upgrade.value);
      if (upgradeFn) {
        const handler = this.addHandler('uws', 'hook', upgradeFn, call, 'upgrade');
        this.setParamRequest(handler, upgradeFn.params[1], []);
      }
      return;
    }
    if (!this.frameworksInFile.has('express-ws') && !this.fileImports(EXPRESS_MODULES)) return;
    void receiver;
    const fns = call.arguments.slice(1).map((arg) => this.resolver.functionOf(arg)).filter((fn): fn is FunctionNode => !!fn);
    if (fns.length === 0) return;
    const accesses: Access[] = [];
    const handlers = fns.map((fn) => {
      const handler = this.addHandler('express-ws', 'connection', fn, call, undefined);
      this.setParamRequest(handler, fn.params[1], []);
      const access = fn.params[0] && this.paramAccess(fn.params[0], []);
      if (access) accesses.push(access);
      return handler;
    });
    const first = fns[0]!.params[0];
    if (!first) return;
    const socket = this.addSocket({ framework: 'express-ws', role: 'server-side', node: first, accesses, handler: handlers[0] });
    for (const handler of handlers) handler.socket = socket;
  }

  /** koa-websocket: `app.ws.use(fn)` / `app.ws.use(route.all(path, fn))`; the socket is `ctx.websocket`. */
  private recogniseKoaWebsocketUse(call: TSESTree.CallExpression, receiver: Node): void {
    if (receiver.type !== 'MemberExpression' || propertyName(receiver) !== 'ws') return;
    if (!this.fileImports(KOA_MODULES)) return;
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
      const ctx = fn.params[0];
      if (!ctx) continue;
      const handler = this.addHandler('koa-websocket', 'connection', fn, call, undefined);
      this.addParamSocket(handler, 'koa-websocket', ctx, ['websocket']);
      this.setParamRequest(handler, ctx, []);
    }
  }

  /** @fastify/websocket: a route with `{ websocket: true }` (or a `wsHandler`). */
  private recogniseFastifyRoute(call: TSESTree.CallExpression, method: string): void {
    if (!/^(?:get|all|route)$/.test(method)) return;
    let fn: FunctionNode | undefined;
    const options = call.arguments.map((arg) => this.resolver.objectLiteral(arg)).find((o) => o !== undefined);
    if (!options) return;
    const websocketFlag = findProperty(options, 'websocket');
    const wsHandler = findProperty(options, 'wsHandler');
    if (wsHandler) fn = this.resolver.functionOf(wsHandler.value);
    else if (websocketFlag && unwrap(websocketFlag.value).type === 'Literal' && (unwrap(websocketFlag.value) as TSESTree.Literal).value === true) {
      fn =
        method === 'route'
          ? this.resolver.functionOf(findProperty(options, 'handler')?.value)
          : this.resolver.functionOf(call.arguments[call.arguments.length - 1]);
    }
    if (!fn || !fn.params[0]) return;
    const handler = this.addHandler('fastify-websocket', 'connection', fn, call, undefined);
    // Before v10 the first parameter was a SocketStream whose `.socket` is the ws socket.
    const path = this.paramIsUsedAs(fn.params[0], 'socket') ? ['socket'] : [];
    this.addParamSocket(handler, 'fastify-websocket', fn.params[0], path);
    this.setParamRequest(handler, fn.params[1], []);
  }

  /** `Bun.serve({ websocket: { open(ws) … } })`. */
  private recogniseRuntimeCall(call: TSESTree.CallExpression): void {
    const origin = this.resolver.origin(call.callee);
    if (origin?.kind !== 'global' || origin.path.join('.') !== 'Bun.serve') return;
    const options = this.resolver.objectLiteral(call.arguments[0]);
    const websocket = options && this.resolver.objectLiteral(findProperty(options, 'websocket')?.value);
    if (websocket) this.recogniseHookObject('bun', websocket, call);
    if (websocket && options) this.setBunRequest(options, call);
  }

  /** Bun (§11): every hook's request is `fetch(req, server)`'s `req`, which `server.upgrade(req)` upgraded. */
  private setBunRequest(serveOptions: TSESTree.ObjectExpression, registration: Node): void {
    const fetchFn = this.resolver.functionOf(findProperty(serveOptions, 'fetch')?.value);
    if (!fetchFn || fetchFn.params.length < 2) return;
    for (const handler of this.out.handlers) {
      if (handler.framework === 'bun' && handler.registration === registration) this.setParamRequest(handler, fetchFn.params[0], []);
    }
  }

  private recogniseBunDefaultExport(node: TSESTree.ExportDefaultDeclaration): void {
    const object = this.resolver.objectLiteral(node.declaration as Node);
    if (!object || !findProperty(object, 'fetch')) return;
    const websocket = this.resolver.objectLiteral(findProperty(object, 'websocket')?.value);
    if (websocket) this.recogniseHookObject('bun', websocket, node);
    if (websocket) this.setBunRequest(object, node);
  }

  /** Hono: `upgradeWebSocket((c) => ({ onOpen(evt, ws) … }))` or `upgradeWebSocket(c, { … })`. */
  private recogniseHonoUpgrade(call: TSESTree.CallExpression): void {
    const factory = this.resolver.functionOf(call.arguments[0]);
    const objects = factory ? returnedObjects(factory) : [this.resolver.objectLiteral(call.arguments[1])].filter((o) => !!o);
    for (const object of objects as TSESTree.ObjectExpression[]) {
      // One events object serves one connection at a time: its callbacks share one socket.
      const hooks: { handler: HandlerFact; param: Node | undefined }[] = [];
      for (const name of HONO_EVENT_METHODS) {
        const prop = findProperty(object, name);
        const fn = prop && this.resolver.functionOf(prop.value);
        if (!fn) continue;
        const handler = this.addHandler('hono', 'hook', fn, call, name);
        hooks.push({ handler, param: fn.params[1] });
        if (factory?.params[0]) this.setParamRequest(handler, factory.params[0], []);
        else if (call.arguments[0] && !factory) {
          handler.request = { framework: 'hono', node: call.arguments[0], access: this.expressionAccess(call.arguments[0]) };
        }
      }
      this.shareSocket('hono', hooks, []);
    }
  }

  /** Deno: `const { socket, response } = Deno.upgradeWebSocket(req)`. */
  private recogniseDenoUpgrade(call: TSESTree.CallExpression): void {
    const parent = this.parents.get(call);
    const fn = this.out.index.enclosingFunction(call);
    let accesses: Access[] = [];
    let node: Node = call;
    if (parent?.type === 'VariableDeclarator' && parent.init === call) {
      if (parent.id.type === 'ObjectPattern') {
        const prop = parent.id.properties.find((p) => p.type === 'Property' && keyName(p) === 'socket') as TSESTree.Property | undefined;
        if (prop && prop.value.type === 'Identifier') {
          const access = this.paramAccess(prop.value, []);
          if (access) accesses = [access];
          node = prop.value;
        }
      } else if (parent.id.type === 'Identifier') {
        const access = this.paramAccess(parent.id, ['socket']);
        if (access) accesses = [access];
        node = parent.id;
      }
    }
    const handler = fn ? this.addHandler('deno', 'connection', fn, call, undefined) : undefined;
    const socket = this.addSocket({ framework: 'deno', role: 'server-side', node, accesses, handler });
    if (handler) {
      handler.socket = socket;
      if (call.arguments[0]) handler.request = { framework: 'deno', node: call.arguments[0], access: this.expressionAccess(call.arguments[0]) };
    }
  }

  /** graphql-ws `useServer({ onConnect(ctx) … }, wss)`: the socket is `ctx.extra.socket`. */
  private recogniseGraphqlWs(call: TSESTree.CallExpression): void {
    const server = this.serverOf(call.arguments[1]);
    if (server) (server as { wrappedBy: FrameworkId | undefined }).wrappedBy = 'graphql-ws';
    const options = this.resolver.objectLiteral(call.arguments[0]);
    if (!options) return;
    const hooks: { handler: HandlerFact; param: Node | undefined }[] = [];
    for (const name of GRAPHQL_WS_CONTEXT_CALLBACKS) {
      const prop = findProperty(options, name);
      const fn = prop && this.resolver.functionOf(prop.value);
      if (!fn || !fn.params[0]) continue;
      const handler = this.addHandler('graphql-ws', 'hook', fn, call, name);
      hooks.push({ handler, param: fn.params[0] });
      this.setParamRequest(handler, fn.params[0], ['extra', 'request']);
    }
    // Every callback of one server's options sees the same connection's `ctx.extra.socket`.
    this.shareSocket('graphql-ws', hooks, ['extra', 'socket']);
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

  // ---------------------------------------------------------------- declarative hooks

  /** An object of per-socket hooks (uWS behaviour, Bun `websocket`): the socket is each hook's first parameter. */
  private recogniseHookObject(framework: 'uws' | 'bun', object: TSESTree.ObjectExpression, registration: Node): void {
    const names = SOCKET_HOOK_METHODS[framework] ?? [];
    const hooks: HandlerFact[] = [];
    const accesses: Access[] = [];
    let first: Node | undefined;
    for (const name of names) {
      const prop = findProperty(object, name);
      const fn = prop && this.resolver.functionOf(prop.value);
      if (!fn || !fn.params[0]) continue;
      hooks.push(this.addHandler(framework, 'hook', fn, registration, name));
      const access = this.paramAccess(fn.params[0], []);
      if (access) accesses.push(access);
      first ??= fn.params[0];
    }
    if (!first) return;
    const socket = this.addSocket({ framework, role: 'server-side', node: first, accesses, handler: hooks[0] });
    for (const hook of hooks) hook.socket = socket;
  }

  private recogniseClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): void {
    const isGateway = (node.decorators ?? []).some((decorator) => {
      const expr = unwrap(decorator.expression);
      const callee = expr.type === 'CallExpression' ? expr.callee : expr;
      const denotation = this.resolver.denote(callee);
      return denotation?.role === 'gateway-decorator' || isIdentifier(callee, 'WebSocketGateway');
    });
    const methods = new Map<string, FunctionNode>();
    for (const member of node.body.body) {
      if ((member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && member.value && isFunction(member.value)) {
        const name = keyName(member);
        if (name !== undefined) methods.set(name, member.value);
      }
    }
    if (isGateway) {
      this.recogniseClassHooks('nestjs', node, methods);
      for (const fn of methods.values()) {
        for (const param of fn.params) {
          const decorated = (param.decorators ?? []).some((d) => {
            const expr = unwrap(d.expression);
            const callee = expr.type === 'CallExpression' ? expr.callee : expr;
            return this.resolver.denote(callee)?.role === 'connected-socket-decorator' || isIdentifier(callee, 'ConnectedSocket');
          });
          if (decorated) {
            const handler = this.addHandler('nestjs', 'hook', fn, node, undefined);
            const target = param.type === 'TSParameterProperty' ? param.parameter : param;
            this.addParamSocket(handler, 'nestjs', target, []);
          }
        }
      }
      return;
    }
    // Cloudflare Durable Object hibernation API (§13): a class that extends `DurableObject`, or
    // (older Durable Objects extend nothing) a class in a file that shows Cloudflare's WebSocket
    // API: a `cloudflare:workers` import, a `WebSocketPair`, or `acceptWebSocket(ws)`.
    const extendsDurableObject = !!node.superClass && this.resolver.denote(node.superClass)?.role === 'durable-object-class';
    const hasHooks = (SOCKET_HOOK_METHODS.cloudflare ?? []).some((name) => methods.has(name));
    if (hasHooks && (extendsDurableObject || this.frameworksInFile.has('cloudflare') || this.fileCallsAcceptWebSocket())) {
      this.recogniseClassHooks('cloudflare', node, methods);
    }
  }

  private fileCallsAcceptWebSocket(): boolean {
    return this.found.calls.some((call) => {
      const method = calledMethod(call);
      return !!method && PAIR_ACCEPTING_CALLS.has(method.name);
    });
  }

  private recogniseClassHooks(framework: 'nestjs' | 'cloudflare', node: Node, methods: Map<string, FunctionNode>): void {
    const hooks: HandlerFact[] = [];
    const accesses: Access[] = [];
    let first: Node | undefined;
    for (const name of SOCKET_HOOK_METHODS[framework] ?? []) {
      const fn = methods.get(name);
      if (!fn || !fn.params[0]) continue;
      hooks.push(this.addHandler(framework, 'hook', fn, node, name));
      const access = this.paramAccess(fn.params[0], []);
      if (access) accesses.push(access);
      first ??= fn.params[0];
    }
    if (!first) return;
    const socket = this.addSocket({ framework, role: 'server-side', node: first, accesses, handler: hooks[0] });
    for (const hook of hooks) hook.socket = socket;
  }

  /** koa-easy-ws: `const ws = await ctx.ws()`. */
  private recogniseKoaEasyWs(node: TSESTree.AwaitExpression): void {
    const call = unwrap(node.argument);
    if (call.type !== 'CallExpression' || call.arguments.length !== 0) return;
    const method = calledMethod(call);
    if (!method || method.name !== 'ws' || method.object.type !== 'Identifier') return;
    if (!this.fileImports(KOA_MODULES) && !/^(?:ctx|context)$/.test(method.object.name)) return;
    const fn = this.out.index.enclosingFunction(node);
    const handler = fn ? this.addHandler('koa-easy-ws', 'connection', fn, node, undefined) : undefined;
    const socket = this.addSocket({
      framework: 'koa-easy-ws',
      role: 'server-side',
      node,
      accesses: this.accessesOfValue(node),
      handler,
    });
    if (handler) {
      handler.socket = socket;
      handler.request = { framework: 'koa-easy-ws', node: method.object, access: this.expressionAccess(method.object) };
    }
  }

  /** Cloudflare: `const [client, server] = Object.values(new WebSocketPair())`. */
  private recogniseWebSocketPair(node: TSESTree.NewExpression): void {
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
    if (patterns.length > 0) this.frameworksInFile.add('cloudflare');
    for (const pattern of patterns) {
      const ends = pattern.elements.filter((element): element is TSESTree.Identifier => element?.type === 'Identifier');
      // The Worker's own end is the accepted one; failing that, every end not sent to the client.
      const accepted = ends.filter((end) => this.pairEndIs(end, 'accepted'));
      const served = accepted.length > 0 ? accepted : ends.filter((end) => !this.pairEndIs(end, 'sent-to-client'));
      for (const element of served) {
        const access = this.paramAccess(element, []);
        this.addSocket({
          framework: 'cloudflare',
          role: 'server-side',
          node: element,
          accesses: access ? [access] : [],
          handler: undefined,
        });
      }
    }
  }

  /** Whether a `WebSocketPair` end is `accept()`ed / passed to `acceptWebSocket`, or put in a 101 `Response`. */
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

  private addUpgradeHandler(call: TSESTree.CallExpression, fn: FunctionNode): void {
    const handler = this.addHandler('node-upgrade', 'upgrade', fn, call, undefined);
    const [request, socket] = fn.params;
    if (socket) this.addParamSocket(handler, 'node-upgrade', socket, [], 'raw-upgrade');
    if (request) this.setParamRequest(handler, request, []);
    // `req.socket` (and the deprecated `req.connection`) is the very same raw socket.
    if (request && handler.socket) {
      for (const path of [['socket'], ['connection']]) {
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
  private isNodeHttpServer(receiver: Node, fn: FunctionNode): boolean {
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
    return [...this.out.modules].some((m) => HTTP_SERVER_MODULES.includes(m)) || this.frameworksInFile.has('ws');
  }

  // ---------------------------------------------------------------- what is a server?

  /** The server fact an expression refers to, if we created it in this file. */
  private serverOf(expr: Node | undefined): ServerFact | undefined {
    if (!expr) return undefined;
    const node = unwrap(expr);
    return this.out.servers.find((server) => server.node === node || (server.access && this.matchesAccess(node, server.access)));
  }

  /** Which framework's server an expression is: created here, annotated, named, or a namespace of one. */
  private serverFramework(expr: Node, depth = 0): FrameworkId | undefined {
    const node = unwrap(expr);
    const server = this.serverOf(node);
    if (server) return server.framework;
    if (node.type === 'CallExpression') {
      // socket.io `io.of('/ns')`, express-ws `expressWs(app).getWss()`.
      const method = calledMethod(node);
      if (method?.name === 'of') return this.serverFramework(method.object, depth) === 'socket.io' ? 'socket.io' : undefined;
      if (method?.name === 'getWss' && (this.frameworksInFile.has('express-ws') || this.frameworksInFile.has('ws'))) return 'ws';
      return undefined;
    }
    if (node.type === 'MemberExpression' && propertyName(node) === 'sockets') {
      return this.serverFramework(node.object, depth) === 'socket.io' ? 'socket.io' : undefined;
    }
    if (node.type === 'Identifier' && depth < 4) {
      // A `const` alias of a namespace or server: `const chat = io.of('/chat')`.
      const variable = this.resolver.variable(node);
      const value = variable && this.resolver.singleValue(variable);
      const viaValue = value && this.serverFramework(value, depth + 1);
      if (viaValue) return viaValue;
    }
    const typed = this.annotatedRole(node);
    if (typed?.role === 'server-type' || typed?.role === 'server-class') return typed.framework;
    const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' ? propertyName(node) : undefined;
    if (name === undefined) return undefined;
    // A server created in another module: trust a telling name only next to the library's import.
    for (const [framework, pattern] of Object.entries(SERVER_NAME_HINTS) as [FrameworkId, RegExp][]) {
      if (pattern.test(name) && this.frameworksInFile.has(framework) && !this.isLocallyCreatedOther(node)) return framework;
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
    const variable = this.resolver.variable(node);
    const declared = variable?.identifiers[0];
    const annotation = declared?.typeAnnotation?.typeAnnotation;
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
    const existing = this.out.sockets.find((s) => s.node === fact.node);
    if (existing) return existing;
    const socket: SocketFact = { ...fact, errorBehaviour: errorBehaviourOf(fact.framework, fact.role) };
    this.out.sockets.push(socket);
    return socket;
  }

  private addParamSocket(handler: HandlerFact, framework: FrameworkId, param: Node, path: readonly string[], role: SocketRole = 'server-side'): void {
    if (handler.socket) return;
    const access = this.paramAccess(param, path);
    handler.socket = this.addSocket({ framework, role, node: param, accesses: access ? [access] : [], handler });
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
    while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression')) {
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
      if (left.type === 'MemberExpression' && left.object.type === 'ThisExpression') {
        const name = propertyName(left);
        const classNode = enclosingClass(left, this.parents);
        return name !== undefined && classNode ? [{ kind: 'this-member', classNode, name }] : [];
      }
    }
    if (parent?.type === 'PropertyDefinition' && parent.value === node) {
      const name = keyName(parent);
      const classNode = enclosingClass(parent, this.parents);
      return name !== undefined && classNode ? [{ kind: 'this-member', classNode, name }] : [];
    }
    return [];
  }

  private matchesAccess(node: Node, access: Access): boolean {
    if (access.kind === 'variable') {
      return access.path.length === 0 && node.type === 'Identifier' && this.resolver.variable(node) === access.variable;
    }
    return node.type === 'MemberExpression' && node.object.type === 'ThisExpression' && propertyName(node) === access.name && enclosingClass(node, this.parents) === access.classNode;
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

function errorBehaviourOf(framework: FrameworkId, role: SocketRole): SocketFact['errorBehaviour'] {
  // A ws client created in a browser bundle through isomorphic-ws is still the ws class in Node.
  if (role === 'client' && framework === 'ws') return 'crashes';
  return FRAMEWORKS[framework].socketErrors;
}

/** Where a ws server gets its connections from (§1: exactly one of port / server / noServer). */
function serverAttachment(framework: FrameworkId, options: TSESTree.ObjectExpression | undefined): ServerFact['attachment'] {
  // socket.io servers go through Recogniser#socketIoAttachment; no other framework has server facts.
  if (framework !== 'ws') return 'unknown';
  if (!options) return 'unknown';
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
