// Seed 003: a slow consumer. Two scenarios on the probe agent (003-blocking-message-handler):
//
// flood: a client floods tasks whose work is slow (a 50 ms probe each). Leaky: every message
//   starts its probe at once, so in-flight work (one timer per probe) and the heap grow with the
//   flood. Fixed (bounded-message-queue): in-flight work stays at the queue's concurrency, the
//   socket is paused while the queue is full, and the flood waits in the client's buffer instead
//   (its bufferedAmount grows). The migration's heartbeat ticks every 300 ms here, so the run also
//   shows that a socket paused for seconds is not taken for a dead peer.
// silent-client: a client that never reads, next to one that sends tasks: the agent broadcasts
//   every result to all clients. Leaky: the bytes queued for the silent client grow with
//   everything broadcast. Fixed (guard-send): they stop at the guard's limit plus one batch.
import net from 'node:net';
import WebSocket from 'ws';

import type { Versions } from '../migrate.js';
import { sleep, startServer, within, type ServerUnderTest } from '../processes.js';
import type { Sample } from '../protocol.js';
import { MiB, mib, VERSIONS, type Chart, type Scale, type Scenario, type ScenarioResult, type Series, type Table, type Verdict } from '../scenario.js';

const PROGRAM = '003-blocking-message-handler/leaky.js';
const SAMPLE_EVERY_MS = 100;
/** In-flight work the fixed version may show: the queue's concurrency (1) and a timer about to fire. */
const MAX_IN_FLIGHT = 4;
/** guard-send's limit: a client with this much queued gets no more (until it drains). */
const GUARD = MiB;

export const flood: Scenario = {
  name: 'flood',
  seed: '003 (slow consumer)',
  codemodOptions: { heartbeatIntervalMs: 300 },
  async run(versions: Versions, scale: Scale): Promise<ScenarioResult> {
    const tasks = scale === 'quick' ? 2000 : 20_000;
    const padding = 'x'.repeat(4000);
    const floodMs = scale === 'quick' ? 1500 : 5000;
    const table: Table = {
      title: `${tasks} tasks of 4 KB sent at once by one client (each a 50 ms probe), watched for ${floodMs / 1000} s`,
      columns: ['version', 'tasks sent', 'peak in-flight probes', 'heap growth (MiB)', "client's bufferedAmount (MiB)", 'results received', 'client still connected', 'verdict'],
      rows: [],
    };
    const verdicts: Verdict[] = [];
    const inFlight: Series[] = [];
    const heap: Series[] = [];
    for (const version of VERSIONS) {
      const server = await startServer(versions[version](PROGRAM));
      try {
        const baseline = await server.sample();
        const { ws, received } = await reader(`ws://127.0.0.1:${server.port}`);
        for (let id = 0; id < tasks; id++) ws.send(JSON.stringify({ id, kind: 'http', padding }));
        const timeline = await watch(server, floodMs);
        const peak = Math.max(...timeline.map((sample) => sample.timers - baseline.timers));
        const heapGrowth = Math.max(...timeline.map((sample) => sample.heapUsed)) - baseline.heapUsed;
        const clientBuffered = ws.bufferedAmount;
        const connected = ws.readyState === WebSocket.OPEN;
        ws.terminate();
        const ok = peak <= MAX_IN_FLIGHT && connected && server.alive();
        verdicts.push({ scenario: 'flood', subject: 'flood of slow tasks', version, ok, why: `peak in-flight probes ${peak} (at most ${MAX_IN_FLIGHT}); the client ${connected ? 'stayed' : 'was cut'}` });
        table.rows.push([version, tasks, peak, mib(heapGrowth), mib(clientBuffered), received(), connected ? 'yes' : 'no', ok ? 'bounded' : 'unbounded']);
        inFlight.push({ name: version, dashed: version === 'fixed', points: timeline.map((sample) => [sample.at - timeline[0]!.at, sample.timers - baseline.timers]) });
        heap.push({ name: version, dashed: version === 'fixed', points: timeline.map((sample) => [sample.at - timeline[0]!.at, (sample.heapUsed - baseline.heapUsed) / MiB]) });
      } finally {
        await server.stop();
      }
    }
    const charts: Chart[] = [
      { file: 'flood-in-flight', title: `003: probes in flight while ${tasks} tasks arrive`, x: 'ms after the flood was sent', y: 'probes in flight', series: inFlight },
      { file: 'flood-heap', title: `003: heap while ${tasks} tasks arrive`, x: 'ms after the flood was sent', y: 'heap growth (MiB)', series: heap },
    ];
    return { tables: [table], charts, verdicts };
  },
};

/**
 * Tasks arrive at the pace the fixed agent works (10 per broadcast), so that both versions
 * broadcast the same batches: the leaky one queues all of them for the silent client; the guarded
 * one stops once 1 MiB is queued (it may pass that by the one batch it let through).
 */
export const silentClient: Scenario = {
  name: 'silent-client',
  seed: '003 (slow consumer)',
  async run(versions: Versions, scale: Scale): Promise<ScenarioResult> {
    const ticks = scale === 'quick' ? 8 : 20;
    const id = 'x'.repeat(256 * 1024); // the agent echoes the id in each result: 256 KB per result
    const table: Table = {
      title: `A client that never reads, while another sends 10 tasks every 500 ms for ${ticks / 2} s, each result 256 KB (every result is broadcast)`,
      columns: ['version', 'broadcast (MiB, to the reading client)', 'largest batch (MiB)', 'peak queued for the silent client (MiB)', 'bound (MiB)', 'verdict'],
      rows: [],
    };
    const verdicts: Verdict[] = [];
    const queued: Series[] = [];
    for (const version of VERSIONS) {
      const server = await startServer(versions[version](PROGRAM));
      try {
        const silent = await connectSilently(server.port);
        const { ws, bytes, largest } = await reader(`ws://127.0.0.1:${server.port}`);
        let n = 0;
        const sender = setInterval(() => {
          for (let i = 0; i < 10; i++) ws.send(JSON.stringify({ id: `${n++}:${id}`, kind: 'http' }));
        }, 500);
        const timeline = await watch(server, ticks * 500 + 500).finally(() => clearInterval(sender));
        const peak = Math.max(...timeline.map((sample) => sample.serverMaxBuffered));
        const bound = GUARD + largest();
        ws.terminate();
        silent.destroy();
        const ok = peak <= bound && server.alive();
        verdicts.push({ scenario: 'silent-client', subject: 'a client that never reads', version, ok, why: `peak queued for the silent client ${mib(peak)} MiB (at most 1 MiB + the largest batch, ${mib(bound)} MiB)` });
        table.rows.push([version, mib(bytes()), mib(largest()), mib(peak), mib(bound), ok ? 'bounded' : 'unbounded']);
        queued.push({ name: version, dashed: version === 'fixed', points: timeline.map((sample) => [sample.at - timeline[0]!.at, sample.serverMaxBuffered / MiB]) });
      } finally {
        await server.stop();
      }
    }
    const charts: Chart[] = [{ file: 'silent-client', title: '003: bytes queued for a client that never reads', x: 'ms after the first tasks were sent', y: 'queued (MiB)', series: queued }];
    return { tables: [table], charts, verdicts };
  },
};

/** Samples the server (without a full collection) every SAMPLE_EVERY_MS for `ms`. */
async function watch(server: ServerUnderTest, ms: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    samples.push(await server.sample(false));
    await sleep(SAMPLE_EVERY_MS);
  }
  return samples;
}

/** A ws client that reads everything, counting results and bytes. */
async function reader(url: string): Promise<{ ws: WebSocket; received(): number; bytes(): number; largest(): number }> {
  const ws = new WebSocket(url);
  ws.on('error', () => {});
  let results = 0;
  let bytes = 0;
  let largest = 0;
  ws.on('message', (data: Buffer) => {
    bytes += data.length;
    largest = Math.max(largest, data.length);
    results += (JSON.parse(String(data)) as unknown[]).length;
  });
  await within(new Promise((resolve) => ws.once('open', resolve)), 5000, 'the reading client to open');
  return { ws, received: () => results, bytes: () => bytes, largest: () => largest };
}

/** A WebSocket client that completes the handshake and then never reads again. */
async function connectSilently(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await within(
    new Promise<void>((resolve, reject) => {
      let head = '';
      socket.on('data', function onData(chunk: Buffer) {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        socket.off('data', onData);
        socket.pause();
        if (head.startsWith('HTTP/1.1 101')) resolve();
        else reject(new Error(head));
      });
    }),
    5000,
    'the silent client to upgrade',
  );
  return socket;
}
