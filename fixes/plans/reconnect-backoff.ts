/**
 * reconnect-backoff (the synchronised-drop incident): a client reconnects after a random, growing
 * delay, `Math.random() * Math.min(cap, base * 2 ** attempt++)` (full jitter, capped exponential
 * backoff), with the attempt counter declared beside the function that creates the socket and
 * reset when a socket opens. Or, for a delay that already grows, full jitter alone. The user's
 * delay expression is kept (wrapped), never retyped.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode, Node } from '../../facts/ast.js';
import { isFunction } from '../../facts/ast.js';
import { FRAMEWORKS } from '../../facts/frameworks.js';
import type { SocketModel } from '../../facts/index.js';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../../facts/liveness-data.js';
import type { LibraryBackoff } from '../../facts/library-reconnect.js';
import type { Reconnect } from '../../facts/reconnect.js';
import { code, NewName, str, verbatim, type Code } from '../code.js';
import type { PlanDraft, PlanEdit } from '../plan.js';
import { declarationScope, listenerEdits, statementOf } from './places.js';

/** Plans wrapping a growing delay in full jitter: `Math.random() * (delay)`. */
export function planAddJitter(model: SocketModel, reconnect: Reconnect): PlanDraft | undefined {
  const expression = reconnect.delay.kind === 'none' ? undefined : reconnect.delay.expression;
  if (!expression) return undefined;
  return { kind: 'reconnect-backoff', description: 'Spread the delay with full jitter', edits: wrap(model, expression, code`Math.random() * `, code``) };
}

/**
 * Plans full-jitter exponential backoff. Only for a socket created in a plain function (not a
 * class method, where the counter would need a field). `baseMs` is the constant delay the code
 * waits today: 0 is replaced by the default base, anything else is kept as the base.
 */
export function planJitteredBackoff(model: SocketModel, reconnect: Reconnect, baseMs: number | undefined): PlanDraft | undefined {
  const creator = model.enclosingFunction(reconnect.socket.node);
  const holder = creator && creatorStatement(model, creator);
  if (!holder) return undefined;
  const counter = new NewName('reconnectAttempt', declarationScope(model, holder));
  const edits: PlanEdit[] = [{ kind: 'before', statement: holder, code: code`let ${counter} = 0;` }];
  const delay = reconnect.delay;
  const grow = code` * 2 ** ${counter}++)`;
  const full = (base: string | number) => code`Math.random() * Math.min(${BACKOFF_CAP_MS}, ${String(base)}${grow}`;
  if (delay.kind === 'timer' && delay.repeating) {
    // A countdown on an interval: no one expression to spread.
    return undefined;
  } else if (delay.kind === 'timer') {
    if (!delay.expression) {
      edits.push({ kind: 'insert', at: delay.timer.arguments[0]!.range[1], side: 'after', code: code`, ${full(BACKOFF_BASE_MS)}` });
    } else if (baseMs === 0) {
      edits.push({ kind: 'replace', range: delay.expression.range, code: full(BACKOFF_BASE_MS) });
    } else {
      edits.push(...wrap(model, delay.expression, code`Math.random() * Math.min(${BACKOFF_CAP_MS}, `, grow));
    }
  } else if (delay.kind === 'none') {
    // `connect();` (or an arrow's body `() => connect()` whose value nobody reads) waits first.
    const call = reconnect.reconnect;
    const parent = model.parentOf(call);
    const discarded = parent?.type === 'ExpressionStatement' || (isFunction(parent) && parent.body === call && model.returnValueIgnored(parent));
    const listener = listenerReference(reconnect);
    if (listener && reconnect.handler.fn === creator && creator.params.length === 0) {
      // `ws.on('close', connect)`: the listener becomes `() => setTimeout(connect, delay)`; only
      // for a function without parameters, which the close event's arguments never reached.
      edits.push({ kind: 'replace', range: listener.range, code: code`() => setTimeout(${listener.name}, ${full(BACKOFF_BASE_MS)})` });
    } else if (call.type === 'CallExpression' && discarded) {
      edits.push(
        { kind: 'insert', at: call.range[0], side: 'before', code: code`setTimeout(() => ` },
        { kind: 'insert', at: call.range[1], side: 'after', code: code`, ${full(BACKOFF_BASE_MS)})` },
      );
    } else return undefined;
  } else {
    return undefined;
  }
  const eventTarget = FRAMEWORKS[reconnect.socket.framework].listenerStyle === 'event-target';
  const reset = listenerEdits(model, { node: reconnect.socket.node, access: reconnect.socket.accesses[0], handlerFn: undefined }, (name): Code =>
    eventTarget
      ? code`${name}.addEventListener(${str('open')}, () => {
  ${counter} = 0;
});`
      : code`${name}.on(${str('open')}, () => {
  ${counter} = 0;
});`,
  );
  if (!reset) return undefined;
  edits.push(...reset);
  return { kind: 'reconnect-backoff', description: 'Reconnect with capped exponential backoff and full jitter, reset on open', edits };
}

/** The listener of `ws.on('close', connect)` or `ws.onclose = connect`, when it is a name. */
function listenerReference(reconnect: Reconnect): TSESTree.Identifier | undefined {
  const registration = reconnect.handler.registration;
  const value = registration.type === 'CallExpression' ? registration.arguments[1] : registration.type === 'AssignmentExpression' ? registration.right : undefined;
  return value?.type === 'Identifier' ? value : undefined;
}

/** Insertions around an expression, with parentheses when it is not a primary expression. */
function wrap(model: SocketModel, expression: Node, before: Code, after: Code): PlanEdit[] {
  const source = model.text.slice(expression.range[0], expression.range[1]);
  const primary = /^[\w$.]+(?:\([^()]*\))?$/.test(source);
  return [
    { kind: 'insert', at: expression.range[0], side: 'before', code: primary ? before : code`${before}(` },
    { kind: 'insert', at: expression.range[1], side: 'after', code: primary ? after : code`)${after}` },
  ];
}

/** The statement that declares a plain function (a declaration, or `const f = () => …`) in a block or the program. */
function creatorStatement(model: SocketModel, fn: FunctionNode): Node | undefined {
  let statement: Node | undefined;
  if (fn.type === 'FunctionDeclaration') statement = fn;
  else {
    const declarator = model.parentOf(fn);
    const declaration = declarator && model.parentOf(declarator);
    if (declarator?.type === 'VariableDeclarator' && declaration?.type === 'VariableDeclaration') statement = declaration;
  }
  if (!statement) return undefined;
  let parent = model.parentOf(statement);
  if (parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration') {
    statement = parent;
    parent = model.parentOf(statement);
  }
  return parent?.type === 'BlockStatement' || parent?.type === 'Program' ? statement : undefined;
}

/**
 * Plans dropping the reconnect of an 'error' handler when the 'close' handler reconnects too
 * ('close' follows 'error'): the statement that schedules it (with the `if` that only guards it)
 * becomes a comment saying why it went.
 */
export function planDropErrorReconnect(model: SocketModel, reconnect: Reconnect, closeEvent: string): PlanDraft | undefined {
  const fn = reconnect.handler.fn;
  const scheduled = reconnect.delay.kind === 'timer' ? reconnect.delay.timer : reconnect.reconnect;
  let statement = fn ? statementOf(model, scheduled) : undefined;
  if (!statement || !fn || model.enclosingFunction(statement) !== fn || statement === fn.body) return undefined;
  // `if (!stopped) setTimeout(open, 1000);`: the `if` goes too, when its test only reads.
  for (let parent = model.parentOf(statement); parent?.type === 'IfStatement' && parent.consequent === statement && !parent.alternate && isPureTest(parent.test); parent = model.parentOf(statement)) statement = parent;
  const parent = model.parentOf(statement);
  if (!parent || (parent.type !== 'BlockStatement' && parent.type !== 'Program')) return undefined;
  return {
    kind: 'drop-error-reconnect',
    description: `Reconnect from '${closeEvent}' only`,
    edits: [{ kind: 'replace', range: statement.range, code: code`// '${closeEvent}' follows '${reconnect.handler.event}', and the '${closeEvent}' listener reconnects.` }],
  };
}

/** A test without effects: names, members, literals and operators on them. */
function isPureTest(node: Node): boolean {
  switch (node.type) {
    case 'Identifier':
    case 'Literal':
    case 'ThisExpression':
      return true;
    case 'MemberExpression':
      return !node.computed && isPureTest(node.object);
    case 'UnaryExpression':
      return node.operator !== 'delete' && isPureTest(node.argument);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return node.left.type !== 'PrivateIdentifier' && isPureTest(node.left) && isPureTest(node.right);
    default:
      return false;
  }
}

/**
 * A library's reconnection options: `randomizationFactor: 0` becomes the library's default spread
 * (0.5); a largest delay no greater than the first becomes 30 s (or 8 times the first delay).
 */
export function planLibraryBackoff(backoff: LibraryBackoff): PlanDraft | undefined {
  if (backoff.problem === 'no-jitter') {
    if (!backoff.property) return undefined;
    return { kind: 'library-backoff', description: 'Spread the reconnect delays (randomizationFactor 0.5, the default)', edits: [{ kind: 'replace', range: backoff.property.value.range, code: verbatim('0.5') }] };
  }
  const cap = Math.max(30_000, backoff.delayMs * 8);
  const value = verbatim(String(cap));
  if (backoff.property) {
    return { kind: 'library-backoff', description: `Let the reconnect delay grow up to ${cap} ms`, edits: [{ kind: 'replace', range: backoff.property.value.range, code: value }] };
  }
  if (!backoff.options) return undefined;
  return { kind: 'library-backoff', description: `Let the reconnect delay grow up to ${cap} ms`, edits: [{ kind: 'property', object: backoff.options, code: code`${verbatim(backoff.maxOption)}: ${value}` }] };
}
