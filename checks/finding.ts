/**
 * What a check returns: a finding per problem, each with the plans that fix it (the first is the
 * one codemods apply). Checks are pure functions of the facts and the rule's options; ESLint rules
 * report their findings (rules/), codemods apply their plans (fixes/).
 */
import type { Node } from '../facts/ast.js';
import type { Plan } from '../fixes/plan.js';

export interface Finding<MessageId extends string = string> {
  readonly rule: string;
  readonly messageId: MessageId;
  readonly data: Readonly<Record<string, string>>;
  readonly node: Node;
  readonly plans: readonly Plan[];
}

/** Findings in source order (what ESLint would show). */
export function inSourceOrder<T extends Finding>(findings: T[]): T[] {
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}
