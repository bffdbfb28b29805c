/** guard-send (fixes/plans/guard-send.ts). */
import { describe, expect, it } from 'vitest';

import { findUnguardedSends } from '../../facts/sends.js';
import { formatBytes, planSendGuard } from '../../fixes/plans/guard-send.js';
import { parseTsModel, textOf } from '../facts/helpers.js';

describe('planSendGuard', () => {
  it('offers nothing for Bun (no buffered-amount API) or a receiver that is not a plain name', () => {
    const bun = parseTsModel(`
      Bun.serve({ fetch() {}, websocket: { open(ws) { feed.subscribe((m) => ws.send(m)); } } });`);
    const [bunSend] = findUnguardedSends(bun.model);
    expect(bunSend?.framework).toBe('bun');
    expect(planSendGuard(bun.model, { send: bunSend!.node, framework: 'bun', highWaterMark: 1024, action: 'drop' })).toBeUndefined();

    const nested = parseTsModel(`
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ port: 8080 });
      setInterval(() => { for (const c of wss.clients) void c.send(tick()); }, 100);`);
    const [nestedSend] = findUnguardedSends(nested.model);
    expect(textOf(nested.text, nestedSend?.node)).toBe('c.send(tick())');
    expect(planSendGuard(nested.model, { send: nestedSend!.node, framework: 'ws', highWaterMark: 1024, action: 'drop' })).toBeUndefined();
  });
});

describe('formatBytes', () => {
  it('writes MiB and KiB multiples as products', () => {
    expect([formatBytes(1 << 20), formatBytes(4 << 20), formatBytes(65536), formatBytes(1000)]).toEqual([
      '1024 * 1024',
      '4 * 1024 * 1024',
      '64 * 1024',
      '1000',
    ]);
  });
});
