/**
 * require-max-payload: a WebSocket server must bound the size of one message; the facts are
 * facts/liveness.ts (server sites and their options).
 */
import type { SocketModel } from '../facts/index.js';
import { DEFAULT_MAX_PAYLOAD_CEILING, SUGGESTED_MAX_PAYLOAD_TEXT } from '../facts/liveness-data.js';
import { displayName, payloadStateOf, serverSites } from '../facts/liveness.js';
import { makePlan, type PlanDraft } from '../fixes/plan.js';
import { planOptionInsertion, planValueReplacement } from '../fixes/plans/server-options.js';
import type { Finding } from './finding.js';

export const RULE = 'require-max-payload';

export interface Options {
  /** Explicit limits above this many bytes are reported. */
  readonly ceiling: number;
}

export const DEFAULT_OPTIONS: Options = { ceiling: DEFAULT_MAX_PAYLOAD_CEILING };

export type MessageId = 'missingMaxPayload' | 'maxPayloadDisabled' | 'maxPayloadTooLarge' | 'defaultMaxPayloadTooLarge' | 'setMaxPayload';

export function checkMaxPayload(model: SocketModel, options: Options): Finding<MessageId>[] {
  const findings: Finding<MessageId>[] = [];
  for (const site of serverSites(model)) {
    const option = site.traits.maxPayload;
    if (!option) continue;
    const state = payloadStateOf(model, site, options.ceiling);
    const data = { framework: displayName(site.framework), option: option.name, ceiling: formatBytes(options.ceiling) };
    const finding = (messageId: MessageId, node: Finding['node'], draft: PlanDraft | undefined, extra: Record<string, string> = {}) => {
      const plans = draft ? [makePlan(draft, { rule: RULE, node, messageId: 'setMaxPayload', data: { option: option.name } })] : [];
      findings.push({ rule: RULE, messageId, node, data: { ...data, ...extra }, plans });
    };
    const addLimit = () => planOptionInsertion(site, { kind: 'add-max-payload', description: 'Add a 1 MiB message limit', name: option.name, value: SUGGESTED_MAX_PAYLOAD_TEXT });
    if (state.kind === 'missing') {
      finding('missingMaxPayload', site.node, addLimit());
    } else if (state.kind === 'disabled') {
      finding('maxPayloadDisabled', state.property, planValueReplacement(state.property, SUGGESTED_MAX_PAYLOAD_TEXT, 'add-max-payload', 'Set a 1 MiB message limit'));
    } else if (state.kind === 'default-too-large') {
      // Below 1 MiB the suggested limit would itself be above the ceiling: leave it to the user.
      finding('defaultMaxPayloadTooLarge', site.node, options.ceiling >= 1024 * 1024 ? addLimit() : undefined, { size: formatBytes(state.bytes) });
    } else if (state.kind === 'too-large') {
      // What the application needs is its call: no suggestion.
      finding('maxPayloadTooLarge', state.property, undefined, { size: formatBytes(state.bytes) });
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
