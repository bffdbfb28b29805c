/** `findUnguardedSends`: sends that repeat without looking at what is queued. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { findUnguardedSends } from '../../facts/sends.js';
import { parseEspreeModel, parseTsModel, textOf, type Parsed } from './helpers.js';

/** `context framework @line: text` for each unguarded send. */
function sends(parsed: Parsed): string[] {
  return findUnguardedSends(parsed.model).map((s) => `${s.context} ${s.framework} @${s.node.loc.start.line}: ${textOf(parsed.text, s.node)}`);
}

const examples = path.resolve(import.meta.dirname, '../../examples');
const example = (file: string) => readFileSync(path.join(examples, file), 'utf8');

describe('findUnguardedSends', () => {
  it('reports the examples’ leaky sends and nothing in their fixed versions', () => {
    expect(sends(parseTsModel(example('000-request-scoped-watch/leaky.ts')))).toEqual([
      'subscription ws @47: ws.send(JSON.stringify(event))',
    ]);
    expect(sends(parseTsModel(example('000-request-scoped-watch/fixed.ts')))).toEqual([]);
    expect(sends(parseEspreeModel(example('003-blocking-message-handler/leaky.js')))).toEqual([
      'clients-loop ws @51: client.send(batch)',
    ]);
    expect(sends(parseEspreeModel(example('003-blocking-message-handler/fixed.js')))).toEqual([]);
  });

  it('follows a helper to each call site: one unguarded path is enough', () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ port: 8080 });
      function push(ws, event) { ws.send(JSON.stringify(event)); }
      wss.on('connection', (ws) => {
        ws.on('message', (m) => push(ws, { echo: String(m) }));
        push(ws, { hello: true, at: Date.now() });
        const timer = setInterval(() => push(ws, readStats()), 1000);
        ws.on('close', () => clearInterval(timer));
      });`);
    expect(sends(parsed)).toEqual(['interval ws @4: ws.send(JSON.stringify(event))']);
  });

  it('one-shot listeners ({ once: true }, once(), close events) are not streams; unknown events are', () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ port: 8080 });
      wss.on('connection', (ws) => {
        source.addEventListener('update', (e) => ws.send(e.data), { once: true });
        job.once('progress', (p) => ws.send(String(p)));
        job.on('end', (r) => ws.send(String(r)));
        job.on('progress', (p) => ws.send(String(p)));
        feed.onmessage = (e) => ws.send(e.data);
      });`);
    expect(sends(parsed)).toEqual([
      'subscription ws @8: ws.send(String(p))',
      'subscription ws @9: ws.send(e.data)',
    ]);
  });

  it("a 'drain' listener anywhere in the file counts as pacing", () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ port: 8080 });
      wss.on('connection', (ws) => {
        ws._socket.on('drain', () => source.resume());
        source.on('data', (chunk) => ws.send(chunk));
      });`);
    expect(sends(parsed)).toEqual([]);
  });

  it('socket.io server broadcasts count only in intervals and subscriptions, not in replies', () => {
    const parsed = parseTsModel(`
      import { Server } from 'socket.io';
      const io = new Server(3000);
      io.on('connection', (socket) => {
        socket.on('chat', (m) => io.emit('chat', m));
      });
      setInterval(() => io.of('/admin').to('ops').emit('load', os.loadavg()), 1000);
      setInterval(() => io.emit('alive'), 1000);`);
    expect(sends(parsed)).toEqual(["interval socket.io @7: io.of('/admin').to('ops').emit('load', os.loadavg())"]);
  });
});
