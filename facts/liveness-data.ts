/**
 * Liveness knowledge as data: per framework, how silent peers are cut (idle timeout, heartbeat)
 * and how large one message may be, with each default's source. Read by `liveness.ts`; rules
 * never name a framework themselves. Section numbers are those of
 * /work/shared/research/frameworks.md.
 */
import type { ExportRole, FrameworkId } from './frameworks.js';
import type { ModelSettings } from './types.js';

/** A number-valued option and what its values mean. */
export interface NumericOption {
  /** The option's name in its options object. */
  readonly name: string;
  /** The value used when the option is absent. */
  readonly defaultValue: number;
  /** The unit of the value, to compare it with thresholds given in milliseconds / bytes. */
  readonly unit: 'ms' | 's' | 'bytes';
  /** Values that switch the mechanism off (e.g. `0`, `Infinity`). */
  readonly disabledBy: readonly number[];
  /** Also disabled by a non-number the library treats as "off" (graphql-ws: `null`, `''`, `undefined`). */
  readonly disabledByNullish?: boolean;
  /** A positional argument of the configuring call instead of an options property (graphql-ws `keepAlive`, §10 (a)). */
  readonly argument?: number;
}

/** Where a framework's options object is, relative to the call that configures it. */
export interface OptionsLocation {
  /** Index of the argument holding the options object; `'last'` for socket.io's `(server?, opts?)`. */
  readonly argument: number | 'last';
  /** Property path inside that argument (express-ws: `{ wsOptions: { maxPayload } }`). */
  readonly path: readonly string[];
}

/**
 * Which call configures a framework's server: its construction (`new WebSocketServer(opts)`),
 * the registration of its socket hooks (uWS `app.ws(p, behaviour)`, `Bun.serve(…)`), or a call
 * of a library export (`Deno.upgradeWebSocket(req, opts)`, graphql-ws `useServer(opts, …)`).
 */
export type ConfigurationSite = 'server' | 'hook-registration' | { readonly call: ExportRole };

export interface LivenessTraits {
  /**
   * How silent peers are cut when the code does nothing:
   * - `none`: nothing times out; the code needs its own heartbeat (ws family, §0.3, §15);
   * - `built-in`: the framework pings / times out idle sockets by default, tuned by `options`.
   */
  readonly idle: { readonly kind: 'none' } | { readonly kind: 'built-in'; readonly options: readonly NumericOption[] };
  /** The per-message size limit option; absent when the framework has none we can check. */
  readonly maxPayload: (NumericOption & { readonly missingIsUnbounded: boolean }) | undefined;
}

const MIB = 1024 * 1024;

/** ws's own server option (§1 (c): `maxPayload` 100 MiB, "Set to 0 to disable the limit"). */
const WS_MAX_PAYLOAD = { name: 'maxPayload', defaultValue: 100 * MIB, unit: 'bytes', disabledBy: [0], missingIsUnbounded: true } as const;

export const LIVENESS: Readonly<Partial<Record<FrameworkId, LivenessTraits>>> = {
  // §0.3, §1 (c): ws calls socket.setTimeout(0) in lib/websocket.js setSocket; no ping, no idle
  // timeout. maxPayload defaults to 100 MiB (lib/websocket-server.js constructor defaults).
  ws: { idle: { kind: 'none' }, maxPayload: WS_MAX_PAYLOAD },
  // §6 (c): express-ws passes `wsOptions` to ws 7 (same 100 MiB default), no heartbeat.
  'express-ws': { idle: { kind: 'none' }, maxPayload: WS_MAX_PAYLOAD },
  // §5 (c): @fastify/websocket passes `options` to ws; "No heartbeat is built in (same as ws)".
  'fastify-websocket': { idle: { kind: 'none' }, maxPayload: WS_MAX_PAYLOAD },
  // §7: koa-websocket / koa-easy-ws: "ws defaults (100 MiB maxPayload, no heartbeat)".
  'koa-websocket': { idle: { kind: 'none' }, maxPayload: WS_MAX_PAYLOAD },
  'koa-easy-ws': { idle: { kind: 'none' }, maxPayload: WS_MAX_PAYLOAD },
  // §3 (c) (socket.io-website docs/server-options.md): pingInterval 25000 ms, pingTimeout 20000 ms,
  // maxHttpBufferSize 1e6 bytes.
  'socket.io': {
    idle: {
      kind: 'built-in',
      options: [
        { name: 'pingInterval', defaultValue: 25_000, unit: 'ms', disabledBy: [0] },
        { name: 'pingTimeout', defaultValue: 20_000, unit: 'ms', disabledBy: [0] },
      ],
    },
    maxPayload: { name: 'maxHttpBufferSize', defaultValue: 1e6, unit: 'bytes', disabledBy: [], missingIsUnbounded: false },
  },
  // §4 (c) (uNetworking/uWebSockets src/App.h WebSocketBehavior, uWS.js docs/index.d.ts):
  // idleTimeout 120 s, 0 disables; maxPayloadLength 16 KiB.
  uws: {
    idle: { kind: 'built-in', options: [{ name: 'idleTimeout', defaultValue: 120, unit: 's', disabledBy: [0] }] },
    maxPayload: { name: 'maxPayloadLength', defaultValue: 16 * 1024, unit: 'bytes', disabledBy: [], missingIsUnbounded: false },
  },
  // §11 (c) (oven-sh/bun docs/runtime/http/websockets.mdx "Reference"): idleTimeout 120 s,
  // maxPayloadLength 16 MB.
  bun: {
    idle: { kind: 'built-in', options: [{ name: 'idleTimeout', defaultValue: 120, unit: 's', disabledBy: [0] }] },
    maxPayload: { name: 'maxPayloadLength', defaultValue: 16 * MIB, unit: 'bytes', disabledBy: [], missingIsUnbounded: false },
  },
  // §12 (c) (Deno.UpgradeWebSocketOptions): idleTimeout in seconds, default 30, "Set to 0 to
  // disable timeouts". No documented payload limit.
  deno: {
    idle: { kind: 'built-in', options: [{ name: 'idleTimeout', defaultValue: 30, unit: 's', disabledBy: [0] }] },
    maxPayload: undefined,
  },
  // §10 (c) (enisdenjo/graphql-ws src/use/ws.ts, src/server.ts): keepAlive 12000 ms (the ws
  // binding's third argument; 0 or Infinity disables it), connectionInitWaitTimeout 3000 ms
  // (0, Infinity, '', null or undefined disable it). The wrapped ws server keeps ws's maxPayload.
  'graphql-ws': {
    idle: {
      kind: 'built-in',
      options: [
        { name: 'keepAlive', defaultValue: 12_000, unit: 'ms', disabledBy: [0, Number.POSITIVE_INFINITY], argument: 2 },
        {
          name: 'connectionInitWaitTimeout',
          defaultValue: 3_000,
          unit: 'ms',
          disabledBy: [0, Number.POSITIVE_INFINITY],
          disabledByNullish: true,
        },
      ],
    },
    maxPayload: undefined,
  },
};

/**
 * Where each framework's liveness options live, relative to the call the model records for it.
 * ws / socket.io: the server construction (ServerFact.node). uWS: `app.ws(pattern, behaviour)`.
 * Bun: `Bun.serve({ websocket })`. Deno: `Deno.upgradeWebSocket(req, options)`. graphql-ws:
 * `useServer(options, wss, keepAlive)` (keepAlive is the third argument, §10 (a)).
 */
export const OPTIONS_LOCATION: Readonly<Partial<Record<FrameworkId, OptionsLocation & { readonly site: ConfigurationSite }>>> = {
  ws: { site: 'server', argument: 0, path: [] },
  'socket.io': { site: 'server', argument: 'last', path: [] },
  uws: { site: 'hook-registration', argument: 1, path: [] },
  bun: { site: 'hook-registration', argument: 0, path: ['websocket'] },
  // Also when the call is outside any handler function.
  deno: { site: { call: 'upgrade-helper' }, argument: 1, path: [] },
  'graphql-ws': { site: { call: 'use-server' }, argument: 0, path: [] },
};

/**
 * Plugins that create a ws server for the application (§5, §6, §7): the call that installs them,
 * and where the ws options go. `pluginArgument`: the plugin is an argument of a registration call
 * (`fastify.register(websocket, opts)`) rather than the callee (`expressWs(app, server, opts)`).
 */
export interface PluginServer {
  readonly framework: FrameworkId;
  readonly options: OptionsLocation;
  readonly pluginArgument?: { readonly method: string; readonly index: number };
}

export const PLUGIN_SERVERS: readonly PluginServer[] = [
  // §6 (a): `require('express-ws')(app, server?, { wsOptions })` (src/index.js reads arguments[2]).
  { framework: 'express-ws', options: { argument: 2, path: ['wsOptions'] } },
  // §5 (a): `fastify.register(websocket, { options: { maxPayload } })`.
  { framework: 'fastify-websocket', options: { argument: 1, path: ['options'] }, pluginArgument: { method: 'register', index: 0 } },
  // §7: `websockify(app, wsOptions, httpsOptions)` (koa-websocket index.js).
  { framework: 'koa-websocket', options: { argument: 1, path: [] } },
  // §7: `websocket(propName = 'ws', { wsOptions })` (koa-easy-ws index.js spreads options.wsOptions).
  { framework: 'koa-easy-ws', options: { argument: 1, path: ['wsOptions'] } },
];

/**
 * Hook classes whose server is created by an adapter chosen in another file, which users name in
 * shared settings: with `settings.websocket.nestjsAdapter: 'ws'`, the options of a NestJS
 * `@WebSocketGateway(port?, options?)` are a ws server's (no payload limit of its own, no idle
 * timeout); with `'socket.io'`, a socket.io server's.
 */
export interface AdapterSite {
  readonly framework: FrameworkId;
  readonly setting: keyof ModelSettings;
  readonly adapters: Readonly<Record<string, FrameworkId>>;
  /** The class decorator whose arguments hold the options (after an optional port). */
  readonly decorator: string;
}

export const ADAPTER_SITES: readonly AdapterSite[] = [
  { framework: 'nestjs', setting: 'nestjsAdapter', adapters: { ws: 'ws', 'socket.io': 'socket.io' }, decorator: 'WebSocketGateway' },
];

/** The default per-message ceiling (bytes) above which an explicit limit is reported. */
export const DEFAULT_MAX_PAYLOAD_CEILING = 16 * MIB;

/** The value the suggestion writes for a missing or disabled payload limit: 1 MiB. */
export const SUGGESTED_MAX_PAYLOAD_TEXT = '1024 * 1024';

/** Idle detection slower than this (ms) is reported as effectively off. */
export const DEFAULT_MAX_IDLE_MS = 10 * 60 * 1000;

/** The heartbeat scaffold's period: the ws README uses 30 s. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * Timer functions (globals, `window.`/`globalThis.` members, and `node:timers` exports) whose
 * first argument runs later: a heartbeat lives in one, a delayed reconnect is scheduled with one.
 */
export const TIMER_FUNCTIONS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval']);
export const TIMER_MODULES: readonly string[] = ['timers', 'node:timers'];
/** Promise timers: `await setTimeout(ms)` from `timers/promises` delays by its first argument. */
export const PROMISE_TIMER_MODULES: readonly string[] = ['timers/promises', 'node:timers/promises'];

/**
 * Calls in a heartbeat's timer that end a connection at once (§1 (b): `terminate()` calls
 * `socket.destroy()`), and the one that only starts a closing handshake a dead peer never answers.
 */
export const FORCEFUL_CLOSE_METHODS: ReadonlySet<string> = new Set(['terminate', 'destroy']);
export const GRACEFUL_CLOSE_METHODS: ReadonlySet<string> = new Set(['close']);
/** ws's ping; uWS/Bun ping too but idle-time out by themselves. */
export const PING_METHODS: ReadonlySet<string> = new Set(['ping']);

/** Reconnect backoff scaffold (§14 (d): full jitter, `random(0, min(cap, base * 2 ** attempt))`). */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 30_000;
/** A jittered delay whose largest value is known and below this (ms) does not spread a herd. */
export const DEFAULT_MINIMUM_CAP_MS = 1000;
