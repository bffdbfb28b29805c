#!/usr/bin/env node
// npm run bench: what the plugin costs, measured on the corpus (bench/corpus.json).
//   (a) no-WebSocket overhead: the large non-WS packages, baseline config vs baseline + `all`
//   (b) WebSocket-heavy cost: the WS packages, our cost as a fraction of parse time, per rule
//   (c) scaling: (a) and (b) at 1/4, 1/2 and all of the files; and within one file: generated
//       files (bench/generated.mjs) from 100 to 1,600 handlers, servers, clients or components
//       (`--only scaling` runs this table alone)
//   (d) memory: peak RSS of the linting process with and without the plugin, largest set
//   (e) oxlint: the dense WebSocket files through oxlint's jsPlugins, against an empty JS plugin and
//       one that visits every node (`--only oxlint`)
//   (f) codemods: `fix --all`'s transform over the WebSocket-heavy set against a no-op jscodeshift
//       transform parsing the same files with the same parser (typescript-estree), interleaved
//       (`--only codemods` runs this row alone)
// Each timing run is a fresh child process that lints every file with both configs, interleaved
// file by file; repeated `--runs` times (default 3; `--scaling-runs` for the subsets), median. Reports only; it fails on nothing but errors.
// Writes bench/results/bench.json and prints a Markdown summary for docs/performance.md.
// One measurement alone: node bench/bench.mjs --child --set large --config interleaved
//   --fraction 1 [--evidence with|without] [--passes n]  (prints one JSON line per pass)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { benchDir, corpus, lintConfig, lintStats, loadPlugin, ourRules, packageFiles, repoDir, totalMs } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1];
};
const root = path.join(benchDir, 'node_modules');
/** (c) within one file: the sizes of the generated files (`--sizes 100,200`). */
const SCALING_SIZES = (option('sizes') ?? '100,200,400,800,1600').split(',').map(Number);

if (args.includes('--child')) {
  if (option('config') === 'codemods') await codemodChild(option('set'));
  else if (option('config') === 'scaling') await scalingChild(Number(option('runs', '3')));
  else await child(option('set'), option('config'), Number(option('fraction', '1')), option('evidence', 'any'), Number(option('passes', '1')));
} else if (option('only') === 'oxlint') {
  printOxlint(await measureOxlint(Number(option('runs', '3'))));
} else if (option('only') === 'scaling') {
  printScaling(runScaling(Number(option('runs', '3'))));
} else if (option('only') === 'codemods') {
  const rows = measureCodemods(Number(option('runs', '3')));
  process.stderr.write('\n');
  printCodemods(rows);
} else {
  await parent(Number(option('runs', '3')), Number(option('scaling-runs', option('runs', '3'))));
}

/** The files of a set, or an even-stride fraction of them, with their text. */
function loadFiles(set, fraction) {
  const all = corpus[set].flatMap((name) => packageFiles(root, name).map((file) => ({ file, relative: path.relative(root, file) })));
  // An even stride over all files, so a fraction has every package's share of small and big files.
  return all
    .filter((_, i) => Math.floor((i + 1) * fraction) > Math.floor(i * fraction))
    .map((f) => ({ ...f, text: readFileSync(f.file, 'utf8') }));
}

/**
 * One measurement in this process, printed as one JSON line.
 * - `interleaved`: every file is linted with the baseline config and with baseline + `all`,
 *   alternating which goes first, so JIT warm-up, GC and machine noise fall on both alike; the
 *   times are summed per config.
 * - `baseline` / `plugin`: one config only, for the peak RSS of a process that lints the set.
 */
async function child(set, mode, fraction, evidence, passes) {
  const { ESLint } = await import(path.join(repoDir, 'node_modules/eslint/lib/api.js'));
  const plugin = await loadPlugin();
  const { hasWebSocketEvidence } = await import(path.join(repoDir, 'dist/facts/index.js'));
  const make = async (withPlugin) =>
    new ESLint({ cwd: repoDir, overrideConfigFile: true, stats: true, overrideConfig: await lintConfig({ plugin: withPlugin ? plugin : undefined }) });
  // `--evidence with|without`: only the files whose text does (not) mention a WebSocket API.
  const files = loadFiles(set, fraction).filter((f) => evidence === 'any' || hasWebSocketEvidence(f.text) === (evidence === 'with'));
  const configs = mode === 'interleaved' ? { baseline: await make(false), plugin: await make(true) } : { [mode]: await make(mode === 'plugin') };
  // `--passes n`: the set linted n times in this process, one line per pass; from the second on,
  // the code of both configs is compiled and warm (a long lint run), where the first also pays for
  // compiling it (a short one).
  for (let pass = 1; pass <= passes; pass++) {
    const wallMs = Object.fromEntries(Object.keys(configs).map((name) => [name, 0]));
    let parseMs = 0;
    const rulesMs = {};
    let withEvidence = 0;
    for (const [index, { relative, text }] of files.entries()) {
      if (hasWebSocketEvidence(text)) withEvidence++;
      const names = Object.keys(configs);
      if (index % 2 === 1) names.reverse();
      for (const name of names) {
        const started = performance.now();
        const [result] = await configs[name].lintText(text, { filePath: path.join(repoDir, '.corpus', relative) });
        wallMs[name] += performance.now() - started;
        if (name !== 'plugin') continue;
        const stats = lintStats(result);
        parseMs += stats.parseMs;
        for (const [rule, time] of Object.entries(stats.rulesMs)) rulesMs[rule] = (rulesMs[rule] ?? 0) + time;
      }
    }
    const maxRssMB = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ set, mode, fraction, ...(passes > 1 ? { pass } : {}), files: files.length, withEvidence, wallMs, parseMs, rulesMs, maxRssMB }));
  }
}

/**
 * (e) One process, every file of the set through both, alternating which goes first: the codemods'
 * `transformSource` with every codemod (what `websocket-doctor fix --all` does to a file, without
 * reading or writing it), and jscodeshift running a transform that does nothing, with a
 * typescript-estree parser (what any jscodeshift codemod pays before its first change: the parse
 * and recast's bookkeeping). The codemods skip files without WebSocket evidence unparsed; the
 * evidence-only figures compare the files both parse.
 */
async function codemodChild(set) {
  const { createRequire } = await import('node:module');
  const require = createRequire(path.join(repoDir, 'package.json'));
  const jscodeshift = require('jscodeshift');
  const estree = require('@typescript-eslint/typescript-estree');
  const { CODEMODS } = await import(path.join(repoDir, 'dist/codemods/registry.js'));
  const { transformSource } = await import(path.join(repoDir, 'dist/codemods/run.js'));
  const { hasWebSocketEvidence } = await import(path.join(repoDir, 'dist/facts/index.js'));
  const parserFor = (file) => ({ parse: (source) => estree.parse(source, { loc: true, range: true, tokens: true, comment: true, jsx: /\.[jt]sx$|\.[cm]?js$/.test(file) }) });
  const noop = (file, text) => {
    try {
      jscodeshift.withParser(parserFor(file))(text);
    } catch {
      // A file the parser refuses costs what it cost; the codemods skip or refuse it too.
    }
  };
  const files = loadFiles(set, 1);
  const ms = { codemods: 0, jscodeshift: 0, codemodsEvidence: 0, jscodeshiftEvidence: 0 };
  let withEvidence = 0;
  let changed = 0;
  for (const [index, { file, relative, text }] of files.entries()) {
    const evidence = hasWebSocketEvidence(text);
    if (evidence) withEvidence++;
    const order = index % 2 === 0 ? ['codemods', 'jscodeshift'] : ['jscodeshift', 'codemods'];
    for (const name of order) {
      const started = performance.now();
      if (name === 'codemods') {
        if (transformSource(text, path.join(repoDir, '.corpus', relative), CODEMODS).changed) changed++;
      } else noop(file, text);
      const elapsed = performance.now() - started;
      ms[name] += elapsed;
      if (evidence) ms[`${name}Evidence`] += elapsed;
    }
  }
  console.log(JSON.stringify({ set, mode: 'codemods', files: files.length, withEvidence, changed, ms }));
}

/**
 * (c) Within one file: generated files (bench/generated.mjs) that grow one way (event handlers in
 * one connection handler, servers, client classes, components), linted with the plugin at sizes
 * doubling from 100 to 1,600. The rules' time per repetition should stay flat. One process,
 * every size linted once to warm up, then `runs` times (median).
 */
async function scalingChild(runs) {
  const { ESLint } = await import(path.join(repoDir, 'node_modules/eslint/lib/api.js'));
  const plugin = await loadPlugin();
  const { GENERATORS } = await import(path.join(benchDir, 'generated.mjs'));
  const eslint = new ESLint({ cwd: repoDir, overrideConfigFile: true, stats: true, overrideConfig: await lintConfig({ plugin, baselineRules: false }) });
  // Without the plugin: the wall-clock difference includes the model, built in the rules' create().
  const bare = new ESLint({ cwd: repoDir, overrideConfigFile: true, overrideConfig: await lintConfig({ baselineRules: false }) });
  const rows = [];
  for (const [kind, generate] of Object.entries(GENERATORS)) {
    for (const n of SCALING_SIZES) {
      const text = generate(n);
      const filePath = path.join(repoDir, '.corpus', 'generated', `${kind}-${n}.js`);
      await eslint.lintText(text, { filePath });
      await bare.lintText(text, { filePath });
      const samples = [];
      for (let run = 0; run < runs; run++) {
        let started = performance.now();
        await bare.lintText(text, { filePath });
        const bareMs = performance.now() - started;
        started = performance.now();
        const [result] = await eslint.lintText(text, { filePath });
        const pluginMs = performance.now() - started;
        const stats = lintStats(result);
        const perRule = ourRules(stats.rulesMs);
        samples.push({ extraMs: pluginMs - bareMs, parseMs: stats.parseMs, rulesMs: totalMs(perRule), findings: result.messages.length, perRule });
      }
      const ruleNames = Object.keys(samples[0].perRule);
      const perRule = Object.fromEntries(ruleNames.map((rule) => [rule, median(samples.map((s) => s.perRule[rule]))]));
      const slowest = Object.entries(perRule).sort((a, b) => b[1] - a[1])[0];
      rows.push({ kind, n, lines: text.split('\n').length - 1, findings: samples[0].findings, parseMs: median(samples.map((s) => s.parseMs)), rulesMs: median(samples.map((s) => s.rulesMs)), extraMs: median(samples.map((s) => s.extraMs)), slowest });
    }
  }
  console.log(JSON.stringify(rows));
}


function runScaling(runs) {
  const out = execFileSync(process.execPath, [path.join(benchDir, 'bench.mjs'), '--child', '--config', 'scaling', '--runs', String(runs), '--sizes', SCALING_SIZES.join(',')], { cwd: repoDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop());
}

function printScaling(rows) {
  console.log('\n| file | n | lines | findings | parse | our rules (stats) | wall with the plugin − without | per n | slowest rule |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const [rule, ms] = row.slowest;
    console.log(
      `| ${row.kind} | ${row.n} | ${row.lines} | ${row.findings} | ${Math.round(row.parseMs)} ms | ${Math.round(row.rulesMs)} ms | ${Math.round(row.extraMs)} ms | ${((row.extraMs / row.n) * 1000).toFixed(0)} µs | ${rule.replace('websocket/', '')} ${Math.round(ms)} ms |`,
    );
  }
}

/**
 * (e) Under oxlint, whose `jsPlugins` load this plugin: the WebSocket-heavy set's files with
 * WebSocket evidence (the dense part), copied out of node_modules (which oxlint skips), linted by
 * oxlint three ways, alternating: with this plugin's strict config, with a one-rule JS plugin whose
 * rule returns `{}` (what loading any JS plugin costs), and with one whose rule visits every node
 * and reads the scope manager (what a JS plugin that looks at everything costs). oxlint's own
 * rules are off in all three.
 */
async function measureOxlint(runs) {
  const { hasWebSocketEvidence } = await import(path.join(repoDir, 'dist/facts/index.js'));
  const plugin = await loadPlugin();
  const dir = mkdtempSync(path.join(tmpdir(), 'websocket-oxlint-bench-'));
  try {
    const files = loadFiles('websocketHeavy', 1).filter((f) => hasWebSocketEvidence(f.text));
    for (const { relative, text } of files) {
      const target = path.join(dir, 'src', relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    writeFileSync(path.join(dir, 'empty-plugin.mjs'), `export default { meta: { name: 'empty' }, rules: { rule: { create: () => ({}) } } };\n`);
    writeFileSync(
      path.join(dir, 'visit-plugin.mjs'),
      `export default { meta: { name: 'visit' }, rules: { rule: { create(context) {
  let nodes = 0;
  const scopes = context.sourceCode.scopeManager.scopes.length;
  return { '*'() { nodes++; }, 'Program:exit'() { if (nodes < 0 || scopes < 0) context.report({ loc: { line: 1, column: 0 }, message: 'never' }); } };
} } } };\n`,
    );
    const configs = {
      ours: { jsPlugins: [path.join(repoDir, 'dist/index.js')], rules: plugin.configs.strict.rules },
      empty: { jsPlugins: ['./empty-plugin.mjs'], rules: { 'empty/rule': 'error' } },
      visit: { jsPlugins: ['./visit-plugin.mjs'], rules: { 'visit/rule': 'error' } },
    };
    for (const [name, config] of Object.entries(configs)) writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ categories: { correctness: 'off' }, ...config }));
    const oxlint = path.join(repoDir, 'node_modules/oxlint/bin/oxlint');
    const ms = Object.fromEntries(Object.keys(configs).map((name) => [name, []]));
    for (let run = 0; run < runs; run++) {
      const names = Object.keys(configs);
      for (let k = 0; k < names.length; k++) {
        const name = names[(run + k) % names.length];
        const started = performance.now();
        const result = spawnSync(process.execPath, [oxlint, '-c', `${name}.json`, '--format', 'json', 'src'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        ms[name].push(performance.now() - started);
        if (result.status !== 0 && result.status !== 1) throw new Error(`oxlint (${name}) exited ${result.status}: ${result.stderr}`);
      }
      process.stderr.write('.');
    }
    return { files: files.length, ms: Object.fromEntries(Object.entries(ms).map(([name, values]) => [name, median(values)])), samples: ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printOxlint({ files, ms }) {
  const s = (x) => `${(x / 1000).toFixed(2)} s`;
  console.log(`\noxlint over the ${files} WebSocket files of the WebSocket-heavy set (median wall time of whole runs):\n`);
  console.log('| JS plugin | wall | / empty plugin | / visit-every-node plugin |');
  console.log('|---|---|---|---|');
  for (const [name, label] of [['empty', 'one rule returning `{}`'], ['visit', 'one rule visiting every node, reading the scope manager'], ['ours', 'eslint-plugin-websocket, strict']]) {
    console.log(`| ${label} | ${s(ms[name])} | ${(ms[name] / ms.empty).toFixed(2)} | ${(ms[name] / ms.visit).toFixed(2)} |`);
  }
}

function measureCodemods(runs) {
  return Array.from({ length: runs }, () => runChild('websocketHeavy', 'codemods', 1));
}

function printCodemods(samples) {
  const s = (x) => `${(x / 1000).toFixed(1)} s`;
  const rate = (files, ms) => `${Math.round(files / (ms / 1000))} files/s`;
  console.log('\n| run | files (with evidence) | codemods (`fix --all`) | no-op jscodeshift, same parser | ratio | evidence files only: codemods / jscodeshift | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  samples.forEach((row, i) => {
    const { ms } = row;
    console.log(
      `| ${i + 1} | ${row.files} (${row.withEvidence}) | ${s(ms.codemods)}, ${rate(row.files, ms.codemods)} | ${s(ms.jscodeshift)}, ${rate(row.files, ms.jscodeshift)} | ${(ms.codemods / ms.jscodeshift).toFixed(2)} | ${s(ms.codemodsEvidence)} / ${s(ms.jscodeshiftEvidence)} | ${(ms.codemodsEvidence / ms.jscodeshiftEvidence).toFixed(2)} |`,
    );
  });
}

function runChild(set, mode, fraction) {
  const out = execFileSync(process.execPath, [path.join(benchDir, 'bench.mjs'), '--child', '--set', set, '--config', mode, '--fraction', String(fraction)], {
    cwd: repoDir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stderr.write('.');
  return JSON.parse(out.trim().split('\n').pop());
}

function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function measure(set, fraction, runs) {
  const samples = Array.from({ length: runs }, () => runChild(set, 'interleaved', fraction));
  const ours = (s) => Object.entries(s.rulesMs).filter(([r]) => r.startsWith('websocket/')).reduce((sum, [, t]) => sum + t, 0);
  const perRule = {};
  for (const rule of Object.keys(samples[0].rulesMs)) perRule[rule] = median(samples.map((s) => s.rulesMs[rule] ?? 0));
  return {
    set,
    fraction,
    files: samples[0].files,
    withEvidence: samples[0].withEvidence,
    baselineMs: median(samples.map((s) => s.wallMs.baseline)),
    pluginMs: median(samples.map((s) => s.wallMs.plugin)),
    overhead: median(samples.map((s) => s.wallMs.plugin / s.wallMs.baseline - 1)),
    parseMs: median(samples.map((s) => s.parseMs)),
    ourRulesMs: median(samples.map(ours)),
    costOverParse: median(samples.map((s) => (s.wallMs.plugin - s.wallMs.baseline) / s.parseMs)),
    perRule,
    samplesOverhead: samples.map((s) => s.wallMs.plugin / s.wallMs.baseline - 1),
  };
}

async function parent(runs, scalingRuns) {
  await loadPlugin(); // fail early when dist/ is missing
  const results = { machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version }, runs, scalingRuns, sets: {}, memory: {} };
  for (const set of ['large', 'websocketHeavy']) {
    results.sets[set] = [0.25, 0.5, 1].map((fraction) => measure(set, fraction, fraction === 1 ? runs : scalingRuns));
  }
  // The dense set: the sources of the WebSocket libraries and plugins alone (most files are socket code).
  results.sets.dense = [measure('dense', 1, runs)];
  // (d) peak RSS of a process linting the largest set, without and with the plugin.
  for (const mode of ['baseline', 'plugin']) results.memory[mode] = runChild('large', mode, 1).maxRssMB;
  results.codemods = measureCodemods(runs);
  results.scaling = runScaling(runs);
  results.oxlint = await measureOxlint(runs);
  mkdirSync(path.join(benchDir, 'results'), { recursive: true });
  writeFileSync(path.join(benchDir, 'results/bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write('\n');
  printSummary(results);
  printCodemods(results.codemods);
  printScaling(results.scaling);
  printOxlint(results.oxlint);
}

function printSummary({ machine, runs, scalingRuns, sets, memory }) {
  const pct = (x) => `${(x * 100).toFixed(2)}%`;
  const ms = (x) => `${Math.round(x)} ms`;
  console.log(`Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGB} GiB, Node ${machine.node}. Median of ${runs} runs (${scalingRuns} for the 1/4 and 1/2 subsets), each a fresh process linting every file with both configs, interleaved.\n`);
  console.log('| set | share | files | files with WS evidence | baseline | baseline + `all` | overhead (wall) | our rules (stats) | parse (stats) | (wall diff) / parse | ours (stats) / parse |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [set, rows] of Object.entries(sets)) {
    for (const row of rows) {
      console.log(
        `| ${set} | ${row.fraction} | ${row.files} | ${row.withEvidence} | ${ms(row.baselineMs)} | ${ms(row.pluginMs)} | ${pct(row.overhead)} | ${ms(row.ourRulesMs)} | ${ms(row.parseMs)} | ${pct(row.costOverParse)} | ${pct(row.ourRulesMs / row.parseMs)} |`,
      );
    }
  }
  console.log(`\nPeak RSS linting the large set (${sets.large.at(-1).files} files) in one process: ${Math.round(memory.baseline)} MB baseline, ${Math.round(memory.plugin)} MB with the plugin.`);
  const full = sets.websocketHeavy.at(-1);
  console.log('\nPer rule on the WebSocket-heavy set (all files, ESLint stats; the shared model is built in the first rule\'s create() and is not in these listener times):\n');
  console.log('| rule | time | share of parse |');
  console.log('|---|---|---|');
  for (const [rule, time] of Object.entries(full.perRule).filter(([r]) => r.startsWith('websocket/')).sort()) {
    console.log(`| ${rule} | ${ms(time)} | ${pct(time / full.parseMs)} |`);
  }
}
