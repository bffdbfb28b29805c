/**
 * require-idle-timeout: a WebSocket server must cut peers that went silent: ws and the plugins
 * over it need a heartbeat; frameworks with a built-in timeout must not have it turned off or
 * stretched beyond use. The facts are facts/liveness.ts.
 */
import type { Node } from '../facts/ast.js';
import type { SocketModel } from '../facts/index.js';
import type { NumericOption } from '../facts/liveness-data.js';
import { DEFAULT_MAX_IDLE_MS, HEARTBEAT_INTERVAL_MS } from '../facts/liveness-data.js';
import { displayName, heartbeatOf, idleOptionValues, livenessHandedOff, needsOwnHeartbeat, serverSites, toMilliseconds } from '../facts/liveness.js';
import { code } from '../fixes/code.js';
import { makePlan, type PlanDraft } from '../fixes/plan.js';
import { planHeartbeat } from '../fixes/plans/heartbeat.js';
import { planValueReplacement } from '../fixes/plans/server-options.js';
import { inSourceOrder, type Finding } from './finding.js';

export const RULE = 'require-idle-timeout';

export interface Options {
  /** Idle detection configured slower than this (milliseconds) is reported. */
  readonly maxIdleMs: number;
  /** Also report servers whose sockets are handed to code this rule cannot see into. */
  readonly reportHandedOffSockets: boolean;
  /** The period, in milliseconds, of the heartbeat the fix adds (a silent peer is cut within two). */
  readonly heartbeatIntervalMs: number;
}

export const DEFAULT_OPTIONS: Options = { maxIdleMs: DEFAULT_MAX_IDLE_MS, reportHandedOffSockets: false, heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS };

export type MessageId =
  | 'missingHeartbeat'
  | 'heartbeatNeverTerminates'
  | 'heartbeatCloses'
  | 'idleTimeoutDisabled'
  | 'idleTimeoutTooLong'
  | 'addHeartbeat'
  | 'useTerminate'
  | 'restoreDefault';

export function checkIdleTimeouts(model: SocketModel, options: Options): Finding<MessageId>[] {
  const findings: Finding<MessageId>[] = [];
  const push = (messageId: MessageId, node: Node, data: Record<string, string>, suggestion?: { messageId: MessageId; data?: Record<string, string>; draft: PlanDraft | undefined }) => {
    if (findings.some((finding) => finding.node === node)) return;
    const draft = suggestion?.draft;
    const plans = draft ? [makePlan(draft, { rule: RULE, node, messageId: suggestion.messageId, data: suggestion.data ?? {} })] : [];
    findings.push({ rule: RULE, messageId, node, data, plans });
  };
  for (const site of serverSites(model)) {
    const framework = displayName(site.framework);
    if (needsOwnHeartbeat(site)) {
      const heartbeat = heartbeatOf(model, model.text);
      if (heartbeat.kind === 'present') continue;
      if (heartbeat.kind === 'pings-only') {
        push('heartbeatNeverTerminates', heartbeat.ping, {});
      } else if (heartbeat.kind === 'closes-instead') {
        for (const close of heartbeat.closes) {
          const callee = close.callee;
          const draft: PlanDraft | undefined =
            callee.type === 'MemberExpression'
              ? { kind: 'use-terminate', description: 'Use terminate()', edits: [{ kind: 'replace', range: [callee.property.range[0], close.range[1]], code: code`terminate()` }] }
              : undefined;
          push('heartbeatCloses', close, {}, { messageId: 'useTerminate', draft });
        }
      } else if (options.reportHandedOffSockets || !livenessHandedOff(model, site)) {
        push('missingHeartbeat', site.node, { framework }, { messageId: 'addHeartbeat', data: { interval: formatInterval(options.heartbeatIntervalMs) }, draft: planHeartbeat(model, site, options.heartbeatIntervalMs) });
      }
      continue;
    }
    for (const value of idleOptionValues(model, site)) {
      const { option, folded } = value;
      const data = { framework, option: option.name, default: formatOption(option.defaultValue, option.unit), maximum: formatMs(options.maxIdleMs) };
      // The default, unless it is itself above the configured maximum: then the maximum.
      const restored = restoredValue(option, options.maxIdleMs);
      const reason = restored === option.defaultValue ? 'the default' : 'the configured maximum';
      const restore = {
        messageId: 'restoreDefault' as const,
        data: { value: String(restored), reason },
        draft: restored > 0 ? planValueReplacement(value.node, String(restored), 'restore-idle-timeout', `Use ${reason}`) : undefined,
      };
      if (folded.kind === 'nullish' || option.disabledBy.includes(folded.value)) {
        const shown = model.text.slice(value.value.range[0], value.value.range[1]);
        push('idleTimeoutDisabled', value.node, { ...data, value: shown }, restore);
      } else if (toMilliseconds(option, folded.value) > options.maxIdleMs) {
        push('idleTimeoutTooLong', value.node, { ...data, duration: formatMs(toMilliseconds(option, folded.value)) }, restore);
      }
    }
  }
  return inSourceOrder(findings);
}

/** The option's default, or the largest value within `maxIdleMs` when the default is above it. */
function restoredValue(option: NumericOption, maxIdleMs: number): number {
  if (toMilliseconds(option, option.defaultValue) <= maxIdleMs) return option.defaultValue;
  return option.unit === 's' ? Math.floor(maxIdleMs / 1000) : maxIdleMs;
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

/** "30 s", "1.5 s", "200 ms": the heartbeat period as the suggestion's title says it. */
function formatInterval(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}
