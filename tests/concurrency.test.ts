/**
 * ESLint's multithread linting (`--concurrency`, worker threads that each load the config and the
 * plugin) must give exactly the findings of a serial run. The examples are copied several times so
 * that `auto` has enough files to start workers on a machine with four cores or more (ESLint
 * starts one worker per 50 files, up to half the cores); `--concurrency 2` starts workers on any
 * machine.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';

import { afterAll, describe, expect, it } from 'vitest';

import { eslintBin, eslintFindings, exampleTree, runNode, sourceFiles } from './lint-tree.js';

const COPIES = 8;

const eslintConfig = `import websocket from 'eslint-plugin-websocket';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
  websocket.configs.strict,
];
`;

let dir: string | undefined;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Lints the tree; returns the findings and the number of worker threads ESLint says it used. */
async function lint(concurrency: string) {
  const result = await runNode([eslintBin, '--format', 'json', '--concurrency', concurrency, '.'], dir!, { DEBUG: 'eslint:eslint' });
  expect(result.code, result.stderr.slice(-2000)).toBe(1);
  const workers = /Linting using (\d+) worker thread/.exec(result.stderr);
  const files = (JSON.parse(result.stdout) as unknown[]).length;
  return { findings: eslintFindings(dir!, result.stdout), workers: workers ? Number(workers[1]) : 0, files };
}

describe('eslint --concurrency', () => {
  it('finds in worker threads exactly what a serial run finds', async () => {
    dir = exampleTree('concurrency', COPIES, { 'eslint.config.js': eslintConfig });
    const serial = await lint('off');
    expect(serial.files).toBeGreaterThanOrEqual(sourceFiles(dir).length);
    expect(serial.workers).toBe(0);
    expect(serial.findings.length).toBeGreaterThan(COPIES * 10);

    const two = await lint('2');
    expect(two.workers).toBe(2);
    expect(two.findings).toEqual(serial.findings);

    // What ESLint's `auto` starts here: one worker per 50 files, at most half the cores, none for one.
    const auto = await lint('auto');
    const expected = Math.min(Math.ceil(serial.files / 50), os.availableParallelism() >> 1);
    expect(auto.workers).toBe(expected > 1 ? expected : 0);
    expect(auto.findings).toEqual(serial.findings);
  }, 300_000);
});
