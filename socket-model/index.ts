/**
 * The socket model: one analysis of a file's WebSocket code, shared by every rule and codemod.
 *
 * Entry points:
 * - `getSocketModel(sourceCode)` inside ESLint rules (cached per file, so eight rules cost one
 *   analysis);
 * - `buildSocketModel({ ast, scopeManager, text })` anywhere else (codemods parse with
 *   typescript-estree and run `@typescript-eslint/scope-manager`'s `analyze`).
 *
 * A file whose text shows no sign of a WebSocket API gets the empty model after one regular
 * expression test, before any per-node work.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { analyze } from './analyze.js';
import { enclosingFunction, type Node } from './ast.js';
import { EVIDENCE_PATTERN } from './frameworks.js';
import type { ScopeManagerLike } from './resolve.js';
import type { ServerFact, SocketFact, SocketModel, SocketUse } from './types.js';
import { socketEventHandlers } from './events.js';
import { UseCollector, asyncBoundaryBeforeHandOver } from './uses.js';

export * from './types.js';
export { FRAMEWORKS, type FrameworkId, type ErrorBehaviour, type SocketEventKind } from './frameworks.js';
export type { SocketEventHandler } from './events.js';
export type { Resolver } from './resolve.js';
export { planListenerInsertion } from './fix-plans.js';

export interface ModelInput {
  readonly ast: TSESTree.Program;
  readonly scopeManager: ScopeManagerLike | null;
  readonly text: string;
}

const EMPTY_MODEL: SocketModel = Object.freeze({
  hasEvidence: false,
  program: undefined,
  nodes: [],
  resolver: undefined,
  handlersOf: () => [],
  libraries: [],
  servers: [],
  sockets: [],
  handlers: [],
  usesOf: () => [],
  usesOfServer: () => [],
  parentOf: () => undefined,
  enclosingFunction: () => undefined,
  asyncBoundaryBeforeHandOver: () => undefined,
});

/** True when the text mentions a WebSocket API we know; false proves the file has none. */
export function hasWebSocketEvidence(text: string): boolean {
  return EVIDENCE_PATTERN.test(text);
}

export function buildSocketModel(input: ModelInput): SocketModel {
  if (!input.scopeManager || !hasWebSocketEvidence(input.text)) return EMPTY_MODEL;
  const analysis = analyze({ ast: input.ast, scopeManager: input.scopeManager });
  const socketUses = new Map<SocketFact, readonly SocketUse[]>();
  const serverUses = new Map<ServerFact, readonly SocketUse[]>();
  return {
    hasEvidence: true,
    libraries: analysis.libraries,
    servers: analysis.servers,
    sockets: analysis.sockets,
    handlers: analysis.handlers,
    usesOf(socket) {
      let uses = socketUses.get(socket);
      if (!uses) {
        const collector = new UseCollector(analysis.resolver, analysis.parents);
        if (isCreatingExpression(socket.node)) collector.collectExpression(socket.node);
        else for (const access of socket.accesses) collector.collect(access);
        uses = collector.uses;
        socketUses.set(socket, uses);
      }
      return uses;
    },
    usesOfServer(server) {
      let uses = serverUses.get(server);
      if (!uses) {
        uses = new UseCollector(analysis.resolver, analysis.parents).collectExpression(server.node).uses;
        serverUses.set(server, uses);
      }
      return uses;
    },
    program: input.ast,
    nodes: analysis.nodes,
    resolver: analysis.resolver,
    handlersOf(socket, kind) {
      return socketEventHandlers(socket, kind, this.usesOf(socket), analysis.handlers, analysis.resolver, analysis.parents);
    },
    parentOf: (node: Node) => analysis.parents.get(node),
    enclosingFunction: (node: Node) => enclosingFunction(node, analysis.parents),
    asyncBoundaryBeforeHandOver(socket) {
      const fn = socket.handler?.fn;
      return fn ? asyncBoundaryBeforeHandOver(fn, this.usesOf(socket), analysis.parents) : undefined;
    },
  };
}

/** Sockets introduced by an expression (`new WebSocket()`, `await ctx.ws()`) rather than a parameter. */
function isCreatingExpression(node: Node): boolean {
  return node.type === 'NewExpression' || node.type === 'AwaitExpression' || node.type === 'CallExpression';
}

interface SourceCodeLike {
  readonly ast: TSESTree.Program;
  readonly text: string;
  readonly scopeManager: unknown;
}

const modelCache = new WeakMap<object, SocketModel>();

/** The model of the file an ESLint rule is looking at; computed once per file for all rules. */
export function getSocketModel(sourceCode: SourceCodeLike): SocketModel {
  let model = modelCache.get(sourceCode.ast);
  if (!model) {
    model = buildSocketModel({
      ast: sourceCode.ast,
      scopeManager: sourceCode.scopeManager as ScopeManagerLike | null,
      text: sourceCode.text,
    });
    modelCache.set(sourceCode.ast, model);
  }
  return model;
}
