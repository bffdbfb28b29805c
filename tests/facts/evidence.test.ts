// The text test in front of the model (facts/index.ts hasWebSocketEvidence): a file that fails it
// gets no model at all, so each cheap test put in front of a dearer one must be implied by it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { hasWebSocketEvidence } from '../../facts/index.js';
import { parse } from '@typescript-eslint/typescript-estree';
import { analyze } from '@typescript-eslint/scope-manager';

import { mayDenoteIn, Resolver, type ScopeManagerLike } from '../../facts/resolve.js';
import { EVIDENCE_OR_SEND, EVIDENCE_PATTERN, SEND_CALL_EVIDENCE, SOCKET_USE_EVIDENCE } from '../../facts/shapes.js';
import { childrenOf, type Node } from '../../facts/ast.js';

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourcesUnder(full);
    return /\.(?:[cm]?[jt]sx?|vue|svelte)$/.test(name) ? [full] : [];
  });
}

describe('the evidence test', () => {
  it('tries the send pre-filter only where it is implied: every send the socket-use test finds, the pre-filter finds', () => {
    // The pre-filter is the socket-use test's send part without the receiver's name in front.
    const [, sendUse] = SOCKET_USE_EVIDENCE;
    expect(sendUse!.source.endsWith(SEND_CALL_EVIDENCE.source)).toBe(true);
    for (const text of ['ws.send(x)', 'socket . emit ( "a" )', 'client\n.send(\n1)', 'conn.emit(`x`)']) {
      expect(sendUse!.test(text)).toBe(true);
      expect(SEND_CALL_EVIDENCE.test(text)).toBe(true);
    }
  });

  it('gives the same answer with and without the pre-filter on the examples, fixtures and sources of this repository', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const files = ['examples', 'tests/fixtures', 'docs/rules', 'facts', 'checks'].flatMap((dir) => sourcesUnder(path.join(root, dir)));
    expect(files.length).toBeGreaterThan(50);
    let socketFilesByUse = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const byUse = SOCKET_USE_EVIDENCE.every((pattern) => pattern.test(text));
      if (byUse) socketFilesByUse++;
      if (byUse) expect(SEND_CALL_EVIDENCE.test(text), file).toBe(true);
      // Without the pre-filter: the library/shape pattern, or both socket-use tests.
      expect(hasWebSocketEvidence(text), file).toBe(EVIDENCE_PATTERN.test(text) || byUse);
    }
    expect(socketFilesByUse).toBeGreaterThan(0);
  });

  it('scans once for the library/shape pattern or a send: every text either matches, the one-pass pattern matches', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const texts = ['examples', 'tests/fixtures', 'facts', 'checks'].flatMap((dir) => sourcesUnder(path.join(root, dir))).map((file) => readFileSync(file, 'utf8'));
    texts.push('ws.send(x)', 'const a = "WebSocket"', "require('socket.io')", 'x . emit (1)', 'nothing here');
    let matched = 0;
    for (const text of texts) {
      const either = EVIDENCE_PATTERN.test(text) || SEND_CALL_EVIDENCE.test(text);
      if (either) matched++;
      if (either) expect(EVIDENCE_OR_SEND.test(text)).toBe(true);
    }
    expect(matched).toBeGreaterThan(20);
    expect(EVIDENCE_OR_SEND.test('nothing here')).toBe(false);
  });

  it('lets the resolver skip denoting only where nothing can denote a library or global', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const files = ['examples', 'tests/fixtures'].flatMap((dir) => sourcesUnder(path.join(root, dir))).filter((file) => /\.[cm]?[jt]sx?$/.test(file));
    const samples = files.map((file) => [file, readFileSync(file, 'utf8')] as const);
    // Texts that denote through each kind of origin, and ones that cannot.
    samples.push(
      ['vendored.js', "const uws = require('./vendor/uws.js'); uws.App();"],
      ['global.js', 'const ws = new window["WebSocket"](url);'],
      ['plain.js', 'const server = http.createServer(); server.on("upgrade", (req) => req.destroy());'],
    );
    let denoting = 0;
    for (const [file, text] of samples) {
      const ast = parse(text, { range: true, jsx: /x$/.test(file) || file.endsWith('.js') });
      const scopeManager = analyze(ast, { sourceType: 'module' }) as unknown as ScopeManagerLike;
      const parents = new Map<Node, Node>();
      const nodes: Node[] = [];
      const visit = (node: Node) => {
        nodes.push(node);
        for (const child of childrenOf(node)) {
          parents.set(child, node);
          visit(child);
        }
      };
      visit(ast as Node);
      // A resolver that denotes everything, whatever the text says.
      const resolver = new Resolver(scopeManager, undefined, (node) => parents.get(node));
      const denotes = nodes.some((node) => (node.type === 'CallExpression' || node.type === 'NewExpression') && resolver.denote(node.callee) !== undefined);
      if (denotes) {
        denoting++;
        expect(mayDenoteIn(text), file).toBe(true);
      }
    }
    expect(denoting).toBeGreaterThan(5);
    expect(mayDenoteIn('const server = http.createServer(); // a websocket server')).toBe(false);
  });

  it('is false for a file that sends and listens on things not named like sockets, and true once they are', () => {
    const text = 'emitter.on("data", (d) => queue.send(d));';
    expect(hasWebSocketEvidence(text)).toBe(false);
    expect(hasWebSocketEvidence(text.replace('emitter', 'ws').replace('queue', 'ws'))).toBe(true);
  });
});
