/**
 * Imports a plan needs (a module's export it calls): the file's own binding when its top level
 * already has one, otherwise one new statement in the file's module system, after its imports.
 */
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';

import { staticString, type Node } from '../../facts/ast.js';
import type { SocketModel } from '../../facts/index.js';
import { alias, code, joinCode, str, type Code, type NewName } from '../code.js';
import type { PlanEdit } from '../plan.js';

export type ModuleSystem = 'module' | 'commonjs';

/**
 * How the file imports: `.mjs`/`.mts` and `.cjs`/`.cts` say so; otherwise an `import` or `export`
 * statement makes it a module and a `require()` call CommonJS. A file with neither is written as
 * a module (TypeScript compiles `import` to either).
 */
export function moduleSystemOf(facts: SocketModel, filename: string): ModuleSystem {
  if (/\.m[jt]s$/.test(filename)) return 'module';
  if (/\.c[jt]s$/.test(filename)) return 'commonjs';
  const body = facts.program?.body ?? [];
  if (body.some((statement) => statement.type === 'ImportDeclaration' || statement.type.startsWith('Export'))) return 'module';
  return facts.nodes.some((node) => requiredModule(node) !== undefined) ? 'commonjs' : 'module';
}

/** The module a `require('…')` call loads. */
export function requiredModule(node: Node): string | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require' || node.arguments.length !== 1) return undefined;
  return staticString(node.arguments[0]);
}

/**
 * The name under which the program's top level binds `exported` of one of `modules`:
 * `import { readFile } from 'fs/promises'`, `import { readFile as read } …`, or
 * `const { readFile } = require('fs/promises')`.
 */
export function importedBinding(facts: SocketModel, modules: readonly string[], exported: string): string | undefined {
  for (const statement of facts.program?.body ?? []) {
    if (statement.type === 'ImportDeclaration' && modules.includes(statement.source.value) && statement.importKind !== 'type') {
      for (const specifier of statement.specifiers) {
        if (specifier.type === 'ImportSpecifier' && specifier.importKind !== 'type' && importedName(specifier) === exported) return specifier.local.name;
      }
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const module = declarator.init ? requiredModule(declarator.init) : undefined;
        if (!module || !modules.includes(module) || declarator.id.type !== 'ObjectPattern') continue;
        for (const property of declarator.id.properties) {
          if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier' && property.key.name === exported && property.value.type === 'Identifier') return property.value.name;
        }
      }
    }
  }
  return undefined;
}

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
}

/** `import { a, b as b2 } from 'm';` or `const { a, b: b2 } = require('m');`. */
export function importStatement(system: ModuleSystem, module: string, bindings: readonly { readonly exported: string; readonly local: NewName }[]): Code {
  const form = system === 'module' ? 'import' : 'require';
  const list = joinCode(
    bindings.map((binding) => code`${alias(binding.exported, binding.local, form)}`),
    ', ',
  );
  return system === 'module' ? code`import { ${list} } from ${str(module)};` : code`const { ${list} } = require(${str(module)});`;
}

/**
 * Where new top-level statements that other code depends on go: after the last of the file's
 * leading imports and requires (and a `'use strict'`), else before its first statement.
 * `removed`: statements the same plan deletes, which cannot anchor anything.
 */
export function afterImports(facts: SocketModel, statement: Code, removed: ReadonlySet<Node> = new Set()): PlanEdit | undefined {
  const body = (facts.program?.body ?? []).filter((node) => !removed.has(node));
  let last: Node | undefined;
  for (const node of body) {
    const isImport =
      node.type === 'ImportDeclaration' ||
      (node.type === 'ExpressionStatement' && node.directive !== undefined) ||
      (node.type === 'VariableDeclaration' && node.declarations.every((declarator) => declarator.init && requiredModule(requireCall(declarator.init)) !== undefined));
    if (!isImport) break;
    last = node;
  }
  if (last) return { kind: 'after', statement: last, code: statement };
  const first = body[0];
  return first ? { kind: 'before', statement: first, code: statement } : undefined;
}

/** `require('m')` in `require('m')`, `require('m').x` or `require('m')()`. */
function requireCall(node: Node): Node {
  let current = node;
  while (current.type === 'MemberExpression' || (current.type === 'CallExpression' && requiredModule(current) === undefined)) current = current.type === 'MemberExpression' ? current.object : current.callee;
  return current;
}

/**
 * The specifier from `filename` to another module of the project (`./websocket-message-queue.js`):
 * with `.js` unless the file's relative imports go without extensions.
 */
export function relativeSpecifier(facts: SocketModel, filename: string, target: string): string {
  let specifier = path.relative(path.dirname(filename), target).split(path.sep).join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  const relative = facts.nodes.flatMap((node) => {
    const source = node.type === 'ImportDeclaration' ? node.source.value : requiredModule(node);
    return source?.startsWith('.') ? [source] : [];
  });
  const extensionless = relative.length > 0 && relative.every((source) => !/\.[cm]?[jt]sx?$/.test(source));
  return extensionless ? specifier : `${specifier}.js`;
}
