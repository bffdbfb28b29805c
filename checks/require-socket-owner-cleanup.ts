/**
 * require-socket-owner-cleanup: a client socket opened by a component (React, Vue, Svelte,
 * Angular, a custom element) must be closed when the component goes away, and a deliberate close
 * must not start the reconnect it means to end; the facts are facts/owners.ts.
 */
import type { SocketModel } from '../facts/index.js';
import { armedReconnects, misleadingGuards, ownedSockets, replacedSockets } from '../facts/owners.js';
import { makePlan } from '../fixes/plan.js';
import { planCloseInEnd, planDisarmBeforeClose, planReliableGuard } from '../fixes/plans/owner-cleanup.js';
import { inSourceOrder, type Finding } from './finding.js';

export const RULE = 'require-socket-owner-cleanup';

export interface Options {
  /** Also report sockets handed to code this rule cannot see into (it may close them). */
  readonly reportHandedOff: boolean;
}

export const DEFAULT_OPTIONS: Options = { reportHandedOff: false };

export type MessageId = 'notClosed' | 'createdInRender' | 'createdAfterAwait' | 'reconnectArmed' | 'replacedWhileReconnecting' | 'replacedWhileOpen' | 'closeInCleanup' | 'disarmReconnect' | 'useReliableGuard';

export function checkSocketOwnerCleanup(model: SocketModel, options: Options): Finding<MessageId>[] {
  const findings: Finding<MessageId>[] = [];
  for (const owned of ownedSockets(model)) {
    const data = { library: owned.library, framework: owned.owner.framework, start: owned.owner.startName, end: owned.owner.endName };
    if (owned.owner.kind === 'render' && owned.owner.startName === 'render') {
      // A new socket per render: closing one of them is not enough, and no line fixes it.
      findings.push({ rule: RULE, messageId: 'createdInRender', node: owned.creation, data, plans: [] });
    } else if (!owned.closed) {
      if (owned.escaped && !options.reportHandedOff) continue;
      const draft = planCloseInEnd(model, owned);
      const plans = draft ? [makePlan(draft, { rule: RULE, node: owned.creation, messageId: 'closeInCleanup', data })] : [];
      findings.push({ rule: RULE, messageId: 'notClosed', node: owned.creation, data, plans });
    } else if (owned.afterAwait) {
      findings.push({ rule: RULE, messageId: 'createdAfterAwait', node: owned.creation, data, plans: [] });
    }
  }
  for (const armed of armedReconnects(model)) {
    const draft = planDisarmBeforeClose(model, armed);
    const plans = draft ? [makePlan(draft, { rule: RULE, node: armed.close, messageId: 'disarmReconnect' })] : [];
    findings.push({ rule: RULE, messageId: 'reconnectArmed', node: armed.close, data: { event: armed.reconnect.handler.event }, plans });
  }
  for (const replaced of replacedSockets(model)) {
    const line = replaced.call.loc?.start.line;
    findings.push({ rule: RULE, messageId: 'replacedWhileOpen', node: replaced.creation, data: { line: line === undefined ? 'elsewhere' : `line ${line}` }, plans: [] });
  }
  for (const guard of misleadingGuards(model)) {
    const data = { library: guard.library, misleading: guard.property.property.type === 'Identifier' ? guard.property.property.name : 'connected', reliable: guard.reliable };
    const plans = [makePlan(planReliableGuard(guard), { rule: RULE, node: guard.creation, messageId: 'useReliableGuard', data })];
    findings.push({ rule: RULE, messageId: 'replacedWhileReconnecting', node: guard.creation, data, plans });
  }
  return inSourceOrder(findings);
}
