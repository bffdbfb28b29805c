/**
 * add-error-listener: an `'error'` listener that logs, on a socket or server that has none (one
 * unhandled `'error'` exits a Node process). Safe to apply unreviewed: the only behaviour it
 * changes is that the process no longer exits. In TypeScript the parameter is typed: a socket
 * whose type the checker does not know would otherwise leave it an implicit `any`.
 */
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
