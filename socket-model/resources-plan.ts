/**
 * Fix plans for resources the connection's end does not release (resources.ts): add the release
 * (`clearInterval(x)`, `x.unsubscribe()`, `registry.delete(key)`, `ac.abort()`…) to the socket's
 * existing close handler, or create one on the framework's real close event right after the
 * statement that starts the resource. A discarded interval is stored in a `const` first. Plans are
 * text edits, so ESLint suggestions and codemods share them.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { calledMethod, contains, enclosingClass, enclosingFunction, isFunction, unwrap, type FunctionNode, type Node } from './ast.js';
import { FRAMEWORKS } from './frameworks.js';
import { freshName, indentationAt } from './fix-plans.js';
import { LISTENER_REMOVAL } from './resources-data.js';
import { closeEventOf, serverCloseEventOf, type SocketResource } from './resources.js';
import type { FixPlan, SocketFact, SocketModel, TextEdit, Variable } from './types.js';

/** What to insert, and what it needs to be in scope where it goes. */
interface ReleaseSpec {
  /** The statement, given the text that names the socket at the insertion point. */
  readonly statement: (socket: string) => string;
  /** Variables the statement reads. */
  readonly needs: readonly Variable[];
  /** It reads `this.<member>` of the resource's class. */
  readonly usesThis: boolean;
  /** Edits that must come with it (storing a discarded interval in a const). */
  readonly prelude: readonly TextEdit[];
  /** The block the prelude declares its const in: the insertion must be inside it. */
  readonly within: Node | undefined;
}

export interface ReleasePlan extends FixPlan {
  /** The release statement, for messages (`clearInterval(interval);`). */
  readonly release: string;
}

/** Plans releasing a per-connection resource on its socket's close; undefined when no edit is safe. */
export function planCloseRelease(model: SocketModel, text: string, resource: SocketResource): ReleasePlan | undefined {
  const socket = resource.socket;
  if (!socket || !resource.handlerFn) return undefined;
  const spec = releaseSpec(model, text, resource, socket);
  if (!spec) return undefined;
  const closeEvent = closeEventOf(socket.framework);
  // 1. Append to an existing close handler that can see everything the release reads.
  for (const handler of model.handlersOf(socket, 'close')) {
    const fn = handler.fn;
    if (!fn || !visibleAt(model, spec, fn, resource.node)) continue;
    const socketText = socketTextAt(socket, fn);
    if (socketText === undefined && needsSocket(spec)) continue;
    const statement = spec.statement(socketText ?? '');
    const edits = appendToBody(fn, text, statement);
    if (!edits) continue;
    return { description: `Release it in the '${handler.event}' handler`, edits: [...spec.prelude, ...edits], release: statement };
  }
  // 2. Create a listener for the real close event after the statement that starts the resource.
  const style = FRAMEWORKS[socket.framework].listenerStyle;
  if (style === 'hooks') return undefined;
  const anchor = topStatementIn(model, resource.handlerFn, resource.node);
  if (!anchor || !visibleAt(model, spec, anchor, resource.node)) return undefined;
  const socketText = socketTextAt(socket, anchor);
  if (socketText === undefined) return undefined;
  const indent = indentationAt(text, anchor.range[0]);
  const unit = indent.includes('\t') ? '\t' : '  ';
  const statement = spec.statement(socketText);
  const register = style === 'event-target' ? `addEventListener('${closeEvent}', ` : `on('${closeEvent}', `;
  const listener = `${socketText}.${register}() => {\n${indent}${unit}${statement}\n${indent}});`;
  return {
    description: `Release it when the socket emits '${closeEvent}'`,
    edits: [...spec.prelude, { range: [anchor.range[1], anchor.range[1]], text: `\n${indent}${listener}` }],
    release: statement,
  };
}

/** Plans clearing a server-scoped interval when its (ws) server closes. */
export function planServerIntervalRelease(model: SocketModel, text: string, resource: SocketResource): ReleasePlan | undefined {
  const server = resource.server;
  if (!server || server.access?.kind !== 'variable' || server.access.path.length > 0) return undefined;
  const event = serverCloseEventOf(server.framework);
  if (!event) return undefined;
  const serverVariable = server.access.variable;
  const statement = statementOf(model, resource.node);
  if (!statement) return undefined;
  if (!contains(serverVariable.scope.block as Node, statement)) return undefined;
  const indent = indentationAt(text, statement.range[0]);
  let name: string;
  const prelude: TextEdit[] = [];
  if (resource.handle.kind === 'discarded' && resource.handle.statement === statement) {
    name = freshName(model, 'interval');
    prelude.push({ range: [statement.range[0], statement.range[0]], text: `const ${name} = ` });
  } else if (resource.handle.kind === 'variable' && contains(resource.handle.variable.scope.block as Node, statement)) {
    name = resource.handle.variable.name;
  } else {
    return undefined;
  }
  const release = `clearInterval(${name});`;
  return {
    description: `Clear the interval when the server emits '${event}'`,
    edits: [...prelude, { range: [statement.range[1], statement.range[1]], text: `\n${indent}${serverVariable.name}.on('${event}', () => ${release.slice(0, -1)});` }],
    release,
  };
}

/** Plans renaming a never-fired close event (socket.io 'close') to the framework's real one. */
export function planCloseEventRename(eventNode: TSESTree.Literal | TSESTree.TemplateLiteral, text: string, closeEvent: string): FixPlan {
  const quote = eventNode.type === 'TemplateLiteral' ? '`' : text[eventNode.range[0]] === '"' ? '"' : "'";
  return { description: `Listen for '${closeEvent}'`, edits: [{ range: eventNode.range, text: `${quote}${closeEvent}${quote}` }] };
}

// ---------------------------------------------------------------------- release statements

const SOCKET = '\u0000socket\u0000';

function needsSocket(spec: ReleaseSpec): boolean {
  return spec.statement(SOCKET).includes(SOCKET);
}

function releaseSpec(model: SocketModel, text: string, resource: SocketResource, socket: SocketFact): ReleaseSpec | undefined {
  const plain = (statement: string, needs: Variable[], usesThis = false): ReleaseSpec => ({ statement: () => statement, needs, usesThis, prelude: [], within: undefined });
  // A signal-bound resource whose controller is aborted on the wrong path: abort it on close.
  if (resource.controllers.length === 1 && (resource.verdict === 'request-only' || resource.verdict === 'error-only' || resource.verdict === 'unreleased')) {
    const controller = resource.controllers[0]!;
    return plain(`${controller.name}.abort();`, [controller]);
  }
  const handle = resource.handle;
  switch (resource.kind) {
    case 'interval':
    case 'recurring-timeout': {
      const clear = resource.kind === 'interval' ? 'clearInterval' : 'clearTimeout';
      if (handle.kind === 'variable') return plain(`${clear}(${handle.variable.name});`, [handle.variable]);
      if (handle.kind === 'member') return memberSpec(model, text, handle.target, socket, (target) => `${clear}(${target});`);
      if (handle.kind === 'discarded' && resource.kind === 'interval') {
        const name = freshName(model, 'interval');
        const block = model.parentOf(handle.statement);
        return {
          statement: () => `clearInterval(${name});`,
          needs: [],
          usesThis: false,
          prelude: [{ range: [handle.statement.range[0], handle.statement.range[0]], text: `const ${name} = ` }],
          within: block,
        };
      }
      return undefined;
    }
    case 'subscription': {
      if (handle.kind !== 'variable') return undefined;
      const name = handle.variable.name;
      const call = resource.node as TSESTree.CallExpression;
      const method = calledMethod(call);
      if (method?.name === 'watch') return plain(`${name}.close();`, [handle.variable]);
      if (/^(?:unsub|unsubscribe|off|dispose|stop|cancel|unlisten|unwatch|remove|detach)/i.test(name)) return plain(`${name}();`, [handle.variable]);
      const rxjs = method && (method.object.type === 'CallExpression' ? calledMethod(method.object)?.name === 'pipe' : /\$$/.test(textOf(text, method.object)));
      if (rxjs || /sub(?:scription)?$/i.test(name)) return plain(`${name}.unsubscribe();`, [handle.variable]);
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
      const receiver = stableReceiver(model, text, method.object);
      if (!receiver || !fnVariable) return undefined;
      return plain(`${receiver.text}.${removal}(${textOf(text, eventArg)}, ${fnArg.name});`, [...receiver.needs, fnVariable], receiver.usesThis);
    }
    case 'registry':
      return registrySpec(model, text, resource, socket);
    case 'child-process':
      return handle.kind === 'variable' ? plain(`${handle.variable.name}.kill();`, [handle.variable]) : undefined;
    default:
      return undefined;
  }
}

/** `clearInterval(ws.timer)`: a member handle whose base is the socket, a variable or `this`. */
function memberSpec(model: SocketModel, text: string, target: TSESTree.MemberExpression, socket: SocketFact, build: (target: string) => string): ReleaseSpec | undefined {
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

function registrySpec(model: SocketModel, text: string, resource: SocketResource, socket: SocketFact): ReleaseSpec | undefined {
  const node = resource.node;
  const isSocket = (expr: Node | undefined) => {
    const value = expr && unwrap(expr);
    return value?.type === 'Identifier' && !!model.resolver && isSocketVariable(socket, model.resolver.variable(value));
  };
  let receiverNode: Node;
  let build: (registry: string, key: string | undefined, s: string) => string;
  let keyNode: Node | undefined;
  if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
    if (!isSocket(node.right)) return undefined;
    receiverNode = node.left.object;
    keyNode = node.left.property;
    build = (r, k, s) => `if (${r}[${k}] === ${s}) delete ${r}[${k}];`;
  } else if (node.type === 'CallExpression') {
    const method = calledMethod(node);
    if (!method) return undefined;
    receiverNode = method.object;
    const args = node.arguments;
    if (method.name === 'set' && isSocket(args[1])) {
      keyNode = args[0];
      build = (r, k, s) => `if (${r}.get(${k}) === ${s}) ${r}.delete(${k});`;
    } else if (method.name === 'add' && args.length === 1 && isSocket(args[0])) build = (r, _k, s) => `${r}.delete(${s});`;
    else if ((method.name === 'push' || method.name === 'unshift') && args.length === 1 && isSocket(args[0])) {
      build = (r, _k, s) => `if (${r}.includes(${s})) ${r}.splice(${r}.indexOf(${s}), 1);`;
    } else if (method.name === 'join' && args.length === 1 && isSocket(args[0])) build = (r, _k, s) => `${r}.leave(${s});`;
    else return undefined;
  } else {
    return undefined;
  }
  const receiver = stableReceiver(model, text, receiverNode);
  if (!receiver) return undefined;
  let key: ((s: string) => string) | undefined;
  const needs = [...receiver.needs];
  if (keyNode) {
    const stable = stableKey(model, text, keyNode, socket);
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
function stableReceiver(model: SocketModel, text: string, expr: Node): { text: string; needs: Variable[]; usesThis: boolean } | undefined {
  let base: Node = unwrap(expr);
  while (base.type === 'MemberExpression' && !base.computed) base = unwrap(base.object);
  if (base.type === 'ThisExpression') return { text: textOf(text, expr), needs: [], usesThis: true };
  if (base.type !== 'Identifier') return undefined;
  const variable = model.resolver?.variable(base);
  return { text: textOf(text, expr), needs: variable ? [variable] : [], usesThis: false };
}

/** A key that means the same thing at close: a literal, an unchanging variable, or a member of the socket (`ws.id`). */
function stableKey(model: SocketModel, text: string, keyNode: Node, socket: SocketFact): { text: (s: string) => string; needs: Variable[] } | undefined {
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

/** Everything the release reads is in scope at `at`. */
function visibleAt(model: SocketModel, spec: ReleaseSpec, at: Node, resourceNode: Node): boolean {
  if (spec.within && !contains(spec.within, at)) return false;
  if (!spec.needs.every((variable) => contains(variable.scope.block as Node, at))) return false;
  if (spec.usesThis) {
    const classNode = enclosingClass(resourceNode, parentMap(model));
    if (!classNode) return false;
    let fn: FunctionNode | undefined = isFunction(at) ? at : enclosingFunction(at, parentMap(model));
    while (fn?.type === 'ArrowFunctionExpression') fn = enclosingFunction(fn, parentMap(model));
    const owner = fn && model.parentOf(fn);
    if (!fn || (owner?.type !== 'MethodDefinition' && owner?.type !== 'PropertyDefinition')) return false;
    if (enclosingClass(fn, parentMap(model)) !== enclosingClass(resourceNode, parentMap(model))) return false;
  }
  return true;
}

function parentMap(model: SocketModel): WeakMap<Node, Node> {
  return { get: (node: Node) => model.parentOf(node) } as unknown as WeakMap<Node, Node>;
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

/** The statement of a function's own body that contains a node. */
function topStatementIn(model: SocketModel, fn: FunctionNode, node: Node): Node | undefined {
  if (fn.body.type !== 'BlockStatement') return undefined;
  let current: Node | undefined = node;
  while (current && model.parentOf(current) !== fn.body) current = model.parentOf(current);
  return current;
}

/** The statement (directly in a block) that contains a node. */
function statementOf(model: SocketModel, node: Node): Node | undefined {
  let current: Node | undefined = node;
  while (current) {
    const parent = model.parentOf(current);
    if (!parent || isFunction(parent)) return undefined;
    if (parent.type === 'BlockStatement' || parent.type === 'Program') return current;
    current = parent;
  }
  return undefined;
}

/** Edits appending a statement at the end of a function's body (turning an expression body into a block). */
function appendToBody(fn: FunctionNode, text: string, statement: string): TextEdit[] | undefined {
  const base = indentationAt(text, fn.range[0]);
  const unit = base.includes('\t') ? '\t' : '  ';
  const inner = base + unit;
  if (fn.body.type === 'BlockStatement') {
    const body = fn.body;
    const last = body.body[body.body.length - 1];
    const first = body.body[0];
    const closing = indentationAt(text, body.range[1] - 1);
    if (!last || !first) return [{ range: [body.range[0] + 1, body.range[1] - 1], text: `\n${inner}${statement}\n${closing}` }];
    const oneLine = !text.slice(body.range[0], body.range[1]).includes('\n');
    if (oneLine) {
      return [{ range: [body.range[0] + 1, body.range[1] - 1], text: `\n${inner}${text.slice(first.range[0], last.range[1])}\n${inner}${statement}\n${base}` }];
    }
    return [{ range: [last.range[1], last.range[1]], text: `\n${indentationAt(text, last.range[0])}${statement}` }];
  }
  const expression = unwrap(fn.body);
  if (expression.type === 'ObjectExpression' || expression.type === 'SequenceExpression') return undefined;
  // `() => ac.abort()` becomes a block; parentheses around the body go with it.
  let [start, end] = fn.body.range;
  while (text[start - 1] === '(' && text[end] === ')') {
    start -= 1;
    end += 1;
  }
  return [{ range: [start, end], text: `{\n${inner}${text.slice(fn.body.range[0], fn.body.range[1])};\n${inner}${statement}\n${base}}` }];
}

function textOf(text: string, node: Node): string {
  return text.slice(node.range[0], node.range[1]);
}


