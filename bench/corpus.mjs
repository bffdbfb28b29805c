#!/usr/bin/env node
// npm run corpus: lint every file of the corpus with the plugin's `strict` preset and report files,
// parse errors (the package's, not ours), rule crashes (must be 0), findings per rule and per
// package. Writes results/corpus.json and results/findings.tsv (for the triage in
// docs/accuracy.md). Exit code 1 when any rule crashed.
//
//   node bench/corpus.mjs                       the whole corpus (bench/node_modules, see corpus.json)
//   node bench/corpus.mjs --root node_modules --packages ws,socket.io   a smoke run (CI)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { corpus, corpusRun, lintConfig, loadPlugin, packageFiles, packageVersion, repoDir } from './lib.mjs';

const { root, packages, outDir } = corpusRun();

const { Linter } = await import(path.join(repoDir, 'node_modules/eslint/lib/api.js'));
const plugin = await loadPlugin();
const moduleConfig = await lintConfig({ plugin, baselineRules: false });
const scriptConfig = await lintConfig({ plugin, baselineRules: false, commonjsJs: true });
const linter = new Linter({ configType: 'flat', cwd: repoDir });

const summary = { files: 0, parseErrors: 0, crashes: [], findingsByRule: {}, packages: {} };
const findings = [];
const started = performance.now();
for (const name of packages) {
  const files = packageFiles(root, name);
  const entry = { version: packageVersion(root, name), files: files.length, parseErrors: 0, findings: 0, websocketHeavy: corpus.websocketHeavy.includes(name) };
  summary.packages[name] = entry;
  for (const file of files) {
    const relative = path.relative(root, file);
    const text = readFileSync(file, 'utf8');
    // A virtual name under the repository but outside node_modules, so the configs' `files` globs
    // apply as they would to user code.
    const filename = path.join(repoDir, '.corpus', relative);
    summary.files++;
    let messages;
    try {
      messages = linter.verify(text, moduleConfig, { filename });
      if (messages.some((m) => m.fatal) && /\.jsx?$/.test(file)) {
        const retry = linter.verify(text, scriptConfig, { filename });
        if (!retry.some((m) => m.fatal)) messages = retry;
      }
    } catch (error) {
      summary.crashes.push({ file: relative, message: String(error?.message ?? error), stack: String(error?.stack ?? '').split('\n').slice(0, 6).join('\n') });
      continue;
    }
    // A message without a rule that is neither a parse error nor the notice that the package's
    // own directive comments are off means the config did not apply.
    const configProblem = messages.find((m) => m.ruleId === null && !m.fatal && !m.message.includes('noInlineConfig'));
    if (configProblem) throw new Error(`${relative}: ${configProblem.message} (the corpus config is wrong)`);
    if (messages.some((m) => m.fatal)) {
      summary.parseErrors++;
      entry.parseErrors++;
      continue;
    }
    for (const message of messages) {
      if (!message.ruleId?.startsWith('websocket/')) continue;
      const rule = message.ruleId.slice('websocket/'.length);
      summary.findingsByRule[rule] = (summary.findingsByRule[rule] ?? 0) + 1;
      entry.findings++;
      findings.push([name, relative, message.line, rule, message.message.replace(/\s+/g, ' ')]);
    }
  }
}
summary.seconds = Math.round((performance.now() - started) / 100) / 10;

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'corpus.json'), `${JSON.stringify(summary, null, 2)}\n`);
writeFileSync(path.join(outDir, 'findings.tsv'), `package\tfile\tline\trule\tmessage\n${findings.map((row) => row.join('\t')).join('\n')}\n`);

console.log(`files: ${summary.files} in ${packages.length} packages (${summary.seconds} s)`);
console.log(`parse errors (not ours): ${summary.parseErrors}`);
console.log(`rule crashes: ${summary.crashes.length}`);
for (const crash of summary.crashes) console.log(`  ${crash.file}: ${crash.stack}`);
console.log('findings per rule:');
for (const [rule, count] of Object.entries(summary.findingsByRule).sort()) console.log(`  ${rule}: ${count}`);
console.log('findings per package (packages with findings):');
for (const [name, entry] of Object.entries(summary.packages)) {
  if (entry.findings > 0) console.log(`  ${name}@${entry.version}: ${entry.findings} in ${entry.files} files`);
}
console.log(`details: ${path.relative(repoDir, outDir)}/corpus.json, findings.tsv`);
process.exitCode = summary.crashes.length > 0 ? 1 : 0;
