// What every scenario returns: a table for people, charts for people who would rather look, and
// verdicts the harness (and its test) hold against the expectation that the leaky version fails
// and the codemod-fixed one passes.
import type { Versions } from './migrate.js';

export type Version = 'leaky' | 'fixed';
export const VERSIONS: readonly Version[] = ['leaky', 'fixed'];

export interface Verdict {
  scenario: string;
  /** Which program of the scenario (a scenario may run several). */
  subject: string;
  version: Version;
  /** True when the version behaved (no leak, bounded, spread out). */
  ok: boolean;
  /** The measured numbers against the threshold, in one line. */
  why: string;
}

export interface Table {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface Series {
  name: string;
  points: Array<[number, number]>;
  dashed?: boolean;
}

export interface Chart {
  /** File name (without .svg) under the output folder. */
  file: string;
  title: string;
  x: string;
  y: string;
  series: Series[];
}

export interface ScenarioResult {
  tables: Table[];
  charts: Chart[];
  verdicts: Verdict[];
}

/** `quick`: the size `npm test` runs (seconds); `full`: `npm run harness`. */
export type Scale = 'quick' | 'full';

export interface Scenario {
  name: string;
  /** The incident it reproduces. */
  seed: string;
  /** Options for the migration (`websocket-doctor fix --all --option name=value`) it runs against. */
  codemodOptions?: Record<string, string | number>;
  run(versions: Versions, scale: Scale): Promise<ScenarioResult>;
}

export const MiB = 1024 * 1024;
export const mib = (bytes: number) => (bytes / MiB).toFixed(1);
