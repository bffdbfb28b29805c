// Shared by corpus.mjs and bench.mjs: which files make up the corpus, and the lint configs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoDir = path.resolve(benchDir, '..');
export const corpus = JSON.parse(readFileSync(path.join(benchDir, 'corpus.json'), 'utf8'));

const SOURCE = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
const MAX_BYTES = 1024 * 1024;

/** Source files of one installed package (its own files, not its dependencies'), sorted. */
export function packageFiles(root, name) {
  const dir = path.join(root, name);
  const files = [];
  const visit = (current) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isSymbolicLink()) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') visit(full);
      } else if (SOURCE.test(entry.name) && !DECLARATION.test(entry.name) && !entry.name.endsWith('.min.js')) {
        if (statSync(full).size <= MAX_BYTES) files.push(full);
      }
    }
  };
  visit(dir);
  return files.sort();
}

export function packageVersion(root, name) {
  try {
    return JSON.parse(readFileSync(path.join(root, name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** A few core rules: what "linting without this plugin" costs. */
const BASELINE_RULES = { 'no-debugger': 'error', 'no-dupe-keys': 'error', eqeqeq: 'error', 'prefer-const': 'error', 'no-unused-vars': 'warn' };

/**
 * Flat config for one kind of run. `.js` files are parsed as modules; `commonjsJs` is the retry
 * config for `.js` files that only parse as scripts (CommonJS with `with`, octal literals…).
 */
export async function lintConfig({ plugin, commonjsJs = false, baselineRules = true }) {
  const tseslint = (await import(path.join(repoDir, 'node_modules/typescript-eslint/dist/index.js'))).default;
  const config = [
    { files: ['**/*.{js,jsx,mjs}'], languageOptions: { sourceType: commonjsJs ? 'commonjs' : 'module', ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: true } } } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest' } },
    { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
    // The packages' own directive comments (eslint-disable, eslint-env, which ESLint 10 rejects)
    // must neither hide our findings nor stop a file from being linted.
    { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
  ];
  if (baselineRules) config.push({ files: ['**/*'], rules: BASELINE_RULES });
  if (plugin) config.push({ files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'], ...plugin.configs.strict });
  return config;
}

export async function loadPlugin() {
  return (await import(path.join(repoDir, 'dist/index.js'))).default;
}

/**
 * The command line of a corpus script: `--root` (where the packages are installed, default
 * bench/node_modules, installed from the lockfile when missing), `--packages a,b` (default: the
 * whole corpus) and `--out` (default bench/results).
 */
export function corpusRun(argv = process.argv.slice(2)) {
  const option = (name) => {
    const index = argv.indexOf(`--${name}`);
    return index === -1 ? undefined : argv[index + 1];
  };
  const selected = option('packages')?.split(',');
  if (!selected && !existsSync(path.join(benchDir, 'node_modules'))) {
    console.log('Installing the corpus (bench/package.json, pinned by bench/package-lock.json)…');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: benchDir, stdio: 'inherit' });
  }
  return {
    root: path.resolve(repoDir, option('root') ?? path.join(benchDir, 'node_modules')),
    packages: selected ?? [...corpus.websocketHeavy, ...corpus.large],
    outDir: path.resolve(repoDir, option('out') ?? path.join(benchDir, 'results')),
  };
}

/**
 * ESLint's stats of one lint result (`new ESLint({ stats: true })`), all passes summed: the parse
 * time and each rule's time (its `create()`, where our model is built, and its listeners).
 */
export function lintStats(result) {
  let parseMs = 0;
  const rulesMs = {};
  for (const pass of result.stats?.times.passes ?? []) {
    parseMs += pass.parse.total;
    for (const [rule, time] of Object.entries(pass.rules ?? {})) rulesMs[rule] = (rulesMs[rule] ?? 0) + time.total;
  }
  return { parseMs, rulesMs };
}

/** This plugin's rules among a stats record's (`websocket/…`). */
export function ourRules(rulesMs) {
  return Object.fromEntries(Object.entries(rulesMs).filter(([rule]) => rule.startsWith('websocket/')));
}

/** The sum of a record's times. */
export function totalMs(rulesMs) {
  return Object.values(rulesMs).reduce((sum, time) => sum + time, 0);
}
