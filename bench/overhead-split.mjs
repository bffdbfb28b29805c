#!/usr/bin/env node
// Where the plugin's cost on files without WebSocket evidence goes: lints an even-stride fraction
// of the large non-WebSocket set's files that have no evidence, interleaving three configs:
// baseline; baseline + the plugin's `all`; baseline + as many dummy rules whose create() returns
// {} (ESLint's own fixed cost of configuring that many rules). Prints one JSON line.
//   node bench/overhead-split.mjs [fraction=0.25]
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { corpus, lintConfig, loadPlugin, packageFiles, repoDir, benchDir } from './lib.mjs';

const fraction = Number(process.argv[2] ?? '0.25');
const { Linter } = await import(path.join(repoDir, 'node_modules/eslint/lib/api.js'));
const { hasWebSocketEvidence } = await import(path.join(repoDir, 'dist/facts/index.js'));
const plugin = await loadPlugin();
const ruleNames = Object.keys(plugin.rules);
const dummy = {
  meta: { name: 'dummy' },
  rules: Object.fromEntries(ruleNames.map((name) => [name, { meta: { schema: [] }, create: () => ({}) }])),
};
const configs = {
  baseline: await lintConfig({}),
  plugin: await lintConfig({ plugin }),
  dummy: [...(await lintConfig({})), { plugins: { dummy }, rules: Object.fromEntries(ruleNames.map((name) => [`dummy/${name}`, 'error'])) }],
};
const root = path.join(benchDir, 'node_modules');
const files = corpus.large
  .flatMap((name) => packageFiles(root, name))
  .filter((_, i) => Math.floor((i + 1) * fraction) > Math.floor(i * fraction))
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
  .filter(({ text }) => !hasWebSocketEvidence(text));
const linter = new Linter({ configType: 'flat', cwd: repoDir });
const wallMs = { baseline: 0, plugin: 0, dummy: 0 };
const order = Object.keys(configs);
for (const [index, { file, text }] of files.entries()) {
  const filename = path.join(repoDir, '.corpus', path.relative(root, file));
  for (let k = 0; k < order.length; k++) {
    const name = order[(index + k) % order.length];
    const started = performance.now();
    linter.verify(text, configs[name], { filename });
    wallMs[name] += performance.now() - started;
  }
}
console.log(JSON.stringify({ fraction, files: files.length, wallMs, pluginOverhead: wallMs.plugin / wallMs.baseline - 1, dummyOverhead: wallMs.dummy / wallMs.baseline - 1 }));
