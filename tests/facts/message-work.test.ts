/** `findUnboundedMessageWork`: per-message work and what bounds it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { findUnboundedMessageWork, type MessageWorkOptions } from '../../facts/message-work.js';
import { parseEspreeModel, parseTsModel, textOf, type Parsed } from './helpers.js';

const DEFAULTS: MessageWorkOptions = { limiters: [], blockingCalls: [], reportSingleAwait: false };

/** `kind detail @line: text` for each finding. */
function findings(parsed: Parsed, options: Partial<MessageWorkOptions> = {}): string[] {
  return findUnboundedMessageWork(parsed.model, { ...DEFAULTS, ...options }).map(
    (f) => `${f.kind} ${f.detail} @${f.node.loc.start.line}: ${textOf(parsed.text, f.node)!.split('\n')[0]}`,
  );
}

const examples = path.resolve(import.meta.dirname, '../../examples/003-blocking-message-handler');

describe('findUnboundedMessageWork', () => {
  it('finds every blocking call and the un-awaited probe of the seed-003 agent, with both parsers', () => {
    const text = readFileSync(path.join(examples, 'leaky.js'), 'utf8');
    const expected = [
      "blocking-call pbkdf2Sync @33: pbkdf2Sync(task.target, 'probe', 100_000, 32, 'sha256')",
      'blocking-call readFileSync @36: readFileSync(fileURLToPath(import.meta.url))',
      "blocking-call execSync @39: execSync('uptime')",
      'unawaited-work httpProbe @42: httpProbe(task).then((result) => results.push(result))',
    ];
    expect(findings(parseTsModel(text, { filename: 'leaky.js' }))).toEqual(expected);
    expect(findings(parseEspreeModel(text))).toEqual(expected);
  });

  it('recognises the fixed agent: its BoundedQueue is a bound even without pause()', () => {
    const text = readFileSync(path.join(examples, 'fixed.js'), 'utf8');
    expect(findings(parseEspreeModel(text))).toEqual([]);
    // Take pause() away: the queue class that checks its own length still bounds the handler.
    const withoutPause = text.replace('if (queue.full) ws.pause();', '').replace('ws.resume();', 'void 0;');
    expect(withoutPause).not.toContain('ws.pause();');
    expect(findings(parseEspreeModel(withoutPause))).toEqual([]);
  });

  it('a class that never compares its size is not a bound', () => {
    const code = (body: string) => `
      import { WebSocketServer } from 'ws';
      class Runner { ${body} }
      const wss = new WebSocketServer({ noServer: true });
      wss.on('connection', (ws) => {
        const runner = new Runner();
        ws.on('message', async (m) => { await runner.run(() => a(m)); await runner.run(() => b(m)); });
      });`;
    expect(findings(parseTsModel(code('async run(job) { return job(); }')))).toEqual([
      'awaited-work sequence @7: await runner.run(() => a(m))',
    ]);
    expect(findings(parseTsModel(code('active = 0; async run(job) { while (this.active >= 4) await idle(); this.active++; try { return await job(); } finally { this.active--; } }')))).toEqual([]);
  });

  it('limiters held in class fields and created by user-named factories', () => {
    const parsed = parseTsModel(`
      import PQueue from 'p-queue';
      import { WebSocketServer } from 'ws';
      import { makePool } from './pool.js';
      class Gateway {
        queue = new PQueue({ concurrency: 1 });
        pool = makePool(4);
        constructor(ws) {
          ws.on('message', async (m) => { await this.queue.add(() => a(m)); await b(m); });
          ws.on('message', async (m) => { await this.pool.run(() => a(m)); await b(m); });
        }
      }
      const wss = new WebSocketServer({ noServer: true });
      wss.on('connection', (ws) => new Gateway(ws));`);
    expect(findings(parsed)).toEqual(['awaited-work sequence @10: await this.pool.run(() => a(m))']);
    expect(findings(parsed, { limiters: ['makePool'] })).toEqual([]);
  });

  it('a payload-size check is not a bound; a per-connection counter map is', () => {
    const code = (check: string) => `
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ noServer: true });
      const inflight = new Map();
      wss.on('connection', (ws) => {
        ws.on('message', async (data) => {
          if (${check}) return;
          await a(data);
          await b(data);
        });
      });`;
    expect(findings(parseTsModel(code('data.length > 65536')))).toEqual(['awaited-work sequence @8: await a(data)']);
    expect(findings(parseTsModel(code('(inflight.get(ws) ?? 0) >= 4 || inflight.get(ws) > 4')))).toEqual([]);
  });

  it('awaits of the socket itself are not work; loops and fan-outs are classified', () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ noServer: true });
      wss.on('connection', (ws) => {
        ws.on('message', async (data) => { await ws.send(data); });
        ws.on('message', async (data) => { for await (const row of query(data)) rows.add(row); });
        ws.on('message', async (data) => { await Promise.allSettled(Array.from(data, (b) => store(b))); });
      });`);
    expect(findings(parsed)).toEqual([
      'awaited-work loop @6: for await (const row of query(data)) rows.add(row);',
      'awaited-work fan-out @7: await Promise.allSettled(Array.from(data, (b) => store(b)))',
    ]);
  });

  it('buffers: a `let` array that is reset, or one handed elsewhere, is not reported', () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      let pending = [];
      const log = [];
      const forever = [];
      setInterval(() => { flush(pending); pending = []; }, 1000);
      setInterval(() => persist(log), 1000);
      const wss = new WebSocketServer({ noServer: true });
      wss.on('connection', (ws) => {
        ws.on('message', (m) => { pending.push(m); log.push(m); forever.push(m); });
      });`);
    expect(findings(parsed)).toEqual(['unbounded-buffer forever @10: forever.push(m)']);
  });
});

describe('nestMessageHandlers (NestJS §9)', () => {
  const gateway = (methods: string) => `
    import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
    import { readFileSync } from 'node:fs';
    import { Socket } from 'socket.io';
    @WebSocketGateway()
    export class JobsGateway {
      ${methods}
    }`;

  it('reports the per-message work of @SubscribeMessage methods, with or without a socket parameter', () => {
    const parsed = parseTsModel(gateway(`
      @SubscribeMessage('run')
      async run(@MessageBody() job: Job, @ConnectedSocket() client: Socket) {
        const plan = await this.planner.plan(job);
        return this.runner.execute(plan, await this.quota.reserve(client.id));
      }
      @SubscribeMessage('template')
      render(@MessageBody() name: string) { return readFileSync(name, 'utf8'); }
      @SubscribeMessage('status')
      async status() { return { ok: true, load: await this.metrics.load() }; }
      helper() { return readFileSync('x'); }`));
    expect(findings(parsed)).toEqual([
      'awaited-work sequence @10: await this.planner.plan(job)',
      "blocking-call readFileSync @14: readFileSync(name, 'utf8')",
    ]);
  });

  it('needs the decorators from @nestjs/websockets', () => {
    const parsed = parseTsModel(`
      import { SubscribeMessage } from './local-decorators.js';
      import { WebSocketGateway } from '@nestjs/websockets';
      import { readFileSync } from 'node:fs';
      @WebSocketGateway()
      export class G { @SubscribeMessage('x') x() { return readFileSync('a'); } }
      export class NotAGateway { @SubscribeMessage('y') y() { return readFileSync('b'); } }`);
    expect(findings(parsed)).toEqual([]);
  });
});
