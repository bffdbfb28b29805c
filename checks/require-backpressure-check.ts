/**
 * require-backpressure-check: a send that repeats (to every client, on every interval tick, for
 * every item of a subscription or stream) must look at what is already queued for the client; the
 * facts are facts/sends.ts.
 */
import { SEND_TRAITS } from '../facts/flow-data.js';
import { FRAMEWORKS, type SocketModel } from '../facts/index.js';
import { findUnguardedSends, type RepeatKind, type UnguardedSend } from '../facts/sends.js';
import { makePlan } from '../fixes/plan.js';
import { planSendGuard, type SlowClientAction } from '../fixes/plans/guard-send.js';
import type { Finding } from './finding.js';

export const RULE = 'require-backpressure-check';

export interface Options {
  /** Queued bytes above which the suggested guard drops the message (or the client). */
  readonly highWaterMark: number;
  /** What the suggested guard does with a slow client. */
  readonly slowClient: SlowClientAction;
}

export const DEFAULT_OPTIONS: Options = { highWaterMark: 1024 * 1024, slowClient: 'drop' };

export type MessageId = 'unguardedSend' | 'uncheckedSendResult' | 'unguardedEmit' | 'guardSend';

const CONTEXTS: Record<RepeatKind, string> = {
  'clients-loop': 'for every client',
  interval: 'on every interval tick',
  subscription: 'for every event of a subscription',
  stream: 'for every chunk of a stream',
};

export function checkBackpressure(model: SocketModel, options: Options): Finding<MessageId>[] {
  return findUnguardedSends(model).map((send) => {
    const draft = planSendGuard(model, { send: send.node, framework: send.framework, highWaterMark: options.highWaterMark, action: options.slowClient });
    return {
      rule: RULE,
      messageId: messageIdOf(send),
      data: { context: send.conditional ? 'on each interval tick where its condition holds' : CONTEXTS[send.context], framework: FRAMEWORKS[send.framework].displayName },
      node: send.node,
      plans: draft ? [makePlan(draft, { rule: RULE, node: send.node, messageId: 'guardSend', data: { description: draft.description } })] : [],
    };
  });
}

function messageIdOf(send: UnguardedSend): Exclude<MessageId, 'guardSend'> {
  const traits = SEND_TRAITS[send.framework];
  if (traits?.volatileFlag) return 'unguardedEmit';
  if (traits?.resultSignalsBackpressure) return 'uncheckedSendResult';
  return 'unguardedSend';
}
