/**
 * Where plans put things: the statement that contains a node, the text that names a socket or
 * server at a place, and the edits that add a listener to one.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { contains, isFunction, type FunctionNode, type Node } from '../../facts/ast.js';
import type { Access, SocketModel, Variable } from '../../facts/index.js';
import { code, type Code } from '../code.js';
import { isStatementPosition } from '../engine.js';
import type { PlanEdit } from '../plan.js';

/**
 * The innermost statement that contains a node in the same function (the node itself when it is
 * a statement), or an arrow's expression body; undefined across a function boundary.
 */
export function statementOf(model: SocketModel, node: Node): Node | undefined {
  let current: Node = node;
  for (;;) {
    const parent = model.parentOf(current);
    if (!parent) return undefined;
    if (isFunction(parent)) return parent.body === current && parent.type === 'ArrowFunctionExpression' ? current : undefined;
    if (isStatementPosition(current, parent)) return current;
    if (parent.type === 'PropertyDefinition' || parent.type === 'ClassBody') return undefined;
    current = parent;
  }
}

/**
 * True when evaluating the statement does not always evaluate the node: it sits in a branch of
 * `?:`, on the right of `&&`/`||`/`??` (or `||=`…), or in an optional chain.
 */
export function isConditionallyEvaluated(model: SocketModel, node: Node, statement: Node): boolean {
  let current = node;
  while (current !== statement) {
    const parent = model.parentOf(current);
    if (!parent) return false;
    if (parent.type === 'ConditionalExpression' && parent.test !== current) return true;
    if (parent.type === 'LogicalExpression' && parent.right === current) return true;
    if (parent.type === 'AssignmentExpression' && parent.right === current && /^(?:&&|\|\||\?\?)=$/.test(parent.operator)) return true;
    // Inside `a?.b(…)` (conservatively: anywhere in an optional chain).
    if (parent.type === 'ChainExpression') return true;
    current = parent;
  }
  return false;
}

/**
 * Where a declaration put before (or in front of) a statement is visible: the statement's block,
 * or the statement itself when it is a sole body (the engine adds the block around it).
 */
export function declarationScope(model: SocketModel, statement: Node): Node {
  const parent = model.parentOf(statement);
  return parent && (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'StaticBlock' || parent.type === 'SwitchCase') ? parent : statement;
}

/**
 * `let x;`, `let x = null`, `const xs = []` with no type annotation: TypeScript gives such a
 * variable an evolving type, and reading it from a closure a plan adds is an implicit-any error
 * (TS7005) in strict mode.
 */
export function hasEvolvingType(variable: Variable): boolean {
  const def = variable.defs[0];
  if (def?.type !== 'Variable' || variable.defs.length !== 1) return false;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== 'Identifier' || declarator.id.typeAnnotation) return false;
  const init = declarator.init;
  if (!init) return true;
  return (init.type === 'ArrayExpression' && init.elements.length === 0) || (init.type === 'Literal' && init.value === null) || (init.type === 'Identifier' && init.name === 'undefined');
}

/** The effect key of "this AbortController is aborted when the socket closes" (plan.ts `effects`). */
export function abortOnCloseEffect(controller: Variable): string {
  return `abort-on-close:${controller.name}@${controller.identifiers[0]?.range[0] ?? -1}`;
}

/** `ws`, `ctx.websocket`, `this.server`: the text that names an access. */
export function accessText(access: Access | undefined): string | undefined {
  if (!access) return undefined;
  if (access.kind === 'this-member') return `this.${access.name}`;
  return [access.variable.name, ...access.path].join('.');
}

export interface ListenerTarget {
  /** The node that introduces the socket or server: a handler parameter, or a creating expression. */
  readonly node: Node;
  readonly access: Access | undefined;
  /** The handler whose parameter the target is, when it is one. */
  readonly handlerFn: FunctionNode | undefined;
}

/**
 * Edits adding statements that listen on a socket or server: first in the handler's body when the
 * target is a handler parameter, otherwise right after the statement that creates it (guarded
 * with `if (x)` when that statement may leave it unset, unless the code declares names that later
 * code reads). `build` gets the text naming the target there and the block its declarations land
 * in. Undefined when there is no such place (a destructured parameter, a class field, a socket
 * created inside an argument).
 */
export function listenerEdits(
  model: SocketModel,
  target: ListenerTarget,
  build: (name: string, scope: Node) => Code,
  options: { readonly declares?: boolean } = {},
): PlanEdit[] | undefined {
  const { node, handlerFn } = target;
  if (handlerFn && handlerFn.params.includes(node as TSESTree.Parameter)) {
    if (node.type !== 'Identifier') return undefined;
    // A socket below the parameter (koa-websocket's `ctx.websocket`) is named by its access.
    const name = target.access?.kind === 'variable' && target.access.path.length > 0 ? accessText(target.access)! : node.name;
    return [{ kind: 'body-start', fn: handlerFn, code: build(name, handlerFn.body) }];
  }
  const name = accessText(target.access);
  const statement = name === undefined ? undefined : statementOf(model, node);
  if (name === undefined || !statement) return undefined;
  // The name must mean the same thing after the statement (a variable declared inside it does).
  if (target.access?.kind === 'variable' && !contains(target.access.variable.scope.block as Node, statement)) return undefined;
  const listen = build(name, declarationScope(model, statement));
  if (!isConditionallyEvaluated(model, node, statement)) return [{ kind: 'after', statement, code: listen }];
  return options.declares ? undefined : [{ kind: 'after', statement, code: code`if (${name}) ${listen}` }];
}
