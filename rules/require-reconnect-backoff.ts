/**
 * require-reconnect-backoff: a client that reconnects must wait a random, growing delay (seed 002:
 * a proxy reload drops every socket at the same instant, and clients that all wait the same time
 * come back together, again and again). frameworks.md §14 (d): full-jitter capped exponential
 * backoff, reset on open.
 */
import { checkReconnectBackoff, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/require-reconnect-backoff.js';
import { createRule, runCheck, STRICT_OPTION_SCHEMA } from './create-rule.js';

export type Options = [Partial<CheckOptions>];

export default createRule<Options, MessageId>({
  name: 'require-reconnect-backoff',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require WebSocket clients to reconnect with growing, randomised delays',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ ...DEFAULT_OPTIONS }],
    messages: {
      immediateReconnect:
        'This \'{{event}}\' handler reconnects at once, so every client dropped by a restart returns at the same instant; wait a random, growing delay.',
      constantDelay:
        'This \'{{event}}\' handler reconnects after a fixed {{delay}}, so dropped clients return in lockstep; use capped exponential backoff with jitter.',
      growthWithoutJitter:
        'This reconnect delay grows but is not random, so dropped clients reconnect in lockstep; multiply it by Math.random() (full jitter).',
      jitterTooNarrow:
        'This reconnect delay never exceeds {{upper}} ms, below the configured minimum of {{minimum}} ms; let it grow to a larger cap.',
      reconnectFromErrorAndClose:
        'Both this \'error\' handler and the \'close\' handler reconnect, so each failure opens two sockets; reconnect from \'close\' only.',
      libraryNoJitter:
        '{{library}} reconnects by itself, and `{{option}}: 0` takes the randomness out of its delays; leave the default spread (0.5).',
      libraryConstantDelay:
        '{{library}} reconnects by itself after {{delay}} ms, and `{{option}}` stops the delay from growing; let the largest delay be much larger.',
      libraryReconnectResets:
        '{{library}} reconnects by itself with a growing delay, and this reconnect() in a \'{{event}}\' handler restarts at once with that delay reset; remove it.',
      fixLibraryBackoff: 'Let the reconnect delays grow and spread.',
      useJitteredBackoff: 'Reconnect after `Math.random() * Math.min(30000, base * 2 ** attempt)` ms and reset the attempt counter on open.',
      addJitter: 'Multiply the delay by Math.random() (full jitter).',
      reconnectOnCloseOnly: 'Remove this reconnect: the close handler reconnects, and it runs after every error.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportGrowthWithoutJitter: {
            type: 'boolean',
            description: 'Report reconnect delays that grow between attempts but have no random part (default true).',
          },
          minimumCapMs: {
            type: 'number',
            minimum: 0,
            description: 'Report a random reconnect delay whose largest possible value is known and below this many milliseconds (default 1000).',
          },
          ...STRICT_OPTION_SCHEMA,
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkReconnectBackoff, { ...DEFAULT_OPTIONS, ...options });
  },
});
