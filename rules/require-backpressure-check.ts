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
        'This send runs {{context}} without checking bufferedAmount. A client that reads slower than this sends (a stalled tab, a proxy whose window is full) makes the library queue every message in this process, without limit, until memory runs out. Drop the message, or terminate the client, above a high-water mark.',
      uncheckedSendResult:
        "This send runs {{context}} and ignores send()'s result. Once a slow client's buffer passes the backpressure limit, {{framework}} drops messages (or keeps queueing them) and nobody notices. Check the result or getBufferedAmount(), handle 'drain', or set closeOnBackpressureLimit.",
      unguardedEmit:
        'This emit runs {{context}}. socket.io keeps an unbounded write buffer per client, so a client that cannot keep up makes it grow without limit. Use the volatile flag for data that may be dropped, or acknowledgements to pace the sender.',
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
