/**
 * require-error-listener: ws-family sockets and servers, and raw upgrade sockets, must listen for
 * 'error'. Node throws an 'error' event that has no listener, which exits the process
 * (frameworks.md §0.2, reproduced by tests/examples/runtime.test.ts). The decision is
 * checks/require-error-listener.ts.
 */
import { checkErrorListeners, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/require-error-listener.js';
import { createRule, runCheck, STRICT_OPTION_SCHEMA } from './create-rule.js';

export type Options = [Partial<CheckOptions>];

export default createRule<Options, MessageId>({
  name: 'require-error-listener',
  meta: {
    type: 'problem',
    docs: {
      description: "Require an 'error' listener on ws sockets, ws servers and raw upgrade sockets",
      recommended: 'recommended',
    },
    hasSuggestions: true,
    fixable: 'code',
    defaultOptions: [{ ...DEFAULT_OPTIONS }],
    messages: {
      missingSocketErrorListener:
        "This {{framework}} socket has no 'error' listener. The peer can make ws emit 'error' at any time (an invalid frame, an oversized message), and an 'error' event with no listener is thrown: the whole process exits.",
      missingClientErrorListener:
        "This ws client has no 'error' listener. A refused, reset or failed connection emits 'error', and with no listener it is thrown: the process exits.",
      missingServerErrorListener:
        "This WebSocketServer has no 'error' listener. Errors of the HTTP server it listens on (EADDRINUSE, EACCES) are re-emitted on it and, with no listener, thrown: the process exits.",
      missingUpgradeSocketErrorListener:
        "The raw upgrade socket lives across {{boundary}} with no 'error' listener. Node removes its own listener before emitting 'upgrade', so a client reset while waiting is thrown and the process exits. Listen for 'error' before the wait.",
      errorListenerAfterAwait:
        "This {{framework}} socket gets its 'error' listener only after an await. The socket reads while the handler waits, and an 'error' then (a reset, an invalid frame) has no listener, is thrown, and the process exits. Attach the listener before the first await.",
      addErrorListener: "Add an 'error' listener that logs the error.",
      moveErrorListener: "Attach the 'error' listener before the await.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportHandedOffSockets: {
            type: 'boolean',
            description:
              'Also report sockets and servers that are passed to functions this rule cannot see into (another module, a library), which may attach the listener themselves.',
          },
          ...STRICT_OPTION_SCHEMA,
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkErrorListeners, { ...DEFAULT_OPTIONS, ...options });
  },
});
