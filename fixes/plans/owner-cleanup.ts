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

import { contains, enclosingClass, propertyName, unwrap, type FunctionNode, type Node } from '../../facts/ast.js';
import type { SocketModel } from '../../facts/index.js';
import { releaseSite, type ClientInterval } from '../../facts/client-resources.js';
import { type ArmedReconnect, type Handle, type MisleadingGuard, type OwnedSocket } from '../../facts/owners.js';
import { LIFECYCLES, type Lifecycle } from '../../facts/owners-data.js';
import { reconnectsOf } from '../../facts/reconnect.js';
import { code, joinCode, str, verbatim, type Code } from '../code.js';
import type { PlanDraft, PlanEdit } from '../plan.js';
import { importedBinding } from './imports.js';
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
  const edits = edit ? [edit] : ends.length === 0 ? newEnd(model, owned, disarm) : undefined;
  if (!edits) return undefined;
  const what = owned.library === 'WebSocket' ? 'the socket' : `the ${owned.library} socket`;
  return {
    kind: 'close-in-owner-end',
    description: `Close ${what} when the ${owned.owner.framework} component goes away${disarm === 'none' ? '' : ', after clearing its reconnecting close handler'}`,
    edits,
  };
}

/**
 * A component with no end yet gets one: a class its end method (`ngOnDestroy()`,
 * `componentWillUnmount()`; not a custom element, owners-data.ts `addEnd`), a Vue or Svelte setup its end hook
 * (`onBeforeUnmount(…)`, `onDestroy(…)`) registered right after the start hook or the socket's
 * creation, with the hook added to the file's named import of the framework when it has one.
 * The names are the lifecycle's first end (owners-data.ts). Not for Vue's options API, whose
 * end hook is named differently in Vue 2 and Vue 3.
 */
function newEnd(model: SocketModel, owned: OwnedSocket, disarm: Disarm): PlanEdit[] | undefined {
  const owner = owned.owner;
  if (owner.kind === 'class') {
    const lifecycle = LIFECYCLES.find((l) => l.kind === 'class' && l.framework === owner.framework);
    const classNode = enclosingClass(owner.start ?? owned.creation, model.parents);
    const end = lifecycle?.kind === 'class' && lifecycle.addEnd ? lifecycle.end[0] : undefined;
    // The new method's `this` is the component: the socket must be one of its fields.
    const handle = owned.handles.find((h) => h.kind === 'this' && h.scope === classNode);
    if (!classNode || !end || !handle || lifecycle?.kind !== 'class') return undefined;
    // A base class of the project's own may have the end method: an override would replace it.
    const base = classNode.superClass ? unwrap(classNode.superClass) : undefined;
    const baseName = base?.type === 'Identifier' ? base.name : base?.type === 'MemberExpression' ? propertyName(base) : undefined;
    if (base && !lifecycle.bases.includes(baseName ?? '')) return undefined;
    const text = { text: ['this', ...handle.path].join('.'), nullable: true };
    return [{ kind: 'member', body: classNode.body, code: code`${verbatim(end)}() {\n  ${closeCode(text, owned, disarm, 1)}\n}` }];
  }
  if (owner.kind !== 'mount' && owner.kind !== 'setup' && owner.kind !== 'script') return undefined;
  const lifecycle = LIFECYCLES.find((l) => l.kind === 'mount' && l.framework === owner.framework);
  if (lifecycle?.kind !== 'mount') return undefined;
  // After the start hook's call, or after the statement that creates the socket in the setup itself.
  const startCall = owner.kind === 'mount' && owner.start ? model.parentOf(owner.start) : undefined;
  const anchor = statementOf(model, startCall ?? owned.creation);
  const scope = anchor && model.enclosingFunction(anchor);
  if (!anchor || (owner.kind === 'setup' ? scope !== owner.start : owner.kind === 'script' && scope !== undefined)) return undefined;
  const hook = endHook(model, lifecycle, startCall?.type === 'CallExpression' ? startCall : undefined);
  const text = hook && handleTextAt(model, owned, anchor);
  if (!hook || !text) return undefined;
  return [
    { kind: 'after', statement: anchor, code: code`${verbatim(hook.name)}(() => {\n  ${closeCode(text, owned, disarm, 1)}\n});` },
    ...hook.edits,
  ];
}

/**
 * The name the file can call the lifecycle's end hook by, and the edits that make it so: the
 * file's own import of it, an auto-imported hook (when the start hook is one), or a specifier
 * added to the file's named import of the framework. Undefined when none of these is safe.
 */
function endHook(model: SocketModel, lifecycle: Extract<Lifecycle, { kind: 'mount' }>, startCall: TSESTree.CallExpression | undefined): { name: string; edits: PlanEdit[] } | undefined {
  const name = lifecycle.end[0];
  if (!name) return undefined;
  const imported = importedBinding(model, lifecycle.modules, name);
  if (imported) return { name: imported, edits: [] };
  // Any other binding of the name would be shadowed by, or shadow, the hook.
  if (model.identifiersNamed(name).length > 0) return undefined;
  if (startCall && lifecycle.globals && model.resolver?.origin(startCall.callee)?.kind === 'global') return { name, edits: [] };
  for (const statement of model.program?.body ?? []) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type' || !lifecycle.modules.includes(statement.source.value)) continue;
    const specifiers = statement.specifiers;
    const last = specifiers[specifiers.length - 1];
    if (!last || last.type !== 'ImportSpecifier' || specifiers.some((specifier) => specifier.type === 'ImportNamespaceSpecifier')) continue;
    return { name, edits: [{ kind: 'insert', at: last.range[1], side: 'after', code: code`, ${verbatim(name)}` }] };
  }
  return undefined;
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

/** The socket's name in a function placed after `statement` (a variable in scope there). */
function handleTextAt(model: SocketModel, owned: OwnedSocket, statement: Node): { text: string; nullable: boolean } | undefined {
  for (const handle of owned.handles) {
    if (handle.kind !== 'variable') continue;
    const block = handle.variable.scope.block as Node;
    const declared = handle.variable.identifiers[0];
    // Declared before the statement, in a scope that contains it, and not a parameter of a function between.
    if (!declared || declared.range[0] > statement.range[1] || !(contains(block, statement) || block === model.program)) continue;
    const fn = model.enclosingFunction(statement);
    if (fn ? !reachable(model, handle, fn) : block !== model.program) continue;
    return { text: [handle.variable.name, ...handle.path].join('.'), nullable: !isOwnConst(model, handle, owned) };
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
  const owners = model.thisOwners;
  if (owners && (owners.ownerAt(inner) === handle.scope || owners.ownerAt(fn.body) === handle.scope)) return ['this', ...handle.path].join('.');
  // In a `function () {}` listener `this` is the emitter; a `self = this` of an enclosing method
  // still names the instance.
  for (let outer = model.enclosingFunction(fn); outer; outer = model.enclosingFunction(outer)) {
    for (const declarator of model.index.own(outer, 'VariableDeclarator')) {
      if (declarator.id.type === 'Identifier' && owners?.ownerOf(declarator.id) === handle.scope) return [declarator.id.name, ...handle.path].join('.');
    }
  }
  return undefined;
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
