/**
 * Test helpers for the socket model: parse a snippet the way the plugin's two hosts do (the
 * typescript-eslint parser + scope manager, and ESLint's default espree + eslint-scope), build
 * the model, and summarise its facts as plain data that tests can compare exactly.
 */
import { analyze as analyzeTs } from '@typescript-eslint/scope-manager';
import { parse as parseTs } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import * as eslintScope from 'eslint-scope';
import * as espree from 'espree';
import { expect } from 'vitest';

import {
  buildSocketModel,
  type Access,
  type HandlerFact,
  type ServerFact,
  type SocketFact,
  type SocketModel,
  type SocketUse,
} from '../../facts/index.js';
import type { ScopeManagerLike } from '../../facts/resolve.js';

export interface Parsed {
  readonly model: SocketModel;
  readonly text: string;
  readonly ast: TSESTree.Program;
}

export type Filename = `${string}.${'ts' | 'tsx' | 'mts' | 'cts' | 'js' | 'jsx' | 'mjs' | 'cjs'}`;

type Lib = NonNullable<NonNullable<Parameters<typeof analyzeTs>[1]>['lib']>[number];

export interface TsOptions {
  readonly filename?: Filename;
  /** TS libs for the scope manager (typescript-eslint's `lib`); `dom` declares `WebSocket` as a lib global. */
  readonly lib?: Lib[];
}

/** Parses with typescript-estree (JSX on for .tsx/.jsx) and analyses scopes as a module. */
export function parseTsModel(code: string, options: TsOptions = {}): Parsed {
  const filename = options.filename ?? 'file.ts';
  const ast = parseTs(code, { range: true, loc: true, jsx: /\.[jt]sx$/.test(filename), comment: false });
  const scopeManager = analyzeTs(ast, { sourceType: 'module', ...(options.lib ? { lib: options.lib } : {}) });
  return { model: buildSocketModel({ ast, scopeManager, text: code, typescript: /\.[cm]?tsx?$/.test(filename) }), text: code, ast };
}

/**
 * Parses with espree and analyses with eslint-scope, with the options ESLint itself passes for a
 * flat-config JS file (`ecmaVersion: 'latest'`, `ignoreEval`). `sourceType: 'commonjs'` is what
 * ESLint uses for .cjs files (a function scope around the file).
 */
export function parseEspreeModel(
  code: string,
  sourceType: 'module' | 'commonjs' | 'script' = 'module',
  /** Configured globals (`languageOptions.globals`), declared the way ESLint does it. */
  globals: readonly string[] = [],
): Parsed {
  const ast = espree.parse(code, {
    ecmaVersion: 'latest',
    sourceType,
    range: true,
    loc: true,
  }) as unknown as TSESTree.Program;
  const scopeManager = eslintScope.analyze(ast as never, {
    ignoreEval: true,
    ecmaVersion: espree.latestEcmaVersion + 2009,
    sourceType,
    nodejsScope: sourceType === 'commonjs',
  });
  if (globals.length > 0) scopeManager.addGlobals([...globals]);
  return {
    model: buildSocketModel({ ast, scopeManager: scopeManager as unknown as ScopeManagerLike, text: code }),
    text: code,
    ast,
  };
}

/** The model of a TypeScript snippet (the default host for these tests). */
export function modelOf(code: string, options: TsOptions = {}): SocketModel {
  return parseTsModel(code, options).model;
}

/** A binding's name (without its type annotation), or the node's source text. */
export function nameOf(text: string, node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Identifier') return node.name;
  return textOf(text, node);
}

export function textOf(text: string, node: { range: readonly [number, number] } | undefined): string | undefined {
  return node ? text.slice(node.range[0], node.range[1]) : undefined;
}

export interface SocketSummary {
  framework: SocketFact['framework'];
  role: SocketFact['role'];
  name: string | undefined;
  errorBehaviour: SocketFact['errorBehaviour'];
}

export function socketsOf({ model, text }: Parsed): SocketSummary[] {
  return model.sockets.map((s) => ({ framework: s.framework, role: s.role, name: nameOf(text, s.node), errorBehaviour: s.errorBehaviour }));
}

export interface HandlerSummary {
  framework: HandlerFact['framework'];
  kind: HandlerFact['kind'];
  hookName: string | undefined;
  socket: string | undefined;
  request: string | undefined;
}

export function handlersOf({ model, text }: Parsed): HandlerSummary[] {
  return model.handlers.map((h) => ({
    framework: h.framework,
    kind: h.kind,
    hookName: h.hookName,
    socket: nameOf(text, h.socket?.node),
    request: nameOf(text, h.request?.node),
  }));
}

export interface ServerSummary {
  framework: ServerFact['framework'];
  attachment: ServerFact['attachment'];
  node: string | undefined;
  access: string | undefined;
  wrappedBy: ServerFact['wrappedBy'];
}

export function serversOf({ model, text }: Parsed): ServerSummary[] {
  return model.servers.map((s) => ({
    framework: s.framework,
    attachment: s.attachment,
    node: textOf(text, s.node),
    access: s.access ? describeAccess(s.access) : undefined,
    wrappedBy: s.wrappedBy,
  }));
}

/** `ctx.websocket` for a variable access with a path, `this.ws` for a class member. */
export function describeAccess(access: Access): string {
  if (access.kind === 'this-member') return `this.${access.name}`;
  return [access.variable.name, ...access.path].join('.');
}

/** The request fact of each handler, as `<node text> via <access>`. */
export function requestAccessesOf({ model }: Parsed): (string | undefined)[] {
  return model.handlers.map((h) => (h.request?.access ? describeAccess(h.request.access) : undefined));
}

export function socketAccessesOf({ model }: Parsed): string[][] {
  return model.sockets.map((s) => s.accesses.map(describeAccess));
}

/** No socket, server or handler facts at all. */
export function isEmpty(model: SocketModel): boolean {
  return model.sockets.length === 0 && model.servers.length === 0 && model.handlers.length === 0;
}

export interface UseSummary {
  kind: SocketUse['kind'];
  /** The event for listeners, the method or property name otherwise. */
  detail: string | undefined;
  text: string | undefined;
}

/** The socket's uses in source order (the model's own order follows its traversal, not the text). */
export function usesSummary(parsed: Parsed, socket: SocketFact): UseSummary[] {
  return [...parsed.model.usesOf(socket)].sort((a, b) => a.node.range[0] - b.node.range[0]).map((use) => ({
    kind: use.kind,
    detail: use.kind === 'listener' ? use.event : use.kind === 'method-call' || use.kind === 'property' ? use.name : undefined,
    text: textOf(parsed.text, use.node),
  }));
}

/** The events of the socket's listeners, in source order. */
export function listenerEvents(parsed: Parsed, socket: SocketFact): string[] {
  return parsed.model
    .usesOf(socket)
    .filter((use): use is Extract<SocketUse, { kind: 'listener' }> => use.kind === 'listener')
    .sort((a, b) => a.node.range[0] - b.node.range[0])
    .map((use) => use.event);
}

/** The only socket of a model; fails the test when there is not exactly one. */
export function onlySocket(model: SocketModel): SocketFact {
  if (model.sockets.length !== 1) throw new Error(`expected exactly one socket, found ${model.sockets.length}`);
  return model.sockets[0]!;
}

/**
 * Asserts that a snippet yields no server, socket or handler facts, after checking that the text
 * does pass the evidence pre-filter (so it is the recognisers, not the regular expression, that
 * reject it).
 */
export function expectNoFacts(parsed: Parsed): void {
  expect(parsed.model.hasEvidence, 'the snippet should reach the recognisers').toBe(true);
  expect({ servers: serversOf(parsed), sockets: socketsOf(parsed), handlers: handlersOf(parsed) }).toEqual({
    servers: [],
    sockets: [],
    handlers: [],
  });
}
