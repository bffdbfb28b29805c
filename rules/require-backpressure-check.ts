/**
 * require-backpressure-check: a send that repeats (to every client, on every interval tick, for
 * every item of a subscription or stream) must look at what is already queued for the client
 * (frameworks.md §16.1 R3, seed 003 seen from the sender). The decision is
 * checks/require-backpressure-check.ts.
 */
import { checkBackpressure, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/require-backpressure-check.js';
import { createRule, runCheck } from './create-rule.js';

export type Options = [Partial<CheckOptions>];

export default createRule<Options, MessageId>({
  name: 'require-backpressure-check',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a bufferedAmount (or equivalent) check before sends that repeat',
      recommended: 'strict',
    },
    hasSuggestions: true,
    defaultOptions: [{ ...DEFAULT_OPTIONS }],
    messages: {
      unguardedSend:
        'This send runs {{context}} without checking bufferedAmount, so a slow client queues data without limit; drop or terminate above a high-water mark.',
      uncheckedSendResult:
        'This send runs {{context}} and ignores send()\'s result, so {{framework}} drops or queues messages unnoticed; check it or getBufferedAmount().',
      unguardedEmit:
        'This emit runs {{context}} into socket.io\'s unbounded per-client buffer; use the volatile flag or acknowledgements to pace it.',
      guardSend: '{{description}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          highWaterMark: {
            type: 'integer',
            minimum: 1,
            description: 'Bytes queued for a client above which the suggested guard drops the message (or terminates the client). Default 1 MiB.',
          },
          slowClient: {
            type: 'string',
            enum: ['drop', 'terminate'],
            description: "What the suggested guard does with a slow client: 'drop' skips the message, 'terminate' closes the connection at once.",
          },
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkBackpressure, { ...DEFAULT_OPTIONS, ...options });
  },
});
