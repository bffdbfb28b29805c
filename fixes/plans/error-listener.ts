/**
 * add-error-listener: an `'error'` listener that logs, on a socket or server that has none (one
 * unhandled `'error'` exits a Node process). Safe to apply unreviewed: the only behaviour it
 * changes is that the process no longer exits. In TypeScript the parameter is typed: a socket
 * whose type the checker does not know would otherwise leave it an implicit `any`.
 */
import type { Node } from '../../facts/ast.js';
import type { SocketFact, SocketModel, SocketUse } from '../../facts/index.js';
import { code, str, typed } from '../code.js';
import type { PlanDraft } from '../plan.js';
import { listenerEdits, type ListenerTarget } from './places.js';

export function planErrorListener(model: SocketModel, target: ListenerTarget, label: string, description: string): PlanDraft | undefined {
  const edits = listenerEdits(
    model,
    target,
    (name) => code`${name}.on('error', (error${typed(': Error')}) => {
  console.error(${str(label)}, error);
});`,
  );
  return edits && { kind: 'add-error-listener', description, edits, autofix: true };
}

/**
 * Moves a listener statement to just before `before`. Only a statement alone on its lines moves.
 */
function moveStatementBefore(model: SocketModel, listener: Node, before: Node): PlanDraft | undefined {
  const text = model.text;
  let start = listener.range[0];
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = listener.range[1];
  while (end < text.length && (text[end] === ' ' || text[end] === '\t' || text[end] === '\r')) end++;
  if ((start > 0 && text[start - 1] !== '\n') || text[end] !== '\n') return undefined;
  return {
    kind: 'add-error-listener',
    description: "Attach the 'error' listener before the await",
    edits: [
      { kind: 'before', statement: before, code: code`${text.slice(listener.range[0], listener.range[1])}` },
      { kind: 'replace', range: [start, end + 1], code: code`` },
    ],
    autofix: true,
  };
}

/**
 * The handler's one 'error' listener statement, moved before the statement that first waits, when
 * it stands in the handler's body and reads nothing the handler declares (`user` from the await).
 */
export function planMoveErrorListener(model: SocketModel, socket: SocketFact, uses: readonly SocketUse[], wait: Node): PlanDraft | undefined {
  const fn = socket.handler!.fn;
  if (fn.body.type !== 'BlockStatement') return undefined;
  const body = fn.body.body as readonly Node[];
  const listeners = uses.filter((use) => use.kind === 'listener' && use.event === 'error');
  if (listeners.length !== 1) return undefined;
  const statementOf = (node: Node) => body.find((statement) => statement.range[0] <= node.range[0] && node.range[1] <= statement.range[1]);
  const listener = statementOf(listeners[0]!.node);
  const waiting = statementOf(wait);
  if (!listener || !waiting || listener.type !== 'ExpressionStatement' || listener === waiting) return undefined;
  const declaredInHandler = model.index.descendants(listener).some((node) => {
    if (node.type !== 'Identifier') return false;
    const declared = model.resolver?.variable(node)?.defs[0]?.name as Node | undefined;
    return !!declared && fn.body.range[0] <= declared.range[0] && declared.range[1] <= fn.body.range[1] && !(listener.range[0] <= declared.range[0] && declared.range[1] <= listener.range[1]);
  });
  return declaredInHandler ? undefined : moveStatementBefore(model, listener, waiting);
}
