import noRequestContextReuse from './no-request-context-reuse.js';
import noUnboundedMessageHandler from './no-unbounded-message-handler.js';
import requireBackpressureCheck from './require-backpressure-check.js';
import requireCloseCleanup from './require-close-cleanup.js';
import requireErrorListener from './require-error-listener.js';
import requireIdleTimeout from './require-idle-timeout.js';
import requireMaxPayload from './require-max-payload.js';
import requireReconnectBackoff from './require-reconnect-backoff.js';
import requireSocketOwnerCleanup from './require-socket-owner-cleanup.js';

/** Every rule of the plugin, by name (alphabetical). */
export const rules = {
  'no-request-context-reuse': noRequestContextReuse,
  'no-unbounded-message-handler': noUnboundedMessageHandler,
  'require-backpressure-check': requireBackpressureCheck,
  'require-close-cleanup': requireCloseCleanup,
  'require-error-listener': requireErrorListener,
  'require-idle-timeout': requireIdleTimeout,
  'require-max-payload': requireMaxPayload,
  'require-reconnect-backoff': requireReconnectBackoff,
  'require-socket-owner-cleanup': requireSocketOwnerCleanup,
};
