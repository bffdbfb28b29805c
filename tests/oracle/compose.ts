/**
 * Composition: the first plan of every finding of a text, applied together through the fix
 * engine's convergence loop (what a codemod does), must converge within the pass limit with every
 * finding that had a plan gone, add no finding, and leave text that parses.
 */
import { runChecks } from '../../checks/index.js';
import { factsOfText } from '../../facts/parse.js';
import { converge, DEFAULT_MAX_PASSES } from '../../fixes/converge.js';
import type { AppliedSuggestion, CheckFailure } from './check.js';

export interface CompositionVerdict {
  /** The composed text as one "suggestion", so that the type-check and diff treat it alike. */
  readonly suggestion: AppliedSuggestion;
  readonly plansApplied: number;
  readonly failures: readonly CheckFailure[];
}

/** Runs the loop over a text with every rule (the case's own rule with its options). */
export function checkComposition(code: string, filename: string, ruleName: string | undefined, options: readonly unknown[]): CompositionVerdict {
  const ruleOptions = ruleName && options[0] ? { [ruleName]: options[0] as object } : {};
  const result = converge({
    text: code,
    factsOf: (text) => factsOfText(text, filename),
    findingsOf: (facts) => runChecks(facts, undefined, ruleOptions),
  });
  const failures: CheckFailure[] = [];
  const describe = (findings: readonly { rule: string; messageId: string; node: { loc: { start: { line: number } } } }[]) =>
    findings.map((finding) => `${finding.rule}/${finding.messageId} at line ${finding.node.loc.start.line}`).join(', ');
  if (result.error) failures.push({ kind: 'composition-does-not-parse', detail: result.error });
  if (result.unresolved.length > 0) {
    const reasons = result.rejected.map((rejection) => rejection.reason).join('; ');
    failures.push({ kind: 'composition-leaves-finding', detail: `after ${result.passes} pass(es) (limit ${DEFAULT_MAX_PASSES}): ${describe(result.unresolved)}${reasons ? ` (rejected: ${reasons})` : ''}` });
  }
  if (result.introduced.length > 0) failures.push({ kind: 'composition-adds-finding', detail: describe(result.introduced) });
  return {
    suggestion: { ruleId: '(all)', messageId: '(composition)', description: `${result.applied.length} plans in ${result.passes} pass(es)`, input: code, output: result.text },
    plansApplied: result.applied.length,
    failures,
  };
}
