import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/no-unbounded-message-handler.js';

const ruleTester = new RuleTester();

ruleTester.run('no-unbounded-message-handler', rule, {
  valid: [
    // Work once per message (awaited calls in a row, a promise started and dropped) is strict-only:
    // reviewers of real servers rated it worth a look, not a bug (see the invalid cases with strict).
    {
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('save', async (doc) => {
    try {
      await store.write(doc);
    } finally {
      await metrics.count('save');
    }
  });
  socket.on('probe', (url) => {
    httpProbe(url).catch(() => {});
  });
});
`,
      filename: 'file.js',
    },
    // Routed through the queue the bounded-message-queue codemod writes: per-message work is bounded.
    `
import { WebSocketServer } from 'ws';
import { createMessageQueue } from './websocket-message-queue.js';
const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const messageQueue = createMessageQueue(ws, { concurrency: 1, highWaterMark: 16 });
  ws.on('message', messageQueue.wrap(async (data) => {
    for (const item of JSON.parse(String(data)).items) await save(item);
  }));
});
`,
    // A request/response handler: one awaited call, then the reply (graphql-ws's ws binding shape).
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (socket) => {
  socket.on('error', console.error);
  socket.on('message', async (event) => {
    try {
      await onMessage(String(event));
    } catch (err) {
      socket.close(1011, 'Internal server error');
    }
  });
});
`,
    // The message is handed to an emitter (puppeteer / chrome-remote-interface transports).
    `
import WebSocket from 'ws';
class Transport {
  constructor(url) {
    this.ws = new WebSocket(url);
    this.ws.on('error', () => {});
    this.ws.addEventListener('message', (event) => {
      if (this.onmessage) this.onmessage.call(null, event.data);
    });
  }
}
`,
    // p-queue: the work goes through a queue with a concurrency limit.
    `
import PQueue from 'p-queue';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const queue = new PQueue({ concurrency: 4 });
  ws.on('message', (data) => {
    void queue.add(() => store(JSON.parse(String(data))));
  });
});
`,
    // p-limit around each awaited call.
    `
import pLimit from 'p-limit';
import { WebSocketServer } from 'ws';
const limit = pLimit(2);
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', async (data) => {
    const job = await limit(() => parse(data));
    await limit(() => save(job));
  });
});
`,
    // fastq's promise API with one worker per connection.
    `
const fastq = require('fastq');
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const q = fastq.promise(runTask, 1);
  ws.on('message', (data) => {
    q.push(String(data)).then((result) => ws.send(result), (error) => ws.close(1011, error.message));
  });
});
`,
    // async's queue behind socket.io events.
    `
import { queue } from 'async';
import { Server } from 'socket.io';
const io = new Server(3000);
const jobs = queue(processJob, 2);
io.on('connection', (socket) => {
  socket.on('job', (job) => {
    jobs.push(job).catch(() => socket.emit('failed', job.id));
  });
});
`,
    // Bottleneck schedules the work.
    `
import Bottleneck from 'bottleneck';
import { WebSocketServer } from 'ws';
const limiter = new Bottleneck({ maxConcurrent: 1 });
new WebSocketServer({ port: 8080 }).on('connection', (ws) => {
  ws.on('message', (data) => {
    limiter.schedule(() => index(data)).catch(console.error);
  });
});
`,
    // One promise chain per connection runs the messages in turn.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  let tail = Promise.resolve();
  ws.on('message', (data) => {
    tail = tail.then(() => apply(data)).catch((error) => ws.close(1011, String(error)));
  });
});
`,
    // A pending counter compared against a limit.
    `
import { WebSocketServer } from 'ws';
const MAX_IN_FLIGHT = 8;
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  let inFlight = 0;
  ws.on('message', async (data) => {
    if (inFlight >= MAX_IN_FLIGHT) return ws.send('{"error":"busy"}');
    inFlight += 1;
    try {
      const user = await lookup(data);
      await record(user);
    } finally {
      inFlight -= 1;
    }
  });
});
`,
    // An in-flight flag: one message at a time, the others are refused.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  let busy = false;
  ws.on('message', async (data) => {
    if (busy) return;
    busy = true;
    try {
      await step1(data);
      await step2(data);
    } finally {
      busy = false;
    }
  });
});
`,
    // pause()/resume(): the socket stops being read while work is pending (TCP backpressure).
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', async (data) => {
    ws.pause();
    try {
      for (const item of JSON.parse(String(data))) await handle(item);
    } finally {
      ws.resume();
    }
  });
});
`,
    // The suggestion's own output is a bound.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  let pendingMessages = 0;
  ws.on('message', async (data) => {
    if (++pendingMessages >= 16) ws.pause();
    try {
      await first(data);
      await second(data);
    } finally {
      if (--pendingMessages < 16) ws.resume();
    }
  });
});
`,
    // A queue class of this module that checks its own length is a bound.
    `
import { WebSocketServer } from 'ws';
class JobQueue {
  #jobs = [];
  #active = 0;
  constructor(limit) { this.limit = limit; }
  add(job) {
    if (this.#jobs.length >= 100) return false;
    this.#jobs.push(job);
    this.#drain();
    return true;
  }
  #drain() {
    while (this.#active < this.limit && this.#jobs.length > 0) {
      const job = this.#jobs.shift();
      this.#active++;
      job().finally(() => { this.#active--; this.#drain(); });
    }
  }
}
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const jobs = new JobQueue(2);
  ws.on('message', (data) => {
    if (!jobs.add(() => run(data))) ws.send('busy');
  });
});
`,
    // A socket.io acknowledgement: one awaited call, then the answer.
    `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('user:get', async (id, ack) => {
    ack(await users.findById(id));
  });
});
`,
    // uWebSockets.js and Bun hooks that answer at once.
    `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', {
  message: (ws, message, isBinary) => { ws.send(message, isBinary); },
});
`,
    `
Bun.serve({
  fetch(req, server) { return server.upgrade(req) ? undefined : new Response('no'); },
  websocket: { async message(ws, message) { ws.send(await render(message)); } },
});
`,
    // A Durable Object that stores each message with one awaited call.
    `
import { DurableObject } from 'cloudflare:workers';
export class Room extends DurableObject {
  async webSocketMessage(ws, message) {
    await this.ctx.storage.put('last', message);
  }
}
`,
    // Hono: onMessage replies synchronously.
    `
import { upgradeWebSocket } from 'hono/bun';
app.get('/ws', upgradeWebSocket(() => ({
  onMessage(event, ws) { ws.send(String(event.data).toUpperCase()); },
})));
`,
    // Blocking calls outside message handlers: at start-up and once per connection.
    `
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';
const banner = readFileSync('banner.txt', 'utf8');
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.send(banner + readFileSync('motd.txt', 'utf8'));
  ws.on('message', (data) => ws.send(data));
});
`,
    // Cheap crypto per message (a hash, a few random bytes) does not block.
    `
import { createHash, randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    ws.send(createHash('sha256').update(data).digest('hex') + randomBytes(4).toString('hex'));
  });
});
`,
    // A sync handler calling a function we cannot see into: it may well be synchronous.
    `
import { WebSocketServer } from 'ws';
import { dispatch } from './router.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', (data) => dispatch(ws, JSON.parse(String(data))));
});
`,
    // Arrays: local to the message, capped, or drained.
    `
import { WebSocketServer } from 'ws';
const history = [];
const outbox = [];
const wss = new WebSocketServer({ noServer: true });
setInterval(() => flush(outbox.splice(0)), 1000);
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const parts = [];
    parts.push(String(data));
    if (history.length >= 100) history.shift();
    history.push(parts.join(''));
    outbox.push(data);
  });
});
`,
    // Not a socket: a worker's or process's 'message' events are not WebSocket messages.
    `
import { WebSocketServer } from 'ws';
import { execSync } from 'node:child_process';
const wss = new WebSocketServer({ noServer: true });
process.on('message', async (m) => { await a(m); await b(m); execSync('sync'); });
`,
    // No WebSocket evidence in the file at all.
    `
emitter.on('message', async (m) => {
  await a(m);
  await b(m);
});
`,
    // One awaited call per message type: the awaits are in different branches, or after an early return.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', async (raw) => {
    const message = JSON.parse(String(raw));
    if (!message.token) {
      await audit('anonymous');
      return;
    }
    switch (message.type) {
      case 'subscribe':
        ws.send(JSON.stringify(await topics.join(message.topic)));
        break;
      case 'publish':
        await topics.publish(message.topic, message.body);
        break;
      default:
        ws.send(message.ok ? await ok() : await fail());
    }
  });
});
`,
    `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('save', async (doc, ack) => {
    try {
      ack(await store.write(doc));
    } catch (error) {
      await log.error(error);
    }
  });
});
`,
    // A user-named limiter counts as a bound (option `limiters`).
    {
      code: `
import { WebSocketServer } from 'ws';
import { createWorkQueue } from './queue.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const work = createWorkQueue();
  ws.on('message', async (data) => {
    await work.run(() => a(data));
    await work.run(() => b(data));
  });
});
`,
      options: [{ limiters: ['createWorkQueue'] }],
    },
    // A function constructor's queue (`this.queue = new PQueue(…)`), used through `self` in the message listener, bounds the work.
    {
      code: `
import PQueue from 'p-queue';
import { WebSocketServer } from 'ws';
import { fetchProfile } from './profiles.js';

const wss = new WebSocketServer({ noServer: true });

function Conn(ws) {
  var self = this;
  this.ws = ws;
  this.queue = new PQueue({ concurrency: 2 });
  ws.on('message', function (data) {
    void self.queue.add(() => fetchProfile(String(data)).then((profile) => self.ws.send(JSON.stringify(profile))));
  });
}

wss.on('connection', (ws) => {
  new Conn(ws);
});
`,
      filename: 'file.js',
      options: [{"strict":true}],
    },
  ],
  invalid: [
    // A helper that walks the message's bytes (i < buffer.length) bounds nothing in flight: the dropped call of the async helper is still reported (pixelplanet in the application corpus).
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', console.error);
class Canvas {
  constructor() {
    wss.on('connection', (ws) => {
      ws.on('error', console.error);
      ws.on('message', (message) => {
        this.onBinaryMessage(message, ws);
      });
    });
  }
  async onBinaryMessage(buffer, ws) {
    let pos = 2;
    while (pos < buffer.length) {
      await this.subscribe(buffer[pos++], ws);
    }
  }
  async subscribe(chunk, ws) {
    await store.add(chunk, ws.id);
  }
}
export default new Canvas();
`,
      filename: 'file.js',
      options: [{ strict: true }],
      errors: [
        { messageId: 'unawaitedWork', line: 10, suggestions: [] },
      ],
    },
    {
      // A queue bounds how many messages run, not how long one blocks the event loop.
      code: `
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';
import { createMessageQueue } from './websocket-message-queue.js';
const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const messageQueue = createMessageQueue(ws, { concurrency: 1, highWaterMark: 16 });
  ws.on('message', messageQueue.wrap(async (data) => {
    ws.send(readFileSync(String(data)));
  }));
});
`,
      errors: [{ messageId: 'blockingCall', line: 10 }],
    },
    {
      // Seed 003: blocking work on the I/O thread, once per message.
      code: `
import { pbkdf2Sync } from 'node:crypto';
import fs from 'fs';
const { execSync } = require('child_process');
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const task = JSON.parse(String(data));
    if (task.kind === 'hash') ws.send(pbkdf2Sync(task.target, 'salt', 100000, 32, 'sha256'));
    else if (task.kind === 'file') ws.send(fs.readFileSync(task.path));
    else ws.send(execSync('uptime'));
  });
});
`,
      errors: [
        { messageId: 'blockingCall', data: { name: 'pbkdf2Sync', shape: '' }, line: 10, column: 39, endLine: 10, endColumn: 92 },
        { messageId: 'blockingCall', data: { name: 'fs.readFileSync', shape: '' }, line: 11, column: 44, endLine: 11, endColumn: 70 },
        { messageId: 'blockingCall', data: { name: 'execSync', shape: '' }, line: 12, column: 18, endLine: 12, endColumn: 36 },
      ],
    },
    {
      // Un-awaited, unbounded: every message starts another probe.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    httpProbe(JSON.parse(String(data))).then((result) => ws.send(JSON.stringify(result)));
  });
});
`,
      options: [{ strict: true }],
      errors: [{ messageId: 'unawaitedWork', data: { name: 'httpProbe', shape: '' }, line: 6, column: 5, endLine: 6, endColumn: 90, suggestions: [] }],
    },
    {
      // `void this.save(m)` of an async method, and an async function called without await.
      code: `
import { WebSocketServer } from 'ws';
async function audit(entry) { await db.insert(entry); }
class Session {
  constructor(ws) {
    this.ws = ws;
    ws.on('error', () => {});
    ws.on('message', (data) => {
      void this.save(data);
      audit(String(data));
    });
  }
  async save(data) { await db.put(data); }
}
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => new Session(ws));
`,
      options: [{ strict: true }],
      errors: [
        { messageId: 'unawaitedWork', data: { name: 'this.save', shape: '' }, line: 9, column: 12, endLine: 9, endColumn: 27 },
        { messageId: 'unawaitedWork', data: { name: 'audit', shape: '' }, line: 10, column: 7, endLine: 10, endColumn: 26 },
      ],
    },
    {
      // One promise per item, and nobody waits for any of them (per item: recommended too).
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('batch', (items) => {
    items.forEach(async (item) => {
      await index(item);
    });
  });
});
`,
      errors: [{ messageId: 'unawaitedWork', data: { name: 'items.forEach', shape: '' }, line: 6, column: 5, endLine: 8, endColumn: 7 }],
    },
    {
      // Awaited work per item of the message, with the bounded-queue suggestion.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', async (data) => {
    const batch = JSON.parse(String(data));
    for (const item of batch) {
      await store(item);
    }
    ws.send('ok');
  });
});
`,
      errors: [
        {
          messageId: 'awaitedWork',
          data: { name: 'loop', shape: 'awaits work for every item of the message' },
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'queueMessages',
              data: { limit: '16' },
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  let pendingMessages = 0;
  ws.on('message', async (data) => {
    if (++pendingMessages >= 16) ws.pause();
    try {
      const batch = JSON.parse(String(data));
      for (const item of batch) {
        await store(item);
      }
      ws.send('ok');
    } finally {
      if (--pendingMessages < 16) ws.resume();
    }
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // Fan-out: Promise.all over the message's items. express-ws socket, tab indentation.
      code: `
const express = require('express');
const app = express();
require('express-ws')(app);
app.ws('/feed', (ws, req) => {
\tws.on('message', async (msg) => {
\t\tconst results = await Promise.all(JSON.parse(msg).map((id) => fetchItem(id)));
\t\tws.send(JSON.stringify(results));
\t});
});
`,
      errors: [
        {
          messageId: 'awaitedWork',
          data: { name: 'fan-out', shape: 'starts one promise per item of the message' },
          line: 7,
          column: 19,
          endLine: 7,
          endColumn: 80,
          suggestions: [
            {
              messageId: 'queueMessages',
              data: { limit: '16' },
              output: `
const express = require('express');
const app = express();
require('express-ws')(app);
app.ws('/feed', (ws, req) => {
\tlet pendingMessages = 0;
\tws.on('message', async (msg) => {
\t\tif (++pendingMessages >= 16) ws.pause();
\t\ttry {
\t\t\tconst results = await Promise.all(JSON.parse(msg).map((id) => fetchItem(id)));
\t\t\tws.send(JSON.stringify(results));
\t\t} finally {
\t\t\tif (--pendingMessages < 16) ws.resume();
\t\t}
\t});
});
`,
            },
          ],
        },
      ],
    },
    {
      // Several awaited calls per message; the counter name is taken, so the next one is used.
      code: `
import { WebSocketServer } from 'ws';
const pendingMessages = new Map();
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', async (data) => {
    const user = await authenticate(data);
    await audit(user, data);
  });
});
`,
      options: [{ strict: true }],
      errors: [
        {
          messageId: 'awaitedWork',
          data: { name: 'sequence', shape: 'awaits several calls per message' },
          line: 7,
          column: 18,
          endLine: 7,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'queueMessages',
              data: { limit: '16' },
              output: `
import { WebSocketServer } from 'ws';
const pendingMessages = new Map();
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  let pendingMessages2 = 0;
  ws.on('message', async (data) => {
    if (++pendingMessages2 >= 16) ws.pause();
    try {
      const user = await authenticate(data);
      await audit(user, data);
    } finally {
      if (--pendingMessages2 < 16) ws.resume();
    }
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // The finally block runs after the try block: two awaited calls per message.
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('save', async (doc) => {
    try {
      await store.write(doc);
    } finally {
      await metrics.count('save');
    }
  });
});
`,
      options: [{ strict: true }],
      errors: [{ messageId: 'awaitedWork', data: { name: 'sequence', shape: 'awaits several calls per message' }, line: 7, column: 7, endLine: 7, endColumn: 29, suggestions: [] }],
    },
    {
      // NestJS: the adapters merge @SubscribeMessage results with unbounded concurrency.
      code: `
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
@WebSocketGateway()
export class ImportGateway {
  @SubscribeMessage('import')
  async import(@MessageBody() rows: Row[]) {
    await Promise.all(rows.map((row) => this.repository.save(row)));
    return { imported: rows.length };
  }
}
`,
      errors: [{ messageId: 'awaitedWork', data: { name: 'fan-out', shape: 'starts one promise per item of the message' }, line: 7, column: 5, endLine: 7, endColumn: 68, suggestions: [] }],
    },
    {
      // A browser socket cannot pause: reported without a suggestion.
      code: `
const ws = new WebSocket('wss://example.com/feed');
ws.onmessage = async (event) => {
  const row = await decode(event.data);
  await db.put(row);
};
`,
      options: [{ strict: true }],
      errors: [{ messageId: 'awaitedWork', line: 4, column: 15, endLine: 4, endColumn: 39, suggestions: [] }],
    },
    {
      // reportSingleAwait: a single awaited call counts too.
      code: `
import { Server } from 'socket.io';
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('save', async (doc) => {
    await store.write(doc);
  });
});
`,
      options: [{ strict: true, reportSingleAwait: true }],
      errors: [{ messageId: 'awaitedWork', data: { name: 'single', shape: 'awaits a call per message' }, line: 6, column: 5, endLine: 6, endColumn: 27, suggestions: [] }],
    },
    {
      // Every message grows an array nothing ever checks or drains.
      code: `
import { WebSocketServer } from 'ws';
const received = [];
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    received.push({ at: Date.now(), data });
    received.push({ at: Date.now(), echo: true });
  });
});
`,
      errors: [{ messageId: 'unboundedBuffer', data: { name: 'received', shape: '' }, line: 7, column: 5, endLine: 7, endColumn: 44 }],
    },
    {
      // A blocking call in a helper of this module runs per message too; Atomics.wait blocks the thread.
      code: `
import zlib from 'node:zlib';
import { WebSocketServer } from 'ws';
function decode(data) {
  return JSON.parse(zlib.gunzipSync(data).toString());
}
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    Atomics.wait(lock, 0, 1);
    ws.send(decode(data).reply);
  });
});
`,
      errors: [
        { messageId: 'blockingCall', data: { name: 'zlib.gunzipSync', shape: '' }, line: 5, column: 21, endLine: 5, endColumn: 42 },
        { messageId: 'blockingCall', data: { name: 'Atomics.wait', shape: '' }, line: 10, column: 5, endLine: 10, endColumn: 29 },
      ],
    },
    {
      // blockingCalls: a user-named blocking function.
      code: `
import bcrypt from 'bcryptjs';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', (password) => ws.send(String(bcrypt.hashSync(String(password), 12))));
});
`,
      options: [{ blockingCalls: ['bcrypt.hashSync'] }],
      errors: [{ messageId: 'blockingCall', data: { name: 'bcrypt.hashSync', shape: '' }, line: 6, column: 49, endLine: 6, endColumn: 86 }],
    },
    {
      // A Map is not a limiter: the awaited work is still unbounded.
      code: `
import { WebSocketServer } from 'ws';
const sessions = new Map();
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  ws.on('message', function onMessage(data) {
    sessions.set(ws, String(data));
    fetchProfile(String(data)).then((profile) => sessions.set(ws, profile));
  });
});
`,
      options: [{ strict: true }],
      errors: [{ messageId: 'unawaitedWork', data: { name: 'fetchProfile', shape: '' }, line: 8, column: 5, endLine: 8, endColumn: 76 }],
    },
    // The same member holding a Map is not a limiter.
    {
      code: `
import PQueue from 'p-queue';
import { WebSocketServer } from 'ws';
import { fetchProfile } from './profiles.js';

const wss = new WebSocketServer({ noServer: true });

function Conn(ws) {
  var self = this;
  this.ws = ws;
  this.queue = new Map();
  ws.on('message', function (data) {
    void self.queue.add(() => fetchProfile(String(data)).then((profile) => self.ws.send(JSON.stringify(profile))));
  });
}

wss.on('connection', (ws) => {
  new Conn(ws);
});
`,
      filename: 'file.js',
      options: [{"strict":true}],
      errors: [
        { messageId: 'unawaitedWork', line: 13, suggestions: [] },
      ],
    },
  ],
});
