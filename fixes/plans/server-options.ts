/**
 * Server options: add one to a server's options object (creating the nested objects on its path,
 * or the options argument itself when it is the next argument), or replace one's value.
 */
import type { Node } from '../../facts/ast.js';
import type { ServerSite } from '../../facts/liveness.js';
import { code, type Code } from '../code.js';
import type { PlanDraft } from '../plan.js';

export interface OptionPlan {
  readonly kind: string;
  readonly description: string;
  /** `maxPayload`. */
  readonly name: string;
  /** `1024 * 1024`. */
  readonly value: string;
}

/** Plans adding `name: value` to a site's options; undefined when they cannot be seen. */
export function planOptionInsertion(site: ServerSite, option: OptionPlan): PlanDraft | undefined {
  const { kind, description } = option;
  const options = site.options;
  const property = code`${option.name}: ${option.value}`;
  if (options.state === 'found') return { kind, description, edits: [{ kind: 'property', object: options.object, code: property }] };
  if (options.state !== 'absent') return undefined;
  const nested = options.missing.reduceRight<Code>((inner, segment) => code`${segment}: { ${inner} }`, property);
  if (options.parent) return { kind, description, edits: [{ kind: 'property', object: options.parent, code: nested }] };
  // The options argument itself is missing: add it only when it is the next argument.
  const args = site.node.arguments;
  const index = site.location.argument === 'last' ? args.length : site.location.argument;
  const last = args[args.length - 1];
  if (index !== args.length || !last) return undefined;
  return { kind, description, edits: [{ kind: 'insert', at: last.range[1], side: 'after', code: code`, { ${nested} }` }] };
}

/** Plans replacing an option's value (a property's value, or the node itself for an argument). */
export function planValueReplacement(node: Node, value: string, kind: string, description: string): PlanDraft {
  const target = node.type === 'Property' ? node.value : node;
  return { kind, description, edits: [{ kind: 'replace', range: target.range, code: code`${value}` }] };
}
