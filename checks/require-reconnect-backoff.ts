/**
 * require-reconnect-backoff: a client that reconnects must wait a random, growing delay; the facts
 * are facts/reconnect.ts.
 */
import type { Node } from '../facts/ast.js';
import type { SocketModel } from '../facts/index.js';
import { DEFAULT_MINIMUM_CAP_MS } from '../facts/liveness-data.js';
import { libraryBackoffs } from '../facts/library-reconnect.js';
import { classifyDelay, reconnectsOf, type Reconnect } from '../facts/reconnect.js';
import { makePlan, type PlanDraft } from '../fixes/plan.js';
import { planAddJitter, planDropErrorReconnect, planJitteredBackoff, planLibraryBackoff } from '../fixes/plans/reconnect-backoff.js';
import { inSourceOrder, type Finding } from './finding.js';

export const RULE = 'require-reconnect-backoff';

export interface Options {
  /** Report backoff that grows but has no randomness. */
  readonly reportGrowthWithoutJitter: boolean;
  /** A jittered delay whose largest value is known and below this (ms) is reported. */
  readonly minimumCapMs: number;
  /**
   * The strict config: also report capped growth without jitter. Clients still come back in
   * lockstep, but a capped, growing delay spreads the load over time, so it is far less harmful
   * than a constant one.
   */
  readonly strict: boolean;
}

export const DEFAULT_OPTIONS: Options = { reportGrowthWithoutJitter: true, minimumCapMs: DEFAULT_MINIMUM_CAP_MS, strict: false };

export type MessageId =
  | 'immediateReconnect'
  | 'constantDelay'
  | 'growthWithoutJitter'
  | 'jitterTooNarrow'
  | 'reconnectFromErrorAndClose'
  | 'reconnectOnCloseOnly'
  | 'libraryNoJitter'
  | 'libraryConstantDelay'
  | 'libraryReconnectResets'
  | 'fixLibraryBackoff'
  | 'useJitteredBackoff'
  | 'addJitter';

export function checkReconnectBackoff(model: SocketModel, options: Options): Finding<MessageId>[] {
  const findings: Finding<MessageId>[] = [];
  const reconnects = reconnectsOf(model);
  const closeReconnects = new Map(reconnects.filter((r) => r.handler.kind === 'close').map((r) => [r.socket, r.handler.event]));
  for (const reconnect of reconnects) {
    const node = reportNode(reconnect);
    if (findings.some((finding) => finding.node === node)) continue;
    const finding = (messageId: MessageId, data: Record<string, string>, suggestion?: { messageId: MessageId; draft: PlanDraft | undefined }) => {
      const draft = suggestion?.draft;
      const plans = draft ? [makePlan(draft, { rule: RULE, node, messageId: suggestion.messageId })] : [];
      findings.push({ rule: RULE, messageId, node, data, plans });
    };
    const event = reconnect.handler.event;
    const closeEvent = closeReconnects.get(reconnect.socket);
    if (reconnect.handler.kind === 'error' && closeEvent !== undefined) {
      finding('reconnectFromErrorAndClose', { event }, { messageId: 'reconnectOnCloseOnly', draft: planDropErrorReconnect(model, reconnect, closeEvent) });
      continue;
    }
    const delay = classifyDelay(model, reconnect);
    if (reconnect.library !== undefined && (delay.kind === 'immediate' || delay.kind === 'constant')) {
      // The library reconnects by itself with a growing delay; its reconnect method starts over at once.
      finding('libraryReconnectResets', { event, library: reconnect.library });
      continue;
    }
    const backoff = (baseMs: number | undefined) => ({ messageId: 'useJitteredBackoff' as const, draft: planJitteredBackoff(model, reconnect, baseMs) });
    if (delay.kind === 'immediate') {
      finding('immediateReconnect', { event }, backoff(0));
    } else if (delay.kind === 'constant') {
      const shown = delay.ms !== undefined ? `${delay.ms} ms` : 'delay';
      finding(delay.ms === 0 ? 'immediateReconnect' : 'constantDelay', { event, delay: shown }, backoff(delay.ms));
    } else if (delay.kind === 'growth' && options.reportGrowthWithoutJitter && (!delay.capped || options.strict)) {
      finding('growthWithoutJitter', { event }, { messageId: 'addJitter', draft: planAddJitter(model, reconnect) });
    } else if (delay.kind === 'jittered' && delay.upper < options.minimumCapMs) {
      finding('jitterTooNarrow', { upper: String(delay.upper), minimum: String(options.minimumCapMs) });
    }
  }
  // A library that reconnects by itself, configured without jitter or growth (facts/library-reconnect.ts).
  for (const backoff of libraryBackoffs(model)) {
    const node = backoff.property ?? backoff.call;
    const messageId = backoff.problem === 'no-jitter' ? 'libraryNoJitter' : 'libraryConstantDelay';
    if (messageId === 'libraryNoJitter' && !options.reportGrowthWithoutJitter) continue;
    const draft = planLibraryBackoff(backoff);
    const data = { library: backoff.library, delay: String(backoff.delayMs), option: backoff.property ? backoff.property.key.type === 'Identifier' ? backoff.property.key.name : backoff.maxOption : backoff.maxOption };
    const plans = draft ? [makePlan(draft, { rule: RULE, node, messageId: 'fixLibraryBackoff', data })] : [];
    findings.push({ rule: RULE, messageId, node, data, plans });
  }
  return inSourceOrder(findings);
}

/** The timer that schedules the reconnect, or the reconnect itself when nothing delays it. */
function reportNode(reconnect: Reconnect): Node {
  const delay = reconnect.delay;
  if (delay.kind === 'timer') return delay.timer;
  if (delay.kind === 'awaited') return delay.await;
  return reconnect.reconnect;
}
