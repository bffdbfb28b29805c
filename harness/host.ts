// The process a server under test runs in. The harness starts it with
//   node --expose-gc --import jiti/register harness/host.ts <server module> [<gauge>=<module>#<export>]…
// It imports the module, calls its `start({ port: 0 })` (the examples' convention), tells the
// harness the port over IPC, then answers `sample` requests with what is alive in this process.
//
// Everything it measures is generic, so a leaky program and its codemod-fixed copy are measured
// the same way without changing either: Node's own list of active handles (timers, TCP sockets),
// live ws / socket.io socket objects counted on the heap after a full collection (a socket kept
// by a registry or a timer's closure is still there), and the bytes ws has queued for each
// server-side socket it emitted 'connection' for. Gauges are extra numbers a module exports (the
// fake pod watch's `runningWatchCount`).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';

import type { HostReply, HostRequest, Sample } from './protocol.js';

const [program, ...gaugeArgs] = process.argv.slice(2);
if (!program || !process.send) {
  console.error('usage (from the harness, with an IPC channel): host.ts <server module> [<name>=<module>#<export>]…');
  process.exit(2);
}
const send = (reply: HostReply) => process.send!(reply);

// The socket classes are taken from the same installation the program resolves, so that
// `queryObjects` counts the program's sockets (a second copy of ws would have its own class).
const requireFromProgram = createRequire(path.resolve(program));
const ws = requireFromProgram('ws') as typeof import('ws');
// (socket.io only when the program names it: counting objects walks the heap, once per class.)
const socketIo = readFileSync(program, 'utf8').includes('socket.io') ? (requireFromProgram('socket.io') as typeof import('socket.io')) : undefined;

// Server-side ws sockets, weakly: the harness must not keep alive what it counts.
const serverSockets = new Set<WeakRef<import('ws').WebSocket>>();
const emit = ws.WebSocketServer.prototype.emit;
ws.WebSocketServer.prototype.emit = function (this: import('ws').WebSocketServer, event: string | symbol, ...args: unknown[]) {
  if (event === 'connection') serverSockets.add(new WeakRef(args[0] as import('ws').WebSocket));
  return emit.call(this, event, ...args);
};

const gauges = await Promise.all(
  gaugeArgs.map(async (arg) => {
    const match = /^(\w+)=(.+)#(\w+)$/.exec(arg);
    if (!match) throw new Error(`bad gauge ${arg}: expected <name>=<module>#<export>`);
    const module = (await import(pathToFileURL(path.resolve(match[2]!)).href)) as Record<string, unknown>;
    const read = module[match[3]!];
    if (typeof read !== 'function') throw new Error(`${match[2]} exports no function ${match[3]}`);
    return [match[1]!, read as () => number] as const;
  }),
);

const { start } = (await import(pathToFileURL(path.resolve(program)).href)) as {
  start(options: { port: number }): Promise<{ port: number; close(): Promise<void> }>;
};
const running = await start({ port: 0 });
send({ type: 'ready', port: running.port });

function sample(collect: boolean): Sample {
  if (collect) globalThis.gc?.();
  const resources = process.getActiveResourcesInfo();
  let buffered = 0;
  let maxBuffered = 0;
  for (const ref of serverSockets) {
    const socket = ref.deref();
    if (!socket) {
      serverSockets.delete(ref);
      continue;
    }
    buffered += socket.bufferedAmount;
    maxBuffered = Math.max(maxBuffered, socket.bufferedAmount);
  }
  return {
    at: performance.now(),
    timers: resources.filter((kind) => kind === 'Timeout').length,
    tcpSockets: resources.filter((kind) => kind === 'TCPSocketWrap').length,
    wsSockets: collect ? v8.queryObjects(ws.WebSocket, { format: 'count' }) : -1,
    socketIoSockets: collect && socketIo ? v8.queryObjects(socketIo.Socket, { format: 'count' }) : -1,
    heapUsed: process.memoryUsage().heapUsed,
    serverBuffered: buffered,
    serverMaxBuffered: maxBuffered,
    gauges: Object.fromEntries(gauges.map(([name, read]) => [name, read()])),
  };
}

process.on('message', (request: HostRequest) => {
  if (request.type === 'sample') send({ type: 'sample', id: request.id, sample: sample(request.collect) });
  else if (request.type === 'stop') {
    const deadline = setTimeout(() => process.exit(0), 3000);
    void running.close().finally(() => {
      clearTimeout(deadline);
      process.exit(0);
    });
  }
});
