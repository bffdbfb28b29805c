/**
 * Blocking calls in a queued listener become awaited asynchronous calls that return the same
 * value: `readFileSync(path)` → `await readFile(path)` (from `fs/promises`), `fs.statSync(p)` →
 * `await fs.promises.stat(p)`, `pbkdf2Sync(…)` → `await pbkdf2Async(…)` with
 * `const pbkdf2Async = promisify(pbkdf2)`, `execSync(cmd)` →
 * `(await execAsync(cmd, { encoding: 'buffer' })).stdout`. The table is async-equivalents.ts.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode, Node } from '../../facts/ast.js';
import type { SocketModel } from '../../facts/index.js';
import { exportPath } from '../../facts/resolve.js';
import { code, NewName, verbatim, type Code } from '../../fixes/code.js';
import { importedBinding, importStatement, requiredModule, type ModuleSystem } from '../../fixes/plans/imports.js';
import type { PlanEdit } from '../../fixes/plan.js';
import { ASYNC_EQUIVALENTS, promisesModule, type AsyncEquivalent } from './async-equivalents.js';

/** Parents in which `await call()` needs no parentheses. */
const BARE_AWAIT_PARENTS = new Set(['ExpressionStatement', 'VariableDeclarator', 'ReturnStatement', 'ArrayExpression', 'TemplateLiteral', 'ArrowFunctionExpression']);

export class AsyncCalls {
  /** New top-level statements (imports, then promisified functions), one per binding. */
  private readonly imports = new Map<string, { module: string; exported: string; local: NewName }>();
  private readonly promisified = new Map<string, { name: NewName; fn: Code | NewName | string }>();
  private promisify: NewName | string | undefined;
  /** The callees of converted calls that name an imported blocking function. */
  private readonly convertedCallees = new Set<Node>();

  constructor(
    private readonly facts: SocketModel,
    private readonly system: ModuleSystem,
  ) {}

  /** The edits that make `call` asynchronous, when it has an equivalent and runs in `listener` itself. */
  convert(call: TSESTree.CallExpression, listener: FunctionNode): PlanEdit[] | undefined {
    const facts = this.facts;
    if (facts.enclosingFunction(call) !== listener || listener.generator) return undefined;
    const origin = facts.resolver?.origin(call.callee);
    if (origin?.kind !== 'module') return undefined;
    const path = exportPath(origin);
    const equivalent = ASYNC_EQUIVALENTS.find((entry) => path.length === 1 && entry.sync === path[0] && entry.modules.includes(origin.module));
    if (!equivalent || call.arguments.some((argument) => argument.type === 'SpreadElement')) return undefined;
    if (equivalent.maxArguments !== undefined && call.arguments.length > equivalent.maxArguments) return undefined;
    const callee = this.asyncCallee(call.callee, origin.module, equivalent);
    if (call.callee.type === 'Identifier') this.convertedCallees.add(call.callee);
    const parent = facts.parentOf(call);
    const bare = !equivalent.resultMember && parent !== undefined && (BARE_AWAIT_PARENTS.has(parent.type) || (parent.type === 'CallExpression' && parent.callee !== call) || (parent.type === 'AssignmentExpression' && parent.right === call) || (parent.type === 'Property' && parent.value === call));
    const edits: PlanEdit[] = [{ kind: 'replace', range: call.callee.range, code: code`${bare ? 'await ' : '(await '}${callee}` }];
    const last = call.arguments[call.arguments.length - 1];
    if (equivalent.extraArgument) edits.push({ kind: 'insert', at: last ? last.range[1] : call.range[1] - 1, side: 'after', code: code`${last ? ', ' : ''}${verbatim(equivalent.extraArgument)}` });
    if (!bare) edits.push({ kind: 'insert', at: call.range[1], side: 'after', code: code`)${equivalent.resultMember ? `.${equivalent.resultMember}` : ''}` });
    return edits;
  }

  /** The import and promisify statements the converted calls need, in order. */
  declarations(): Code[] {
    const byModule = new Map<string, { exported: string; local: NewName }[]>();
    for (const { module, exported, local } of this.imports.values()) byModule.set(module, [...(byModule.get(module) ?? []), { exported, local }]);
    const statements = [...byModule].map(([module, bindings]) => importStatement(this.system, module, bindings));
    for (const { name, fn } of this.promisified.values()) statements.push(code`const ${name} = ${this.promisify!}(${fn});`);
    return statements;
  }

  /**
   * Removes the import (or destructured require) of a blocking function whose every use was
   * converted: left behind, it fails `noUnusedLocals` and unused-import lint rules.
   */
  unusedImportRemovals(): { edits: PlanEdit[]; removed: Set<Node> } {
    const edits: PlanEdit[] = [];
    const removed = new Set<Node>();
    const text = this.facts.text;
    for (const statement of this.facts.program?.body ?? []) {
      const bindings =
        statement.type === 'ImportDeclaration'
          ? statement.specifiers.map((specifier) => ({ node: specifier as Node, local: specifier.local }))
          : statement.type === 'VariableDeclaration' && statement.declarations.length === 1 && statement.declarations[0]!.id.type === 'ObjectPattern' && statement.declarations[0]!.init && requiredModule(statement.declarations[0]!.init)
            ? statement.declarations[0]!.id.properties.flatMap((property) => (property.type === 'Property' && property.value.type === 'Identifier' ? [{ node: property as Node, local: property.value }] : []))
            : [];
      const list = statement.type === 'ImportDeclaration' ? statement.specifiers : statement.type === 'VariableDeclaration' && statement.declarations[0]!.id.type === 'ObjectPattern' ? statement.declarations[0]!.id.properties : [];
      const unused = bindings.filter((binding) => this.onlyConverted(binding.local));
      if (unused.length === 0) continue;
      if (unused.length === list.length) {
        // The whole statement with its line break (new imports are never anchored to it).
        const end = text.startsWith('\r\n', statement.range[1]) ? statement.range[1] + 2 : text.startsWith('\n', statement.range[1]) ? statement.range[1] + 1 : statement.range[1];
        edits.push({ kind: 'replace', range: [statement.range[0], end], code: code`` });
        removed.add(statement);
        continue;
      }
      for (const binding of unused) {
        const index = list.indexOf(binding.node as never);
        const next = list[index + 1];
        // `a, ` up to the next binding; the last one takes the comma before it.
        const range: [number, number] = next ? [binding.node.range[0], next.range[0]] : [list[index - 1]!.range[1], binding.node.range[1]];
        edits.push({ kind: 'replace', range, code: code`` });
      }
    }
    return { edits, removed };
  }

  private onlyConverted(local: TSESTree.Identifier): boolean {
    const variable = this.facts.resolver?.variable(local);
    if (!variable || variable.references.length === 0) return false;
    return variable.references.every((reference) => this.convertedCallees.has(reference.identifier as Node));
  }

  private asyncCallee(callee: Node, module: string, equivalent: AsyncEquivalent): Code {
    const namespace = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && this.isTopLevel(callee.object) ? callee.object.name : undefined;
    if (equivalent.via === 'promises') {
      if (namespace) return code`${namespace}.promises.${equivalent.async}`;
      return code`${this.binding(promisesModule(module), equivalent.async)}`;
    }
    const key = `${module}:${equivalent.async}`;
    let entry = this.promisified.get(key);
    if (!entry) {
      const fn = namespace ? code`${namespace}.${equivalent.async}` : this.binding(module, equivalent.async);
      this.promisify ??= this.binding(module.startsWith('node:') ? 'node:util' : 'util', 'promisify');
      entry = { name: new NewName(`${equivalent.async}Async`, this.facts.program!), fn };
      this.promisified.set(key, entry);
    }
    return code`${entry.name}`;
  }

  /** The file's own binding of the export, or a new import of it. */
  private binding(module: string, exported: string): NewName | string {
    const spellings = module.startsWith('node:') ? [module, module.slice(5)] : [module, `node:${module}`];
    const existing = importedBinding(this.facts, spellings, exported);
    if (existing) return existing;
    const key = `${module}:${exported}`;
    let entry = this.imports.get(key);
    if (!entry) {
      entry = { module, exported, local: new NewName(exported, this.facts.program!) };
      this.imports.set(key, entry);
    }
    return entry.local;
  }

  private isTopLevel(identifier: TSESTree.Identifier): boolean {
    const variable = this.facts.resolver?.variable(identifier);
    return variable?.scope.block.type === 'Program';
  }
}
