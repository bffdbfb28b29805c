#!/usr/bin/env node
// npm run corpus:clients: the client-lifecycle corpus (bench/clients.json). Each entry names a
// public repository, a commit and a file, reviewed by hand, with the findings
// require-socket-owner-cleanup must report there (`must`), may report (`may`: a judgement call,
// such as an app's root component), and, implicitly, must not report (anything else is a hard
// false positive). The files are not in this repository: they are read from local clones
// (`--mirror DIR`, default $CLIENT_CORPUS_DIR or /work/.mirror, one `owner+name/repo` git
// directory per repository, as `git clone --bare` or a snapshot leaves it). Entries whose file is
// missing are listed as skipped, not counted.
//
// Prints recall on `must` findings and the false positives; exit code 1 when a rule crashed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { benchDir, loadPlugin, repoDir } from './lib.mjs';

const RULE = 'websocket/require-socket-owner-cleanup';
const args = process.argv.slice(2);
const mirrorFlag = args.indexOf('--mirror');
const mirror = mirrorFlag >= 0 ? args[mirrorFlag + 1] : process.env.CLIENT_CORPUS_DIR ?? '/work/.mirror';
const verbose = args.includes('--verbose');

const { entries } = JSON.parse(readFileSync(path.join(benchDir, 'clients.json'), 'utf8'));
const { Linter } = await import(path.join(repoDir, 'node_modules/eslint/lib/api.js'));
const tseslint = (await import(path.join(repoDir, 'node_modules/typescript-eslint/dist/index.js'))).default;
const vueParser = (await import('vue-eslint-parser')).default;
const svelteParser = await import('svelte-eslint-parser');
const plugin = await loadPlugin();
const linter = new Linter({ configType: 'flat', cwd: repoDir });
const config = [
  { files: ['**/*.{js,jsx,mjs}'], languageOptions: { sourceType: 'module', ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
  { files: ['**/*.vue'], languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } } },
  { files: ['**/*.svelte'], languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser } } },
  { files: ['**/*.{js,jsx,mjs,ts,tsx,mts,cts,vue,svelte}'], plugins: { websocket: plugin }, rules: { [RULE]: 'error' } },
];

function gitDir(repo) {
  const base = path.join(mirror, repo.replace('/', '+'), 'repo');
  return existsSync(path.join(base, '.git')) ? path.join(base, '.git') : base;
}

function readAt(repo, commit, file) {
  try {
    return execFileSync('git', ['--git-dir', gitDir(repo), 'show', `${commit}:${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

const totals = { files: 0, skipped: [], must: 0, found: 0, may: 0, mayFound: 0, falsePositives: [], missed: [], crashes: [] };
for (const entry of entries) {
  const text = readAt(entry.repo, entry.commit, entry.path);
  if (text === undefined) {
    totals.skipped.push(`${entry.repo}:${entry.path}`);
    continue;
  }
  totals.files++;
  const filename = path.join(repoDir, '.clients', entry.repo, entry.path);
  let messages;
  try {
    messages = linter.verify(text, config, { filename });
  } catch (error) {
    totals.crashes.push(`${entry.repo}:${entry.path}: ${error.message}`);
    continue;
  }
  const fatal = messages.find((m) => m.fatal);
  if (fatal) {
    totals.crashes.push(`${entry.repo}:${entry.path}: parse error ${fatal.message}`);
    continue;
  }
  const own = messages.filter((m) => m.ruleId === RULE);
  const matched = new Set();
  for (const expected of entry.expect) {
    const hit = own.find((m) => m.line === expected.line && m.messageId === expected.messageId);
    if (hit) matched.add(hit);
    if (expected.level === 'must') {
      totals.must++;
      if (hit) totals.found++;
      else totals.missed.push(`${entry.repo}:${entry.path}:${expected.line} ${expected.messageId} (${expected.why})`);
    } else {
      totals.may++;
      if (hit) totals.mayFound++;
    }
  }
  for (const message of own) {
    if (!matched.has(message)) totals.falsePositives.push(`${entry.repo}:${entry.path}:${message.line} ${message.messageId}`);
  }
  if (verbose) console.log(`${entry.repo}:${entry.path}: ${own.map((m) => `${m.line} ${m.messageId}`).join(', ') || 'no finding'}`);
}

const recall = totals.must === 0 ? 1 : totals.found / totals.must;
console.log(`client corpus: ${totals.files} files linted, ${totals.skipped.length} skipped (not in ${mirror})`);
console.log(`must findings: ${totals.found}/${totals.must} found (recall ${(recall * 100).toFixed(1)}%); may findings: ${totals.mayFound}/${totals.may} reported`);
console.log(`hard false positives: ${totals.falsePositives.length}`);
for (const line of totals.missed) console.log(`  missed: ${line}`);
for (const line of totals.falsePositives) console.log(`  false positive: ${line}`);
for (const line of totals.skipped) console.log(`  skipped: ${line}`);
for (const line of totals.crashes) console.log(`  crash: ${line}`);
process.exitCode = totals.crashes.length > 0 ? 1 : 0;
