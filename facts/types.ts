import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode, Node, ParentMap } from './ast.js';
import type { SocketEventHandler } from './events.js';
import type { ErrorBehaviour, FrameworkId, SocketEventKind } from './frameworks.js';
import type { NodeIndex } from './node-index.js';
import type { Resolver } from './resolve.js';
import type { ThisOwner, ThisOwners } from './this-owner.js';

export type Variable = TSESLint.Scope.Variable;

/**
 * How code refers to a socket, server or request: a variable plus a property path below it
 * (`ws` → path [], Koa's `ctx.websocket` → ['websocket'], graphql-ws `ctx.extra.socket`), or a
 * `this.<name>` member of one owner of `this` (a class, a function constructor with its prototype
 * methods, an object literal: this-owner.ts).
 */
export type Access =
  | { readonly kind: 'variable'; readonly variable: Variable; readonly path: readonly string[] }
  | { readonly kind: 'this-member'; readonly owner: ThisOwner; readonly name: string };

/**
 * What other modules of the project tell about this one's imports (the CLI's --project mode): a
 * binding imported from a project module that holds a WebSocket server created there, so that
 * `import { wss } from './server.js'; wss.on('connection', …)` is the server's connection handler.
 */
export interface ProjectKnowledge {
  readonly importedServers: readonly ImportedServer[];
}

export interface ImportedServer {
  /** The module specifier as this file writes it (`./server.js`). */
  readonly specifier: string;
  /** The exported name (`default` for a default export). */
  readonly name: string;
  readonly framework: FrameworkId;
}

export interface ServerFact {
  readonly framework: FrameworkId;
  /** The expression that creates the server (`new WebSocketServer(…)`, `new Server(…)`). */
  readonly node: TSESTree.NewExpression | TSESTree.CallExpression;
  /** The options object literal, when we can see it (same-module constants are followed). */
  readonly options: TSESTree.ObjectExpression | undefined;
  /** Where the server listens: on its own port, on a passed HTTP server, or nowhere (noServer). */
  readonly attachment: 'port' | 'server' | 'no-server' | 'unknown';
  readonly access: Access | undefined;
  /**
   * A library that wraps the server (graphql-ws `useServer`, tRPC's `applyWSSHandler`) and so adds
   * its own listeners, to the server and to each of its sockets: its framework or module name.
   */
  readonly wrappedBy: string | undefined;
  /** The wrapper pings the server's sockets and cuts the silent ones (graphql-ws; tRPC with keepAlive enabled). */
  readonly wrapperKeepsAlive: boolean;
}

export type SocketRole = 'server-side' | 'client' | 'raw-upgrade';

export interface SocketFact {
  readonly framework: FrameworkId;
  readonly role: SocketRole;
  /** The node that introduces the socket (a parameter, a `new WebSocket()` expression…). */
  readonly node: Node;
  /** Ways code refers to the socket (several for an express-ws middleware chain). */
  readonly accesses: readonly Access[];
  readonly handler: HandlerFact | undefined;
  readonly errorBehaviour: ErrorBehaviour;
  /**
   * Known by its type or its use, not by a registration this file makes: a parameter typed as the
   * library's socket, or named and used like one. Whoever passed it in may already listen for
   * errors, so crash findings about it are strict-only.
   */
  readonly inferred?: boolean;
}

export interface RequestFact {
  readonly framework: FrameworkId;
  readonly node: Node;
  readonly access: Access | undefined;
}

export type HandlerKind =
  | 'connection' // a per-connection callback: ws/socket.io 'connection', express-ws, fastify, koa…
  | 'upgrade' // Node's raw `'upgrade'` event (req, socket, head)
  | 'handle-upgrade' // ws `handleUpgrade(req, socket, head, cb)` callback
  | 'hook'; // a per-socket hook of a declarative API (uWS/Bun/Hono/DO/NestJS/graphql-ws)

export interface HandlerFact {
  readonly framework: FrameworkId;
  readonly kind: HandlerKind;
  readonly fn: FunctionNode;
  /** For hooks: the hook's name (`open`, `onMessage`, `handleConnection`, `webSocketClose`…). */
  readonly hookName: string | undefined;
  /** The call, decorator or object that registers the handler. */
  readonly registration: Node;
  socket: SocketFact | undefined;
  request: RequestFact | undefined;
}

export interface LibraryUse {
  readonly framework: FrameworkId;
  readonly module: string;
  readonly node: Node;
  readonly typeOnly: boolean;
}

/** How one place in the code uses a socket. */
export type SocketUse =
  | { readonly kind: 'listener'; readonly event: string; readonly node: Node }
  | { readonly kind: 'method-call'; readonly name: string; readonly node: TSESTree.CallExpression }
  | { readonly kind: 'property'; readonly name: string; readonly node: Node; readonly write: boolean }
  /**
   * Passed to code we cannot see into, which may attach listeners or keep the socket; unless
   * `fromOwnListener`: passed on from inside one of the socket's own listeners, which takes
   * nothing over.
   */
  | { readonly kind: 'handed-off'; readonly node: Node; readonly fromOwnListener?: boolean }
  /** Passed to a known inert sink (a registry `Set#add`, a logger). */
  | { readonly kind: 'stored'; readonly node: Node }
  | { readonly kind: 'other'; readonly node: Node };

/**
 * The socket model: the facts of one file that rules, checks and fixes read. It satisfies the fix
 * engine's view of a file (fixes/engine.ts `FixFacts`) too.
 */
/** Facts about the project that no file shows, given by the user in shared settings. */
export interface ModelSettings {
  /**
   * The platform adapter of NestJS gateways (`app.useWebSocketAdapter(new WsAdapter(app))`, set
   * in the bootstrap file): `'ws'` or `'socket.io'` (NestJS's default).
   */
  readonly nestjsAdapter?: string;
}

/** A socket's uses, indexed once per socket (a socket may have one use per event handler). */
export interface SocketUseIndex {
  /** Method calls on the socket (`ws.send(…)`, `socket.pause()`). */
  readonly methodCalls: ReadonlySet<Node>;
  /** The names of the methods called on it. */
  readonly methodNames: ReadonlySet<string>;
  /** Listener registrations on it. */
  readonly listeners: ReadonlySet<Node>;
  /** Every use's node. */
  readonly nodes: ReadonlySet<Node>;
  /** Every use's node, by where it starts. */
  readonly byStart: readonly Node[];
}

export interface SocketModel {
  /** False when the file shows no sign of any WebSocket API: everything else is empty. */
  readonly hasEvidence: boolean;
  /**
   * The recognisers found a WebSocket library, server, socket or handler. Most files that pass the
   * text test (a comment or a string that says "websocket") have none, and no check reports
   * anything without one: the rules and codemods skip their checks for those files.
   */
  readonly hasSocketFacts: boolean;
  readonly text: string;
  /** A TypeScript file (fixes may then write type annotations). */
  readonly typescript: boolean;
  /** What the project says about code outside this file (ESLint's `settings.websocket`). */
  readonly settings: ModelSettings;
  readonly comments: readonly { readonly range: readonly [number, number] }[];
  readonly libraries: readonly LibraryUse[];
  readonly servers: readonly ServerFact[];
  readonly sockets: readonly SocketFact[];
  readonly handlers: readonly HandlerFact[];
  /**
   * Every node of the file in source order (pre-order), from the model's one pass over the tree:
   * topic modules filter this, or ask the index, instead of walking the program again.
   */
  readonly nodes: readonly Node[];
  /** The per-function node index (node-index.ts). */
  readonly index: NodeIndex;
  readonly parents: ParentMap;
  /** The file's AST (undefined for a file without WebSocket evidence). */
  readonly program: TSESTree.Program | undefined;
  /** Name resolution over the file (imports, requires, const aliases, same-module functions). */
  readonly resolver: Resolver | undefined;
  /** What each `this` is an instance of, and the members and methods that share it (this-owner.ts). */
  readonly thisOwners: ThisOwners | undefined;
  /** The functions run on a socket's message, close or error events (listeners and hooks). */
  handlersOf(socket: SocketFact, kind: SocketEventKind): readonly SocketEventHandler[];
  /** Every use of a socket, following aliases and same-module helper functions. */
  usesOf(socket: SocketFact): readonly SocketUse[];
  /** The same uses, indexed for the questions topic analyses ask once per call or handler. */
  useIndexOf(socket: SocketFact): SocketUseIndex;
  /** Uses of a server (its listeners among them). */
  usesOfServer(server: ServerFact): readonly SocketUse[];
  /** The handlers whose socket this is (its connection handler, hooks), in the order recognised. */
  handlersOfSocket(socket: SocketFact): readonly HandlerFact[];
  /** The server a listener registration (`wss.on('connection', …)`) is on. */
  serverListenedBy(registration: Node): ServerFact | undefined;
  /**
   * For a socket that no library owns yet (Node's raw upgrade socket): the first `await` or
   * callback in its handler that it lives across before being handed over, if any.
   */
  asyncBoundaryBeforeHandOver(socket: SocketFact): Node | undefined;
  /** The nearest function that encloses a node (through the model's parent table). */
  enclosingFunction(node: Node): FunctionNode | undefined;
  /** The parent of a node (the model keeps its own table; see ast.ts). */
  parentOf(node: Node): Node | undefined;
  /** Every identifier node with this name. */
  identifiersNamed(name: string): readonly Node[];
  /** For an identifier that declares a variable: the block of the declaring scope. */
  declaringScopeBlock(identifier: Node): Node | undefined;
  /** True when nothing reads what the function returns (a handler, a listener, a timer callback). */
  returnValueIgnored(fn: FunctionNode): boolean;
}
