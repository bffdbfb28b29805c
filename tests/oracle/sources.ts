/**
 * The suggestion oracle's inputs: every invalid RuleTester case, every file under `examples/`
 * and every ❌ example of the rule docs. Each becomes an `OracleSource` that says how to lint it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import type { Linter } from 'eslint';

export const projectRoot = path.resolve(import.meta.dirname, '../..');

export type SourceOrigin = 'rule-test' | 'example' | 'doc';

export interface OracleSource {
  /** Where the text comes from, for failure messages: `tests/rules/x.test.ts:101 invalid[0]`. */
  readonly name: string;
  readonly origin: SourceOrigin;
  readonly code: string;
  /** Chooses the parser; a path relative to the project root keeps the file's own folder (relative imports). */
  readonly filename: string;
  /** The rule the text was written for (no `websocket/` prefix); examples have none. */
  readonly ruleName: string | undefined;
  /** That rule's options; the other rules run with their defaults. */
  readonly options: readonly unknown[];
  /** A case's own `languageOptions`, merged over the defaults of its file type. */
  readonly languageOptions: Linter.LanguageOptions | undefined;
}

// ---------------------------------------------------------------------------------------------
// 1. RuleTester cases, recorded by a stand-in for `@typescript-eslint/rule-tester`.

interface RecordedInvalidCase {
  readonly code: string;
  readonly options?: readonly unknown[];
  readonly filename?: string;
  readonly languageOptions?: Linter.LanguageOptions;
  readonly skip?: boolean;
}

interface RecordedRun {
  readonly ruleName: string;
  readonly testerConfig: { languageOptions?: Linter.LanguageOptions } | undefined;
  readonly invalid: readonly RecordedInvalidCase[];
}

const recordedRuns: RecordedRun[] = [];

/**
 * Replaces `RuleTester` while the rule test files are imported: `run()` keeps the cases instead of
 * registering vitest tests, so the oracle sees exactly what the rule tests see.
 */
export class RecordingRuleTester {
  // The real class takes static hooks (afterAll, describe, it…); accept and ignore them.
  static afterAll: unknown;
  static describe: unknown;
  static it: unknown;
  static itOnly: unknown;

  constructor(private readonly testerConfig?: { languageOptions?: Linter.LanguageOptions }) {}

  run(ruleName: string, _rule: unknown, tests: { invalid: readonly RecordedInvalidCase[] }): void {
    recordedRuns.push({ ruleName, testerConfig: this.testerConfig, invalid: tests.invalid });
  }
}

/** The module `vi.mock('@typescript-eslint/rule-tester', …)` returns. */
export function ruleTesterModuleMock(): { RuleTester: typeof RecordingRuleTester } {
  return { RuleTester: RecordingRuleTester };
}

/** The default filename of typescript-eslint's RuleTester (it picks `react.tsx` only for JSX). */
const RULE_TESTER_DEFAULT_FILENAME = 'file.ts';

/** The line of the case in its test file; cases written with `\t` escapes are found escaped. */
function lineOfText(haystack: string, needle: string): number | undefined {
  const escaped = needle.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  const index = [needle, escaped].map((text) => haystack.indexOf(text)).find((found) => found >= 0);
  return index === undefined ? undefined : haystack.slice(0, index).split('\n').length;
}

function mergeLanguageOptions(
  base: Linter.LanguageOptions | undefined,
  override: Linter.LanguageOptions | undefined,
): Linter.LanguageOptions | undefined {
  if (!base) return override;
  if (!override) return base;
  return { ...base, ...override, parserOptions: { ...base.parserOptions, ...override.parserOptions } };
}

/**
 * Imports every `tests/rules/*.test.ts` (with `RuleTester` mocked by the caller) and turns each
 * recorded invalid case into a source. `importFile` is the caller's `import()`, so that the
 * caller's module mocks apply.
 */
export async function collectRuleTestSources(importFile: (file: string) => Promise<unknown>): Promise<OracleSource[]> {
  const testsDir = path.join(projectRoot, 'tests/rules');
  const sources: OracleSource[] = [];
  for (const file of readdirSync(testsDir).filter((f) => f.endsWith('.test.ts')).sort()) {
    const absolute = path.join(testsDir, file);
    const firstRun = recordedRuns.length;
    await importFile(absolute);
    const fileText = readFileSync(absolute, 'utf8');
    const relative = path.relative(projectRoot, absolute);
    for (const run of recordedRuns.slice(firstRun)) {
      run.invalid.forEach((testCase, index) => {
        if (testCase.skip) return;
        const line = lineOfText(fileText, testCase.code);
        sources.push({
          name: `${relative}${line === undefined ? '' : `:${line}`} invalid[${index}]`,
          origin: 'rule-test',
          code: testCase.code,
          filename: testCase.filename ?? RULE_TESTER_DEFAULT_FILENAME,
          ruleName: run.ruleName,
          options: testCase.options ?? [],
          languageOptions: mergeLanguageOptions(run.testerConfig?.languageOptions, testCase.languageOptions),
        });
      });
    }
    if (recordedRuns.length === firstRun) throw new Error(`${relative} ran no RuleTester: is the mock in place?`);
  }
  return sources;
}

// ---------------------------------------------------------------------------------------------
// 2. Example programs.

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Leaky and fixed versions alike: a fixed file with a finding is as much a test of its suggestion. */
export function collectExampleSources(): OracleSource[] {
  return filesUnder(path.join(projectRoot, 'examples'))
    .filter((file) => /\.(?:ts|js)$/.test(file))
    .sort()
    .map((file) => {
      const relative = path.relative(projectRoot, file);
      return {
        name: relative,
        origin: 'example',
        code: readFileSync(file, 'utf8'),
        // Relative, so that the type-check can place its copies beside the original (`../shared/…`).
        filename: relative,
        ruleName: undefined,
        options: [],
        languageOptions: undefined,
      } satisfies OracleSource;
    });
}

// ---------------------------------------------------------------------------------------------
// 3. ❌ examples of the rule docs (the same extraction as tests/docs.test.ts).

interface IncorrectDocExample {
  readonly language: string;
  readonly code: string;
  readonly line: number;
}

const LINTED_FENCE_LANGUAGES = /^(?:js|jsx|ts|tsx|mjs|cjs)$/;

/** Code fences under the nearest heading marked ❌. */
function incorrectExamplesOf(markdown: string): IncorrectDocExample[] {
  const examples: IncorrectDocExample[] = [];
  const lines = markdown.split('\n');
  let underIncorrectHeading = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) underIncorrectHeading = line.includes('❌');
    const fence = /^```(\w+)\s*$/.exec(line);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    if (underIncorrectHeading && LINTED_FENCE_LANGUAGES.test(fence[1]!)) {
      examples.push({ language: fence[1]!, code: body.join('\n'), line: start + 1 });
    }
  }
  return examples;
}

export function collectDocSources(): OracleSource[] {
  const docsDir = path.join(projectRoot, 'docs/rules');
  return readdirSync(docsDir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .flatMap((file) => {
      const ruleName = file.replace(/\.md$/, '');
      return incorrectExamplesOf(readFileSync(path.join(docsDir, file), 'utf8')).map((example) => ({
        name: `docs/rules/${file}:${example.line}`,
        origin: 'doc',
        code: example.code,
        filename: `example.${example.language}`,
        ruleName,
        options: [],
        languageOptions: undefined,
      } satisfies OracleSource));
    });
}

export async function collectAllSources(importFile: (file: string) => Promise<unknown>): Promise<OracleSource[]> {
  return [...(await collectRuleTestSources(importFile)), ...collectExampleSources(), ...collectDocSources()];
}
