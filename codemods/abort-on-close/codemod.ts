/**
 * abort-on-close (the request-scoped watch incident): work bounded by the upgrade request is
 * bounded by the socket instead, and per-connection work the socket's close does not end is ended
 * there.
 */
import { planKindCodemod } from '../codemod.js';

export const abortOnClose = planKindCodemod(
  'abort-on-close',
  "Tie per-connection work to the socket's real close: an AbortController aborted on close replaces the request's signal, and resources are released on close",
  ['no-request-context-reuse', 'require-close-cleanup'],
  ['abort-on-close', 'release-on-close', 'use-close-event'],
);
