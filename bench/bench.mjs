#!/usr/bin/env node
// npm run bench: what the plugin costs, measured on the corpus (bench/corpus.json).
//   (a) no-WebSocket overhead: the large non-WS packages, baseline config vs baseline + `all`
//   (b) WebSocket-heavy cost: the WS packages, our cost as a fraction of parse time, per rule
//   (c) scaling: (a) and (b) at 1/4, 1/2 and all of the files
//   (d) memory: peak RSS of the linting process with and without the plugin, largest set
// Each measurement is a fresh child process (same JIT warm-up for both configs), repeated
// `--runs` times (default 3; `--scaling-runs` for the subsets), median reported. Reports only; it fails on nothing but errors.
// Writes bench/results/bench.json and prints a Markdown summary for docs/performance.md.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { benchDir, corpus, lintConfig, loadPlugin, packageFiles, repoDir } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const root = path.join(benchDir, 'node_modules');

if (args.includes('--child')) {
  await child(option('set'), option('config'), Number(option('fraction', '1')));
} else {
  await parent(Number(option('runs', '3')), Number(option('scaling-runs', option('runs', '3'))));
}

/** One measured lint of a file set in this process; prints one JSON line. */
async function child(set, configName, fraction) {
  const { ESLint } = await import(path.join(repoDir, 'node_modules/eslint/lib/api.js'));
  const plugin = configName === 'plugin' ? await loadPlugin() : undefined;
  const eslint = new ESLint({ cwd: repoDir, overrideConfigFile: true, stats: true, overrideConfig: await lintConfig({ plugin }) });
  const all = corpus[set].flatMap((name) => packageFiles(root, name).map((file) => ({ file, relative: path.relative(root, file) })));
  // Every other file first, then the rest: a fraction is spread over all packages, not the first few.
  const ordered = [...all.filter((_, i) => i % 2 === 0), ...all.filter((_, i) => i % 2 === 1)];
  const files = ordered.slice(0, Math.round(ordered.length * fraction)).map((f) => ({ ...f, text: readFileSync(f.file, 'utf8') }));
  let parseMs = 0;
  const rulesMs = {};
  const started = performance.now();
  for (const { relative, text } of files) {
    const [result] = await eslint.lintText(text, { filePath: path.join(repoDir, '.corpus', relative) });
    for (const pass of result.stats?.times.passes ?? []) {
      parseMs += pass.parse.total;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) rulesMs[rule] = (rulesMs[rule] ?? 0) + time.total;
    }
  }
  const wallMs = performance.now() - started;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ set, config: configName, fraction, files: files.length, wallMs, parseMs, rulesMs, maxRssMB }));
}

function measure(set, config, fraction, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [path.join(benchDir, 'bench.mjs'), '--child', '--set', set, '--config', config, '--fraction', String(fraction)], {
      cwd: repoDir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    samples.push(JSON.parse(out.trim().split('\n').pop()));
    process.stderr.write('.');
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ours = (s) => Object.entries(s.rulesMs).filter(([r]) => r.startsWith('websocket/')).reduce((sum, [, t]) => sum + t, 0);
  const perRule = {};
  for (const rule of Object.keys(samples[0].rulesMs)) perRule[rule] = median(samples.map((s) => s.rulesMs[rule] ?? 0));
  return {
    set,
    config,
    fraction,
    files: samples[0].files,
    wallMs: median(samples.map((s) => s.wallMs)),
    parseMs: median(samples.map((s) => s.parseMs)),
    ourRulesMs: median(samples.map(ours)),
    perRule,
    maxRssMB: median(samples.map((s) => s.maxRssMB)),
    samplesWallMs: samples.map((s) => Math.round(s.wallMs)),
  };
}

async function parent(runs, scalingRuns) {
  const plugin = await loadPlugin();
  void plugin; // fail early when dist/ is missing
  const results = { machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version }, runs, scalingRuns, sets: {} };
  const fractions = [0.25, 0.5, 1];
  for (const set of ['large', 'websocketHeavy']) {
    results.sets[set] = fractions.map((fraction) => {
      // Interleave the two configs' runs so machine noise hits both alike.
      const count = fraction === 1 ? runs : scalingRuns;
      const baseline = measure(set, 'baseline', fraction, count);
      const withPlugin = measure(set, 'plugin', fraction, count);
      return { fraction, baseline, withPlugin };
    });
  }
  mkdirSync(path.join(benchDir, 'results'), { recursive: true });
  writeFileSync(path.join(benchDir, 'results/bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write('\n');
  printSummary(results);
}

function printSummary({ machine, runs, scalingRuns, sets }) {
  const pct = (x) => `${(x * 100).toFixed(2)}%`;
  const ms = (x) => `${Math.round(x)} ms`;
  console.log(`Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGB} GiB, Node ${machine.node}; median of ${runs} runs (${scalingRuns} for the 1/4 and 1/2 subsets), each in a fresh process.\n`);
  console.log('| set | share of files | files | wall, baseline | wall, + all | wall overhead | our rules (stats) | parse (stats) | our rules / parse | (wall diff) / parse | peak RSS baseline → + all |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [set, rows] of Object.entries(sets)) {
    for (const { fraction, baseline, withPlugin } of rows) {
      const overhead = withPlugin.wallMs / baseline.wallMs - 1;
      console.log(
        `| ${set} | ${fraction} | ${withPlugin.files} | ${ms(baseline.wallMs)} | ${ms(withPlugin.wallMs)} | ${pct(overhead)} | ${ms(withPlugin.ourRulesMs)} | ${ms(withPlugin.parseMs)} | ${pct(withPlugin.ourRulesMs / withPlugin.parseMs)} | ${pct((withPlugin.wallMs - baseline.wallMs) / withPlugin.parseMs)} | ${Math.round(baseline.maxRssMB)} → ${Math.round(withPlugin.maxRssMB)} MB |`,
      );
    }
  }
  const full = sets.websocketHeavy?.find((row) => row.fraction === 1)?.withPlugin;
  if (full) {
    console.log('\nPer rule on the WebSocket-heavy set (all files, stats):\n');
    console.log('| rule | time | share of parse |');
    console.log('|---|---|---|');
    for (const [rule, time] of Object.entries(full.perRule).filter(([r]) => r.startsWith('websocket/')).sort()) {
      console.log(`| ${rule} | ${ms(time)} | ${pct(time / full.parseMs)} |`);
    }
  }
}
