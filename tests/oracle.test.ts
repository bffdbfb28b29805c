/**
 * The suggestion oracle: every suggestion of every rule, on the rule tests' invalid cases, the
 * examples, the docs' ❌ examples and variants of them, must parse, remove its own finding, add
 * no finding, move no code it did not touch, keep the file's line endings and indentation and
 * (TypeScript) add no type error; all first plans of a text applied together by the fix engine's
 * convergence loop must fix every planned finding and add none. See tests/oracle/*.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it, vi } from 'vitest';

import type { FailureKind } from './oracle/check.js';
import { type OracleFailure, type OracleResult, formatFailure, formatSummary, runOracle } from './oracle/run.js';
import { collectAllSources } from './oracle/sources.js';

// The rule test files are imported only to record their cases: their RuleTester must not run.
vi.mock('@typescript-eslint/rule-tester', async () => (await import('./oracle/sources.js')).ruleTesterModuleMock());

/** Failures shown in full in an assertion message; the JSON report (ORACLE_REPORT) has all. */
const SHOWN_FAILURES = 25;

let result: OracleResult;

function writeReport(reportPath: string, oracle: OracleResult): void {
  mkdirSync(path.dirname(path.resolve(reportPath)), { recursive: true });
  writeFileSync(reportPath, `${JSON.stringify(oracle, null, 2)}\n`);
}

function explain(failures: readonly OracleFailure[]): string {
  const shown = failures.slice(0, SHOWN_FAILURES).map(formatFailure);
  const more = failures.length > SHOWN_FAILURES ? [`… and ${failures.length - SHOWN_FAILURES} more (ORACLE_REPORT=<path> writes them all)`] : [];
  return `${failures.length} failure(s):\n\n${[...shown, ...more].join('\n\n')}\n`;
}

function failuresOfKinds(...kinds: FailureKind[]): OracleFailure[] {
  return result.failures.filter((failure) => kinds.includes(failure.kind));
}

beforeAll(async () => {
  const sources = await collectAllSources((file) => import(/* @vite-ignore */ file));
  result = runOracle(sources);
  console.log(formatSummary(result.summary));
  const reportPath = process.env.ORACLE_REPORT;
  if (reportPath) writeReport(reportPath, result);
}, 600_000);

describe('suggestion oracle', () => {
  it('has inputs from rule tests, examples and docs, all of which parse', () => {
    expect(result.summary.sources).toBeGreaterThan(0);
    expect(result.unparsableSources).toEqual([]);
  });

  it('builds variants that parse, on which no rule crashes', () => {
    const failures = failuresOfKinds('variant-does-not-parse', 'lint-crash');
    expect(failures.length, explain(failures)).toBe(0);
  });

  it('every suggestion parses', () => {
    const failures = failuresOfKinds('does-not-parse');
    expect(failures.length, explain(failures)).toBe(0);
  });

  it('every suggestion removes its own finding and adds none', () => {
    const failures = failuresOfKinds('keeps-own-finding', 'adds-finding');
    expect(failures.length, explain(failures)).toBe(0);
  });

  it('no suggestion moves code it did not touch (an else to another if, a statement out of its body)', () => {
    const failures = failuresOfKinds('changes-structure');
    expect(failures.length, explain(failures)).toBe(0);
  });

  it('every suggestion keeps the line endings and the indentation of its file', () => {
    const failures = failuresOfKinds('mixes-line-endings', 'mixes-indentation');
    expect(failures.length, explain(failures)).toBe(0);
  });

  it('all first plans of a text, composed by the engine, converge within the pass limit, fix every planned finding and add none', () => {
    const failures = failuresOfKinds('composition-does-not-parse', 'composition-leaves-finding', 'composition-adds-finding');
    expect(result.summary.compositionsChecked).toBeGreaterThan(0);
    expect(failures.length, explain(failures)).toBe(0);
  });

  it('no suggestion (nor composition) adds a TypeScript diagnostic', () => {
    const failures = failuresOfKinds('adds-type-error');
    expect(failures.length, explain(failures)).toBe(0);
  });
});
