/**
 * Small structural helpers shared by the flow topics (message-work.ts, sends.ts): reference keys
 * that compare `x`, `this.x` and `a.b.c` without source text, and limiter recognition.
 */
import { propertyName, unwrap, type FunctionNode, type Node } from './ast.js';
import { LIMITER_MODULES, LIMITER_MODULE_PREFIXES } from './flow-data.js';
import type { Resolver } from './resolve.js';
import type { SocketModel } from './types.js';

const variableIds = new WeakMap<object, number>();
let nextVariableId = 1;

/**
 * A key naming what an expression refers to: the same key means the same variable, `this`
 * member or member path (`pending`, `this.busy`, `state.inFlight`). Undefined for anything else.
 */
export function referenceKey(node: Node, resolver: Resolver): string | undefined {
  const expr = unwrap(node);
  if (expr.type === 'Identifier') {
    const variable = resolver.variable(expr);
    if (!variable) return `global:${expr.name}`;
    let id = variableIds.get(variable);
    if (id === undefined) {
      id = nextVariableId++;
      variableIds.set(variable, id);
    }
    return `${expr.name}#${id}`;
  }
  if (expr.type === 'ThisExpression') return 'this';
  if (expr.type === 'MemberExpression') {
    const name = propertyName(expr);
    const base = name === undefined ? undefined : referenceKey(expr.object, resolver);
    return base === undefined ? undefined : `${base}.${name}`;
  }
  return undefined;
}

/** True for a module specifier of a known (or user-named) limiter library. */
export function isLimiterModule(module: string, extra: readonly string[]): boolean {
  return LIMITER_MODULES.includes(module) || LIMITER_MODULE_PREFIXES.some((prefix) => module.startsWith(prefix)) || extra.includes(module);
}

/** The name a callee is called by: `f` for `f()`, `g` for `a.b.g()`, `C` for `new C()`. */
export function calleeName(callee: Node): string | undefined {
  const node = unwrap(callee);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return propertyName(node);
  return undefined;
}

/** The function a callee denotes in this module: a function, a `const` arrow, or a `this.method` (this-owner.ts). */
export function calledFunction(model: SocketModel, callee: Node): FunctionNode | undefined {
  const resolver = model.resolver;
  if (!resolver) return undefined;
  const direct = resolver.functionOf(callee);
  if (direct) return direct;
  return model.thisOwners?.methodAt(callee);
}

/** The statement of a call that is evaluated for its effect only (`f();`, `void f();`), if so. */
export function isDiscarded(model: SocketModel, node: Node): boolean {
  let current = node;
  let parent = model.parentOf(current);
  while (parent && (parent.type === 'ChainExpression' || parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression')) {
    current = parent;
    parent = model.parentOf(current);
  }
  if (!parent) return false;
  if (parent.type === 'ExpressionStatement') return true;
  if (parent.type === 'UnaryExpression' && parent.operator === 'void') return true;
  // `(x) => f(x)` as a listener: the returned value goes to an emitter that ignores it.
  if (parent.type === 'SequenceExpression') return parent.expressions[parent.expressions.length - 1] !== current || isDiscarded(model, parent);
  return false;
}

