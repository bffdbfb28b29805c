/**
 * The resolver fills its identifier tables a chain of scopes at a time, for the identifiers it is
 * asked about. Whatever the order of the questions, every identifier must get the answer the
 * tables of all scopes at once would give: the variable it declares or refers to, and whether it
 * is a global.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { analyze } from '@typescript-eslint/scope-manager';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as eslintScope from 'eslint-scope';
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';

import { childrenOf, type Node } from '../../facts/ast.js';
import { Resolver, type ScopeManagerLike } from '../../facts/resolve.js';
import type { Variable } from '../../facts/types.js';

const examples = path.resolve(import.meta.dirname, '../../examples');
const SOURCES = readdirSync(examples, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))
  .map((file) => readFileSync(path.join(examples, file), 'utf8'));

// Shadowing, hoisting, class and function-expression names, parameters with defaults,
// destructuring, a block-scoped loop, a catch clause and globals.
const SCOPES_SAMPLE = `
var top = 1;
function outer(a, b = top, { c } = {}) {
  if (a) { var hoisted = a; let inner = b; }
  for (let i = 0; i < 3; i++) { const top = i; setTimeout(() => top + c, i); }
  try { hoisted(); } catch (top) { console.log(top); }
  return class Named { m() { return Named; } static s = top; };
}
const f = function self(n) { return n ? self(n - 1) : outer(n); };
class Decl { static make() { return new Decl(); } }
Decl.make();
new WebSocket(location.href).send(String(f(2)));
`;

function identifiersAndParents(ast: Node): { identifiers: TSESTree.Identifier[]; parents: Map<Node, Node> } {
  const identifiers: TSESTree.Identifier[] = [];
  const parents = new Map<Node, Node>();
  const visit = (node: Node) => {
    if (node.type === 'Identifier') identifiers.push(node);
    for (const child of childrenOf(node)) {
      parents.set(child, node);
      visit(child);
    }
  };
  visit(ast);
  return { identifiers, parents };
}

/** A fixed shuffle, so that questions come from everywhere in the file in no particular order. */
function shuffled<T>(items: readonly T[]): T[] {
  const result = [...items];
  let seed = 7;
  for (let i = result.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

function expectSameAnswers(ast: Node, scopeManager: ScopeManagerLike): number {
  const referenceOf = new Map<TSESTree.Identifier, TSESLint.Scope.Reference>();
  const variableOf = new Map<TSESTree.Identifier, Variable>();
  for (const scope of scopeManager.scopes) {
    for (const reference of scope.references) referenceOf.set(reference.identifier as TSESTree.Identifier, reference);
    for (const variable of scope.variables) for (const identifier of variable.identifiers) variableOf.set(identifier as TSESTree.Identifier, variable);
  }
  const { identifiers, parents } = identifiersAndParents(ast);
  const parentOf = (node: Node) => parents.get(node);
  // One resolver asked about every identifier in a shuffled order, and a fresh one for each
  // identifier (its question the first, so the tables hold only what that question put in).
  const shared = new Resolver(scopeManager, undefined, parentOf);
  for (const identifier of shuffled(identifiers)) {
    const reference = referenceOf.get(identifier);
    const expected = variableOf.get(identifier) ?? reference?.resolved ?? undefined;
    const global = !!reference && (reference.resolved === null || reference.resolved.defs.length === 0);
    for (const resolver of [shared, new Resolver(scopeManager, undefined, parentOf)]) {
      expect(resolver.variable(identifier), `${identifier.name} at ${identifier.range[0]}`).toBe(expected);
      expect(resolver.isGlobal(identifier), `${identifier.name} at ${identifier.range[0]}`).toBe(global);
    }
  }
  return identifiers.length;
}

describe('the resolver, asked in any order', () => {
  it('answers as tables of every scope would, with typescript-eslint scopes', () => {
    let asked = 0;
    for (const text of [...SOURCES, SCOPES_SAMPLE]) {
      const ast = parse(text, { range: true }) as Node;
      asked += expectSameAnswers(ast, analyze(ast as TSESTree.Program, { sourceType: 'module' }) as unknown as ScopeManagerLike);
    }
    expect(asked).toBeGreaterThan(500);
  });

  it('answers as tables of every scope would, with eslint-scope (espree)', () => {
    const ast = espree.parse(SCOPES_SAMPLE, { range: true, ecmaVersion: 2022, sourceType: 'module' }) as unknown as Node;
    const scopeManager = eslintScope.analyze(ast as never, { ecmaVersion: 2022, sourceType: 'module' }) as unknown as ScopeManagerLike;
    expect(expectSameAnswers(ast, scopeManager)).toBeGreaterThan(40);
  });
});

// Every way a denotation flows through a binding: import, require, alias, destructuring, member,
// factory call, conditional, fallback, parameter default and reassignment, for-of, await import().
const DENOTING_SAMPLE = `
import WS, { WebSocketServer as Server } from 'ws';
const lib = require('ws');
const { WebSocketServer } = lib;
const Alias = Server;
const pick = typeof window === 'undefined' ? require('ws') : window.WebSocket;
function make(impl = require('ws'), other) { other = other || require('ws'); return [new impl.WebSocketServer({ port: 1 }), new other.Server({ port: 2 })]; }
let later; later = lib.WebSocketServer;
for (const Each of [lib]) new Each.WebSocketServer({ port: 3 });
async function load() { const mod = await import('ws'); return new mod.WebSocketServer({ port: 4 }); }
new WS.Server({ port: 5 }); new Alias({ port: 6 }); new WebSocketServer({ port: 7 }); new pick('ws://x'); new later({ port: 8 });
new globalThis.WebSocket('ws://y'); new unrelated.Thing();
`;

describe('the resolver, skipping names that cannot denote', () => {
  it('denotes what a resolver asked about every expression denotes', async () => {
    const { analyze: analyzeFile } = await import('../../facts/recognise.js');
    let denoted = 0;
    for (const text of [...SOURCES, SCOPES_SAMPLE, DENOTING_SAMPLE]) {
      const ast = parse(text, { range: true }) as TSESTree.Program;
      const scopeManager = analyze(ast, { sourceType: 'module' }) as unknown as ScopeManagerLike;
      const analysis = analyzeFile({ ast, scopeManager, text });
      const everything = new Resolver(scopeManager, text, (node) => analysis.parents.get(node));
      for (const node of analysis.index.nodes) {
        const expected = everything.denote(node);
        if (expected) denoted++;
        expect(analysis.resolver.denote(node), `${node.type} at ${node.range[0]}`).toEqual(expected);
      }
    }
    expect(denoted).toBeGreaterThan(12);
  });
});
