import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';

import type { Finding } from '../checks/finding.js';
import { getSocketModel, type SocketModel } from '../facts/index.js';
import { applyEdits, planEdits } from '../fixes/engine.js';
import type { TextEdit } from '../fixes/plan.js';

/** Extra `meta.docs` fields of this plugin's rules; the configs are derived from `recommended`. */
export interface WebSocketRuleDocs {
  /** The lowest preset that enables the rule: `recommended` ⊂ `strict`. */
  recommended?: 'recommended' | 'strict';
}

export const REPOSITORY_DOCS_URL = 'https://github.com/eslint-plugin-websocket/eslint-plugin-websocket/blob/main/docs/rules';

export const createRule = ESLintUtils.RuleCreator<WebSocketRuleDocs>((name) => `${REPOSITORY_DOCS_URL}/${name}.md`);

/**
 * The option every rule with strict-only findings declares; the `strict` config sets it. Findings
 * it adds are real but debatable, or rest on inferred facts (a socket recognised by its use).
 */
export const STRICT_OPTION_SCHEMA = {
  strict: {
    type: 'boolean',
    description: 'Also report the findings of the strict config (set by `configs.strict`; default false).',
  },
} as const;

/** The plugin's shared settings (`settings.websocket` in an ESLint config). */
export interface WebSocketSettings {
  /**
   * Offer the plans that are safe to apply unreviewed as fixes (`eslint --fix`, fix-on-save), not
   * only as suggestions. Off by default.
   */
  readonly autofix?: boolean;
}

function settingsOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): WebSocketSettings {
  const settings = (context.settings as { websocket?: WebSocketSettings } | undefined)?.websocket;
  return settings ?? {};
}

/**
 * The whole of a rule's `create`: the file's socket model (nothing at all for a file without
 * WebSocket code), then the rule's check, reported once the program is seen.
 */
export function runCheck<MessageId extends string, Options>(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  check: (model: SocketModel, options: Options) => readonly Finding<MessageId>[],
  options: Options,
): TSESLint.RuleListener {
  const model = getSocketModel(context.sourceCode, context.filename);
  if (!model.hasEvidence) return {};
  return {
    Program() {
      reportFindings(context, model, check(model, options));
    },
  };
}

/**
 * Reports a check's findings: each plan becomes a suggestion (through the fix engine, so the
 * editor applies exactly what a codemod would), and with `settings.websocket.autofix` the first
 * plan that is safe unreviewed becomes the finding's fix as well.
 */
export function reportFindings<MessageId extends string>(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  model: SocketModel,
  findings: readonly Finding<MessageId>[],
): void {
  const autofix = settingsOf(context).autofix === true;
  for (const finding of findings) {
    const suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = [];
    let fix: TSESLint.ReportFixFunction | undefined;
    for (const plan of finding.plans) {
      const lowered = planEdits(model, plan);
      if (!('edits' in lowered) || lowered.edits.length === 0) continue;
      const apply = fixOf(model.text, lowered.edits);
      suggest.push({ messageId: plan.messageId as MessageId, data: plan.data, fix: apply });
      if (autofix && plan.autofix && !fix) fix = apply;
    }
    context.report({ node: finding.node, messageId: finding.messageId, data: finding.data, suggest, ...(fix ? { fix } : {}) });
  }
}

/** One ESLint fix for a plan's edits: the span they cover, rewritten. */
function fixOf(text: string, edits: readonly TextEdit[]): TSESLint.ReportFixFunction {
  const start = edits[0]!.range[0];
  const end = edits[edits.length - 1]!.range[1];
  const shifted = edits.map((edit) => ({ ...edit, range: [edit.range[0] - start, edit.range[1] - start] as const }));
  const replacement = applyEdits(text.slice(start, end), shifted);
  return (fixer) => fixer.replaceTextRange([start, end], replacement);
}
