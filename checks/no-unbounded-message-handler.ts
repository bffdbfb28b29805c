/**
 * no-unbounded-message-handler: a message handler must not block the event loop, nor start work
 * per message with nothing bounding how much runs or waits at once; the facts are
 * facts/message-work.ts.
 */
import type { SocketModel } from '../facts/index.js';
import { findUnboundedMessageWork, type MessageWorkFinding, type MessageWorkOptions } from '../facts/message-work.js';
import { makePlan } from '../fixes/plan.js';
import { planMessageQueue } from '../fixes/plans/message-queue.js';
import type { Finding } from './finding.js';

export const RULE = 'no-unbounded-message-handler';

export interface Options extends MessageWorkOptions {
  /**
   * The strict config: also report async work that runs once per message (a few awaited calls in
   * a row, a promise started and not awaited). Reviewers of real servers rate these "worth a look"
   * rather than bugs (docs/accuracy.md, application corpus), unlike work per item of a message,
   * blocking calls and buffers that only grow, which the recommended config reports.
   */
  readonly strict: boolean;
}

export const DEFAULT_OPTIONS: Options = { limiters: [], blockingCalls: [], reportSingleAwait: false, strict: false };

/** Once per message, not per item of it: strict-only. */
function isPerMessageWork(finding: MessageWorkFinding): boolean {
  return (finding.kind === 'unawaited-work' || finding.kind === 'awaited-work') && !finding.perItem;
}

export type MessageId = 'blockingCall' | 'unawaitedWork' | 'awaitedWork' | 'unboundedBuffer' | 'queueMessages';

/** Messages in flight per connection at which the suggested queue stops reading the socket. */
export const SUGGESTED_LIMIT = 16;

const AWAIT_SHAPES: Record<string, string> = {
  loop: 'awaits work for every item of the message',
  'fan-out': 'starts one promise per item of the message',
  sequence: 'awaits several calls per message',
  single: 'awaits a call per message',
};

export function checkMessageHandlers(model: SocketModel, options: Options): Finding<MessageId>[] {
  const findings = findUnboundedMessageWork(model, options).filter(
    (finding) => !isPerMessageWork(finding) || options.strict || (finding.kind === 'awaited-work' && finding.detail === 'single' && options.reportSingleAwait),
  );
  return findings.map((finding) => {
    const queued = finding.kind === 'awaited-work' || finding.kind === 'unawaited-work';
    const draft = queued ? planMessageQueue(model, { handler: finding.handler, socket: finding.socket, limit: SUGGESTED_LIMIT }) : undefined;
    return {
      rule: RULE,
      messageId: messageIdOf(finding),
      data: { name: finding.detail, shape: AWAIT_SHAPES[finding.detail] ?? '' },
      node: finding.node,
      plans: draft ? [makePlan(draft, { rule: RULE, node: finding.node, messageId: 'queueMessages', data: { limit: String(SUGGESTED_LIMIT) } })] : [],
    };
  });
}

function messageIdOf(finding: MessageWorkFinding): Exclude<MessageId, 'queueMessages'> {
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
