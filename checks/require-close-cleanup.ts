/**
 * require-close-cleanup: work started for a connection must end when the connection ends
 * (intervals, subscriptions, watches, listeners on longer-lived emitters, registry entries,
 * endless `for await` loops, child processes); the facts are facts/resources.ts.
 */
import { FRAMEWORKS, type SocketModel } from '../facts/index.js';
import { unclearedClientIntervals } from '../facts/client-resources.js';
import { closeEventOfSocket, socketResources, type SocketResource } from '../facts/resources.js';
import { previewCode } from '../fixes/engine.js';
import { makePlan, type PlanDraft } from '../fixes/plan.js';
import { planCloseEventRename, planCloseRelease, planServerIntervalRelease, type ReleaseDraft } from '../fixes/plans/close-release.js';
import { planClearClientInterval } from '../fixes/plans/owner-cleanup.js';
import { inSourceOrder, type Finding } from './finding.js';

export const RULE = 'require-close-cleanup';

export interface Options {
  /** Also report resources released only in places the socket's close event does not reach. */
  readonly reportReleasesOutsideClose: boolean;
}

export const DEFAULT_OPTIONS: Options = { reportReleasesOutsideClose: false };

export type MessageId =
  | 'unreleased'
  | 'unreleasedRegistry'
  | 'releasedOnErrorOnly'
  | 'releaseSkippedByReturn'
  | 'releasedOnRequestOnly'
  | 'releasedOutsideClose'
  | 'neverFiredCloseEvent'
  | 'serverInterval'
  | 'clientInterval'
  | 'addRelease'
  | 'useCloseEvent'
  | 'clearOnServerClose'
  | 'clearOnClientClose';

const VERDICT_MESSAGES: Partial<Record<SocketResource['verdict'], MessageId>> = {
  unreleased: 'unreleased',
  'error-only': 'releasedOnErrorOnly',
  'request-only': 'releasedOnRequestOnly',
  'skipped-by-return': 'releaseSkippedByReturn',
};

export function checkCloseCleanup(model: SocketModel, options: Options): Finding<MessageId>[] {
  const findings: Finding<MessageId>[] = [];
  const analysis = socketResources(model);
  const releasePlan = (node: SocketResource['node'], draft: ReleaseDraft | undefined, messageId: MessageId, closeEvent: string) =>
    draft ? [makePlan(draft, { rule: RULE, node, messageId, data: { release: previewCode(model, draft.release), closeEvent } })] : [];
  for (const resource of analysis.resources) {
    if (resource.server) {
      if (resource.verdict !== 'unreleased') continue;
      const plans = releasePlan(resource.node, planServerIntervalRelease(model, resource), 'clearOnServerClose', '');
      findings.push({ rule: RULE, messageId: 'serverInterval', node: resource.node, data: { resource: describe(resource) }, plans });
      continue;
    }
    const socket = resource.socket;
    if (!socket) continue;
    let messageId = VERDICT_MESSAGES[resource.verdict];
    if (!messageId && options.reportReleasesOutsideClose && resource.verdict === 'released-elsewhere') messageId = 'releasedOutsideClose';
    if (!messageId) continue;
    if (messageId === 'unreleased' && resource.kind === 'registry') messageId = 'unreleasedRegistry';
    const closeEvent = closeEventOfSocket(socket);
    findings.push({
      rule: RULE,
      messageId,
      node: resource.node,
      data: {
        resource: messageId === 'unreleasedRegistry' ? `\`${registryName(resource)}\`` : describe(resource),
        closeEvent,
        event: resource.requestEvent ?? 'close',
        line: String(resource.earlyReturn?.loc.start.line ?? ''),
      },
      // Where the release belongs (before the return, or right after the start) needs a reader.
      plans: messageId === 'releaseSkippedByReturn' ? [] : releasePlan(resource.node, planCloseRelease(model, resource), 'addRelease', closeEvent),
    });
  }
  for (const listener of analysis.neverFiredCloseListeners) {
    const closeEvent = closeEventOfSocket(listener.socket);
    const draft: PlanDraft = planCloseEventRename(listener.eventNode, model.text, closeEvent);
    findings.push({
      rule: RULE,
      messageId: 'neverFiredCloseEvent',
      node: listener.registration,
      data: { framework: FRAMEWORKS[listener.socket.framework].displayName, event: listener.event, closeEvent },
      plans: [makePlan(draft, { rule: RULE, node: listener.registration, messageId: 'useCloseEvent', data: { closeEvent } })],
    });
  }
  // Client sockets (facts/client-resources.ts): an interval that works on the socket.
  for (const interval of unclearedClientIntervals(model)) {
    const draft = planClearClientInterval(model, interval);
    const plans = draft ? [makePlan(draft, { rule: RULE, node: interval.call, messageId: 'clearOnClientClose' })] : [];
    const data = { reconnect: interval.reconnects ? ' and every reconnect starts one more' : '' };
    findings.push({ rule: RULE, messageId: 'clientInterval', node: interval.call, data, plans });
  }
  return inSourceOrder(findings);
}

/** "This setInterval(…)", "This subscription (bus.subscribe(…))"… */
function describe(resource: SocketResource): string {
  switch (resource.kind) {
    case 'interval':
      return `This \`${resource.label}\` interval`;
    case 'recurring-timeout':
      return `This self-rearming \`${resource.label}\``;
    case 'subscription':
      return /(?:^|\.)watch/i.test(resource.label) ? `This watch (\`${resource.label}\`)` : `This subscription (\`${resource.label}\`)`;
    case 'listener':
      return `This listener (\`${resource.label}\`) on an emitter that outlives the socket`;
    case 'registry':
      return `The socket's entry in \`${registryName(resource)}\``;
    case 'event-iterator':
      return `This \`for await\` loop over \`${resource.label}\``;
    case 'child-process':
      return `This child process (\`${resource.label}\`)`;
  }
}

function registryName(resource: SocketResource): string {
  return resource.label.replace(/(?:\.\w+\(…\)|\[…\] = …)$/, '');
}
