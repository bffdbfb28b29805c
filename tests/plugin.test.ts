/**
 * The plugin as users load it: from the built package, through the ESLint CLI, with ESM, CommonJS
 * and TypeScript config files, under ESLint 10 and ESLint 9, with the typescript-eslint parser for
 * .ts files and ESLint's default parser for .js files.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../index.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const workDir = path.join(root, 'tests/.tmp/consumers');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

type RuleMeta = { meta: { docs?: { recommended?: string } } };
const rules = plugin.rules as unknown as Record<string, RuleMeta>;

describe('plugin object', () => {
  it('names itself after the package', () => {
    expect(plugin.meta).toMatchObject({ name: packageJson.name, version: packageJson.version });
  });

  it('derives each config from the rules metadata', () => {
    const level = (name: string) => rules[name]!.meta.docs?.recommended;
    const enabled = (config: 'recommended' | 'strict') => Object.keys(plugin.configs[config].rules ?? {}).sort();
    const names = Object.keys(rules);
    expect(Object.keys(plugin.configs).sort()).toEqual(['recommended', 'strict']);
    expect(enabled('recommended')).toEqual(names.filter((n) => level(n) === 'recommended').map((n) => `websocket/${n}`).sort());
    expect(enabled('strict')).toEqual(
      names.filter((n) => level(n) === 'recommended' || level(n) === 'strict').map((n) => `websocket/${n}`).sort(),
    );
    for (const config of Object.values(plugin.configs)) expect(config.plugins?.websocket).toBe(plugin);
  });

  it('turns on the strict-only findings of the rules that have them in strict, and only there', () => {
    const strictOptionRules = Object.keys(rules).filter((name) => {
      const schema = (rules[name]!.meta as { schema?: { properties?: Record<string, unknown> }[] }).schema ?? [];
      return schema[0]?.properties?.strict !== undefined;
    });
    expect(strictOptionRules).toContain('require-reconnect-backoff');
    for (const name of strictOptionRules) {
      expect(plugin.configs.strict.rules?.[`websocket/${name}`]).toEqual(['error', { strict: true }]);
      expect(plugin.configs.recommended.rules?.[`websocket/${name}`] ?? 'error').toBe('error');
    }
  });
});

const serverTs = `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws: import('ws').WebSocket) => {
  ws.on('message', (data) => ws.send(data));
});
`;
const clientJs = `import WebSocket from 'ws';
const ws = new WebSocket('ws://127.0.0.1:1');
ws.on('open', () => ws.send('hi'));
`;

const configs = {
  'eslint.config.js': `import websocket from 'eslint-plugin-websocket';
import tseslint from 'typescript-eslint';
export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  websocket.configs.recommended,
];
`,
  'eslint.config.cjs': `const websocket = require('eslint-plugin-websocket').default;
const tseslint = require('typescript-eslint');
module.exports = [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  websocket.configs.recommended,
];
`,
  'eslint.config.ts': `import websocket from 'eslint-plugin-websocket';
import tseslint from 'typescript-eslint';
import type { Linter } from 'eslint';
const config: Linter.Config[] = [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser } },
  websocket.configs.recommended,
];
export default config;
`,
} as const;

const eslintBins = {
  'ESLint 10': path.join(root, 'node_modules/eslint/bin/eslint.js'),
  'ESLint 9': path.join(root, 'node_modules/eslint-v9/bin/eslint.js'),
} as const;

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; message: string }[];
}

async function lintWith(bin: string, configFile: keyof typeof configs, dirName: string): Promise<{ version: string; results: LintResult[] }> {
  const dir = path.join(workDir, dirName);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, configFile), configs[configFile]);
  writeFileSync(path.join(dir, 'server.ts'), serverTs);
  writeFileSync(path.join(dir, 'client.js'), clientJs);
  const { stdout: version } = await run(process.execPath, [bin, '--version'], { cwd: dir });
  // ESLint exits 1 when it reports problems; the JSON is on stdout either way.
  const { stdout } = await run(process.execPath, [bin, '--format', 'json', 'server.ts', 'client.js'], { cwd: dir }).catch(
    (error: { stdout?: string; stderr?: string; code?: number }) => {
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw new Error(`eslint failed: ${error.stderr ?? String(error)}`);
    },
  );
  return { version: version.trim(), results: JSON.parse(stdout) as LintResult[] };
}

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.each(Object.entries(eslintBins))('loaded by %s', (label, bin) => {
  const configFiles = Object.keys(configs) as (keyof typeof configs)[];
  it.each(configFiles)('from %s, reporting on .ts (typescript-eslint parser) and .js (default parser)', async (configFile) => {
    const { version, results } = await lintWith(bin, configFile, `${label.replace(' ', '')}-${configFile}`);
    expect(version).toMatch(label === 'ESLint 10' ? /^v10\./ : /^v9\./);
    // No parse or configuration problems (they carry no rule id).
    expect(results.flatMap((r) => r.messages).filter((m) => m.ruleId === null)).toEqual([]);
    // Only require-error-listener's findings: other recommended rules may report the fixtures too.
    const byFile = Object.fromEntries(
      results.map((r) => [path.basename(r.filePath), r.messages.filter((m) => m.ruleId === 'websocket/require-error-listener')]),
    );
    expect(byFile['server.ts']).toEqual([
      expect.objectContaining({ ruleId: 'websocket/require-error-listener', line: 3 }),
    ]);
    expect(byFile['client.js']).toEqual([
      expect.objectContaining({ ruleId: 'websocket/require-error-listener', line: 2 }),
    ]);
  });
});
