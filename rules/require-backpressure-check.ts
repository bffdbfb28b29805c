/**
 * require-backpressure-check: a send that repeats (to every client, on every interval tick, for
 * every item of a subscription or stream) must look at what is already queued for the client
 * (frameworks.md §16.1 R3, seed 003 seen from the sender). The facts come from socket-model/sends.ts.
 */
import { FRAMEWORKS, getSocketModel } from '../socket-model/index.js';
import { findUnguardedSends, planBackpressureGuard, type RepeatKind, type UnguardedSend } from '../socket-model/sends.js';
import { SEND_TRAITS } from '../socket-model/flow-data.js';
import { createRule, fixFromPlan } from './create-rule.js';

export type Options = [
  {
    /** Queued bytes above which the suggested guard drops the message (or the client). */
    highWaterMark?: number;
    /** What the suggested guard does with a slow client. */
    slowClient?: 'drop' | 'terminate';
  },
];

export type MessageIds = 'unguardedSend' | 'uncheckedSendResult' | 'unguardedEmit' | 'guardSend';

const CONTEXTS: Record<RepeatKind, string> = {
  'clients-loop': 'for every client',
  interval: 'on every interval tick',
  subscription: 'for every event of a subscription',
  stream: 'for every chunk of a stream',
};

export default createRule<Options, MessageIds>({
  name: 'require-backpressure-check',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a bufferedAmount (or equivalent) check before sends that repeat',
      recommended: 'strict',
    },
    hasSuggestions: true,
    defaultOptions: [{ highWaterMark: 1024 * 1024, slowClient: 'drop' }],
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
    const model = getSocketModel(context.sourceCode);
    if (!model.hasEvidence) return {};
    const highWaterMark = options.highWaterMark ?? 1024 * 1024;
    const action = options.slowClient ?? 'drop';
    return {
      Program() {
        const text = context.sourceCode.text;
        for (const send of findUnguardedSends(model)) {
          const plan = planBackpressureGuard(model, text, { send: send.node, framework: send.framework, highWaterMark, action });
          context.report({
            node: send.node,
            messageId: messageIdOf(send),
            data: { context: CONTEXTS[send.context], framework: FRAMEWORKS[send.framework].displayName },
            suggest: plan
              ? [
                  {
                    messageId: 'guardSend',
                    data: { description: plan.description },
                    fix: fixFromPlan(plan),
                  },
                ]
              : [],
          });
        }
      },
    };
  },
});

function messageIdOf(send: UnguardedSend): Exclude<MessageIds, 'guardSend'> {
  const traits = SEND_TRAITS[send.framework];
  if (traits?.volatileFlag) return 'unguardedEmit';
  if (traits?.resultSignalsBackpressure) return 'uncheckedSendResult';
  return 'unguardedSend';
}
