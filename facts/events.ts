/**
 * The functions that run on a socket's message, close and error events, whatever the framework
 * calls them: emitter listeners (`ws.on('close', f)`), DOM-style ones (`onclose = f`,
 * `addEventListener('close', f)`), and declarative hooks (uWS/Bun `close`, Hono `onClose`, Durable
 * Object `webSocketClose`, NestJS `handleDisconnect`).
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { calledMethod, propertyName, unwrap, type FunctionNode, type Node } from './ast.js';
import { QUEUE_WRAPPERS } from './flow-data.js';
import { FRAMEWORKS, SOCKET_IO_RESERVED_EVENTS, type SocketEventKind } from './frameworks.js';
import type { Resolver } from './resolve.js';
import type { ThisOwners } from './this-owner.js';
import type { HandlerFact, SocketFact, SocketUse } from './types.js';

export interface SocketEventHandler {
  readonly kind: SocketEventKind;
  /** The listener's event or the hook's name. */
  readonly event: string;
  /** The function that runs, when we can see it (a promise from `events.once` has none). */
  readonly fn: FunctionNode | undefined;
  /** The listener call, the `onX =` assignment, or the hook's registration. */
  readonly registration: Node;
  /** A queue the listener is registered through (`q.wrap(fn)`, flow-data.ts QUEUE_WRAPPERS): its runs are bounded. */
  readonly queuedBy?: Node;
}

export function socketEventHandlers(
  socket: SocketFact,
  kind: SocketEventKind,
  uses: readonly SocketUse[],
  /** The handlers declared for this socket (hooks such as uWS `close`); the model groups them per socket. */
  handlers: readonly HandlerFact[],
  resolver: Resolver,
  thisOwners: ThisOwners,
): SocketEventHandler[] {
  const names = FRAMEWORKS[socket.framework].events[kind];
  const matches = (event: string) =>
    names.includes(event) || (names.includes('*') && event !== '*' && !SOCKET_IO_RESERVED_EVENTS.has(event));
  const found: SocketEventHandler[] = [];
  for (const use of uses) {
    if (use.kind !== 'listener' || !matches(use.event)) continue;
    const { fn, queuedBy } = listenerFunction(use.node, resolver, thisOwners);
    found.push({ kind, event: use.event, fn, registration: use.node, ...(queuedBy ? { queuedBy } : {}) });
  }
  for (const handler of handlers) {
    if (handler.socket === socket && handler.hookName !== undefined && names.includes(handler.hookName)) {
      found.push({ kind, event: handler.hookName, fn: handler.fn, registration: handler.registration });
    }
  }
  return found;
}

function listenerFunction(node: Node, resolver: Resolver, thisOwners: ThisOwners): { fn: FunctionNode | undefined; queuedBy?: Node } {
  let value: Node | undefined;
  if (node.type === 'AssignmentExpression') value = node.right;
  else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') value = (node as TSESTree.CallExpression).arguments[1];
  if (!value) return { fn: undefined };
  const queued = queuedListener(value, resolver);
  if (queued) return { fn: resolver.functionOf(queued) ?? thisOwners.methodAt(queued), queuedBy: value };
  return { fn: resolver.functionOf(value) ?? thisOwners.methodAt(value) };
}

/** `q.wrap(fn)` where `q` was made by a known queue factory: the listener is `fn`, run through the queue. */
function queuedListener(value: Node, resolver: Resolver): Node | undefined {
  const call = unwrap(value);
  if (call.type !== 'CallExpression' || call.arguments.length !== 1) return undefined;
  const method = calledMethod(call);
  if (!method || method.object.type !== 'Identifier') return undefined;
  const variable = resolver.variable(method.object);
  const init = variable && resolver.singleValue(variable);
  const factory = init && unwrap(init);
  if (factory?.type !== 'CallExpression') return undefined;
  const callee = unwrap(factory.callee);
  const factoryName = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  const known = QUEUE_WRAPPERS.some((wrapper) => wrapper.factory === factoryName && wrapper.method === method.name);
  return known ? call.arguments[0] : undefined;
}
