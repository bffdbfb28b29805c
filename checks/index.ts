/**
 * Every check, by rule name, with its default options: what codemods and the fix engine's
 * convergence loop run without ESLint.
 */
import type { SocketModel } from '../facts/index.js';
import type { Finding } from './finding.js';
import * as noRequestContextReuse from './no-request-context-reuse.js';
import * as noUnboundedMessageHandler from './no-unbounded-message-handler.js';
import * as requireBackpressureCheck from './require-backpressure-check.js';
import * as requireCloseCleanup from './require-close-cleanup.js';
import * as requireErrorListener from './require-error-listener.js';
import * as requireIdleTimeout from './require-idle-timeout.js';
import * as requireMaxPayload from './require-max-payload.js';
import * as requireReconnectBackoff from './require-reconnect-backoff.js';
import * as requireSocketOwnerCleanup from './require-socket-owner-cleanup.js';

export type { Finding } from './finding.js';

interface CheckEntry {
  readonly check: (model: SocketModel, options: never) => Finding[];
  readonly defaultOptions: object;
}

export const CHECKS: Readonly<Record<string, CheckEntry>> = {
  [noRequestContextReuse.RULE]: { check: noRequestContextReuse.checkRequestContextReuse, defaultOptions: noRequestContextReuse.DEFAULT_OPTIONS },
  [noUnboundedMessageHandler.RULE]: { check: noUnboundedMessageHandler.checkMessageHandlers, defaultOptions: noUnboundedMessageHandler.DEFAULT_OPTIONS },
  [requireBackpressureCheck.RULE]: { check: requireBackpressureCheck.checkBackpressure, defaultOptions: requireBackpressureCheck.DEFAULT_OPTIONS },
  [requireCloseCleanup.RULE]: { check: requireCloseCleanup.checkCloseCleanup, defaultOptions: requireCloseCleanup.DEFAULT_OPTIONS },
  [requireErrorListener.RULE]: { check: requireErrorListener.checkErrorListeners, defaultOptions: requireErrorListener.DEFAULT_OPTIONS },
  [requireIdleTimeout.RULE]: { check: requireIdleTimeout.checkIdleTimeouts, defaultOptions: requireIdleTimeout.DEFAULT_OPTIONS },
  [requireMaxPayload.RULE]: { check: requireMaxPayload.checkMaxPayload, defaultOptions: requireMaxPayload.DEFAULT_OPTIONS },
  [requireReconnectBackoff.RULE]: { check: requireReconnectBackoff.checkReconnectBackoff, defaultOptions: requireReconnectBackoff.DEFAULT_OPTIONS },
  [requireSocketOwnerCleanup.RULE]: { check: requireSocketOwnerCleanup.checkSocketOwnerCleanup, defaultOptions: requireSocketOwnerCleanup.DEFAULT_OPTIONS },
};

/** The findings of the named rules (all by default), each with its options over the defaults. */
export function runChecks(model: SocketModel, rules: readonly string[] = Object.keys(CHECKS), options: Readonly<Record<string, object>> = {}): Finding[] {
  const findings: Finding[] = [];
  // As in the rules: nothing to check without a library, server, socket or handler.
  if (!model.hasSocketFacts) {
    for (const rule of rules) if (!CHECKS[rule]) throw new Error(`unknown rule: ${rule}`);
    return findings;
  }
  for (const rule of rules) {
    const entry = CHECKS[rule];
    if (!entry) throw new Error(`unknown rule: ${rule}`);
    findings.push(...entry.check(model, { ...entry.defaultOptions, ...options[rule] } as never));
  }
  return findings;
}
