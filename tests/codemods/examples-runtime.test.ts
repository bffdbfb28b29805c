// The codemods on the leaky examples, proven by running them: a copy of examples/ is migrated
// with every codemod (as `websocket-doctor fix --all --write` would), then the migrated leaky
// programs must pass what their incidents failed, type-check, and lint clean. The copy lives in a
// temporary folder with a link to this checkout's node_modules.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { runChecks } from '../../checks/index.js';
import { CODEMODS } from '../../codemods/registry.js';
import { transformSource } from '../../codemods/run.js';
import { factsOfText } from '../../facts/parse.js';
import { client, cleanups, example, nextMessage, probes, resetDuringAuth, ROOT, runExample, started, stopAfterEachTest, until, type Running } from '../examples/harness.js';

stopAfterEachTest();

let copy = '';
const migrated = (rel: string) => path.join(copy, 'examples', rel);
const written = new Map<string, string>();

beforeAll(async () => {
  copy = await mkdtemp(path.join(os.tmpdir(), 'websocket-codemod-examples-'));
  await cp(example(''), path.join(copy, 'examples'), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  await writeFile(path.join(copy, 'package.json'), '{ "type": "module" }\n'); // as this package's own
  for (const dir of ['000-request-scoped-watch', '002-reconnect-herd', '003-blocking-message-handler', '004-idle-peers']) {
    for (const name of await readdir(migrated(dir))) {
      if (!name.includes('leaky')) continue;
      const file = migrated(`${dir}/${name}`);
      const result = transformSource(await readFile(file, 'utf8'), file, CODEMODS);
      expect(result.error, name).toBeUndefined();
      if (result.changed) {
        await writeFile(file, result.output);
        written.set(`${dir}/${name}`, result.output);
      }
    }
  }
}, 60_000);

afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
});

async function load<T>(rel: string): Promise<T> {
  return (await import(/* @vite-ignore */ pathToFileURL(migrated(rel)).href)) as T;
}

describe('the migrated leaky examples', () => {
  it('were all changed, and every rule is silent on them', () => {
    expect([...written.keys()].sort()).toEqual([
      '000-request-scoped-watch/leaky.ts',
      '002-reconnect-herd/browser-leaky.js',
      '002-reconnect-herd/leaky.js',
      '003-blocking-message-handler/leaky.js',
      '004-idle-peers/leaky.ts',
      '004-idle-peers/socketio-leaky.ts',
    ]);
    for (const [rel, text] of written) {
      const remaining = runChecks(factsOfText(text, rel)).map((finding) => `${finding.rule} ${finding.node.loc.start.line}`);
      expect(remaining, rel).toEqual([]);
    }
  });

  it('type-check (the TypeScript ones, under the examples’ strict tsconfig)', () => {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', migrated('tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  }, 60_000);
});

describe('000 request-scoped watch, migrated', () => {
  interface Shared {
    runningWatchCount(): number;
    stopAllWatches(): void;
  }

  it('stops the watch when the socket closes (it outlived the socket before)', async () => {
    const shared = await load<Shared>('shared/pod-watch.js');
    cleanups.push(() => shared.stopAllWatches());
    const { start } = await load<{ start(): Promise<Running> }>('000-request-scoped-watch/leaky.ts');
    const { port } = await started(start());
    const { ws, messages } = await client(`ws://127.0.0.1:${port}/?user=alice&ns=prod`);
    await nextMessage(messages, () => true, 'first pod event');
    expect(shared.runningWatchCount()).toBe(1);
    ws.close();
    await until(() => shared.runningWatchCount() === 0, 3000, 'watch stopped after close');
  });

  it('survives a connection reset while the upgrade awaits authentication (it crashed before)', async () => {
    const server = await runExample(migrated('000-request-scoped-watch/leaky.ts'));
    await resetDuringAuth(server.port);
    await until(() => server.stderr().includes('ECONNRESET'), 5000, 'the reset to be logged');
    expect(server.child.exitCode).toBeNull();
    const { messages } = await client(`ws://127.0.0.1:${server.port}/?user=alice`);
    await nextMessage(messages, () => true, 'a pod event after the reset');
  });
});

describe('002 reconnect herd, migrated (browser style, fake WebSocket)', () => {
  it('opens one socket per drop, after a random delay (two after exactly 1 s before)', async () => {
    class FakeSocket {
      static instances: FakeSocket[] = [];
      onclose?: (event: { code: number }) => void;
      onerror?: () => void;
      listeners: Record<string, (() => void)[]> = {};
      constructor(readonly url: string) {
        FakeSocket.instances.push(this);
      }
      addEventListener(event: string, listener: () => void): void {
        (this.listeners[event] ??= []).push(listener);
      }
      close(): void {}
      fail(): void {
        this.onerror?.();
        this.onclose?.({ code: 1006 });
      }
    }
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.useFakeTimers();
    const { connect } = await load<{ connect(url: string, onEvent: () => void): { stop(): void } }>('002-reconnect-herd/browser-leaky.js');
    const tail = connect('wss://ide.example/events', () => {});
    cleanups.push(() => tail.stop());
    FakeSocket.instances[0]!.fail();
    vi.advanceTimersByTime(499);
    expect(FakeSocket.instances).toHaveLength(1); // full jitter: Math.random() (0.5) times the 1 s base
    vi.advanceTimersByTime(2);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(2); // nothing from the 'error' path
    expect(random).toHaveBeenCalled();
  });
});

describe('003 blocking message handler, migrated', () => {
  it('answers every kind of task with the values the blocking calls gave, through its queue', async () => {
    const { start } = await load<{ start(): Promise<Running> }>('003-blocking-message-handler/leaky.js');
    const { port } = await started(start());
    const { ws, messages } = await client(`ws://127.0.0.1:${port}`);
    const tasks = [
      { id: 'h', kind: 'hash', target: 'https://example.test' },
      { id: 'f', kind: 'file' },
      { id: 'u', kind: 'uptime' },
      ...Array.from({ length: 40 }, (_, i) => ({ id: i, kind: 'http' })),
    ];
    for (const task of tasks) ws.send(JSON.stringify(task));
    const results = () => messages.flatMap((m) => JSON.parse(m) as { id: unknown; digest?: string; size?: number; out?: string; ok?: boolean }[]);
    await until(() => results().length >= tasks.length, 15_000, 'a result for every task');
    const byId = new Map(results().map((result) => [result.id, result]));
    expect(byId.size).toBe(tasks.length);
    expect(byId.get('h')?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(byId.get('f')?.size).toBe((await readFile(migrated('003-blocking-message-handler/leaky.js'))).length);
    expect(byId.get('u')?.out).toMatch(/\S/); // what `uptime` printed
    expect([...byId.values()].filter((result) => result.ok === true)).toHaveLength(40);
  }, 30_000);
});

describe("004 idle peers, migrated: an 'error' event no longer kills the server", () => {
  it.each(probes)('probe: %s', async (_name, probe, message) => {
    const server = await runExample(migrated('004-idle-peers/leaky.ts'));
    const closeCode = await probe(server.port);
    expect([1002, 1007]).toContain(closeCode);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.child.exitCode).toBeNull();
    expect(server.stderr()).toMatch(message); // logged by the error listener the codemod added
    const { messages } = await client(`ws://127.0.0.1:${server.port}/?user=alice`);
    await nextMessage(messages, (m) => m.includes('welcome'), 'welcome after the probe');
  });
});
