/**
 * The file's nodes, recorded by the model's one walk and indexed so that no analysis has to walk
 * a function body again: each node's parent and enclosing function (O(1)), the nodes of a
 * function's subtree (a slice of the pre-order list), a function's own nodes by type (those not
 * inside a nested function), identifiers by name, and `this.<name>` members per class.
 *
 * The lazily built parts (by type, by name, members) cost nothing for the files and functions
 * nobody asks about.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

import { isFunction, propertyName, type ClassNode, type FunctionNode, type Node } from './ast.js';

/** A node type as a string (`'CallExpression'`). */
export type NodeType = `${Node['type']}`;

/** The node interface of a type string. */
export type NodeOfType<T extends NodeType> = Node extends infer N ? (N extends { type: infer U extends string } ? (`${U}` extends T ? N : never) : never) : never;

/** A function, or the program for code outside any function. */
export type Owner = FunctionNode | TSESTree.Program;

export class NodeIndex {
  /** Every node in pre-order (source order, but for template literals and decorators). */
  readonly nodes: Node[] = [];
  readonly parents = new Map<Node, Node>();
  private readonly owners = new Map<Node, FunctionNode>();
  /** For functions, classes and the program: the slice of `nodes` their subtree occupies. */
  private readonly spans = new Map<Node, readonly [number, number]>();
  private readonly ownByType = new Map<Owner, Map<string, Node[]>>();
  private readonly insideByType = new Map<Owner, Map<string, Node[]>>();
  private identifiersByName: Map<string, TSESTree.Identifier[]> | undefined;
  private readonly thisMembers = new Map<ClassNode, Map<string, TSESTree.MemberExpression[]>>();

  /** Walks the program once; `enter` sees every node in pre-order. */
  constructor(
    readonly program: TSESTree.Program,
    enter: (node: Node) => void,
  ) {
    // An exit marker follows each function or class so that its span can be closed.
    const stack: (Node | { readonly exit: Node })[] = [program];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if ('exit' in item) {
        this.closeSpan(item.exit);
        continue;
      }
      const node = item;
      const index = this.nodes.length;
      this.nodes.push(node);
      enter(node);
      const spanned = isFunction(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression' || node.type === 'Program';
      if (spanned) {
        this.spans.set(node, [index, index]);
        stack.push({ exit: node });
      }
      const owner = isFunction(node) ? node : this.owners.get(node);
      const keys = visitorKeys[node.type] ?? fallbackKeys(node);
      // Children pushed in reverse so that they are visited in order.
      for (let k = keys.length - 1; k >= 0; k--) {
        const child = (node as unknown as Record<string, unknown>)[keys[k]!];
        if (Array.isArray(child)) {
          for (let i = child.length - 1; i >= 0; i--) {
            const item = child[i] as Node | null;
            if (item && typeof item.type === 'string') this.record(item, node, owner, stack);
          }
        } else if (child && typeof (child as Node).type === 'string') {
          this.record(child as Node, node, owner, stack);
        }
      }
    }
  }

  private record(child: Node, parent: Node, owner: FunctionNode | undefined, stack: (Node | { readonly exit: Node })[]): void {
    this.parents.set(child, parent);
    if (owner) this.owners.set(child, owner);
    stack.push(child);
  }

  private closeSpan(node: Node): void {
    const span = this.spans.get(node)!;
    this.spans.set(node, [span[0], this.nodes.length]);
  }

  parentOf(node: Node): Node | undefined {
    return this.parents.get(node);
  }

  /** The nearest function that encloses a node (not the node itself). */
  enclosingFunction(node: Node): FunctionNode | undefined {
    return this.owners.get(node);
  }

  /** The nodes of a function's, class's or the program's subtree, itself first. */
  subtree(node: Owner | ClassNode): readonly Node[] {
    const span = this.spans.get(node);
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
      const span = this.spans.get(owner);
      if (span) {
        const target = owner.type === 'Program' ? undefined : owner;
        for (let i = span[0] + 1; i < span[1]; i++) {
          const node = this.nodes[i]!;
          if (this.owners.get(node) !== target) continue;
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
      const span = this.spans.get(owner);
      if (span) {
        for (let i = span[0]; i < span[1]; i++) {
          const node = this.nodes[i]!;
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
    if (this.spans.has(node)) return this.subtree(node as Owner | ClassNode);
    const found: Node[] = [];
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      found.push(current);
      const keys = visitorKeys[current.type] ?? fallbackKeys(current);
      for (let k = keys.length - 1; k >= 0; k--) {
        const child = (current as unknown as Record<string, unknown>)[keys[k]!];
        if (Array.isArray(child)) {
          for (let i = child.length - 1; i >= 0; i--) {
            const item = child[i] as Node | null;
            if (item && typeof item.type === 'string') stack.push(item);
          }
        } else if (child && typeof (child as Node).type === 'string') {
          stack.push(child as Node);
        }
      }
    }
    return found;
  }

  /** Every identifier with this name (bindings, references and non-computed property keys alike). */
  identifiersNamed(name: string): readonly TSESTree.Identifier[] {
    if (!this.identifiersByName) {
      this.identifiersByName = new Map();
      for (const node of this.nodes) {
        if (node.type !== 'Identifier') continue;
        let list = this.identifiersByName.get(node.name);
        if (!list) this.identifiersByName.set(node.name, (list = []));
        list.push(node);
      }
    }
    return this.identifiersByName.get(name) ?? [];
  }

  /**
   * `this.<name>` expressions whose `this` is an instance of the class: in its methods, field
   * initialisers and the arrows inside them, not in nested `function`s or classes.
   */
  thisMembersOf(classNode: ClassNode, name: string): readonly TSESTree.MemberExpression[] {
    let byName = this.thisMembers.get(classNode);
    if (!byName) {
      byName = new Map();
      for (const node of this.subtree(classNode)) {
        if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression') continue;
        if (this.thisClassOf(node.object) !== classNode) continue;
        const member = propertyName(node);
        if (member === undefined) continue;
        let list = byName.get(member);
        if (!list) byName.set(member, (list = []));
        list.push(node);
      }
      this.thisMembers.set(classNode, byName);
    }
    return byName.get(name) ?? [];
  }

  /** The class whose instance `this` is at a node: through arrows, up to the first method or field. */
  private thisClassOf(node: Node): ClassNode | undefined {
    let fn = this.enclosingFunction(node);
    while (fn?.type === 'ArrowFunctionExpression') fn = this.enclosingFunction(fn);
    let current: Node | undefined = fn ?? node;
    // A method's function sits in a MethodDefinition; a field initialiser in a PropertyDefinition.
    while (current) {
      const parent = this.parents.get(current);
      if (!parent) return undefined;
      if (parent.type === 'ClassBody') {
        const classNode = this.parents.get(parent);
        return classNode?.type === 'ClassDeclaration' || classNode?.type === 'ClassExpression' ? classNode : undefined;
      }
      if (fn && current === fn && parent.type !== 'MethodDefinition' && parent.type !== 'PropertyDefinition') return undefined;
      current = parent;
    }
    return undefined;
  }
}

/** Unknown node types (a newer parser than our keys): visit every object-valued property. */
export function fallbackKeys(node: Node): string[] {
  return Object.keys(node).filter(
    (key) => key !== 'parent' && key !== 'loc' && key !== 'range' && typeof (node as never)[key] === 'object',
  );
}
