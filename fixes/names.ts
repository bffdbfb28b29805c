/**
 * One name allocator per file and run: every name a plan introduces (`interval`, `controller`,
 * `reconnectAttempt`) comes from here, so that two plans in one handler never both declare
 * `const interval`, and no new name hides or is hidden by one of the file's own.
 */
import { contains, type Node } from '../facts/ast.js';
import type { NewName } from './code.js';

/** What the allocator needs to know about the file. */
export interface NameFacts {
  /** Every identifier node with this name (declarations, references, property keys). */
  identifiersNamed(name: string): readonly Node[];
  /** The block of the scope that declares the identifier, when it declares a variable. */
  declaringScopeBlock(identifier: Node): Node | undefined;
}

export class NameAllocator {
  private readonly reserved: { readonly name: string; readonly scope: Node }[] = [];
  private readonly assigned = new Map<NewName, string>();

  constructor(private readonly facts: NameFacts) {}

  /**
   * The identifier for a plan's name: its base, or `base2`, `base3`… when that is taken. `avoid`:
   * identifiers the plan's code copies from the file, which the new name must not hide.
   */
  nameOf(request: NewName, avoid: ReadonlySet<string> = new Set()): string {
    let name = this.assigned.get(request);
    if (name !== undefined) return name;
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? request.base : `${request.base}${i}`;
      if (!avoid.has(candidate) && this.isFree(candidate, request.scope, request.local)) {
        name = candidate;
        break;
      }
    }
    this.assigned.set(request, name);
    this.reserved.push({ name, scope: request.scope });
    return name;
  }

  /**
   * Free in `scope` when no identifier inside it has the name (it would be captured or shadowed;
   * not asked of a local name, which no code of the file can see), no enclosing scope declares it
   * (the new one would hide it from readers), and no other plan of this run introduced it in an
   * overlapping scope.
   */
  private isFree(name: string, scope: Node, local: boolean): boolean {
    for (const identifier of this.facts.identifiersNamed(name)) {
      if (!local && contains(scope, identifier)) return false;
      const declaredIn = this.facts.declaringScopeBlock(identifier);
      if (declaredIn && contains(declaredIn, scope)) return false;
    }
    return !this.reserved.some((entry) => entry.name === name && (contains(entry.scope, scope) || contains(scope, entry.scope)));
  }
}
