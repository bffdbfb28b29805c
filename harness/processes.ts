// Child processes the harness drives: a server under test in a host (host.ts), and a program of
// clients (clients-host.ts). Both run TypeScript through jiti (Node 20 cannot strip types) and are
// killed if the harness forgets them (`stopAll`).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import type { HostReply, HostRequest, Sample } from './protocol.js';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const HOST = fileURLToPath(new URL('host.ts', import.meta.url));
const CLIENTS_HOST = fileURLToPath(new URL('clients-host.ts', import.meta.url));

const children = new Set<ChildProcess>();

/** Kills every child still running (after a failure, or at exit). */
export function stopAll(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}
process.once('exit', stopAll);

function node(script: string, args: string[]): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, ['--expose-gc', '--disable-warning=ExperimentalWarning', '--import', 'jiti/register', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + String(chunk)).slice(-4000)));
  child.stdout!.resume();
  return { child, stderr: () => stderr };
}

export interface ServerUnderTest {
  port: number;
  /** What is alive in the server's process; `collect` runs a full garbage collection first. */
  sample(collect?: boolean): Promise<Sample>;
  /** True while the server's process runs (a leaky server may crash). */
  alive(): boolean;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `program` (a module exporting `start({ port })`) in a host, with optional gauges. */
export async function startServer(program: string, gauges: Record<string, string> = {}): Promise<ServerUnderTest> {
  const { child, stderr } = node(
    HOST,
    [program, ...Object.entries(gauges).map(([name, where]) => `${name}=${where}`)],
  );
  const replies = new Map<number, (sample: Sample) => void>();
  let port = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (reply: HostReply) => {
      if (reply.type === 'ready') {
        port = reply.port;
        resolve();
      } else replies.get(reply.id)?.(reply.sample);
    });
    child.once('exit', (code) => reject(new Error(`${program} exited (${code}) before listening:\n${stderr()}`)));
  });
  await within(ready, 20_000, `${program} to start`);
  let nextId = 0;
  const request = (message: HostRequest) => child.send(message);
  return {
    port,
    sample(collect = true) {
      const id = nextId++;
      const reply = new Promise<Sample>((resolve) => replies.set(id, resolve));
      request({ type: 'sample', id, collect });
      return within(reply, 20_000, `a sample of ${program}`).finally(() => replies.delete(id));
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      request({ type: 'stop' });
      await within(exited, 5000, `${program} to stop`).catch(() => child.kill('SIGKILL'));
    },
  };
}

export interface ClientsUnderTest {
  stop(): Promise<void>;
  stderr(): string;
}

/** Starts `count` clients of `program` (a module exporting `connect(url, onEvent)`) in one process. */
export async function startClients(program: string, url: string, count: number): Promise<ClientsUnderTest> {
  const { child, stderr } = node(CLIENTS_HOST, [program, url, String(count)]);
  await within(
    new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`${program} clients exited (${code}):\n${stderr()}`)));
    }),
    20_000,
    `${program} clients to start`,
  );
  return {
    stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.send('stop');
      await within(exited, 5000, `${program} clients to stop`).catch(() => child.kill('SIGKILL'));
    },
  };
}

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await sleep(10);
  }
}
