/**
 * Calls that take an AbortSignal in an options argument: in a queued listener they get the
 * queue's `signal` (aborted when the socket closes), so that work in flight for a connection that
 * went away stops instead of running to its end. Only calls that pass no options, or an object
 * literal without a `signal`, are changed.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from '../../facts/ast.js';
import type { SocketModel } from '../../facts/index.js';
import { exportPath } from '../../facts/resolve.js';
import { code, type Code } from '../../fixes/code.js';
import type { PlanEdit } from '../../fixes/plan.js';

interface AbortableCall {
  /** A global (`fetch`), or a module's export. */
  readonly callee: { readonly global: string } | { readonly modules: readonly string[]; readonly name: string };
  /** Where the options object goes (the arguments before it are required). */
  readonly optionsArgument: number;
}

export const ABORTABLE_CALLS: readonly AbortableCall[] = [
  { callee: { global: 'fetch' }, optionsArgument: 1 },
  // setTimeout(delay, value, { signal }) and setInterval's twin, from timers/promises.
  { callee: { modules: ['timers/promises', 'node:timers/promises'], name: 'setTimeout' }, optionsArgument: 2 },
  // events.once(emitter, name, { signal }) / events.on(emitter, name, { signal }).
  { callee: { modules: ['events', 'node:events'], name: 'once' }, optionsArgument: 2 },
  { callee: { modules: ['events', 'node:events'], name: 'on' }, optionsArgument: 2 },
];

/** The edits that pass `signal` to the abortable calls made in `listener` itself. */
export function abortableCallEdits(facts: SocketModel, listener: FunctionNode, signal: Code): PlanEdit[] {
  const edits: PlanEdit[] = [];
  for (const call of facts.index.inside(listener, 'CallExpression')) {
    if (facts.enclosingFunction(call) !== listener) continue;
    const entry = ABORTABLE_CALLS.find((candidate) => matches(facts, call, candidate));
    if (!entry || call.arguments.some((argument) => argument.type === 'SpreadElement')) continue;
    const options = call.arguments[entry.optionsArgument];
    if (options === undefined) {
      // Only right after the last required argument (an optional one in between would be skipped).
      const last = call.arguments[call.arguments.length - 1];
      if (call.arguments.length !== entry.optionsArgument || !last) continue;
      edits.push({ kind: 'insert', at: last.range[1], side: 'after', code: code`, { signal: ${signal} }` });
    } else if (options.type === 'ObjectExpression' && !options.properties.some((property) => property.type !== 'Property' || isSignalKey(property))) {
      edits.push({ kind: 'property', object: options, code: code`signal: ${signal}` });
    }
  }
  return edits;
}

function matches(facts: SocketModel, call: TSESTree.CallExpression, entry: AbortableCall): boolean {
  const origin = facts.resolver?.origin(call.callee);
  if ('global' in entry.callee) return origin?.kind === 'global' && origin.path.length === 1 && origin.path[0] === entry.callee.global;
  if (origin?.kind !== 'module' || !entry.callee.modules.includes(origin.module)) return false;
  const path = exportPath(origin);
  return path.length === 1 && path[0] === entry.callee.name;
}

function isSignalKey(property: TSESTree.Property): boolean {
  return property.computed || (property.key.type === 'Identifier' ? property.key.name === 'signal' : property.key.type === 'Literal' && property.key.value === 'signal');
}
