/**
 * One file through the codemods, as the fix command and its worker threads do it: read, transform
 * (codemods/run.ts re-parses and re-checks the result), and say what happened.
 */
import { readFileSync } from 'node:fs';

import type { CodemodOptions } from '../codemods/codemod.js';
import type { ProjectKnowledge } from '../facts/types.js';
import { codemodNamed } from '../codemods/registry.js';
import { transformSource } from '../codemods/run.js';

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'failed';

export interface FileOutcome {
  readonly file: string;
  readonly status: FileStatus;
  /** The new text, for a changed file. */
  readonly output?: string;
  /** The original text, for a changed file (the diff, and a check that nobody wrote it meanwhile). */
  readonly input?: string;
  readonly error?: string;
  /** How many plans were applied. */
  readonly applied: number;
  /** Findings the codemods mean to fix that are still there (for a reviewer). */
  readonly unresolved: readonly { readonly rule: string; readonly line: number; readonly column: number }[];
}

/** What every file of a run gets: the codemods, their options, the folder the files share. */
export interface CodemodRun {
  readonly codemods: readonly string[];
  readonly options: CodemodOptions;
  readonly root: string | undefined;
  /** --project: what the project says about each file's imports, by file (plain data, for worker threads). */
  readonly project?: Readonly<Record<string, ProjectKnowledge>>;
}

export function transformFile(file: string, run: CodemodRun): FileOutcome {
  let input: string;
  try {
    input = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, status: 'failed', error: `${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`, applied: 0, unresolved: [] };
  }
  const codemods = run.codemods.map((name) => codemodNamed(name)!);
  let result;
  try {
    result = transformSource(input, file, codemods, { options: run.options, root: run.root, project: run.project?.[file] });
  } catch (error) {
    // A bug of ours: the file is left alone and the run goes on.
    return { file, status: 'failed', error: `${file}: the transform failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, applied: 0, unresolved: [] };
  }
  const unresolved = result.unresolved.map((finding) => ({ rule: finding.rule, line: finding.node.loc.start.line, column: finding.node.loc.start.column + 1 }));
  if (result.error) return { file, status: 'failed', error: result.error, applied: 0, unresolved };
  if (!result.changed) return { file, status: result.checked ? 'unchanged' : 'skipped', applied: 0, unresolved };
  return { file, status: 'changed', output: result.output, input, applied: result.applied.length, unresolved };
}
