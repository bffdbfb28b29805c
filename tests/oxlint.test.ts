/**
 * The plugin loaded by oxlint through `jsPlugins`, with the README's `.oxlintrc.json` read from
 * README.md: oxlint must report exactly what ESLint reports with the `recommended` config, over
 * the examples.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import plugin from '../index.js';
import { byPosition, eslintBin, eslintFindings, exampleTree, root, runNode, sourceFiles, type Finding } from './lint-tree.js';

const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const oxlintrc = /<!-- readme-snippet: oxlintrc -->\n```json\n([\s\S]*?)\n```\n/.exec(readme)?.[1];
const oxlintBin = path.join(root, 'node_modules/oxlint/bin/oxlint');

const eslintConfig = `import websocket from 'eslint-plugin-websocket';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
  websocket.configs.recommended,
];
`;

interface OxlintDiagnostic {
  message: string;
  code: string;
  filename: string;
  labels: { span: { line: number; column: number } }[];
}

let dir: string | undefined;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('oxlint', () => {
  it("README's .oxlintrc.json turns on exactly the recommended rules", () => {
    expect(oxlintrc, 'README.md has no oxlintrc snippet').toBeDefined();
    const config = JSON.parse(oxlintrc!) as { jsPlugins: string[]; rules: Record<string, unknown> };
    expect(config.jsPlugins).toEqual(['eslint-plugin-websocket']);
    expect(config.rules).toEqual(plugin.configs.recommended.rules);
  });

  it('reports what ESLint reports over the examples', async () => {
    dir = exampleTree('oxlint', 1, { '.oxlintrc.json': oxlintrc!, 'eslint.config.js': eslintConfig });
    const files = sourceFiles(dir);
    expect(files.length).toBeGreaterThan(10);

    const version = await runNode([oxlintBin, '--version'], dir);
    expect(version.stdout).toMatch(/\d+\.\d+\.\d+/);
    const ox = await runNode([oxlintBin, '-c', '.oxlintrc.json', '--format', 'json', ...files], dir);
    expect(ox.code, ox.stderr).toBe(1);
    const diagnostics = (JSON.parse(ox.stdout) as { diagnostics: OxlintDiagnostic[] }).diagnostics;
    // oxlint's own default rules may report the examples too; compare this plugin's findings.
    const fromOxlint: Finding[] = diagnostics
      .map((d): Finding | undefined => {
        const rule = /^websocket\((.+)\)$/.exec(d.code)?.[1];
        if (!rule) return undefined;
        return { file: d.filename, line: d.labels[0]!.span.line, column: d.labels[0]!.span.column, ruleId: `websocket/${rule}`, message: d.message };
      })
      .filter((f): f is Finding => f !== undefined)
      .sort(byPosition);

    const es = await runNode([eslintBin, '--format', 'json', ...files], dir);
    expect(es.code, es.stderr).toBe(1);
    const fromEslint = eslintFindings(dir, es.stdout);

    expect(fromEslint.length).toBeGreaterThan(10);
    expect(fromOxlint).toEqual(fromEslint);
  }, 120_000);
});
