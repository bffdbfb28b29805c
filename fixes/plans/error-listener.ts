/**
 * add-error-listener: an `'error'` listener that logs, on a socket or server that has none (one
 * unhandled `'error'` exits a Node process). Safe to apply unreviewed: the only behaviour it
 * changes is that the process no longer exits. In TypeScript the parameter is typed: a socket
 * whose type the checker does not know would otherwise leave it an implicit `any`.
 */
import type { Node } from '../../facts/ast.js';
import type { SocketModel } from '../../facts/index.js';
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
 * Moves a listener statement (`ws.on('error', …)` attached after the handler's first await) to
 * just before `before`, the statement that waits. Only a statement alone on its lines moves; the
 * check makes sure it reads nothing declared in between.
 */
export function planMoveListener(model: SocketModel, listener: Node, before: Node): PlanDraft | undefined {
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
