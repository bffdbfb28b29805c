/**
 * The functions that run on a socket's message, close and error events, whatever the framework
 * calls them: emitter listeners (`ws.on('close', f)`), DOM-style ones (`onclose = f`,
 * `addEventListener('close', f)`), and declarative hooks (uWS/Bun `close`, Hono `onClose`, Durable
 * Object `webSocketClose`, NestJS `handleDisconnect`).
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { thisMethod, type FunctionNode, type Node, type ParentMap } from './ast.js';
import { FRAMEWORKS, SOCKET_IO_RESERVED_EVENTS, type SocketEventKind } from './frameworks.js';
import type { Resolver } from './resolve.js';
import type { HandlerFact, SocketFact, SocketUse } from './types.js';

export interface SocketEventHandler {
  readonly kind: SocketEventKind;
  /** The listener's event or the hook's name. */
  readonly event: string;
  /** The function that runs, when we can see it (a promise from `events.once` has none). */
  readonly fn: FunctionNode | undefined;
  /** The listener call, the `onX =` assignment, or the hook's registration. */
  readonly registration: Node;
}

export function socketEventHandlers(
  socket: SocketFact,
  kind: SocketEventKind,
  uses: readonly SocketUse[],
  handlers: readonly HandlerFact[],
  resolver: Resolver,
  parents: ParentMap,
): SocketEventHandler[] {
  const names = FRAMEWORKS[socket.framework].events[kind];
  const matches = (event: string) =>
    names.includes(event) || (names.includes('*') && event !== '*' && !SOCKET_IO_RESERVED_EVENTS.has(event));
  const found: SocketEventHandler[] = [];
  for (const use of uses) {
    if (use.kind !== 'listener' || !matches(use.event)) continue;
    found.push({ kind, event: use.event, fn: listenerFunction(use.node, resolver, parents), registration: use.node });
  }
  for (const handler of handlers) {
    if (handler.socket === socket && handler.hookName !== undefined && names.includes(handler.hookName)) {
      found.push({ kind, event: handler.hookName, fn: handler.fn, registration: handler.registration });
    }
  }
  return found;
}

function listenerFunction(node: Node, resolver: Resolver, parents: ParentMap): FunctionNode | undefined {
  let value: Node | undefined;
  if (node.type === 'AssignmentExpression') value = node.right;
  else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') value = (node as TSESTree.CallExpression).arguments[1];
  return value ? (resolver.functionOf(value) ?? thisMethod(value, parents)) : undefined;
}
