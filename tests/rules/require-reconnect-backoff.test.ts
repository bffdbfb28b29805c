import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-reconnect-backoff.js';

const ruleTester = new RuleTester();

ruleTester.run('require-reconnect-backoff', rule, {
  valid: [
    // Capped growth without jitter: clients stay in lockstep, but the load spreads out over time;
    // only the strict config reports it (see the invalid cases with { strict: true }).
    `
let timeout = 250;
function connect() {
  const ws = new WebSocket(url);
  ws.onopen = () => { timeout = 250; };
  ws.onclose = () => setTimeout(connect, Math.min(10000, timeout += timeout));
}
`,
    `
import { MAX_RECONNECT_DELAY } from './config.js';
let attempt = 0;
function connect() {
  const ws = new WebSocket(url);
  ws.onopen = () => { attempt = 0; };
  ws.onclose = () => setTimeout(connect, Math.min(MAX_RECONNECT_DELAY, 500 * 2 ** attempt++));
}
`,
    // An imported binding that is not named like a constant may be computed by its module.
    {
      code: `
import WebSocket from 'ws';
import { retryDelay } from './config.js';
export function connect(url) {
  const ws = new WebSocket(url);
  ws.on('error', console.error);
  ws.on('close', () => setTimeout(() => connect(url), retryDelay));
}
`,
      filename: 'file.js',
    },
    // A schedule indexed by the attempt, randomised: jittered backoff.
    {
      code: `
import WebSocket from 'ws';
const DELAYS = [1000, 2000, 5000, 10000];
let attempt = 0;
export function connect(url) {
  const ws = new WebSocket(url);
  ws.on('error', console.error);
  ws.on('open', () => { attempt = 0; });
  ws.on('close', () => setTimeout(() => connect(url), DELAYS[Math.min(attempt++, DELAYS.length - 1)] * Math.random()));
}
`,
      filename: 'file.js',
    },
    // Full jitter over a capped exponential delay, attempt reset on open (frameworks.md §14 (d)).
    `
function connect(attempt = 0) {
  const ws = new WebSocket(URL);
  ws.onopen = () => { attempt = 0; };
  ws.onclose = (event) => {
    if (event.code === 1000) return;
    const delay = Math.random() * Math.min(30_000, 500 * 2 ** attempt);
    setTimeout(() => connect(attempt + 1), delay);
  };
}
`,
    // A delay helper in the same module that adds ±25 % jitter.
    `
function reconnectDelay(attempt: number, base = 1000, max = 30000): number {
  const delay = Math.min(base * Math.pow(2, attempt), max);
  const jitter = delay * 0.25 * (Math.random() * 2 - 1);
  return Math.max(0, Math.round(delay + jitter));
}
let attempt = 0;
function open() {
  const socket = new WebSocket('wss://example.test/feed');
  socket.addEventListener('open', () => { attempt = 0; });
  socket.addEventListener('close', () => {
    setTimeout(open, reconnectDelay(attempt++));
  });
}
open();
`,
    // A class whose delay comes from a same-module method with crypto randomness.
    `
import WebSocket from 'ws';
import { randomInt } from 'node:crypto';
export class Tail {
  private ws?: WebSocket;
  private attempts = 0;
  start() {
    this.ws = new WebSocket(this.url);
    this.ws.on('error', (err) => this.log(err));
    this.ws.on('open', () => { this.attempts = 0; });
    this.ws.on('close', () => this.scheduleReconnect());
  }
  private scheduleReconnect() {
    const cap = Math.min(60_000, 1000 * 2 ** this.attempts++);
    this.timer = setTimeout(() => this.start(), randomInt(cap));
  }
}
`,
    // A delay computed by a helper we cannot see (imported): may well be jittered, stay quiet.
    `
import { nextDelay } from './backoff.js';
function connect() {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(connect, nextDelay());
}
`,
    // A configured interval we cannot read.
    `
class Client {
  constructor(options) {
    this.reconnectInterval = options.reconnectInterval;
  }
  connect() {
    this.ws = new WebSocket(this.url);
    this.ws.onclose = () => setTimeout(() => this.connect(), this.reconnectInterval);
  }
}
`,
    // A client that never reconnects is not this rule's business.
    `
const ws = new WebSocket('wss://example.test');
ws.onclose = () => console.log('closed');
ws.onerror = () => ws.close();
`,
    // The close handler reloads the page instead of reconnecting (Vite's client).
    `
const socket = new WebSocket(url, 'vite-hmr');
socket.addEventListener('close', async () => {
  await waitForServer(url);
  location.reload();
});
`,
    // An awaited sleep of a random duration.
    `
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
async function run(attempt = 0) {
  const ws = new WebSocket(url);
  ws.on('error', () => {});
  ws.on('close', async () => {
    await sleep(Math.random() * Math.min(30000, 1000 * 2 ** attempt));
    run(attempt + 1);
  });
}
`,
    // Something else awaited before the reconnect: we cannot tell how long it waits.
    `
function connect() {
  const ws = new WebSocket(url);
  ws.onclose = async () => {
    await refreshToken();
    connect();
  };
}
`,
    // The creator sleeps a random time before creating the socket.
    `
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
export class Feed {
  async connect(attempt = 0) {
    if (attempt > 0) await sleep(Math.random() * Math.min(30_000, 250 * 2 ** attempt));
    this.ws = new WebSocket(this.url);
    this.ws.on('error', () => {});
    this.ws.on('close', () => this.connect(attempt + 1));
  }
}
`,
    // A library that reconnects with jitter itself; no socket of ours reconnects.
    `
import ReconnectingWebSocket from 'reconnecting-websocket';
const rws = new ReconnectingWebSocket('wss://example.test', [], { minReconnectionDelay: 1000 });
rws.addEventListener('close', () => console.log('will reconnect'));
`,
    // Growth without jitter, with the option off.
    {
      code: `
let delay = 250;
function connect() {
  const ws = new WebSocket(url);
  ws.onopen = () => { delay = 250; };
  ws.onclose = () => setTimeout(connect, Math.min(10000, delay *= 2));
}
`,
      options: [{ reportGrowthWithoutJitter: false }],
    },
    // A jitter window below the minimum cap, with the minimum lowered.
    {
      code: `
function connect() {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(connect, 200 + Math.random() * 300);
}
`,
      options: [{ minimumCapMs: 500 }],
    },
    // A close listener (a `function` reaching the instance through `self = this`) restarts a jittered retry loop whose helper connects at once only when asked (`beginRetries(now = false)`): this call does not ask.
    {
      code: `
export class Link {
  private socket?: WebSocket;
  private retryHandle: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly url: string) {}

  start() {
    this.beginRetries(true);
  }

  private beginRetries(now: boolean = false) {
    clearInterval(this.retryHandle);
    this.retryHandle = setInterval(() => this.open(), 5000 + Math.random() * 5000);
    if (now) this.open();
  }

  private open() {
    this.socket?.close();
    this.socket = new WebSocket(this.url);
    const self = this;
    this.socket.onopen = function () {
      clearInterval(self.retryHandle);
    };
    this.socket.onclose = function () {
      self.beginRetries();
    };
  }
}
`,
      filename: 'file.ts',
    },
  ],
  invalid: [
    // An imported constant is a constant delay.
    {
      code: `
import WebSocket from 'ws';
import { RETRY_MS } from './config.js';
export function connect(url) {
  const ws = new WebSocket(url);
  ws.on('error', console.error);
  ws.on('close', () => setTimeout(() => connect(url), RETRY_MS));
}
`,
      filename: 'file.js',
      errors: [{ messageId: 'constantDelay', line: 7, suggestions: [{ messageId: 'useJitteredBackoff', output: `
import WebSocket from 'ws';
import { RETRY_MS } from './config.js';
let reconnectAttempt = 0;
export function connect(url) {
  const ws = new WebSocket(url);
  ws.on('open', () => {
    reconnectAttempt = 0;
  });
  ws.on('error', console.error);
  ws.on('close', () => setTimeout(() => connect(url), Math.random() * Math.min(30000, RETRY_MS * 2 ** reconnectAttempt++)));
}
` }] }],
    },
    // Steps chosen by an attempt counter grow, like a schedule indexed by it; neither is random.
    {
      code: `
import WebSocket from 'ws';
const DELAYS = [1000, 2000, 5000, 10000];
let attempt = 0;
export function connect(url) {
  const ws = new WebSocket(url);
  ws.on('error', console.error);
  ws.on('open', () => { attempt = 0; });
  ws.on('close', () => {
    let delay = 1000;
    if (attempt++ > 5) delay = 30000;
    setTimeout(() => connect(url), delay);
  });
}
export function connectScheduled(url) {
  const ws = new WebSocket(url);
  ws.on('error', console.error);
  ws.on('open', () => { attempt = 0; });
  ws.on('close', () => setTimeout(() => connectScheduled(url), DELAYS[Math.min(attempt++, DELAYS.length - 1)]));
}
`,
      filename: 'file.js',
      // The schedule table caps the second delay: reported by the strict config only.
      options: [{ strict: true }],
      errors: [
        { messageId: 'growthWithoutJitter', line: 12, suggestions: [{ messageId: 'addJitter', output: `
import WebSocket from 'ws';
const DELAYS = [1000, 2000, 5000, 10000];
let attempt = 0;
export function connect(url) {
  const ws = new WebSocket(url);
  ws.on('error', console.error);
  ws.on('open', () => { attempt = 0; });
  ws.on('close', () => {
    let delay = 1000;
    if (attempt++ > 5) delay = 30000;
    setTimeout(() => connect(url), Math.random() * delay);
  });
}
export function connectScheduled(url) {
  const ws = new WebSocket(url);
  ws.on('error', console.error);
  ws.on('open', () => { attempt = 0; });
  ws.on('close', () => setTimeout(() => connectScheduled(url), DELAYS[Math.min(attempt++, DELAYS.length - 1)]));
}
` }] },
        { messageId: 'growthWithoutJitter', line: 19, suggestions: [{ messageId: 'addJitter', output: `
import WebSocket from 'ws';
const DELAYS = [1000, 2000, 5000, 10000];
let attempt = 0;
export function connect(url) {
  const ws = new WebSocket(url);
  ws.on('error', console.error);
  ws.on('open', () => { attempt = 0; });
  ws.on('close', () => {
    let delay = 1000;
    if (attempt++ > 5) delay = 30000;
    setTimeout(() => connect(url), delay);
  });
}
export function connectScheduled(url) {
  const ws = new WebSocket(url);
  ws.on('error', console.error);
  ws.on('open', () => { attempt = 0; });
  ws.on('close', () => setTimeout(() => connectScheduled(url), Math.random() * (DELAYS[Math.min(attempt++, DELAYS.length - 1)])));
}
` }] },
      ],
    },
    // A one-line arrow reconnect gets the same fix as one in braces: the arrow's value is ignored.
    {
      code: `
function connect() {
  const ws = new WebSocket(URL);
  ws.onclose = () => connect();
}
`,
      errors: [
        {
          messageId: 'immediateReconnect',
          suggestions: [
            {
              messageId: 'useJitteredBackoff',
              output: `
let reconnectAttempt = 0;
function connect() {
  const ws = new WebSocket(URL);
  ws.addEventListener('open', () => {
    reconnectAttempt = 0;
  });
  ws.onclose = () => setTimeout(() => connect(), Math.random() * Math.min(30000, 1000 * 2 ** reconnectAttempt++));
}
`,
            },
          ],
        },
      ],
    },
    {
      // Seed 002's browser tab: a constant second, from both 'error' and 'close'.
      code: `
export function connect(url) {
  let ws;
  function open() {
    ws = new WebSocket(url);
    ws.onerror = () => {
      setTimeout(open, 1000);
    };
    ws.onclose = () => {
      setTimeout(open, 1000);
    };
  }
  open();
}
`,
      errors: [
        {
          messageId: 'reconnectFromErrorAndClose',
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'reconnectOnCloseOnly',
              output: `
export function connect(url) {
  let ws;
  function open() {
    ws = new WebSocket(url);
    ws.onerror = () => {
      // 'close' follows 'error', and the 'close' listener reconnects.
    };
    ws.onclose = () => {
      setTimeout(open, 1000);
    };
  }
  open();
}
`,
            },
          ],
        },
        {
          messageId: 'constantDelay',
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'useJitteredBackoff',
              output: `
export function connect(url) {
  let ws;
  let reconnectAttempt = 0;
  function open() {
    ws = new WebSocket(url);
    ws.addEventListener('open', () => {
      reconnectAttempt = 0;
    });
    ws.onerror = () => {
      setTimeout(open, 1000);
    };
    ws.onclose = () => {
      setTimeout(open, Math.random() * Math.min(30000, 1000 * 2 ** reconnectAttempt++));
    };
  }
  open();
}
`,
            },
          ],
        },
      ],
    },
    {
      // Seed 002's Node client (ws): on('close') with a fixed delay.
      code: `
import WebSocket from 'ws';
function open() {
  const ws = new WebSocket(URL);
  ws.on('error', (err) => console.warn(err.message));
  ws.on('close', () => {
    setTimeout(open, RETRY_MS);
  });
}
const RETRY_MS = 2000;
`,
      errors: [
        {
          messageId: 'constantDelay',
          line: 7,
          column: 5,
          data: { event: 'close', delay: '2000 ms' },
          suggestions: [
            {
              messageId: 'useJitteredBackoff',
              output: `
import WebSocket from 'ws';
let reconnectAttempt = 0;
function open() {
  const ws = new WebSocket(URL);
  ws.on('open', () => {
    reconnectAttempt = 0;
  });
  ws.on('error', (err) => console.warn(err.message));
  ws.on('close', () => {
    setTimeout(open, Math.random() * Math.min(30000, RETRY_MS * 2 ** reconnectAttempt++));
  });
}
const RETRY_MS = 2000;
`,
            },
          ],
        },
      ],
    },
    {
      // Immediate reconnect from addEventListener('close').
      code: `
const connect = () => {
  const socket = new WebSocket('wss://example.test/stream');
  socket.addEventListener('close', () => {
    connect();
  });
};
connect();
`,
      errors: [
        {
          messageId: 'immediateReconnect',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'useJitteredBackoff',
              output: `
let reconnectAttempt = 0;
const connect = () => {
  const socket = new WebSocket('wss://example.test/stream');
  socket.addEventListener('open', () => {
    reconnectAttempt = 0;
  });
  socket.addEventListener('close', () => {
    setTimeout(() => connect(), Math.random() * Math.min(30000, 1000 * 2 ** reconnectAttempt++));
  });
};
connect();
`,
            },
          ],
        },
      ],
    },
    {
      // setTimeout without a delay runs as soon as possible.
      code: `
function connect() {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(connect);
}
`,
      errors: [
        {
          messageId: 'immediateReconnect',
          line: 4,
          column: 22,
          suggestions: [
            {
              messageId: 'useJitteredBackoff',
              output: `
let reconnectAttempt = 0;
function connect() {
  const ws = new WebSocket(url);
  ws.addEventListener('open', () => {
    reconnectAttempt = 0;
  });
  ws.onclose = () => setTimeout(connect, Math.random() * Math.min(30000, 1000 * 2 ** reconnectAttempt++));
}
`,
            },
          ],
        },
      ],
    },
    {
      // An awaited sleep helper with a fixed duration.
      code: `
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const connect = () => {
  const webSocket = new WebSocket('stream');
  webSocket.addEventListener('close', async () => {
    await delay(1000);
    connect();
  });
};
`,
      errors: [{ messageId: 'constantDelay', line: 6, column: 5, endLine: 6, endColumn: 22, suggestions: [] }],
    },
    {
      // The creator sleeps a fixed time before creating the socket: reported at that sleep.
      code: `
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
class Feed {
  async connect() {
    await wait(5000);
    this.ws = new WebSocket(this.url);
    this.ws.addEventListener('close', () => this.connect());
  }
}
`,
      errors: [{ messageId: 'constantDelay', line: 5, column: 5, endLine: 5, endColumn: 21, data: { event: 'close', delay: '5000 ms' }, suggestions: [] }],
    },
    {
      // A class with a fixed interval set in its constructor; the reconnect goes through a method.
      code: `
export class FeedClient {
  constructor(url) {
    this.url = url;
    this.reconnectInterval = 3000;
  }
  connect() {
    this.ws = new WebSocket(this.url);
    this.ws.onclose = () => this.reconnect();
  }
  reconnect() {
    setTimeout(() => this.connect(), this.reconnectInterval);
  }
}
`,
      errors: [{ messageId: 'constantDelay', line: 12, column: 5, data: { event: 'close', delay: 'delay' }, suggestions: [] }],
    },
    {
      // Exponential growth with a cap, but every client computes the same delays.
      code: `
let timeout = 250;
function connect() {
  const ws = new WebSocket(url);
  ws.onopen = () => { timeout = 250; };
  ws.onclose = () => setTimeout(connect, Math.min(10000, timeout += timeout));
}
`,
      options: [{ strict: true }],
      errors: [
        {
          messageId: 'growthWithoutJitter',
          line: 6,
          column: 22,
          suggestions: [
            {
              messageId: 'addJitter',
              output: `
let timeout = 250;
function connect() {
  const ws = new WebSocket(url);
  ws.onopen = () => { timeout = 250; };
  ws.onclose = () => setTimeout(connect, Math.random() * Math.min(10000, timeout += timeout));
}
`,
            },
          ],
        },
      ],
    },
    {
      // Growth through a same-module helper that counts attempts.
      code: `
let attempts = 0;
export function nextDelay() {
  const delay = Math.min(1000 * Math.pow(1.5, attempts), 30000);
  attempts++;
  return delay;
}
function connect() {
  const ws = new WebSocket(url);
  ws.onclose = () => {
    setTimeout(connect, nextDelay());
  };
}
`,
      options: [{ strict: true }],
      errors: [
        {
          messageId: 'growthWithoutJitter',
          line: 11,
          column: 5,
          suggestions: [
            {
              messageId: 'addJitter',
              output: `
let attempts = 0;
export function nextDelay() {
  const delay = Math.min(1000 * Math.pow(1.5, attempts), 30000);
  attempts++;
  return delay;
}
function connect() {
  const ws = new WebSocket(url);
  ws.onclose = () => {
    setTimeout(connect, Math.random() * nextDelay());
  };
}
`,
            },
          ],
        },
      ],
    },
    {
      // Recursion that doubles a parameter: growth without jitter.
      code: `
function connect(delay = 500) {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(() => connect(delay * 2), delay);
}
`,
      errors: [
        {
          messageId: 'growthWithoutJitter',
          line: 4,
          column: 22,
          suggestions: [
            {
              messageId: 'addJitter',
              output: `
function connect(delay = 500) {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(() => connect(delay * 2), Math.random() * delay);
}
`,
            },
          ],
        },
      ],
    },
    {
      // Jitter, but the window is 500 ms at most.
      code: `
function connect() {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(connect, 200 + Math.random() * 300);
}
`,
      errors: [{ messageId: 'jitterTooNarrow', line: 4, column: 22, data: { upper: '500', minimum: '1000' }, suggestions: [] }],
    },
    {
      // The 'if' that only guards the error-path reconnect goes with it; the timer's argument is a
      // one-line arrow.
      code: `
function connect(url) {
  let stopped = false;
  const ws = new WebSocket(url);
  ws.addEventListener('error', () => {
    if (!stopped) setTimeout(() => connect(url), 1000);
  });
  ws.addEventListener('close', () => {
    if (!stopped) setTimeout(() => connect(url), 1000);
  });
}
`,
      errors: [
        {
          messageId: 'reconnectFromErrorAndClose',
          line: 6,
          suggestions: [
            {
              messageId: 'reconnectOnCloseOnly',
              output: `
function connect(url) {
  let stopped = false;
  const ws = new WebSocket(url);
  ws.addEventListener('error', () => {
    // 'close' follows 'error', and the 'close' listener reconnects.
  });
  ws.addEventListener('close', () => {
    if (!stopped) setTimeout(() => connect(url), 1000);
  });
}
`,
            },
          ],
        },
        { messageId: 'constantDelay', line: 9, suggestions: [{ messageId: 'useJitteredBackoff', output: `
let reconnectAttempt = 0;
function connect(url) {
  let stopped = false;
  const ws = new WebSocket(url);
  ws.addEventListener('open', () => {
    reconnectAttempt = 0;
  });
  ws.addEventListener('error', () => {
    if (!stopped) setTimeout(() => connect(url), 1000);
  });
  ws.addEventListener('close', () => {
    if (!stopped) setTimeout(() => connect(url), Math.random() * Math.min(30000, 1000 * 2 ** reconnectAttempt++));
  });
}
` }] },
      ],
    },
    {
      // An 'if' whose test does something (here: counts failures) is not the reconnect's alone,
      // and the reconnect is its consequent without a block: no suggestion.
      code: `
function connect(url) {
  let failures = 0;
  const ws = new WebSocket(url);
  ws.onerror = () => {
    if (failures++ < 5) setTimeout(() => connect(url), 1000);
  };
  ws.onclose = () => {
    setTimeout(() => connect(url), 1000);
  };
}
`,
      errors: [
        { messageId: 'reconnectFromErrorAndClose', line: 6, suggestions: [] },
        { messageId: 'constantDelay', line: 9, suggestions: [{ messageId: 'useJitteredBackoff', output: `
let reconnectAttempt = 0;
function connect(url) {
  let failures = 0;
  const ws = new WebSocket(url);
  ws.addEventListener('open', () => {
    reconnectAttempt = 0;
  });
  ws.onerror = () => {
    if (failures++ < 5) setTimeout(() => connect(url), 1000);
  };
  ws.onclose = () => {
    setTimeout(() => connect(url), Math.random() * Math.min(30000, 1000 * 2 ** reconnectAttempt++));
  };
}
` }] },
      ],
    },
    // The same helper asked to connect at once from the close listener: an immediate reconnect.
    {
      code: `
export class Link {
  private socket?: WebSocket;
  private retryHandle: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly url: string) {}

  start() {
    this.beginRetries(true);
  }

  private beginRetries(now: boolean = false) {
    clearInterval(this.retryHandle);
    this.retryHandle = setInterval(() => this.open(), 5000 + Math.random() * 5000);
    if (now) this.open();
  }

  private open() {
    this.socket?.close();
    this.socket = new WebSocket(this.url);
    const self = this;
    this.socket.onopen = function () {
      clearInterval(self.retryHandle);
    };
    this.socket.onclose = function () {
      self.beginRetries(true);
    };
  }
}
`,
      filename: 'file.ts',
      errors: [
        { messageId: 'immediateReconnect', line: 26, suggestions: [] },
      ],
    },
  ],
});
