// What the runtime tests of the examples share: bounded waits, a recording ws client, servers and
// child processes that are stopped after each test (call `stopAfterEachTest()` once per file), and
// the frames a misbehaving peer sends. Everything runs on 127.0.0.1.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, expect, vi } from 'vitest';

import { until, within } from '../../harness/processes.js';
import WebSocket from 'ws';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const example = (rel: string): string => fileURLToPath(new URL(`examples/${rel}`, pathToFileURL(ROOT)));

/** Run after the test that registered them, last first. */
export const cleanups: Array<() => unknown> = [];

export function stopAfterEachTest(): void {
  afterEach(async () => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    while (cleanups.length > 0) await cleanups.pop()?.();
  });
}

export interface Running {
  port: number;
  close(): Promise<void>;
}

// Bounded waits: the leak harness's own (harness/processes.ts).
export { until, within } from '../../harness/processes.js';

/** A ws client that records every text message; closed (terminated) after the test. */
export async function client(url: string): Promise<{ ws: WebSocket; messages: string[]; closed: Promise<number> }> {
  const ws = new WebSocket(url);
  const messages: string[] = [];
  ws.on('error', () => {}); // the tests look at 'close' codes instead
  ws.on('message', (data) => messages.push(String(data)));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  cleanups.push(() => ws.terminate());
  await within(once(ws, 'open'), 5000, `open ${url}`);
  return { ws, messages, closed };
}

export async function nextMessage(messages: string[], match: (message: string) => boolean, what: string): Promise<string> {
  let found: string | undefined;
  await until(() => (found = messages.find(match)) !== undefined, 5000, what);
  return found as string;
}

export async function started(server: Promise<Running>): Promise<Running> {
  const running = await server;
  cleanups.push(() => within(running.close(), 5000, 'server close'));
  return running;
}

/** A port nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs a program (TypeScript through jiti: Node 20 cannot strip types) and waits for it to print
 * its port. `program`: a path under examples/, or an absolute path (a codemod's output).
 */
export async function runExample(program: string) {
  const rel = program;
  const child = spawn(process.execPath, ['--import', 'jiti/register', path.isAbsolute(program) ? program : example(program)], {
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
export async function rawHandshake(port: number, target: string): Promise<{ socket: net.Socket; after: Buffer[] }> {
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
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await within(upgraded, 5000, 'raw handshake');
  return { socket, after };
}

/** A masked client frame: FIN + the given first-byte flags/opcode. */
export function frame(firstByte: number, payload: Buffer): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([firstByte, 0x80 | payload.length]), mask, body]);
}

/** The status code of the first close frame in what the server sent (unmasked frames). */
export function closeCodeIn(bytes: Buffer): number {
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

export type Probe = (port: number) => Promise<number>; // resolves with the close code the server sent

export const probes: Array<[string, Probe, RegExp]> = [
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


/** Opens an upgrade request and resets the TCP connection while the server authenticates it. */
export async function resetDuringAuth(port: number): Promise<void> {
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
}
