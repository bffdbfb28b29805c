// Seeds 000/001 and 004: what a connection leaves behind after it is gone. Open and close N
// connections (every other one closed normally, the rest torn down: `terminate()`, which destroys
// the TCP socket without a closing handshake), then count what is still alive in the server's
// process: running pod watches, active timers, socket objects still reachable (kept by a registry
// or a timer's closure), open TCP connections. Leaky: grows with N. Fixed: back to baseline.
import WebSocket from 'ws';
import { io as socketIoClient, type Socket as SocketIoClient } from 'socket.io-client';

import type { Versions } from '../migrate.js';
import { sleep, startServer, within } from '../processes.js';
import type { Sample } from '../protocol.js';
import { mib, VERSIONS, type Chart, type Scale, type Scenario, type ScenarioResult, type Series, type Table, type Verdict } from '../scenario.js';

interface Subject {
  name: string;
  program: string;
  client: 'ws' | 'socket.io';
  /** Modules under examples/ that count something: name → [module, exported function]. */
  gauges?: Record<string, [module: string, read: string]>;
}

const SUBJECTS: Subject[] = [
  { name: '000 pod watch (raw upgrade + ws)', program: '000-request-scoped-watch/leaky.ts', client: 'ws', gauges: { watches: ['shared/pod-watch.js', 'runningWatchCount'] } },
  { name: '004 notifications (ws)', program: '004-idle-peers/leaky.ts', client: 'ws' },
  { name: '004 notifications (socket.io)', program: '004-idle-peers/socketio-leaky.ts', client: 'socket.io' },
];

/** What may stay above the baseline once every connection is gone (a timer that is about to fire). */
const SLACK = 2;
const SETTLE_MS = 500;

const METRICS: Array<[label: string, read: (sample: Sample) => number]> = [
  ['watches', (sample) => sample.gauges.watches ?? 0],
  ['timers', (sample) => sample.timers],
  ['sockets', (sample) => Math.max(0, sample.wsSockets) + Math.max(0, sample.socketIoSockets)],
  ['tcp', (sample) => sample.tcpSockets],
];

export const lifetime: Scenario = {
  name: 'lifetime',
  seed: '000/001 (request-scoped watch), 004 (registry)',
  async run(versions: Versions, scale: Scale): Promise<ScenarioResult> {
    const connections = scale === 'quick' ? 20 : 200;
    const batch = 10;
    const table: Table = {
      title: `After ${connections} connections opened and closed (half closed, half terminated), ${SETTLE_MS} ms to settle: what is still alive, above the baseline`,
      columns: ['program', 'version', 'watches', 'timers', 'socket objects', 'open TCP', 'heap growth (MiB)', 'verdict'],
      rows: [],
    };
    const charts: Chart[] = [];
    const verdicts: Verdict[] = [];
    for (const subject of SUBJECTS) {
      const series: Series[] = [];
      for (const version of VERSIONS) {
        const program = versions[version](subject.program);
        const gauges = Object.fromEntries(Object.entries(subject.gauges ?? {}).map(([name, [module, read]]) => [name, `${versions[version](module)}#${read}`]));
        const server = await startServer(program, gauges);
        try {
          const baseline = await server.sample();
          const timeline: Array<[number, Sample]> = [[0, baseline]];
          for (let opened = 0; opened < connections; opened += batch) {
            await Promise.all(Array.from({ length: batch }, (_, i) => visit(subject, server.port, opened + i)));
            timeline.push([opened + batch, await server.sample()]);
          }
          await sleep(SETTLE_MS);
          const after = await server.sample();
          timeline.push([connections, after]);
          const growth = METRICS.map(([label, read]) => [label, read(after) - read(baseline)] as const);
          const over = growth.filter(([, delta]) => delta > SLACK);
          const ok = over.length === 0 && server.alive();
          verdicts.push({
            scenario: 'lifetime',
            subject: subject.name,
            version,
            ok,
            why: ok ? `everything within ${SLACK} of the baseline after ${connections} connections` : `${over.map(([label, delta]) => `${delta} ${label}`).join(', ')} still alive after ${connections} connections closed (at most ${SLACK})`,
          });
          const delta = (label: string) => growth.find(([name]) => name === label)![1];
          table.rows.push([subject.name, version, subject.gauges?.watches ? delta('watches') : '–', delta('timers'), delta('sockets'), delta('tcp'), mib(after.heapUsed - baseline.heapUsed), ok ? 'back to baseline' : 'leaks']);
          for (const [label, read] of METRICS) {
            if (label === 'tcp' || (label === 'watches' && !subject.gauges?.watches)) continue;
            series.push({ name: `${version}: ${label}`, dashed: version === 'fixed', points: timeline.map(([x, sample]) => [x, read(sample) - read(baseline)]) });
          }
        } finally {
          await server.stop();
        }
      }
      charts.push({ file: `lifetime-${subject.program.split('/')[0]!.slice(0, 3)}-${subject.client}`, title: subject.name, x: 'connections opened and closed', y: 'alive above baseline', series });
    }
    return { tables: [table], charts, verdicts };
  },
};

/** One page visit: connect as a new user, wait for the first message, leave (closing or tearing down). */
async function visit(subject: Subject, port: number, index: number): Promise<void> {
  const abrupt = index % 2 === 1;
  if (subject.client === 'ws') {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?user=u${index}&ns=default`);
    ws.on('error', () => {});
    await within(new Promise((resolve) => ws.once('message', resolve)), 5000, `a first message for connection ${index}`);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    if (abrupt) ws.terminate();
    else ws.close();
    await within(closed, 5000, `connection ${index} to close`);
    return;
  }
  const socket: SocketIoClient = socketIoClient(`http://127.0.0.1:${port}`, { transports: ['websocket'], query: { user: `u${index}` }, forceNew: true, reconnection: false });
  await within(new Promise((resolve) => socket.once('welcome', resolve)), 5000, `a welcome for socket.io connection ${index}`);
  const closed = new Promise((resolve) => socket.once('disconnect', resolve));
  if (abrupt) {
    // engine.io-client's WebSocket transport holds a ws WebSocket in Node: tear it down.
    (socket.io.engine as unknown as { transport: { ws: WebSocket } }).transport.ws.terminate();
  } else socket.disconnect();
  await within(closed, 5000, `socket.io connection ${index} to close`);
}
