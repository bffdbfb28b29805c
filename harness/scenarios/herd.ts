// Seed 002: a synchronised drop. M clients (002-reconnect-herd's Node client, one process, as M
// CLI instances would be) are connected to a server the harness runs; the server drops all of them
// at the same instant, as ingress-nginx does when a reload's worker-shutdown-timeout ends. Each
// reconnection is timed. Leaky: all of them come back together after exactly one second. Fixed
// (reconnect-backoff): spread out by full jitter.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

import type { Versions } from '../migrate.js';
import { sleep, startClients, until } from '../processes.js';
import { VERSIONS, type Chart, type Scale, type Scenario, type ScenarioResult, type Series, type Table, type Verdict } from '../scenario.js';

const PROGRAM = '002-reconnect-herd/leaky.js';
const WINDOW_MS = 100;
/** Spread out: no 100 ms window holds more than this share of the clients. */
const MAX_SHARE_PER_WINDOW = 0.5;

export const herd: Scenario = {
  name: 'herd',
  seed: '002 (synchronised drop)',
  async run(versions: Versions, scale: Scale): Promise<ScenarioResult> {
    const clients = scale === 'quick' ? 30 : 200;
    const watchMs = scale === 'quick' ? 2500 : 4000;
    const table: Table = {
      title: `${clients} clients dropped at the same instant; reconnections timed for ${watchMs} ms`,
      columns: ['version', 'clients', 'reconnected', 'first (ms after the drop)', 'last', 'spread (ms)', `peak reconnects per ${WINDOW_MS} ms`, 'verdict'],
      rows: [],
    };
    const series: Series[] = [];
    const verdicts: Verdict[] = [];
    for (const version of VERSIONS) {
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      wss.on('error', () => {});
      await once(wss, 'listening');
      const connections: number[] = [];
      wss.on('connection', (ws) => {
        ws.on('error', () => {});
        connections.push(performance.now());
      });
      const port = (wss.address() as AddressInfo).port;
      const program = await startClients(versions[version](PROGRAM), `ws://127.0.0.1:${port}/workspaces/demo/events`, clients);
      try {
        await until(() => connections.length >= clients, 10_000, `${clients} clients to connect`);
        await sleep(200);
        const dropped = performance.now();
        for (const ws of wss.clients) ws.terminate();
        await sleep(watchMs);
        const delays = connections.filter((at) => at > dropped).map((at) => at - dropped).sort((a, b) => a - b);
        const peak = peakPerWindow(delays);
        const spread = delays.length > 0 ? delays.at(-1)! - delays[0]! : 0;
        const ok = delays.length === clients && peak <= MAX_SHARE_PER_WINDOW * clients;
        verdicts.push({
          scenario: 'herd',
          subject: 'clients dropped at once',
          version,
          ok,
          why: `${delays.length} of ${clients} reconnected; at most ${peak} in one ${WINDOW_MS} ms window (at most ${MAX_SHARE_PER_WINDOW * clients})`,
        });
        const ms = (value: number | undefined) => (value === undefined ? '–' : Math.round(value));
        table.rows.push([version, clients, delays.length, ms(delays[0]), ms(delays.at(-1)), ms(spread), peak, ok ? 'spread out' : 'herd']);
        series.push({ name: version, dashed: version === 'fixed', points: histogram(delays, watchMs) });
      } finally {
        await program.stop();
        for (const ws of wss.clients) ws.terminate();
        await new Promise((resolve) => wss.close(resolve));
      }
    }
    const charts: Chart[] = [{ file: 'herd', title: `002: reconnections after ${clients} clients were dropped at once`, x: 'ms after the drop', y: `reconnects per ${WINDOW_MS} ms`, series }];
    return { tables: [table], charts, verdicts };
  },
};

/** The most reconnections in any window of WINDOW_MS (sliding, so a burst is not split in two). */
function peakPerWindow(sorted: number[]): number {
  let peak = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= WINDOW_MS) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** Reconnections per WINDOW_MS bucket, as points at each bucket's start. */
function histogram(delays: number[], watchMs: number): Array<[number, number]> {
  const buckets = new Array<number>(Math.ceil(watchMs / WINDOW_MS)).fill(0);
  for (const delay of delays) buckets[Math.min(buckets.length - 1, Math.floor(delay / WINDOW_MS))]! += 1;
  return buckets.map((count, i) => [i * WINDOW_MS, count]);
}
