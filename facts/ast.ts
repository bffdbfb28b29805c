/**
 * Small, engine-neutral helpers over the typescript-estree AST.
 *
 * The model never relies on `node.parent`: ESLint sets it, but jscodeshift/recast reprints any
 * node whose `parent` was touched, so parents live in a side table built by our own walk.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export type Node = TSESTree.Node;
export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/** The parent of each node (the model keeps its own table, see node-index.ts). */
export interface ParentMap {
  get(node: Node): Node | undefined;
}

/** Unknown node types (a newer parser than our keys): visit every object-valued property. */
export function fallbackKeys(node: Node): string[] {
  return Object.keys(node).filter(
    (key) => key !== 'parent' && key !== 'loc' && key !== 'range' && typeof (node as never)[key] === 'object',
  );
}

/** The direct child nodes of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (const key of visitorKeys[node.type] ?? fallbackKeys(node)) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child) if (item && typeof (item as Node).type === 'string') children.push(item as Node);
    } else if (child && typeof (child as Node).type === 'string') {
      children.push(child as Node);
    }
  }
  return children;
}

/**
 * Parents through which a value leaves our sight: stored in an object or array, returned, spread,
 * yielded, or rendered. Code we cannot see may hold it from there on.
 */
export const ESCAPING_PARENT_TYPES: ReadonlySet<string> = new Set([
  'Property',
  'ArrayExpression',
  'ReturnStatement',
  'SpreadElement',
  'ArrowFunctionExpression',
  'YieldExpression',
  'JSXExpressionContainer',
]);

export function isFunction(node: Node | null | undefined): node is FunctionNode {
  return (
    node?.type === 'ArrowFunctionExpression' ||
    node?.type === 'FunctionExpression' ||
    node?.type === 'FunctionDeclaration'
  );
}

/** The string an expression statically is: a literal, or a template literal without expressions. */
export function staticString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** Expressions that only wrap another for the type checker (or optional chaining). */
export const TS_WRAPPER_TYPES: ReadonlySet<string> = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSSatisfiesExpression',
  'ChainExpression',
]);

/** Strips TS-only wrappers and parentheses-free no-ops: `x as T`, `x!`, `<T>x`, `x satisfies T`. */
export function unwrap(node: Node): Node {
  let current = node;
  while (
    current.type === 'TSAsExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'ChainExpression'
  ) {
    current = current.expression;
  }
  return current;
}

/** `a.b` / `a['b']` → 'b'; anything computed and non-static → undefined. */
export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed) return staticString(member.property);
  if (member.property.type === 'PrivateIdentifier') return `#${member.property.name}`;
  return undefined;
}

/** The key of an object property or class member, when static. */
export function keyName(node: TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  if (!node.computed && node.key.type === 'Identifier') return node.key.name;
  if (node.key.type === 'Literal' && typeof node.key.value === 'string') return node.key.value;
  return staticString(node.key);
}

/** The callee's method name for `x.name(...)`, else undefined. */
export function calledMethod(call: TSESTree.CallExpression): { object: Node; name: string } | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const name = propertyName(callee);
  return name === undefined ? undefined : { object: unwrap(callee.object), name };
}

/** Function value of an object property / method, if it is a function. */
export function propertyFunction(prop: TSESTree.ObjectLiteralElement): FunctionNode | undefined {
  if (prop.type !== 'Property') return undefined;
  const value = prop.value;
  return isFunction(value) ? value : undefined;
}

/** Finds a property of an object literal by static key (the last one wins, as at run time). */
export function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const prop of object.properties) {
    if (prop.type === 'Property' && keyName(prop) === name) found = prop;
  }
  return found;
}

/** Every value an arrow/function returns that is statically an object literal. */
export function returnedObjects(fn: FunctionNode): TSESTree.ObjectExpression[] {
  if (fn.body.type !== 'BlockStatement') {
    const body = unwrap(fn.body);
    return body.type === 'ObjectExpression' ? [body] : [];
  }
  const found: TSESTree.ObjectExpression[] = [];
  const stack: Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunction(node)) continue; // a nested function's return is not ours
    if (node.type === 'ReturnStatement' && node.argument) {
      const value = unwrap(node.argument);
      if (value.type === 'ObjectExpression') found.push(value);
      continue;
    }
    stack.push(...childrenOf(node));
  }
  return found;
}

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** The nearest enclosing class of a node. */
export function enclosingClass(node: Node, parents: ParentMap): ClassNode | undefined {
  let current = parents.get(node);
  while (current && current.type !== 'ClassDeclaration' && current.type !== 'ClassExpression') current = parents.get(current);
  return current;
}

/** A class's constructor implementation (overload signatures have no body), if it declares one. */
export function constructorOf(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): FunctionNode | undefined {
  for (const member of classNode.body.body) {
    if (member.type === 'MethodDefinition' && member.kind === 'constructor' && isFunction(member.value)) return member.value;
  }
  return undefined;
}

/** What each decorator of a node applies: `X` of `@X` and of `@X(…)`, with the call if any. */
export function decoratorsOf(node: Node): { readonly callee: Node; readonly call: TSESTree.CallExpression | undefined }[] {
  const decorators = 'decorators' in node ? ((node.decorators as readonly TSESTree.Decorator[] | undefined) ?? []) : [];
  return decorators.map((decorator) => {
    const expression = unwrap(decorator.expression);
    return expression.type === 'CallExpression' ? { callee: expression.callee, call: expression } : { callee: expression, call: undefined };
  });
}

/**
 * The collection a lookup reads one entry of: `rooms` in `rooms.get(id)`, `rooms[id]`, and
 * `rooms.get(id) ?? []` (the fallback is an empty entry; the lookup is what is kept).
 */
export function lookedUpCollection(expr: Node): Node | undefined {
  let node = unwrap(expr);
  if (node.type === 'LogicalExpression') node = unwrap(node.left);
  if (node.type === 'CallExpression') {
    const method = calledMethod(node);
    return method?.name === 'get' ? method.object : undefined;
  }
  return node.type === 'MemberExpression' && node.computed ? node.object : undefined;
}

/** True when `inner` lies inside `outer` (by source range). */
export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

export function isIdentifier(node: Node | null | undefined, name?: string): node is TSESTree.Identifier {
  return node?.type === 'Identifier' && (name === undefined || node.name === name);
}
