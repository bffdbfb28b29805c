/**
 * The reconnect topic module: paths from a client's close/error handlers to a new socket, and
 * what the delay before it is made of.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { classifyDelay, reconnectsOf, upperBound } from '../../facts/reconnect.js';
import { parseEspreeModel, parseTsModel, textOf, type Parsed } from './helpers.js';

function summary(parsed: Parsed) {
  return reconnectsOf(parsed.model).map((reconnect) => {
    const delay = reconnect.delay;
    return {
      handler: reconnect.handler.kind,
      reconnect: textOf(parsed.text, reconnect.reconnect),
      delay: delay.kind === 'none' ? 'none' : `${delay.kind}: ${textOf(parsed.text, delay.expression) ?? '-'}`,
      class: classifyDelay(parsed.model, reconnect),
    };
  });
}

describe('reconnectsOf', () => {
  it("counts a self-reconnecting client's reconnect method as a reconnect of that client only", () => {
    const parsed = parseTsModel(`
import ReconnectingWebSocket from 'reconnecting-websocket';
const a = new ReconnectingWebSocket('wss://example.test/a');
const b = new ReconnectingWebSocket('wss://example.test/b');
a.onclose = () => b.reconnect();
b.onerror = () => b.reconnect();
`);
    expect(reconnectsOf(parsed.model).map((r) => ({ handler: r.handler.kind, reconnect: textOf(parsed.text, r.reconnect), library: r.library }))).toEqual([
      { handler: 'error', reconnect: 'b.reconnect()', library: 'reconnecting-websocket' },
    ]);
  });

  it("follows a callback a wrapper received in its options to what its same-module callers pass", () => {
    const parsed = parseTsModel(`
class Wrapper {
  constructor(url, options) {
    this.onClose = options.onClose;
    this.ws = new WebSocket(url);
    this.ws.onclose = () => this.onClose();
  }
}
function start() {
  return new Wrapper(url, { onClose: () => setTimeout(start, 500) });
}
const quiet = new Wrapper(url, { onClose: () => console.log('closed') });
`);
    expect(summary(parsed)).toEqual([{ handler: 'close', reconnect: 'start', delay: 'timer: 500', class: { kind: 'constant', ms: 500 } }]);
  });

  it('reads a countdown interval started by the close handler as a constant delay, unless its length is random', () => {
    const source = (reset: string) => `
let left = 0;
function open() {
  const ws = new WebSocket(url);
  ws.onclose = () => {
    left = ${reset};
    const timer = setInterval(() => { if (--left === 0) { clearInterval(timer); open(); } }, 1000);
  };
}
`;
    expect(summary(parseTsModel(source('60'))).map((r) => r.class)).toEqual([{ kind: 'constant', ms: undefined }]);
    expect(summary(parseTsModel(source('10 + Math.random() * 50'))).map((r) => r.class.kind)).toEqual(['jittered']);
  });

  it('reads a constructor option with a constant default as a constant delay', () => {
    const parsed = parseTsModel(`
class Feed {
  constructor(options) { this.delay = options.delay || 1500; }
  connect() {
    this.ws = new WebSocket(this.url);
    this.ws.onclose = () => setTimeout(() => this.connect(), this.delay);
  }
}
`);
    expect(summary(parsed).map((r) => r.class)).toEqual([{ kind: 'constant', ms: undefined }]);
  });

  it('follows a close handler into setTimeout with a function reference', () => {
    const parsed = parseTsModel(`
function open() {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(open, 1000);
}
`);
    expect(summary(parsed)).toEqual([{ handler: 'close', reconnect: 'open', delay: 'timer: 1000', class: { kind: 'constant', ms: 1000 } }]);
  });

  it('follows helpers and methods (three levels) to the function that creates the socket', () => {
    const parsed = parseTsModel(`
import WebSocket from 'ws';
class Client {
  connect() { this.socket = this.create(); }
  create() { return new WebSocket(this.url); }
  schedule() { this.timer = setTimeout(() => this.connect(), this.delay()); }
  delay() { return Math.random() * 5000; }
  listen() {}
}
const c = new Client();
function wire(ws) {}
`);
    // The socket is created in create(), and its listeners would be on this.socket: none here.
    expect(summary(parsed)).toEqual([]);
    const withListener = parseTsModel(`
import WebSocket from 'ws';
class Client {
  connect() {
    this.socket = new WebSocket(this.url);
    this.socket.on('error', () => {});
    this.socket.on('close', () => this.onClose());
  }
  onClose() { this.schedule(); }
  schedule() { this.timer = setTimeout(() => this.connect(), this.delay()); }
  delay() { return Math.random() * 5000; }
}
`);
    expect(summary(withListener)).toEqual([
      { handler: 'close', reconnect: 'this.connect()', delay: 'timer: this.delay()', class: { kind: 'jittered', upper: 5000 } },
    ]);
  });

  it('sees a reconnect in an error handler as well as in a close handler', () => {
    const parsed = parseEspreeModel(`
function open() {
  const ws = new WebSocket(url);
  ws.addEventListener('error', () => open());
  ws.addEventListener('close', () => setTimeout(open, 500));
}
`);
    expect(summary(parsed).map((r) => [r.handler, r.delay])).toEqual([
      ['close', 'timer: 500'],
      ['error', 'none'],
    ]);
  });

  it('reads an awaited sleep as the delay, and anything else awaited as unknown', () => {
    const parsed = parseTsModel(`
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function a() {
  const ws = new WebSocket(url);
  ws.onclose = async () => { await sleep(2000); a(); };
}
function b() {
  const ws = new WebSocket(url);
  ws.onclose = async () => { await new Promise((resolve) => setTimeout(() => resolve(), 300)); b(); };
}
function c() {
  const ws = new WebSocket(url);
  ws.onclose = async () => { await fetch('/health'); c(); };
}
`);
    expect(summary(parsed).map((r) => [r.delay, r.class.kind])).toEqual([
      ['awaited: 2000', 'constant'],
      ['awaited: 300', 'constant'],
      ['awaited: -', 'unknown'],
    ]);
  });

  it('ignores reconnects deferred by promises and callbacks it cannot time', () => {
    const parsed = parseTsModel(`
function open() {
  const ws = new WebSocket(url);
  ws.onclose = () => { backoff.schedule(() => open()); };
}
`);
    expect(summary(parsed)).toEqual([]);
  });

  it('does not take a handler that only creates something else for a reconnect', () => {
    const parsed = parseTsModel(`
function open() {
  const ws = new WebSocket(url);
  ws.onclose = () => { report(); setTimeout(() => notify(), 10); };
}
function report() { return new Error('closed'); }
`);
    expect(summary(parsed)).toEqual([]);
  });
});

describe('classifyDelay', () => {
  const classOf = (prelude: string, delay: string) => {
    const parsed = parseTsModel(`
${prelude}
function open() {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(open, ${delay});
}
`);
    return summary(parsed)[0]!.class;
  };

  it('sees growth through counters, compound assignments and this-members', () => {
    expect(classOf('let n = 0;', '1000 * 2 ** n++')).toEqual({ kind: 'growth', capped: false });
    expect(classOf('let d = 100;', '(d = Math.min(d * 2, 5000))')).toEqual({ kind: 'growth', capped: false });
    expect(classOf('let n = 0; const bump = () => { n += 1; };', 'Math.min(30000, 500 * 2 ** n)')).toEqual({ kind: 'growth', capped: true });
  });

  it('calls growth capped when a cap bounds it: Math.min with an imported constant, a schedule table', () => {
    expect(classOf('import { MAX_DELAY } from "./config"; let n = 0;', 'Math.min(MAX_DELAY, 500 * 2 ** n++)')).toEqual({ kind: 'growth', capped: true });
    // An imported binding that is not named as a constant may be anything: unknown, not growth.
    expect(classOf('import { maxDelay } from "./config"; let n = 0;', 'Math.min(maxDelay, 500 * 2 ** n++)')).toEqual({ kind: 'unknown' });
    expect(classOf('const DELAYS = [1000, 5000, 30000]; let n = 0;', 'DELAYS[Math.min(n++, DELAYS.length - 1)]')).toEqual({ kind: 'growth', capped: true });
  });

  it('sees randomness in Math.random, crypto and jitter helpers', () => {
    expect(classOf('', 'Math.random() * 10000')).toEqual({ kind: 'jittered', upper: 10000 });
    expect(classOf('', 'crypto.getRandomValues(new Uint32Array(1))[0] % 5000').kind).toBe('unknown');
    expect(classOf('import { randomInt } from "node:crypto";', 'randomInt(1000, 5000)')).toEqual({ kind: 'jittered', upper: Number.POSITIVE_INFINITY });
    expect(classOf('import { withJitter } from "./retry";', 'withJitter(1000)').kind).toBe('jittered');
  });

  it('calls constant what folds to a number, and unknown what it cannot read', () => {
    expect(classOf('const BASE = 500;', 'BASE * 2')).toEqual({ kind: 'constant', ms: 1000 });
    expect(classOf('', 'config.retryMs')).toEqual({ kind: 'unknown' });
    expect(classOf('', 'Date.now() % 1000')).toEqual({ kind: 'unknown' });
    expect(classOf('import { retryDelay } from "./retry";', 'retryDelay()')).toEqual({ kind: 'unknown' });
  });
});

describe('upperBound', () => {
  it('bounds full jitter by the cap of Math.min, and is unbounded without one', () => {
    const parsed = parseTsModel(`
import 'ws';
let attempt = 0;
export const next = () => attempt++;
const CAP = 30000;
const a = Math.random() * Math.min(CAP, 500 * 2 ** attempt);
const b = 1000 + Math.floor(Math.random() * 4000);
const c = Math.random() * 500 * 2 ** attempt;
`);
    const inits = parsed.ast.body.slice(4).map((statement) => (statement as TSESTree.VariableDeclaration).declarations[0]!.init!);
    expect(inits.map((init) => upperBound(parsed.model, init, 0))).toEqual([30000, 5000, Number.POSITIVE_INFINITY]);
  });
});
