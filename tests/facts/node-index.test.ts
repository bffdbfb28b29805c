/**
 * The node index built from ESLint's own traversal (`SourceCode#traverse()`, what the rules use)
 * must be the index the model's own walk builds (what codemods use): the same nodes in the same
 * order, the same subtrees, and so the same facts and findings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { runChecks, CHECKS } from '../../checks/index.js';
import { buildSocketModel, type SocketModel } from '../../facts/index.js';
import { NodeIndex, type TraversalStep } from '../../facts/node-index.js';
import type { ScopeManagerLike } from '../../facts/resolve.js';
import type { Node } from '../../facts/ast.js';

interface Captured {
  readonly ast: TSESTree.Program;
  readonly text: string;
  readonly scopeManager: ScopeManagerLike;
  readonly traverse: () => Iterable<TraversalStep>;
}

/** The SourceCode ESLint hands a rule for this text (typescript-eslint's parser for `.ts`, espree otherwise). */
function sourceCodeOf(text: string, filename: string): Captured {
  let captured: Captured | undefined;
  const capture = {
    create(context: { sourceCode: Captured & { traverse(): Iterable<TraversalStep> } }) {
      const { sourceCode } = context;
      captured = { ast: sourceCode.ast, text: sourceCode.text, scopeManager: sourceCode.scopeManager, traverse: () => sourceCode.traverse() };
      return {};
    },
  };
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts', '**/*.js'],
      plugins: { probe: { rules: { capture } } } as never,
      rules: { 'probe/capture': 'error' },
      ...(filename.endsWith('.ts') ? { languageOptions: { parser: tsParser as never } } : { languageOptions: { sourceType: 'module' } }),
    },
  ];
  const messages = new Linter({ configType: 'flat' }).verify(text, config, filename);
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return captured!;
}

const JS_SAMPLE = `
const WebSocket = require('ws');
function Conn(ws) {
  this.ws = ws;
  this.timer = setInterval(() => this.ws.ping(), 1000);
}
Conn.prototype.close = function () { clearInterval(this.timer); };
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws, req) => {
  const conn = new Conn(ws);
  ws.on('message', async (data) => { await fetch(\`/x/\${req.url}\`); ws.send(\`\${data}\`); });
  class Local { m() { return () => conn; } }
  ws.on('close', () => conn.close());
});
export default { open(peer) { peer.send('hi'); } };
`;

const FILES: readonly (readonly [string, string])[] = [
  ['sample.js', JS_SAMPLE],
  ...['000-request-scoped-watch/leaky.ts', '004-idle-peers/socketio-leaky.ts', '004-idle-peers/fixed.ts'].map(
    (file) => [path.basename(file), readFileSync(path.join(import.meta.dirname, '../../examples', file), 'utf8')] as const,
  ),
];

const isOwner = (node: Node): boolean => /Function|^Program$/.test(node.type);

describe('the node index from ESLint traversal steps', () => {
  for (const [filename, text] of FILES) {
    it(`lists the walk's nodes and subtrees: ${filename}`, () => {
      const source = sourceCodeOf(text, filename);
      const walked: Node[] = [];
      const read: Node[] = [];
      const byWalk = new NodeIndex(source.ast, (node) => walked.push(node));
      const byTraversal = new NodeIndex(source.ast, (node) => read.push(node), source.traverse());
      expect(walked.length).toBeGreaterThan(100);
      expect(read).toEqual(walked);
      expect(byTraversal.nodes).toEqual(byWalk.nodes);
      const owners = byWalk.nodes.filter(isOwner);
      expect(owners.length).toBeGreaterThan(3);
      for (const owner of owners as (TSESTree.Program | TSESTree.FunctionExpression)[]) {
        expect(byTraversal.subtree(owner)).toEqual(byWalk.subtree(owner));
        expect(byTraversal.own(owner, 'CallExpression')).toEqual(byWalk.own(owner, 'CallExpression'));
        expect(byTraversal.inside(owner, 'Identifier')).toEqual(byWalk.inside(owner, 'Identifier'));
      }
      expect(byTraversal.methodCalls('on')).toEqual(byWalk.methodCalls('on'));
    });

    it(`gives the same facts and findings: ${filename}`, () => {
      const source = sourceCodeOf(text, filename);
      const input = { ast: source.ast, scopeManager: source.scopeManager, text: source.text, typescript: filename.endsWith('.ts') };
      const summary = (model: SocketModel) => ({
        sockets: model.sockets.map((socket) => socket.node.range),
        handlers: model.handlers.map((handler) => handler.fn.range),
        servers: model.servers.map((server) => server.node.range),
        findings: runChecks(model, Object.keys(CHECKS)).map((finding) => [finding.messageId, finding.node.range]),
      });
      const walked = summary(buildSocketModel(input));
      expect(walked.sockets.length + walked.handlers.length).toBeGreaterThan(0);
      expect(summary(buildSocketModel({ ...input, traversal: source.traverse }))).toEqual(walked);
    });
  }
});

describe('the node index given steps that are not ESLint traversal steps', () => {
  it('walks the tree itself', () => {
    const source = sourceCodeOf(JS_SAMPLE, 'sample.js');
    const walked: Node[] = [];
    const fallback: Node[] = [];
    const byWalk = new NodeIndex(source.ast, (node) => walked.push(node));
    const byFallback = new NodeIndex(source.ast, (node) => fallback.push(node), [{ kind: 3, target: source.ast }]);
    expect(fallback).toEqual(walked);
    expect(byFallback.nodes).toEqual(byWalk.nodes);
  });
});
