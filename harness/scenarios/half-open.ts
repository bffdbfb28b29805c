// Seed 004: half-open peers. M clients connect to the notification server and then stop
// answering pings (ws's `autoPong: false`: the TCP connection stays up, the peer is gone as far as
// the protocol can tell, like a laptop that slept behind a NAT that still answers). Leaky: no one
// ever notices, every connection stays. Fixed (add-heartbeat, with a short interval for the
// harness): each is terminated within two heartbeat intervals of connecting.
import WebSocket from 'ws';

import type { Versions } from '../migrate.js';
import { sleep, startServer, within } from '../processes.js';
import { VERSIONS, type Chart, type Scale, type Scenario, type ScenarioResult, type Series, type Table, type Verdict } from '../scenario.js';

const PROGRAM = '004-idle-peers/leaky.ts';

export function halfOpen(intervalMs: number): Scenario {
  return {
    name: 'half-open',
    seed: '004 (half-open peers)',
    codemodOptions: { heartbeatIntervalMs: intervalMs },
    async run(versions: Versions, scale: Scale): Promise<ScenarioResult> {
      const peers = scale === 'quick' ? 20 : 100;
      const watchMs = 5 * intervalMs;
      // Two intervals, plus half of one for a loaded machine's timers.
      const limit = 2.5 * intervalMs;
      const table: Table = {
        title: `${peers} peers that stop answering pings, watched for ${watchMs} ms (the fixed version was migrated with heartbeatIntervalMs=${intervalMs})`,
        columns: ['version', 'peers', 'still connected at the end', 'terminated', 'slowest termination (ms after connecting)', 'verdict'],
        rows: [],
      };
      const series: Series[] = [];
      const verdicts: Verdict[] = [];
      for (const version of VERSIONS) {
        const server = await startServer(versions[version](PROGRAM));
        try {
          const baseline = await server.sample(false);
          const lifetimes: number[] = [];
          const sockets = await Promise.all(
            Array.from({ length: peers }, async (_, i) => {
              const ws = new WebSocket(`ws://127.0.0.1:${server.port}/?user=peer${i}`, { autoPong: false });
              ws.on('error', () => {});
              await within(new Promise((resolve) => ws.once('open', resolve)), 5000, `peer ${i} to connect`);
              const opened = performance.now();
              ws.once('close', () => lifetimes.push(performance.now() - opened));
              return ws;
            }),
          );
          const points: Array<[number, number]> = [];
          const start = performance.now();
          while (performance.now() - start < watchMs) {
            const sample = await server.sample(false);
            points.push([performance.now() - start, sample.tcpSockets - baseline.tcpSockets]);
            await sleep(Math.max(20, intervalMs / 10));
          }
          const connected = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
          for (const ws of sockets) ws.terminate();
          const slowest = lifetimes.length > 0 ? Math.round(Math.max(...lifetimes)) : undefined;
          const ok = connected === 0 && slowest !== undefined && slowest <= limit && server.alive();
          verdicts.push({
            scenario: 'half-open',
            subject: 'peers that stop answering pings',
            version,
            ok,
            why: `${connected} of ${peers} still connected after ${watchMs} ms; slowest termination ${slowest ?? '–'} ms (at most ${limit})`,
          });
          table.rows.push([version, peers, connected, lifetimes.length, slowest ?? '–', ok ? `all cut within ${limit} ms` : 'kept forever']);
          series.push({ name: version, dashed: version === 'fixed', points });
        } finally {
          await server.stop();
        }
      }
      const charts: Chart[] = [{ file: 'half-open', title: `004: connections held for ${peers} silent peers`, x: 'ms', y: 'open connections', series }];
      return { tables: [table], charts, verdicts };
    },
  };
}
