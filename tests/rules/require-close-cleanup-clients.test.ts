/**
 * require-close-cleanup on client sockets (facts/client-resources.ts): an interval whose callback
 * uses the socket must be cleared when the socket closes.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-close-cleanup.js';

const ruleTester = new RuleTester();

ruleTester.run('require-close-cleanup', rule, {
  valid: [
    // Cleared in the close handler.
    `
export function connect(url: string): void {
  const ws = new WebSocket(url);
  let ping: ReturnType<typeof setInterval> | undefined;
  ws.onopen = () => {
    ping = setInterval(() => ws.send('ping'), 15_000);
  };
  ws.onclose = () => {
    clearInterval(ping);
    setTimeout(() => connect(url), Math.random() * 5000);
  };
}
`,
    // Cleared by a same-file helper the close handler calls.
    `
import WebSocket from 'ws';
export class Feed {
  private ws?: WebSocket;
  private ping?: NodeJS.Timeout;
  start(): void {
    this.ws = new WebSocket('wss://example.test/feed');
    this.ws.on('error', console.error);
    this.ping = setInterval(() => this.ws?.ping(), 15_000);
    this.ws.on('close', () => this.stopPing());
  }
  private stopPing(): void {
    clearInterval(this.ping);
  }
}
`,
    // The interval clears itself once the socket is closed.
    `
const ws = new WebSocket('wss://example.test/feed');
const ping = setInterval(() => {
  if (ws.readyState === WebSocket.CLOSED) clearInterval(ping);
  else ws.send('ping');
}, 15_000);
`,
    // Cleared when the component goes away, and the socket never comes back by itself.
    `
import { onMounted, onUnmounted } from 'vue';
export function useFeed() {
  let ws: WebSocket | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    ws = new WebSocket('wss://example.test/feed');
    ping = setInterval(() => ws?.send('ping'), 30_000);
  });
  onUnmounted(() => {
    clearInterval(ping);
    ws?.close();
  });
}
`,
    // An interval that does not touch the socket is not the socket's.
    `
const ws = new WebSocket('wss://example.test/feed');
ws.onmessage = (event) => console.log(event.data);
setInterval(() => console.log('tick'), 1000);
`,
    // A prototype-style client clears its ping interval in its close listener, through `self = this`.
    {
      code: `
import WebSocket from 'ws';

function Feed(url) {
  this.url = url;
  this.connect();
}
Feed.prototype.connect = function () {
  var self = this;
  this.ws = new WebSocket(this.url);
  this.ws.on('error', function () {});
  this.ws.on('open', function () {
    self.ping = setInterval(function () {
      self.ws.ping();
    }, 15000);
  });
  this.ws.on('close', function () {
    clearInterval(self.ping);
    setTimeout(function () {
      self.connect();
    }, 1000 + Math.random() * 1000);
  });
};

export const feed = new Feed('wss://example.test/feed');
`,
      filename: 'file.js',
    },
  ],
  invalid: [
    // A ping interval started on open; the close handler reconnects but never clears it.
    {
      code: `
export function connect(url: string): void {
  const ws = new WebSocket(url);
  let ping: ReturnType<typeof setInterval> | undefined;
  ws.onopen = () => {
    ping = setInterval(() => ws.send('ping'), 15_000);
  };
  ws.onclose = () => {
    setTimeout(() => connect(url), Math.random() * 5000);
  };
}
`,
      errors: [
        {
          messageId: 'clientInterval',
          suggestions: [
            {
              messageId: 'clearOnClientClose',
              output: `
export function connect(url: string): void {
  const ws = new WebSocket(url);
  let ping: ReturnType<typeof setInterval> | undefined;
  ws.onopen = () => {
    ping = setInterval(() => ws.send('ping'), 15_000);
  };
  ws.onclose = () => {
    setTimeout(() => connect(url), Math.random() * 5000);
    clearInterval(ping);
  };
}
`,
            },
          ],
        },
      ],
    },
    // Cleared only by a deliberate disconnect(): a dropped connection that reconnects adds one more.
    {
      code: `
export class Poller {
  private ws?: WebSocket;
  private poll?: ReturnType<typeof setInterval>;
  connect(): void {
    this.ws = new WebSocket('wss://example.test/poll');
    this.poll = setInterval(() => this.ws?.send('poll'), 5000);
    this.ws.addEventListener('close', () => {
      setTimeout(() => this.connect(), Math.random() * 10_000);
    });
  }
  disconnect(): void {
    clearInterval(this.poll);
    this.ws?.close();
  }
}
`,
      errors: [
        {
          messageId: 'clientInterval',
          suggestions: [
            {
              messageId: 'clearOnClientClose',
              output: `
export class Poller {
  private ws?: WebSocket;
  private poll?: ReturnType<typeof setInterval>;
  connect(): void {
    this.ws = new WebSocket('wss://example.test/poll');
    this.poll = setInterval(() => this.ws?.send('poll'), 5000);
    this.ws.addEventListener('close', () => {
      setTimeout(() => this.connect(), Math.random() * 10_000);
      clearInterval(this.poll);
    });
  }
  disconnect(): void {
    clearInterval(this.poll);
    this.ws?.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    // Never cleared, and the interval's id is not even kept.
    {
      code: `
const ws = new WebSocket('wss://example.test/feed');
ws.onopen = () => {
  setInterval(() => ws.send('ping'), 15_000);
};
`,
      errors: [{ messageId: 'clientInterval', suggestions: [] }],
    },
    // A prototype-style client (`function Feed` with `Feed.prototype.connect`, `var self = this`) whose close listener reconnects without clearing the ping interval its open listener starts: the suggestion names the instance through `self`.
    {
      code: `
import WebSocket from 'ws';

function Feed(url) {
  this.url = url;
  this.connect();
}
Feed.prototype.connect = function () {
  var self = this;
  this.ws = new WebSocket(this.url);
  this.ws.on('error', function () {});
  this.ws.on('open', function () {
    self.ping = setInterval(function () {
      self.ws.ping();
    }, 15000);
  });
  this.ws.on('close', function () {
    setTimeout(function () {
      self.connect();
    }, 1000 + Math.random() * 1000);
  });
};

export const feed = new Feed('wss://example.test/feed');
`,
      filename: 'file.js',
      errors: [
        { messageId: 'clientInterval', line: 13, suggestions: [{ messageId: 'clearOnClientClose', output: `
import WebSocket from 'ws';

function Feed(url) {
  this.url = url;
  this.connect();
}
Feed.prototype.connect = function () {
  var self = this;
  this.ws = new WebSocket(this.url);
  this.ws.on('error', function () {});
  this.ws.on('open', function () {
    self.ping = setInterval(function () {
      self.ws.ping();
    }, 15000);
  });
  this.ws.on('close', function () {
    setTimeout(function () {
      self.connect();
    }, 1000 + Math.random() * 1000);
    clearInterval(self.ping);
  });
};

export const feed = new Feed('wss://example.test/feed');
` }] },
      ],
    },
  ],
});
