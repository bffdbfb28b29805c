import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';

import type { FixPlan } from '../socket-model/index.js';

/** Extra `meta.docs` fields of this plugin's rules; the configs are derived from `recommended`. */
export interface WebSocketRuleDocs {
  /** The lowest preset that enables the rule: `recommended` ⊂ `strict` ⊂ `all`. */
  recommended?: 'recommended' | 'strict';
}

export const REPOSITORY_DOCS_URL = 'https://github.com/eslint-plugin-websocket/eslint-plugin-websocket/blob/main/docs/rules';

export const createRule = ESLintUtils.RuleCreator<WebSocketRuleDocs>((name) => `${REPOSITORY_DOCS_URL}/${name}.md`);

/** The ESLint fix that applies a model fix plan (plain ranges and strings, shared with codemods). */
export function fixFromPlan(plan: FixPlan): TSESLint.ReportFixFunction {
  return (fixer) => plan.edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text));
}
