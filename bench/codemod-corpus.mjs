#!/usr/bin/env node
// npm run corpus:codemods: every codemod over every file of the corpus (bench/node_modules, see
// corpus.json), in memory: nothing is written. For each file: the transform must not throw; a
// changed file must parse (checked again here with typescript-estree, apart from the codemods' own
// check) and a second run over it must change nothing. Files the codemods refuse are counted by
// reason. Writes results/codemod-corpus.json; exit code 1 on a crash, an unparsable output or a
// second run that changes something.
//
//   node bench/codemod-corpus.mjs                  the whole corpus
//   node bench/codemod-corpus.mjs --packages ws    some packages
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { corpusRun, packageFiles, packageVersion, repoDir } from './lib.mjs';

const { root, packages, outDir } = corpusRun();

const { CODEMODS } = await import(path.join(repoDir, 'dist/codemods/registry.js'));
const { transformSource } = await import(path.join(repoDir, 'dist/codemods/run.js'));
const { parse } = await import(path.join(repoDir, 'node_modules/@typescript-eslint/typescript-estree/dist/index.js'));

const summary = { files: 0, checked: 0, changed: 0, plans: 0, plansByKind: {}, refused: {}, unparsable: [], notIdempotent: [], crashes: [], unresolvedByRule: {}, changedFiles: {}, packages: {} };
const started = performance.now();
for (const name of packages) {
  const files = packageFiles(root, name);
  const entry = { version: packageVersion(root, name), files: files.length, changed: 0, refused: 0 };
  summary.packages[name] = entry;
  for (const file of files) {
    const relative = path.relative(root, file);
    const text = readFileSync(file, 'utf8');
    // The same virtual name the lint corpus uses: a user's file, not a dependency's.
    const filename = path.join(repoDir, '.corpus', relative);
    summary.files++;
    let result;
    try {
      result = transformSource(text, filename, CODEMODS);
    } catch (error) {
      summary.crashes.push({ file: relative, message: String(error?.message ?? error), stack: String(error?.stack ?? '').split('\n').slice(0, 6).join('\n') });
      continue;
    }
    if (result.checked) summary.checked++;
    for (const finding of result.unresolved) summary.unresolvedByRule[finding.rule] = (summary.unresolvedByRule[finding.rule] ?? 0) + 1;
    if (result.error) {
      // "does not parse" is the package's own syntax (Flow, a newer proposal); the rest are ours to look at.
      const reason = result.error.replace(`${filename}: `, '').replace(/\(.*\)/, '(…)').replace(/: \d+:\d+ .*/, '').slice(0, 90);
      summary.refused[reason] = (summary.refused[reason] ?? 0) + 1;
      entry.refused++;
      continue;
    }
    if (!result.changed) continue;
    summary.changed++;
    entry.changed++;
    summary.plans += result.applied.length;
    for (const plan of result.applied) summary.plansByKind[plan.kind] = (summary.plansByKind[plan.kind] ?? 0) + 1;
    summary.changedFiles[relative] = result.applied.map((plan) => plan.kind);
    try {
      parse(result.output, { jsx: /\.[jt]sx$|\.js$/.test(file), loc: false, range: false });
    } catch (error) {
      summary.unparsable.push({ file: relative, message: String(error?.message ?? error) });
      continue;
    }
    const again = transformSource(result.output, filename, CODEMODS);
    if (again.changed || again.error) summary.notIdempotent.push({ file: relative, error: again.error, plans: again.applied.map((plan) => plan.kind) });
  }
}
summary.seconds = Number(((performance.now() - started) / 1000).toFixed(1));

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'codemod-corpus.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`${summary.files} files, ${summary.checked} with WebSocket evidence, ${summary.changed} changed by ${summary.plans} plans, in ${summary.seconds} s`);
console.log('plans by kind:', summary.plansByKind);
console.log('refused:', summary.refused);
console.log('left for review, by rule:', summary.unresolvedByRule);
console.log(`crashes: ${summary.crashes.length}, unparsable outputs: ${summary.unparsable.length}, second run changed: ${summary.notIdempotent.length}`);
for (const problem of [...summary.crashes, ...summary.unparsable, ...summary.notIdempotent].slice(0, 10)) console.log(' ', JSON.stringify(problem).slice(0, 400));
process.exitCode = summary.crashes.length + summary.unparsable.length + summary.notIdempotent.length > 0 ? 1 : 0;
