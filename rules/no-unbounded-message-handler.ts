/**
 * no-unbounded-message-handler: a message handler must not block the event loop, nor start work
 * per message with nothing bounding how much runs or waits at once (seed 003; frameworks.md
 * §16.1 R3). The decision is checks/no-unbounded-message-handler.ts.
 */
import { checkMessageHandlers, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/no-unbounded-message-handler.js';
import { createRule, runCheck, STRICT_OPTION_SCHEMA } from './create-rule.js';

export type Options = [Partial<CheckOptions>];

export default createRule<Options, MessageId>({
  name: 'no-unbounded-message-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow message handlers that block the event loop or start unbounded work per message',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ ...DEFAULT_OPTIONS, limiters: [], blockingCalls: [] }],
    messages: {
      blockingCall:
        '`{{name}}` blocks the event loop on every message, stalling every socket of the process; use the asynchronous API or a worker.',
      unawaitedWork:
        'Each message starts `{{name}}` with no limit on how many run at once; route it through a per-connection queue or pause() the socket.',
      awaitedWork:
        'This async handler {{shape}} with no limit on concurrent runs; use a per-connection queue or pause() the socket while messages are in flight.',
      unboundedBuffer: 'Every message is pushed onto `{{name}}`, which grows without bound; cap its length (drop, or pause() the socket).',
      queueMessages: 'Pause the socket while {{limit}} messages are in flight (a bounded per-connection queue).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          limiters: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Modules (`my-queue`) or factory and class names (`createLimiter`, `WorkQueue`) whose values bound how much work runs at once, in addition to p-queue, p-limit, p-map, async, fastq, bottleneck, async-mutex and the others the rule knows.',
          },
          blockingCalls: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Function names (`hashSync`) or dotted paths (`bcrypt.hashSync`) that block the event loop, in addition to the `*Sync` functions of fs, zlib and child_process, the synchronous key derivation of crypto, and `Atomics.wait`.',
          },
          reportSingleAwait: {
            type: 'boolean',
            description:
              'Also report an async handler whose only work is one awaited call (a request/response handler). Off by default: one call per message is usually constant work.',
          },
          ...STRICT_OPTION_SCHEMA,
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkMessageHandlers, { ...DEFAULT_OPTIONS, ...options });
  },
});
