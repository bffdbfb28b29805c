/**
 * Runs the oracle: each source and its variants are linted with every rule, every suggestion is
 * applied and checked, then all TypeScript inputs and outputs are type-checked in one program.
 */
import {
  type AppliedSuggestion,
  type CheckFailure,
  type FailureKind,
  type LintTarget,
  OracleLinter,
  type TypeCheckPair,
  addedTypeErrors,
  checkSuggestions,
  describeAddedDiagnostic,
  findingsOf,
  isGrammarError,
  isTypeScriptFile,
  parseErrorOf,
} from './check.js';
import { checkComposition } from './compose.js';
import { diffLines } from './formatting.js';
import type { OracleSource } from './sources.js';
import { variantsOf } from './variants.js';

export interface OracleFailure {
  readonly source: string;
  readonly variant: string;
  readonly ruleId: string;
  readonly messageId: string;
  readonly suggestion: string;
  readonly kind: FailureKind;
  readonly detail: string;
  readonly diff: string;
}

export interface OracleSummary {
  readonly sources: number;
  readonly sourcesWithFindings: number;
  readonly variantsGenerated: number;
  readonly variantsSkipped: number;
  readonly suggestionsChecked: number;
  readonly typeCheckedSuggestions: number;
  /** Texts whose plans were all applied together, and how many plans that was. */
  readonly compositionsChecked: number;
  readonly compositionPlans: number;
  readonly failures: number;
  readonly failuresByKind: Record<string, number>;
  readonly failuresByRule: Record<string, number>;
  /** Where the time goes, to keep the run short. */
  readonly milliseconds: { readonly lintAndCheck: number; readonly typeCheck: number };
}

export interface OracleResult {
  readonly summary: OracleSummary;
  readonly failures: readonly OracleFailure[];
  /** Sources whose own text does not parse (an input problem, not a suggestion's). */
  readonly unparsableSources: readonly { readonly source: string; readonly error: string }[];
}

/** The position a text has in the run: which source, which variant. */
interface TextUnderCheck {
  readonly source: OracleSource;
  readonly variant: string;
  readonly code: string;
}

const ORIGINAL = 'original';

function targetOf(source: OracleSource): LintTarget {
  return { filename: source.filename, ruleName: source.ruleName, options: source.options, languageOptions: source.languageOptions };
}

function failureOf(text: TextUnderCheck, failure: CheckFailure, suggestion?: AppliedSuggestion): OracleFailure {
  return {
    source: text.source.name,
    variant: text.variant,
    ruleId: suggestion?.ruleId ?? '',
    messageId: suggestion?.messageId ?? '',
    suggestion: suggestion?.description ?? '',
    kind: failure.kind,
    detail: failure.detail,
    diff: suggestion ? diffLines(suggestion.input, suggestion.output) : '',
  };
}

function countBy(failures: readonly OracleFailure[], keyOf: (failure: OracleFailure) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const failure of failures) counts[keyOf(failure)] = (counts[keyOf(failure)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

class OracleRun {
  private readonly linter = new OracleLinter();
  readonly failures: OracleFailure[] = [];
  readonly unparsableSources: { source: string; error: string }[] = [];
  private readonly typeChecks: { text: TextUnderCheck; suggestion: AppliedSuggestion; pair: TypeCheckPair }[] = [];
  sourcesWithFindings = 0;
  variantsGenerated = 0;
  variantsSkipped = 0;
  suggestionsChecked = 0;
  compositionsChecked = 0;
  compositionPlans = 0;

  checkSource(source: OracleSource): void {
    const outcome = this.linter.lint(source.code, targetOf(source));
    const original: TextUnderCheck = { source, variant: ORIGINAL, code: source.code };
    if (!outcome.ok) return void this.failures.push(failureOf(original, outcome.failure));
    const parseError = parseErrorOf(outcome.messages);
    if (parseError) return void this.unparsableSources.push({ source: source.name, error: `${parseError.line}:${parseError.column} ${parseError.message}` });
    const findings = findingsOf(outcome.messages);
    if (findings.length > 0) this.sourcesWithFindings++;
    this.checkText(original, outcome);
    for (const variant of variantsOf(source.code, source.filename, findings.map((finding) => ({ ...finding, ruleId: finding.ruleId! })))) {
      this.variantsGenerated++;
      this.checkVariant({ source, variant: variant.name, code: variant.code }, variant.expectedRuleIds);
    }
  }

  private checkVariant(text: TextUnderCheck, expectedRuleIds: ReadonlySet<string>): void {
    const outcome = this.linter.lint(text.code, targetOf(text.source));
    if (!outcome.ok) return void this.failures.push(failureOf(text, outcome.failure));
    const parseError = parseErrorOf(outcome.messages);
    if (parseError) {
      // The generator's own mistake: fail loudly so that it gets fixed rather than hidden.
      const detail = `${parseError.line}:${parseError.column} ${parseError.message}\n${text.code}`;
      return void this.failures.push(failureOf(text, { kind: 'variant-does-not-parse', detail }));
    }
    if (!findingsOf(outcome.messages).some((message) => expectedRuleIds.has(message.ruleId!))) {
      this.variantsSkipped++;
      return;
    }
    this.checkText(text, outcome);
  }

  private checkText(text: TextUnderCheck, lint: Parameters<typeof checkSuggestions>[3]): void {
    const target = targetOf(text.source);
    for (const verdict of checkSuggestions(this.linter, text.code, target, lint)) {
      this.suggestionsChecked++;
      for (const failure of verdict.failures) this.failures.push(failureOf(text, failure, verdict.suggestion));
      if (verdict.outputParses && isTypeScriptFile(target.filename)) {
        const pair = { filename: target.filename, input: verdict.suggestion.input, output: verdict.suggestion.output };
        this.typeChecks.push({ text, suggestion: verdict.suggestion, pair });
      }
    }
    this.checkComposition(text);
  }

  /** Every finding's first plan at once, through the engine's convergence loop. */
  private checkComposition(text: TextUnderCheck): void {
    const { filename, ruleName, options } = text.source;
    const verdict = checkComposition(text.code, filename, ruleName, options);
    if (verdict.plansApplied === 0 && verdict.failures.length === 0) return;
    this.compositionsChecked++;
    this.compositionPlans += verdict.plansApplied;
    for (const failure of verdict.failures) this.failures.push(failureOf(text, failure, verdict.suggestion));
    if (verdict.failures.length === 0 && isTypeScriptFile(filename)) {
      this.typeChecks.push({ text, suggestion: verdict.suggestion, pair: { filename, input: text.code, output: verdict.suggestion.output } });
    }
  }

  typeCheck(): void {
    const added = addedTypeErrors(this.typeChecks.map((check) => check.pair));
    this.typeChecks.forEach((check, index) => {
      for (const diagnostic of added[index]!) {
        const kind = isGrammarError(diagnostic) ? 'does-not-parse' : 'adds-type-error';
        const detail = `${kind === 'does-not-parse' ? 'TypeScript: ' : ''}${describeAddedDiagnostic(diagnostic)}`;
        this.failures.push(failureOf(check.text, { kind, detail }, check.suggestion));
      }
    });
  }

  summary(sources: number, milliseconds: OracleSummary['milliseconds']): OracleSummary {
    return {
      sources,
      sourcesWithFindings: this.sourcesWithFindings,
      variantsGenerated: this.variantsGenerated,
      variantsSkipped: this.variantsSkipped,
      suggestionsChecked: this.suggestionsChecked,
      typeCheckedSuggestions: this.typeChecks.length,
      compositionsChecked: this.compositionsChecked,
      compositionPlans: this.compositionPlans,
      failures: this.failures.length,
      failuresByKind: countBy(this.failures, (failure) => failure.kind),
      failuresByRule: countBy(this.failures, (failure) => failure.ruleId || '(none)'),
      milliseconds,
    };
  }
}

export function runOracle(sources: readonly OracleSource[]): OracleResult {
  const run = new OracleRun();
  const started = performance.now();
  for (const source of sources) run.checkSource(source);
  const linted = performance.now();
  run.typeCheck();
  const milliseconds = { lintAndCheck: Math.round(linted - started), typeCheck: Math.round(performance.now() - linted) };
  return { summary: run.summary(sources.length, milliseconds), failures: run.failures, unparsableSources: run.unparsableSources };
}

export function formatFailure(failure: OracleFailure): string {
  const rule = failure.ruleId ? `${failure.ruleId}/${failure.messageId}` : '(no suggestion)';
  const suggestion = failure.suggestion ? ` "${failure.suggestion}"` : '';
  return [`[${failure.kind}] ${failure.source} (${failure.variant}) ${rule}${suggestion}`, `  ${failure.detail}`, failure.diff]
    .filter(Boolean)
    .join('\n');
}

export function formatSummary(summary: OracleSummary): string {
  const byKind = Object.entries(summary.failuresByKind).map(([kind, count]) => `${kind}=${count}`).join(', ') || 'none';
  return (
    `oracle: ${summary.sources} sources (${summary.sourcesWithFindings} with findings), ` +
    `${summary.variantsGenerated} variants generated, ${summary.variantsSkipped} skipped, ` +
    `${summary.suggestionsChecked} suggestions checked, ${summary.compositionsChecked} compositions (${summary.compositionPlans} plans), ` +
    `${summary.typeCheckedSuggestions} outputs type-checked, ` +
    `${summary.failures} failures: ${byKind} ` +
    `(${(summary.milliseconds.lintAndCheck / 1000).toFixed(1)} s linting, ${(summary.milliseconds.typeCheck / 1000).toFixed(1)} s type-checking)`
  );
}
