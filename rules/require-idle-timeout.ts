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
        'This {{framework}} server never cuts a silent peer: ws has no idle timeout and sends no pings, so a client that vanishes without a close (a laptop lid, a NAT or proxy dropping state) stays ESTABLISHED forever, holding a file descriptor and its memory until the server runs out. Ping clients on a timer and terminate() those that did not answer.',
      heartbeatNeverTerminates:
        'This heartbeat pings but nothing ever ends a peer that stopped answering: with no pong check and no terminate(), a vanished client stays open until TCP itself gives up, which can take many minutes. Terminate sockets that did not answer the previous ping.',
      heartbeatCloses:
        'close() on a peer that stopped answering starts a closing handshake it will never complete, so the socket stays open until the close timer (30 s by default) destroys it. Use terminate(), which frees it at once.',
      idleTimeoutDisabled:
        '`{{option}}: {{value}}` turns off {{framework}}\'s detection of silent peers: a client that vanishes without a close stays open forever, holding a file descriptor and memory. Keep the default ({{default}}) or a value that fits your clients.',
      idleTimeoutTooLong:
        '`{{option}}` lets a silent peer hold its connection for {{duration}} before {{framework}} notices, longer than the configured maximum of {{maximum}}: dead connections pile up faster than they are cut.',
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
