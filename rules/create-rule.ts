import { createRequire } from 'node:module';

import type { TSESLint } from '@typescript-eslint/utils';

import type { Finding } from '../checks/finding.js';
import { getSocketModel, type ModelSettings, type SocketModel } from '../facts/index.js';
import { applyEdits, planEdits } from '../fixes/engine.js';
import type { TextEdit } from '../fixes/plan.js';

/** Extra `meta.docs` fields of this plugin's rules; the configs are derived from `recommended`. */
export interface WebSocketRuleDocs {
  /** The lowest preset that enables the rule: `recommended` ⊂ `strict`. */
  recommended?: 'recommended' | 'strict';
}

/** package.json is two levels up from the built `dist/rules/` and one from the sources' `rules/`. */
function packageJson(): { version: string; repository: { url: string } } {
  const require = createRequire(import.meta.url);
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string; repository?: { url?: string } };
      if (pkg.name === 'eslint-plugin-websocket' && pkg.version && pkg.repository?.url) {
        return { version: pkg.version, repository: { url: pkg.repository.url } };
      }
    } catch {
      // not at this level
    }
  }
  throw new Error('eslint-plugin-websocket: cannot find its package.json');
}

const pkg = packageJson();

/**
 * Where each rule's page is for the installed version: the release tag, so that the link in
 * ESLint's output, in SARIF `helpUri` and in editors describes the rule the user runs, not `main`.
 */
export const DOCS_BASE_URL = `${pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/blob/v${pkg.version}/docs/rules`;

type RuleDefinition<Options extends readonly unknown[], MessageId extends string> = Omit<
  TSESLint.RuleModule<MessageId, Options, WebSocketRuleDocs>,
  'defaultOptions' | 'meta' | 'create'
> & {
  readonly name: string;
  readonly meta: TSESLint.RuleMetaData<MessageId, WebSocketRuleDocs, Options> & { readonly defaultOptions: Options };
  create(context: Readonly<TSESLint.RuleContext<MessageId, Options>>, options: Options): TSESLint.RuleListener;
};

/**
 * A rule with its docs URL and its options merged over `meta.defaultOptions`. ESLint 9.15 and
 * later merge them too; doing it here keeps earlier ESLint 9 releases working. Written here rather
 * than taken from `@typescript-eslint/utils` so that the rules load without TypeScript installed.
 */
export function createRule<Options extends readonly unknown[], MessageId extends string>(
  rule: RuleDefinition<Options, MessageId>,
): TSESLint.RuleModule<MessageId, Options, WebSocketRuleDocs> {
  const { name, meta, create } = rule;
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: `${DOCS_BASE_URL}/${name}.md` } },
    defaultOptions: meta.defaultOptions,
    create(context) {
      // Every rule of this plugin reports only where the file's model recognised WebSocket code;
      // most files have none, and for them nothing else (not even merging options) is done.
      if (!getSocketModel(context.sourceCode, context.filename, settingsOf(context)).hasSocketFacts) return {};
      return create(context, optionsOf(meta.defaultOptions, context.options));
    },
  } as TSESLint.RuleModule<MessageId, Options, WebSocketRuleDocs>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects are merged key by key; anything else the user gives replaces the default. */
function merge(defaults: unknown, given: unknown): unknown {
  if (given === undefined) return structuredClone(defaults);
  if (!isPlainObject(defaults) || !isPlainObject(given)) return given;
  const merged: Record<string, unknown> = { ...structuredClone(defaults) };
  for (const [key, value] of Object.entries(given)) merged[key] = merge(defaults[key], value);
  return merged;
}

function withDefaults<Options extends readonly unknown[]>(defaults: Options, given: readonly unknown[]): Options {
  return defaults.map((value, i) => merge(value, given[i])) as unknown as Options;
}

/**
 * The merged options, computed once per distinct value rather than once per file: `create()` runs
 * for every rule on every file, including the many files without WebSocket code, where merging
 * (with its `structuredClone`) was most of what a rule cost. ESLint gives each file a fresh
 * options array (it merges `meta.defaultOptions` itself, per file), so the key is the options'
 * JSON text, not the array. Options are JSON by definition (they come from a JSON schema); the
 * merged value is frozen so that no caller can change what the next file gets.
 */
const mergedOptions = new WeakMap<readonly unknown[], Map<string, unknown>>();

function optionsOf<Options extends readonly unknown[]>(defaults: Options, given: readonly unknown[]): Options {
  let byText = mergedOptions.get(defaults);
  if (!byText) mergedOptions.set(defaults, (byText = new Map()));
  const key = JSON.stringify(given);
  let options = byText.get(key) as Options | undefined;
  if (!options) {
    options = deepFreeze(withDefaults(defaults, given));
    byText.set(key, options);
  }
  return options;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

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
export interface WebSocketSettings extends ModelSettings {
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
 * WebSocket code), then the rule's check, reported once the program is seen; no check at all
 * when the model recognised no library, server, socket or handler.
 */
export function runCheck<MessageId extends string, Options>(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  check: (model: SocketModel, options: Options) => readonly Finding<MessageId>[],
  options: Options,
): TSESLint.RuleListener {
  const model = getSocketModel(context.sourceCode, context.filename, settingsOf(context));
  if (!model.hasSocketFacts) return {};
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
