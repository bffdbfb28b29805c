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
        'This {{framework}} socket has no \'error\' listener, so one invalid frame from the peer crashes the process; add one.',
      missingClientErrorListener:
        'This ws client has no \'error\' listener, so a refused or reset connection crashes the process; add one.',
      missingServerErrorListener:
        'This WebSocketServer has no \'error\' listener, so an error of its HTTP server (EADDRINUSE) crashes the process; add one.',
      missingUpgradeSocketErrorListener:
        'The raw upgrade socket waits across {{boundary}} with no \'error\' listener, so a client reset crashes the process; listen before the wait.',
      errorListenerAfterAwait:
        'This {{framework}} socket gets its \'error\' listener only after an await, so an error meanwhile crashes the process; attach it before.',
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
