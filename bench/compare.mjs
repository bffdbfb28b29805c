#!/usr/bin/env node
// Compares the rules' own time (ESLint stats) of this checkout's plugin with another build of it,
// on the WebSocket-heavy corpus files both accept as WebSocket code: both plugins run in one
// process, file by file, in alternating order, so that JIT warm-up, GC and machine noise fall on
// both alike. For changes that should not make the rules slower.
//
//   npm run build && node bench/compare.mjs --other /path/to/other/checkout [--rounds 3]
//
// The other checkout must be built (its dist/index.js and its evidence test are loaded).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { corpus, lintConfig, lintStats, loadPlugin, packageFiles, repoDir, totalMs } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const other = option('other');
const rounds = Number(option('rounds', '3'));
if (!other) {
  console.error('usage: node bench/compare.mjs --other <checkout> [--rounds N]');
  process.exit(2);
}

const { ESLint } = await import(path.join(repoDir, 'node_modules/eslint/lib/api.js'));
const evidenceTestOf = async (checkout) => {
  for (const folder of ['facts', 'socket-model']) {
    const file = path.join(checkout, 'dist', folder, 'index.js');
    if (existsSync(file)) return (await import(file)).hasWebSocketEvidence;
  }
  throw new Error(`${checkout}: no built evidence test (run npm run build there)`);
};
const plugins = {
  this: { plugin: await loadPlugin(), hasEvidence: await evidenceTestOf(repoDir) },
  other: { plugin: (await import(path.join(path.resolve(other), 'dist/index.js'))).default, hasEvidence: await evidenceTestOf(path.resolve(other)) },
};
const root = path.join(repoDir, 'bench/node_modules');
const files = corpus.websocketHeavy
  .flatMap((name) => packageFiles(root, name))
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
  .filter(({ text }) => plugins.this.hasEvidence(text) && plugins.other.hasEvidence(text));
const engines = {};
for (const [name, { plugin }] of Object.entries(plugins)) {
  engines[name] = new ESLint({ cwd: repoDir, overrideConfigFile: true, stats: true, overrideConfig: await lintConfig({ plugin, baselineRules: false }) });
}

console.log(`${files.length} files with WebSocket code (both evidence tests), ${rounds} rounds`);
for (let round = 0; round < rounds; round++) {
  const totals = { this: {}, other: {} };
  for (const [i, { file, text }] of files.entries()) {
    const filePath = path.join(repoDir, '.corpus', path.relative(root, file));
    const order = (i + round) % 2 === 0 ? ['this', 'other'] : ['other', 'this'];
    for (const name of order) {
      for (const result of await engines[name].lintText(text, { filePath })) {
        for (const [rule, time] of Object.entries(lintStats(result).rulesMs)) totals[name][rule] = (totals[name][rule] ?? 0) + time;
      }
    }
  }
  const [mine, theirs] = [totalMs(totals.this), totalMs(totals.other)];
  console.log(`round ${round + 1}: this ${Math.round(mine)} ms, other ${Math.round(theirs)} ms (this ${mine < theirs ? '' : '+'}${((100 * (mine - theirs)) / theirs).toFixed(1)}%)`);
  for (const rule of Object.keys({ ...totals.this, ...totals.other }).sort()) {
    console.log(`  ${rule.padEnd(45)} ${String(Math.round(totals.this[rule] ?? 0)).padStart(7)} ${String(Math.round(totals.other[rule] ?? 0)).padStart(7)}`);
  }
}
