/**
 * Name resolution: what an expression denotes in terms of imported modules and globals.
 *
 * `denote(expr)` follows identifiers through imports (default, named, namespace, renamed,
 * type-only), `require` (plain, destructured, `import x = require()`), `const` aliases and member
 * chains, and returns a module (or global) plus a property path. The library tables then say what
 * that path is.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { isFunction, keyName, propertyName, staticString, unwrap, type FunctionNode, type Node } from './ast.js';
import { GLOBALS, LIBRARIES, type ExportRole, type FrameworkId } from './frameworks.js';
import { FUNCTION_RETURNING_HOOKS } from './owners-data.js';
import type { Variable } from './types.js';

export interface ScopeManagerLike {
  readonly scopes: readonly TSESLint.Scope.Scope[];
  readonly globalScope: TSESLint.Scope.Scope | null;
}

export type Origin =
  | { readonly kind: 'module'; readonly module: string; readonly path: readonly string[] }
  | { readonly kind: 'global'; readonly path: readonly string[] };

export interface Denotation {
  readonly framework: FrameworkId;
  readonly role: ExportRole;
}

const MAX_DEPTH = 12;

/** An origin's path inside its module, without a leading `default` (a default import of a CommonJS module). */
export function exportPath(origin: Extract<Origin, { kind: 'module' }>): readonly string[] {
  return origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
}

export class Resolver {
  private readonly referenceOf = new Map<TSESTree.Identifier, TSESLint.Scope.Reference>();
  private readonly variableOf = new Map<TSESTree.Identifier, Variable>();
  /**
   * The scopes whose references and variables are not in the tables yet, by the node that opens
   * them, with their place in the scope manager's list (which puts a scope after its parent).
   */
  private unindexedScopes: Map<Node, { readonly scope: TSESLint.Scope.Scope; readonly order: number }[]> | undefined;
  /** The nodes whose scopes are in the tables (and so are the scopes of every node above them). */
  private readonly indexed = new Set<Node>();
  /**
   * Each variable's writes. Asked for at every reference
   * whose origin is wanted; filtering the references each time made a socket parameter with
   * hundreds of references (one per event handler) quadratic.
   */
  private readonly writesOf = new Map<Variable, readonly TSESLint.Scope.Reference[]>();
  /**
   * False when nothing in the file can denote a library export or a known global (see
   * `mayDenoteIn`): `denote` then answers at once. Most files that mention WebSockets in passing
   * (bundles, dev servers) are such files, and the recogniser asks `denote` of every call.
   */
  private readonly mayDenote: boolean;

  /** The names a denotation can start from (`denotableNames`), computed at the first `denote`. */
  private denotable: ReadonlySet<string> | undefined;

  /**
   * The tables from identifiers to references and variables are filled a scope at a time, for
   * the scopes around the identifiers asked about (`parentOf` finds them): a big file of which
   * the model asks about a few names no longer pays for a table of all its identifiers.
   * `bindings` gives the file's bindings for `denotableNames`; without it every expression is
   * resolved. Two cheap gates stand in front of `denote`, from the cheapest: the text
   * (`mayDenoteIn`, no library module or global name written at all), then the names bound to
   * one (`denotableNames`).
   */
  constructor(
    private readonly scopeManager: ScopeManagerLike,
    text: string | undefined,
    private readonly parentOf: (node: Node) => Node | undefined,
    private readonly bindings?: () => Bindings,
  ) {
    this.mayDenote = text === undefined || mayDenoteIn(text);
  }

  /** Built at the first question: many files are never asked one. */
  private get unindexed(): Map<Node, { readonly scope: TSESLint.Scope.Scope; readonly order: number }[]> {
    if (!this.unindexedScopes) {
      const unindexed = new Map<Node, { readonly scope: TSESLint.Scope.Scope; readonly order: number }[]>();
      this.scopeManager.scopes.forEach((scope, order) => {
        const block = scope.block as Node;
        let scopes = unindexed.get(block);
        if (!scopes) unindexed.set(block, (scopes = []));
        scopes.push({ scope, order });
      });
      this.unindexedScopes = unindexed;
    }
    return this.unindexedScopes;
  }

  /**
   * Puts into the tables every scope that encloses the identifier. A scope's references and
   * variables all lie inside the node that opens it, so those are the only scopes that can name
   * it. Scopes go in whole chains, innermost to the program, so the climb stops at the first one
   * already in; within a chain, outer scopes go first, so that an inner scope's entry wins, as
   * when every scope went in at once in the scope manager's order.
   */
  private index(identifier: TSESTree.Identifier): void {
    const found: { readonly scope: TSESLint.Scope.Scope; readonly order: number }[] = [];
    const unindexed = this.unindexed;
    for (let node: Node | undefined = identifier; node && !this.indexed.has(node); node = this.parentOf(node)) {
      const scopes = unindexed.get(node);
      if (!scopes) continue;
      found.push(...scopes);
      unindexed.delete(node);
      this.indexed.add(node);
    }
    if (found.length === 0) return;
    found.sort((a, b) => a.order - b.order);
    for (const { scope } of found) {
      for (const reference of scope.references) this.referenceOf.set(reference.identifier as TSESTree.Identifier, reference);
      for (const variable of scope.variables) {
        for (const declared of variable.identifiers) this.variableOf.set(declared, variable);
      }
    }
  }

  private referenceTo(identifier: TSESTree.Identifier): TSESLint.Scope.Reference | undefined {
    this.index(identifier);
    return this.referenceOf.get(identifier);
  }

  /** The variable an identifier refers to or declares; undefined for globals. */
  variable(identifier: TSESTree.Identifier): Variable | undefined {
    this.index(identifier);
    return this.variableOf.get(identifier) ?? this.referenceOf.get(identifier)?.resolved ?? undefined;
  }

  /** True when the identifier is an unshadowed global (not declared or imported anywhere). */
  isGlobal(identifier: TSESTree.Identifier): boolean {
    const reference = this.referenceTo(identifier);
    if (!reference) return false;
    const resolved = reference.resolved;
    return resolved === null || resolved.defs.length === 0;
  }

  /** A variable whose value never changes after its declaration (const, or never reassigned). */
  singleValue(variable: Variable): TSESTree.Expression | undefined {
    const def = variable.defs[0];
    if (!def || variable.defs.length !== 1 || def.type !== 'Variable') return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
    const writes = this.writes(variable).filter((r) => r.identifier !== declarator.id);
    return writes.length === 0 ? declarator.init : undefined;
  }

  /** Follows `const` aliases of an expression to the object literal it denotes, if any. */
  objectLiteral(expr: Node | null | undefined, depth = 0): TSESTree.ObjectExpression | undefined {
    if (!expr || depth > MAX_DEPTH) return undefined;
    const node = unwrap(expr);
    if (node.type === 'ObjectExpression') return node;
    if (node.type === 'Identifier') {
      const variable = this.variable(node);
      const value = variable && this.singleValue(variable);
      return value ? this.objectLiteral(value, depth + 1) : undefined;
    }
    return undefined;
  }

  /** Follows references to the function an expression denotes in this module. */
  functionOf(expr: Node | null | undefined, depth = 0): FunctionNode | undefined {
    if (!expr || depth > MAX_DEPTH) return undefined;
    const node = unwrap(expr);
    if (isFunction(node)) return node;
    if (node.type === 'Identifier') {
      const variable = this.variable(node);
      const def = variable?.defs[0];
      if (!variable || !def || variable.defs.length !== 1) return undefined;
      if (def.type === 'FunctionName' && isFunction(def.node as Node)) return def.node as FunctionNode;
      const value = this.singleValue(variable);
      return value ? this.functionOf(value, depth + 1) : undefined;
    }
    // `fn.bind(thisArg)` behaves like `fn` for our purposes.
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && propertyName(node.callee) === 'bind') {
      return this.functionOf(node.callee.object, depth + 1);
    }
    // `useCallback(fn, deps)` returns `fn` (a memoising hook, owners-data.ts).
    if (node.type === 'CallExpression' && this.isFunctionReturningHook(node.callee, depth)) return this.functionOf(node.arguments[0], depth + 1);
    return undefined;
  }

  private isFunctionReturningHook(callee: Node, depth: number): boolean {
    const origin = this.origin(callee, depth + 1);
    if (origin?.kind !== 'module') return false;
    const path = exportPath(origin);
    return FUNCTION_RETURNING_HOOKS.some((hook) => hook.modules.includes(origin.module) && path.length === 1 && hook.names.includes(path[0]!));
  }

  /** The class a `new` callee denotes in this module (a declaration or a `const` class expression). */
  classOf(callee: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
    if (callee.type !== 'Identifier') return undefined;
    const variable = this.variable(callee);
    const def = variable?.defs[0];
    if (!variable || !def || variable.defs.length !== 1) return undefined;
    if (def.type === 'ClassName') {
      const node = def.node as Node;
      return node.type === 'ClassDeclaration' || node.type === 'ClassExpression' ? node : undefined;
    }
    const value = this.singleValue(variable);
    return value?.type === 'ClassExpression' ? value : undefined;
  }

  /**
   * Where an expression's value comes from: a module export path or a global path. Each case has
   * its twin in `reachesDenotable`, which must reach whatever a case here can reach.
   */
  origin(expr: Node | null | undefined, depth = 0): Origin | undefined {
    if (!expr || depth > MAX_DEPTH) return undefined;
    const node = unwrap(expr);
    switch (node.type) {
      case 'Identifier':
        return this.identifierOrigin(node, depth);
      case 'MemberExpression': {
        const name = propertyName(node);
        const base = name === undefined ? undefined : this.origin(node.object, depth + 1);
        return base && name !== undefined ? { ...base, path: [...base.path, name] } : undefined;
      }
      case 'CallExpression': {
        const required = requiredModule(node);
        if (required !== undefined) return { kind: 'module', module: required, path: [] };
        // A factory call: `createNodeWebSocket({ app })` → path `createNodeWebSocket.()`.
        const base = this.origin(node.callee, depth + 1);
        return base ? { ...base, path: [...base.path, '()'] } : undefined;
      }
      case 'ConditionalExpression': {
        // `typeof window === 'undefined' ? require('ws') : window.WebSocket`: where the module
        // branch runs (Node), the value is the library's. Against a global WebSocket, only when
        // the test tells the environment apart: `useGlobal() ? globalThis.WebSocket : ws` may pick
        // the global in Node too (Node 22 has one).
        const consequent = this.origin(node.consequent, depth + 1);
        const alternate = this.origin(node.alternate, depth + 1);
        const library = consequent?.kind === 'module' ? consequent : alternate?.kind === 'module' ? alternate : undefined;
        const other = library === consequent ? alternate : consequent;
        if (library && other?.kind === 'global' && !isEnvironmentTest(node.test)) return undefined;
        return library;
      }
      case 'LogicalExpression': {
        // `injected || require('ws')`: the library unless the caller brings another. Not
        // `globalThis.WebSocket || require('ws')`: Node 22 has the global, and it cannot crash.
        if (node.operator === '&&' || this.origin(node.left, depth + 1)?.kind === 'global') return undefined;
        const fallback = this.origin(node.right, depth + 1);
        return fallback?.kind === 'module' ? fallback : undefined;
      }
      case 'AwaitExpression':
        // `await import('ws')` is the module namespace.
        if (node.argument.type === 'ImportExpression') {
          const source = staticString(node.argument.source);
          return source === undefined ? undefined : { kind: 'module', module: source, path: [] };
        }
        return undefined;
      default:
        return undefined;
    }
  }

  private identifierOrigin(identifier: TSESTree.Identifier, depth: number): Origin | undefined {
    const variable = this.variable(identifier);
    if (!variable || variable.defs.length === 0) {
      return this.isGlobal(identifier) || !this.referenceTo(identifier)
        ? { kind: 'global', path: [identifier.name] }
        : undefined;
    }
    const def = variable.defs[0]!;
    if (variable.defs.length !== 1) return undefined;
    if (def.type === 'ImportBinding') {
      const defNode = def.node as Node;
      if (defNode.type === 'TSImportEqualsDeclaration') {
        const ref = defNode.moduleReference;
        if (ref.type === 'TSExternalModuleReference') {
          const source = staticString(ref.expression);
          return source === undefined ? undefined : { kind: 'module', module: source, path: [] };
        }
        return undefined;
      }
      const declaration = def.parent as TSESTree.ImportDeclaration | undefined;
      const source = declaration?.source.value;
      if (typeof source !== 'string') return undefined;
      if (defNode.type === 'ImportSpecifier') {
        const imported = defNode.imported.type === 'Identifier' ? defNode.imported.name : String(defNode.imported.value);
        return { kind: 'module', module: source, path: imported === 'default' ? [] : [imported] };
      }
      return { kind: 'module', module: source, path: [] };
    }
    if (def.type === 'Parameter') {
      // `function Client(url, lib) { lib = lib || require('ws'); … }`: every write falls back to
      // the same library.
      const writes = this.writes(variable);
      if (writes.length === 0) return undefined;
      const origins = writes.map((write) => (write.writeExpr ? this.origin(write.writeExpr as Node, depth + 1) : undefined));
      const first = origins[0];
      if (first?.kind !== 'module' || origins.some((o) => o?.kind !== 'module' || o.module !== first.module || o.path.join('.') !== first.path.join('.'))) return undefined;
      // Only after the fallback: a read before it is the caller's value.
      const firstWrite = Math.min(...writes.map((write) => write.identifier.range[0]));
      return identifier.range[0] > firstWrite ? first : undefined;
    }
    if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      if (!declarator.init) return undefined;
      if (this.writes(variable).some((r) => r.init !== true)) return undefined;
      if (declarator.id.type === 'Identifier') return this.origin(declarator.init, depth + 1);
      if (declarator.id.type === 'ObjectPattern') {
        const key = destructuredKey(declarator.id, identifier.name, this, variable);
        const base = key === undefined ? undefined : this.origin(declarator.init, depth + 1);
        return base && key !== undefined ? { ...base, path: [...base.path, key] } : undefined;
      }
    }
    return undefined;
  }

  /** The references that write a variable, its initialisers included. */
  private writes(variable: Variable): readonly TSESLint.Scope.Reference[] {
    let writes = this.writesOf.get(variable);
    if (!writes) {
      writes = variable.references.filter((r) => r.isWrite());
      this.writesOf.set(variable, writes);
    }
    return writes;
  }

  /** What the expression is, per the library tables and globals. */
  denote(expr: Node | null | undefined): Denotation | undefined {
    if (!this.mayDenote || !expr) return undefined;
    // Only an expression built on a name that can hold a library export or global (or on a
    // `require()`) is worth resolving: most callees of a file are not, and resolving them is
    // what fills the identifier tables.
    if (this.bindings) {
      this.denotable ??= denotableNames(this.bindings());
      if (!reachesDenotable(expr, this.denotable)) return undefined;
    }
    const origin = this.origin(expr);
    return origin ? denoteOrigin(origin) : undefined;
  }
}

/**
 * A denotation ends at a module a library table names (imported, required or `import()`ed by a
 * string written in the file) or at a global path of GLOBALS, whose last name the file must then
 * spell out (`WebSocket`, `window['WebSocket']`, `const { WebSocket } = globalThis`). A file whose
 * text has neither can denote nothing. (A module specifier written with escapes, `'\x77s'`, is
 * not seen; no import is written so.)
 */
const DENOTABLE_TEXT: RegExp = (() => {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const modules = LIBRARIES.flatMap((library) => [...library.modules, ...(library.modulePrefixes ?? [])]);
  const vendored = LIBRARIES.flatMap((library) => library.vendoredFiles ?? []);
  const globals = [...new Set(Object.keys(GLOBALS).map((path) => path.split('.').pop()!))];
  return new RegExp(`['"\`](?:${modules.map(escape).join('|')})|\\b(?:${[...vendored, ...globals].map(escape).join('|')})\\b`);
})();

export function mayDenoteIn(text: string): boolean {
  return DENOTABLE_TEXT.test(text);
}

/**
 * The file's bindings a denotation can flow through, as `origin` follows them: imports, variable
 * declarations with an initialiser, assignments (a parameter's `lib = lib || require('ws')`),
 * defaults (`lib = require('ws')` in a parameter list) and the other writes the scope manager
 * records, those of `for … of` and `for … in`.
 */
export interface Bindings {
  readonly imports: readonly (TSESTree.ImportDeclaration | TSESTree.TSImportEqualsDeclaration)[];
  readonly declarators: readonly TSESTree.VariableDeclarator[];
  readonly assignments: readonly (TSESTree.AssignmentExpression | TSESTree.AssignmentPattern | TSESTree.ForOfStatement | TSESTree.ForInStatement)[];
}

/** The first name of each GLOBALS path: `WebSocket`, `window`, `Deno`… */
const GLOBAL_ROOTS: readonly string[] = [...new Set(Object.keys(GLOBALS).map((path) => path.split('.')[0]!))];

/**
 * Every name that can hold something `denote` recognises, by name, whatever its scope (so a
 * superset): the global roots, names imported from a library module, and, until nothing
 * changes, the names bound to an expression that `reachesDenotable` (aliases, destructuring,
 * fallbacks). `origin` resolves an
 * identifier to a module or global only through these.
 */
export function denotableNames(bindings: Bindings): ReadonlySet<string> {
  const names = new Set<string>(GLOBAL_ROOTS);
  for (const node of bindings.imports) {
    if (node.type === 'TSImportEqualsDeclaration') {
      if (node.moduleReference.type === 'TSExternalModuleReference' && isLibraryModule(staticString(node.moduleReference.expression))) names.add(node.id.name);
    } else if (isLibraryModule(node.source.value)) for (const specifier of node.specifiers) names.add(specifier.local.name);
  }
  const pairs: (readonly [readonly string[], Node])[] = [];
  for (const declarator of bindings.declarators) if (declarator.init) pairs.push([boundNames(declarator.id), declarator.init]);
  for (const assignment of bindings.assignments) pairs.push([boundNames(assignment.left), assignment.right]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [targets, value] of pairs) {
      if (targets.every((name) => names.has(name)) || !reachesDenotable(value, names)) continue;
      for (const name of targets) names.add(name);
      changed = true;
    }
  }
  return names;
}

/** The identifiers a pattern binds (all of them: a superset is safe here). */
function boundNames(pattern: Node): string[] {
  const names: string[] = [];
  const visit = (node: Node | null) => {
    if (!node) return;
    if (node.type === 'Identifier') names.push(node.name);
    else if (node.type === 'ObjectPattern') for (const property of node.properties) visit(property.type === 'Property' ? property.value : property);
    else if (node.type === 'ArrayPattern') for (const element of node.elements) visit(element);
    else if (node.type === 'RestElement') visit(node.argument);
    else if (node.type === 'AssignmentPattern') visit(node.left);
    else if (node.type === 'VariableDeclaration') for (const declarator of node.declarations) visit(declarator.id);
  };
  visit(pattern);
  return names;
}

/**
 * Whether `origin` could reach a library module or a global from this expression: the same cases
 * as `origin` (names, members, calls, `require()`, conditionals, logical fallbacks, `await
 * import()`), asking of each name only whether it is denotable.
 */
export function reachesDenotable(expr: Node, names: ReadonlySet<string>, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = unwrap(expr);
  switch (node.type) {
    case 'Identifier':
      return names.has(node.name);
    case 'MemberExpression':
      return reachesDenotable(node.object, names, depth + 1);
    case 'CallExpression': {
      const required = requiredModule(node);
      return required !== undefined ? isLibraryModule(required) : reachesDenotable(node.callee, names, depth + 1);
    }
    case 'ConditionalExpression':
      return reachesDenotable(node.consequent, names, depth + 1) || reachesDenotable(node.alternate, names, depth + 1);
    case 'LogicalExpression':
      return reachesDenotable(node.left, names, depth + 1) || reachesDenotable(node.right, names, depth + 1);
    case 'AwaitExpression':
      return node.argument.type === 'ImportExpression' && isLibraryModule(staticString(node.argument.source));
    default:
      return false;
  }
}

/** A module the library tables know: only their exports denote anything. */
function isLibraryModule(specifier: string | undefined): boolean {
  return specifier !== undefined && libraryOf(specifier) !== undefined;
}

export function denoteOrigin(origin: Origin): Denotation | undefined {
  if (origin.kind === 'global') {
    const global = GLOBALS[origin.path.join('.')];
    return global ? { framework: global.framework, role: global.role } : undefined;
  }
  const library = libraryOf(origin.module);
  if (!library) return undefined;
  // A default import of a CommonJS package is the module object itself.
  const path = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
  const role = library.exports[path.join('.')];
  return role ? { framework: library.framework, role } : undefined;
}

export function libraryOf(specifier: string): (typeof LIBRARIES)[number] | undefined {
  return LIBRARIES.find(
    (library) =>
      library.modules.includes(specifier) ||
      (library.modulePrefixes ?? []).some((prefix) => specifier.startsWith(prefix)) ||
      (specifier.startsWith('.') && library.vendoredFiles?.includes(vendoredName(specifier)) === true),
  );
}

/** `./vendor/uws.js` → `uws`: a relative specifier's file name without a script extension. */
function vendoredName(specifier: string): string {
  return specifier.slice(specifier.lastIndexOf('/') + 1).replace(/\.c?js$/, '');
}

/** `require('x')` → 'x' (only the global `require`). */
export function requiredModule(call: TSESTree.CallExpression): string | undefined {
  if (call.callee.type !== 'Identifier' || call.callee.name !== 'require' || call.arguments.length !== 1) return undefined;
  return staticString(call.arguments[0]);
}

function destructuredKey(
  pattern: TSESTree.ObjectPattern,
  localName: string,
  resolver: Resolver,
  variable: Variable,
): string | undefined {
  for (const prop of pattern.properties) {
    if (prop.type !== 'Property') continue;
    let value: Node = prop.value;
    if (value.type === 'AssignmentPattern') value = value.left;
    if (value.type === 'Identifier' && value.name === localName && resolver.variable(value) === variable) {
      return keyName(prop);
    }
  }
  return undefined;
}

/** `typeof window === 'undefined'` and the like: a test that tells a browser from Node. */
function isEnvironmentTest(test: Node): boolean {
  const node = unwrap(test);
  if (node.type === 'UnaryExpression' && node.operator === '!') return isEnvironmentTest(node.argument);
  if (node.type !== 'BinaryExpression' || !['===', '!==', '==', '!='].includes(node.operator)) return false;
  const typeOf = [node.left, node.right].find((side) => side.type === 'UnaryExpression' && side.operator === 'typeof') as TSESTree.UnaryExpression | undefined;
  return typeOf?.argument.type === 'Identifier' && ENVIRONMENT_GLOBALS.has(typeOf.argument.name);
}

const ENVIRONMENT_GLOBALS: ReadonlySet<string> = new Set(['window', 'document', 'self', 'navigator', 'process']);
