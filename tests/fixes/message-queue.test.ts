/** bounded-message-queue (fixes/plans/message-queue.ts): the editor form of the queue. */
import { describe, expect, it } from 'vitest';

import { findUnboundedMessageWork, type MessageWorkOptions } from '../../facts/message-work.js';
import { planMessageQueue } from '../../fixes/plans/message-queue.js';
import { parseTsModel, textOf, type Parsed } from '../facts/helpers.js';
import { applyDraft } from './helpers.js';

const DEFAULTS: MessageWorkOptions = { limiters: [], blockingCalls: [], reportSingleAwait: false };

function findings(parsed: Parsed): string[] {
  return findUnboundedMessageWork(parsed.model, DEFAULTS).map((f) => `${f.kind} ${f.detail} @${f.node.loc.start.line}: ${textOf(parsed.text, f.node)!.split('\n')[0]}`);
}

describe('planMessageQueue', () => {
  it('is undefined for a listener passed by reference, a sync listener, and a socket.io socket', () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      import { Server } from 'socket.io';
      const wss = new WebSocketServer({ noServer: true });
      async function onMessage(m) { await a(m); await b(m); }
      wss.on('connection', (ws) => {
        ws.on('message', onMessage);
        ws.on('message', (m) => { a(m).then(b); });
      });
      new Server(3000).on('connection', (socket) => {
        socket.on('job', async (m) => {
          await a(m);
          await b(m);
        });
      });`);
    const all = findUnboundedMessageWork(parsed.model, DEFAULTS);
    expect(all.map((f) => f.kind)).toEqual(['awaited-work', 'unawaited-work', 'awaited-work']);
    for (const finding of all) {
      expect(planMessageQueue(parsed.model, { handler: finding.handler, socket: finding.socket, limit: 8 })).toBeUndefined();
    }
  });

  it('wraps the body in try/finally around a counter that pauses and resumes the socket', () => {
    const parsed = parseTsModel(`
function attach(ws) {
  ws.on('message', async (m) => {
    // decode first
    const job = decode(m);

    await run(job);
    await report(job);
  });
}
import { WebSocketServer } from 'ws';
new WebSocketServer({ noServer: true }).on('connection', attach);
`);
    const [finding] = findUnboundedMessageWork(parsed.model, DEFAULTS);
    const plan = planMessageQueue(parsed.model, { handler: finding!.handler, socket: finding!.socket, limit: 8 })!;
    const output = applyDraft(parsed.model, plan);
    expect(plan.description).toBe('Stop reading the socket while 8 messages are in flight');
    expect(output).toBe(`
function attach(ws) {
  let pendingMessages = 0;
  ws.on('message', async (m) => {
    if (++pendingMessages >= 8) ws.pause();
    try {
      // decode first
      const job = decode(m);

      await run(job);
      await report(job);
    } finally {
      if (--pendingMessages < 8) ws.resume();
    }
  });
}
import { WebSocketServer } from 'ws';
new WebSocketServer({ noServer: true }).on('connection', attach);
`);
    // The planned code is itself recognised as bounded.
    expect(findings(parseTsModel(output))).toEqual([]);
  });
});
