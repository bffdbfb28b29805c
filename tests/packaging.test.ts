/**
 * The package as a new user gets it: packed with `npm pack`, installed from the tarball into fresh
 * projects (outside this repository, so nothing resolves from its node_modules) with real
 * packages from the npm registry, configured with the README's own snippets (read from README.md
 * here, so the README cannot drift from what works), and run over a small server.
 *
 * Needs the network and a build (`npm test` builds first). Takes a few minutes, mostly npm.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  repository: { url: string };
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};
const ruleNames = readFileSync(path.join(root, 'rules/index.ts'), 'utf8').match(/'[a-z-]+'(?=:)/g)?.map((s) => s.slice(1, -1)) ?? [];

const INSTALL_TIMEOUT = 300_000;

/** The code fence right after `<!-- readme-snippet: name -->` in README.md. */
function snippet(name: string): string {
  const match = new RegExp(`<!-- readme-snippet: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(readme);
  if (!match) throw new Error(`README.md has no snippet "${name}"`);
  return match[1]!;
}

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(command: string, args: readonly string[], cwd: string, timeout = INSTALL_TIMEOUT): Promise<Result> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

let workDir: string;
let tarball: string;

beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
  workDir = mkdtempSync(path.join(os.tmpdir(), 'eslint-plugin-websocket-packaging-'));
  // The build is the one `npm test` made; packing must not rebuild dist/ under the other tests.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], root, 120_000);
  expect(packed.code, packed.stderr).toBe(0);
  tarball = path.join(workDir, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
}, 120_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships what users need and nothing else', async () => {
    const dry = await run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], root, 120_000);
    expect(dry.code, dry.stderr).toBe(0);
    const files = (JSON.parse(dry.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', packageJson.bin['websocket-doctor']!.replace(/^\.\//, '')]) {
      expect(files).toContain(needed);
    }
    for (const rule of ruleNames) expect(files).toContain(`docs/rules/${rule}.md`);
    const unexpected = files.filter(
      (file) => !['LICENSE', 'README.md', 'package.json', 'dist/index.d.ts'].includes(file) && !/^dist\/.*\.js$/.test(file) && !/^docs\/rules\/[a-z-]+\.md$/.test(file),
    );
    expect(unexpected).toEqual([]);
    // Source maps would point at TypeScript sources that are not shipped.
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('has the metadata npm and users look for', () => {
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    const home = 'https://github.com/eslint-plugin-websocket/eslint-plugin-websocket';
    expect(pkg).toMatchObject({ license: 'MIT', homepage: `${home}#readme`, repository: { url: `git+${home}.git` }, bugs: { url: `${home}/issues` } });
  });
});

const serverJs = `import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

wss.on('connection', (ws) => {
  ws.on('message', (data) => ws.send(data));
});
`;

const serverTs = `import { WebSocketServer, type WebSocket, type RawData } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

wss.on('connection', (ws: WebSocket) => {
  ws.on('message', (data: RawData) => ws.send(data));
});
`;

const serverCjs = `const { WebSocketServer } = require('ws');

const wss = new WebSocketServer({ port: 8080 });

wss.on('connection', (ws) => {
  ws.on('message', (data) => ws.send(data));
});
`;

/**
 * What `recommended` must say about each sample: the server on line 3 has no 'error' listener,
 * no message size limit and no heartbeat, and the socket on line 5 has no 'error' listener.
 */
const expectedFindings = [
  'websocket/require-error-listener:3',
  'websocket/require-error-listener:5',
  'websocket/require-idle-timeout:3',
  'websocket/require-max-payload:3',
];

/** The README's install command, with the plugin taken from the tarball. */
function installArgs(command: string, replace: Readonly<Record<string, string>> = {}): string[] {
  const words = command.trim().split(/\s+/);
  expect(words.slice(0, 2)).toEqual(['npm', 'install']);
  return [...words.slice(1).map((word) => (word === packageJson.name ? tarball : (replace[word] ?? word))), '--no-audit', '--no-fund'];
}

function createProject(name: string, files: Readonly<Record<string, string>>): string {
  const dir = path.join(workDir, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

interface LintOutput {
  results: { filePath: string; messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[] }[];
  metadata: { rulesMeta: Record<string, { docs?: { url?: string } }> };
}

async function lint(dir: string, args: readonly string[] = []): Promise<{ findings: string[]; output: LintOutput; eslintVersion: string }> {
  const bin = path.join(dir, 'node_modules/eslint/bin/eslint.js');
  const version = await run(process.execPath, [bin, '--version'], dir);
  const result = await run(process.execPath, [bin, '--format', 'json-with-metadata', ...args, '.'], dir);
  // 1: problems found, which the sample has.
  expect(result.code, result.stderr).toBe(1);
  const output = JSON.parse(result.stdout) as LintOutput;
  const messages = output.results.flatMap((r) => r.messages);
  expect(messages.filter((m) => m.ruleId === null || m.fatal)).toEqual([]);
  const findings = messages.map((m) => `${m.ruleId}:${m.line}`).sort();
  return { findings, output, eslintVersion: version.stdout.trim() };
}

function expectVersionedDocsLinks(output: LintOutput): void {
  const repository = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  const ids = Object.keys(output.metadata.rulesMeta).filter((id) => id.startsWith('websocket/'));
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) {
    expect(output.metadata.rulesMeta[id]!.docs?.url).toBe(`${repository}/blob/v${packageJson.version}/docs/rules/${id.slice('websocket/'.length)}.md`);
  }
}

/** Every installed copy of each package of a scope, from `npm ls`: path → name@version. */
async function installedCopies(dir: string, scope: string): Promise<Map<string, string[]>> {
  const ls = await run('npm', ['ls', '--all', '--parseable', '--long'], dir);
  const copies = new Map<string, string[]>();
  for (const line of ls.stdout.split('\n')) {
    const [location, spec] = line.split(':');
    if (!location || !spec?.startsWith(`${scope}/`)) continue;
    const name = spec.slice(0, spec.lastIndexOf('@'));
    copies.set(name, [...(copies.get(name) ?? []), `${spec} at ${path.relative(dir, location)}`]);
  }
  return copies;
}

describe('installed from the tarball into a fresh project', () => {
  it(
    'JavaScript, ESLint 10 and nothing else: the README config reports the sample, and TypeScript is not installed',
    async () => {
      const dir = createProject('javascript', {
        'package.json': JSON.stringify({ name: 'sample-javascript', private: true, type: 'module' }),
        'eslint.config.js': snippet('config-javascript'),
        'server.js': serverJs,
      });
      const install = await run('npm', installArgs(snippet('install-javascript')), dir);
      expect(install.code, install.stderr).toBe(0);

      const { findings, output, eslintVersion } = await lint(dir);
      expect(eslintVersion).toMatch(/^v10\./);
      expect(findings).toEqual(expectedFindings);
      expectVersionedDocsLinks(output);

      // The plugin must not pull TypeScript (or typescript-eslint's parser) into a JavaScript project.
      expect(existsSync(path.join(dir, 'node_modules/typescript'))).toBe(false);
      const typescript = await run('npm', ['ls', 'typescript', '--all', '--parseable'], dir);
      expect(typescript.stdout.trim()).toBe('');
      const scoped = [...(await installedCopies(dir, '@typescript-eslint')).keys()];
      for (const parserPackage of ['@typescript-eslint/typescript-estree', '@typescript-eslint/parser', '@typescript-eslint/utils']) {
        expect(scoped).not.toContain(parserPackage);
      }

      // The CLI says what it needs instead of failing on a missing module.
      const doctor = await run(process.execPath, [path.join(dir, 'node_modules/.bin/websocket-doctor'), 'scan', 'server.js'], dir);
      expect(doctor.code).toBe(2);
      expect(doctor.stderr).toContain('npm install --save-dev typescript @typescript-eslint/typescript-estree @typescript-eslint/scope-manager');
    },
    INSTALL_TIMEOUT * 2,
  );

  it(
    'TypeScript, ESLint 9 and the current typescript-eslint: one copy of each @typescript-eslint package',
    async () => {
      const current = await run('npm', ['view', 'typescript-eslint@latest', 'version', 'peerDependencies.typescript', '--json'], workDir);
      expect(current.code, current.stderr).toBe(0);
      const { version: tseslintVersion, 'peerDependencies.typescript': typescriptRange } = JSON.parse(current.stdout) as Record<string, string>;

      const dir = createProject('typescript', {
        'package.json': JSON.stringify({ name: 'sample-typescript', private: true, type: 'module' }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true } }),
        'eslint.config.js': snippet('config-typescript'),
        'server.ts': serverTs,
      });
      // A TypeScript project has TypeScript already, at a version typescript-eslint supports.
      const setup = await run('npm', ['install', '--save-dev', `typescript@${typescriptRange}`, '--no-audit', '--no-fund'], dir);
      expect(setup.code, setup.stderr).toBe(0);
      const install = await run('npm', installArgs(snippet('install-typescript'), { eslint: 'eslint@9' }), dir);
      expect(install.code, install.stderr).toBe(0);

      const { findings, output, eslintVersion } = await lint(dir);
      expect(eslintVersion).toMatch(/^v9\./);
      expect(findings).toEqual(expectedFindings);
      expectVersionedDocsLinks(output);

      const installed = JSON.parse(readFileSync(path.join(dir, 'node_modules/typescript-eslint/package.json'), 'utf8')) as { version: string };
      expect(installed.version).toBe(tseslintVersion);
      const copies = await installedCopies(dir, '@typescript-eslint');
      for (const name of Object.keys(packageJson.dependencies)) expect(copies.has(name)).toBe(true);
      for (const [name, found] of copies) expect(found, name).toHaveLength(1);

      // With typescript-eslint there, the CLI has its parser packages.
      const doctor = await run(process.execPath, [path.join(dir, 'node_modules/.bin/websocket-doctor'), 'scan', 'server.ts'], dir);
      expect(doctor.code, doctor.stderr).toBe(1);
      expect(doctor.stdout).toContain('require-error-listener');
    },
    INSTALL_TIMEOUT * 3,
  );

  it(
    'CommonJS config file, ESLint 10',
    async () => {
      const dir = createProject('commonjs', {
        'package.json': JSON.stringify({ name: 'sample-commonjs', private: true }),
        'eslint.config.cjs': snippet('config-commonjs'),
        'server.cjs': serverCjs,
      });
      const install = await run('npm', installArgs(snippet('install-javascript')), dir);
      expect(install.code, install.stderr).toBe(0);
      const { findings, eslintVersion } = await lint(dir);
      expect(eslintVersion).toMatch(/^v10\./);
      expect(findings).toEqual(expectedFindings);
    },
    INSTALL_TIMEOUT * 2,
  );
});
