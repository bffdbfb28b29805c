/** Test helpers for plans: apply a plan draft alone through the engine, as a suggestion would. */
import type { SocketModel } from '../../facts/index.js';
import { applyEdits, planEdits } from '../../fixes/engine.js';
import { makePlan, type PlanDraft } from '../../fixes/plan.js';

/** The file's text after one plan, or an error naming why the engine refused it. */
export function applyDraft(model: SocketModel, draft: PlanDraft | undefined): string {
  if (!draft) throw new Error('no plan');
  const program = model.program;
  if (!program) throw new Error('the file has no WebSocket facts');
  const lowered = planEdits(model, makePlan(draft, { rule: 'test', node: program, messageId: 'test' }));
  if ('reason' in lowered) throw new Error(lowered.reason);
  return applyEdits(model.text, lowered.edits);
}
