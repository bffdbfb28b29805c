// The leak harness at its quick size (harness/main.ts; `npm run harness` runs it full size): each
// incident's leaky example and its copy migrated by `websocket-doctor fix --all --write` run as
// real servers and clients on loopback. The leaky version must fail every measurement and the
// migrated one pass it. Needs dist/ (npm test builds it first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runHarness, scenarios, type HarnessRun } from '../../harness/main.js';
import { stopAll } from '../../harness/processes.js';
import type { Verdict } from '../../harness/scenario.js';

let runs: HarnessRun[] = [];
beforeAll(async () => {
  runs = await runHarness('quick');
}, 240_000);
afterAll(stopAll);

const verdictsOf = (scenario: string): Verdict[] => runs.find((run) => run.scenario.name === scenario)?.result.verdicts ?? [];
const describeVerdicts = (verdicts: Verdict[]) => verdicts.map((verdict) => `${verdict.subject} / ${verdict.version}: ${verdict.ok ? 'passes' : 'fails'} (${verdict.why})`);

describe.each(scenarios('quick').map((scenario) => scenario.name))('scenario %s', (name) => {
  it('fails the leaky version of each program and passes its codemod-fixed version', () => {
    const verdicts = verdictsOf(name);
    expect(verdicts.length).toBeGreaterThanOrEqual(2);
    const subjects = new Set(verdicts.map((verdict) => verdict.subject));
    for (const subject of subjects) {
      const of = (version: string) => verdicts.filter((verdict) => verdict.subject === subject && verdict.version === version);
      expect(of('leaky').map((verdict) => verdict.ok), describeVerdicts(verdicts).join('\n')).toEqual([false]);
      expect(of('fixed').map((verdict) => verdict.ok), describeVerdicts(verdicts).join('\n')).toEqual([true]);
    }
  });

  it('draws both versions in every chart and fills every table row', () => {
    const run = runs.find((candidate) => candidate.scenario.name === name)!;
    for (const chart of run.result.charts) {
      const names = chart.series.map((series) => series.name);
      expect(names.some((series) => series.startsWith('leaky')), chart.file).toBe(true);
      expect(names.some((series) => series.startsWith('fixed')), chart.file).toBe(true);
      for (const series of chart.series) expect(series.points.length, `${chart.file} ${series.name}`).toBeGreaterThan(1);
    }
    for (const table of run.result.tables) {
      expect(table.rows.length).toBeGreaterThanOrEqual(2);
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
    }
  });
});
