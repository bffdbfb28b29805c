// Recall on application code: lints the files listed in bench/apps.json (references to public
// repositories, each reviewed by hand before it was linted) and scores the findings against the
// reviewer's expectations.
//
//   WEBSOCKET_APPS_ROOT=/path/to/checkouts npm run corpus:apps [-- --verbose] [-- --kind client|server]
//
// Nothing is downloaded. The root holds one checkout (or bare git directory) per repository, as
// `<owner>+<name>` or `<owner>/<name>`, possibly one level deeper; each file is read at its
// recorded commit with `git show`, so a checkout at another commit still gives the reviewed text.
//
// A finding matches an expectation of the same rule when its line lies within the expectation's
// lines (two lines of slack either side: reviewers point at a construct, rules at one node of
// it). An expectation may also carry `at`: lines added after linting, where the rule reports the
// same fact when the reviewer pointed at another part of the construct (each such correction is
// listed in docs/accuracy.md). Recall is measured with the strict config (every rule, and strict-only findings); the
// recommended config's share is shown beside it. Prints, per rule: "must" expectations, how many
// each config found, "may" ones found, findings that match nothing (each printed: new
// expectations or false positives to triage) and findings on lines the reviewer marked quiet
// (false positives), for both configs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { benchDir, loadPlugin, repoDir } from './lib.mjs';

const SLACK = 2;
const argv = process.argv.slice(2);
const option = (name) => {
  const index = argv.indexOf(`--${name}`);
  return index === -1 ? undefined : argv[index + 1];
};
const verbose = argv.includes('--verbose');
const listFile = path.resolve(repoDir, option('list') ?? path.join(benchDir, 'apps.json'));
const root = process.env.WEBSOCKET_APPS_ROOT;
if (!root) {
  console.error('Set WEBSOCKET_APPS_ROOT to the directory that holds the checkouts of the repositories in bench/apps.json.');
  process.exit(2);
}

const { Linter } = await import(path.join(repoDir, 'node_modules/eslint/lib/api.js'));
const tseslint = (await import(path.join(repoDir, 'node_modules/typescript-eslint/dist/index.js'))).default;
const plugin = await loadPlugin();
const linter = new Linter({ configType: 'flat', cwd: repoDir });
const config = (sourceType, preset) => [
  sourceType === 'flow'
    ? // Flow-typed JavaScript (\`/* @flow */\`): typescript-estree reads its annotations well enough.
      { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { parser: tseslint.parser } }
    : { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { sourceType, ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
  { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
  { files: ['**/*'], ...plugin.configs[preset] },
];

/** The git directory (bare or a checkout's .git) that holds a repository, if the root has it. */
function gitDirOf(repo) {
  const [owner, name] = repo.split('/');
  const candidates = [path.join(root, `${owner}+${name}`), path.join(root, owner, name)];
  for (const dir of candidates) {
    if (!existsSync(dir)) continue;
    const found = findGitDir(dir, 2);
    if (found) return found;
  }
  return undefined;
}

function findGitDir(dir, depth) {
  if (existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects'))) return dir;
  if (existsSync(path.join(dir, '.git'))) return path.join(dir, '.git');
  if (depth === 0) return undefined;
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      const found = findGitDir(full, depth - 1);
      if (found) return found;
    }
  }
  return undefined;
}

function lint(text, filename, preset) {
  const first = linter.verify(text, config('module', preset), { filename });
  const fatal = first.find((message) => message.fatal);
  if (!fatal || !/\.(?:js|jsx)$/.test(filename)) return first;
  if (/@flow\b/.test(text.slice(0, 200))) return linter.verify(text, config('flow', preset), { filename });
  return linter.verify(text, config('commonjs', preset), { filename });
}

const ownFindings = (messages) =>
  messages.filter((message) => message.ruleId?.startsWith('websocket/')).map((message) => ({ rule: message.ruleId.slice('websocket/'.length), line: message.line, message: message.message }));

const within = (line, [from, to]) => line >= from - SLACK && line <= to + SLACK;

// The reviewers named some expectations before the rule that covers them existed.
const RULE_ALIASES = { 'component-lifecycle': 'require-socket-owner-cleanup' };

const list = JSON.parse(readFileSync(listFile, 'utf8'));
// `--kind client` (or `server`): score only the files the reviewers listed as that kind.
const kind = option('kind');
if (kind) list.files = list.files.filter((entry) => entry.kind === kind);
for (const entry of list.files) {
  for (const expectation of [...(entry.expect ?? []), ...(entry.quiet ?? [])]) expectation.rule = RULE_ALIASES[expectation.rule] ?? expectation.rule;
}
const rows = new Map(); // rule → counts
const row = (rule) => {
  if (!rows.has(rule)) rows.set(rule, { must: 0, mustFound: 0, mustRecommended: 0, may: 0, mayFound: 0, unmatched: 0, quiet: 0 });
  return rows.get(rule);
};
const missing = [];
const unmatched = [];
const quietHits = [];
const misses = [];
const errors = [];
let linted = 0;

for (const entry of list.files) {
  const where = `${entry.repo}@${entry.commit.slice(0, 8)}:${entry.path}`;
  const gitDir = gitDirOf(entry.repo);
  if (!gitDir) {
    missing.push(where);
    continue;
  }
  let text;
  try {
    text = execFileSync('git', ['--git-dir', gitDir, 'show', `${entry.commit}:${entry.path}`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    missing.push(`${where} (not in ${gitDir} at that commit)`);
    continue;
  }
  if (/\.(?:vue|svelte)$/.test(entry.path)) {
    missing.push(`${where} (no parser for ${path.extname(entry.path)} in this script yet)`);
    continue;
  }
  const messages = lint(text, path.basename(entry.path), 'strict');
  const fatal = messages.find((message) => message.fatal);
  if (fatal) {
    errors.push(`${where}: ${fatal.message}`);
    continue;
  }
  linted++;
  const findings = ownFindings(messages);
  const recommended = ownFindings(lint(text, path.basename(entry.path), 'recommended'));
  const used = new Set();
  const usedRecommended = new Set();
  const at = (finding, expectation) => within(finding.line, expectation.lines) || (expectation.at !== undefined && within(finding.line, expectation.at));
  const take = (list, taken, expectation) => list.find((finding, i) => !taken.has(i) && finding.rule === expectation.rule && at(finding, expectation) && taken.add(i));
  for (const expectation of entry.expect ?? []) {
    const counts = row(expectation.rule);
    const hit = take(findings, used, expectation);
    if (take(recommended, usedRecommended, expectation) && expectation.level === 'must') counts.mustRecommended++;
    if (expectation.level === 'must') {
      counts.must++;
      if (hit) counts.mustFound++;
      else misses.push(`${where}:${expectation.lines.join('-')} ${expectation.rule}: ${expectation.why}`);
    } else {
      counts.may++;
      if (hit) counts.mayFound++;
    }
  }
  findings.forEach((finding, i) => {
    if (used.has(i)) return;
    // A second finding on an expectation already met (two sockets of one handler) is not a stray.
    const again = (entry.expect ?? []).some((expectation) => expectation.rule === finding.rule && at(finding, expectation));
    if (again) return;
    const quiet = (entry.quiet ?? []).find((q) => q.rule === finding.rule && within(finding.line, q.lines));
    const strictOnly = !recommended.some((other) => other.rule === finding.rule && other.line === finding.line);
    const text = `${where}:${finding.line} ${finding.rule}${strictOnly ? ' (strict only)' : ''}: ${finding.message.slice(0, 160)}`;
    if (quiet) {
      row(finding.rule).quiet++;
      quietHits.push(`${text}\n    reviewer: ${quiet.why}`);
    } else {
      row(finding.rule).unmatched++;
      unmatched.push(text);
    }
  });
}

const pct = (a, b) => (b === 0 ? '–' : `${Math.round((100 * a) / b)}%`);
console.log(`${linted} of ${list.files.length} files linted${missing.length ? `, ${missing.length} not available` : ''}${errors.length ? `, ${errors.length} unparsable` : ''}.\n`);
console.log('| Rule | must | found (strict) | recall (strict) | found (recommended) | may found (strict) | unmatched (strict) | on quiet lines (strict) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const total = { must: 0, mustFound: 0, mustRecommended: 0, may: 0, mayFound: 0, unmatched: 0, quiet: 0 };
const known = new Set(Object.keys(plugin.rules));
for (const [rule, counts] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
  // Expectations for a rule the plugin does not have yet are listed, but not in the total.
  if (known.has(rule)) for (const key of Object.keys(total)) total[key] += counts[key];
  console.log(`| ${known.has(rule) ? rule : `${rule} (no such rule)`} | ${counts.must} | ${counts.mustFound} | ${pct(counts.mustFound, counts.must)} | ${counts.mustRecommended} | ${counts.mayFound} of ${counts.may} | ${counts.unmatched} | ${counts.quiet} |`);
}
console.log(`| **all rules** | ${total.must} | ${total.mustFound} | ${pct(total.mustFound, total.must)} | ${total.mustRecommended} | ${total.mayFound} of ${total.may} | ${total.unmatched} | ${total.quiet} |`);
const section = (title, items) => {
  if (items.length === 0) return;
  console.log(`\n${title} (${items.length}):`);
  for (const item of items) console.log(`  ${item}`);
};
section('Findings on lines the reviewer marked quiet', quietHits);
section('Findings that match no expectation', unmatched);
if (verbose) section('Missed "must" expectations', misses);
section('Not available', missing);
section('Unparsable', errors);
process.exitCode = errors.length > 0 ? 1 : 0;
