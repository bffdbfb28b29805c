/**
 * no-request-context-reuse: work started for a WebSocket must not be bounded by the HTTP request
 * that created it; the facts are facts/request-lifetime.ts.
 */
import type { SocketModel } from '../facts/index.js';
import { findRequestLifetimeReuse, type RequestLifetimeFinding } from '../facts/request-lifetime.js';
import { makePlan } from '../fixes/plan.js';
import { planAbortOnClose } from '../fixes/plans/abort-on-close.js';
import type { Finding } from './finding.js';

export const RULE = 'no-request-context-reuse';

export interface Options {
  /** Also report a request signal given to one-shot work that ends by itself (`fetch`, timers). */
  readonly reportOneShotWork: boolean;
}

export const DEFAULT_OPTIONS: Options = { reportOneShotWork: false };

export type MessageId =
  | 'requestSignal'
  | 'derivedRequestSignal'
  | 'requestListener'
  | 'requestSignalListener'
  | 'finishHelper'
  | 'lateHttpRequest'
  | 'useSocketSignal'
  | 'listenOnSocket';

export function checkRequestContextReuse(model: SocketModel, options: Options): Finding<MessageId>[] {
  const text = model.text;
  return findRequestLifetimeReuse(model, options).map((finding) => {
    const data = {
      source: [text.slice(finding.source.range[0], finding.source.range[1]), ...finding.sourceKeys].join('.'),
      why: finding.why,
      closeHook: finding.closeHook,
      event: finding.event ?? '',
      boundary: finding.boundary ?? '',
    };
    const draft = planAbortOnClose(model, [finding]);
    const messageId = finding.sink === 'signal' ? 'useSocketSignal' : 'listenOnSocket';
    return {
      rule: RULE,
      messageId: messageIdOf(finding),
      data,
      node: finding.node,
      plans: draft ? [makePlan(draft, { rule: RULE, node: finding.node, messageId, data })] : [],
    };
  });
}

function messageIdOf(finding: RequestLifetimeFinding): Exclude<MessageId, 'useSocketSignal' | 'listenOnSocket'> {
  switch (finding.sink) {
    case 'signal':
      return finding.derived ? 'derivedRequestSignal' : 'requestSignal';
    case 'request-listener':
      return finding.event === 'abort' ? 'requestSignalListener' : 'requestListener';
    case 'finish-helper':
      return 'finishHelper';
    case 'late-http-request':
      return 'lateHttpRequest';
  }
}
