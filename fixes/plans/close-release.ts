/**
 * release-on-close: per-connection resources the connection's end does not release (facts in
 * facts/resources.ts) get their release (`clearInterval(x)`, `x.unsubscribe()`,
 * `registry.delete(key)`, `ac.abort()`…) in the socket's existing close handler, or in a new
 * listener for the framework's real close event right after the statement that starts them. A
 * discarded interval is stored in a `const` first. Also: a close listener registered for an
 * event the framework never emits gets the real one, and a server-scoped interval is cleared when
 * its server closes.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { calledMethod, contains, enclosingClass, isFunction, unwrap, type FunctionNode, type Node } from '../../facts/ast.js';
import { FRAMEWORKS, SOCKET_HOOK_METHODS } from '../../facts/frameworks.js';
import type { SocketFact, SocketModel, Variable } from '../../facts/index.js';
import { LISTENER_REMOVAL } from '../../facts/resources-data.js';
import { closeEventOfSocket, serverCloseEventOf, type SocketResource } from '../../facts/resources.js';
import { code, NewName, str, verbatim, type Code } from '../code.js';
import type { PlanDraft, PlanEdit } from '../plan.js';
import { abortOnCloseEffect, declarationScope, hasEvolvingType, statementOf } from './places.js';

/** What to insert, and what it needs to be in scope where it goes. */
interface ReleaseSpec {
  /** The statement, given the text that names the socket at the insertion point. */
  readonly statement: (socket: string) => Code;
  /** Variables the statement reads. */
  readonly needs: readonly Variable[];
  /** It reads `this.<member>` of the resource's class. */
  readonly usesThis: boolean;
  /** Edits that must come with it (storing a discarded interval in a const). */
  readonly prelude: readonly PlanEdit[];
  /** Where the prelude's const is visible: the insertion must be inside it. */
  readonly within: Node | undefined;
  /** What releasing it makes happen on close (plan.ts `effects`). */
  readonly effects?: readonly string[];
}

export interface ReleaseDraft extends PlanDraft {
  /** The release statement, for messages (`clearInterval(interval);`). */
  readonly release: Code;
}

/** Plans releasing a per-connection resource on its socket's close; undefined when no edit is safe. */
export function planCloseRelease(model: SocketModel, resource: SocketResource): ReleaseDraft | undefined {
  const socket = resource.socket;
  if (!socket || !resource.handlerFn) return undefined;
  const spec = releaseSpec(model, resource, socket);
  // The release runs in a closure: in TypeScript it cannot read a variable of evolving type.
  if (!spec || (model.typescript && spec.needs.some(hasEvolvingType))) return undefined;
  const closeEvent = closeEventOfSocket(socket);
  // 1. Append to an existing close handler that can see everything the release reads.
  for (const handler of model.handlersOf(socket, 'close')) {
    const fn = handler.fn;
    if (!fn || !visibleAt(model, spec, fn, resource.node)) continue;
    const socketText = socketTextAt(socket, fn);
    if (socketText === undefined && needsSocket(spec)) continue;
    const release = spec.statement(socketText ?? '');
    return {
      kind: 'release-on-close',
      description: `Release it in the '${handler.event}' handler`,
      edits: [...spec.prelude, { kind: 'body-end', fn, code: release }],
      release,
      effects: spec.effects ?? [],
    };
  }
  // 2. A listener for the real close event after the statement that starts the resource.
  const style = FRAMEWORKS[socket.framework].listenerStyle;
  // A socket whose close is a hook (uWS, Bun, a Durable Object's webSocketClose) has no listener to add.
  if (style === 'hooks' || (SOCKET_HOOK_METHODS[socket.framework] ?? []).includes(closeEvent)) return undefined;
  const anchor = handlerStatementOf(model, resource.node, resource.handlerFn);
  if (!anchor || !visibleAt(model, spec, anchor, resource.node)) return undefined;
  const socketText = socketTextAt(socket, anchor);
  if (socketText === undefined) return undefined;
  const release = spec.statement(socketText);
  const listener =
    style === 'event-target'
      ? code`${socketText}.addEventListener(${str(closeEvent)}, () => {
  ${release}
});`
      : code`${socketText}.on(${str(closeEvent)}, () => {
  ${release}
});`;
  return {
    kind: 'release-on-close',
    description: `Release it when the socket emits '${closeEvent}'`,
    edits: [...spec.prelude, { kind: 'after', statement: anchor, code: listener }],
    release,
    effects: spec.effects ?? [],
    // One new close listener per socket and pass: a second release waits for the next pass,
    // where it joins this listener if it can see what it releases (step 1).
    claims: [`close-listener:${socket.node.range[0]}`],
  };
}

/** Plans clearing a server-scoped interval when its server closes. */
export function planServerIntervalRelease(model: SocketModel, resource: SocketResource): ReleaseDraft | undefined {
  const server = resource.server;
  if (!server || server.access?.kind !== 'variable' || server.access.path.length > 0) return undefined;
  const event = serverCloseEventOf(server.framework);
  if (!event) return undefined;
  const serverVariable = server.access.variable;
  const statement = statementOf(model, resource.node);
  if (!statement || !contains(serverVariable.scope.block as Node, statement)) return undefined;
  const prelude: PlanEdit[] = [];
  let handle: NewName | string;
  if (resource.handle.kind === 'discarded' && resource.handle.statement === statement) {
    handle = new NewName('interval', declarationScope(model, statement));
    prelude.push({ kind: 'prefix', statement, code: code`const ${handle} = ` });
  } else if (resource.handle.kind === 'variable' && contains(resource.handle.variable.scope.block as Node, statement)) {
    handle = resource.handle.variable.name;
  } else {
    return undefined;
  }
  const release = code`clearInterval(${handle});`;
  return {
    kind: 'release-on-close',
    description: `Clear the interval when the server emits '${event}'`,
    edits: [...prelude, { kind: 'after', statement, code: code`${serverVariable.name}.on(${str(event)}, () => clearInterval(${handle}));` }],
    release,
  };
}

/**
 * Plans renaming a never-fired close event (socket.io 'close') to the framework's real one. Safe
 * unreviewed: the listener was meant to run when the connection ends and never did.
 */
export function planCloseEventRename(eventNode: TSESTree.Literal | TSESTree.TemplateLiteral, text: string, closeEvent: string): PlanDraft {
  const quote = eventNode.type === 'TemplateLiteral' ? '`' : text[eventNode.range[0]] === '"' ? '"' : "'";
  return {
    kind: 'use-close-event',
    description: `Listen for '${closeEvent}'`,
    edits: [{ kind: 'replace', range: eventNode.range, code: verbatim(`${quote}${closeEvent}${quote}`) }],
    autofix: true,
  };
}

// ---------------------------------------------------------------------- release statements

const SOCKET = '\u0000socket\u0000';

function needsSocket(spec: ReleaseSpec): boolean {
  return spec.statement(SOCKET).interpolates(SOCKET);
}

function releaseSpec(model: SocketModel, resource: SocketResource, socket: SocketFact): ReleaseSpec | undefined {
  const text = model.text;
  const plain = (statement: Code, needs: Variable[], usesThis = false): ReleaseSpec => ({ statement: () => statement, needs, usesThis, prelude: [], within: undefined });
  // A signal-bound resource whose controller is aborted on the wrong path: abort it on close.
  if (resource.controllers.length === 1 && (resource.verdict === 'request-only' || resource.verdict === 'error-only' || resource.verdict === 'unreleased')) {
    const controller = resource.controllers[0]!;
    return { ...plain(code`${controller.name}.abort();`, [controller]), effects: [abortOnCloseEffect(controller)] };
  }
  const handle = resource.handle;
  switch (resource.kind) {
    case 'interval':
    case 'recurring-timeout': {
      const clear = resource.kind === 'interval' ? 'clearInterval' : 'clearTimeout';
      if (handle.kind === 'variable') return plain(code`${clear}(${handle.variable.name});`, [handle.variable]);
      if (handle.kind === 'member') return memberSpec(model, handle.target, socket, (target) => code`${clear}(${target});`);
      if (handle.kind === 'discarded' && resource.kind === 'interval') {
        const scope = declarationScope(model, handle.statement);
        const name = new NewName('interval', scope);
        return {
          statement: () => code`clearInterval(${name});`,
          needs: [],
          usesThis: false,
          prelude: [{ kind: 'prefix', statement: handle.statement, code: code`const ${name} = ` }],
          within: scope,
        };
      }
      return undefined;
    }
    case 'subscription': {
      if (handle.kind !== 'variable') return undefined;
      const name = handle.variable.name;
      const call = resource.node as TSESTree.CallExpression;
      const method = calledMethod(call);
      if (method?.name === 'watch') return plain(code`${name}.close();`, [handle.variable]);
      if (/^(?:unsub|unsubscribe|off|dispose|stop|cancel|unlisten|unwatch|remove|detach)/i.test(name)) return plain(code`${name}();`, [handle.variable]);
      const rxjs = method && (method.object.type === 'CallExpression' ? calledMethod(method.object)?.name === 'pipe' : /\$$/.test(textOf(text, method.object)));
      if (rxjs || /sub(?:scription)?$/i.test(name)) return plain(code`${name}.unsubscribe();`, [handle.variable]);
      return undefined;
    }
    case 'listener': {
      const call = resource.node as TSESTree.CallExpression;
      const method = calledMethod(call);
      const removal = method && LISTENER_REMOVAL[method.name];
      const fnArg = call.arguments[1] && unwrap(call.arguments[1]);
      const eventArg = call.arguments[0];
      if (!method || !removal || !fnArg || !eventArg || fnArg.type !== 'Identifier') return undefined;
      const fnVariable = model.resolver?.variable(fnArg);
      const receiver = stableReceiver(model, method.object);
      if (!receiver || !fnVariable) return undefined;
      return plain(code`${receiver.text}.${removal}(${textOf(text, eventArg)}, ${fnArg.name});`, [...receiver.needs, fnVariable], receiver.usesThis);
    }
    case 'registry':
      return registrySpec(model, resource, socket);
    case 'child-process':
      return handle.kind === 'variable' ? plain(code`${handle.variable.name}.kill();`, [handle.variable]) : undefined;
    default:
      return undefined;
  }
}

/** `clearInterval(ws.timer)`: a member handle whose base is the socket, a variable or `this`. */
function memberSpec(model: SocketModel, target: TSESTree.MemberExpression, socket: SocketFact, build: (target: string) => Code): ReleaseSpec | undefined {
  const text = model.text;
  // Through members and method calls: `ws.data.timer`, `ws.getUserData().timer`.
  let base: Node = target;
  for (;;) {
    if (base.type === 'MemberExpression') base = unwrap(base.object);
    else if (base.type === 'CallExpression' && base.arguments.length === 0 && unwrap(base.callee).type === 'MemberExpression') base = unwrap(base.callee);
    else break;
  }
  const rest = textOf(text, target).slice(textOf(text, base).length);
  if (base.type === 'ThisExpression') return { statement: () => build(`this${rest}`), needs: [], usesThis: true, prelude: [], within: undefined };
  if (base.type !== 'Identifier') return undefined;
  const variable = model.resolver?.variable(base);
  if (!variable) return undefined;
  if (isSocketVariable(socket, variable)) return { statement: (s) => build(`${s}${rest}`), needs: [], usesThis: false, prelude: [], within: undefined };
  return { statement: () => build(`${base.name}${rest}`), needs: [variable], usesThis: false, prelude: [], within: undefined };
}

function registrySpec(model: SocketModel, resource: SocketResource, socket: SocketFact): ReleaseSpec | undefined {
  const node = resource.node;
  const isSocket = (expr: Node | undefined) => {
    const value = expr && unwrap(expr);
    return value?.type === 'Identifier' && !!model.resolver && isSocketVariable(socket, model.resolver.variable(value));
  };
  let receiverNode: Node;
  let build: (registry: string, key: string | undefined, s: string) => Code;
  let keyNode: Node | undefined;
  if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
    if (!isSocket(node.right)) return undefined;
    receiverNode = node.left.object;
    keyNode = node.left.property;
    build = (r, k, s) => code`if (${r}[${k!}] === ${s}) delete ${r}[${k!}];`;
  } else if (node.type === 'CallExpression') {
    const method = calledMethod(node);
    if (!method) return undefined;
    receiverNode = method.object;
    const args = node.arguments;
    if (method.name === 'set' && isSocket(args[1])) {
      keyNode = args[0];
      build = (r, k, s) => code`if (${r}.get(${k!}) === ${s}) ${r}.delete(${k!});`;
    } else if (method.name === 'add' && args.length === 1 && isSocket(args[0])) build = (r, _k, s) => code`${r}.delete(${s});`;
    else if ((method.name === 'push' || method.name === 'unshift') && args.length === 1 && isSocket(args[0])) {
      build = (r, _k, s) => code`if (${r}.includes(${s})) ${r}.splice(${r}.indexOf(${s}), 1);`;
    } else if (method.name === 'join' && args.length === 1 && isSocket(args[0])) build = (r, _k, s) => code`${r}.leave(${s});`;
    else return undefined;
  } else {
    return undefined;
  }
  const receiver = stableReceiver(model, receiverNode);
  if (!receiver) return undefined;
  let key: ((s: string) => string) | undefined;
  const needs = [...receiver.needs];
  if (keyNode) {
    const stable = stableKey(model, keyNode, socket);
    if (!stable) return undefined;
    key = stable.text;
    needs.push(...stable.needs);
  }
  return {
    statement: (s) => build(receiver.text, key?.(s), s),
    needs,
    usesThis: receiver.usesThis,
    prelude: [],
    within: undefined,
  };
}

/** A receiver we can name again elsewhere: a variable, a global, `this.x`, or a member chain of those. */
function stableReceiver(model: SocketModel, expr: Node): { text: string; needs: Variable[]; usesThis: boolean } | undefined {
  let base: Node = unwrap(expr);
  while (base.type === 'MemberExpression' && !base.computed) base = unwrap(base.object);
  if (base.type === 'ThisExpression') return { text: textOf(model.text, expr), needs: [], usesThis: true };
  if (base.type !== 'Identifier') return undefined;
  const variable = model.resolver?.variable(base);
  return { text: textOf(model.text, expr), needs: variable ? [variable] : [], usesThis: false };
}

/** A key that means the same thing at close: a literal, an unchanging variable, or a member of the socket (`ws.id`). */
function stableKey(model: SocketModel, keyNode: Node, socket: SocketFact): { text: (s: string) => string; needs: Variable[] } | undefined {
  const text = model.text;
  const key = unwrap(keyNode);
  if (key.type === 'Literal') return { text: () => textOf(text, key), needs: [] };
  let base: Node = key;
  while (base.type === 'MemberExpression' && !base.computed) base = unwrap(base.object);
  if (base.type !== 'Identifier') return undefined;
  const variable = model.resolver?.variable(base);
  if (!variable) return undefined;
  const rest = textOf(text, key).slice(base.name.length);
  if (isSocketVariable(socket, variable)) return { text: (s) => `${s}${rest}`, needs: [] };
  const reassigned = variable.references.some((r) => r.isWrite() && !r.init);
  const declaration = variable.defs[0];
  if (reassigned || !declaration) return undefined;
  return { text: () => textOf(text, key), needs: [variable] };
}

// ---------------------------------------------------------------------- where to insert

/**
 * The statement of the handler itself that contains a node: the close listener must be added once
 * per connection, not in a callback that runs again and again (a self re-arming timer's tick).
 */
function handlerStatementOf(model: SocketModel, node: Node, handlerFn: FunctionNode): Node | undefined {
  let statement = statementOf(model, node);
  while (statement) {
    const owner = model.enclosingFunction(statement);
    if (owner === handlerFn) return statement;
    if (!owner || !contains(handlerFn, owner)) return undefined;
    statement = statementOf(model, owner);
  }
  return undefined;
}

/** Everything the release reads is in scope at `at`. */
function visibleAt(model: SocketModel, spec: ReleaseSpec, at: Node, resourceNode: Node): boolean {
  if (spec.within && !contains(spec.within, at)) return false;
  if (!spec.needs.every((variable) => contains(variable.scope.block as Node, at))) return false;
  if (spec.usesThis) {
    const classNode = enclosingClass(resourceNode, model.parents);
    if (!classNode) return false;
    let fn: FunctionNode | undefined = isFunction(at) ? at : model.enclosingFunction(at);
    while (fn?.type === 'ArrowFunctionExpression') fn = model.enclosingFunction(fn);
    const owner = fn && model.parentOf(fn);
    if (!fn || (owner?.type !== 'MethodDefinition' && owner?.type !== 'PropertyDefinition')) return false;
    if (enclosingClass(fn, model.parents) !== classNode) return false;
  }
  return true;
}

function isSocketVariable(socket: SocketFact, variable: Variable | undefined): boolean {
  return !!variable && socket.accesses.some((access) => access.kind === 'variable' && access.variable === variable && access.path.length === 0);
}

/** The text naming the socket at a place: the access whose variable is in scope there. */
function socketTextAt(socket: SocketFact, at: Node): string | undefined {
  for (const access of socket.accesses) {
    if (access.kind !== 'variable') continue;
    if (contains(access.variable.scope.block as Node, at)) return [access.variable.name, ...access.path].join('.');
  }
  return undefined;
}

function textOf(text: string, node: Node): string {
  return text.slice(node.range[0], node.range[1]);
}
