#!/usr/bin/env node
// The demo: lint the bundled examples with the plugin's `strict` preset and print what it finds.
// Each leaky example names the rules that must report it on an `// expect-findings:` line; fixed
// examples must be clean. Rules named there that do not exist yet are listed as pending.
// The exit code says whether every expectation held.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import plugin from '../dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tseslint.parser } },
    { files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'], ...plugin.configs.strict },
  ],
});

const results = await eslint.lintFiles(['examples/**/*.{js,ts}']);
const implemented = new Set(Object.keys(plugin.rules));
let unexpected = 0;
for (const result of results.sort((a, b) => a.filePath.localeCompare(b.filePath))) {
  const file = path.relative(root, result.filePath);
  const expectLine = /^\/\/ expect-findings: (.*)$/m.exec(readFileSync(result.filePath, 'utf8'));
  const expected = expectLine ? expectLine[1].split(',').map((name) => name.trim()) : [];
  const reported = new Set(result.messages.map((message) => message.ruleId?.replace(/^websocket\//, '')));
  const missing = expected.filter((rule) => implemented.has(rule) && !reported.has(rule));
  const pending = expected.filter((rule) => !implemented.has(rule));
  const problems = [];
  if (expected.length === 0 && result.messages.length > 0) problems.push('expected no findings');
  if (missing.length > 0) problems.push(`expected findings from ${missing.join(', ')}`);
  if (result.messages.some((message) => message.fatal)) problems.push('could not be parsed');
  if (problems.length > 0) unexpected++;
  const count = result.messages.length;
  console.log(`${problems.length === 0 ? '✓' : '✗'} ${file} — ${count} finding${count === 1 ? '' : 's'}${problems.length ? ` (${problems.join('; ')})` : ''}`);
  for (const message of result.messages) {
    console.log(`    ${message.line}:${message.column}  ${message.ruleId ?? 'parse'}  ${message.message}`);
  }
  if (pending.length > 0) console.log(`    (also expected once implemented: ${pending.join(', ')})`);
}
const total = results.reduce((sum, r) => sum + r.messages.length, 0);
console.log(`\n${results.length} files, ${total} findings; ${unexpected === 0 ? 'every leaky example reported by its implemented rules, every other file clean' : `${unexpected} file(s) not as expected`}.`);
process.exitCode = unexpected === 0 ? 0 : 1;
