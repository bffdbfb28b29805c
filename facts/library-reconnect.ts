/**
 * Client libraries that reconnect by themselves (socket.io-client), configured as data: the
 * options of each factory call (owners-data.ts `reconnectOptions`) read as a backoff. A jitter of
 * 0 makes every client dropped at the same instant retry in lockstep; a largest delay no greater
 * than the first makes the delay constant. require-reconnect-backoff reports both.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { findProperty } from './ast.js';
import { CLIENT_FACTORIES } from './owners-data.js';
import { clientCreations } from './owners.js';
import { foldValue } from './static-values.js';
import type { SocketModel } from './types.js';

export interface LibraryBackoff {
  readonly library: string;
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly options: TSESTree.ObjectExpression | undefined;
  readonly problem: 'no-jitter' | 'constant';
  /** The property to change (`randomizationFactor: 0`, `reconnectionDelayMax: 1000`), if written. */
  readonly property: TSESTree.Property | undefined;
  readonly delayMs: number;
  readonly maxOption: string;
}

export function libraryBackoffs(model: SocketModel): LibraryBackoff[] {
  const found: LibraryBackoff[] = [];
  for (const creation of clientCreations(model)) {
    const factory = CLIENT_FACTORIES.find((f) => f.library === creation.library);
    const config = factory?.reconnectOptions;
    if (!config) continue;
    const args = creation.node.arguments;
    const last = args[args.length - 1];
    const options = last ? model.resolver?.objectLiteral(last) : undefined;
    if (!options) continue; // the defaults are jittered, growing backoff
    // Any spread may set what we cannot see.
    if (options.properties.some((prop) => prop.type === 'SpreadElement')) continue;
    const number = (name: string): { value: number | undefined; property: TSESTree.Property | undefined; known: boolean } => {
      const property = findProperty(options, name);
      if (!property) return { value: undefined, property, known: true };
      const folded = foldValue(model, property.value);
      return { value: folded?.kind === 'number' ? folded.value : undefined, property, known: folded?.kind === 'number' };
    };
    // `reconnection: false` turns it off; anything but a literal `true` we cannot read.
    const enabled = findProperty(options, config.enabled);
    if (enabled && !(enabled.value.type === 'Literal' && enabled.value.value === true)) continue;
    const jitter = number(config.jitter.option);
    const delay = number(config.delay.option);
    const max = number(config.maxDelay.option);
    if (!jitter.known || !delay.known || !max.known) continue;
    const delayMs = delay.value || config.delay.fallback;
    const maxMs = max.value || config.maxDelay.fallback;
    if (maxMs <= delayMs) {
      found.push({ library: creation.library, call: creation.node, options, problem: 'constant', property: max.property, delayMs, maxOption: config.maxDelay.option });
    } else if (jitter.property && jitter.value === 0) {
      found.push({ library: creation.library, call: creation.node, options, problem: 'no-jitter', property: jitter.property, delayMs, maxOption: config.maxDelay.option });
    }
  }
  return found;
}
