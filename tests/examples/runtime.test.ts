// The examples in examples/ are real programs: the fixed servers start, talk and close cleanly,
// and the leaky ones fail the way their incidents did — in particular the crash that
// `require-error-listener` exists for (an 'error' event nobody listens to kills the process).
// Everything runs on 127.0.0.1 with bounded waits, so a regression fails instead of hanging.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { start as startWatchFixed } from '../../examples/000-request-scoped-watch/fixed.js';
import { start as startWatchLeaky } from '../../examples/000-request-scoped-watch/leaky.js';
import { start as startNotifyFixed } from '../../examples/004-idle-peers/fixed.js';
import { start as startSocketIo } from '../../examples/004-idle-peers/socketio-fixed.js';
import { runningWatchCount, stopAllWatches } from '../../examples/shared/pod-watch.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const example = (rel: string): string => fileURLToPath(new URL(`examples/${rel}`, pathToFileURL(ROOT)));

interface Running {
  port: number;
  close(): Promise<void>;
}
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

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A ws client that records every text message; closed (terminated) after the test. */
async function client(url: string): Promise<{ ws: WebSocket; messages: string[]; closed: Promise<number> }> {
  const ws = new WebSocket(url);
  const messages: string[] = [];
  ws.on('error', () => {}); // the tests look at 'close' codes instead
  ws.on('message', (data) => messages.push(String(data)));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  cleanups.push(() => ws.terminate());
  await within(once(ws, 'open'), 5000, `open ${url}`);
  return { ws, messages, closed };
}

async function nextMessage(messages: string[], match: (message: string) => boolean, what: string): Promise<string> {
  let found: string | undefined;
  await until(() => (found = messages.find(match)) !== undefined, 5000, what);
  return found as string;
}

async function started(server: Promise<Running>): Promise<Running> {
  const running = await server;
  cleanups.push(() => within(running.close(), 5000, 'server close'));
  return running;
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

/** A port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a TS example with jiti (Node 20 cannot strip types) and waits for it to print its port. */
async function runExample(rel: string) {
  const child = spawn(process.execPath, ['--import', 'jiti/register', example(rel)], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await until(() => /127\.0\.0\.1:\d+/.test(stdout) || child.exitCode !== null, 10_000, `${rel} to start`);
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]);
  expect(port, `${rel} printed no port; stderr:\n${stderr}`).toBeGreaterThan(0);
  return { child, port, exited, stderr: () => stderr };
}

/** Opens a WebSocket by hand and returns the raw socket plus the bytes after the 101 response. */
async function rawHandshake(port: number, path: string): Promise<{ socket: net.Socket; after: Buffer[] }> {
  const socket = net.connect(port, '127.0.0.1');
  cleanups.push(() => socket.destroy());
  socket.on('error', () => {});
  let head = Buffer.alloc(0);
  const after: Buffer[] = [];
  const upgraded = new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      if (head.includes('\r\n\r\n')) return void after.push(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      if (!head.subarray(0, 12).toString().includes('101')) return reject(new Error(head.toString()));
      if (head.length > end + 4) after.push(head.subarray(end + 4));
      resolve();
    });
  });
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await within(upgraded, 5000, 'raw handshake');
  return { socket, after };
}

/** A masked client frame: FIN + the given first-byte flags/opcode. */
function frame(firstByte: number, payload: Buffer): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([firstByte, 0x80 | payload.length]), mask, body]);
}

/** The status code of the first close frame in what the server sent (unmasked frames). */
function closeCodeIn(bytes: Buffer): number {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    let header = 2;
    if (length === 126) [length, header] = [bytes.readUInt16BE(at + 2), 4];
    else if (length === 127) [length, header] = [Number(bytes.readBigUInt64BE(at + 2)), 10];
    if (opcode === 0x8) return length >= 2 ? bytes.readUInt16BE(at + header) : 1005;
    at += header + length; // skip the welcome message and any other data frame
  }
  return -1;
}

type Probe = (port: number) => Promise<number>; // resolves with the close code the server sent

const probes: Array<[string, Probe, RegExp]> = [
  [
    'a text frame with invalid UTF-8 (ws client, binary: false)',
    async (port) => {
      const { ws, closed } = await client(`ws://127.0.0.1:${port}/?user=mallory`);
      ws.send(Buffer.from([0xc3, 0x28, 0xff]), { binary: false }); // ws does not validate what it sends
      return within(closed, 5000, 'close after invalid UTF-8');
    },
    /invalid UTF-8 sequence/,
  ],
  [
    'a text frame with the RSV1 bit set, no extension negotiated (raw socket)',
    async (port) => {
      const { socket, after } = await rawHandshake(port, '/?user=mallory');
      socket.write(frame(0x80 | 0x40 | 0x1, Buffer.from('hi')));
      await within(once(socket, 'close'), 5000, 'socket close after RSV1 frame');
      return closeCodeIn(Buffer.concat(after));
    },
    /RSV1 must be clear/,
  ],
];

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
    const resetDuringAuth = async (port: number) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => {});
      cleanups.push(() => socket.destroy());
      await within(once(socket, 'connect'), 5000, 'tcp connect');
      socket.write(
        'GET /?user=alice HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      await new Promise((resolve) => setTimeout(resolve, 15)); // mid-way through authenticate() (50 ms)
      socket.resetAndDestroy();
    };

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
