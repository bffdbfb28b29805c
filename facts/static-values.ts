/**
 * Static values for liveness and backoff checks: numbers folded from same-module constants, option
 * properties read through spreads of same-module objects, and a per-file scan of the calls the
 * topic modules look at. Everything answers "unknown" rather than guess.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { keyName, propertyName, unwrap, type FunctionNode, type Node } from './ast.js';
import type { OptionsLocation } from './liveness-data.js';
import type { SocketModel } from './types.js';

const MAX_DEPTH = 8;

/**
 * A folded value: a number, `null` or `''` (`nullish`: graphql-ws treats those as "off"), or
 * `undefined` (which a destructuring default replaces with the default).
 */
export type Folded = { readonly kind: 'number'; readonly value: number } | { readonly kind: 'nullish' } | { readonly kind: 'undefined' };

/** Folds an expression to a number using literals, arithmetic and same-module constants. */
export function foldValue(model: SocketModel, expr: Node | null | undefined, depth = 0): Folded | undefined {
  if (!expr || depth > MAX_DEPTH || !model.resolver) return undefined;
  const node = unwrap(expr);
  const number = (value: number): Folded => ({ kind: 'number', value });
  switch (node.type) {
    case 'Literal':
      if (typeof node.value === 'number') return number(node.value);
      if (typeof node.value === 'bigint') return number(Number(node.value));
      if (node.value === null) return { kind: 'nullish' };
      if (node.value === '') return { kind: 'nullish' };
      return undefined;
    case 'Identifier': {
      if (model.resolver.isGlobal(node)) {
        if (node.name === 'Infinity') return number(Number.POSITIVE_INFINITY);
        if (node.name === 'undefined') return { kind: 'undefined' };
        return undefined;
      }
      const variable = model.resolver.variable(node);
      const value = variable && model.resolver.singleValue(variable);
      return value ? foldValue(model, value, depth + 1) : undefined;
    }
    case 'MemberExpression': {
      const object = unwrap(node.object);
      const name = propertyName(node);
      if (object.type === 'Identifier' && object.name === 'Number' && model.resolver.isGlobal(object)) {
        const constants: Record<string, number> = {
          POSITIVE_INFINITY: Number.POSITIVE_INFINITY,
          MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER,
          MAX_VALUE: Number.MAX_VALUE,
        };
        return name !== undefined && name in constants ? number(constants[name]!) : undefined;
      }
      return undefined;
    }
    case 'UnaryExpression': {
      const argument = foldValue(model, node.argument, depth + 1);
      if (node.operator === 'void') return { kind: 'undefined' };
      if (argument?.kind !== 'number') return undefined;
      if (node.operator === '-') return number(-argument.value);
      if (node.operator === '+') return argument;
      if (node.operator === '~') return number(~argument.value);
      return undefined;
    }
    case 'BinaryExpression': {
      if (node.left.type === 'PrivateIdentifier') return undefined;
      const left = foldValue(model, node.left, depth + 1);
      const right = foldValue(model, node.right, depth + 1);
      if (left?.kind !== 'number' || right?.kind !== 'number') return undefined;
      const a = left.value;
      const b = right.value;
      const operations: Partial<Record<string, number>> = {
        '+': a + b,
        '-': a - b,
        '*': a * b,
        '/': a / b,
        '%': a % b,
        '**': a ** b,
        '<<': a << b,
        '>>': a >> b,
        '>>>': a >>> b,
      };
      const value = operations[node.operator];
      return value === undefined ? undefined : number(value);
    }
    case 'CallExpression': {
      // Math.min/max/pow/floor/… of constants.
      const callee = unwrap(node.callee);
      if (callee.type !== 'MemberExpression' || !isGlobalNamed(model, callee.object, 'Math')) return undefined;
      const args = node.arguments.map((arg) => foldValue(model, arg, depth + 1));
      if (args.some((arg) => arg?.kind !== 'number')) return undefined;
      const values = args.map((arg) => (arg as { value: number }).value);
      const fn = (Math as unknown as Record<string, unknown>)[propertyName(callee) ?? ''];
      const allowed = ['min', 'max', 'pow', 'floor', 'ceil', 'round', 'trunc', 'abs'];
      return typeof fn === 'function' && allowed.includes(propertyName(callee)!) ? number((fn as (...n: number[]) => number)(...values)) : undefined;
    }
    default:
      return undefined;
  }
}

export function isGlobalNamed(model: SocketModel, node: Node, name: string): boolean {
  const inner = unwrap(node);
  return inner.type === 'Identifier' && inner.name === name && !!model.resolver?.isGlobal(inner);
}

/** What an options object says about one property. */
export type PropertyLookup =
  | { readonly state: 'absent' }
  /** A spread we cannot see into may set it. */
  | { readonly state: 'unknown' }
  | { readonly state: 'present'; readonly property: TSESTree.Property };

/** Reads a property of an object literal, following spreads of same-module objects (the last one wins). */
export function lookupProperty(model: SocketModel, object: TSESTree.ObjectExpression, name: string, depth = 0): PropertyLookup {
  let result: PropertyLookup = { state: 'absent' };
  for (const element of object.properties) {
    if (element.type === 'SpreadElement') {
      const spread = depth < MAX_DEPTH ? model.resolver?.objectLiteral(element.argument) : undefined;
      if (!spread) {
        result = { state: 'unknown' };
        continue;
      }
      const inner = lookupProperty(model, spread, name, depth + 1);
      if (inner.state !== 'absent') result = inner;
    } else if (element.type === 'Property' && keyName(element) === name) {
      result = { state: 'present', property: element };
    } else if (element.type === 'Property' && element.computed && keyName(element) === undefined) {
      // `[key]: value` may be our property.
      result = { state: 'unknown' };
    }
  }
  return result;
}

/** The options object at a location: found, known to be absent (with the object to add it to), or unknown. */
export type OptionsLookup =
  | { readonly state: 'found'; readonly object: TSESTree.ObjectExpression }
  /**
   * Known absent. `parent` is the innermost object literal that exists on the path and `missing`
   * the path segments below it that do not (`[]` never happens: then the options are found); with
   * no parent, the argument itself is missing and `call` can take it at `argument`.
   */
  | {
      readonly state: 'absent';
      readonly parent: TSESTree.ObjectExpression | undefined;
      readonly missing: readonly string[];
    }
  | { readonly state: 'unknown' };

export function lookupOptions(model: SocketModel, call: TSESTree.CallExpression | TSESTree.NewExpression, location: OptionsLocation): OptionsLookup {
  const args = call.arguments;
  const index = location.argument === 'last' ? args.length - 1 : location.argument;
  if (args.some((arg, i) => arg.type === 'SpreadElement' && i <= Math.max(index, 0))) return { state: 'unknown' };
  const arg = index >= 0 ? args[index] : undefined;
  if (!arg) return { state: 'absent', parent: undefined, missing: location.path };
  let object = model.resolver?.objectLiteral(arg);
  if (!object) {
    // socket.io's last argument may be the HTTP server or port: then there are no options.
    if (location.argument === 'last') return { state: 'absent', parent: undefined, missing: location.path };
    const folded = foldValue(model, arg);
    return folded && folded.kind !== 'number' ? { state: 'absent', parent: undefined, missing: location.path } : { state: 'unknown' };
  }
  for (let i = 0; i < location.path.length; i++) {
    const lookup = lookupProperty(model, object, location.path[i]!);
    if (lookup.state === 'unknown') return { state: 'unknown' };
    if (lookup.state === 'absent') return { state: 'absent', parent: object, missing: location.path.slice(i) };
    const inner: TSESTree.ObjectExpression | undefined = model.resolver?.objectLiteral(lookup.property.value);
    if (!inner) return { state: 'unknown' };
    object = inner;
  }
  return { state: 'found', object };
}

/** Every call and `new` in the file, and every update of a binding, gathered once per model. */
export interface ModuleScan {
  readonly calls: readonly TSESTree.CallExpression[];
  readonly news: readonly TSESTree.NewExpression[];
  readonly updates: readonly (TSESTree.UpdateExpression | TSESTree.AssignmentExpression)[];
  readonly exportedNames: ReadonlySet<string>;
}

const scans = new WeakMap<SocketModel, ModuleScan>();

export function scanModule(model: SocketModel): ModuleScan {
  let scan = scans.get(model);
  if (scan) return scan;
  const calls: TSESTree.CallExpression[] = [];
  const news: TSESTree.NewExpression[] = [];
  const updates: (TSESTree.UpdateExpression | TSESTree.AssignmentExpression)[] = [];
  const exportedNames = new Set<string>();
  for (const node of model.nodes) {
    if (node.type === 'CallExpression') calls.push(node);
    else if (node.type === 'NewExpression') news.push(node);
    else if (node.type === 'UpdateExpression' || node.type === 'AssignmentExpression') updates.push(node);
    else if (node.type === 'ExportSpecifier' && node.local.type === 'Identifier') exportedNames.add(node.local.name);
    else if (node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'VariableDeclaration') {
      for (const declarator of node.declaration.declarations) if (declarator.id.type === 'Identifier') exportedNames.add(declarator.id.name);
    } else if (node.type === 'ExportDefaultDeclaration' && node.declaration.type === 'Identifier') exportedNames.add(node.declaration.name);
  }
  const byStart = (a: Node, b: Node) => a.range[0] - b.range[0];
  scan = { calls: calls.sort(byStart), news: news.sort(byStart), updates: updates.sort(byStart), exportedNames };
  scans.set(model, scan);
  return scan;
}


/** The functions around a node, innermost first. */
export function enclosingFns(model: SocketModel, node: Node): FunctionNode[] {
  const fns: FunctionNode[] = [];
  for (let fn = model.enclosingFunction(node); fn; fn = model.enclosingFunction(fn)) fns.push(fn);
  return fns;
}

