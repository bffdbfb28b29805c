// npm run harness [-- --quick] [--only lifetime,flood,silent-client,half-open,herd] [--out <folder>]
//
// Runs each incident's leaky example and its codemod-fixed copy (migrated by the CLI, see
// migrate.ts) as real servers and clients on loopback, prints a before/after table per scenario
// and a verdict per program, and writes one SVG chart per measurement to the output folder
// (docs/harness by default, with the tables into docs/harness.md; elsewhere into results.md). Exit code 1 when a verdict is not the
// expected one (the leaky version must fail, the fixed one pass), 2 on wrong usage.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { migrateExamples, type Versions } from './migrate.js';
import { ROOT, stopAll } from './processes.js';
import { markdownTable, svgChart, verdictLines } from './report.js';
import type { Scale, Scenario, ScenarioResult } from './scenario.js';
import { flood, silentClient } from './scenarios/flood.js';
import { halfOpen } from './scenarios/half-open.js';
import { herd } from './scenarios/herd.js';
import { lifetime } from './scenarios/lifetime.js';

export function scenarios(scale: Scale): Scenario[] {
  return [lifetime, flood, silentClient, halfOpen(scale === 'quick' ? 400 : 1000), herd];
}

export interface HarnessRun {
  scenario: Scenario;
  result: ScenarioResult;
}

/** Runs the scenarios in turn, each against a migration with its codemod options. */
export async function runHarness(scale: Scale, only?: string[], log: (line: string) => void = () => {}): Promise<HarnessRun[]> {
  const migrations = new Map<string, Versions>();
  const runs: HarnessRun[] = [];
  try {
    for (const scenario of scenarios(scale)) {
      if (only && !only.includes(scenario.name)) continue;
      const key = JSON.stringify(scenario.codemodOptions ?? {});
      let versions = migrations.get(key);
      if (!versions) {
        versions = await migrateExamples(scenario.codemodOptions);
        migrations.set(key, versions);
      }
      const started = performance.now();
      log(`${scenario.name} (seed ${scenario.seed})…`);
      runs.push({ scenario, result: await scenario.run(versions, scale) });
      log(`${scenario.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    stopAll();
    for (const versions of migrations.values()) await versions.remove();
  }
  return runs;
}

/** Whether every leaky version failed and every fixed version passed. */
export function asExpected(runs: HarnessRun[]): boolean {
  return runs.every(({ result }) => result.verdicts.every((verdict) => (verdict.version === 'fixed' ? verdict.ok : !verdict.ok)));
}

const DOCS = path.join(ROOT, 'docs', 'harness');
const BEGIN = '<!-- begin harness results (npm run harness writes this part) -->';
const END = '<!-- end harness results -->';

/**
 * Into docs/harness.md, between its markers, when the charts go to docs/harness (so that the page
 * always shows the tables of the run its charts come from); anywhere else, into results.md.
 */
async function writeResults(out: string, markdown: string): Promise<string> {
  if (path.resolve(out) === DOCS) {
    const page = `${DOCS}.md`;
    const text = await readFile(page, 'utf8');
    const begin = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (begin === -1 || end < begin) throw new Error(`${page} has lost its markers (${BEGIN} … ${END})`);
    const relinked = markdown.replaceAll('](', '](harness/');
    await writeFile(page, `${text.slice(0, begin + BEGIN.length)}\n\n${relinked}\n${text.slice(end)}`);
    return page;
  }
  const file = path.join(out, 'results.md');
  await writeFile(file, markdown);
  return file;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string', default: DOCS } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run harness [-- --quick] [--only <scenario>,…] [--out <folder>]`);
    return 2;
  }
  const scale: Scale = values.quick ? 'quick' : 'full';
  const only = values.only?.split(',');
  const known = scenarios(scale).map((scenario) => scenario.name);
  const unknown = only?.filter((name) => !known.includes(name)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(', ')}; the scenarios: ${known.join(', ')}`);
    return 2;
  }
  const runs = await runHarness(scale, only, (line) => console.error(line));
  const markdown: string[] = [`Scale: ${scale}; Node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}.`, ''];
  await mkdir(values.out, { recursive: true });
  for (const { scenario, result } of runs) {
    console.log(`\n== ${scenario.name} (seed ${scenario.seed})\n`);
    markdown.push(`### ${scenario.name} (seed ${scenario.seed})`, '');
    for (const table of result.tables) {
      console.log(`${markdownTable(table)}\n`);
      markdown.push(markdownTable(table), '');
    }
    for (const line of verdictLines(result.verdicts)) console.log(line);
    markdown.push(...verdictLines(result.verdicts).map((line) => `- ${line}`), '');
    for (const chart of result.charts) {
      await writeFile(path.join(values.out, `${chart.file}.svg`), svgChart(chart));
      markdown.push(`![${chart.title}](${chart.file}.svg)`, '');
    }
  }
  const report = await writeResults(values.out, markdown.join('\n'));
  const ok = asExpected(runs);
  console.log(`\n${ok ? 'Every leaky version failed and every codemod-fixed version passed.' : 'Some verdicts were not the expected ones (see UNEXPECTED above).'}`);
  console.log(`Tables and charts: ${path.relative(process.cwd(), report)}`);
  return ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main().catch((error: unknown) => {
    console.error(error);
    return 1;
  });
}
