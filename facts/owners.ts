/**
 * Client sockets owned by something whose life ends first: a UI component (a React effect or
 * hook initialiser, Vue's composition and options APIs, a Svelte component, an Angular component,
 * a React class, a custom element). The table of lifecycles is owners-data.ts.
 *
 * - `ownedSockets(model)`: each client socket (`new WebSocket(…)`, socket.io-client's `io(…)`)
 *   created where a component starts work (directly, or in a same-module function called from
 *   there), with the places where the component's work ends, the references (handles) through
 *   which those places can reach the socket, and what they do with it: close it (or abort the
 *   controller whose signal its listeners take), or nothing. A socket created at module level, in
 *   a store or in a plain function is nobody's component's: it is not listed.
 * - `armedReconnects(model)`: deliberate closes (a component's end, or a method named
 *   `close`/`disconnect`/`stop`…) of a socket whose close handler reconnects, that neither clear
 *   the handler nor set a flag the reconnect path reads: the close starts the reconnect it meant
 *   to end.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { calledMethod, decoratorsOf, enclosingClass, isFunction, keyName, propertyName, unwrap, type FunctionNode, type Node } from './ast.js';
import { COMPONENT_SCRIPTS, CLIENT_FACTORIES, DELIBERATE_CLOSE_NAME, FACTORY_MODULES, LIFECYCLES, RENDER_FUNCTIONS, SOCKET_CLOSE_METHODS, type Lifecycle } from './owners-data.js';
import { reconnectsOf, type Reconnect } from './reconnect.js';
import { exportPath } from './resolve.js';
import type { ThisOwner } from './this-owner.js';
import type { Access, SocketFact, SocketModel, Variable } from './types.js';

const MAX_DEPTH = 3;

/**
 * A reference that can reach the socket: a variable and a property path below it (`ws`,
 * `wsRef.current`), or a member of a component's `this` (a class, or an options-API object).
 */
export type Handle =
  | { readonly kind: 'variable'; readonly variable: Variable; readonly path: readonly string[] }
  | { readonly kind: 'this'; readonly scope: Node; readonly path: readonly string[] };

export type OwnerKind = 'effect' | 'initialiser' | 'mount' | 'options' | 'class' | 'script' | 'setup' | 'render';

export interface Owner {
  readonly kind: OwnerKind;
  readonly framework: string;
  /** What starts the work, for messages (`useEffect`, `onMounted`, `ngOnInit`). */
  readonly startName: string;
  /** The function that starts the work (undefined for a component's top-level script). */
  readonly start: FunctionNode | undefined;
  /** The functions that run when the component's work ends. */
  readonly ends: readonly FunctionNode[];
  /** What ends the work, for messages (`the effect's cleanup`, `onBeforeUnmount`…). */
  readonly endName: string;
}

export interface OwnedSocket {
  readonly creation: TSESTree.NewExpression | TSESTree.CallExpression;
  /** The model's socket, for `new WebSocket(…)`; undefined for a library factory's socket. */
  readonly socket: SocketFact | undefined;
  /** `WebSocket`, `socket.io-client`. */
  readonly library: string;
  readonly closeMethods: readonly string[];
  readonly owner: Owner;
  readonly handles: readonly Handle[];
  /** Passed to code we cannot see (it may close it), or left our sight otherwise. */
  readonly escaped: boolean;
  /** The ends close it (or give it to code that may), or abort the controller its listeners take. */
  readonly closed: boolean;
  /** The close calls in the ends (and the same-module helpers they call). */
  readonly closeCalls: readonly TSESTree.CallExpression[];
  /**
   * The `await` the socket is created after, in an async function the ends cannot stop, when
   * nothing between the two checks whether the component is still there.
   */
  readonly afterAwait: TSESTree.AwaitExpression | undefined;
}

export interface ArmedReconnect {
  readonly close: TSESTree.CallExpression;
  /** The function that closes on purpose. */
  readonly closer: FunctionNode;
  readonly reconnect: Reconnect;
  /** How the close handler is registered (for the fix): `onclose = …`, `on('close')`, or other. */
  readonly registration: 'property' | 'emitter' | 'other';
}

const ownedCache = new WeakMap<SocketModel, readonly OwnedSocket[]>();

export function ownedSockets(model: SocketModel): readonly OwnedSocket[] {
  let found = ownedCache.get(model);
  if (!found) {
    found = model.program ? new OwnerFinder(model).find() : [];
    ownedCache.set(model, found);
  }
  return found;
}

interface Creation {
  readonly node: TSESTree.NewExpression | TSESTree.CallExpression;
  readonly socket: SocketFact | undefined;
  readonly library: string;
  readonly closeMethods: readonly string[];
  readonly reconnecting?: { readonly misleading: string; readonly reliable: string } | undefined;
}

/** Client sockets of the file: the model's `new WebSocket(…)` ones and library factories' calls. */
const creationsCache = new WeakMap<SocketModel, Creation[]>();


export function clientCreations(model: SocketModel): Creation[] {
  let cached = creationsCache.get(model);
  if (!cached) {
    cached = findClientCreations(model);
    creationsCache.set(model, cached);
  }
  return cached;
}

function findClientCreations(model: SocketModel): Creation[] {
  const found: Creation[] = [];
  for (const socket of model.sockets) {
    if (socket.role === 'client' && socket.node.type === 'NewExpression') {
      found.push({ node: socket.node, socket, library: 'WebSocket', closeMethods: SOCKET_CLOSE_METHODS });
    }
  }
  const program = model.program;
  const resolver = model.resolver;
  // Resolving every call's callee is the cost here: only files that name a factory module pay it.
  if (!program || !resolver || !FACTORY_MODULES.some((module) => model.text.includes(module))) return found.sort((a, b) => a.node.range[0] - b.node.range[0]);
  for (const call of model.index.inside(program, 'CallExpression')) {
    const origin = resolver.origin(call.callee);
    if (origin?.kind !== 'module') continue;
    const path = exportPath(origin).join('.');
    const factory = CLIENT_FACTORIES.find((f) => f.modules.includes(origin.module) && f.exports.includes(path));
    if (factory) found.push({ node: call, socket: undefined, library: factory.library, closeMethods: factory.close, reconnecting: factory.reconnecting });
  }
  return found.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

class OwnerFinder {
  constructor(private readonly model: SocketModel) {}

  find(): OwnedSocket[] {
    const out: OwnedSocket[] = [];
    for (const creation of clientCreations(this.model)) {
      const owner = this.ownerOf(creation.node, 0, new Set());
      if (!owner) continue;
      const { handles, escaped } = this.handlesOf(creation.node, owner);
      const closeCalls: TSESTree.CallExpression[] = [];
      let closed = false;
      for (const end of owner.ends) {
        const result = this.closesIn(end, handles, creation.closeMethods, 0, new Set());
        closeCalls.push(...result.calls);
        closed ||= result.closed;
      }
      const afterAwait = closed ? this.unguardedAwait(creation.node, owner, handles) : undefined;
      out.push({ creation: creation.node, socket: creation.socket, library: creation.library, closeMethods: creation.closeMethods, owner, handles, escaped, closed, closeCalls, afterAwait });
    }
    return out;
  }

  // ------------------------------------------------------------------ owners

  /** The component lifecycle whose start runs `node`, directly or through same-module calls. */
  ownerOf(node: Node, depth: number, visited: Set<Node>): Owner | undefined {
    const direct = this.initialiserArgument(node);
    if (direct) return direct;
    for (let fn = this.model.enclosingFunction(node); fn; fn = this.model.enclosingFunction(fn)) {
      if (visited.has(fn)) return undefined;
      visited.add(fn);
      const owner = this.lifecycleOf(fn) ?? this.setupOwner(fn) ?? (fn === this.model.enclosingFunction(node) ? this.renderOwner(fn, node) : undefined);
      if (owner) return owner;
      if (depth >= MAX_DEPTH) continue;
      for (const site of this.callSites(fn)) {
        const found = this.ownerOf(site, depth + 1, visited);
        if (found) return found;
      }
    }
    return this.fieldOwner(node) ?? this.scriptOwner(node);
  }

  /** `ws = new WebSocket(u)` as a (non-static) field of a component class: created with each instance. */
  private fieldOwner(node: Node): Owner | undefined {
    if (this.model.enclosingFunction(node)) return undefined;
    let current: Node | undefined = node;
    while (current && current.type !== 'PropertyDefinition') current = this.model.parentOf(current);
    if (!current || current.static) return undefined;
    const classNode = enclosingClass(current, this.model.parents);
    const component = classNode && this.componentOf(classNode);
    if (!component || component.lifecycle.kind !== 'class') return undefined;
    const lifecycle = component.lifecycle;
    return {
      kind: 'class',
      framework: lifecycle.framework,
      startName: 'a class field',
      start: undefined,
      ends: lifecycle.end.flatMap((name) => component.members.get(name) ?? []),
      endName: lifecycle.end[0]!,
    };
  }

  /**
   * A function that registers a component's lifecycle hooks (a Vue composable, a `setup()`): it
   * runs once per component, and what it opens is that component's, to end in the end hooks it
   * registers.
   */
  private setupOwner(fn: FunctionNode): Owner | undefined {
    for (const lifecycle of LIFECYCLES) {
      if (lifecycle.kind !== 'mount') continue;
      const registers = this.model.index.own(fn, 'CallExpression').some((call) => this.hookOf(call, 'mount')?.lifecycle === lifecycle);
      if (!registers) continue;
      const ends = this.endCallbacks(fn, lifecycle);
      return { kind: 'setup', framework: lifecycle.framework, startName: functionName(this.model, fn) ?? 'setup', start: fn, ends, endName: lifecycle.end.join('/') };
    }
    return undefined;
  }

  /**
   * A React component's or hook's own body, which runs on every render. A socket created there
   * lazily (`if (!ref.current) ref.current = io()`) is created once and ends in an effect's
   * cleanup, like an initialiser's; any other is a new socket per render (`startName` 'render').
   */
  private renderOwner(fn: FunctionNode, node: Node): Owner | undefined {
    const name = functionName(this.model, fn);
    if (!name || !RENDER_FUNCTIONS.name.test(name)) return undefined;
    const callsHook = this.model.index.own(fn, 'CallExpression').some((call) => {
      const origin = this.model.resolver?.origin(call.callee);
      if (origin?.kind !== 'module' || !RENDER_FUNCTIONS.modules.includes(origin.module)) return false;
      const path = exportPath(origin);
      return path.length === 1 && RENDER_FUNCTIONS.hook.test(path[0]!);
    });
    if (!callsHook && this.model.index.inside(fn, 'JSXElement').length === 0) return undefined;
    const component = this.initialiserEnds(fn);
    let lazy = false;
    for (let current = this.model.parentOf(node); current && current !== fn; current = this.model.parentOf(current)) {
      if (current.type === 'IfStatement' || current.type === 'ConditionalExpression' || current.type === 'LogicalExpression') lazy = true;
      if (current.type === 'AssignmentExpression' && /^(?:\?\?|\|\|)=$/.test(current.operator)) lazy = true;
    }
    return { kind: 'render', framework: 'React', startName: lazy ? 'lazy initialisation' : 'render', start: fn, ends: component, endName: 'an effect cleanup' };
  }

  /**
   * An effect's cleanup, and the cleanups of the component's other effects: a socket kept in the
   * component's state or a ref may be closed by another effect's cleanup (one that runs when the
   * socket state changes). `handlesOf` keeps only what can reach the socket.
   */
  private effectEnds(fn: FunctionNode, call: Node): FunctionNode[] {
    const own = this.returnedFunctions(fn);
    const component = this.model.enclosingFunction(call);
    if (!component) return own;
    return [...own, ...this.initialiserEnds(component).filter((end) => !own.includes(end))];
  }

  /** The cleanups of a component's effects. */
  private initialiserEnds(component: FunctionNode): FunctionNode[] {
    const ends: FunctionNode[] = [];
    for (const effectCall of this.model.index.own(component, 'CallExpression')) {
      const hook = this.hookOf(effectCall, 'effect');
      const callback = hook?.lifecycle.kind === 'effect' ? effectCall.arguments[hook.lifecycle.callback] : undefined;
      if (hook && callback && isFunction(callback)) ends.push(...this.returnedFunctions(callback));
    }
    return ends;
  }

  /** `useRef(new WebSocket(u))`, `useState(io(u))`: the argument itself runs with the component. */
  private initialiserArgument(node: Node): Owner | undefined {
    const parent = this.model.parentOf(outerValue(this.model, node));
    if (parent?.type !== 'CallExpression' || parent.arguments[0] !== outerValue(this.model, node)) return undefined;
    const hook = this.hookOf(parent, 'initialiser');
    const component = hook && this.model.enclosingFunction(parent);
    // The argument is evaluated on every render; the hook keeps only the first value.
    return component ? { kind: 'render', framework: hook.lifecycle.framework, startName: 'render', start: component, ends: this.initialiserEnds(component), endName: 'an effect cleanup' } : undefined;
  }

  private lifecycleOf(fn: FunctionNode): Owner | undefined {
    const parent = this.model.parentOf(fn);
    // `readable(value, start)` is also written `new readable(…)`.
    const effect = parent?.type === 'CallExpression' || parent?.type === 'NewExpression' ? this.hookOf(parent, 'effect') : undefined;
    if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && effect?.lifecycle.kind === 'effect' && parent.arguments[effect.lifecycle.callback] === fn) {
      return { kind: 'effect', framework: effect.lifecycle.framework, startName: effect.name, start: fn, ends: this.effectEnds(fn, parent), endName: `the ${effect.name} cleanup` };
    }
    if (parent?.type === 'CallExpression' && parent.arguments[0] === fn) {
      if (effect) return { kind: 'effect', framework: effect.lifecycle.framework, startName: effect.name, start: fn, ends: this.returnedFunctions(fn), endName: `the ${effect.name} cleanup` };
      const initialiser = this.hookOf(parent, 'initialiser');
      if (initialiser) return this.initialiserOwner(parent, initialiser.lifecycle, initialiser.name);
      const mount = this.hookOf(parent, 'mount');
      if (mount && mount.lifecycle.kind === 'mount' && mount.lifecycle.start.includes(mount.name)) {
        const scope = this.model.enclosingFunction(parent);
        const ends = this.endCallbacks(scope, mount.lifecycle);
        if (mount.lifecycle.returnsCleanup) ends.push(...this.returnedFunctions(fn));
        return { kind: 'mount', framework: mount.lifecycle.framework, startName: mount.name, start: fn, ends, endName: mount.lifecycle.end.join('/') };
      }
    }
    const member = memberOf(this.model, fn);
    if (!member?.container) return undefined;
    const component = this.componentOf(member.container);
    if (!component) return undefined;
    const lifecycle = component.lifecycle;
    if (lifecycle.kind !== 'options' && lifecycle.kind !== 'class') return undefined;
    if (!lifecycle.start.includes(member.name)) return undefined;
    return {
      kind: lifecycle.kind,
      framework: lifecycle.framework,
      startName: member.name,
      start: fn,
      ends: lifecycle.end.flatMap((name) => component.members.get(name) ?? []),
      endName: lifecycle.end.find((name) => component.members.has(name)) ?? lifecycle.end[0]!,
    };
  }

  private initialiserOwner(call: TSESTree.CallExpression, lifecycle: Lifecycle, name: string): Owner | undefined {
    if (lifecycle.kind !== 'initialiser') return undefined;
    const component = this.model.enclosingFunction(call);
    if (!component) return undefined;
    const ends: FunctionNode[] = [];
    for (const effectCall of this.model.index.own(component, 'CallExpression')) {
      const hook = this.hookOf(effectCall, 'effect');
      const callback = hook?.lifecycle.kind === 'effect' ? effectCall.arguments[hook.lifecycle.callback] : undefined;
      if (hook && callback && isFunction(callback)) ends.push(...this.returnedFunctions(callback));
    }
    return { kind: 'initialiser', framework: lifecycle.framework, startName: name, start: undefined, ends, endName: 'an effect cleanup' };
  }

  /** The end callbacks registered beside a mount hook (in the same setup function or script). */
  private endCallbacks(scope: FunctionNode | undefined, lifecycle: Extract<Lifecycle, { kind: 'mount' }>): FunctionNode[] {
    const ends: FunctionNode[] = [];
    const owner = scope ?? this.model.program!;
    for (const call of this.model.index.own(owner, 'CallExpression')) {
      const hook = this.hookOf(call, 'mount');
      if (!hook || hook.lifecycle !== lifecycle) continue;
      const callback = this.model.resolver?.functionOf(call.arguments[0]);
      if (!callback) continue;
      if (lifecycle.end.includes(hook.name)) ends.push(callback);
      else if (lifecycle.returnsCleanup && lifecycle.start.includes(hook.name) && !scope) ends.push(...this.returnedFunctions(callback));
    }
    return ends;
  }

  /** A component's own top-level script (Vue `<script setup>`, a Svelte instance script). */
  private scriptOwner(node: Node): Owner | undefined {
    const program = this.model.program;
    if (!program || this.model.enclosingFunction(node)) return undefined;
    for (const script of COMPONENT_SCRIPTS) {
      let start: number | undefined;
      if (script.container) {
        let current: Node | undefined = node;
        while (current && current.type !== (script.container as never)) current = this.model.parentOf(current);
        if (current) start = current.range[0];
      } else if ('templateBody' in program) {
        start = this.model.text.lastIndexOf('<script', node.range[0]);
      }
      if (start === undefined || start < 0 || !script.instanceTag.test(this.model.text.slice(start, start + 200))) continue;
      const lifecycle = LIFECYCLES.find((l) => l.kind === 'mount' && l.framework === script.lifecycle);
      if (lifecycle?.kind !== 'mount') continue;
      return { kind: 'script', framework: script.framework, startName: 'component script', start: undefined, ends: this.endCallbacks(undefined, lifecycle), endName: lifecycle.end[0]! };
    }
    return undefined;
  }

  /** Which hook of the table a call is (`useEffect`, `React.useEffect`, an auto-imported `onMounted`). */
  private hookOf(call: TSESTree.CallExpression | TSESTree.NewExpression, kind: Lifecycle['kind']): { lifecycle: Lifecycle; name: string } | undefined {
    const origin = this.model.resolver?.origin(call.callee);
    if (!origin) return undefined;
    const path = origin.kind === 'module' ? exportPath(origin) : origin.path;
    if (path.length !== 1) return undefined;
    const name = path[0]!;
    for (const lifecycle of LIFECYCLES) {
      if (lifecycle.kind !== kind) continue;
      const names = lifecycle.kind === 'effect' ? lifecycle.hooks : lifecycle.kind === 'initialiser' ? Object.keys(lifecycle.hooks) : lifecycle.kind === 'mount' ? [...lifecycle.start, ...lifecycle.end] : [];
      if (!names.includes(name)) continue;
      const known = origin.kind === 'module' ? lifecycle.modules.includes(origin.module) : lifecycle.kind === 'mount' && lifecycle.globals;
      if (known) return { lifecycle, name };
    }
    return undefined;
  }

  /** Functions an effect (or Svelte's onMount) returns: its cleanup. */
  private returnedFunctions(fn: FunctionNode): FunctionNode[] {
    if (fn.body.type !== 'BlockStatement') {
      const body = unwrap(fn.body);
      return isFunction(body) ? [body] : [];
    }
    const found: FunctionNode[] = [];
    for (const statement of this.model.index.own(fn, 'ReturnStatement')) {
      const cleanup = this.model.resolver?.functionOf(statement.argument) ?? undefined;
      if (cleanup) found.push(cleanup);
    }
    return found;
  }

  /** A component object (Vue options API) or class (Angular, React, custom elements) and its members by name. */
  componentOf(container: Node): { lifecycle: Lifecycle; members: Map<string, FunctionNode[]> } | undefined {
    for (const lifecycle of LIFECYCLES) {
      if (lifecycle.kind === 'options' && container.type === 'ObjectExpression' && this.isOptionsComponent(container, lifecycle)) {
        return { lifecycle, members: membersOf(container, lifecycle.methods) };
      }
      if (lifecycle.kind === 'class' && (container.type === 'ClassDeclaration' || container.type === 'ClassExpression') && this.isClassComponent(container, lifecycle)) {
        return { lifecycle, members: membersOf(container, undefined) };
      }
    }
    return undefined;
  }

  private isOptionsComponent(object: TSESTree.ObjectExpression, lifecycle: Extract<Lifecycle, { kind: 'options' }>): boolean {
    const parent = this.model.parentOf(object);
    if (parent?.type === 'ExportDefaultDeclaration') {
      if (lifecycle.defaultExportInComponentFile && !!this.model.program && 'templateBody' in this.model.program) return true;
      const keys = object.properties.map((prop) => (prop.type === 'Property' ? keyName(prop) : undefined));
      return keys.some((key) => key !== undefined && lifecycle.start.includes(key)) && keys.some((key) => key !== undefined && lifecycle.componentOptions.includes(key));
    }
    if (parent?.type === 'CallExpression' && parent.arguments.includes(object)) {
      const origin = this.model.resolver?.origin(parent.callee);
      if (origin?.kind === 'module' && lifecycle.modules.includes(origin.module)) return lifecycle.definers.includes(exportPath(origin).at(-1) ?? '');
    }
    if (parent?.type === 'NewExpression' && parent.arguments[0] === object) {
      const origin = this.model.resolver?.origin(parent.callee);
      return origin?.kind === 'module' && lifecycle.modules.includes(origin.module);
    }
    return false;
  }

  private isClassComponent(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, lifecycle: Extract<Lifecycle, { kind: 'class' }>): boolean {
    const resolver = this.model.resolver;
    if (!resolver) return false;
    const named = (expr: Node, names: readonly string[]) => {
      const origin = resolver.origin(expr);
      if (!origin) return false;
      const path = origin.kind === 'module' ? exportPath(origin) : origin.path;
      const last = path[path.length - 1];
      if (last === undefined || !names.includes(last)) return false;
      return origin.kind === 'module' ? lifecycle.modules.includes(origin.module) : lifecycle.modules.length === 0;
    };
    if (decoratorsOf(node).some(({ callee }) => named(callee, lifecycle.decorators))) return true;
    return !!node.superClass && named(node.superClass, lifecycle.bases);
  }

  /** Calls of a function: by its name, by `this.name()` in its class or component object, or as a timer callback. */
  callSites(fn: FunctionNode): Node[] {
    const sites: Node[] = [];
    const binding = bindingOf(this.model, fn);
    if (binding) {
      for (const reference of binding.references) {
        const identifier = reference.identifier as Node;
        if (reference.init || identifier === binding.identifiers[0]) continue;
        const parent = this.model.parentOf(identifier);
        if (parent?.type === 'CallExpression') sites.push(parent);
      }
    }
    const member = memberOf(this.model, fn);
    if (member?.container) {
      for (const access of this.model.thisOwners?.membersOf(member.container, member.name) ?? []) {
        const parent = this.model.parentOf(access);
        if (parent?.type === 'CallExpression' && (parent.callee === access || parent.arguments.includes(access as never))) sites.push(parent);
      }
    }
    return sites;
  }

  // ------------------------------------------------------------------ handles

  private handlesOf(creation: Node, owner: Owner): { handles: Handle[]; escaped: boolean } {
    const handles: Handle[] = [];
    let escaped = false;
    const value = outerValue(this.model, creation);
    const parent = this.model.parentOf(value);
    const add = (handle: Handle | undefined) => {
      if (handle && !handles.some((h) => sameHandle(h, handle))) handles.push(handle);
    };
    if (parent?.type === 'VariableDeclarator' && parent.init === value) add(this.declared(parent.id));
    else if (parent?.type === 'AssignmentExpression' && parent.right === value) add(handleOf(this.model, parent.left));
    else if (parent?.type === 'PropertyDefinition' && parent.value === value) {
      const classNode = enclosingClass(parent, this.model.parents);
      const name = keyName(parent);
      if (classNode && name !== undefined) add({ kind: 'this', scope: classNode, path: [name] });
    } else if (parent?.type === 'CallExpression' && parent.arguments.includes(value as never)) {
      const hook = this.hookOf(parent, 'initialiser');
      const state = this.stateOfSetter(parent);
      if (hook) add(this.hookResult(parent, hook.lifecycle, hook.name));
      else if (state) add(state);
      else escaped = true;
    } else if (parent?.type === 'ReturnStatement' || (parent && isFunction(parent) && parent.body === value)) {
      // The value of an initialiser callback (`useMemo(() => io(u))`) is the hook's result.
      const fn = parent.type === 'ReturnStatement' ? this.model.enclosingFunction(parent) : parent;
      const call = fn && this.model.parentOf(fn);
      const hook = call?.type === 'CallExpression' ? this.hookOf(call, 'initialiser') : undefined;
      if (call?.type === 'CallExpression' && hook) add(this.hookResult(call, hook.lifecycle, hook.name));
      else escaped = true;
    } else if (parent?.type !== 'ExpressionStatement' && parent?.type !== 'MemberExpression') {
      escaped = true;
    }
    // Aliases: `wsRef.current = ws`, `const s = ws`, `setSocket(ws)`; anything else passed on escapes.
    for (let i = 0; i < handles.length; i++) {
      const handle = handles[i]!;
      if (handle.kind !== 'variable' || handle.path.length > 0) continue;
      for (const reference of handle.variable.references) {
        const identifier = reference.identifier as Node;
        if (reference.isWrite()) continue;
        const use = this.model.parentOf(identifier);
        if (!use) continue;
        if (use.type === 'AssignmentExpression' && use.right === identifier) add(handleOf(this.model, use.left));
        else if (use.type === 'VariableDeclarator' && use.init === identifier) add(this.declared(use.id));
        else if (use.type === 'CallExpression' && use.arguments.includes(identifier as never)) {
          const state = this.stateOfSetter(use);
          if (state) add(state);
          else if (!isInert(this.model, use)) escaped = true;
        } else if (use.type === 'ReturnStatement') {
          const fn = this.model.enclosingFunction(use);
          // An effect returning it is no cleanup. A helper of this file that returns it hands it
          // to its callers: where they keep it is a handle too (`const ws = initWebSocket()`).
          if (fn && owner.start === fn) continue;
          const sites = fn ? this.callSites(fn) : [];
          if (sites.length === 0) escaped = true;
          for (const site of sites) {
            const holder = this.model.parentOf(outerValue(this.model, site));
            if (holder?.type === 'VariableDeclarator' && holder.init === outerValue(this.model, site)) add(this.declared(holder.id));
            else if (holder?.type === 'AssignmentExpression' && holder.right === outerValue(this.model, site)) add(handleOf(this.model, holder.left));
            else if (holder?.type !== 'ExpressionStatement') escaped = true;
          }
        } else if (use.type === 'Property' || use.type === 'ArrayExpression' || use.type === 'ExportSpecifier') {
          // Kept in an object or exported: code we cannot see may close it.
          escaped = true;
        }
      }
    }
    return { handles, escaped };
  }

  private declared(id: Node): Handle | undefined {
    if (id.type !== 'Identifier') return undefined;
    const variable = this.model.resolver?.variable(id);
    return variable ? { kind: 'variable', variable, path: [] } : undefined;
  }

  /** Where an initialiser hook's value lands: `const s = useMemo(…)`, `const [s] = useState(…)`, `const r = useRef(…)` → `r.current`. */
  private hookResult(call: TSESTree.CallExpression, lifecycle: Lifecycle, name: string): Handle | undefined {
    if (lifecycle.kind !== 'initialiser') return undefined;
    const parent = this.model.parentOf(call);
    if (parent?.type !== 'VariableDeclarator' || parent.init !== call) return undefined;
    const landing = lifecycle.hooks[name];
    if (landing === 'first-element') {
      const first = parent.id.type === 'ArrayPattern' ? parent.id.elements[0] : undefined;
      return first ? this.declared(first) : undefined;
    }
    const handle = this.declared(parent.id);
    return handle && landing === 'current' ? { ...handle, path: ['current'] } : handle;
  }

  /** `setSocket(value)` where `const [socket, setSocket] = useState(…)`: the state variable. */
  private stateOfSetter(call: TSESTree.CallExpression): Handle | undefined {
    const callee = unwrap(call.callee);
    if (callee.type !== 'Identifier') return undefined;
    const def = this.model.resolver?.variable(callee)?.defs[0];
    if (def?.type !== 'Variable') return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.id.type !== 'ArrayPattern' || declarator.id.elements[1] !== def.name || declarator.init?.type !== 'CallExpression') return undefined;
    const hook = this.hookOf(declarator.init, 'initialiser');
    if (!hook || hook.lifecycle.kind !== 'initialiser' || hook.lifecycle.hooks[hook.name] !== 'first-element') return undefined;
    const first = declarator.id.elements[0];
    return first ? this.declared(first) : undefined;
  }

  // ------------------------------------------------------------------ ends

  /** Whether a function (or the same-module helpers it calls) closes the socket through one of its handles. */
  closesIn(fn: FunctionNode, handles: readonly Handle[], methods: readonly string[], depth: number, visited: Set<FunctionNode>): { closed: boolean; calls: TSESTree.CallExpression[] } {
    const calls: TSESTree.CallExpression[] = [];
    let closed = false;
    if (visited.has(fn)) return { closed, calls };
    visited.add(fn);
    for (const call of this.model.index.inside(fn, 'CallExpression')) {
      const method = calledMethod(call);
      if (method && methods.includes(method.name) && handles.some((h) => refersTo(this.model, method.object, h))) {
        calls.push(call);
        closed = true;
        continue;
      }
      // `controller.abort()` where the controller's signal is passed to the socket's listeners.
      if (method?.name === 'abort' && this.signalUsed(method.object)) closed = true;
      // Handed to code that may close it: `closeSocket(ws)`.
      if (call.arguments.some((arg) => handles.some((h) => refersTo(this.model, arg, h)))) {
        const helper = this.model.resolver?.functionOf(call.callee);
        if (!helper) closed = true;
      }
      if (depth >= MAX_DEPTH) continue;
      const helper = this.helperOf(call);
      if (helper && helper !== fn) {
        const inner = this.closesIn(helper, handles, methods, depth + 1, visited);
        calls.push(...inner.calls);
        closed ||= inner.closed;
      }
    }
    return { closed, calls };
  }

  /** The same-module function a call runs: a function binding, `this.method()`, an options-API method. */
  helperOf(call: TSESTree.CallExpression): FunctionNode | undefined {
    return this.functionAt(call.callee);
  }

  /** The same-module function an expression denotes: a function binding, `this.method`, an options-API method. */
  functionAt(expr: Node): FunctionNode | undefined {
    const direct = this.model.resolver?.functionOf(expr);
    if (direct) return direct;
    return this.model.thisOwners?.methodAt(expr);
  }

  /** `c.signal` is passed somewhere in the file (`{ signal: c.signal }` to a listener). */
  private signalUsed(controller: Node): boolean {
    const handle = handleOf(this.model, controller);
    if (!handle) return false;
    for (const member of this.model.index.inside(this.model.program!, 'MemberExpression')) {
      if (propertyName(member) === 'signal' && refersTo(this.model, member.object, handle)) return true;
    }
    return false;
  }

  /**
   * `await x; ref.current = new WebSocket(u)` in an async function the component starts: a
   * cleanup that ran during the wait found nothing to close. Guarded when a test between the
   * two reads something the ends write (`if (cancelled) return`) or an abort signal.
   */
  private unguardedAwait(creation: Node, owner: Owner, handles: readonly Handle[]): TSESTree.AwaitExpression | undefined {
    if (owner.kind !== 'effect' && owner.kind !== 'mount') return undefined;
    if (handles.length === 0) return undefined;
    for (let fn = this.model.enclosingFunction(creation); fn && fn !== owner.start; fn = this.model.enclosingFunction(fn)) {
      if (!fn.async) continue;
      const awaits = this.model.index.own(fn, 'AwaitExpression').filter((a) => a.range[1] <= creation.range[0]);
      const last = awaits[awaits.length - 1];
      if (!last) continue;
      const written = new Set<string>();
      for (const end of owner.ends) {
        for (const assignment of this.model.index.inside(end, 'AssignmentExpression')) {
          const key = handleKey(handleOf(this.model, assignment.left));
          if (key) written.add(key);
        }
      }
      const guarded = this.model.index.subtree(fn).some((node) => {
        const test = node.type === 'IfStatement' || node.type === 'ConditionalExpression' ? node.test : node.type === 'LogicalExpression' ? node.left : undefined;
        if (!test || test.range[0] < last.range[1] || test.range[1] > creation.range[0]) return false;
        return [test, ...this.model.index.descendants(test)].some((part) => {
          if (part.type === 'Identifier' && /abort|cancel|mounted|active|alive|ignore|stop|closed|destroyed|disposed/i.test(part.name)) return true;
          const key = part.type === 'Identifier' || part.type === 'MemberExpression' ? handleKey(handleOf(this.model, part)) : undefined;
          return key !== undefined && written.has(key);
        });
      });
      return guarded ? undefined : last;
    }
    return undefined;
  }
}

// ------------------------------------------------------------------ reconnects left armed

/**
 * Deliberate closes of sockets whose close handler reconnects, that disarm nothing: a component's
 * end (owned sockets), or a method or function whose name says it ends the connection.
 */
export function armedReconnects(model: SocketModel): ArmedReconnect[] {
  const found: ArmedReconnect[] = [];
  const reconnects = reconnectsOf(model).filter((r) => r.handler.kind === 'close');
  if (reconnects.length === 0) return found;
  const finder = new OwnerFinder(model);
  const owned = ownedSockets(model);
  for (const reconnect of reconnects) {
    const socket = reconnect.socket;
    const ownedSocket = owned.find((o) => o.socket === socket);
    const handles: Handle[] = [...(ownedSocket?.handles ?? []), ...socket.accesses.map((a) => handleOfAccess(a))];
    const closers = new Map<TSESTree.CallExpression, FunctionNode>();
    for (const end of ownedSocket?.owner.ends ?? []) for (const call of finder.closesIn(end, handles, SOCKET_CLOSE_METHODS, 0, new Set()).calls) closers.set(call, end);
    for (const call of model.index.methodCallsOf(SOCKET_CLOSE_METHODS)) {
      const method = calledMethod(call)!;
      if (closers.has(call)) continue;
      if (!handles.some((h) => refersTo(model, method.object, h))) continue;
      const fn = model.enclosingFunction(call);
      if (fn && DELIBERATE_CLOSE_NAME.test(functionName(model, fn) ?? '')) closers.set(call, fn);
    }
    for (const [close, closer] of closers) {
      if (found.some((f) => f.close === close)) continue;
      if (disarms(model, finder, closer, close, reconnect, 0, new Set())) continue;
      found.push({ close, closer, reconnect, registration: registrationOf(model, reconnect) });
    }
  }
  return found.sort((a, b) => a.close.range[0] - b.close.range[0]);
}

const REMOVE_LISTENER = new Set(['removeEventListener', 'removeListener', 'removeAllListeners', 'off']);

/**
 * Whether a deliberate close is disarmed: the handler cleared or removed, a flag written that the
 * reconnect path reads, or a close code the handler tells apart (`close(1000)` with `event.code`).
 */
function disarms(model: SocketModel, finder: OwnerFinder, fn: FunctionNode, close: TSESTree.CallExpression, reconnect: Reconnect, depth: number, visited: Set<FunctionNode>): boolean {
  if (visited.has(fn)) return false;
  visited.add(fn);
  const read = readKeys(model, reconnect);
  for (const assignment of model.index.inside(fn, 'AssignmentExpression')) {
    const left = unwrap(assignment.left);
    if (left.type === 'MemberExpression' && /^on(?:close|disconnect)$/.test(propertyName(left) ?? '')) return true;
    const key = handleKey(handleOf(model, left));
    if (key && read.has(key)) return true;
  }
  for (const call of model.index.inside(fn, 'CallExpression')) {
    const method = calledMethod(call);
    if (method && REMOVE_LISTENER.has(method.name)) return true;
    if (depth < MAX_DEPTH) {
      const helper = finder.helperOf(call);
      if (helper && helper !== fn && disarms(model, finder, helper, close, reconnect, depth + 1, visited)) return true;
    }
  }
  // `close(1000)` told apart by a handler that reads the close event's code; any close of ours
  // (completed handshake) by one that reads `wasClean`, which a dropped connection leaves false.
  const handlerFn = reconnect.handler.fn;
  const reads = (name: RegExp) => !!handlerFn && model.index.inside(handlerFn, 'MemberExpression').some((m) => name.test(propertyName(m) ?? ''));
  if (reads(/^wasClean$/) || (close.arguments.length > 0 && reads(/^code$/))) return true;
  return false;
}

/** Variables and member paths read by the close handler and by the function that creates the socket. */
function readKeys(model: SocketModel, reconnect: Reconnect): Set<string> {
  const keys = new Set<string>();
  const scan = (fn: FunctionNode | undefined) => {
    if (!fn) return;
    for (const node of model.index.subtree(fn)) {
      if (node.type !== 'Identifier' && node.type !== 'MemberExpression') continue;
      const key = handleKey(handleOf(model, node));
      if (key) keys.add(key);
    }
  };
  scan(reconnect.handler.fn);
  scan(model.enclosingFunction(reconnect.socket.node));
  const timerCallback = reconnect.delay.kind === 'timer' ? model.resolver?.functionOf(reconnect.delay.timer.arguments[0]) : undefined;
  scan(timerCallback);
  return keys;
}

function registrationOf(model: SocketModel, reconnect: Reconnect): ArmedReconnect['registration'] {
  const handlerFn = reconnect.handler.fn;
  const parent = handlerFn ? model.parentOf(handlerFn) : undefined;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression' && propertyName(parent.left) === 'onclose') return 'property';
  if (parent?.type === 'CallExpression') {
    const method = calledMethod(parent);
    if (method && (method.name === 'on' || method.name === 'once' || method.name === 'addListener')) return 'emitter';
  }
  return 'other';
}

// ------------------------------------------------------------------ handles

/** The handle an expression denotes: `ws`, `wsRef.current`, `this.socket`, `this.state.ws`. */
export function handleOf(model: SocketModel, expr: Node): Handle | undefined {
  const path: string[] = [];
  let node = unwrap(expr);
  while (node.type === 'MemberExpression') {
    const name = propertyName(node);
    if (name === undefined) return undefined;
    path.unshift(name);
    node = unwrap(node.object);
  }
  if (node.type === 'Identifier') {
    const variable = model.resolver?.variable(node);
    // `const that = this; that.ws = …`: the component itself.
    const value = variable && model.resolver?.singleValue(variable);
    if (value?.type === 'ThisExpression' && path.length > 0) {
      const scope = model.thisOwners?.ownerAt(value);
      return scope ? { kind: 'this', scope, path } : undefined;
    }
    return variable ? { kind: 'variable', variable, path } : undefined;
  }
  if (node.type === 'ThisExpression' && path.length > 0) {
    const scope = model.thisOwners?.ownerAt(node);
    return scope ? { kind: 'this', scope, path } : undefined;
  }
  return undefined;
}

/** The handle a socket model access denotes. */
export function handleOfAccess(access: Access): Handle {
  return access.kind === 'variable' ? { kind: 'variable', variable: access.variable, path: access.path } : { kind: 'this', scope: access.owner, path: [access.name] };
}

const variableIds = new WeakMap<Variable, number>();
const scopeIds = new WeakMap<Node, number>();
let nextId = 0;

export function handleKey(handle: Handle | undefined): string | undefined {
  if (!handle) return undefined;
  const ids = handle.kind === 'variable' ? variableIds : scopeIds;
  const subject = (handle.kind === 'variable' ? handle.variable : handle.scope) as never;
  let id = ids.get(subject);
  if (id === undefined) ids.set(subject, (id = nextId++));
  return `${handle.kind}:${id}:${handle.path.join('.')}`;
}

export function sameHandle(a: Handle, b: Handle): boolean {
  return handleKey(a) === handleKey(b);
}

/** Whether an expression reaches the socket through a handle, directly or through a `const` alias. */
export function refersTo(model: SocketModel, expr: Node, handle: Handle): boolean {
  const key = handleKey(handle);
  return key !== undefined && handleKeysOf(model, expr).includes(key);
}

/**
 * The keys of every handle an expression reaches: its own, then through `const` aliases. Memoised
 * per node: the owner analyses ask it of the same receivers once per socket of the file.
 */
const handleKeyMemo = new WeakMap<SocketModel, Map<Node, readonly string[]>>();

function handleKeysOf(model: SocketModel, expr: Node): readonly string[] {
  let memo = handleKeyMemo.get(model);
  if (!memo) handleKeyMemo.set(model, (memo = new Map()));
  let keys = memo.get(expr);
  if (!keys) {
    const found: string[] = [];
    let current: Node | undefined = expr;
    for (let depth = 0; current; depth++) {
      const key = handleKey(handleOf(model, current));
      if (key !== undefined) found.push(key);
      const node = unwrap(current);
      if (node.type !== 'Identifier' || depth >= MAX_DEPTH) break;
      const variable = model.resolver?.variable(node);
      current = (variable && model.resolver?.singleValue(variable)) ?? undefined;
    }
    keys = found;
    memo.set(expr, keys);
  }
  return keys;
}

/**
 * The keys of every handle some expression of a function reaches (`ws.send(…)` reaches `ws`),
 * memoised per function: asked of each interval callback for every client socket of the file.
 */
const reachedMemo = new WeakMap<SocketModel, Map<FunctionNode, ReadonlySet<string>>>();

export function handlesReachedIn(model: SocketModel, fn: FunctionNode): ReadonlySet<string> {
  let memo = reachedMemo.get(model);
  if (!memo) reachedMemo.set(model, (memo = new Map()));
  let keys = memo.get(fn);
  if (!keys) {
    const found = new Set<string>();
    for (const node of model.index.subtree(fn)) {
      if (node.type === 'Identifier' || node.type === 'MemberExpression') for (const key of handleKeysOf(model, node)) found.add(key);
    }
    keys = found;
    memo.set(fn, keys);
  }
  return keys;
}

// ------------------------------------------------------------------ small helpers

/** The expression that carries a created value out of wrappers: `await`, `as`, `!`, `a ? b : c`, `x || y`. */
function outerValue(model: SocketModel, node: Node): Node {
  let current = node;
  for (;;) {
    const parent = model.parentOf(current);
    if (
      parent &&
      (parent.type === 'AwaitExpression' ||
        parent.type === 'TSAsExpression' ||
        parent.type === 'TSNonNullExpression' ||
        parent.type === 'TSSatisfiesExpression' ||
        (parent.type === 'ConditionalExpression' && parent.test !== current) ||
        (parent.type === 'LogicalExpression' && parent.right === current))
    ) {
      current = parent;
      continue;
    }
    return current;
  }
}

/** A method of a class or an object literal (`mounted() {…}`, `connect: function () {…}`), with its name and container. */
function memberOf(model: SocketModel, fn: FunctionNode): { name: string; container: ThisOwner | undefined } | undefined {
  const parent = model.parentOf(fn);
  const keyed = parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' || (parent?.type === 'Property' && parent.value === fn);
  const name = keyed ? keyName(parent) : undefined;
  // The class, instance object or component (through its `methods: {…}`) whose member it is: this-owner.ts.
  return name === undefined ? undefined : { name, container: model.thisOwners?.memberOwner(fn) };
}

/** A class's or component object's function members by name (an object's `methods` included). */
function membersOf(container: TSESTree.ObjectExpression | TSESTree.ClassDeclaration | TSESTree.ClassExpression, methods: string | undefined): Map<string, FunctionNode[]> {
  const members = new Map<string, FunctionNode[]>();
  const add = (name: string | undefined, fn: Node | null | undefined) => {
    if (name === undefined || !fn || !isFunction(fn)) return;
    members.set(name, [...(members.get(name) ?? []), fn]);
  };
  if (container.type === 'ObjectExpression') {
    for (const prop of container.properties) {
      if (prop.type !== 'Property') continue;
      const name = keyName(prop);
      if (methods !== undefined && name === methods && prop.value.type === 'ObjectExpression') {
        for (const inner of prop.value.properties) if (inner.type === 'Property') add(keyName(inner), inner.value);
      } else add(name, prop.value);
    }
  } else {
    for (const member of container.body.body) {
      if (member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') add(keyName(member), member.value);
    }
  }
  return members;
}

/** The variable a function is bound to: a declaration, `const f = () => …`, `const f = useCallback(() => …)` (resolve.ts). */
function bindingOf(model: SocketModel, fn: FunctionNode): Variable | undefined {
  if (fn.type === 'FunctionDeclaration' && fn.id) return model.resolver?.variable(fn.id);
  let value: Node = fn;
  let parent = model.parentOf(fn);
  // `useCallback(fn, deps)` and similar wrappers that return the function.
  if (parent?.type === 'CallExpression' && parent.arguments[0] === fn && model.resolver?.functionOf(parent) === fn) {
    value = parent;
    parent = model.parentOf(parent);
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === value && parent.id.type === 'Identifier') return model.resolver?.variable(parent.id);
  return undefined;
}

/** A function's name: its declaration, method key, or the variable it is assigned to. */
function functionName(model: SocketModel, fn: FunctionNode): string | undefined {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  const member = memberOf(model, fn);
  if (member) return member.name;
  const parent = model.parentOf(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return undefined;
}

/** Calls that only look at a value: a logger. */
function isInert(model: SocketModel, call: TSESTree.CallExpression): boolean {
  const origin = model.resolver?.origin(call.callee);
  return origin?.kind === 'global' && origin.path[0] === 'console';
}

// ------------------------------------------------------------------ sockets replaced while reconnecting

export interface MisleadingGuard {
  readonly creation: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly library: string;
  /** The `.connected` read that decides whether to create a new socket. */
  readonly property: TSESTree.MemberExpression;
  readonly reliable: string;
}

/**
 * `if (!socket?.connected) socket = io(url)`, `if (get().socket?.connected) return; … io(url)`:
 * a new socket created when the old one is merely not connected, which is also the state of a
 * socket the library is reconnecting. The old one keeps retrying next to the new one. Not when
 * the function closes the old socket first, or keeps the new one only in a local that goes nowhere.
 */
export function misleadingGuards(model: SocketModel): MisleadingGuard[] {
  const found: MisleadingGuard[] = [];
  for (const creation of clientCreations(model)) {
    const reconnecting = creation.reconnecting;
    const fn = model.enclosingFunction(creation.node);
    if (!reconnecting || !fn) continue;
    const before = (node: Node) => node.range[1] <= creation.node.range[0];
    const closesFirst = model.index.own(fn, 'CallExpression').some((call) => before(call) && creation.closeMethods.includes(calledMethod(call)?.name ?? ''));
    if (closesFirst || !keptBeyond(model, creation.node, fn)) continue;
    for (const test of guardTests(model, fn, creation.node)) {
      const property = [test, ...model.index.descendants(test)].find(
        (node): node is TSESTree.MemberExpression => node.type === 'MemberExpression' && propertyName(node) === reconnecting.misleading,
      );
      if (property) {
        found.push({ creation: creation.node, library: creation.library, property, reliable: reconnecting.reliable });
        break;
      }
    }
  }
  return found;
}

/** The tests that decide whether `fn` reaches `node`: `if`s before it (or around it), `&&`/`?:` around it. */
function guardTests(model: SocketModel, fn: FunctionNode, node: Node): Node[] {
  const tests: Node[] = [];
  for (const statement of model.index.own(fn, 'IfStatement')) {
    if (statement.range[1] <= node.range[0] || (statement.consequent.range[0] <= node.range[0] && node.range[1] <= statement.consequent.range[1])) tests.push(statement.test);
  }
  for (let current = model.parentOf(node); current && current !== fn; current = model.parentOf(current)) {
    if (current.type === 'ConditionalExpression' || current.type === 'LogicalExpression') tests.push(current.type === 'LogicalExpression' ? current.left : current.test);
  }
  return tests;
}

/** The new socket outlives the call: stored outside `fn`, or passed on (`set({ socket })`). */
function keptBeyond(model: SocketModel, creation: Node, fn: FunctionNode): boolean {
  const value = outerValue(model, creation);
  const parent = model.parentOf(value);
  if (parent?.type === 'AssignmentExpression' && parent.right === value) {
    const handle = handleOf(model, parent.left);
    return !handle || handle.kind === 'this' || handle.path.length > 0 || handle.variable.scope.block !== fn;
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === value && parent.id.type === 'Identifier') {
    const variable = model.resolver?.variable(parent.id);
    return !!variable?.references.some((reference) => {
      const use = model.parentOf(reference.identifier as Node);
      return !!use && (use.type === 'Property' || use.type === 'ReturnStatement' || (use.type === 'AssignmentExpression' && use.right === reference.identifier) || ((use.type === 'CallExpression' || use.type === 'NewExpression') && use.arguments.includes(reference.identifier as never)));
    });
  }
  return parent?.type !== 'ExpressionStatement';
}

// ------------------------------------------------------------------ sockets replaced while open

export interface ReplacedSocket {
  readonly creation: TSESTree.NewExpression;
  /** A call of the creating function from code that does not first close (or look at) the old socket. */
  readonly call: Node;
}

/**
 * `connect() { this.ws = new WebSocket(url); }` called again (`setUrl(u) { this.url = u;
 * this.connect(); }`) while the previous socket is open: the old one stays open, with its
 * listeners, and nothing can reach it any more. Only when the new socket replaces a kept one
 * (`this.ws`, an outer variable, `ref.current`), the creating function does not look at the old
 * one first, and a call comes from somewhere other than the constructor, the module's top level
 * or the old socket's own close and error handlers (a reconnect, after the old socket closed).
 */
export function replacedSockets(model: SocketModel): ReplacedSocket[] {
  const found: ReplacedSocket[] = [];
  const finder = new OwnerFinder(model);
  for (const socket of model.sockets) {
    if (socket.role !== 'client' || socket.node.type !== 'NewExpression') continue;
    const creation = socket.node;
    const fn = model.enclosingFunction(creation);
    const holder = model.parentOf(outerValue(model, creation));
    if (!fn || holder?.type !== 'AssignmentExpression' || holder.right !== outerValue(model, creation)) continue;
    const handle = handleOf(model, holder.left);
    if (!handle || (handle.kind === 'variable' && handle.path.length === 0 && handle.variable.scope.block === fn)) continue;
    if (mentionsBefore(model, fn, handle, holder)) continue;
    const ownHandlers = new Set<Node>([...model.handlersOf(socket, 'close'), ...model.handlersOf(socket, 'error')].flatMap((h) => (h.fn ? [h.fn] : [])));
    // Handlers the model cannot attach to the socket (an options-API `this.socket.onerror = this.error`).
    for (const handler of listenersThrough(model, finder, handle, ['close', 'error'])) ownHandlers.add(handler);
    for (const site of finder.callSites(fn)) {
      const caller = model.enclosingFunction(site);
      if (!caller || caller === fn) continue;
      if (caller.type === 'FunctionExpression' && model.parentOf(caller)?.type === 'MethodDefinition' && (model.parentOf(caller) as TSESTree.MethodDefinition).kind === 'constructor') continue;
      if (reachedFromHandlers(model, finder, caller, ownHandlers, 0)) continue;
      // A component or effect starting it once is require-socket-owner-cleanup's notClosed.
      if (finder.ownerOf(site, 0, new Set())) continue;
      if (mentionsBefore(model, caller, handle, site)) continue;
      found.push({ creation, call: site });
      break;
    }
  }
  return found;
}

/** Functions assigned to `<handle>.on<event>` or registered with `<handle>.addEventListener(event, …)` / `.on(event, …)`. */
function listenersThrough(model: SocketModel, finder: OwnerFinder, handle: Handle, events: readonly string[]): FunctionNode[] {
  const found: FunctionNode[] = [];
  for (const registration of listenerRegistrations(model).get(handleKey(handle)!) ?? []) {
    if (!events.includes(registration.event)) continue;
    const fn = finder.functionAt(registration.listener);
    if (fn) found.push(fn);
  }
  return found;
}

/**
 * Every listener registration of the file by the handles its receiver reaches, built once per
 * file: `x.onclose = f`, `x.addEventListener('close', f)`, `x.on('close', f)`, `x.once(…)`.
 */
const registrationMemo = new WeakMap<SocketModel, Map<string, { event: string; listener: Node }[]>>();

function listenerRegistrations(model: SocketModel): Map<string, { event: string; listener: Node }[]> {
  let byHandle = registrationMemo.get(model);
  if (byHandle) return byHandle;
  byHandle = new Map();
  const add = (receiver: Node, event: string, listener: Node | undefined) => {
    if (!listener) return;
    for (const key of handleKeysOf(model, receiver)) {
      let list = byHandle!.get(key);
      if (!list) byHandle!.set(key, (list = []));
      list.push({ event, listener });
    }
  };
  const registrations: { node: Node; add: () => void }[] = [];
  for (const left of model.index.membersWhere((name) => /^on[a-z]+$/.test(name))) {
    const assignment = model.parentOf(left);
    if (assignment?.type !== 'AssignmentExpression' || unwrap(assignment.left) !== left) continue;
    registrations.push({ node: assignment, add: () => add(left.object, propertyName(left)!.slice(2), assignment.right) });
  }
  for (const call of model.index.methodCallsOf(['addEventListener', 'on', 'once'])) {
    const event = staticStringOf(call.arguments[0]);
    if (event !== undefined) registrations.push({ node: call, add: () => add(calledMethod(call)!.object, event, call.arguments[1]) });
  }
  // In source order, as a scan of the file would find them.
  for (const registration of registrations.sort((a, b) => a.node.range[0] - b.node.range[0])) registration.add();
  registrationMemo.set(model, byHandle);
  return byHandle;
}

function staticStringOf(node: Node | undefined): string | undefined {
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
}

/** The function reads or closes the handle before `node` (a guard, a close, a hand-off). */
function mentionsBefore(model: SocketModel, fn: FunctionNode, handle: Handle, node: Node): boolean {
  return model.index.subtree(fn).some((part) => part.range[1] <= node.range[0] && (part.type === 'Identifier' || part.type === 'MemberExpression') && refersTo(model, part, handle));
}

/**
 * Inside one of the socket's own close/error handlers (or a timer callback nested in one), or a
 * same-file function called only from there (`handleClose()` → `scheduleReconnect()`).
 */
function reachedFromHandlers(model: SocketModel, finder: OwnerFinder, fn: FunctionNode, handlers: ReadonlySet<Node>, depth: number): boolean {
  const chain: FunctionNode[] = [];
  for (let current: FunctionNode | undefined = fn; current && chain.length < 4; current = model.enclosingFunction(current)) {
    if (handlers.has(current)) return true;
    chain.push(current);
  }
  if (depth >= MAX_DEPTH) return false;
  // A function (or the named function around a callback) that only those handlers call.
  return chain.some((current) => {
    const sites = finder.callSites(current);
    return (
      sites.length > 0 &&
      sites.every((site) => {
        const caller = model.enclosingFunction(site);
        return !!caller && !chain.includes(caller) && reachedFromHandlers(model, finder, caller, handlers, depth + 1);
      })
    );
  });
}
