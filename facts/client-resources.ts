/**
 * Work started for a *client* socket that must stop when it closes: an interval whose callback
 * uses the socket (a ping, a poll that sends). resources.ts finds such work inside server-side
 * connection handlers; a client socket has no connection handler, only the code that opens it and
 * its own listeners, so this module looks for intervals anywhere in the file whose callback reaches
 * the socket, and for their `clearInterval` in the socket's close handler.
 *
 * An interval is reported (by require-close-cleanup) when its handle is cleared neither in the
 * socket's close handler (or a same-file helper it calls) nor in its own callback, and either
 * nothing clears it at all or the socket reconnects: each reconnect then starts one more.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode } from './ast.js';
import { isTimerCall } from './liveness.js';
import { handleKey, handleOf, handleOfAccess, handlesReachedIn, ownedSockets, refersTo, type Handle } from './owners.js';
import { reconnectsOf } from './reconnect.js';
import { INTERVAL_STARTS, TIMER_CLEARS } from './resources-data.js';
import type { SocketFact, SocketModel } from './types.js';

const MAX_DEPTH = 3;

export interface ClientInterval {
  readonly socket: SocketFact;
  readonly call: TSESTree.CallExpression;
  /** Where the interval's id is kept (`ping`, `this.timer`, `pingRef.current`), if it is kept. */
  readonly handle: Handle | undefined;
  /** The socket's close handlers (where the release belongs). */
  readonly closeHandlers: readonly FunctionNode[];
  /** Cleared somewhere else in the file (a component's end, a `disconnect()` method). */
  readonly clearedElsewhere: boolean;
  readonly reconnects: boolean;
}

const cache = new WeakMap<SocketModel, readonly ClientInterval[]>();

/** Intervals of client sockets that the socket's close does not clear (see the module comment). */
export function unclearedClientIntervals(model: SocketModel): readonly ClientInterval[] {
  let found = cache.get(model);
  if (!found) {
    found = find(model);
    cache.set(model, found);
  }
  return found;
}

function find(model: SocketModel): ClientInterval[] {
  const program = model.program;
  const resolver = model.resolver;
  const clients = model.sockets.filter((s) => s.role === 'client' && s.node.type === 'NewExpression');
  if (!program || !resolver || clients.length === 0) return [];
  const intervals = model.index.inside(program, 'CallExpression').filter((call) => isTimerCall(model, call, INTERVAL_STARTS));
  if (intervals.length === 0) return [];
  const clears = model.index.inside(program, 'CallExpression').filter((call) => isTimerCall(model, call, TIMER_CLEARS));
  const owned = ownedSockets(model);
  const ownedBySocket = new Map<SocketFact, (typeof owned)[number]>();
  for (const o of owned) if (o.socket && !ownedBySocket.has(o.socket)) ownedBySocket.set(o.socket, o);
  const reconnecting = new Set(reconnectsOf(model).flatMap((r) => (r.handler.kind === 'close' ? [r.socket] : [])));
  const intervalsByHandle = new Map<string, TSESTree.CallExpression[]>();
  for (const call of intervals) {
    const callback = resolver.functionOf(call.arguments[0]);
    if (!callback) continue;
    for (const key of handlesReachedIn(model, callback)) {
      let list = intervalsByHandle.get(key);
      if (!list) intervalsByHandle.set(key, (list = []));
      list.push(call);
    }
  }
  const out: ClientInterval[] = [];
  for (const socket of clients) {
    const handles: Handle[] = [...(ownedBySocket.get(socket)?.handles ?? [])];
    for (const access of socket.accesses) {
      handles.push(handleOfAccess(access));
    }
    if (handles.length === 0) continue;
    const closeHandlers = model.handlersOf(socket, 'close').flatMap((h) => (h.fn ? [h.fn] : []));
    const reconnects = reconnecting.has(socket);
    // The intervals whose callback reaches one of the socket's handles, looked up by handle.
    const reaching = [...new Set(handles.flatMap((handle) => intervalsByHandle.get(handleKey(handle)!) ?? []))].sort((a, b) => a.range[0] - b.range[0]);
    for (const call of reaching) {
      const callback = resolver.functionOf(call.arguments[0])!;
      const holder = model.parentOf(call);
      const handle =
        holder?.type === 'VariableDeclarator' && holder.init === call ? handleOf(model, holder.id) : holder?.type === 'AssignmentExpression' && holder.right === call ? handleOf(model, holder.left) : undefined;
      const clearsHandle = (clear: TSESTree.CallExpression) => !!handle && !!clear.arguments[0] && refersTo(model, clear.arguments[0], handle);
      const released = [...closeHandlers, callback].some((fn) => clearsIn(model, fn, clearsHandle, 0, new Set()));
      if (released) continue;
      const clearedElsewhere = clears.some(clearsHandle);
      if (clearedElsewhere && !reconnects) continue;
      out.push({ socket, call, handle, closeHandlers, clearedElsewhere, reconnects });
    }
  }
  return out.sort((a, b) => a.call.range[0] - b.call.range[0]);
}

/** A matching clear in a function or the same-file functions it calls. */
function clearsIn(model: SocketModel, fn: FunctionNode, matches: (call: TSESTree.CallExpression) => boolean, depth: number, visited: Set<FunctionNode>): boolean {
  if (visited.has(fn)) return false;
  visited.add(fn);
  for (const call of model.index.inside(fn, 'CallExpression')) {
    if (isTimerCall(model, call, TIMER_CLEARS) && matches(call)) return true;
    if (depth >= MAX_DEPTH) continue;
    const callee = model.resolver?.functionOf(call.callee);
    if (callee && callee !== fn && clearsIn(model, callee, matches, depth + 1, visited)) return true;
  }
  return false;
}

/** The statement-level function body where a release can go: a close handler with a block body. */
export function releaseSite(interval: ClientInterval): FunctionNode | undefined {
  return interval.closeHandlers.find((fn) => fn.body.type === 'BlockStatement');
}
