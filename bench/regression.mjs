#!/usr/bin/env node
// The benchmark regression check CI runs (`npm run bench:check`): small, fixed inputs, the rules'
// cost as a ratio (ESLint's stats: our rules' time over parse time), and thresholds generous
// enough that a noisy machine passes while a change that doubles the cost, or makes one file
// quadratic, fails. The figures that describe the plugin's cost are `npm run bench`'s
// (docs/performance.md); this only guards against a regression.
//
//   (1) WebSocket-dense: the sources of ws, socket.io, engine.io and their parsers (installed at
//       the versions of the lockfile), where most files are socket code.
//   (2) No WebSocket code: ESLint's own sources, on which the rules should cost next to nothing.
//   (3) Within one file: each generated file of bench/generated.mjs at 200 and at 1,600
//       repetitions; the cost per repetition at 1,600 against the one at 200 (a quadratic
//       analysis makes it 8 times higher).
// Each measurement is the median of three rounds. Exit code 1 when a limit is exceeded.
import path from 'node:path';
import { readFileSync } from 'node:fs';

import { lintConfig, lintStats, loadPlugin, ourRules, packageFiles, repoDir, benchDir, totalMs } from './lib.mjs';

/** The limits: several times what the plugin costs today (docs/performance.md has the figures). */
export const LIMITS = {
  denseRulesOverParse: 0.3,
  noWebSocketRulesOverParse: 0.08,
  perRepetitionGrowth: 3,
};

const ROUNDS = 3;
const DENSE = ['ws', 'socket.io', 'engine.io', 'socket.io-adapter', 'socket.io-parser', 'engine.io-parser'];
const NO_WEBSOCKET = ['eslint'];

const { ESLint } = await import(path.join(repoDir, 'node_modules/eslint/lib/api.js'));
const plugin = await loadPlugin();
const eslint = new ESLint({ cwd: repoDir, overrideConfigFile: true, stats: true, overrideConfig: await lintConfig({ plugin, baselineRules: false }) });
const { GENERATORS } = await import(path.join(benchDir, 'generated.mjs'));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Our rules' time and the parse time, summed over the texts, one round. */
async function round(texts) {
  let rulesMs = 0;
  let parseMs = 0;
  for (const { text, filePath } of texts) {
    const [result] = await eslint.lintText(text, { filePath });
    if (result.messages.some((m) => m.fatal)) continue;
    const stats = lintStats(result);
    parseMs += stats.parseMs;
    rulesMs += totalMs(ourRules(stats.rulesMs));
  }
  return { rulesMs, parseMs };
}

async function measure(texts) {
  await round(texts); // warm-up
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(texts));
  return { rulesMs: median(rounds.map((r) => r.rulesMs)), parseMs: median(rounds.map((r) => r.parseMs)), ratio: median(rounds.map((r) => r.rulesMs / r.parseMs)) };
}

const root = path.join(repoDir, 'node_modules');
const packageTexts = (names) =>
  names.flatMap((name) => packageFiles(root, name)).map((file) => ({ text: readFileSync(file, 'utf8'), filePath: path.join(repoDir, '.corpus', path.relative(root, file)) }));

const failures = [];
const check = (label, value, limit, unit = (x) => `${(x * 100).toFixed(2)}%`) => {
  const ok = value <= limit;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}: ${unit(value)} (limit ${unit(limit)})`);
  if (!ok) failures.push(label);
};

const dense = packageTexts(DENSE);
const denseCost = await measure(dense);
check(`WebSocket-dense sources (${dense.length} files), our rules / parse`, denseCost.ratio, LIMITS.denseRulesOverParse);

const plain = packageTexts(NO_WEBSOCKET);
const plainCost = await measure(plain);
check(`files without WebSocket code (${plain.length} files of ESLint), our rules / parse`, plainCost.ratio, LIMITS.noWebSocketRulesOverParse);

for (const [kind, generate] of Object.entries(GENERATORS)) {
  const sized = [];
  for (const n of [200, 1600]) sized.push({ n, cost: await measure([{ text: generate(n), filePath: path.join(repoDir, '.corpus', 'generated', `${kind}-${n}.js`) }]) });
  const [small, large] = sized;
  const growth = large.cost.rulesMs / large.n / (small.cost.rulesMs / small.n);
  check(`generated ${kind}: our rules per repetition at 1,600 / at 200`, growth, LIMITS.perRepetitionGrowth, (x) => `${x.toFixed(2)}×`);
}

if (failures.length > 0) {
  console.log(`\n${failures.length} regression(s): see docs/performance.md for what the figures were.`);
  process.exit(1);
}
