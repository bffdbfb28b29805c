/**
 * owner-cleanup: a component's end closes the socket the component opened (and first clears the
 * close handler that would reconnect it); a deliberate close clears that handler first.
 *
 * The close goes last in the component's existing end (an effect's cleanup, `onBeforeUnmount`,
 * `ngOnDestroy`…), or, for an effect (or Svelte's `onMount`) that returns nothing, in a cleanup
 * it now returns. No plan when the socket has no name the end can reach, or when the reconnect
 * is registered in a way a line cannot undo (an anonymous `addEventListener('close', …)`).
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { contains, thisScopeOf, unwrap, type FunctionNode, type Node } from '../../facts/ast.js';
import type { SocketModel } from '../../facts/index.js';
import { releaseSite, type ClientInterval } from '../../facts/client-resources.js';
import { type ArmedReconnect, type Handle, type MisleadingGuard, type OwnedSocket } from '../../facts/owners.js';
import { reconnectsOf } from '../../facts/reconnect.js';
import { code, joinCode, str, verbatim, type Code } from '../code.js';
import type { PlanDraft, PlanEdit } from '../plan.js';
import { statementOf } from './places.js';

type Disarm = 'property' | 'emitter' | 'none';

export function planCloseInEnd(model: SocketModel, owned: OwnedSocket): PlanDraft | undefined {
  const disarm = disarmOf(model, owned);
  if (!disarm) return undefined;
  const start = owned.owner.start;
  // An effect's own cleanup (its ends also list the component's other effects' cleanups).
  const ends = owned.owner.kind === 'effect' && start ? owned.owner.ends.filter((fn) => contains(start, fn)) : owned.owner.ends;
  const end = ends.find((fn) => fn.body.type === 'BlockStatement');
  let edit: PlanEdit | undefined;
  if (end) {
    const text = handleText(model, owned, end);
    if (text) edit = { kind: 'body-end', fn: end, code: closeCode(text, owned, disarm) };
  } else if (start && ends.length === 0 && returnsCleanup(owned) && start.body.type === 'BlockStatement' && !start.async && !start.generator && !returnsValue(model, start)) {
    const text = handleText(model, owned, start);
    if (text) edit = { kind: 'body-end', fn: start, code: code`return () => {\n  ${closeCode(text, owned, disarm, 1)}\n};` };
  }
  if (!edit) return undefined;
  const what = owned.library === 'WebSocket' ? 'the socket' : `the ${owned.library} socket`;
  return {
    kind: 'close-in-owner-end',
    description: `Close ${what} when the ${owned.owner.framework} component goes away${disarm === 'none' ? '' : ', after clearing its reconnecting close handler'}`,
    edits: [edit],
  };
}

export function planDisarmBeforeClose(model: SocketModel, armed: ArmedReconnect): PlanDraft | undefined {
  if (armed.registration === 'other') return undefined;
  const statement = statementOf(model, armed.close);
  const callee = unwrap(armed.close.callee);
  if (!statement || callee.type !== 'MemberExpression' || statement.type !== 'ExpressionStatement') return undefined;
  const object = unwrap(callee.object);
  const text = model.text.slice(object.range[0], object.range[1]);
  const optional = armed.close.optional || callee.optional || model.parentOf(armed.close)?.type === 'ChainExpression';
  const line = armed.registration === 'property' ? code`${verbatim(text)}.onclose = null;` : code`${verbatim(text)}.removeAllListeners(${str('close')});`;
  return {
    kind: 'disarm-reconnect',
    description: 'Clear the reconnecting close handler before closing on purpose',
    edits: [{ kind: 'before', statement, code: optional ? code`if (${verbatim(text)}) ${line}` : line }],
  };
}

/** How the plan must clear the close handler first; undefined when it cannot. */
function disarmOf(model: SocketModel, owned: OwnedSocket): Disarm | undefined {
  const reconnect = reconnectsOf(model).find((r) => r.handler.kind === 'close' && r.socket === owned.socket);
  if (!reconnect) return 'none';
  const handlerFn = reconnect.handler.fn;
  const parent = handlerFn ? model.parentOf(handlerFn) : undefined;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return 'property';
  if (parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression' && parent.callee.property.type === 'Identifier' && ['on', 'once', 'addListener'].includes(parent.callee.property.name)) return 'emitter';
  return undefined;
}

/** The statements that close the socket, one level of indentation deeper per `level`. */
function closeCode(text: { text: string; nullable: boolean }, owned: OwnedSocket, disarm: Disarm, level = 0): Code {
  const method = verbatim(owned.closeMethods[0]!);
  const name = verbatim(text.text);
  if (disarm === 'none') return text.nullable ? code`${name}?.${method}();` : code`${name}.${method}();`;
  const clear = disarm === 'property' ? code`${name}.onclose = null;` : code`${name}.removeAllListeners(${str('close')});`;
  const close = code`${name}.${method}();`;
  if (!text.nullable) return joinCode([clear, close], newline(level));
  return joinCode([joinCode([code`if (${name}) {`, clear, close], newline(level + 1)), code`}`], newline(level));
}

function newline(level: number): string {
  return `\n${'  '.repeat(level)}`;
}

/** The socket's name where `fn` runs, and whether it may be unset there. */
function handleText(model: SocketModel, owned: OwnedSocket, fn: FunctionNode): { text: string; nullable: boolean } | undefined {
  for (const handle of owned.handles) {
    const text = reachable(model, handle, fn);
    if (text) return { text, nullable: !isOwnConst(model, handle, owned) };
  }
  return undefined;
}

/** The text that names a handle inside `fn`, when the name means the same thing there. */
export function reachable(model: SocketModel, handle: Handle, fn: FunctionNode): string | undefined {
  if (handle.kind === 'variable') {
    const block = handle.variable.scope.block as Node;
    if (!contains(block, fn) && block !== fn) return undefined;
    // A name the function (or a function between) declares again would mean something else.
    for (let inner: Node | undefined = fn; inner && inner !== block; inner = model.parentOf(inner)) {
      if (inner.type === 'FunctionDeclaration' || inner.type === 'FunctionExpression' || inner.type === 'ArrowFunctionExpression') {
        if (inner.params.some((p) => p.type === 'Identifier' && p.name === handle.variable.name)) return undefined;
      }
    }
    return [handle.variable.name, ...handle.path].join('.');
  }
  const inner = model.index.own(fn, 'ThisExpression')[0] ?? fn.body;
  return thisScopeOf(inner, model.parents) === handle.scope || thisScopeOf(fn.body, model.parents) === handle.scope ? ['this', ...handle.path].join('.') : undefined;
}

/** `const ws = new WebSocket(u)`: the name always holds this socket. */
function isOwnConst(model: SocketModel, handle: Handle, owned: OwnedSocket): boolean {
  if (handle.kind !== 'variable' || handle.path.length > 0) return false;
  const def = handle.variable.defs[0];
  if (def?.type !== 'Variable' || handle.variable.defs.length !== 1) return false;
  const declarator = def.node as TSESTree.VariableDeclarator;
  const declaration = model.parentOf(declarator);
  return declaration?.type === 'VariableDeclaration' && declaration.kind === 'const' && !!declarator.init && contains(declarator.init, owned.creation);
}

function returnsCleanup(owned: OwnedSocket): boolean {
  return owned.owner.kind === 'effect' || (owned.owner.kind === 'mount' && owned.owner.framework === 'Svelte');
}

function returnsValue(model: SocketModel, fn: FunctionNode): boolean {
  return model.index.own(fn, 'ReturnStatement').some((statement) => statement.argument);
}

/** require-close-cleanup, client sockets: clear the interval in the socket's close handler. */
export function planClearClientInterval(model: SocketModel, interval: ClientInterval): PlanDraft | undefined {
  const site = releaseSite(interval);
  const name = interval.handle && site ? reachable(model, interval.handle, site) : undefined;
  if (!site || !name) return undefined;
  return {
    kind: 'clear-client-interval',
    description: "Clear the interval in the socket's close handler",
    edits: [{ kind: 'body-end', fn: site, code: code`clearInterval(${verbatim(name)});` }],
  };
}

/** `socket?.connected` → `socket?.active` in the guard that decides whether to open a new socket. */
export function planReliableGuard(guard: MisleadingGuard): PlanDraft {
  return {
    kind: 'reliable-reconnect-guard',
    description: `Check \`${guard.reliable}\`, which stays true while the socket reconnects`,
    edits: [{ kind: 'replace', range: guard.property.property.range, code: verbatim(guard.reliable) }],
  };
}
