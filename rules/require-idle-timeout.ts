/**
 * require-idle-timeout: a WebSocket server must cut peers that went silent (seed 004: peers that
 * vanish without a close pile up as ESTABLISHED sockets until the file-descriptor limit).
 *
 * ws and the plugins over it have no idle timeout at all (frameworks.md §0.3): the module needs a
 * heartbeat that terminates peers which stopped answering. Frameworks with a built-in timeout
 * (uWS, Bun, Deno, socket.io, graphql-ws) must not have it turned off or stretched beyond use.
 */
import { checkIdleTimeouts, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/require-idle-timeout.js';
import { createRule, runCheck } from './create-rule.js';

export type Options = [Partial<CheckOptions>];

export default createRule<Options, MessageId>({
  name: 'require-idle-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require WebSocket servers to cut peers that went silent (a heartbeat or an idle timeout)',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ ...DEFAULT_OPTIONS }],
    messages: {
      missingHeartbeat:
        'This {{framework}} server never cuts silent peers, so vanished clients stay connected forever; ping on a timer and terminate() those that miss a pong.',
      heartbeatNeverTerminates:
        'This heartbeat pings but never ends a peer that stopped answering; terminate() sockets that missed the previous ping.',
      heartbeatCloses:
        'close() on a peer that stopped answering waits for a handshake that never comes; use terminate() to free the socket at once.',
      idleTimeoutDisabled:
        '`{{option}}: {{value}}` turns off {{framework}}\'s detection of silent peers; keep the default ({{default}}) or a value that fits your clients.',
      idleTimeoutTooLong:
        '`{{option}}` lets a silent peer hold its connection for {{duration}} before {{framework}} notices, above the maximum of {{maximum}}; lower it.',
      addHeartbeat: 'Add a heartbeat: ping every {{interval}} and terminate peers that did not answer.',
      useTerminate: 'Use terminate() instead of close().',
      restoreDefault: 'Use {{value}} ({{reason}}).',
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
          heartbeatIntervalMs: {
            type: 'integer',
            minimum: 1,
            description: 'The period, in milliseconds, of the heartbeat the suggestion adds: a peer that stopped answering is terminated within two periods (default 30 s).',
          },
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkIdleTimeouts, { ...DEFAULT_OPTIONS, ...options });
  },
});
