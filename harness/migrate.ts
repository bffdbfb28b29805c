// The codemod-fixed versions the harness runs are never written by hand: examples/ is copied to a
// temporary folder and migrated there by the built CLI, `websocket-doctor fix --all --write`, the
// way a user would migrate their repository. The leaky versions are the files in examples/.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from './processes.js';

export interface Versions {
  /** `rel` under examples/ as it shipped (leaky) and as the CLI migrated it (fixed). */
  leaky(rel: string): string;
  fixed(rel: string): string;
  /** The CLI's summary of the run (files written, unchanged, failed). */
  summary: string;
  remove(): Promise<void>;
}

/**
 * `options`: codemod options for the run (`--option name=value`); the harness shortens the
 * heartbeat so that a scenario takes seconds, not minutes.
 */
export async function migrateExamples(options: Record<string, string | number> = {}): Promise<Versions> {
  const copy = await mkdtemp(path.join(os.tmpdir(), 'websocket-harness-'));
  await cp(path.join(ROOT, 'examples'), path.join(copy, 'examples'), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  await writeFile(path.join(copy, 'package.json'), '{ "type": "module" }\n'); // as this package's own
  const cli = path.join(ROOT, 'dist', 'cli', 'websocket-doctor.js');
  const args = [cli, 'fix', '--all', '--write', ...Object.entries(options).flatMap(([name, value]) => ['--option', `${name}=${value}`]), 'examples'];
  const run = spawnSync(process.execPath, args, { cwd: copy, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`websocket-doctor fix exited with ${run.status} on the copy of examples/ (is dist/ built?):\n${run.stderr}`);
  }
  const summary = run.stderr; // the CLI writes its summary to stderr
  return {
    leaky: (rel) => path.join(ROOT, 'examples', rel),
    fixed: (rel) => path.join(copy, 'examples', rel),
    summary,
    remove: () => rm(copy, { recursive: true, force: true }),
  };
}
