/**
 * abort-on-close (the request-scoped watch incident): work bounded by the upgrade request's
 * lifetime gets the socket's instead. For signals, an AbortController aborted on the socket's real
 * close is created first in the handler (or right after the statement that creates the socket, or
 * in Hono's events factory with `onClose` aborting it) and its signal replaces the request's;
 * cleanup registered on the request moves to the socket's close.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { calledMethod, contains, findProperty, isFunction, returnedObjects, type FunctionNode, type Node } from '../../facts/ast.js';
import { EMITTER_LISTEN_METHODS, FRAMEWORKS } from '../../facts/frameworks.js';
import type { Access, SocketFact, SocketModel, Variable } from '../../facts/index.js';
import { CLOSE_HOOK_PROPERTY } from '../../facts/request-lifetime-data.js';
import type { RequestLifetimeFinding } from '../../facts/request-lifetime.js';
import { code, NewName, str, type Code } from '../code.js';
import type { PlanDraft, PlanEdit } from '../plan.js';
import { abortOnCloseEffect, listenerEdits } from './places.js';

/** How a framework's socket is told to abort the controller: a listener, or a close hook. */
type Wiring =
  | { readonly kind: 'listener'; readonly style: 'emitter' | 'event-target'; readonly event: string; readonly target: SocketTarget }
  | { readonly kind: 'hook'; readonly property: string };

interface SocketTarget {
  readonly node: Node;
  readonly access: Access;
  readonly text: string;
}

/**
 * The fix for findings of one handler. Undefined when any finding has no safe edit (then there is
 * no suggestion rather than a partial one).
 */
export function planAbortOnClose(model: SocketModel, findings: readonly RequestLifetimeFinding[]): PlanDraft | undefined {
  const first = findings[0];
  if (!first || findings.some((f) => f.regionFn !== first.regionFn || f.handler.socket !== first.handler.socket)) return undefined;
  const wiring = wiringOf(first);
  if (!wiring) return undefined;
  const edits: PlanEdit[] = [];
  const signals = findings.filter((f) => f.sink === 'signal');
  const claims: string[] = [];
  const existing = signals.length > 0 ? closingController(model, first) : undefined;
  if (existing) {
    // A controller the socket's close already aborts: its signal, and no second controller.
    for (const finding of signals) {
      const replace = finding.replace;
      if (!replace || replace.range[0] < existing.declaredAt) return undefined;
      edits.push(replaceSignal(model, replace, existing.name));
    }
  } else if (signals.length > 0) {
    // One new controller per handler and run: another plan for the same handler waits for the
    // next pass, where it finds this one.
    claims.push(`controller:${first.regionFn.range[0]}`);
    const controller = new NewName('ac', first.regionFn);
    const insertion = controllerInsertion(model, first, wiring, controller);
    if (!insertion) return undefined;
    edits.push(...insertion.edits);
    for (const finding of signals) {
      const replace = finding.replace;
      // The controller must be declared before the signal is read.
      if (!replace || replace.range[0] < insertion.declaredAt) return undefined;
      edits.push(replaceSignal(model, replace, controller));
    }
  }
  const effects: string[] = [];
  for (const finding of findings) {
    if (finding.sink === 'signal') continue;
    if (finding.sink !== 'request-listener' || !finding.listenerCall || wiring.kind !== 'listener') return undefined;
    const retarget = retargetListener(model, finding.listenerCall, wiring);
    if (!retarget) return undefined;
    edits.push(...retarget);
    effects.push(...abortedControllers(model, finding.listenerCall).map(abortOnCloseEffect));
  }
  const description =
    signals.length > 0
      ? `Abort a controller on the socket's ${first.closeHook} and pass its signal instead of the request's`
      : `Listen for the socket's ${first.closeHook} instead of the request's end`;
  return { kind: 'abort-on-close', description, edits, effects, claims };
}

/**
 * An AbortController of the handler that the socket's close aborts already
 * (`const controller = new AbortController(); ws.on('close', () => controller.abort())`).
 */
function closingController(model: SocketModel, finding: RequestLifetimeFinding): { name: string; declaredAt: number } | undefined {
  const socket = finding.handler.socket;
  if (!socket) return undefined;
  const closeEvents = FRAMEWORKS[socket.framework].events.close;
  for (const use of model.usesOf(socket)) {
    if (use.kind !== 'listener' || !closeEvents.includes(use.event) || use.node.type !== 'CallExpression') continue;
    for (const controller of abortedControllers(model, use.node)) {
      const declarator = controller.defs[0]?.node;
      if (declarator?.type !== 'VariableDeclarator') continue;
      const init = declarator.init;
      const created = init?.type === 'NewExpression' && init.callee.type === 'Identifier' && init.callee.name === 'AbortController';
      if (!created || controller.defs.length !== 1 || !contains(finding.regionFn, declarator) || controller.references.some((reference) => reference.isWrite() && reference.identifier !== controller.identifiers[0])) continue;
      return { name: controller.name, declaredAt: declarator.range[1] };
    }
  }
  return undefined;
}

/** The controllers a listener aborts (`() => ac.abort()`): moved to the socket's close, they are aborted on it. */
function abortedControllers(model: SocketModel, call: TSESTree.CallExpression): Variable[] {
  const fn = model.resolver?.functionOf(call.arguments[1]);
  if (!fn) return [];
  const controllers: Variable[] = [];
  for (const inner of model.index.inside(fn, 'CallExpression')) {
    const method = calledMethod(inner);
    if (method?.name !== 'abort' || method.object.type !== 'Identifier') continue;
    const variable = model.resolver?.variable(method.object);
    if (variable) controllers.push(variable);
  }
  return controllers;
}

function wiringOf(finding: RequestLifetimeFinding): Wiring | undefined {
  const socket = finding.handler.socket;
  const framework = socket?.framework ?? finding.framework;
  const hook = CLOSE_HOOK_PROPERTY[framework];
  if (hook) return { kind: 'hook', property: hook };
  if (!socket) return undefined;
  const traits = FRAMEWORKS[framework];
  if (traits.listenerStyle === 'hooks') return undefined;
  const target = socketTarget(socket, finding.handler.fn);
  const event = traits.events.close[0];
  if (!target || !event) return undefined;
  return { kind: 'listener', style: traits.listenerStyle, event, target };
}

/** The socket as code in the handler names it: a parameter of the handler, or a created variable. */
function socketTarget(socket: SocketFact, fn: FunctionNode): SocketTarget | undefined {
  for (const access of socket.accesses) {
    if (access.kind !== 'variable') continue;
    const declared = access.variable.identifiers[0];
    if (!declared) continue;
    const def = access.variable.defs[0];
    const isParam = def?.type === 'Parameter' && def.node === fn;
    const isLocal = def?.type === 'Variable' && contains(fn, declared);
    if (!isParam && !isLocal) continue;
    return { node: declared, access, text: [access.variable.name, ...access.path].join('.') };
  }
  return undefined;
}

/** The controller's declaration and wiring, and the offset after which its name may be read. */
function controllerInsertion(
  model: SocketModel,
  finding: RequestLifetimeFinding,
  wiring: Wiring,
  controller: NewName,
): { edits: PlanEdit[]; declaredAt: number } | undefined {
  const declaration = code`const ${controller} = new AbortController();`;
  if (wiring.kind === 'hook') return hookInsertion(model, finding, wiring.property, controller, declaration);
  const { target } = wiring;
  const param = finding.handler.fn.params.find((p) => p === target.node);
  const edits = listenerEdits(
    model,
    { node: target.node, access: target.access, handlerFn: param ? finding.handler.fn : undefined },
    (name): Code =>
      wiring.style === 'emitter'
        ? code`${declaration}
${name}.once(${str(wiring.event)}, () => ${controller}.abort());`
        : code`${declaration}
${name}.addEventListener(${str(wiring.event)}, () => ${controller}.abort(), { once: true });`,
    { declares: true },
  );
  const edit = edits?.[0];
  if (!edit) return undefined;
  const declaredAt = edit.kind === 'after' ? edit.statement.range[1] : edit.kind === 'body-start' ? edit.fn.body.range[0] : Number.POSITIVE_INFINITY;
  return { edits: edits, declaredAt };
}

/** Hono: the controller goes first in the events factory, and `onClose` aborts it. */
function hookInsertion(
  model: SocketModel,
  finding: RequestLifetimeFinding,
  property: string,
  controller: NewName,
  declaration: Code,
): { edits: PlanEdit[]; declaredAt: number } | undefined {
  const factory = finding.regionFn;
  const registration = finding.handler.registration;
  if (registration.type !== 'CallExpression' || model.resolver?.functionOf(registration.arguments[0]) !== factory) return undefined;
  const objects = returnedObjects(factory);
  const events = objects[0];
  if (objects.length !== 1 || !events) return undefined;
  const edits: PlanEdit[] = [{ kind: 'body-start', fn: factory, code: declaration }];
  const hook = findProperty(events, property);
  if (hook) {
    const fn = hook.value;
    if (!isFunction(fn)) return undefined;
    edits.push({ kind: 'body-start', fn, code: code`${controller}.abort();` });
  } else {
    edits.push({ kind: 'property', object: events, code: code`${property}: () => ${controller}.abort()` });
  }
  return { edits, declaredAt: factory.body.range[0] };
}

/** `req.signal` → `ac.signal`; a shorthand `{ signal }` becomes `{ signal: ac.signal }`. */
function replaceSignal(model: SocketModel, node: Node, controller: NewName | string): PlanEdit {
  const parent = model.parentOf(node);
  if (parent?.type === 'Property' && parent.shorthand && parent.value === node) {
    return { kind: 'insert', at: node.range[1], side: 'after', code: code`: ${controller}.signal` };
  }
  return { kind: 'replace', range: node.range, code: code`${controller}.signal` };
}

/**
 * `req.on('close', f)` → `ws.on('close', f)`; `req.signal.addEventListener('abort', f)` →
 * `ws.once('close', f)`. Only when `f` is a function of this module that takes no arguments
 * (the socket's close passes different ones) and the socket is in scope at the call.
 */
function retargetListener(model: SocketModel, call: TSESTree.CallExpression, wiring: Extract<Wiring, { kind: 'listener' }>): PlanEdit[] | undefined {
  const [event, callback, ...rest] = call.arguments;
  const fn = model.resolver?.functionOf(callback);
  if (!event || !callback || !fn || fn.params.length > 0) return undefined;
  const { target } = wiring;
  const scope = target.access.kind === 'variable' ? target.access.variable.scope.block : undefined;
  if (!scope || !contains(scope as Node, call) || target.node.range[1] > call.range[0]) return undefined;
  const method = calledMethod(call)?.name;
  const edits: PlanEdit[] = [];
  const last = rest[rest.length - 1];
  if (wiring.style === 'emitter') {
    const listen = method && EMITTER_LISTEN_METHODS.has(method) ? method : 'once';
    edits.push({ kind: 'replace', range: [call.callee.range[0], event.range[1]], code: code`${target.text}.${listen}(${str(wiring.event)}` });
    if (last) edits.push({ kind: 'replace', range: [callback.range[1], last.range[1]], code: code`` });
  } else {
    edits.push({ kind: 'replace', range: [call.callee.range[0], event.range[1]], code: code`${target.text}.addEventListener(${str(wiring.event)}` });
    edits.push({ kind: 'replace', range: [callback.range[1], last ? last.range[1] : callback.range[1]], code: code`, { once: true }` });
  }
  return edits;
}
