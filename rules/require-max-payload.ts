/**
 * require-max-payload: a WebSocket server must bound the size of one message. ws (and the
 * express-ws / @fastify/websocket / Koa plugins over it) accepts 100 MiB per message by default,
 * and `0` lifts the limit entirely (frameworks.md §1 (c), §15); one peer can make the server
 * buffer that much, per connection.
 */
import type { Node } from '../socket-model/ast.js';
import { getSocketModel, type FixPlan, type SocketModel } from '../socket-model/index.js';
import { DEFAULT_MAX_PAYLOAD_CEILING, SUGGESTED_MAX_PAYLOAD_TEXT } from '../socket-model/liveness-data.js';
import { displayName, payloadStateOf, planOptionInsertion, planValueReplacement, serverSites } from '../socket-model/liveness.js';
import { createRule, fixFromPlan } from './create-rule.js';

export type Options = [
  {
    /** Explicit limits above this many bytes are reported. */
    ceiling?: number;
  },
];

export type MessageIds = 'missingMaxPayload' | 'maxPayloadDisabled' | 'maxPayloadTooLarge' | 'setMaxPayload';

interface Finding {
  readonly messageId: Exclude<MessageIds, 'setMaxPayload'>;
  readonly node: Node;
  readonly data: Record<string, string>;
  readonly plan: FixPlan | undefined;
}

export default createRule<Options, MessageIds>({
  name: 'require-max-payload',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require WebSocket servers to limit the size of one message',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ ceiling: DEFAULT_MAX_PAYLOAD_CEILING }],
    messages: {
      missingMaxPayload:
        'This {{framework}} server sets no `maxPayload`, so it accepts messages of up to 100 MiB: one peer can make it buffer 100 MiB per connection, and a few connections exhaust its memory. Set a limit that fits your messages.',
      maxPayloadDisabled:
        '`{{option}}: 0` turns the message size limit off: a peer can make this server buffer a message of any size. Set a limit that fits your messages.',
      maxPayloadTooLarge:
        '`{{option}}` allows {{size}} per message, above the configured ceiling of {{ceiling}}: a few peers sending that much exhaust the server\'s memory. Lower it to what your messages need.',
      setMaxPayload: 'Limit messages to 1 MiB (`{{option}}: 1024 * 1024`).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ceiling: {
            type: 'number',
            minimum: 1,
            description: 'The largest per-message limit, in bytes, that is not reported (default 16 MiB).',
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
        for (const finding of findPayloadProblems(model, context.sourceCode.text, options.ceiling ?? DEFAULT_MAX_PAYLOAD_CEILING)) {
          const plan = finding.plan;
          context.report({
            node: finding.node,
            messageId: finding.messageId,
            data: finding.data,
            suggest: plan
              ? [{ messageId: 'setMaxPayload', data: { option: finding.data.option ?? 'maxPayload' }, fix: fixFromPlan(plan) }]
              : [],
          });
        }
      },
    };
  },
});

/** Pure decision over the model (reused by codemods). */
export function findPayloadProblems(model: SocketModel, text: string, ceiling: number): Finding[] {
  const findings: Finding[] = [];
  for (const site of serverSites(model)) {
    const option = site.traits.maxPayload;
    if (!option) continue;
    const state = payloadStateOf(model, site, ceiling);
    const data = { framework: displayName(site.framework), option: option.name, ceiling: formatBytes(ceiling) };
    if (state.kind === 'missing') {
      findings.push({
        messageId: 'missingMaxPayload',
        node: site.node,
        data,
        plan: planOptionInsertion(text, site, option.name, SUGGESTED_MAX_PAYLOAD_TEXT, 'Add a 1 MiB message limit'),
      });
    } else if (state.kind === 'disabled') {
      findings.push({
        messageId: 'maxPayloadDisabled',
        node: state.property,
        data,
        plan: planValueReplacement(state.property, SUGGESTED_MAX_PAYLOAD_TEXT, 'Set a 1 MiB message limit'),
      });
    } else if (state.kind === 'too-large') {
      // What the application needs is its call: no suggestion.
      findings.push({ messageId: 'maxPayloadTooLarge', node: state.property, data: { ...data, size: formatBytes(state.bytes) }, plan: undefined });
    }
  }
  return findings;
}

function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'unlimited bytes';
  const units: [number, string][] = [
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${(bytes / size).toFixed(1).replace(/\.0$/, '')} ${unit}`;
  }
  return `${bytes} bytes`;
}
