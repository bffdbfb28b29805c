/**
 * eslint-plugin-websocket: the plugin object. Configs are derived from each rule's
 * `meta.docs.recommended` ('recommended' ⊂ 'strict'), never kept by hand; `strict` also sets
 * the `strict` option of each rule that has one (its strict-only findings).
 */
import { createRequire } from 'node:module';

import type { ESLint, Linter } from 'eslint';

import { rules } from './rules/index.js';

/** package.json sits beside this file in the sources and one level up in `dist/`. */
function readPackageJson(): { name: string; version: string } {
  const require = createRequire(import.meta.url);
  for (const candidate of ['../package.json', './package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'eslint-plugin-websocket' && pkg.version) return { name: pkg.name, version: pkg.version };
    } catch {
      // not at this level
    }
  }
  throw new Error('eslint-plugin-websocket: cannot find its package.json');
}

const { name, version } = readPackageJson();

export type ConfigName = 'recommended' | 'strict';

const PREFIX = 'websocket';

function presetRules(preset: ConfigName): Linter.RulesRecord {
  const entries = Object.entries(rules).filter(([, rule]) => {
    const level = rule.meta.docs?.recommended;
    if (preset === 'strict') return level === 'recommended' || level === 'strict';
    return level === 'recommended';
  });
  // The strict config also turns on each rule's strict-only findings.
  const level = (rule: (typeof entries)[number][1]) => (preset === 'strict' && hasStrictOption(rule) ? ['error', { strict: true }] : 'error');
  return Object.fromEntries(entries.map(([ruleName, rule]) => [`${PREFIX}/${ruleName}`, level(rule)])) as Linter.RulesRecord;
}

function hasStrictOption(rule: { meta: { schema?: unknown } }): boolean {
  const schema = rule.meta.schema;
  const first = Array.isArray(schema) ? (schema[0] as { properties?: Record<string, unknown> } | undefined) : undefined;
  return first?.properties?.strict !== undefined;
}

const plugin = {
  meta: { name, version, namespace: PREFIX },
  // typescript-eslint's RuleModule is not assignable to ESLint's own rule type (toolchain.md P4).
  rules: rules as unknown as NonNullable<ESLint.Plugin['rules']>,
  configs: {} as Record<ConfigName, Linter.Config>,
} satisfies ESLint.Plugin;

for (const preset of ['recommended', 'strict'] as const) {
  plugin.configs[preset] = {
    name: `${PREFIX}/${preset}`,
    plugins: { [PREFIX]: plugin },
    rules: presetRules(preset),
  };
}

export default plugin;
