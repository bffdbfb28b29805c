/**
 * no-unbounded-message-handler: a message handler must not block the event loop, nor start work
 * per message with nothing bounding how much runs or waits at once (seed 003; frameworks.md
 * §16.1 R3). The facts come from socket-model/message-work.ts.
 */
import { getSocketModel, type FixPlan } from '../socket-model/index.js';
import { findUnboundedMessageWork, planMessageQueue, type MessageWorkFinding } from '../socket-model/message-work.js';
import { createRule, fixFromPlan } from './create-rule.js';

export type Options = [
  {
    /** Extra modules, or factory/class names, whose values bound concurrency. */
    limiters?: string[];
    /** Extra function names or dotted paths that block the event loop. */
    blockingCalls?: string[];
    /** Also report an async handler that awaits a single call and replies. */
    reportSingleAwait?: boolean;
  },
];

export type MessageIds = 'blockingCall' | 'unawaitedWork' | 'awaitedWork' | 'unboundedBuffer' | 'queueMessages';

/** Messages in flight per connection at which the suggested queue stops reading the socket. */
const SUGGESTED_LIMIT = 16;
const COUNTER_NAMES = ['pendingMessages', 'pendingMessageCount'];

const AWAIT_SHAPES: Record<string, string> = {
  loop: 'awaits work for every item of the message',
  'fan-out': 'starts one promise per item of the message',
  sequence: 'awaits several calls per message',
  single: 'awaits a call per message',
};

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-message-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow message handlers that block the event loop or start unbounded work per message',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ limiters: [], blockingCalls: [], reportSingleAwait: false }],
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
        },
      },
    ],
  },
  create(context, [options]) {
    const model = getSocketModel(context.sourceCode);
    if (!model.hasEvidence) return {};
    return {
      Program() {
        const text = context.sourceCode.text;
        const findings = findUnboundedMessageWork(model, {
          limiters: options.limiters ?? [],
          blockingCalls: options.blockingCalls ?? [],
          reportSingleAwait: options.reportSingleAwait === true,
        });
        for (const finding of findings) {
          const plan = finding.kind === 'awaited-work' || finding.kind === 'unawaited-work' ? queuePlan(finding, text) : undefined;
          context.report({
            node: finding.node,
            messageId: messageIdOf(finding),
            data: { name: finding.detail, shape: AWAIT_SHAPES[finding.detail] ?? '' },
            suggest: plan
              ? [
                  {
                    messageId: 'queueMessages',
                    data: { limit: String(SUGGESTED_LIMIT) },
                    fix: fixFromPlan(plan),
                  },
                ]
              : [],
          });
        }
      },
    };

    function queuePlan(finding: MessageWorkFinding, text: string): FixPlan | undefined {
      const counter = COUNTER_NAMES.find((name) => !new RegExp(`\\b${name}\\b`).test(text));
      if (!counter) return undefined;
      return planMessageQueue(model, text, { handler: finding.handler, socket: finding.socket, limit: SUGGESTED_LIMIT, counter });
    }
  },
});

function messageIdOf(finding: MessageWorkFinding): Exclude<MessageIds, 'queueMessages'> {
  switch (finding.kind) {
    case 'blocking-call':
      return 'blockingCall';
    case 'unawaited-work':
      return 'unawaitedWork';
    case 'awaited-work':
      return 'awaitedWork';
    case 'unbounded-buffer':
      return 'unboundedBuffer';
  }
}
