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
        '`{{name}}` blocks the event loop once per message. While it runs no socket of the process is read: the receive queue fills, the TCP window drops to zero and a proxy in front resets the connection. Use the asynchronous API or a worker.',
      unawaitedWork:
        'Every message starts `{{name}}` and nothing waits for it or limits how many run at once: a peer that sends faster than the work finishes grows memory without bound. Route the work through a per-connection queue or limiter, or pause() the socket while too many messages are in flight.',
      awaitedWork:
        'This async handler {{shape}}, and the next message starts another run before this one ends: nothing limits how many run at once, so a fast peer grows memory and load without bound. Use a per-connection queue or limiter, or pause() the socket while messages are in flight.',
      unboundedBuffer:
        'Every message is pushed onto `{{name}}`, which nothing length-checks or drains: a peer that sends faster than it is consumed grows it without bound. Cap its length (drop, or pause() the socket).',
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
