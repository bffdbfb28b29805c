/**
 * require-reconnect-backoff on client code: libraries that reconnect by themselves
 * (facts/library-reconnect.ts: socket.io-client's reconnection options read as a backoff), and
 * delays kept where components keep them (a counter on a React ref, a field of a local object).
 */
import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-reconnect-backoff.js';

const ruleTester = new RuleTester();

ruleTester.run('require-reconnect-backoff', rule, {
  valid: [
    // The defaults: 1 s doubling up to 5 s, spread by ±50 %.
    `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example');
`,
    // Tuned, still growing and spread.
    `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 500, reconnectionDelayMax: 30_000, randomizationFactor: 0.3 });
`,
    // Reconnection off: nothing to spread.
    `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnection: false, randomizationFactor: 0 });
`,
    // Options we cannot read.
    `
import { io } from 'socket.io-client';
import { options } from './config.js';
export const socket = io('https://chat.example', { ...options, randomizationFactor: 0 });
`,
    // A counter on a ref, full jitter over a capped exponential delay.
    {
      code: `
import { useEffect, useRef } from 'react';
export function Feed() {
  const attempts = useRef(0);
  useEffect(() => {
    let ws: WebSocket;
    const connect = () => {
      ws = new WebSocket('wss://example.test/feed');
      ws.onopen = () => { attempts.current = 0; };
      ws.onclose = () => {
        attempts.current += 1;
        setTimeout(connect, Math.random() * Math.min(30_000, 1000 * 2 ** attempts.current));
      };
    };
    connect();
    return () => { ws.onclose = null; ws.close(); };
  }, []);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // A ref handed to other code: what it holds cannot be read here.
    {
      code: `
import { useRef } from 'react';
import { track } from './retry.js';
export function useFeed(url: string) {
  const delay = useRef(1000);
  track(delay);
  const connect = () => {
    const ws = new WebSocket(url);
    ws.onclose = () => setTimeout(connect, delay.current);
  };
  return connect;
}
`,
      filename: 'feed.ts',
    },
    // A continuation that reconnects at once waits for what the promise waited for: not read.
    `
declare function auth(): Promise<void>;
function listen(): void {
  const ws = new WebSocket('wss://example.test/feed');
  ws.onclose = () => auth().then(() => listen());
}
listen();
`,
    // A constructor option without a default: whatever the caller passes, which we cannot read.
    `
export class Feed {
  private ws: WebSocket | null = null;
  private readonly delay: number;
  constructor(private readonly url: string, options: { delay: number }) {
    this.delay = options.delay;
  }
  connect(): void {
    this.ws = new WebSocket(this.url);
    this.ws.onclose = () => setTimeout(() => this.connect(), this.delay);
  }
}
`,
    // An option with a default that the client doubles after each failure: growth, spread.
    `
export class Feed {
  private ws: WebSocket | null = null;
  private delay: number;
  constructor(private readonly url: string, options: { delay?: number } = {}) {
    this.delay = options.delay ?? 1000;
  }
  connect(): void {
    this.ws = new WebSocket(this.url);
    this.ws.onclose = () => {
      setTimeout(() => this.connect(), Math.random() * this.delay);
      this.delay = Math.min(this.delay * 2, 30_000);
    };
  }
}
`,
    // An option of the function that reconnects: each call may pass another one.
    `
export function connect(url: string, options: { delay?: number }): void {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(() => connect(url, { delay: Math.random() * 5000 }), options.delay ?? 1000);
}
`,
    // reconnecting-websocket: reconnect() from a user action, not from a close or error handler.
    `
import ReconnectingWebSocket from 'reconnecting-websocket';
export const feed = new ReconnectingWebSocket('wss://example.test/feed');
feed.addEventListener('close', () => console.log('offline, retrying'));
export function retryNow(): void {
  feed.reconnect();
}
`,
    // reconnecting-websocket: a reconnect after a random, growing delay of the caller's own.
    `
import ReconnectingWebSocket from 'reconnecting-websocket';
let attempt = 0;
export const feed = new ReconnectingWebSocket('wss://example.test/feed');
feed.onopen = () => { attempt = 0; };
feed.onclose = (event) => {
  if (event.code === 4001) setTimeout(() => feed.reconnect(), Math.random() * Math.min(30_000, 1000 * 2 ** attempt++));
};
`,
    // SockJS: a random, growing delay.
    `
import SockJS from 'sockjs-client';
let attempt = 0;
export function connect(url: string): void {
  const sock = new SockJS(url);
  sock.onopen = () => { attempt = 0; };
  sock.onclose = () => setTimeout(() => connect(url), Math.random() * Math.min(30_000, 500 * 2 ** attempt++));
}
`,
    // Vue options API: the reconnect method waits a random delay of up to 30 s.
    `
import { defineComponent } from 'vue';
export default defineComponent({
  data: () => ({ ws: null as WebSocket | null }),
  mounted() {
    this.connect();
  },
  methods: {
    connect() {
      this.ws = new WebSocket('wss://example.test/feed');
      this.ws.onclose = () => setTimeout(this.connect, Math.random() * 30_000);
    },
  },
});
`,
    // A wrapper's close callback that only reports the close: nothing reconnects.
    `
class SocketManager {
  private readonly ws: WebSocket;
  constructor(private readonly options: { url: string; onClose?: () => void }) {
    this.ws = new WebSocket(options.url);
    this.ws.onclose = () => this.options.onClose?.();
  }
}
export function watch(url: string): SocketManager {
  return new SocketManager({ url, onClose: () => console.log('closed') });
}
`,
    // A wrapper's close callback that reconnects after a random, growing delay.
    `
let attempt = 0;
function openSocket(url: string, { onOpen, onClose }: { onOpen: () => void; onClose: () => void }): WebSocket {
  const ws = new WebSocket(url);
  ws.onopen = () => onOpen();
  ws.onclose = () => onClose();
  return ws;
}
export function connect(url: string): void {
  openSocket(url, {
    onOpen: () => { attempt = 0; },
    onClose: () => setTimeout(() => connect(url), Math.random() * Math.min(30_000, 1000 * 2 ** attempt++)),
  });
}
`,
    // A countdown whose length is random: the ticks spread the clients.
    `
let left = 0;
let countdown: ReturnType<typeof setInterval> | undefined;
export function connect(): void {
  const ws = new WebSocket('wss://example.test/feed');
  ws.onclose = () => {
    left = 5 + Math.floor(Math.random() * 30);
    countdown = setInterval(() => {
      left--;
      if (left === 0) {
        clearInterval(countdown);
        connect();
      }
    }, 1000);
  };
}
`,
    // A watchdog interval started at load: each client's ticks have their own phase.
    `
let ws: WebSocket | undefined;
function connect(): void {
  ws = new WebSocket('wss://example.test/feed');
}
setInterval(() => {
  if (!ws || ws.readyState === WebSocket.CLOSED) connect();
}, 5000);
`,
  ],
  invalid: [
    // A countdown the close handler starts: every client dropped together reconnects on the same tick.
    {
      code: `
let left = 0;
let countdown: ReturnType<typeof setInterval> | undefined;
export function connect(): void {
  const ws = new WebSocket('wss://example.test/feed');
  ws.onclose = () => {
    left = 30;
    countdown = setInterval(() => {
      left--;
      if (left === 0) {
        clearInterval(countdown);
        connect();
      }
    }, 1000);
  };
}
`,
      errors: [{ messageId: 'constantDelay', data: { event: 'close', delay: 'delay' }, line: 8, suggestions: [] }],
    },
    // A wrapper class's options callback reconnects at once: the close handler calls this.options.onClose().
    {
      code: `
class SocketManager {
  private readonly ws: WebSocket;
  constructor(private readonly options: { url: string; onClose?: () => void }) {
    this.ws = new WebSocket(options.url);
    this.ws.onclose = () => this.options.onClose?.();
  }
}
export class Client {
  private manager?: SocketManager;
  connect(): void {
    this.manager = new SocketManager({ url: 'wss://example.test/feed', onClose: () => this.connect() });
  }
}
`,
      errors: [{ messageId: 'immediateReconnect', line: 12, suggestions: [] }],
    },
    // A wrapper function's destructured onClose callback reconnects after a constant delay.
    {
      code: `
function openSocket(url: string, { onClose }: { onClose: () => void }): WebSocket {
  const ws = new WebSocket(url);
  ws.onclose = () => onClose();
  return ws;
}
export function connect(url: string): void {
  openSocket(url, { onClose: () => setTimeout(() => connect(url), 2000) });
}
`,
      errors: [
        {
          messageId: 'constantDelay',
          line: 8,
          suggestions: [
            {
              messageId: 'useJitteredBackoff',
              output: `
let reconnectAttempt = 0;
function openSocket(url: string, { onClose }: { onClose: () => void }): WebSocket {
  const ws = new WebSocket(url);
  ws.addEventListener('open', () => {
    reconnectAttempt = 0;
  });
  ws.onclose = () => onClose();
  return ws;
}
export function connect(url: string): void {
  openSocket(url, { onClose: () => setTimeout(() => connect(url), Math.random() * Math.min(30000, 2000 * 2 ** reconnectAttempt++)) });
}
`,
            },
          ],
        },
      ],
    },
    // Vue options API: the close handler schedules the component's own connect method (this.connect).
    {
      code: `
import { defineComponent } from 'vue';
export default defineComponent({
  data: () => ({ ws: null as WebSocket | null }),
  mounted() {
    this.connect();
  },
  methods: {
    connect() {
      this.ws = new WebSocket('wss://example.test/feed');
      this.ws.onclose = () => setTimeout(this.connect, 1000);
    },
  },
});
`,
      errors: [{ messageId: 'constantDelay', data: { event: 'close', delay: '1000 ms' }, suggestions: [] }],
    },
    // reconnecting-websocket reconnects by itself; reconnect() from both its error and close handlers.
    {
      code: `
import ReconnectingWebSocket from 'reconnecting-websocket';
export const feed = new ReconnectingWebSocket('wss://example.test/feed');
feed.addEventListener('error', () => {
  feed.reconnect();
});
feed.addEventListener('close', () => {
  console.log('closed');
  feed.reconnect();
});
`,
      errors: [
        {
          messageId: 'reconnectFromErrorAndClose',
          suggestions: [
            {
              messageId: 'reconnectOnCloseOnly',
              output: `
import ReconnectingWebSocket from 'reconnecting-websocket';
export const feed = new ReconnectingWebSocket('wss://example.test/feed');
feed.addEventListener('error', () => {
  // 'close' follows 'error', and the 'close' listener reconnects.
});
feed.addEventListener('close', () => {
  console.log('closed');
  feed.reconnect();
});
`,
            },
          ],
        },
        { messageId: 'libraryReconnectResets', suggestions: [] },
      ],
    },
    // reconnecting-websocket: reconnect() in the close handler, through a helper.
    {
      code: `
import ReconnectingWebSocket from 'reconnecting-websocket';
const feed = new ReconnectingWebSocket('wss://example.test/feed');
function restart(): void {
  feed.reconnect(4000, 'restart');
}
feed.onclose = () => restart();
`,
      errors: [{ messageId: 'libraryReconnectResets', data: { event: 'close', library: 'reconnecting-websocket' }, suggestions: [] }],
    },
    // SockJS: the same constant delay as a WebSocket.
    {
      code: `
import SockJS from 'sockjs-client';
export function connect(url: string): void {
  const sock = new SockJS(url);
  sock.onmessage = (event) => console.log(event.data);
  sock.onclose = () => setTimeout(() => connect(url), 3000);
}
`,
      errors: [
        {
          messageId: 'constantDelay',
          suggestions: [
            {
              messageId: 'useJitteredBackoff',
              output: `
import SockJS from 'sockjs-client';
let reconnectAttempt = 0;
export function connect(url: string): void {
  const sock = new SockJS(url);
  sock.addEventListener('open', () => {
    reconnectAttempt = 0;
  });
  sock.onmessage = (event) => console.log(event.data);
  sock.onclose = () => setTimeout(() => connect(url), Math.random() * Math.min(30000, 3000 * 2 ** reconnectAttempt++));
}
`,
            },
          ],
        },
      ],
    },
    // A constructor option with a constant default: the same delay on every attempt.
    {
      code: `
export class Feed {
  private ws: WebSocket | null = null;
  private readonly delay: number;
  constructor(private readonly url: string, options: { delay?: number } = {}) {
    this.delay = options.delay ?? 1000;
  }
  connect(): void {
    this.ws = new WebSocket(this.url);
    this.ws.onclose = () => setTimeout(() => this.connect(), this.delay);
  }
}
`,
      errors: [{ messageId: 'constantDelay', suggestions: [] }],
    },
    // The same option destructured with its default.
    {
      code: `
export class Feed {
  private ws: WebSocket | null = null;
  private readonly url: string;
  private readonly delay: number;
  constructor({ url, delay = 2000 }: { url: string; delay?: number }) {
    this.url = url;
    this.delay = delay;
  }
  connect(): void {
    this.ws = new WebSocket(this.url);
    this.ws.onclose = () => setTimeout(() => this.connect(), this.delay);
  }
}
`,
      errors: [{ messageId: 'constantDelay', suggestions: [] }],
    },
    // A reconnect timer set in a promise continuation of the close handler.
    {
      code: `
declare function auth(): Promise<void>;
function listen(): void {
  const ws = new WebSocket('wss://example.test/feed');
  ws.onclose = () => auth().then(() => setTimeout(listen, 30000));
}
listen();
`,
      errors: [
        {
          messageId: 'constantDelay',
          suggestions: [
            {
              messageId: 'useJitteredBackoff',
              output: `
declare function auth(): Promise<void>;
let reconnectAttempt = 0;
function listen(): void {
  const ws = new WebSocket('wss://example.test/feed');
  ws.addEventListener('open', () => {
    reconnectAttempt = 0;
  });
  ws.onclose = () => auth().then(() => setTimeout(listen, Math.random() * Math.min(30000, 30000 * 2 ** reconnectAttempt++)));
}
listen();
`,
            },
          ],
        },
      ],
    },
    // A counter on a ref: the delay doubles, but every client computes the same one.
    {
      code: `
import { useEffect, useRef } from 'react';
export function Feed() {
  const attempts = useRef(0);
  useEffect(() => {
    let ws: WebSocket;
    const connect = () => {
      ws = new WebSocket('wss://example.test/feed');
      ws.onopen = () => { attempts.current = 0; };
      ws.onclose = () => {
        attempts.current += 1;
        setTimeout(connect, 1000 * 2 ** attempts.current);
      };
    };
    connect();
    return () => { ws.onclose = null; ws.close(); };
  }, []);
  return null;
}
`,
      filename: 'feed.tsx',
      errors: [{ messageId: 'growthWithoutJitter', suggestions: [{ messageId: 'addJitter', output: `
import { useEffect, useRef } from 'react';
export function Feed() {
  const attempts = useRef(0);
  useEffect(() => {
    let ws: WebSocket;
    const connect = () => {
      ws = new WebSocket('wss://example.test/feed');
      ws.onopen = () => { attempts.current = 0; };
      ws.onclose = () => {
        attempts.current += 1;
        setTimeout(connect, Math.random() * (1000 * 2 ** attempts.current));
      };
    };
    connect();
    return () => { ws.onclose = null; ws.close(); };
  }, []);
  return null;
}
` }] }],
    },
    // A delay kept in a local object and never changed: constant.
    {
      code: `
const retry = { delay: 1000 };
export function connect(url: string): void {
  const ws = new WebSocket(url);
  ws.onclose = () => setTimeout(() => connect(url), retry.delay);
}
`,
      errors: [
        {
          messageId: 'constantDelay',
          suggestions: [
            {
              messageId: 'useJitteredBackoff',
              output: `
const retry = { delay: 1000 };
let reconnectAttempt = 0;
export function connect(url: string): void {
  const ws = new WebSocket(url);
  ws.addEventListener('open', () => {
    reconnectAttempt = 0;
  });
  ws.onclose = () => setTimeout(() => connect(url), Math.random() * Math.min(30000, retry.delay * 2 ** reconnectAttempt++));
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 2000, randomizationFactor: 0 });
`,
      errors: [
        {
          messageId: 'libraryNoJitter',
          suggestions: [
            {
              messageId: 'fixLibraryBackoff',
              output: `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 2000, randomizationFactor: 0.5 });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import io from 'socket.io-client';
const RETRY_MS = 3000;
export const socket = io({ reconnectionDelay: RETRY_MS, reconnectionDelayMax: RETRY_MS });
`,
      errors: [
        {
          messageId: 'libraryConstantDelay',
          suggestions: [
            {
              messageId: 'fixLibraryBackoff',
              output: `
import io from 'socket.io-client';
const RETRY_MS = 3000;
export const socket = io({ reconnectionDelay: RETRY_MS, reconnectionDelayMax: 30000 });
`,
            },
          ],
        },
      ],
    },
    // A first delay above the default largest one (5 s): the delay never grows.
    {
      code: `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 8000 });
`,
      errors: [
        {
          messageId: 'libraryConstantDelay',
          suggestions: [
            {
              messageId: 'fixLibraryBackoff',
              output: `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 8000, reconnectionDelayMax: 64000 });
`,
            },
          ],
        },
      ],
    },
  ],
});
