// The examples in examples/ are real programs: the fixed servers start, talk and close cleanly,
// and the leaky ones fail the way their incidents did — in particular the crash that
// `require-error-listener` exists for (an 'error' event nobody listens to kills the process).
// Everything runs on 127.0.0.1 with bounded waits, so a regression fails instead of hanging.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type net from 'node:net';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { start as startWatchFixed } from '../../examples/000-request-scoped-watch/fixed.js';
import { start as startWatchLeaky } from '../../examples/000-request-scoped-watch/leaky.js';
import { start as startNotifyFixed } from '../../examples/004-idle-peers/fixed.js';
import { start as startSocketIo } from '../../examples/004-idle-peers/socketio-fixed.js';
import { runningWatchCount, stopAllWatches } from '../../examples/shared/pod-watch.js';

import {
  cleanups,
  client,
  deadPort,
  example,
  nextMessage,
  probes,
  resetDuringAuth,
  ROOT,
  runExample,
  started,
  stopAfterEachTest,
  until,
  within,
  type Running,
} from './harness.js';

stopAfterEachTest();

interface ServerModule {
  start(options?: { port?: number }): Promise<Running>;
}
interface Tail {
  stop(): void;
}
interface ClientModule {
  connect(url: string, onEvent?: (event: unknown) => void, options?: { baseMs?: number; capMs?: number }): Tail;
}

// JS examples are loaded by path at runtime (allowJs is off, so there are no types to import).
async function load<T>(rel: string): Promise<T> {
  const url = pathToFileURL(example(rel)).href;
  return (await import(/* @vite-ignore */ url)) as T;
}







describe('000 request-scoped watch', () => {
  it('fixed: streams pod events and stops the watch when the socket closes', async () => {
    const { port } = await started(startWatchFixed());
    const { ws, messages } = await client(`ws://127.0.0.1:${port}/?user=alice&ns=prod`);
    const event = JSON.parse(await nextMessage(messages, () => true, 'first pod event')) as { namespace: string };
    expect(event.namespace).toBe('prod');
    expect(runningWatchCount()).toBe(1);
    ws.close();
    await until(() => runningWatchCount() === 0, 3000, 'watch stopped after close');
  });

  it('fixed: refuses an unauthenticated upgrade', async () => {
    const { port } = await started(startWatchFixed());
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?ns=prod`);
    cleanups.push(() => ws.terminate());
    ws.on('error', () => {});
    const [, res] = (await within(once(ws, 'unexpected-response'), 5000, '401')) as [unknown, { statusCode: number }];
    expect(res.statusCode).toBe(401);
  });

  it('leaky: the request-scoped watch outlives the socket (the incident)', async () => {
    cleanups.push(stopAllWatches);
    const { port } = await started(startWatchLeaky());
    const { ws, messages, closed } = await client(`ws://127.0.0.1:${port}/?user=alice`);
    await nextMessage(messages, () => true, 'first pod event');
    ws.close();
    await within(closed, 3000, 'client close');
    await new Promise((resolve) => setTimeout(resolve, 600)); // two more watch ticks
    expect(runningWatchCount()).toBe(1); // req 'close' never fired after the upgrade
  });
});

describe('002 reconnect herd (ws client)', () => {
  it('fixed: reconnects after the server drops it, and stops for good on stop()', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1024 });
    wss.on('error', () => {});
    let connections = 0;
    wss.on('connection', (ws) => {
      ws.on('error', () => {});
      connections += 1;
      ws.send(JSON.stringify({ seq: connections }));
    });
    await within(once(wss, 'listening'), 5000, 'test server listening');
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    const port = (wss.address() as net.AddressInfo).port;

    const { connect } = await load<ClientModule>('002-reconnect-herd/fixed.js');
    const events: unknown[] = [];
    const tail = connect(`ws://127.0.0.1:${port}/events`, (event) => events.push(event), { baseMs: 20, capMs: 200 });
    cleanups.push(() => tail.stop());
    await until(() => events.length === 1, 5000, 'first event');

    for (const ws of wss.clients) ws.terminate(); // the proxy reload: every connection dropped at once
    await until(() => events.length === 2, 5000, 'event after reconnect');
    expect(events).toEqual([{ seq: 1 }, { seq: 2 }]);

    tail.stop();
    await until(() => wss.clients.size === 0, 3000, 'client closed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).toBe(2); // no reconnect after an intentional stop
  });

  it.each([
    ['leaky.js', true],
    ['fixed.js', false],
  ] as const)('%s against a proxy that refuses connections: crashes=%s', async (file, crashes) => {
    const port = await deadPort();
    const code = [
      `import { connect } from ${JSON.stringify(pathToFileURL(example(`002-reconnect-herd/${file}`)).href)};`,
      `connect('ws://127.0.0.1:${port}/events');`,
      'setTimeout(() => process.exit(0), 1500);',
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const [exitCode] = (await within(once(child, 'exit'), 8000, 'client process exit')) as [number | null];
    expect(stderr).toContain('ECONNREFUSED');
    if (crashes) {
      expect(exitCode).not.toBe(0);
      expect(stderr).toContain("Unhandled 'error' event");
    } else {
      expect(exitCode).toBe(0);
      expect(stderr).not.toContain('Unhandled');
    }
  });
});

describe('002 reconnect herd (browser style, fake WebSocket)', () => {
  class FakeSocket {
    static instances: FakeSocket[] = [];
    onopen?: () => void;
    onclose?: (event: { code: number }) => void;
    onerror?: () => void;
    onmessage?: (event: { data: string }) => void;
    constructor(readonly url: string) {
      FakeSocket.instances.push(this);
    }
    close(): void {}
    fail(): void {
      // what a browser does when the connection drops: 'error', then 'close'
      this.onerror?.();
      this.onclose?.({ code: 1006 });
    }
  }

  async function dropOnce(file: string): Promise<number> {
    const { connect } = await load<ClientModule>(`002-reconnect-herd/${file}`);
    FakeSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.useFakeTimers();
    const tail = connect('wss://ide.example/events', () => {});
    cleanups.push(() => tail.stop());
    FakeSocket.instances[0]?.fail();
    vi.advanceTimersByTime(60_000);
    return FakeSocket.instances.length - 1; // sockets opened because of one drop
  }

  it('leaky: one drop opens two new sockets after exactly 1 s', async () => {
    expect(await dropOnce('browser-leaky.js')).toBe(2);
  });

  it('fixed: one drop opens one new socket after a random delay below the cap', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(await dropOnce('browser-fixed.js')).toBe(1);
    expect(random).toHaveBeenCalled();
  });
});

describe('003 blocking message handler', () => {
  it('fixed: answers every task of a burst, one reply each, through its bounded queue', async () => {
    const { start } = await load<ServerModule>('003-blocking-message-handler/fixed.js');
    const { port } = await started(start());
    const { ws, messages } = await client(`ws://127.0.0.1:${port}`);

    ws.send(JSON.stringify({ id: 'h', kind: 'hash', target: 'https://example.test' }));
    ws.send(JSON.stringify({ id: 'f', kind: 'file' }));
    const hash = JSON.parse(await nextMessage(messages, (m) => m.includes('"id":"h"'), 'hash result')) as { digest: string };
    expect(hash.digest).toMatch(/^[0-9a-f]{64}$/);
    await nextMessage(messages, (m) => m.includes('"id":"f"'), 'file result');
    await nextMessage(messages, (m) => m.includes('"type":"stats"'), 'stats broadcast');

    const burst = 300;
    for (let i = 0; i < burst; i += 1) ws.send(JSON.stringify({ id: i, kind: 'http' }));
    const replies = () => messages.map((m) => JSON.parse(m) as { id?: unknown; error?: string }).filter((m) => typeof m.id === 'number');
    await until(() => replies().length >= burst, 15_000, 'a reply for every task');
    const ids = new Set(replies().map((r) => r.id));
    expect(ids.size).toBe(burst); // exactly one reply per task: a result, or 'busy' when the queue was full
    expect(replies().filter((r) => !r.error).length).toBeGreaterThanOrEqual(256);
  });
});

describe('004 idle peers', () => {
  it('fixed: delivers a notification from one user to another', async () => {
    const { port } = await started(startNotifyFixed());
    const alice = await client(`ws://127.0.0.1:${port}/?user=alice`);
    const bob = await client(`ws://127.0.0.1:${port}/?user=bob`);
    await nextMessage(alice.messages, (m) => m.includes('welcome'), 'alice welcome');
    await nextMessage(bob.messages, (m) => m.includes('welcome'), 'bob welcome');
    alice.ws.send(JSON.stringify({ to: 'bob', text: 'build is green' }));
    const note = await nextMessage(bob.messages, (m) => m.includes('build is green'), 'notification');
    expect(JSON.parse(note)).toEqual({ from: 'alice', text: 'build is green' });
    alice.ws.send('not json'); // ignored, not fatal
    alice.ws.send(JSON.stringify({ to: 'bob', text: 'still here' }));
    await nextMessage(bob.messages, (m) => m.includes('still here'), 'second notification');
  });

  it('socket.io fixed: delivers a notification over the engine.io websocket transport', async () => {
    const { port } = await started(startSocketIo());
    // No socket.io-client is installed: speak the engine.io v4 / socket.io v5 text protocol.
    const join = async (user: string) => {
      const c = await client(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
      await nextMessage(c.messages, (m) => m.startsWith('0{'), 'engine.io open');
      c.ws.send(`40${JSON.stringify({ user })}`);
      await nextMessage(c.messages, (m) => m.startsWith('40{'), 'namespace connect');
      await nextMessage(c.messages, (m) => m.startsWith('42["welcome"'), 'welcome');
      return c;
    };
    const alice = await join('alice');
    const bob = await join('bob');
    alice.ws.send(`42${JSON.stringify(['notify', { to: 'bob', text: 'deploy done' }])}`);
    const packet = await nextMessage(bob.messages, (m) => m.startsWith('42["notification"'), 'notification');
    expect(JSON.parse(packet.slice(2))).toEqual(['notification', { from: 'alice', text: 'deploy done' }]);
  });
});

// ---------------------------------------------------------------------------------------------
// The crash behind `require-error-listener`, reproduced in child processes.







describe("crash: an 'error' event with no listener (require-error-listener)", () => {
  describe.each(probes)('probe: %s', (_name, probe, message) => {
    it('kills 004-idle-peers/leaky.ts', async () => {
      const server = await runExample('004-idle-peers/leaky.ts');
      const closeCode = await probe(server.port);
      expect([1002, 1007]).toContain(closeCode); // ws still sends its close frame, then throws
      const exitCode = await within(server.exited, 5000, 'leaky server to crash');
      expect(exitCode).not.toBe(0);
      expect(server.stderr()).toContain("Unhandled 'error' event");
      expect(server.stderr()).toMatch(message);
    });

    it('does not kill 004-idle-peers/fixed.ts', async () => {
      const server = await runExample('004-idle-peers/fixed.ts');
      const closeCode = await probe(server.port);
      expect([1002, 1007]).toContain(closeCode);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(server.child.exitCode).toBeNull();
      expect(server.stderr()).toMatch(message); // logged by ws.on('error')
      const { messages } = await client(`ws://127.0.0.1:${server.port}/?user=alice`);
      await nextMessage(messages, (m) => m.includes('welcome'), 'welcome after the probe');
    });
  });

  describe('probe: the client resets the TCP connection while the upgrade awaits authentication', () => {

    it('kills 000-request-scoped-watch/leaky.ts (no error listener on the raw upgrade socket)', async () => {
      const server = await runExample('000-request-scoped-watch/leaky.ts');
      await resetDuringAuth(server.port);
      const exitCode = await within(server.exited, 5000, 'leaky server to crash');
      expect(exitCode).not.toBe(0);
      expect(server.stderr()).toContain("Unhandled 'error' event");
      expect(server.stderr()).toContain('ECONNRESET');
    });

    it('does not kill 000-request-scoped-watch/fixed.ts', async () => {
      const server = await runExample('000-request-scoped-watch/fixed.ts');
      await resetDuringAuth(server.port);
      await until(() => server.stderr().includes('ECONNRESET'), 5000, 'the reset to be logged');
      expect(server.child.exitCode).toBeNull();
      const { messages } = await client(`ws://127.0.0.1:${server.port}/?user=alice`);
      await nextMessage(messages, () => true, 'a pod event after the reset');
    });
  });
});
