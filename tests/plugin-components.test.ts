/**
 * Component files as users lint them: `.vue` files through vue-eslint-parser and `.svelte` files
 * through svelte-eslint-parser (each with typescript-eslint for `lang="ts"` scripts), with the
 * plugin loaded from the built package by the ESLint 10 and ESLint 9 CLIs, the configuration the
 * README's "Vue and Svelte" section shows. The samples are tests/fixtures/components.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'tests/fixtures/components');
const workDir = path.join(root, 'tests/.tmp/component-consumers');

const config = `import websocket from 'eslint-plugin-websocket';
import svelteParser from 'svelte-eslint-parser';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

export default [
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    files: ['**/*.svelte'],
    languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser } },
  },
  websocket.configs.recommended,
];
`;

const eslintBins = {
  'ESLint 10': path.join(root, 'node_modules/eslint/bin/eslint.js'),
  'ESLint 9': path.join(root, 'node_modules/eslint-v9/bin/eslint.js'),
} as const;

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; messageId?: string; message: string }[];
}

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.each(Object.entries(eslintBins))('.vue and .svelte files, %s', (label, bin) => {
  it('are parsed by their parsers and reported on', async () => {
    const dir = path.join(workDir, label.replace(' ', ''));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'eslint.config.js'), config);
    for (const file of readdirSync(fixtures)) copyFileSync(path.join(fixtures, file), path.join(dir, file));
    // ESLint exits 1 when it reports problems; the JSON is on stdout either way.
    const { stdout } = await run(process.execPath, [bin, '--format', 'json', '.'], { cwd: dir }).catch((error: { stdout?: string; stderr?: string; code?: number }) => {
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw new Error(`eslint failed: ${error.stderr ?? String(error)}`);
    });
    const results = JSON.parse(stdout) as LintResult[];
    const linted = results.map((r) => path.basename(r.filePath)).sort();
    expect(linted).toEqual(['Feed.svelte', 'Feed.vue', 'Options.vue', 'Ticker.svelte', 'Ticker.vue', 'eslint.config.js']);
    // No parse or configuration problems (they carry no rule id).
    expect(results.flatMap((r) => r.messages).filter((m) => m.ruleId === null)).toEqual([]);
    const found = results
      .flatMap((r) => r.messages.filter((m) => m.ruleId === 'websocket/require-socket-owner-cleanup').map((m) => `${path.basename(r.filePath)}:${m.line}`))
      .sort();
    expect(found).toEqual([
      // A Svelte instance script runs once per component: its socket is the component's.
      'Feed.svelte:3',
      // <script setup lang="ts">, onMounted without an unmount hook.
      'Feed.vue:10',
      // The options API's mounted() with no beforeUnmount/unmounted.
      'Options.vue:9',
      // Not reported: Ticker.vue closes in onBeforeUnmount; Ticker.svelte's onMount returns a
      // cleanup, and its <script context="module"> socket is the app's.
    ]);
  }, 60_000);
});
