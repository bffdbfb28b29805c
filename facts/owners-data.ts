/**
 * Who owns a client socket, as data: the lifecycles of UI components (and the like) whose life
 * ends before the page's or the process's, with where each one starts work and where it ends it,
 * and the client libraries whose sockets they open. owners.ts has one recogniser per kind of
 * lifecycle and no library names; the rule is require-socket-owner-cleanup.
 */

/**
 * A client library's socket factory: `io(url)` / `io.connect(url)` / `connect(url)` of
 * socket.io-client. `exports` are export paths below the module ('' is the module itself, which
 * a default import denotes); `close` are the methods that end the socket for good (socket.io-client's
 * `disconnect()` also turns its reconnection off: lib/socket.ts sets no reconnect after a manual
 * disconnect).
 */
export interface ClientFactory {
  readonly library: string;
  readonly modules: readonly string[];
  readonly exports: readonly string[];
  readonly close: readonly string[];
  /**
   * A property that is false while the library reconnects on its own (`connected`), and the one
   * that stays true until the socket is closed on purpose (`active`): a guard on the first lets a
   * second socket be created next to one that keeps retrying (socket.io-client lib/socket.ts).
   */
  readonly reconnecting?: { readonly misleading: string; readonly reliable: string };
  /**
   * The library reconnects by itself, configured by these options of the factory's options
   * argument (the last object literal), with these defaults: a delay that starts at `delay`,
   * doubles up to `maxDelay`, spread by ± `jitter` (a fraction). socket.io-client
   * build/esm/manager.js: `reconnectionDelay || 1000`, `reconnectionDelayMax || 5000`,
   * `randomizationFactor ?? 0.5`.
   */
  readonly reconnectOptions?: {
    readonly enabled: string;
    readonly delay: { readonly option: string; readonly fallback: number };
    readonly maxDelay: { readonly option: string; readonly fallback: number };
    readonly jitter: { readonly option: string; readonly fallback: number };
  };
}

export const CLIENT_FACTORIES: readonly ClientFactory[] = [
  {
    library: 'socket.io-client',
    modules: ['socket.io-client'],
    exports: ['', 'io', 'connect', 'io.connect'],
    close: ['disconnect', 'close'],
    reconnecting: { misleading: 'connected', reliable: 'active' },
    reconnectOptions: {
      enabled: 'reconnection',
      delay: { option: 'reconnectionDelay', fallback: 1000 },
      maxDelay: { option: 'reconnectionDelayMax', fallback: 5000 },
      jitter: { option: 'randomizationFactor', fallback: 0.5 },
    },
  },
];

/** Every client factory's module name: one of them must be in a file's text for a factory call to be. */
export const FACTORY_MODULES: readonly string[] = [...new Set(CLIENT_FACTORIES.flatMap((factory) => factory.modules))];

/** Hooks that return the function they are given (memoised): `useCallback(connect, deps)` is `connect`. */
export const FUNCTION_RETURNING_HOOKS: readonly { readonly modules: readonly string[]; readonly names: readonly string[] }[] = [
  { modules: ['react', 'preact/hooks', 'preact/compat'], names: ['useCallback'] },
];

/** Methods that end a `WebSocket` (browser and ws) for good. */
export const SOCKET_CLOSE_METHODS: readonly string[] = ['close', 'terminate'];

/**
 * A lifecycle: where a component starts work (`start`) and where the code that ends it goes.
 *
 * - `effect`: a hook whose callback starts work and returns the function that ends it (React's
 *   `useEffect`, Preact's, Solid's `onMount` is not one: Solid ends work in `onCleanup`).
 *   A Svelte store's `readable(value, start)` is one too: `start` returns its `stop`.
 * - `initialiser`: a hook whose argument (or callback) runs once for the component and has no
 *   cleanup of its own; the component's effects' cleanups are where it ends.
 * - `mount`: a call that registers a start callback, with sibling calls that register end
 *   callbacks (Vue's `onMounted`/`onBeforeUnmount`, Svelte's `onMount`/`onDestroy`); with
 *   `returnsCleanup` the start callback may also return its end (Svelte).
 * - `options`: an object of lifecycle methods (Vue's options API); `this.x` is the component.
 * - `class`: a class of lifecycle methods, known by a decorator or a base class (Angular's
 *   `@Component`, React's `Component`, custom elements).
 * - `script`: a component's own top-level script, which runs once per instance (Vue's
 *   `<script setup>`, a Svelte component's instance `<script>`); its ends are the `mount` ends.
 */
export type Lifecycle =
  | {
      readonly kind: 'effect';
      readonly framework: string;
      readonly modules: readonly string[];
      readonly hooks: readonly string[];
      /** The argument that is the start callback. */
      readonly callback: number;
    }
  | {
      readonly kind: 'initialiser';
      readonly framework: string;
      readonly modules: readonly string[];
      /** Hooks whose callback (or argument) runs once, and where its value ends up. */
      readonly hooks: Readonly<Record<string, 'value' | 'first-element' | 'current'>>;
      /** The effect hooks whose cleanups may end the value. */
      readonly effects: readonly string[];
    }
  | {
      readonly kind: 'mount';
      readonly framework: string;
      readonly modules: readonly string[];
      /** Whether the hooks may be used without an import (Nuxt's and unplugin's auto-imports). */
      readonly globals: boolean;
      readonly start: readonly string[];
      readonly end: readonly string[];
      readonly returnsCleanup: boolean;
    }
  | {
      readonly kind: 'options';
      readonly framework: string;
      /** Calls whose object argument is a component (`defineComponent({…})`). */
      readonly modules: readonly string[];
      readonly definers: readonly string[];
      /** The file's default export is a component when the file is a single-file component. */
      readonly defaultExportInComponentFile: boolean;
      /**
       * Elsewhere, a default-exported object is a component (or a mixin, which becomes part of
       * one) when it has a start hook and one of these options.
       */
      readonly componentOptions: readonly string[];
      readonly start: readonly string[];
      readonly end: readonly string[];
      /** The property whose object holds the methods `this.name()` calls. */
      readonly methods: string;
    }
  | {
      readonly kind: 'class';
      readonly framework: string;
      readonly modules: readonly string[];
      /** Decorators (imported from `modules`) that make a class a component. */
      readonly decorators: readonly string[];
      /** Base classes (imported from `modules`, or globals when `modules` is empty). */
      readonly bases: readonly string[];
      readonly start: readonly string[];
      readonly end: readonly string[];
      /**
       * Whether a fix may add the end method to a class that has none: not when a base class
       * has its own that must still run (LitElement's `disconnectedCallback`, which the override
       * must call through `super`, while HTMLElement has none to call).
       */
      readonly addEnd: boolean;
    };

export const LIFECYCLES: readonly Lifecycle[] = [
  { kind: 'effect', framework: 'React', modules: ['react', 'preact/hooks', 'preact/compat'], hooks: ['useEffect', 'useLayoutEffect', 'useInsertionEffect'], callback: 0 },
  // A Svelte store's start function runs when it gets its first subscriber and returns the stop
  // function that runs when it loses its last one.
  { kind: 'effect', framework: 'Svelte store', modules: ['svelte/store'], hooks: ['readable', 'writable'], callback: 1 },
  {
    kind: 'initialiser',
    framework: 'React',
    modules: ['react', 'preact/hooks', 'preact/compat'],
    hooks: { useMemo: 'value', useState: 'first-element', useRef: 'current' },
    effects: ['useEffect', 'useLayoutEffect', 'useInsertionEffect'],
  },
  {
    kind: 'mount',
    framework: 'Vue',
    modules: ['vue', '@vue/runtime-core', '@vue/composition-api'],
    globals: true,
    start: ['onMounted', 'onBeforeMount', 'onActivated'],
    end: ['onBeforeUnmount', 'onUnmounted', 'onDeactivated', 'onScopeDispose'],
    returnsCleanup: false,
  },
  { kind: 'mount', framework: 'Svelte', modules: ['svelte'], globals: false, start: ['onMount'], end: ['onDestroy'], returnsCleanup: true },
  {
    kind: 'options',
    framework: 'Vue',
    modules: ['vue'],
    definers: ['defineComponent', 'extend', 'component'],
    defaultExportInComponentFile: true,
    componentOptions: ['data', 'methods', 'computed', 'props', 'watch', 'mixins', 'components'],
    start: ['created', 'beforeMount', 'mounted', 'activated'],
    end: ['beforeUnmount', 'unmounted', 'beforeDestroy', 'destroyed', 'deactivated'],
    methods: 'methods',
  },
  {
    kind: 'class',
    framework: 'Angular',
    modules: ['@angular/core'],
    decorators: ['Component', 'Directive'],
    bases: [],
    start: ['constructor', 'ngOnInit', 'ngAfterViewInit', 'ngOnChanges'],
    end: ['ngOnDestroy'],
    addEnd: true,
  },
  {
    kind: 'class',
    framework: 'React',
    modules: ['react', 'preact', 'preact/compat'],
    decorators: [],
    bases: ['Component', 'PureComponent'],
    start: ['componentDidMount', 'constructor', 'componentDidUpdate'],
    end: ['componentWillUnmount'],
    addEnd: true,
  },
  {
    kind: 'class',
    framework: 'custom element',
    modules: [],
    decorators: [],
    bases: ['HTMLElement', 'LitElement'],
    start: ['connectedCallback', 'firstUpdated'],
    end: ['disconnectedCallback'],
    addEnd: false,
  },
];

/**
 * Properties of an options-API component whose object holds its methods (`methods: {…}`): `this`
 * in those methods is the component, not the `methods` object (this-owner.ts `memberOwner`).
 */
export const METHOD_CONTAINERS: readonly string[] = LIFECYCLES.flatMap((lifecycle) => (lifecycle.kind === 'options' ? [lifecycle.methods] : []));

/**
 * React components and hooks: a function so named that calls a hook of these modules (or renders
 * JSX). Its own body runs on every render: a socket created there is a new socket per render.
 */
export const RENDER_FUNCTIONS: { readonly name: RegExp; readonly modules: readonly string[]; readonly hook: RegExp } = {
  name: /^(?:[A-Z]|use[A-Z0-9])/,
  modules: ['react', 'preact/hooks', 'preact/compat'],
  hook: /^use[A-Z]/,
};

/**
 * A component file's own top-level script, which runs once per component instance: how to tell it
 * from a script that runs once per module (`<script context="module">`, a Vue `<script>` without
 * `setup`). `container` is the node type a parser puts the script's statements in (Svelte), or
 * undefined when they are the program's body and the opening tag is found in the text (Vue).
 */
export interface ComponentScript {
  readonly framework: string;
  readonly lifecycle: string;
  readonly container: string | undefined;
  /** The opening tag of an instance script. */
  readonly instanceTag: RegExp;
}

export const COMPONENT_SCRIPTS: readonly ComponentScript[] = [
  { framework: 'Svelte', lifecycle: 'Svelte', container: 'SvelteScriptElement', instanceTag: /^<script(?![^>]*\b(?:context\s*=\s*["']module["']|module\b))[^>]*>/ },
  { framework: 'Vue', lifecycle: 'Vue', container: undefined, instanceTag: /^<script\b[^>]*\bsetup\b[^>]*>/ },
];

/**
 * Names of methods and functions that end an object's connection on purpose: a close in one of
 * them must stop the reconnect the socket's close handler would start.
 */
export const DELIBERATE_CLOSE_NAME = /^(?:close|disconnect|destroy|dispose|stop|teardown|cleanup|shutdown|terminate|unsubscribe|end|quit|logout|signOut)$/i;
