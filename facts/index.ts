/**
 * The socket model: the facts of one file's WebSocket code. It is the first of three layers:
 *
 * - facts (this folder): what the file contains: libraries, servers, sockets, connection
 *   handlers and their requests, how each socket is used; topic modules derive resources,
 *   request lifetimes, message work, sends, liveness and reconnects from it;
 * - checks (../checks): one pure function per rule from facts and options to findings, each with
 *   the plans that fix it;
 * - fixes (../fixes): the plans, and the engine that fits them into the file and composes them.
 *
 * Entry points:
 * - `getSocketModel(sourceCode, filename)` inside ESLint rules (cached per file, so eight rules
 *   cost one analysis);
 * - `buildSocketModel({ ast, scopeManager, text })` anywhere else, or `factsOfText` (parse.ts),
 *   which parses with typescript-estree and `@typescript-eslint/scope-manager` first.
 *
 * A file whose text shows no sign of a WebSocket API gets the empty model after one regular
 * expression test (shapes.ts `EVIDENCE_PATTERN`), before any per-node work.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { analyze } from './recognise.js';
import { calledMethod, isIdentifier, propertyName, unwrap, type FunctionNode, type Node } from './ast.js';
import { EVIDENCE_OR_SEND, EVIDENCE_PATTERN, SEND_CALL_EVIDENCE, SOCKET_USE_EVIDENCE } from './shapes.js';
import { FACTORY_MODULES } from './owners-data.js';
import { NodeIndex, type TraversalStep } from './node-index.js';
import type { ScopeManagerLike } from './resolve.js';
import type { HandlerFact, ModelSettings, ProjectKnowledge, ServerFact, SocketFact, SocketModel, SocketUse, SocketUseIndex } from './types.js';
import { socketEventHandlers } from './events.js';
import { UseCollector, asyncBoundaryBeforeHandOver } from './uses.js';

export * from './types.js';
export { ownsLifecycle, suspensionsIn } from './uses.js';
export { FRAMEWORKS, type FrameworkId, type ErrorBehaviour, type SocketEventKind } from './frameworks.js';
export type { SocketEventHandler } from './events.js';
export type { Resolver } from './resolve.js';
export type { NodeIndex } from './node-index.js';

export interface ModelInput {
  readonly ast: TSESTree.Program;
  readonly scopeManager: ScopeManagerLike | null;
  readonly text: string;
  /** A TypeScript file (fixes may then write type annotations). */
  readonly typescript?: boolean;
  /** What the rest of the project says about the file's imports (outside ESLint only). */
  readonly project?: ProjectKnowledge;
  /** ESLint's `settings.websocket` (or the same given to a codemod). */
  readonly settings?: ModelSettings;
  /**
   * ESLint's own traversal of the file (`SourceCode#traverse()`), read instead of walking again;
   * a function, so that files without WebSocket evidence never ask for it.
   */
  readonly traversal?: () => Iterable<TraversalStep>;
}

const EMPTY_INDEX = new NodeIndex({ type: 'Program', body: [], sourceType: 'module', comments: [], range: [0, 0] } as never, () => {});

const EMPTY_USE_INDEX: SocketUseIndex = { methodCalls: new Set(), methodNames: new Set(), listeners: new Set(), nodes: new Set(), byStart: [] };

const EMPTY_MODEL: SocketModel = Object.freeze({
  hasEvidence: false,
  hasSocketFacts: false,
  text: '',
  typescript: false,
  settings: {},
  comments: [],
  program: undefined,
  index: EMPTY_INDEX,
  nodes: [],
  parents: EMPTY_INDEX.parents,
  resolver: undefined,
  thisOwners: undefined,
  handlersOf: () => [],
  libraries: [],
  servers: [],
  sockets: [],
  handlers: [],
  usesOf: () => [],
  useIndexOf: () => EMPTY_USE_INDEX,
  usesOfServer: () => [],
  handlersOfSocket: () => [],
  serverListenedBy: () => undefined,
  parentOf: () => undefined,
  enclosingFunction: () => undefined,
  asyncBoundaryBeforeHandOver: () => undefined,
  identifiersNamed: () => [],
  declaringScopeBlock: () => undefined,
  returnValueIgnored: () => false,
});

/** True when the text mentions a WebSocket API we know; false proves the file has none. */
export function hasWebSocketEvidence(text: string): boolean {
  if (!EVIDENCE_OR_SEND.test(text)) return false;
  return EVIDENCE_PATTERN.test(text) || (SEND_CALL_EVIDENCE.test(text) && SOCKET_USE_EVIDENCE.every((pattern) => pattern.test(text)));
}

export function buildSocketModel(input: ModelInput): SocketModel {
  const imported = input.project?.importedServers ?? [];
  if (!input.scopeManager || (imported.length === 0 && !hasWebSocketEvidence(input.text))) return EMPTY_MODEL;
  const analysis = analyze({ ast: input.ast, scopeManager: input.scopeManager, text: input.text, importedServers: imported, ...(input.traversal ? { traversal: input.traversal() } : {}) });
  const { index, resolver, thisOwners } = analysis;
  const socketUses = new Map<SocketFact, readonly SocketUse[]>();
  const serverUses = new Map<ServerFact, readonly SocketUse[]>();
  const useIndexes = new Map<SocketFact, SocketUseIndex>();
  const handlerFns = new Set<Node>(analysis.handlers.map((handler) => handler.fn));
  let handlersBySocket: Map<SocketFact, HandlerFact[]> | undefined;
  let serverByListener: Map<Node, ServerFact> | undefined;
  return {
    hasEvidence: true,
    hasSocketFacts:
      analysis.libraries.length > 0 ||
      analysis.servers.length > 0 ||
      analysis.sockets.length > 0 ||
      analysis.handlers.length > 0 ||
      // Client factories (`io(url)`) are found by the owner analysis, on demand: their module named is enough.
      FACTORY_MODULES.some((module) => input.text.includes(module)),
    text: input.text,
    typescript: input.typescript ?? false,
    settings: input.settings ?? {},
    comments: input.ast.comments ?? [],
    libraries: analysis.libraries,
    servers: analysis.servers,
    sockets: analysis.sockets,
    handlers: analysis.handlers,
    usesOf(socket) {
      let uses = socketUses.get(socket);
      if (!uses) {
        const collector = new UseCollector(resolver, index, thisOwners);
        if (isCreatingExpression(socket.node)) collector.collectExpression(socket.node);
        else for (const access of socket.accesses) collector.collect(access);
        uses = collector.finish();
        socketUses.set(socket, uses);
      }
      return uses;
    },
    useIndexOf(socket) {
      let indexed = useIndexes.get(socket);
      if (!indexed) {
        const uses = this.usesOf(socket);
        const methodCalls = uses.filter((use): use is Extract<SocketUse, { kind: 'method-call' }> => use.kind === 'method-call');
        indexed = {
          methodCalls: new Set(methodCalls.map((use) => use.node)),
          methodNames: new Set(methodCalls.map((use) => use.name)),
          listeners: new Set(uses.filter((use) => use.kind === 'listener').map((use) => use.node)),
          nodes: new Set(uses.map((use) => use.node)),
          byStart: uses.map((use) => use.node).sort((a, b) => a.range[0] - b.range[0]),
        };
        useIndexes.set(socket, indexed);
      }
      return indexed;
    },
    usesOfServer(server) {
      let uses = serverUses.get(server);
      if (!uses) {
        uses = new UseCollector(resolver, index, thisOwners).collectExpression(server.node).uses;
        serverUses.set(server, uses);
      }
      return uses;
    },
    program: input.ast,
    index,
    // A getter: the index lists the nodes only when an analysis first asks (node-index.ts).
    get nodes() {
      return index.nodes;
    },
    parents: index.parents,
    resolver,
    thisOwners,
    handlersOf(socket, kind) {
      return socketEventHandlers(socket, kind, this.usesOf(socket), this.handlersOfSocket(socket), resolver, thisOwners);
    },
    handlersOfSocket(socket) {
      // Grouped once: a file with many sockets asked every handler of the file for each.
      handlersBySocket ??= groupBySocket(analysis.handlers);
      return handlersBySocket.get(socket) ?? [];
    },
    serverListenedBy(registration) {
      if (!serverByListener) {
        serverByListener = new Map();
        for (const server of analysis.servers) {
          for (const use of this.usesOfServer(server)) if (use.kind === 'listener' && !serverByListener.has(use.node)) serverByListener.set(use.node, server);
        }
      }
      return serverByListener.get(registration);
    },
    parentOf: (node: Node) => index.parents.get(node),
    enclosingFunction: (node: Node) => index.enclosingFunction(node),
    asyncBoundaryBeforeHandOver(socket) {
      const fn = socket.handler?.fn;
      const called = (callee: Node) => resolver.functionOf(callee) ?? thisOwners.methodAt(callee);
      return fn ? asyncBoundaryBeforeHandOver(fn, this.usesOf(socket), index, called) : undefined;
    },
    identifiersNamed: (name: string) => index.identifiersNamed(name),
    declaringScopeBlock(identifier: Node) {
      if (identifier.type !== 'Identifier') return undefined;
      const variable = resolver.variable(identifier);
      return variable?.identifiers.includes(identifier) ? (variable.scope.block as Node) : undefined;
    },
    returnValueIgnored: (fn: FunctionNode) => handlerFns.has(fn) || isIgnoringCallback(fn, index),
  };
}

function groupBySocket(handlers: readonly HandlerFact[]): Map<SocketFact, HandlerFact[]> {
  const grouped = new Map<SocketFact, HandlerFact[]>();
  for (const handler of handlers) {
    if (!handler.socket) continue;
    let list = grouped.get(handler.socket);
    if (!list) grouped.set(handler.socket, (list = []));
    list.push(handler);
  }
  return grouped;
}

/**
 * Calls and assignments whose callback's return value nobody reads: event listeners (`on`,
 * `addEventListener`, `onclose = …`), timers, `forEach`.
 */
const RESULT_IGNORING_CALLS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
  'forEach',
  'setInterval',
  'setTimeout',
  'setImmediate',
  'queueMicrotask',
  'nextTick',
]);

function isIgnoringCallback(fn: FunctionNode, index: NodeIndex): boolean {
  const parent = index.parents.get(fn);
  if (parent?.type === 'CallExpression' && parent.arguments.includes(fn as never)) {
    const callee = unwrap(parent.callee);
    const name = isIdentifier(callee) ? callee.name : calledMethod(parent)?.name;
    return name !== undefined && RESULT_IGNORING_CALLS.has(name);
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === fn && parent.left.type === 'MemberExpression') {
    return /^on[a-z]+$/.test(propertyName(parent.left) ?? '');
  }
  return false;
}

/** `.ts`, `.tsx`, `.mts`, `.cts` (also as virtual names such as `file.ts/0_block.ts`). */
export function isTypeScriptFile(filename: string): boolean {
  return /\.[cm]?tsx?$/.test(filename);
}

/** Sockets introduced by an expression (`new WebSocket()`, `await ctx.ws()`) rather than a parameter. */
function isCreatingExpression(node: Node): boolean {
  return node.type === 'NewExpression' || node.type === 'AwaitExpression' || node.type === 'CallExpression';
}

interface SourceCodeLike {
  readonly ast: TSESTree.Program;
  readonly text: string;
  readonly scopeManager: unknown;
  /** ESLint's traversal steps, computed once per file before rules run (absent in older ESLint 9 releases). */
  traverse?(): Iterable<TraversalStep>;
}

const modelCache = new WeakMap<object, SocketModel>();

/**
 * The model of the file an ESLint rule is looking at; computed once per file for all rules (whose
 * settings are the same: they come from the file's configuration).
 */
export function getSocketModel(sourceCode: SourceCodeLike, filename: string, settings: ModelSettings = {}): SocketModel {
  let model = modelCache.get(sourceCode.ast);
  if (!model) {
    model = buildSocketModel({
      ast: sourceCode.ast,
      scopeManager: sourceCode.scopeManager as ScopeManagerLike | null,
      text: sourceCode.text,
      typescript: isTypeScriptFile(filename),
      settings,
      ...(typeof sourceCode.traverse === 'function' ? { traversal: () => sourceCode.traverse!() } : {}),
    });
    modelCache.set(sourceCode.ast, model);
  }
  return model;
}
