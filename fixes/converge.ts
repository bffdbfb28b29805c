/**
 * The convergence loop: apply every finding's plan, re-parse, re-check, and again, until no
 * finding with a plan is left or the pass limit is reached. Plans the composer rejected in one
 * pass (they overlapped another plan's edits) are planned again on the next pass's text.
 *
 * It knows nothing of ESLint or of which checks run: the caller gives it a parser and the checks,
 * so codemods, tests and the editor share this one path.
 */
import type { Node } from '../facts/ast.js';
import type { SocketModel } from '../facts/index.js';
import { applyEdits, composePlans, type Rejection } from './engine.js';
import type { Plan } from './plan.js';

/** The part of a check's finding the loop looks at. */
export interface PlannedFinding {
  readonly rule: string;
  readonly messageId: string;
  readonly node: Node;
  readonly plans: readonly Plan[];
}

export interface ConvergeInput<F extends PlannedFinding> {
  readonly text: string;
  /** The facts of `text`, when the caller has them already. */
  readonly facts?: SocketModel;
  /** The facts of a text; throws when it does not parse. */
  readonly factsOf: (text: string) => SocketModel;
  readonly findingsOf: (facts: SocketModel) => readonly F[];
  /**
   * The plans to apply to one pass's findings (default: each finding's first). A codemod may
   * build its own, one plan for several findings of one handler.
   */
  readonly plansOf?: (facts: SocketModel, findings: readonly F[]) => readonly Plan[];
  /** The findings the run means to fix: those still there at the end are unresolved (default: those with a plan). */
  readonly targets?: (finding: F) => boolean;
  readonly maxPasses?: number;
}

export interface ConvergeResult<F extends PlannedFinding> {
  /** The text after the last pass that parsed. */
  readonly text: string;
  /** Passes that changed the text. */
  readonly passes: number;
  readonly applied: readonly Plan[];
  /** Plans the composer turned down in the last pass, with the reason. */
  readonly rejected: readonly Rejection[];
  /** Findings of the final text that have a plan: the loop did not manage to fix them. */
  readonly unresolved: readonly F[];
  /** Findings of the final text beyond those of the original (by rule and message): plans made them. */
  readonly introduced: readonly F[];
  /** Set when a pass produced text that does not parse (that pass is undone). */
  readonly error: string | undefined;
  /** The facts of the final text. */
  readonly facts: SocketModel;
}

export const DEFAULT_MAX_PASSES = 3;

export function converge<F extends PlannedFinding>(input: ConvergeInput<F>): ConvergeResult<F> {
  const plansOf = input.plansOf ?? ((_facts: SocketModel, findings: readonly F[]) => findings.flatMap((finding) => finding.plans.slice(0, 1)));
  const targets = input.targets ?? ((finding: F) => finding.plans.length > 0);
  const maxPasses = input.maxPasses ?? DEFAULT_MAX_PASSES;
  let text = input.text;
  let facts = input.facts ?? input.factsOf(text);
  let findings = input.findingsOf(facts);
  const initial = findings;
  const applied: Plan[] = [];
  let rejected: readonly Rejection[] = [];
  let passes = 0;
  let error: string | undefined;
  while (passes < maxPasses) {
    const plans = plansOf(facts, findings);
    if (plans.length === 0) break;
    const composition = composePlans(facts, plans);
    rejected = composition.rejected;
    if (composition.edits.length === 0) break;
    const next = applyEdits(text, composition.edits);
    let nextFacts: SocketModel;
    try {
      nextFacts = input.factsOf(next);
    } catch (failure) {
      error = `pass ${passes + 1} produced text that does not parse: ${failure instanceof Error ? failure.message : String(failure)}`;
      break;
    }
    text = next;
    facts = nextFacts;
    findings = input.findingsOf(facts);
    applied.push(...composition.applied);
    passes++;
  }
  return {
    text,
    passes,
    applied,
    rejected,
    unresolved: findings.filter(targets),
    introduced: findingsBeyond(findings, initial),
    error,
    facts,
  };
}

/** The findings of `after` whose rule and message occur more often than in `before`. */
export function findingsBeyond<F extends PlannedFinding>(after: readonly F[], before: readonly F[]): F[] {
  const budget = new Map<string, number>();
  for (const finding of before) budget.set(keyOf(finding), (budget.get(keyOf(finding)) ?? 0) + 1);
  const extra: F[] = [];
  for (const finding of after) {
    const left = budget.get(keyOf(finding)) ?? 0;
    if (left > 0) budget.set(keyOf(finding), left - 1);
    else extra.push(finding);
  }
  return extra;
}

function keyOf(finding: PlannedFinding): string {
  return `${finding.rule}/${finding.messageId}`;
}
