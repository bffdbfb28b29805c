/**
 * require-reconnect-backoff: a client that reconnects must wait a random, growing delay (seed 002:
 * a proxy reload drops every socket at the same instant, and clients that all wait the same time
 * come back together, again and again). frameworks.md §14 (d): full-jitter capped exponential
 * backoff, reset on open.
 */
import { checkReconnectBackoff, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/require-reconnect-backoff.js';
import { createRule, runCheck } from './create-rule.js';

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
        "This '{{event}}' handler reconnects at once. A proxy reload or server restart drops every client at the same instant, and clients that reconnect at once all hit the server together while it is still starting, fail together and retry together: a thundering herd. Wait a random, growing delay first.",
      constantDelay:
        "This '{{event}}' handler reconnects after a fixed {{delay}}. A proxy reload drops every client at the same instant, so every client waits the same time and comes back in the same instant, fails together and retries together again: a thundering herd. Use a random, growing delay (capped exponential backoff with jitter).",
      growthWithoutJitter:
        "This reconnect delay grows but is not random: clients dropped at the same instant compute the same delays and keep reconnecting in lockstep. Multiply the delay by Math.random() (full jitter).",
      jitterTooNarrow:
        'This reconnect delay is random but never more than {{upper}} ms, below the configured minimum of {{minimum}} ms: clients dropped together still come back within a moment of each other. Let the delay grow to a larger cap.',
      reconnectFromErrorAndClose:
        "This 'error' handler reconnects, and so does the 'close' handler: a failed connection fires 'error' and then 'close', so every failure opens two sockets and their number doubles with each round. Reconnect from 'close' only.",
      libraryNoJitter:
        "{{library}} reconnects by itself, and `{{option}}: 0` takes the randomness out of its delays: clients dropped at the same instant compute the same delays and keep reconnecting in lockstep. Leave the default spread (0.5).",
      libraryConstantDelay:
        '{{library}} reconnects by itself after {{delay}} ms, and `{{option}}` lets the delay grow no further: a constant delay brings every client dropped at the same instant back together, again and again. Let the largest delay be much larger than the first.',
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
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkReconnectBackoff, { ...DEFAULT_OPTIONS, ...options });
  },
});
