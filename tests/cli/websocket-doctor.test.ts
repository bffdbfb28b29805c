// websocket-doctor as users run it: the built bin (dist/, `npm test` builds first) in a child
// process, on a throw-away git repository of real-shaped files. Exit codes, the dry run's diff
// (applied with git), --write (atomic, refused on a dirty tree), a second run, a file that does
// not parse, CRLF and byte-order marks, SARIF against its schema, worker threads, and the
// jscodeshift entry points.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';

import { ROOT } from '../examples/harness.js';

const BIN = path.join(ROOT, 'dist', 'cli', 'websocket-doctor.js');
const fixture = (rel: string) => readFileSync(path.join(ROOT, 'codemods', rel), 'utf8');

const repos: string[] = [];
afterEach(() => {
  while (repos.length > 0) rmSync(repos.pop()!, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

/** A committed git repository with these files. */
function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'websocket-doctor-'));
  repos.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'initial');
  return dir;
}

function doctor(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');

const PROJECT = {
  'src/chat.ts': fixture('add-error-listener/__fixtures__/ws-server.input.ts'),
  'src/agent.js': fixture('all/__fixtures__/agent.input.js'),
  'src/client.js': fixture('all/__fixtures__/client.input.js'),
  'src/util.js': 'export const twice = (n) => n * 2;\n',
};

describe('websocket-doctor', () => {
  it('list names every codemod with its options; --help and --version answer; a wrong command exits 2', () => {
    const dir = repository({ 'a.js': '' });
    const list = doctor(dir, 'list');
    expect(list.code).toBe(0);
    for (const name of ['add-error-listener', 'add-heartbeat', 'add-max-payload', 'guard-send', 'reconnect-backoff', 'abort-on-close', 'bounded-message-queue']) expect(list.stdout).toContain(name);
    expect(list.stdout).toContain('--option highWaterMark=');
    expect(doctor(dir, '--help').code).toBe(0);
    expect(doctor(dir, '--version').stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const wrong = doctor(dir, 'fixx');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown command: fixx');
    expect(doctor(dir, 'fix', '--codemod', 'nope').code).toBe(2);
    expect(doctor(dir, 'fix').stderr).toContain('--codemod <name>');
    expect(doctor(dir, 'fix', '--all', '--option', 'highWaterMark=lots').stderr).toContain('whole number');
  });

  it('scan exits 1 with findings (stylish, json), 0 on clean code', () => {
    const dir = repository(PROJECT);
    const stylish = doctor(dir, 'scan');
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain('src/agent.js');
    expect(stylish.stdout).toContain('require-error-listener');
    const json = doctor(dir, 'scan', '--format', 'json');
    const findings = JSON.parse(json.stdout) as { file: string; rule: string }[] | { findings: { file: string; rule: string }[] };
    const list = Array.isArray(findings) ? findings : findings.findings;
    expect(list.some((finding) => finding.rule === 'require-reconnect-backoff')).toBe(true);
    expect(doctor(dir, 'scan', 'src/util.js').code).toBe(0);
  });

  it('scan --format sarif writes a SARIF 2.1.0 log that validates against the schema', () => {
    const dir = repository(PROJECT);
    const result = doctor(dir, 'scan', '--format', 'sarif', '--output', 'report.sarif');
    expect(result.code).toBe(1);
    const log = JSON.parse(read(dir, 'report.sarif')) as { runs: { results: { ruleId: string }[] }[] };
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
    const valid = ajv.validate(schema, log);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors?.slice(0, 3))).toEqual([]);
    expect(valid).toBe(true);
    expect(log.runs[0]!.results.length).toBeGreaterThan(3);
  });

  it('fix without --write prints a diff that git applies, and changes nothing', () => {
    const dir = repository(PROJECT);
    const dry = doctor(dir, 'fix', '--all');
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/would change\s+3/);
    expect(dry.stderr).toContain('dry run');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    writeFileSync(path.join(dir, '.git', 'codemods.diff'), dry.stdout);
    git(dir, 'apply', '.git/codemods.diff');
    const applied = Object.fromEntries(Object.keys(PROJECT).map((name) => [name, read(dir, name)]));
    git(dir, 'checkout', '-q', '.');

    const written = doctor(dir, 'fix', '--all', '--write');
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/written\s+3/);
    for (const name of Object.keys(PROJECT)) expect(read(dir, name), name).toBe(applied[name]);
    expect(read(dir, 'src/util.js')).toBe(PROJECT['src/util.js']);
  });

  it('passes codemod options to what the codemods write', () => {
    const dir = repository({ 'src/publish.js': fixture('guard-send/__fixtures__/broadcast-loop.input.js') });
    const result = doctor(dir, 'fix', '--codemod', 'guard-send', '--option', 'slowClient=terminate', '--option', 'bufferedBytes=65536');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('+    if (client.bufferedAmount >= 64 * 1024) client.terminate();');
    expect(doctor(dir, 'fix', '--codemod', 'guard-send', '--option', 'slowClient=later').code).toBe(2);
  });

  it('fix --write refuses a dirty tree (exit 2) unless --force, and a second run finds nothing to do', () => {
    const dir = repository(PROJECT);
    writeFileSync(path.join(dir, 'src/util.js'), 'export const thrice = (n) => n * 3;\n');
    const refused = doctor(dir, 'fix', '--all', '--write');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('uncommitted changes');
    expect(refused.stderr).toContain('src/util.js');
    expect(read(dir, 'src/chat.ts')).toBe(PROJECT['src/chat.ts']);

    expect(doctor(dir, 'fix', '--all', '--write', '--force').code).toBe(0);
    expect(read(dir, 'src/chat.ts')).not.toBe(PROJECT['src/chat.ts']);
    const again = doctor(dir, 'fix', '--all');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/would change\s+0/);
  });

  it('fix --write looks at the trees it writes into: a clean one is written from a dirty current folder', () => {
    const dirty = repository(PROJECT);
    writeFileSync(path.join(dirty, 'src/util.js'), 'export const thrice = (n) => n * 3;\n');
    const clean = repository({ 'src/chat.ts': PROJECT['src/chat.ts'] });
    const written = doctor(dirty, 'fix', '--all', '--write', path.join(clean, 'src'));
    expect(written.code, written.stderr).toBe(0);
    expect(read(clean, 'src/chat.ts')).not.toBe(PROJECT['src/chat.ts']);
    // and the other way round: the dirty tree, from a clean folder, is refused
    const refused = doctor(clean, 'fix', '--all', '--write', path.join(dirty, 'src'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('src/util.js');
  });

  it('leaves a file that does not parse as it is, says why, writes the others and exits 1', () => {
    const broken = "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 1 });\nwss.on('connection', (ws) => {\n";
    const dir = repository({ ...PROJECT, 'src/broken.js': broken });
    const result = doctor(dir, 'fix', '--all', '--write');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed: src\/broken\.js: does not parse: \d+:\d+/);
    expect(result.stderr).toMatch(/failed\s+1/);
    expect(read(dir, 'src/broken.js')).toBe(broken);
    expect(read(dir, 'src/agent.js')).not.toBe(PROJECT['src/agent.js']);
  });

  it('keeps CRLF line endings and a byte-order mark', () => {
    const source = `\uFEFF${fixture('add-error-listener/__fixtures__/ws-client.input.js').replace(/\n/g, '\r\n')}`;
    const dir = repository({ 'feed.js': source });
    git(dir, 'config', 'core.autocrlf', 'false');
    const result = doctor(dir, 'fix', '--codemod', 'add-error-listener', '--write');
    expect(result.code).toBe(0);
    const output = read(dir, 'feed.js');
    expect(output).not.toBe(source);
    expect(output.startsWith('\uFEFF')).toBe(true);
    expect(output.replace(/\r\n/g, '')).not.toContain('\n');
    expect(output).toContain("console.error('WebSocket error:', error);\r\n");
  });

  it('creates the queue module once with --option queue=module, and never over an existing file', () => {
    const dir = repository({
      'src/a.js': fixture('bounded-message-queue/__fixtures__/dropped-promise.input.js'),
      'src/nested/b.ts': fixture('bounded-message-queue/__fixtures__/awaited-loop.input.ts'),
    });
    const dry = doctor(dir, 'fix', '--codemod', 'bounded-message-queue', '--option', 'queue=module');
    expect(dry.stdout).toContain('--- /dev/null\n+++ b/src/websocket-message-queue.ts');
    expect(dry.stderr).toContain('would create: src/websocket-message-queue.ts');
    const result = doctor(dir, 'fix', '--codemod', 'bounded-message-queue', '--option', 'queue=module', '--write');
    expect(result.code).toBe(0);
    expect(read(dir, 'src/a.js')).toContain("import { createMessageQueue } from './websocket-message-queue.js';");
    expect(read(dir, 'src/nested/b.ts')).toContain("import { createMessageQueue } from '../websocket-message-queue.js';");
    expect(read(dir, 'src/websocket-message-queue.ts')).toContain('export function createMessageQueue(');
    expect(read(dir, 'src/a.js')).not.toContain('function createMessageQueue');

    // A queue module of the user's own is kept: the next run imports it and writes nothing over it.
    const own = repository({ 'src/a.js': fixture('bounded-message-queue/__fixtures__/dropped-promise.input.js'), 'src/websocket-message-queue.js': '// mine\n' });
    const kept = doctor(own, 'fix', '--codemod', 'bounded-message-queue', '--option', 'queue=module', '--write');
    expect(kept.code).toBe(0);
    expect(kept.stderr).not.toContain('created');
    expect(read(own, 'src/websocket-message-queue.js')).toBe('// mine\n');
    expect(read(own, 'src/a.js')).toContain("from './websocket-message-queue.js';");
  });

  it('with --project, fixes the connection handler of a server made in another module', () => {
    const files = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true }, include: ['src'] }),
      'package.json': '{ "type": "module" }\n',
      'src/server.ts': "import { WebSocketServer } from 'ws';\n\nexport const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });\nwss.on('error', console.error);\n",
      'src/handlers.ts': [
        "import { wss } from './server.js';",
        '',
        "wss.on('connection', (socket) => {",
        "  const ticker = setInterval(() => socket.send(String(Date.now())), 1000);",
        "  socket.on('message', (data) => socket.send(data));",
        '});',
        '',
      ].join('\n'),
    };
    const dir = repository(files);
    // One file at a time, the handler module shows socket use but not whose server it listens on:
    // nothing to change.
    const alone = doctor(dir, 'fix', '--codemod', 'add-error-listener,abort-on-close', 'src');
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toMatch(/would change\s+0/);
    const result = doctor(dir, 'fix', '--codemod', 'add-error-listener,abort-on-close', '--project', 'tsconfig.json', '--write');
    expect(result.code, result.stderr).toBe(0);
    const handlers = read(dir, 'src/handlers.ts');
    expect(handlers).toContain("socket.on('error', (error: Error) => {");
    expect(handlers).toContain('clearInterval(ticker);');
    expect(read(dir, 'src/server.ts')).toBe(files['src/server.ts']);
    const missing = doctor(dir, 'fix', '--all', '--project', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json');
  });

  it('stops between two files on Ctrl-C: exit 130, every file whole (original or fixed), no temporary file left', async () => {
    const source = fixture('all/__fixtures__/agent.input.js');
    const expected = fixture('all/__fixtures__/agent.output.js');
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`src/agent${i}.js`] = source;
    const dir = repository(files);
    const child = spawn(process.execPath, [BIN, 'fix', '--all', '--write', '--jobs', '1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (read(dir, 'src/agent0.js') === source && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted');
    const names = readdirSync(path.join(dir, 'src'));
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const fixed = names.filter((name) => read(dir, `src/${name}`) === expected).length;
    const untouched = names.filter((name) => read(dir, `src/${name}`) === source).length;
    expect(fixed + untouched).toBe(400);
    expect(fixed).toBeGreaterThan(0);
    expect(untouched).toBeGreaterThan(0);
  }, 60_000);

  it('gives the same result on worker threads as on one thread', () => {
    const files: Record<string, string> = {};
    const sources = ['add-error-listener/__fixtures__/ws-server.input.ts', 'all/__fixtures__/agent.input.js', 'guard-send/__fixtures__/broadcast-loop.input.js', 'src-free'];
    for (let i = 0; i < 320; i++) {
      const source = sources[i % sources.length]!;
      files[`src/m${i}.${source.endsWith('.ts') ? 'ts' : 'js'}`] = source === 'src-free' ? `export const n${i} = ${i};\n` : fixture(source);
    }
    const single = repository(files);
    const parallel = repository(files);
    expect(doctor(single, 'fix', '--all', '--write', '--jobs', '1').code).toBe(0);
    const threaded = doctor(parallel, 'fix', '--all', '--write', '--jobs', '2');
    expect(threaded.code).toBe(0);
    expect(threaded.stderr).toMatch(/written\s+240/);
    for (const name of readdirSync(path.join(single, 'src'))) expect(read(parallel, `src/${name}`), name).toBe(read(single, `src/${name}`));
  }, 120_000);

  it('the jscodeshift transforms give what fix --write gives', () => {
    const cli = repository(PROJECT);
    const shifted = mkdtempSync(path.join(os.tmpdir(), 'websocket-jscodeshift-'));
    repos.push(shifted);
    cpSync(cli, shifted, { recursive: true });
    expect(doctor(cli, 'fix', '--all', '--write').code).toBe(0);
    const jscodeshift = path.join(ROOT, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
    const result = spawnSync(process.execPath, [jscodeshift, '--no-babel', '--silent', '-t', path.join(ROOT, 'dist', 'codemods', 'all', 'transform.js'), 'src'], { cwd: shifted, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    for (const name of Object.keys(PROJECT)) expect(read(shifted, name), name).toBe(read(cli, name));
  }, 60_000);
});
