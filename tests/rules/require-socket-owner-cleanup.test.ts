import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-socket-owner-cleanup.js';

const ruleTester = new RuleTester();

ruleTester.run('require-socket-owner-cleanup', rule, {
  valid: [
    // The close handler reconnects only after an unclean close: a deliberate close() completes the
    // closing handshake and reports wasClean (mainsail in the application corpus).
    {
      code: `
export class Client {
  private ws: WebSocket | null = null;
  private reconnects = 0;

  connect(url: string): void {
    this.ws = new WebSocket(url);
    this.ws.onopen = () => {
      this.reconnects = 0;
    };
    this.ws.onclose = (event) => {
      if (event.wasClean) return;
      this.reconnects++;
      setTimeout(() => this.connect(url), Math.random() * Math.min(30000, 1000 * 2 ** this.reconnects));
    };
  }

  close(): void {
    this.ws?.close();
  }
}
`,
      filename: 'file.ts',
    },
    // A socket opened once at module level lives as long as the page: nobody's component owns it.
    `
const ws = new WebSocket('wss://example.test/feed');
ws.onmessage = (event) => console.log(event.data);
export default ws;
`,
    // The effect's cleanup closes it.
    {
      code: `
import { useEffect } from 'react';
export function Feed({ url }: { url: string }) {
  useEffect(() => {
    const ws = new WebSocket(url);
    ws.onmessage = (event) => console.log(event.data);
    return () => ws.close();
  }, [url]);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // Through a ref, closed through a copy of the ref taken in the effect.
    {
      code: `
import { useEffect, useRef } from 'react';
export function Feed({ url }: { url: string }) {
  const socketRef = useRef<WebSocket | null>(null);
  useEffect(() => {
    socketRef.current = new WebSocket(url);
    const socket = socketRef.current;
    return () => {
      socket.close();
    };
  }, [url]);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // The cleanup aborts the controller whose signal the socket's listeners take.
    {
      code: `
import { useEffect } from 'react';
const socket = new WebSocket('wss://example.test/feed');
export function Feed({ onData }: { onData: (data: unknown) => void }) {
  useEffect(() => {
    const controller = new AbortController();
    const ws = new WebSocket('wss://example.test/own');
    ws.addEventListener('message', (event) => onData(event.data), { signal: controller.signal });
    return () => controller.abort();
  }, [onData]);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // A store: its disconnect() is exported for the caller, and no component owns the socket.
    `
import { create } from 'zustand';
export const useFeed = create((set, get) => ({
  ws: null,
  connect(url) {
    const ws = new WebSocket(url);
    ws.onmessage = (event) => set({ last: event.data });
    set({ ws });
  },
  disconnect() {
    get().ws?.close();
  },
}));
`,
    // socket.io-client: disconnect() in the cleanup.
    {
      code: `
import { useEffect } from 'react';
import { io } from 'socket.io-client';
export function Chat() {
  useEffect(() => {
    const socket = io('https://chat.example');
    socket.on('message', console.log);
    return () => {
      socket.disconnect();
    };
  }, []);
  return null;
}
`,
      filename: 'chat.tsx',
    },
    // Vue composition API: closed in onBeforeUnmount.
    `
import { onBeforeUnmount, onMounted, ref } from 'vue';
export default {
  setup() {
    const last = ref(null);
    let ws;
    onMounted(() => {
      ws = new WebSocket('wss://example.test/feed');
      ws.onmessage = (event) => { last.value = event.data; };
    });
    onBeforeUnmount(() => ws?.close());
    return { last };
  },
};
`,
    // Vue options API: closed in beforeUnmount through a method.
    `
import { defineComponent } from 'vue';
export default defineComponent({
  data: () => ({ ws: null }),
  mounted() {
    this.ws = new WebSocket('wss://example.test/feed');
  },
  beforeUnmount() {
    this.stop();
  },
  methods: {
    stop() {
      this.ws.close();
    },
  },
});
`,
    // Svelte: onMount returns a cleanup that closes.
    `
import { onMount } from 'svelte';
let ws;
onMount(() => {
  ws = new WebSocket('wss://example.test/feed');
  return () => ws.close();
});
`,
    // Angular: ngOnDestroy closes.
    `
import { Component, OnDestroy, OnInit } from '@angular/core';
@Component({ selector: 'app-feed', template: '' })
export class FeedComponent implements OnInit, OnDestroy {
  private socket?: WebSocket;
  ngOnInit(): void {
    this.socket = new WebSocket('wss://example.test/feed');
  }
  ngOnDestroy(): void {
    this.socket?.close();
  }
}
`,
    // An Angular service lives as long as the app: not a component.
    `
import { Injectable } from '@angular/core';
@Injectable({ providedIn: 'root' })
export class FeedService {
  private socket = new WebSocket('wss://example.test/feed');
}
`,
    // Handed to code this rule cannot see into, which may close it.
    {
      code: `
import { useEffect } from 'react';
import { register } from './sockets.js';
export function Feed() {
  useEffect(() => {
    const ws = new WebSocket('wss://example.test/feed');
    register(ws);
  }, []);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // Created after an await, but only when the effect was not cleaned up meanwhile.
    {
      code: `
import { useEffect, useRef } from 'react';
declare function getToken(): Promise<string>;
export function Feed() {
  const ws = useRef<WebSocket | null>(null);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const token = await getToken();
      if (cancelled) return;
      ws.current = new WebSocket('wss://example.test/feed?token=' + token);
    })();
    return () => {
      cancelled = true;
      ws.current?.close();
    };
  }, []);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // The cleanup tells the close handler not to reconnect.
    {
      code: `
import { useEffect, useRef } from 'react';
export function Feed() {
  const ws = useRef<WebSocket | null>(null);
  const reconnect = useRef(true);
  useEffect(() => {
    function connect() {
      ws.current = new WebSocket('wss://example.test/feed');
      ws.current.onclose = () => {
        if (reconnect.current) setTimeout(connect, Math.random() * 5000);
      };
    }
    connect();
    return () => {
      reconnect.current = false;
      ws.current?.close();
    };
  }, []);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // A client class whose close() clears the handler first.
    `
export class Feed {
  private ws?: WebSocket;
  private timer?: ReturnType<typeof setTimeout>;
  connect(): void {
    this.ws = new WebSocket('wss://example.test/feed');
    this.ws.onclose = () => {
      this.timer = setTimeout(() => this.connect(), Math.random() * 5000);
    };
  }
  close(): void {
    clearTimeout(this.timer);
    if (this.ws) this.ws.onclose = null;
    this.ws?.close();
  }
}
`,
    // A client class whose close() sets the flag the handler reads.
    `
export class Feed {
  private ws?: WebSocket;
  private closing = false;
  connect(): void {
    this.ws = new WebSocket('wss://example.test/feed');
    this.ws.onclose = () => {
      if (!this.closing) setTimeout(() => this.connect(), Math.random() * 5000);
    };
  }
  disconnect(): void {
    this.closing = true;
    this.ws?.close();
  }
}
`,
    // A useState initialiser, closed by an effect cleanup.
    {
      code: `
import { useEffect, useState } from 'react';
export function Feed() {
  const [ws] = useState(() => new WebSocket('wss://example.test/feed'));
  useEffect(() => () => ws.close(), [ws]);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // Created lazily into a ref (once per component), closed by an effect's cleanup.
    {
      code: `
import { useEffect, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
export const useSocket = () => {
  const ref = useRef<Socket | null>(null);
  if (!ref.current) {
    ref.current = io();
  }
  useEffect(() => () => {
    if (ref.current) ref.current.close();
  }, []);
  return ref.current;
};
`,
      filename: 'socket.ts',
    },
    // A Svelte store that stops its socket when it loses its last subscriber.
    `
import { readable } from 'svelte/store';
export const prices = readable(0, (set) => {
  const ws = new WebSocket('wss://example.test/prices');
  ws.onmessage = (event) => set(Number(event.data));
  return () => ws.close();
});
`,
    // A Vue composable that closes in onUnmounted.
    `
import { onUnmounted } from 'vue';
export default function useWS(path = '/', onmessage = () => {}) {
  const ws = new WebSocket(path);
  ws.onmessage = onmessage;
  onUnmounted(() => { ws.close(); });
  return { ws };
}
`,
    // A plain factory whose name starts with a capital letter is no component.
    `
export function Connect(url: string): WebSocket {
  return new WebSocket(url);
}
`,
    // Another effect's cleanup closes the socket kept in state (it runs when the state changes).
    {
      code: `
import { useCallback, useEffect, useState } from 'react';
export function Feed({ url }: { url: string }) {
  const [socket, setSocket] = useState<WebSocket | null>(null);
  const close = useCallback(() => socket?.close(), [socket]);
  useEffect(() => {
    setSocket(new WebSocket(url));
  }, [url]);
  useEffect(() => close, [close]);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // A Vue mixin that closes in beforeDestroy, through 'const that = this'.
    `
export default {
  data: () => ({ socket: null }),
  created() {
    const that = this;
    that.socket = new WebSocket('wss://example.test/feed');
  },
  beforeDestroy() {
    this.socket.close();
  },
};
`,
    // A default-exported object that is no component (no component options).
    `
export default {
  mounted() {
    return new WebSocket('wss://example.test/feed');
  },
};
`,
    // socket.io-client: 'active' stays true while the socket reconnects.
    `
import { io, type Socket } from 'socket.io-client';
let socket: Socket | undefined;
export function connect(url: string): Socket {
  if (!socket?.active) socket = io(url);
  return socket;
}
`,
    // The old socket is disconnected before the new one is created.
    `
import { io, type Socket } from 'socket.io-client';
let socket: Socket | undefined;
export function connect(url: string): Socket {
  if (!socket?.connected) {
    socket?.disconnect();
    socket = io(url);
  }
  return socket;
}
`,
    // connect() runs from the constructor and from the old socket's close handler (after it closed).
    `
export class Feed {
  private ws?: WebSocket;
  constructor(private readonly url: string) {
    this.connect();
  }
  connect(): void {
    this.ws = new WebSocket(this.url);
    this.ws.onclose = () => this.scheduleReconnect();
  }
  private scheduleReconnect(): void {
    setTimeout(() => this.connect(), Math.random() * 5000);
  }
}
`,
    // The caller closes the old socket before connecting again.
    `
export class Feed {
  private ws?: WebSocket;
  constructor(private url: string) {}
  connect(): void {
    this.ws = new WebSocket(this.url);
  }
  setUrl(url: string): void {
    this.url = url;
    this.ws?.close();
    this.connect();
  }
}
`,
    // connect() returns when a socket is already there.
    `
let ws: WebSocket | undefined;
export function connect(url: string): void {
  if (ws) return;
  ws = new WebSocket(url);
}
export function reset(url: string): void {
  connect(url);
}
`,
    // A custom hook that returns the socket: its caller owns it.
    {
      code: `
import { useMemo } from 'react';
export function useFeed(url: string) {
  const ws = useMemo(() => new WebSocket(url), [url]);
  return ws;
}
`,
      filename: 'feed.ts',
    },
    // SockJS: the effect's cleanup closes it.
    {
      code: `
import { useEffect } from 'react';
import SockJS from 'sockjs-client';
export function Feed({ url }: { url: string }) {
  useEffect(() => {
    const sock = new SockJS(url);
    sock.onmessage = (event) => console.log(event.data);
    return () => sock.close();
  }, [url]);
  return null;
}
`,
      filename: 'feed.tsx',
    },
    // Vue options API: beforeUnmount clears the reconnecting close handler, then closes.
    `
import { defineComponent } from 'vue';
export default defineComponent({
  data: () => ({ ws: null as WebSocket | null }),
  mounted() {
    this.connect();
  },
  beforeUnmount() {
    if (this.ws) this.ws.onclose = null;
    this.ws?.close();
  },
  methods: {
    connect() {
      this.ws = new WebSocket('wss://example.test/feed');
      this.ws.onclose = () => setTimeout(this.connect, Math.random() * 30_000);
    },
  },
});
`,
    // A wrapper whose close() clears the handler that calls the reconnecting options callback.
    `
class SocketManager {
  private readonly ws: WebSocket;
  constructor(private readonly options: { url: string; onClose?: () => void }) {
    this.ws = new WebSocket(options.url);
    this.ws.onclose = () => this.options.onClose?.();
  }
  close(): void {
    this.ws.onclose = null;
    this.ws.close();
  }
}
export class Client {
  private manager?: SocketManager;
  connect(): void {
    this.manager = new SocketManager({ url: 'wss://example.test/feed', onClose: () => setTimeout(() => this.connect(), Math.random() * 30_000) });
  }
}
`,
    // A custom element that closes its socket when it leaves the document.
    `
export class LiveFeed extends HTMLElement {
  private ws?: WebSocket;
  connectedCallback(): void {
    this.ws = new WebSocket('wss://example.test/feed');
  }
  disconnectedCallback(): void {
    this.ws?.close();
  }
}
`,
  ],
  invalid: [
    // An Angular component with a base class of the project's: it may have ngOnDestroy, so no suggestion.
    {
      code: `
import { Component, OnInit } from '@angular/core';
import { Destroyable } from './destroyable';
@Component({ selector: 'app-feed', template: '' })
export class FeedComponent extends Destroyable implements OnInit {
  private socket?: WebSocket;
  ngOnInit(): void {
    this.socket = new WebSocket('wss://example.test/feed');
  }
}
`,
      errors: [{ messageId: 'notClosed', suggestions: [] }],
    },
    // A custom element without disconnectedCallback: no suggestion (a LitElement's must call super's).
    {
      code: `
export class LiveFeed extends HTMLElement {
  private ws?: WebSocket;
  connectedCallback(): void {
    this.ws = new WebSocket('wss://example.test/feed');
  }
}
`,
      errors: [{ messageId: 'notClosed', suggestions: [] }],
    },
    // A wrapper's close() while its close handler runs the options callback that reconnects.
    {
      code: `
class SocketManager {
  private readonly ws: WebSocket;
  constructor(private readonly options: { url: string; onClose?: () => void }) {
    this.ws = new WebSocket(options.url);
    this.ws.onclose = () => this.options.onClose?.();
  }
  close(): void {
    this.ws.close();
  }
}
export class Client {
  private manager?: SocketManager;
  connect(): void {
    this.manager = new SocketManager({ url: 'wss://example.test/feed', onClose: () => setTimeout(() => this.connect(), Math.random() * 30_000) });
  }
}
`,
      errors: [
        {
          messageId: 'reconnectArmed',
          suggestions: [
            {
              messageId: 'disarmReconnect',
              output: `
class SocketManager {
  private readonly ws: WebSocket;
  constructor(private readonly options: { url: string; onClose?: () => void }) {
    this.ws = new WebSocket(options.url);
    this.ws.onclose = () => this.options.onClose?.();
  }
  close(): void {
    this.ws.onclose = null;
    this.ws.close();
  }
}
export class Client {
  private manager?: SocketManager;
  connect(): void {
    this.manager = new SocketManager({ url: 'wss://example.test/feed', onClose: () => setTimeout(() => this.connect(), Math.random() * 30_000) });
  }
}
`,
            },
          ],
        },
      ],
    },
    // Vue options API: beforeUnmount closes, and the close handler schedules this.connect again.
    {
      code: `
import { defineComponent } from 'vue';
export default defineComponent({
  data: () => ({ ws: null as WebSocket | null }),
  mounted() {
    this.connect();
  },
  beforeUnmount() {
    this.ws?.close();
  },
  methods: {
    connect() {
      this.ws = new WebSocket('wss://example.test/feed');
      this.ws.onclose = () => setTimeout(this.connect, Math.random() * 30_000);
    },
  },
});
`,
      errors: [
        {
          messageId: 'reconnectArmed',
          suggestions: [
            {
              messageId: 'disarmReconnect',
              output: `
import { defineComponent } from 'vue';
export default defineComponent({
  data: () => ({ ws: null as WebSocket | null }),
  mounted() {
    this.connect();
  },
  beforeUnmount() {
    if (this.ws) this.ws.onclose = null;
    this.ws?.close();
  },
  methods: {
    connect() {
      this.ws = new WebSocket('wss://example.test/feed');
      this.ws.onclose = () => setTimeout(this.connect, Math.random() * 30_000);
    },
  },
});
`,
            },
          ],
        },
      ],
    },
    // SockJS: a WebSocket look-alike opened by an effect that returns no cleanup.
    {
      code: `
import { useEffect } from 'react';
import SockJS from 'sockjs-client';
export function Feed({ url }: { url: string }) {
  useEffect(() => {
    const sock = new SockJS(url);
    sock.onmessage = (event) => console.log(event.data);
  }, [url]);
  return null;
}
`,
      filename: 'feed.tsx',
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { useEffect } from 'react';
import SockJS from 'sockjs-client';
export function Feed({ url }: { url: string }) {
  useEffect(() => {
    const sock = new SockJS(url);
    sock.onmessage = (event) => console.log(event.data);
    return () => {
      sock.close();
    };
  }, [url]);
  return null;
}
`,
            },
          ],
        },
      ],
    },
    // A client class whose close() leaves the reconnecting onclose armed.
    {
      code: `
export class Client {
  private ws: WebSocket | null = null;
  private reconnects = 0;

  connect(url: string): void {
    this.ws = new WebSocket(url);
    this.ws.onopen = () => {
      this.reconnects = 0;
    };
    this.ws.onclose = (event) => {
      this.reconnects++;
      setTimeout(() => this.connect(url), Math.random() * Math.min(30000, 1000 * 2 ** this.reconnects));
    };
  }

  close(): void {
    this.ws?.close();
  }
}
`,
      filename: 'file.ts',
      errors: [
        { messageId: 'reconnectArmed', line: 18, suggestions: [{ messageId: 'disarmReconnect', output: `
export class Client {
  private ws: WebSocket | null = null;
  private reconnects = 0;

  connect(url: string): void {
    this.ws = new WebSocket(url);
    this.ws.onopen = () => {
      this.reconnects = 0;
    };
    this.ws.onclose = (event) => {
      this.reconnects++;
      setTimeout(() => this.connect(url), Math.random() * Math.min(30000, 1000 * 2 ** this.reconnects));
    };
  }

  close(): void {
    if (this.ws) this.ws.onclose = null;
    this.ws?.close();
  }
}
` }] },
      ],
    },
    // The effect opens a socket and returns no cleanup.
    {
      code: `
import { useEffect } from 'react';
export function Feed({ url }: { url: string }) {
  useEffect(() => {
    const ws = new WebSocket(url);
    ws.onmessage = (event) => console.log(event.data);
  }, [url]);
  return null;
}
`,
      filename: 'feed.tsx',
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { useEffect } from 'react';
export function Feed({ url }: { url: string }) {
  useEffect(() => {
    const ws = new WebSocket(url);
    ws.onmessage = (event) => console.log(event.data);
    return () => {
      ws.close();
    };
  }, [url]);
  return null;
}
`,
            },
          ],
        },
      ],
    },
    // A cleanup that forgets the socket, which a helper opens into a ref and reconnects.
    {
      code: `
import { useCallback, useEffect, useRef } from 'react';
export function Feed() {
  const ws = useRef<WebSocket | null>(null);
  const connect = useCallback(() => {
    ws.current = new WebSocket('wss://example.test/feed');
    ws.current.onclose = () => setTimeout(connect, Math.random() * 5000);
  }, []);
  useEffect(() => {
    connect();
    return () => {
      console.log('unmounted');
    };
  }, [connect]);
  return null;
}
`,
      filename: 'feed.tsx',
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { useCallback, useEffect, useRef } from 'react';
export function Feed() {
  const ws = useRef<WebSocket | null>(null);
  const connect = useCallback(() => {
    ws.current = new WebSocket('wss://example.test/feed');
    ws.current.onclose = () => setTimeout(connect, Math.random() * 5000);
  }, []);
  useEffect(() => {
    connect();
    return () => {
      console.log('unmounted');
      if (ws.current) {
        ws.current.onclose = null;
        ws.current.close();
      }
    };
  }, [connect]);
  return null;
}
`,
            },
          ],
        },
      ],
    },
    // A socket in a useMemo initialiser that no cleanup closes.
    {
      code: `
import { useMemo } from 'react';
export function Feed({ url }: { url: string }) {
  const ws = useMemo(() => new WebSocket(url), [url]);
  ws.onmessage = (event) => console.log(event.data);
  return null;
}
`,
      filename: 'feed.tsx',
      errors: [{ messageId: 'notClosed', suggestions: [] }],
    },
    // useRef's argument is evaluated on every render: a socket per render.
    {
      code: `
import { useRef } from 'react';
export function Feed() {
  const ws = useRef(new WebSocket('wss://example.test/feed'));
  return null;
}
`,
      filename: 'feed.tsx',
      errors: [{ messageId: 'createdInRender', suggestions: [] }],
    },
    // A component body runs on every render, whatever the effect's cleanup closes.
    {
      code: `
import { useEffect } from 'react';
import { io } from 'socket.io-client';
export const Chat = () => {
  const socket = io('https://chat.example');
  useEffect(() => {
    socket.on('message', console.log);
    return () => {
      socket.disconnect();
    };
  }, []);
  return null;
};
`,
      filename: 'chat.tsx',
      errors: [{ messageId: 'createdInRender', suggestions: [] }],
    },
    // A hook that opens a socket per render and hands it to its caller.
    {
      code: `
import { useEffect } from 'react';
import io from 'socket.io-client';
export function useSocket() {
  const socket = io();
  useEffect(() => {
    socket.connect();
  }, [socket]);
  return socket;
}
`,
      filename: 'socket.ts',
      errors: [{ messageId: 'createdInRender', suggestions: [] }],
    },
    // A Svelte store's start function opens a socket and returns no stop function.
    {
      code: `
import { readable } from 'svelte/store';
export const prices = readable(0, (set) => {
  const ws = new WebSocket('wss://example.test/prices');
  ws.onmessage = (event) => set(Number(event.data));
});
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { readable } from 'svelte/store';
export const prices = readable(0, (set) => {
  const ws = new WebSocket('wss://example.test/prices');
  ws.onmessage = (event) => set(Number(event.data));
  return () => {
    ws.close();
  };
});
`,
            },
          ],
        },
      ],
    },
    // A Vue composable: it registers the component's hooks, so its socket is the component's.
    {
      code: `
import { onUnmounted, ref } from 'vue';
export function useFeed(url: string) {
  const last = ref<string | null>(null);
  const ws = new WebSocket(url);
  ws.onmessage = (event) => { last.value = String(event.data); };
  const timer = setInterval(() => ws.send('ping'), 30_000);
  onUnmounted(() => {
    clearInterval(timer);
  });
  return { last };
}
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { onUnmounted, ref } from 'vue';
export function useFeed(url: string) {
  const last = ref<string | null>(null);
  const ws = new WebSocket(url);
  ws.onmessage = (event) => { last.value = String(event.data); };
  const timer = setInterval(() => ws.send('ping'), 30_000);
  onUnmounted(() => {
    clearInterval(timer);
    ws.close();
  });
  return { last };
}
`,
            },
          ],
        },
      ],
    },
    // Opened after an await: a cleanup during the wait closes nothing.
    {
      code: `
import { useEffect, useRef } from 'react';
declare function getToken(): Promise<string>;
export function Feed() {
  const ws = useRef<WebSocket | null>(null);
  useEffect(() => {
    (async () => {
      const token = await getToken();
      ws.current = new WebSocket('wss://example.test/feed?token=' + token);
    })();
    return () => ws.current?.close();
  }, []);
  return null;
}
`,
      filename: 'feed.tsx',
      errors: [{ messageId: 'createdAfterAwait' }],
    },
    // socket.io-client in an effect without disconnect().
    {
      code: `
import { useEffect } from 'react';
import { io } from 'socket.io-client';
export function Chat() {
  useEffect(() => {
    const socket = io('https://chat.example');
    socket.on('message', console.log);
  }, []);
  return null;
}
`,
      filename: 'chat.tsx',
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { useEffect } from 'react';
import { io } from 'socket.io-client';
export function Chat() {
  useEffect(() => {
    const socket = io('https://chat.example');
    socket.on('message', console.log);
    return () => {
      socket.disconnect();
    };
  }, []);
  return null;
}
`,
            },
          ],
        },
      ],
    },
    // Vue composition API: the unmount hook forgets the socket.
    {
      code: `
import { onMounted, onUnmounted } from 'vue';
let timer;
export function useFeed() {
  let ws;
  onMounted(() => {
    ws = new WebSocket('wss://example.test/feed');
    timer = setInterval(() => ws.send('ping'), 30000);
  });
  onUnmounted(() => {
    clearInterval(timer);
  });
}
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { onMounted, onUnmounted } from 'vue';
let timer;
export function useFeed() {
  let ws;
  onMounted(() => {
    ws = new WebSocket('wss://example.test/feed');
    timer = setInterval(() => ws.send('ping'), 30000);
  });
  onUnmounted(() => {
    clearInterval(timer);
    ws?.close();
  });
}
`,
            },
          ],
        },
      ],
    },
    // Vue options API: beforeUnmount forgets the socket.
    {
      code: `
import { defineComponent } from 'vue';
export default defineComponent({
  data: () => ({ ws: null, last: null }),
  mounted() {
    this.ws = new WebSocket('wss://example.test/feed');
    this.ws.onmessage = (event) => { this.last = event.data; };
  },
  beforeUnmount() {
    console.log('bye');
  },
});
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { defineComponent } from 'vue';
export default defineComponent({
  data: () => ({ ws: null, last: null }),
  mounted() {
    this.ws = new WebSocket('wss://example.test/feed');
    this.ws.onmessage = (event) => { this.last = event.data; };
  },
  beforeUnmount() {
    console.log('bye');
    this.ws?.close();
  },
});
`,
            },
          ],
        },
      ],
    },
    // A Vue mixin (a default-exported options object): destroyed() only replaces the handler.
    {
      code: `
export default {
  data() {
    return { socket: null };
  },
  mounted() {
    this.init();
  },
  methods: {
    init() {
      this.socket = new WebSocket('wss://example.test/feed');
      this.socket.onmessage = (event) => console.log(event.data);
    },
  },
  destroyed() {
    this.socket.onclose = () => console.log('closed');
  },
};
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
export default {
  data() {
    return { socket: null };
  },
  mounted() {
    this.init();
  },
  methods: {
    init() {
      this.socket = new WebSocket('wss://example.test/feed');
      this.socket.onmessage = (event) => console.log(event.data);
    },
  },
  destroyed() {
    this.socket.onclose = () => console.log('closed');
    this.socket?.close();
  },
};
`,
            },
          ],
        },
      ],
    },
    // A helper returns the socket to the effect, whose cleanup closes it; its close handler reconnects.
    {
      code: `
import { useEffect } from 'react';
const open = (onData: (data: string) => void): WebSocket => {
  const ws = new WebSocket('wss://example.test/feed');
  ws.onmessage = (event) => onData(String(event.data));
  ws.onclose = () => {
    setTimeout(() => open(onData), Math.random() * 5000);
  };
  return ws;
};
export function useFeed(onData: (data: string) => void) {
  useEffect(() => {
    const ws = open(onData);
    return () => {
      ws.close();
    };
  }, [onData]);
}
`,
      filename: 'feed.ts',
      errors: [
        {
          messageId: 'reconnectArmed',
          suggestions: [
            {
              messageId: 'disarmReconnect',
              output: `
import { useEffect } from 'react';
const open = (onData: (data: string) => void): WebSocket => {
  const ws = new WebSocket('wss://example.test/feed');
  ws.onmessage = (event) => onData(String(event.data));
  ws.onclose = () => {
    setTimeout(() => open(onData), Math.random() * 5000);
  };
  return ws;
};
export function useFeed(onData: (data: string) => void) {
  useEffect(() => {
    const ws = open(onData);
    return () => {
      ws.onclose = null;
      ws.close();
    };
  }, [onData]);
}
`,
            },
          ],
        },
      ],
    },
    // 'new readable(…)': a store's start function without a stop function.
    {
      code: `
import { readable } from 'svelte/store';
export default new readable(undefined, (set) => {
  const connection = new WebSocket('wss://example.test/game');
  connection.onmessage = (event) => set(JSON.parse(event.data));
});
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { readable } from 'svelte/store';
export default new readable(undefined, (set) => {
  const connection = new WebSocket('wss://example.test/game');
  connection.onmessage = (event) => set(JSON.parse(event.data));
  return () => {
    connection.close();
  };
});
`,
            },
          ],
        },
      ],
    },
    // socket.io-client: 'connected' is false while the old socket reconnects.
    {
      code: `
import { io, type Socket } from 'socket.io-client';
let socket: Socket | undefined;
export function connect(url: string): Socket {
  if (!socket?.connected) socket = io(url);
  return socket;
}
`,
      errors: [
        {
          messageId: 'replacedWhileReconnecting',
          suggestions: [
            {
              messageId: 'useReliableGuard',
              output: `
import { io, type Socket } from 'socket.io-client';
let socket: Socket | undefined;
export function connect(url: string): Socket {
  if (!socket?.active) socket = io(url);
  return socket;
}
`,
            },
          ],
        },
      ],
    },
    // The same in a store: the guard returns early when connected, the new socket goes to the store.
    {
      code: `
import { io } from 'socket.io-client';
export const createChatStore = (set: (state: object) => void, get: () => { socket?: ReturnType<typeof io> }) => ({
  socket: undefined,
  connectSocket(userId: string) {
    if (get().socket?.connected) return;
    const socket = io('https://chat.example', { query: { userId } });
    set({ socket });
  },
});
`,
      errors: [
        {
          messageId: 'replacedWhileReconnecting',
          suggestions: [
            {
              messageId: 'useReliableGuard',
              output: `
import { io } from 'socket.io-client';
export const createChatStore = (set: (state: object) => void, get: () => { socket?: ReturnType<typeof io> }) => ({
  socket: undefined,
  connectSocket(userId: string) {
    if (get().socket?.active) return;
    const socket = io('https://chat.example', { query: { userId } });
    set({ socket });
  },
});
`,
            },
          ],
        },
      ],
    },
    // setUrl() connects again while the old socket is open.
    {
      code: `
export class Feed {
  private ws?: WebSocket;
  constructor(private url: string) {}
  connect(): void {
    this.ws = new WebSocket(this.url);
    this.ws.onmessage = (event) => console.log(event.data);
  }
  setUrl(url: string): void {
    this.url = url;
    this.connect();
  }
}
`,
      errors: [{ messageId: 'replacedWhileOpen', data: { line: 'line 11' } }],
    },
    // Svelte: onMount returns no cleanup.
    {
      code: `
import { onMount } from 'svelte';
let messages = [];
onMount(() => {
  const ws = new WebSocket('wss://example.test/feed');
  ws.addEventListener('message', (event) => { messages = [...messages, event.data]; });
});
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { onMount } from 'svelte';
let messages = [];
onMount(() => {
  const ws = new WebSocket('wss://example.test/feed');
  ws.addEventListener('message', (event) => { messages = [...messages, event.data]; });
  return () => {
    ws.close();
  };
});
`,
            },
          ],
        },
      ],
    },
    // Angular: no ngOnDestroy at all: the suggestion adds one.
    {
      code: `
import { Component, OnInit } from '@angular/core';
@Component({ selector: 'app-feed', template: '' })
export class FeedComponent implements OnInit {
  private socket?: WebSocket;
  ngOnInit(): void {
    this.socket = new WebSocket('wss://example.test/feed');
  }
}
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { Component, OnInit } from '@angular/core';
@Component({ selector: 'app-feed', template: '' })
export class FeedComponent implements OnInit {
  private socket?: WebSocket;
  ngOnInit(): void {
    this.socket = new WebSocket('wss://example.test/feed');
  }

  ngOnDestroy() {
    this.socket?.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    // Angular, a reconnecting socket and no ngOnDestroy: the new one clears the handler first.
    {
      code: `
import { Component, OnInit } from '@angular/core';
@Component({ selector: 'app-feed', template: '' })
export class FeedComponent implements OnInit {
  private socket?: WebSocket;
  ngOnInit(): void {
    this.connect();
  }
  private connect(): void {
    this.socket = new WebSocket('wss://example.test/feed');
    this.socket.onclose = () => setTimeout(() => this.connect(), Math.random() * 30_000);
  }
}
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { Component, OnInit } from '@angular/core';
@Component({ selector: 'app-feed', template: '' })
export class FeedComponent implements OnInit {
  private socket?: WebSocket;
  ngOnInit(): void {
    this.connect();
  }
  private connect(): void {
    this.socket = new WebSocket('wss://example.test/feed');
    this.socket.onclose = () => setTimeout(() => this.connect(), Math.random() * 30_000);
  }

  ngOnDestroy() {
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
    }
  }
}
`,
            },
          ],
        },
      ],
    },
    // A React class component without componentWillUnmount.
    {
      code: `
import { Component } from 'react';
export class Feed extends Component<{ url: string }> {
  private ws: WebSocket | null = null;
  componentDidMount(): void {
    this.ws = new WebSocket(this.props.url);
    this.ws.onmessage = (event) => console.log(event.data);
  }
  render() {
    return null;
  }
}
`,
      filename: 'feed.tsx',
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { Component } from 'react';
export class Feed extends Component<{ url: string }> {
  private ws: WebSocket | null = null;
  componentDidMount(): void {
    this.ws = new WebSocket(this.props.url);
    this.ws.onmessage = (event) => console.log(event.data);
  }
  render() {
    return null;
  }

  componentWillUnmount() {
    this.ws?.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    // Angular: a socket in a local of ngOnInit, which a new method cannot reach: no suggestion.
    {
      code: `
import { Component, OnInit } from '@angular/core';
@Component({ selector: 'app-feed', template: '' })
export class FeedComponent implements OnInit {
  ngOnInit(): void {
    const socket = new WebSocket('wss://example.test/feed');
    socket.onmessage = (event) => console.log(event.data);
  }
}
`,
      errors: [{ messageId: 'notClosed', suggestions: [] }],
    },
    // A Vue composable with onMounted and no unmount hook: the suggestion registers onBeforeUnmount.
    {
      code: `
import { onMounted, ref } from 'vue';
export function useFeed(url: string) {
  const last = ref<string | null>(null);
  let ws: WebSocket | undefined;
  onMounted(() => {
    ws = new WebSocket(url);
    ws.onmessage = (event) => { last.value = String(event.data); };
  });
  return { last };
}
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { onMounted, ref, onBeforeUnmount } from 'vue';
export function useFeed(url: string) {
  const last = ref<string | null>(null);
  let ws: WebSocket | undefined;
  onMounted(() => {
    ws = new WebSocket(url);
    ws.onmessage = (event) => { last.value = String(event.data); };
  });
  onBeforeUnmount(() => {
    ws?.close();
  });
  return { last };
}
`,
            },
          ],
        },
      ],
    },
    // The same with onBeforeUnmount already imported (for another component of the file).
    {
      code: `
import { onBeforeUnmount, onMounted } from 'vue';
export function useFeed(url: string) {
  let ws: WebSocket | undefined;
  onMounted(() => {
    ws = new WebSocket(url);
  });
}
export function useTimer() {
  const timer = setInterval(() => console.log('tick'), 1000);
  onBeforeUnmount(() => clearInterval(timer));
}
`,
      errors: [
        {
          messageId: 'notClosed',
          suggestions: [
            {
              messageId: 'closeInCleanup',
              output: `
import { onBeforeUnmount, onMounted } from 'vue';
export function useFeed(url: string) {
  let ws: WebSocket | undefined;
  onMounted(() => {
    ws = new WebSocket(url);
  });
  onBeforeUnmount(() => {
    ws?.close();
  });
}
export function useTimer() {
  const timer = setInterval(() => console.log('tick'), 1000);
  onBeforeUnmount(() => clearInterval(timer));
}
`,
            },
          ],
        },
      ],
    },
    // Vue's hooks through a namespace import: no named import to add the hook to, so no suggestion.
    {
      code: `
import * as Vue from 'vue';
export function useFeed(url: string) {
  let ws: WebSocket | undefined;
  Vue.onMounted(() => {
    ws = new WebSocket(url);
  });
}
`,
      errors: [{ messageId: 'notClosed', suggestions: [] }],
    },
    // Vue's options API without an unmount hook: Vue 2 and Vue 3 name it differently, so no suggestion.
    {
      code: `
export default {
  data() {
    return { socket: null };
  },
  mounted() {
    this.socket = new WebSocket('wss://example.test/feed');
  },
};
`,
      errors: [{ messageId: 'notClosed', suggestions: [] }],
    },
    // The cleanup closes, but the close handler reconnects: the component comes back as a ghost.
    {
      code: `
import { useEffect } from 'react';
export function Feed() {
  useEffect(() => {
    let ws: WebSocket;
    const connect = () => {
      ws = new WebSocket('wss://example.test/feed');
      ws.onclose = () => setTimeout(connect, Math.random() * 5000);
    };
    connect();
    return () => {
      ws.close();
    };
  }, []);
  return null;
}
`,
      filename: 'feed.tsx',
      errors: [
        {
          messageId: 'reconnectArmed',
          suggestions: [
            {
              messageId: 'disarmReconnect',
              output: `
import { useEffect } from 'react';
export function Feed() {
  useEffect(() => {
    let ws: WebSocket;
    const connect = () => {
      ws = new WebSocket('wss://example.test/feed');
      ws.onclose = () => setTimeout(connect, Math.random() * 5000);
    };
    connect();
    return () => {
      ws.onclose = null;
      ws.close();
    };
  }, []);
  return null;
}
`,
            },
          ],
        },
      ],
    },
    // A client class whose close() clears the timer but not the reconnecting handler.
    {
      code: `
export class Feed {
  private ws?: WebSocket;
  private timer?: ReturnType<typeof setTimeout>;
  connect(): void {
    this.ws = new WebSocket('wss://example.test/feed');
    this.ws.onclose = () => {
      this.timer = setTimeout(() => this.connect(), Math.random() * 5000);
    };
  }
  close(): void {
    clearTimeout(this.timer);
    this.ws?.close();
  }
}
`,
      errors: [
        {
          messageId: 'reconnectArmed',
          suggestions: [
            {
              messageId: 'disarmReconnect',
              output: `
export class Feed {
  private ws?: WebSocket;
  private timer?: ReturnType<typeof setTimeout>;
  connect(): void {
    this.ws = new WebSocket('wss://example.test/feed');
    this.ws.onclose = () => {
      this.timer = setTimeout(() => this.connect(), Math.random() * 5000);
    };
  }
  close(): void {
    clearTimeout(this.timer);
    if (this.ws) this.ws.onclose = null;
    this.ws?.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    // ws in Node: an emitter-style reconnect, a stop() that leaves it armed.
    {
      code: `
import WebSocket from 'ws';
export class Bridge {
  ws!: WebSocket;
  start() {
    this.ws = new WebSocket('wss://example.test/feed');
    this.ws.on('error', console.error);
    this.ws.on('close', () => setTimeout(() => this.start(), Math.random() * 5000));
  }
  stop() {
    this.ws.close();
  }
}
`,
      errors: [
        {
          messageId: 'reconnectArmed',
          suggestions: [
            {
              messageId: 'disarmReconnect',
              output: `
import WebSocket from 'ws';
export class Bridge {
  ws!: WebSocket;
  start() {
    this.ws = new WebSocket('wss://example.test/feed');
    this.ws.on('error', console.error);
    this.ws.on('close', () => setTimeout(() => this.start(), Math.random() * 5000));
  }
  stop() {
    this.ws.removeAllListeners('close');
    this.ws.close();
  }
}
`,
            },
          ],
        },
      ],
    },
  ],
});
