/**
 * require-close-cleanup: work started for a connection must end when the connection ends.
 * Intervals, subscriptions, watches, listeners on longer-lived emitters, registry entries, endless
 * `for await` loops and child processes started per connection need a release that the socket's
 * real close event reaches (frameworks.md §16.1 "R2-close"; seeds 000 and 004).
 */
import {
  FRAMEWORKS,
  getSocketModel,
  type FixPlan,
  type SocketFact,
  type SocketModel,
} from '../socket-model/index.js';
import { closeEventOf, socketResources, type SocketResource } from '../socket-model/resources.js';
import { planCloseEventRename, planCloseRelease, planServerIntervalRelease } from '../socket-model/resources-plan.js';
import { createRule, fixFromPlan } from './create-rule.js';

export type Options = [
  {
    /** Also report resources released only in places the socket's close event does not reach. */
    reportReleasesOutsideClose?: boolean;
  },
];

export type MessageIds =
  | 'unreleased'
  | 'unreleasedRegistry'
  | 'releasedOnErrorOnly'
  | 'releasedOnRequestOnly'
  | 'releasedOutsideClose'
  | 'neverFiredCloseEvent'
  | 'serverInterval'
  | 'addRelease'
  | 'useCloseEvent'
  | 'clearOnServerClose';

type FindingId = Exclude<MessageIds, 'addRelease' | 'useCloseEvent' | 'clearOnServerClose'>;

export interface Finding {
  readonly messageId: FindingId;
  readonly node: SocketResource['node'];
  readonly data: Record<string, string>;
  readonly plan: (FixPlan & { readonly release?: string }) | undefined;
  readonly suggestionId: 'addRelease' | 'useCloseEvent' | 'clearOnServerClose';
}

export default createRule<Options, MessageIds>({
  name: 'require-close-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require work started for a WebSocket connection to be released when the socket closes',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ reportReleasesOutsideClose: false }],
    messages: {
      unreleased:
        "{{resource}} is started for each connection and nothing stops it when the socket closes. It keeps running after the peer is gone and keeps the socket and everything its callbacks reference in memory: one leak per connection, until the process runs out of memory or file descriptors. Release it on '{{closeEvent}}'.",
      unreleasedRegistry:
        "The socket is stored in {{resource}} for each connection and never removed. Closed sockets, and everything they reference, stay there for the life of the process: the registry grows with every connection ever made. Remove it on '{{closeEvent}}'.",
      releasedOnErrorOnly:
        "{{resource}} is released only in an 'error' listener. A socket that closes normally never emits 'error', so on most disconnects it is never released and outlives the connection. Release it on '{{closeEvent}}', which follows every 'error' too.",
      releasedOnRequestOnly:
        "{{resource}} is released only when the upgrade request emits '{{event}}'. After an upgrade the request's lifecycle is not the socket's: Node does not emit it when the socket closes (or emits it at once, if the request was read), so the work outlives the connection. Release it on the socket's '{{closeEvent}}'.",
      releasedOutsideClose:
        "{{resource}} is released only in places the socket's '{{closeEvent}}' does not reach. A peer that disconnects without going through them leaves it running. Release it on '{{closeEvent}}' as well.",
      neverFiredCloseEvent:
        "{{framework}} sockets never emit '{{event}}': this listener never runs, so nothing in it happens when the connection ends. The connection's end is '{{closeEvent}}'.",
      serverInterval:
        "{{resource}} is started each time this function creates the server, and nothing clears it. The server is closed in this module, but the interval keeps running after that: it keeps the server and its clients in memory and keeps the process from exiting. Clear it when the server closes.",
      addRelease: 'Release it when the socket closes: `{{release}}`.',
      useCloseEvent: "Listen for '{{closeEvent}}' instead.",
      clearOnServerClose: 'Clear it when the server closes: `{{release}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportReleasesOutsideClose: {
            type: 'boolean',
            description:
              "Also report resources whose only releases run in places the rule cannot connect to the socket's close event (a message handler, a helper called from elsewhere).",
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
        for (const finding of findUnreleasedResources(model, context.sourceCode.text, options.reportReleasesOutsideClose === true)) {
          const plan = finding.plan;
          context.report({
            node: finding.node,
            messageId: finding.messageId,
            data: finding.data,
            suggest: plan
              ? [
                  {
                    messageId: finding.suggestionId,
                    data: { release: plan.release ?? '', closeEvent: finding.data.closeEvent ?? '' },
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

const VERDICT_MESSAGES: Partial<Record<SocketResource['verdict'], FindingId>> = {
  unreleased: 'unreleased',
  'error-only': 'releasedOnErrorOnly',
  'request-only': 'releasedOnRequestOnly',
};

/** Gather facts from the model and decide, without reporting (pure, for the codemods' reuse). */
export function findUnreleasedResources(model: SocketModel, text: string, reportOutsideClose: boolean): Finding[] {
  const findings: Finding[] = [];
  const analysis = socketResources(model);
  for (const resource of analysis.resources) {
    if (resource.server) {
      if (resource.verdict !== 'unreleased') continue;
      findings.push({
        messageId: 'serverInterval',
        node: resource.node,
        data: { resource: describe(resource) },
        plan: planServerIntervalRelease(model, text, resource),
        suggestionId: 'clearOnServerClose',
      });
      continue;
    }
    const socket = resource.socket;
    if (!socket) continue;
    let messageId = VERDICT_MESSAGES[resource.verdict];
    if (!messageId && reportOutsideClose && resource.verdict === 'released-elsewhere') messageId = 'releasedOutsideClose';
    if (!messageId) continue;
    if (messageId === 'unreleased' && resource.kind === 'registry') messageId = 'unreleasedRegistry';
    findings.push({
      messageId,
      node: resource.node,
      data: {
        resource: messageId === 'unreleasedRegistry' ? `\`${registryName(resource)}\`` : describe(resource),
        closeEvent: closeEventName(socket),
        event: resource.requestEvent ?? 'close',
      },
      plan: planCloseRelease(model, text, resource),
      suggestionId: 'addRelease',
    });
  }
  for (const listener of analysis.neverFiredCloseListeners) {
    const closeEvent = closeEventName(listener.socket);
    findings.push({
      messageId: 'neverFiredCloseEvent',
      node: listener.registration,
      data: { framework: FRAMEWORKS[listener.socket.framework].displayName, event: listener.event, closeEvent },
      plan: planCloseEventRename(listener.eventNode, text, closeEvent),
      suggestionId: 'useCloseEvent',
    });
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
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

/** The close event or hook to name: Durable Object sockets from hooks end in `webSocketClose`. */
function closeEventName(socket: SocketFact): string {
  if (socket.framework === 'cloudflare' && socket.handler?.hookName?.startsWith('webSocket')) return 'webSocketClose';
  return closeEventOf(socket.framework);
}
