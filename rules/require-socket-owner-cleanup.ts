/**
 * require-socket-owner-cleanup: a client socket belongs to the component, store or object that
 * opened it, and must end when its owner ends. Most client leaks are of this kind: the owner is a
 * component whose life is shorter than the page's, not a connection handler.
 */
import { checkSocketOwnerCleanup, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/require-socket-owner-cleanup.js';
import { createRule, runCheck } from './create-rule.js';

export type Options = [Partial<CheckOptions>];

export default createRule<Options, MessageId>({
  name: 'require-socket-owner-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require client sockets opened by a component to be closed when the component goes away',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ ...DEFAULT_OPTIONS }],
    messages: {
      notClosed:
        'This {{library}} is opened by the {{framework}} component ({{start}}) and never closed when the component goes away ({{end}}); close it there.',
      createdInRender:
        'This {{library}} is created in the body of a {{framework}} component or hook, which runs on every render; open it in an effect and close it in its cleanup.',
      createdAfterAwait:
        'This {{library}} is created after an await in {{start}}, so {{end}} may run before it exists; check the component is still there before opening it.',
      reconnectArmed:
        "This deliberate close leaves the socket's '{{event}}' handler reconnecting, which opens a socket nobody owns; clear the handler (or set a flag) first.",
      replacedWhileReconnecting:
        'A new {{library}} socket is made whenever the old one is not `{{misleading}}`, also while it reconnects; check `{{reliable}}` or disconnect it first.',
      replacedWhileOpen:
        'This replaces the kept socket without closing the old one, and {{line}} runs it again; close the old socket first, or return when one is open.',
      closeInCleanup: 'Close the socket in {{end}}.',
      disarmReconnect: 'Clear the reconnecting close handler before this close.',
      useReliableGuard: 'Check `{{reliable}}` instead of `{{misleading}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportHandedOff: {
            type: 'boolean',
            description: 'Also report sockets passed to code this rule cannot see into, which may close them (default false).',
          },
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkSocketOwnerCleanup, { ...DEFAULT_OPTIONS, ...options });
  },
});
