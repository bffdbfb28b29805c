/**
 * What `this` is an instance of, outside ES classes too. Code written before classes keeps its
 * per-connection state on `this` just the same: a function constructor and the methods on its
 * prototype (`function Conn(ws) { this.ws = ws }`, `Conn.prototype.flush = function () { … }`),
 * the methods of an object literal kept in a variable or exported, an options-API component's
 * hooks and the methods in its `methods: {…}` (where `this` is the component, not the `methods`
 * object), and `var self = this` in a method so that callbacks reach the instance. Every analysis that follows `this.<name>` members (uses of a
 * socket kept as `this.ws`, timers kept as `this.timer`, methods called as `this.flush()`) asks
 * this one table which functions share one `this`.
 *
 * A `this` whose owner is unknown (a plain function nobody constructs, a callback) is no owner's:
 * it may be anything its caller binds (koa-websocket's generator middleware gets the context).
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { constructorOf, isFunction, keyName, propertyName, unwrap, type ClassNode, type FunctionNode, type Node } from './ast.js';
import type { NodeIndex } from './node-index.js';
import { LIFECYCLES, METHOD_CONTAINERS } from './owners-data.js';
import { exportPath, type Resolver } from './resolve.js';
import type { Variable } from './types.js';

/** What a `this` is an instance of: an ES class, a function constructor, or an object literal. */
export type ThisOwner = ClassNode | FunctionNode | TSESTree.ObjectExpression;

export class ThisOwners {
  /** For functions attached to a constructor's prototype (`Foo.prototype.m = fn`, `Foo.prototype = { m }`): their constructor. */
  private prototypeTable: { readonly owners: Map<FunctionNode, FunctionNode>; readonly methods: Map<FunctionNode, Map<string, FunctionNode>> } | undefined;
  private constructed: Set<FunctionNode> | undefined;
  private readonly aliasOwners = new Map<Variable, ThisOwner | null>();
  private readonly fnOwners = new Map<Node, ThisOwner | null>();
  private memberTable: Map<ThisOwner, Map<string, TSESTree.MemberExpression[]>> | undefined;

  constructor(
    private readonly index: NodeIndex,
    private readonly resolver: Resolver,
  ) {}

  /**
   * The owner an expression denotes as an instance: `this`, or an alias of it (`self` after
   * `var self = this`, never reassigned).
   */
  ownerOf(expr: Node): ThisOwner | undefined {
    const node = unwrap(expr);
    if (node.type === 'ThisExpression') return this.ownerAt(node);
    if (node.type !== 'Identifier') return undefined;
    const variable = this.resolver.variable(node);
    return variable ? this.aliasOwner(variable) : undefined;
  }

  /** True for `this` and its aliases (`self`, `that`), whoever owns them. */
  isSelf(expr: Node): boolean {
    const node = unwrap(expr);
    return node.type === 'ThisExpression' || (node.type === 'Identifier' && this.ownerOf(node) !== undefined);
  }

  /** The owner of `this` at a node: through arrows, up to the first method, field or function. */
  ownerAt(node: Node): ThisOwner | undefined {
    let fn = this.index.enclosingFunction(node);
    while (fn?.type === 'ArrowFunctionExpression') fn = this.index.enclosingFunction(fn);
    // Outside every function but inside a class: a field initialiser.
    const key: Node = fn ?? node;
    let owner = this.fnOwners.get(key);
    if (owner === undefined) {
      owner = (fn ? this.ownerOfFunction(fn) : this.fieldClass(node)) ?? null;
      this.fnOwners.set(key, owner);
    }
    return owner ?? undefined;
  }

  /**
   * Every `this.<name>` (and `self.<name>`) member of one owner, in its methods, constructor,
   * field initialisers and the arrows and alias-using callbacks inside them.
   */
  membersOf(owner: ThisOwner, name: string): readonly TSESTree.MemberExpression[] {
    if (!this.memberTable) {
      this.memberTable = new Map();
      for (const member of this.index.inside(this.index.program, 'MemberExpression')) {
        const object = member.object;
        if (object.type !== 'ThisExpression' && object.type !== 'Identifier') continue;
        const memberName = propertyName(member);
        if (memberName === undefined) continue;
        const memberOwner = this.ownerOf(object);
        if (!memberOwner) continue;
        let byName = this.memberTable.get(memberOwner);
        if (!byName) this.memberTable.set(memberOwner, (byName = new Map()));
        let list = byName.get(memberName);
        if (!list) byName.set(memberName, (list = []));
        list.push(member);
      }
    }
    return this.memberTable.get(owner)?.get(name) ?? [];
  }

  /** An owner's method (or a property initialised with a function) of that name. */
  methodOf(owner: ThisOwner, name: string): FunctionNode | undefined {
    if (owner.type === 'ClassDeclaration' || owner.type === 'ClassExpression') {
      for (const member of owner.body.body) {
        if ((member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && keyName(member) === name && member.value && isFunction(member.value)) {
          return member.value;
        }
      }
      return undefined;
    }
    if (owner.type === 'ObjectExpression') {
      for (const property of objectMethods(owner)) {
        if (keyName(property) === name) return this.resolver.functionOf(property.value);
      }
      return undefined;
    }
    return this.prototypes().methods.get(owner)?.get(name);
  }

  /**
   * The method a `this.name` expression (or `self.name`, `this.name.bind(this)`, or `hub.name` of
   * an object literal `hub`) refers to.
   */
  methodAt(expr: Node | undefined): FunctionNode | undefined {
    if (!expr) return undefined;
    let node = unwrap(expr);
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && propertyName(node.callee) === 'bind') node = unwrap(node.callee.object);
    if (node.type !== 'MemberExpression') return undefined;
    const name = propertyName(node);
    if (name === undefined) return undefined;
    // `hub.attach(ws)` of `const hub = { attach(ws) { … } }` is the object's own method.
    const literal = this.resolver.objectLiteral(node.object);
    const owner = this.ownerOf(node.object) ?? (literal && this.isInstance(literal) ? literal : undefined);
    return owner ? this.methodOf(owner, name) : undefined;
  }

  /** What `new Callee(…)` makes, when this file defines it: a class, or a function constructor. */
  constructedBy(callee: Node): { readonly owner: ThisOwner; readonly init: FunctionNode | undefined } | undefined {
    const classNode = this.resolver.classOf(unwrap(callee));
    if (classNode) {
      return { owner: classNode, init: constructorOf(classNode) };
    }
    const fn = this.resolver.functionOf(callee);
    return fn && fn.type !== 'ArrowFunctionExpression' ? { owner: fn, init: fn } : undefined;
  }

  /** The functions that share an owner's `this`: constructor and methods. */
  methodsOf(owner: ThisOwner): FunctionNode[] {
    if (owner.type === 'ClassDeclaration' || owner.type === 'ClassExpression') {
      return owner.body.body.flatMap((member) =>
        (member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && member.value && isFunction(member.value) ? [member.value] : [],
      );
    }
    if (owner.type === 'ObjectExpression') {
      return objectMethods(owner).flatMap((property) => {
        const fn = this.resolver.functionOf(property.value);
        return fn ? [fn] : [];
      });
    }
    return [owner, ...(this.prototypes().methods.get(owner)?.values() ?? [])];
  }

  private aliasOwner(variable: Variable): ThisOwner | undefined {
    let owner = this.aliasOwners.get(variable);
    if (owner === undefined) {
      const value = this.resolver.singleValue(variable);
      owner = (value && unwrap(value).type === 'ThisExpression' ? this.ownerAt(value) : undefined) ?? null;
      this.aliasOwners.set(variable, owner);
    }
    return owner ?? undefined;
  }

  /** A class field's initialiser (`timer = setInterval(…)`) outside any function. */
  private fieldClass(node: Node): ClassNode | undefined {
    for (let current: Node | undefined = node; current; current = this.index.parents.get(current)) {
      const parent = this.index.parents.get(current);
      if (parent?.type === 'ClassBody') {
        const classNode = this.index.parents.get(parent);
        return classNode?.type === 'ClassDeclaration' || classNode?.type === 'ClassExpression' ? classNode : undefined;
      }
    }
    return undefined;
  }

  private ownerOfFunction(fn: FunctionNode): ThisOwner | undefined {
    return this.memberOwner(fn) ?? (this.isConstructor(fn) ? fn : undefined);
  }

  /**
   * The owner a function is a member of: a class's method or function field, a prototype method,
   * an instance object's function property, or one in an options-API component's `methods: {…}`
   * (whose owner is the component). Arrows included: an arrow field is still the class's member,
   * though its `this` is the one around it.
   */
  memberOwner(fn: FunctionNode): ThisOwner | undefined {
    const parent = this.index.parents.get(fn);
    if ((parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && parent.value === fn) {
      const body = this.index.parents.get(parent);
      const classNode = body && this.index.parents.get(body);
      return classNode?.type === 'ClassDeclaration' || classNode?.type === 'ClassExpression' ? classNode : undefined;
    }
    const prototypeOwner = this.prototypes().owners.get(fn);
    if (prototypeOwner) return prototypeOwner;
    if (parent?.type === 'Property' && parent.value === fn) {
      const object = this.index.parents.get(parent);
      if (object?.type !== 'ObjectExpression') return undefined;
      // `methods: { connect() { … } }`: `this` is the component the `methods` object belongs to.
      const holder = this.index.parents.get(object);
      if (holder?.type === 'Property' && holder.value === object && METHOD_CONTAINERS.includes(keyName(holder) ?? '')) {
        const component = this.index.parents.get(holder);
        if (component?.type === 'ObjectExpression' && this.isInstance(component)) return component;
      }
      return this.isInstance(object) ? object : undefined;
    }
    return undefined;
  }

  /**
   * An object literal that is an instance in its own right: kept in a variable or assigned
   * (`const manager = { … }`, `module.exports = { … }`), a module's default export
   * (`export default { … }`, a single-file component or a singleton), or an options-API component
   * given to its framework (`defineComponent({ … })`, `new Vue({ … })`; owners-data.ts LIFECYCLES),
   * which binds `this` in its hooks and methods to the component. Any other object passed to a
   * call is options whose functions the callee binds as it likes (a hook table).
   */
  private isInstance(object: TSESTree.ObjectExpression): boolean {
    const parent = this.index.parents.get(object);
    if (parent?.type === 'VariableDeclarator' && parent.init === object) return true;
    if (parent?.type === 'AssignmentExpression' && parent.right === object) return true;
    if (parent?.type === 'ExportDefaultDeclaration') return true;
    if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.arguments.includes(object)) {
      const origin = this.resolver.origin(parent.callee);
      if (origin?.kind !== 'module') return false;
      const name = exportPath(origin).at(-1) ?? '';
      return LIFECYCLES.some((lifecycle) => lifecycle.kind === 'options' && lifecycle.modules.includes(origin.module) && (parent.type === 'NewExpression' || lifecycle.definers.includes(name)));
    }
    return false;
  }

  /** A function this file constructs (`new Conn(ws)`) or gives a prototype. */
  private isConstructor(fn: FunctionNode): boolean {
    if (fn.type === 'ArrowFunctionExpression') return false;
    if (this.prototypes().methods.has(fn)) return true;
    if (!this.constructed) {
      this.constructed = new Set();
      for (const node of this.index.inside(this.index.program, 'NewExpression')) {
        const callee = this.resolver.functionOf(node.callee);
        if (callee) this.constructed.add(callee);
      }
    }
    return this.constructed.has(fn);
  }

  /** `Foo.prototype.m = fn` and `Foo.prototype = { m() {} }` of a function `Foo` of this file. */
  private prototypes(): NonNullable<ThisOwners['prototypeTable']> {
    if (this.prototypeTable) return this.prototypeTable;
    const table = { owners: new Map<FunctionNode, FunctionNode>(), methods: new Map<FunctionNode, Map<string, FunctionNode>>() };
    this.prototypeTable = table;
    const add = (constructorFn: FunctionNode, name: string | undefined, value: Node) => {
      const method = this.resolver.functionOf(value);
      if (name === undefined || !method) return;
      let methods = table.methods.get(constructorFn);
      if (!methods) table.methods.set(constructorFn, (methods = new Map()));
      methods.set(name, method);
      table.owners.set(method, constructorFn);
    };
    for (const assignment of this.index.inside(this.index.program, 'AssignmentExpression')) {
      const left = assignment.left;
      if (left.type !== 'MemberExpression') continue;
      if (propertyName(left) === 'prototype') {
        const constructorFn = this.constructorFunction(left.object);
        const object = unwrap(assignment.right);
        if (constructorFn && object.type === 'ObjectExpression') {
          for (const property of object.properties) if (property.type === 'Property') add(constructorFn, keyName(property), property.value);
        }
        continue;
      }
      const target = unwrap(left.object);
      if (target.type !== 'MemberExpression' || propertyName(target) !== 'prototype') continue;
      const constructorFn = this.constructorFunction(target.object);
      if (constructorFn) add(constructorFn, propertyName(left), assignment.right);
    }
    return table;
  }

  private constructorFunction(expr: Node): FunctionNode | undefined {
    const fn = this.resolver.functionOf(expr);
    return fn && fn.type !== 'ArrowFunctionExpression' ? fn : undefined;
  }
}

/** An object's own properties and those of its `methods: {…}` (an options-API component's methods). */
function objectMethods(object: TSESTree.ObjectExpression): TSESTree.Property[] {
  return object.properties.flatMap((property) => {
    if (property.type !== 'Property') return [];
    const value = property.value;
    if (METHOD_CONTAINERS.includes(keyName(property) ?? '') && value.type === 'ObjectExpression') {
      return value.properties.filter((inner): inner is TSESTree.Property => inner.type === 'Property');
    }
    return [property];
  });
}
