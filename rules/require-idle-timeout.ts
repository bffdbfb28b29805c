/**
 * require-idle-timeout: a WebSocket server must cut peers that went silent (seed 004: peers that
 * vanish without a close pile up as ESTABLISHED sockets until the file-descriptor limit).
 *
 * ws and the plugins over it have no idle timeout at all (frameworks.md §0.3): the module needs a
 * heartbeat that terminates peers which stopped answering. Frameworks with a built-in timeout
 * (uWS, Bun, Deno, socket.io, graphql-ws) must not have it turned off or stretched beyond use.
 */
import type { Node } from '../socket-model/ast.js';
import { getSocketModel, type FixPlan, type SocketModel } from '../socket-model/index.js';
import { DEFAULT_MAX_IDLE_MS } from '../socket-model/liveness-data.js';
import {
  displayName,
  heartbeatOf,
  idleOptionValues,
  livenessHandedOff,
  needsOwnHeartbeat,
  planHeartbeat,
  planValueReplacement,
  serverSites,
  toMilliseconds,
} from '../socket-model/liveness.js';
import { createRule, fixFromPlan } from './create-rule.js';

export type Options = [
  {
    /** Idle detection configured slower than this (milliseconds) is reported. */
    maxIdleMs?: number;
    /** Also report servers whose sockets are handed to code this rule cannot see into. */
    reportHandedOffSockets?: boolean;
  },
];

export type MessageIds =
  | 'missingHeartbeat'
  | 'heartbeatNeverTerminates'
  | 'heartbeatCloses'
  | 'idleTimeoutDisabled'
  | 'idleTimeoutTooLong'
  | 'addHeartbeat'
  | 'useTerminate'
  | 'restoreDefault';

interface Finding {
  readonly messageId: Exclude<MessageIds, 'addHeartbeat' | 'useTerminate' | 'restoreDefault'>;
  readonly node: Node;
  readonly data: Record<string, string>;
  readonly suggestion: { readonly messageId: 'addHeartbeat' | 'useTerminate' | 'restoreDefault'; readonly data: Record<string, string>; readonly plan: FixPlan } | undefined;
}

export default createRule<Options, MessageIds>({
  name: 'require-idle-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require WebSocket servers to cut peers that went silent (a heartbeat or an idle timeout)',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ maxIdleMs: DEFAULT_MAX_IDLE_MS, reportHandedOffSockets: false }],
    messages: {
      missingHeartbeat:
        'This {{framework}} server never cuts a silent peer: ws has no idle timeout and sends no pings, so a client that vanishes without a close (a laptop lid, a NAT or proxy dropping state) stays ESTABLISHED forever, holding a file descriptor and its memory until the server runs out. Ping clients on a timer and terminate() those that did not answer.',
      heartbeatNeverTerminates:
        'This heartbeat pings but nothing ever ends a peer that stopped answering: with no pong check and no terminate(), a vanished client stays open until TCP itself gives up, which can take many minutes. Terminate sockets that did not answer the previous ping.',
      heartbeatCloses:
        'close() on a peer that stopped answering starts a closing handshake it will never complete, so the socket stays open until the close timer (30 s by default) destroys it. Use terminate(), which frees it at once.',
      idleTimeoutDisabled:
        '`{{option}}: {{value}}` turns off {{framework}}\'s detection of silent peers: a client that vanishes without a close stays open forever, holding a file descriptor and memory. Keep the default ({{default}}) or a value that fits your clients.',
      idleTimeoutTooLong:
        '`{{option}}` lets a silent peer hold its connection for {{duration}} before {{framework}} notices, longer than the configured maximum of {{maximum}}: dead connections pile up faster than they are cut.',
      addHeartbeat: 'Add a heartbeat: ping every 30 s and terminate peers that did not answer.',
      useTerminate: 'Use terminate() instead of close().',
      restoreDefault: 'Use the default ({{value}}).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          maxIdleMs: {
            type: 'number',
            minimum: 1,
            description: 'The longest idle detection, in milliseconds, that is not reported: idle timeouts, ping intervals and ping timeouts above it are (default 10 minutes).',
          },
          reportHandedOffSockets: {
            type: 'boolean',
            description:
              'Also report servers whose sockets (or the server itself) are passed to code this rule cannot see into, which may run the heartbeat there.',
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
        const findings = findIdleProblems(model, context.sourceCode.text, options.maxIdleMs ?? DEFAULT_MAX_IDLE_MS, options.reportHandedOffSockets === true);
        for (const finding of findings) {
          const suggestion = finding.suggestion;
          context.report({
            node: finding.node,
            messageId: finding.messageId,
            data: finding.data,
            suggest: suggestion
              ? [{ messageId: suggestion.messageId, data: suggestion.data, fix: fixFromPlan(suggestion.plan) }]
              : [],
          });
        }
      },
    };
  },
});

/** Pure decision over the model (reused by codemods). */
export function findIdleProblems(model: SocketModel, text: string, maxIdleMs: number, reportHandedOff: boolean): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<Node>();
  const push = (finding: Finding) => {
    if (reported.has(finding.node)) return;
    reported.add(finding.node);
    findings.push(finding);
  };
  for (const site of serverSites(model)) {
    const framework = displayName(site.framework);
    if (needsOwnHeartbeat(site)) {
      const heartbeat = heartbeatOf(model, text);
      if (heartbeat.kind === 'present') continue;
      if (heartbeat.kind === 'pings-only') {
        push({ messageId: 'heartbeatNeverTerminates', node: heartbeat.ping, data: {}, suggestion: undefined });
      } else if (heartbeat.kind === 'closes-instead') {
        for (const close of heartbeat.closes) {
          const callee = close.callee;
          const property = callee.type === 'MemberExpression' ? callee.property : undefined;
          const plan: FixPlan | undefined = property
            ? { description: 'Use terminate()', edits: [{ range: [property.range[0], close.range[1]], text: 'terminate()' }] }
            : undefined;
          push({ messageId: 'heartbeatCloses', node: close, data: {}, suggestion: plan && { messageId: 'useTerminate', data: {}, plan } });
        }
      } else if (reportHandedOff || !livenessHandedOff(model, site)) {
        const plan = planHeartbeat(model, text, site);
        push({ messageId: 'missingHeartbeat', node: site.node, data: { framework }, suggestion: plan && { messageId: 'addHeartbeat', data: {}, plan } });
      }
      continue;
    }
    for (const value of idleOptionValues(model, site)) {
      const { option, folded } = value;
      const data = { framework, option: option.name, default: formatOption(option.defaultValue, option.unit), maximum: formatMs(maxIdleMs) };
      const restore = { messageId: 'restoreDefault' as const, data: { value: String(option.defaultValue) }, plan: planValueReplacement(value.node, String(option.defaultValue), 'Use the default') };
      if (folded.kind === 'nullish' || option.disabledBy.includes(folded.value)) {
        const shown = text.slice(value.value.range[0], value.value.range[1]);
        push({ messageId: 'idleTimeoutDisabled', node: value.node, data: { ...data, value: shown }, suggestion: restore });
      } else if (toMilliseconds(option, folded.value) > maxIdleMs) {
        push({ messageId: 'idleTimeoutTooLong', node: value.node, data: { ...data, duration: formatMs(toMilliseconds(option, folded.value)) }, suggestion: restore });
      }
    }
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

function formatOption(value: number, unit: 'ms' | 's' | 'bytes'): string {
  return unit === 's' ? `${value} s` : unit === 'ms' ? `${value} ms` : `${value} bytes`;
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
