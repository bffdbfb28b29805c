/**
 * require-reconnect-backoff: a client that reconnects must wait a random, growing delay (seed 002:
 * a proxy reload drops every socket at the same instant, and clients that all wait the same time
 * come back together, again and again). frameworks.md §14 (d): full-jitter capped exponential
 * backoff, reset on open.
 */
import type { Node } from '../socket-model/ast.js';
import { getSocketModel, type FixPlan, type SocketModel } from '../socket-model/index.js';
import { DEFAULT_MINIMUM_CAP_MS } from '../socket-model/liveness-data.js';
import { classifyDelay, planAddJitter, planJitteredBackoff, reconnectsOf, type Reconnect } from '../socket-model/reconnect.js';
import { createRule, fixFromPlan } from './create-rule.js';

export type Options = [
  {
    /** Report backoff that grows but has no randomness. */
    reportGrowthWithoutJitter?: boolean;
    /** A jittered delay whose largest value is known and below this (ms) is reported. */
    minimumCapMs?: number;
  },
];

export type MessageIds =
  | 'immediateReconnect'
  | 'constantDelay'
  | 'growthWithoutJitter'
  | 'jitterTooNarrow'
  | 'reconnectFromErrorAndClose'
  | 'useJitteredBackoff'
  | 'addJitter';

interface Finding {
  readonly messageId: Exclude<MessageIds, 'useJitteredBackoff' | 'addJitter'>;
  readonly node: Node;
  readonly data: Record<string, string>;
  readonly suggestion: { readonly messageId: 'useJitteredBackoff' | 'addJitter'; readonly plan: FixPlan } | undefined;
}

export default createRule<Options, MessageIds>({
  name: 'require-reconnect-backoff',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require WebSocket clients to reconnect with growing, randomised delays',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ reportGrowthWithoutJitter: true, minimumCapMs: DEFAULT_MINIMUM_CAP_MS }],
    messages: {
      immediateReconnect:
        "This '{{event}}' handler reconnects at once. A proxy reload or server restart drops every client at the same instant, and clients that reconnect at once all hit the server together while it is still starting, fail together and retry together: a thundering herd. Wait a random, growing delay first.",
      constantDelay:
        "This '{{event}}' handler reconnects after a fixed {{delay}}. A proxy reload drops every client at the same instant, so every client waits the same time and comes back in the same instant, fails together and retries together again: a thundering herd. Use a random, growing delay (capped exponential backoff with jitter).",
      growthWithoutJitter:
        "This reconnect delay grows but is not random: clients dropped at the same instant compute the same delays and keep reconnecting in lockstep. Multiply the delay by Math.random() (full jitter).",
      jitterTooNarrow:
        'This reconnect delay is random but never more than {{upper}} ms, below the configured minimum of {{minimum}} ms: clients dropped together still come back within a moment of each other. Let the delay grow to a larger cap.',
      reconnectFromErrorAndClose:
        "This 'error' handler reconnects, and so does the 'close' handler: a failed connection fires 'error' and then 'close', so every failure opens two sockets and their number doubles with each round. Reconnect from 'close' only.",
      useJitteredBackoff: 'Reconnect after `Math.random() * Math.min(30000, base * 2 ** attempt)` ms and reset the attempt counter on open.',
      addJitter: 'Multiply the delay by Math.random() (full jitter).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportGrowthWithoutJitter: {
            type: 'boolean',
            description: 'Report reconnect delays that grow between attempts but have no random part (default true).',
          },
          minimumCapMs: {
            type: 'number',
            minimum: 0,
            description: 'Report a random reconnect delay whose largest possible value is known and below this many milliseconds (default 1000).',
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
        const findings = findReconnectProblems(model, context.sourceCode.text, {
          reportGrowthWithoutJitter: options.reportGrowthWithoutJitter !== false,
          minimumCapMs: options.minimumCapMs ?? DEFAULT_MINIMUM_CAP_MS,
        });
        for (const finding of findings) {
          const suggestion = finding.suggestion;
          context.report({
            node: finding.node,
            messageId: finding.messageId,
            data: finding.data,
            suggest: suggestion
              ? [{ messageId: suggestion.messageId, fix: fixFromPlan(suggestion.plan) }]
              : [],
          });
        }
      },
    };
  },
});

/** Pure decision over the model (reused by codemods). */
export function findReconnectProblems(
  model: SocketModel,
  text: string,
  options: { readonly reportGrowthWithoutJitter: boolean; readonly minimumCapMs: number },
): Finding[] {
  const findings: Finding[] = [];
  const reconnects = reconnectsOf(model);
  const closeReconnects = new Set(reconnects.filter((r) => r.handler.kind === 'close').map((r) => r.socket));
  for (const reconnect of reconnects) {
    const node = reportNode(reconnect);
    if (findings.some((finding) => finding.node === node)) continue;
    const event = reconnect.handler.event;
    if (reconnect.handler.kind === 'error' && closeReconnects.has(reconnect.socket)) {
      findings.push({ messageId: 'reconnectFromErrorAndClose', node, data: { event }, suggestion: undefined });
      continue;
    }
    const delay = classifyDelay(model, reconnect);
    const backoff = (baseMs: number | undefined) => {
      const plan = planJitteredBackoff(model, text, reconnect, baseMs);
      return plan && { messageId: 'useJitteredBackoff' as const, plan };
    };
    if (delay.kind === 'immediate') {
      findings.push({ messageId: 'immediateReconnect', node, data: { event }, suggestion: backoff(undefined) });
    } else if (delay.kind === 'constant') {
      const shown = delay.ms !== undefined ? `${delay.ms} ms` : 'delay';
      findings.push({
        messageId: delay.ms === 0 ? 'immediateReconnect' : 'constantDelay',
        node,
        data: { event, delay: shown },
        suggestion: backoff(delay.ms),
      });
    } else if (delay.kind === 'growth' && options.reportGrowthWithoutJitter) {
      const plan = planAddJitter(text, reconnect);
      findings.push({ messageId: 'growthWithoutJitter', node, data: { event }, suggestion: plan && { messageId: 'addJitter', plan } });
    } else if (delay.kind === 'jittered' && delay.upper < options.minimumCapMs) {
      findings.push({ messageId: 'jitterTooNarrow', node, data: { upper: String(delay.upper), minimum: String(options.minimumCapMs) }, suggestion: undefined });
    }
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** The timer that schedules the reconnect, or the reconnect itself when nothing delays it. */
function reportNode(reconnect: Reconnect): Node {
  const delay = reconnect.delay;
  if (delay.kind === 'timer') return delay.timer;
  if (delay.kind === 'awaited') return delay.await;
  return reconnect.reconnect;
}
