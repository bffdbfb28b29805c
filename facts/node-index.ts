/**
 * The file's nodes, recorded by the model's one pass over the tree (ESLint's own traversal when
 * there is one, a walk otherwise) and indexed so that no analysis has to walk a function body
 * again: each node's parent and enclosing function (O(1)), the nodes of a function's subtree (a
 * slice of the pre-order list), a function's own nodes by type (those not inside a nested
 * function), and identifiers by name.
 *
 * The lazily built parts (the list itself when read from ESLint's steps, by type, by name) cost
 * nothing for the files and functions nobody asks about.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

import { calledMethod, childrenOf, fallbackKeys, isFunction, propertyName, type ClassNode, type FunctionNode, type Node, type ParentMap } from './ast.js';

/** A node type as a string (`'CallExpression'`). */
export type NodeType = `${Node['type']}`;

/** The node interface of a type string. */
export type NodeOfType<T extends NodeType> = Node extends infer N ? (N extends { type: infer U extends string } ? (`${U}` extends T ? N : never) : never) : never;

/** A function, or the program for code outside any function. */
export type Owner = FunctionNode | TSESTree.Program;

/** What ESLint gives every node before rules run: its parent, on the node itself. */
const PARENT_PROPERTY: ParentMap = { get: (node) => (node as { parent?: Node }).parent ?? undefined };

/**
 * One step of ESLint's traversal (`SourceCode#traverse()`, in the ESLint versions that have it): `kind` 1 visits
 * `target`, entering (`phase` 1) or leaving (`phase` 2) it; `kind` 2 is a code-path event.
 */
export interface TraversalStep {
  readonly kind: number;
  readonly target: unknown;
  readonly phase?: number;
}

/** Functions, classes and the program: the nodes whose subtree is kept as a slice of the walk. */
function hasSpan(node: Node): boolean {
  return isFunction(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression' || node.type === 'Program';
}

/** The memo of nodes outside every function. */
const NO_FUNCTION = Symbol('no function');

export class NodeIndex {
  /**
   * Every node in pre-order, and the spans into it. Filled by the walk; or, from ESLint's
   * traversal, on first need (most files read only the candidates `enter` picked out).
   */
  private list: Node[] | undefined;
  /** ESLint's traversal, kept to fill `list` and `spans` when first asked. */
  private pendingTraversal: Iterable<TraversalStep> | undefined;
  /**
   * Each node's parent: ESLint's own `parent` properties when the AST has them, otherwise a side
   * table (the model never sets `parent` on an AST it was given).
   */
  readonly parents: ParentMap;
  /** Enclosing functions, memoised as they are asked for (each node's is found at most once). */
  private readonly owners = new Map<Node, FunctionNode | typeof NO_FUNCTION>();
  /** For functions, classes and the program: the slice of `nodes` their subtree occupies. */
  private readonly spans = new Map<Node, readonly [number, number]>();
  private readonly ownByType = new Map<Owner, Map<string, Node[]>>();
  private readonly insideByType = new Map<Owner, Map<string, Node[]>>();
  private identifiersByName: Map<string, TSESTree.Identifier[]> | undefined;
  private membersByName: Map<string, TSESTree.MemberExpression[]> | undefined;
  private callsByMethod: Map<string, TSESTree.CallExpression[]> | undefined;

  /**
   * Walks the program once; `enter` sees every node in pre-order. Given ESLint's own traversal
   * (`traversal`, the steps of `SourceCode#traverse()`, which ESLint has already computed before
   * any rule runs), it reads those steps instead of walking the tree a second time, and lists the
   * nodes only when an analysis first asks for them: on a file where nothing is recognised (most
   * files that merely mention WebSockets), the model then costs one loop over an array.
   */
  constructor(
    readonly program: TSESTree.Program,
    enter: (node: Node) => void,
    traversal?: Iterable<TraversalStep>,
  ) {
    const first = program.body[0] as { parent?: Node } | undefined;
    const table = first?.parent === program ? undefined : new Map<Node, Node>();
    this.parents = table ?? PARENT_PROPERTY;
    let entered = 0;
    if (traversal && !table) {
      for (const step of traversal) {
        if (step.kind !== 1 || step.phase !== 1) continue;
        enter(step.target as Node);
        entered++;
      }
      this.pendingTraversal = traversal;
    }
    // No traversal, or a host whose steps are not ESLint's (not even the program entered): walk.
    if (entered === 0) {
      this.pendingTraversal = undefined;
      this.list = [];
      this.walk(table, enter);
    }
  }

  /** Every node in pre-order (source order, but for template literals and decorators). */
  get nodes(): readonly Node[] {
    return this.list ?? this.listTraversal();
  }

  private walk(table: Map<Node, Node> | undefined, enter: (node: Node) => void): void {
    // An exit marker follows each function or class so that its span can be closed.
    const stack: (Node | { readonly exit: Node })[] = [this.program];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if ('exit' in item) {
        this.closeSpan(item.exit);
        continue;
      }
      const node = item;
      enter(node);
      this.add(node);
      if (hasSpan(node)) stack.push({ exit: node });
      const keys = visitorKeys[node.type] ?? fallbackKeys(node);
      // Children pushed in reverse so that they are visited in order.
      for (let k = keys.length - 1; k >= 0; k--) {
        const child = (node as unknown as Record<string, unknown>)[keys[k]!];
        if (Array.isArray(child)) {
          for (let i = child.length - 1; i >= 0; i--) {
            const item = child[i] as Node | null;
            if (item && typeof item.type === 'string') {
              table?.set(item, node);
              stack.push(item);
            }
          }
        } else if (child && typeof (child as Node).type === 'string') {
          table?.set(child as Node, node);
          stack.push(child as Node);
        }
      }
    }
  }

  /** ESLint's steps: node visits (kind 1) entering (phase 1) and leaving (phase 2); code-path events (kind 2) are skipped. */
  private listTraversal(): Node[] {
    this.list = [];
    for (const step of this.pendingTraversal ?? []) {
      if (step.kind !== 1) continue;
      const node = step.target as Node;
      if (step.phase === 1) this.add(node);
      else if (hasSpan(node)) this.closeSpan(node);
    }
    this.pendingTraversal = undefined;
    return this.list;
  }

  private add(node: Node): void {
    const list = this.list!;
    if (hasSpan(node)) this.spans.set(node, [list.length, list.length]);
    list.push(node);
  }

  /** The slice of `nodes` a function's, class's or the program's subtree occupies. */
  private spanOf(node: Node): readonly [number, number] | undefined {
    if (!this.list) this.listTraversal();
    return this.spans.get(node);
  }

  private closeSpan(node: Node): void {
    const span = this.spans.get(node)!;
    this.spans.set(node, [span[0], this.list!.length]);
  }

  parentOf(node: Node): Node | undefined {
    return this.parents.get(node);
  }

  /** The nearest function that encloses a node (not the node itself); amortised O(1). */
  enclosingFunction(node: Node): FunctionNode | undefined {
    const known = this.owners.get(node);
    if (known !== undefined) return known === NO_FUNCTION ? undefined : known;
    const path: Node[] = [];
    let found: FunctionNode | typeof NO_FUNCTION = NO_FUNCTION;
    for (let current = node; ; ) {
      path.push(current);
      const parent = this.parents.get(current);
      if (!parent) break;
      if (isFunction(parent)) {
        found = parent;
        break;
      }
      const cached = this.owners.get(parent);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      current = parent;
    }
    for (const visited of path) this.owners.set(visited, found);
    return found === NO_FUNCTION ? undefined : found;
  }

  /** The nodes of a function's, class's or the program's subtree, itself first. */
  subtree(node: Owner | ClassNode): readonly Node[] {
    const span = this.spanOf(node);
    return span ? this.nodes.slice(span[0], span[1]) : [];
  }

  /**
   * A function's (or the program's) own nodes of one type: in its body, parameters and defaults,
   * not inside a nested function (the nested function node itself is included).
   */
  own<T extends NodeType>(owner: Owner, type: T): readonly NodeOfType<T>[] {
    let byType = this.ownByType.get(owner);
    if (!byType) {
      byType = new Map();
      const span = this.spanOf(owner);
      if (span) {
        const nodes = this.nodes;
        const target = owner.type === 'Program' ? undefined : owner;
        for (let i = span[0] + 1; i < span[1]; i++) {
          const node = nodes[i]!;
          if (this.enclosingFunction(node) !== target) continue;
          let list = byType.get(node.type);
          if (!list) byType.set(node.type, (list = []));
          list.push(node);
        }
      }
      this.ownByType.set(owner, byType);
    }
    return (byType.get(type) ?? []) as NodeOfType<T>[];
  }

  /**
   * The nodes of one type anywhere in a function's subtree (nested functions included), in
   * pre-order; for the program, every node of that type in the file.
   */
  inside<T extends NodeType>(owner: Owner, type: T): readonly NodeOfType<T>[] {
    let byType = this.insideByType.get(owner);
    if (!byType) {
      byType = new Map();
      const span = this.spanOf(owner);
      if (span) {
        const nodes = this.nodes;
        for (let i = span[0]; i < span[1]; i++) {
          const node = nodes[i]!;
          let list = byType.get(node.type);
          if (!list) byType.set(node.type, (list = []));
          list.push(node);
        }
      }
      this.insideByType.set(owner, byType);
    }
    return (byType.get(type) ?? []) as NodeOfType<T>[];
  }

  /**
   * A node and its descendants in pre-order: a slice of the walk for functions, classes and the
   * program, a visit of the subtree for anything else.
   */
  descendants(node: Node): readonly Node[] {
    if (this.spanOf(node)) return this.subtree(node as Owner | ClassNode);
    const found: Node[] = [];
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      found.push(current);
      const children = childrenOf(current);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    return found;
  }

  /** Every identifier with this name (bindings, references and non-computed property keys alike). */
  identifiersNamed(name: string): readonly TSESTree.Identifier[] {
    this.identifiersByName ??= this.groupNodes((node) => (node.type === 'Identifier' ? [node, node.name] : undefined));
    return this.identifiersByName.get(name) ?? [];
  }

  /**
   * Every member expression with this property name (`x.<name>`, `x['<name>']`). Analyses that
   * look for the mentions of a member or the calls of a method ask this instead of scanning the
   * file's members, which made a file with many handlers quadratic.
   */
  membersNamed(name: string): readonly TSESTree.MemberExpression[] {
    this.membersByName ??= this.groupNodes((node) => {
      const member = node.type === 'MemberExpression' ? propertyName(node) : undefined;
      return member === undefined ? undefined : [node as TSESTree.MemberExpression, member];
    });
    return this.membersByName.get(name) ?? [];
  }

  /** Every member expression whose property name passes the test, in source order. */
  membersWhere(test: (name: string) => boolean): readonly TSESTree.MemberExpression[] {
    this.membersNamed('');
    const found: TSESTree.MemberExpression[] = [];
    for (const [name, members] of this.membersByName!) if (test(name)) found.push(...members);
    return found.sort((a, b) => a.range[0] - b.range[0]);
  }

  /** Every call of a method with this name (`x.<name>(…)`, `x?.<name>(…)`, `(x as T).<name>(…)`). */
  methodCalls(name: string): readonly TSESTree.CallExpression[] {
    this.callsByMethod ??= this.groupNodes((node) => {
      const method = node.type === 'CallExpression' ? calledMethod(node) : undefined;
      return method ? [node as TSESTree.CallExpression, method.name] : undefined;
    });
    return this.callsByMethod.get(name) ?? [];
  }

  /** The file's nodes that `keyed` picks, grouped by the key it gives them, in source order. */
  private groupNodes<T extends Node>(keyed: (node: Node) => readonly [T, string] | undefined): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const node of this.nodes) {
      const entry = keyed(node);
      if (!entry) continue;
      const [value, key] = entry;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(value);
    }
    return groups;
  }

  /** Calls of any of these methods, in source order. */
  methodCallsOf(names: Iterable<string>): readonly TSESTree.CallExpression[] {
    const found: TSESTree.CallExpression[] = [];
    let lists = 0;
    for (const name of names) {
      const calls = this.methodCalls(name);
      if (calls.length > 0) lists++;
      found.push(...calls);
    }
    return lists > 1 ? found.sort((a, b) => a.range[0] - b.range[0]) : found;
  }
}
