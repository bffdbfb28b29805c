/**
 * `websocket-doctor fix`: the codemods over a code base. A dry run by default (a unified diff of
 * every file that would change); `--write` writes them, each atomically (a temporary file in the
 * same folder, with the original's mode, renamed over it) and only if nobody changed the file
 * since it was read. Ctrl-C stops the run between two files: a file is written whole or not at
 * all. Files are spread over worker threads when there are many.
 */
import { chmodSync, existsSync, linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import type { CompanionFile } from '../codemods/codemod.js';
import { codemodNamed } from '../codemods/registry.js';
import { unifiedDiff } from './diff.js';
import { Progress } from './progress.js';
import { transformFile, type CodemodRun, type FileOutcome, type FileStatus } from './transform-file.js';

export interface FixOptions {
  readonly run: CodemodRun;
  readonly write: boolean;
  /** Worker threads: a number, or undefined for "as many as the machine has cores, minus one". */
  readonly jobs: number | undefined;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Draw a progress bar (stderr is a terminal). */
  readonly progress: boolean;
}

export interface FixSummary {
  readonly counts: Readonly<Record<FileStatus, number>>;
  readonly outcomes: readonly FileOutcome[];
  /** New files the changed ones need (the queue module): created, or that would be. */
  readonly created: readonly string[];
  readonly interrupted: boolean;
  readonly seconds: number;
}

/** Below this many files, worker threads cost more than they save. */
const FILES_PER_WORKER = 150;

export async function fix(files: readonly string[], options: FixOptions): Promise<FixSummary> {
  const started = performance.now();
  const counts: Record<FileStatus, number> = { changed: 0, unchanged: 0, skipped: 0, failed: 0 };
  const outcomes: FileOutcome[] = [];
  const progress = new Progress(files.length, options.progress ? options.stderr : undefined);
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.on('SIGINT', onInterrupt);
  try {
    const handle = (outcome: FileOutcome) => {
      if (interrupted) return;
      const final = outcome.status === 'changed' && options.write ? write(outcome) : outcome;
      counts[final.status]++;
      outcomes.push(final);
      progress.tick();
    };
    const workers = workerCount(files.length, options.jobs);
    if (workers <= 1) {
      for (const file of files) {
        if (interrupted) break;
        handle(transformFile(file, options.run));
        // Let a pending Ctrl-C be seen between two files.
        if (files.length > 50) await new Promise((resolve) => setImmediate(resolve));
      }
    } else {
      await inWorkers(files, workers, options, handle, () => interrupted);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.done();
  }
  outcomes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const created: string[] = [];
  const changed = outcomes.flatMap((outcome) => (outcome.status === 'changed' && outcome.output !== undefined ? [{ file: outcome.file, output: outcome.output }] : []));
  for (const companion of interrupted ? [] : companionsOf(options.run, changed)) {
    if (!options.write) {
      options.stdout(unifiedDiff('', companion.text, '/dev/null', `b/${relativeName(companion.file, options.cwd)}`));
      created.push(companion.file);
      continue;
    }
    const error = create(companion);
    if (error) {
      counts.failed++;
      outcomes.push({ file: companion.file, status: 'failed', error, applied: 0, unresolved: [] });
    } else created.push(companion.file);
  }
  // A dry run shows what would change, file by file in path order, whatever thread did the work.
  if (!options.write) for (const outcome of outcomes) if (outcome.status === 'changed') options.stdout(diffOf(outcome, options.cwd));
  return { counts, outcomes, created, interrupted, seconds: (performance.now() - started) / 1000 };
}

/** The new files the run's codemods ask for, except those that exist already (the user's, or an earlier run's). */
function companionsOf(run: CodemodRun, changed: readonly { file: string; output: string }[]): CompanionFile[] {
  if (changed.length === 0) return [];
  const wanted = run.codemods.flatMap((name) => codemodNamed(name)?.companionFiles?.(changed, run.options, run.root) ?? []);
  return wanted.filter((companion) => !existsSync(companion.file) && !existsSync(companion.file.replace(/\.ts$/, '.js')) && !existsSync(companion.file.replace(/\.js$/, '.ts')));
}

/** Creates a new file whole, and never over one that appeared meanwhile (a hard link fails if the name is taken). */
function create(companion: CompanionFile): string | undefined {
  const temporary = path.join(path.dirname(companion.file), `.${path.basename(companion.file)}.websocket-doctor-${process.pid}.tmp`);
  try {
    writeFileSync(temporary, companion.text);
    linkSync(temporary, companion.file);
    return undefined;
  } catch (error) {
    return `${companion.file}: cannot create: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    rmSync(temporary, { force: true });
  }
}

function relativeName(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

/** The unified diff of a changed file, with paths relative to the working folder (as git shows them). */
function diffOf(outcome: FileOutcome, cwd: string): string {
  const name = relativeName(outcome.file, cwd);
  return unifiedDiff(outcome.input!, outcome.output!, `a/${name}`, `b/${name}`);
}

/** Writes a changed file atomically, unless it changed on disk since it was read. */
function write(outcome: FileOutcome): FileOutcome {
  const { file } = outcome;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.websocket-doctor-${process.pid}.tmp`);
  try {
    if (readFileSync(file, 'utf8') !== outcome.input) {
      return { ...outcome, status: 'failed', error: `${file}: changed on disk while the codemods ran; left as it is`, output: undefined };
    }
    const mode = statSync(file).mode & 0o7777;
    writeFileSync(temporary, outcome.output!, { mode });
    chmodSync(temporary, mode);
    renameSync(temporary, file);
    return outcome;
  } catch (error) {
    rmSync(temporary, { force: true });
    return { ...outcome, status: 'failed', error: `${file}: cannot write: ${error instanceof Error ? error.message : String(error)}`, output: undefined };
  }
}

function workerCount(files: number, jobs: number | undefined): number {
  const cores = Math.max(1, availableParallelism() - 1);
  const wanted = jobs ?? cores;
  return Math.max(1, Math.min(wanted, Math.floor(files / FILES_PER_WORKER)));
}

/** Spreads files over worker threads (a file at a time from a shared queue); outcomes come back in any order. */
async function inWorkers(
  files: readonly string[],
  count: number,
  options: FixOptions,
  handle: (outcome: FileOutcome) => void,
  interrupted: () => boolean,
): Promise<void> {
  let next = 0;
  const script = new URL('./fix-worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: count }, () => {
      const worker = new Worker(script, { workerData: options.run });
      return new Promise<void>((resolve, reject) => {
        const feed = () => {
          if (interrupted() || next >= files.length) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage(files[next++]);
        };
        worker.on('message', (outcome: FileOutcome) => {
          handle(outcome);
          feed();
        });
        worker.on('error', reject);
        feed();
      });
    }),
  );
}
