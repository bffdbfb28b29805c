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
        'This {{library}} is opened by a {{framework}} component ({{start}}) and nothing closes it when the component goes away ({{end}}): every mount leaves one more connection open, its listeners keep running against a component that is gone, and a reconnect brings it back. Close it there.',
      createdInRender:
        "This {{library}} is created in the body of a {{framework}} component or hook, which runs on every render: each render opens one more connection (a hook's argument is evaluated every time too, even though only the first value is kept). Open it in an effect (useEffect) and close it in the effect's cleanup.",
      createdAfterAwait:
        "This {{library}} is created after an await, inside work the {{framework}} component starts ({{start}}): when the component goes away during the wait, {{end}} runs before the socket exists, finds nothing to close, and the socket opened afterwards stays open. Check that the component is still there after the await (a flag the cleanup sets, or an AbortSignal) before opening it.",
      reconnectArmed:
        "This close is deliberate, but the socket's '{{event}}' handler reconnects and nothing tells it this close was on purpose: the close event fires afterwards and opens a new socket that nobody owns. Clear the handler (or set a flag it checks) before closing.",
      replacedWhileReconnecting:
        "This creates a new {{library}} socket whenever the old one is not `{{misleading}}`, which is also the case while the old one reconnects on its own: the old socket then keeps retrying for ever next to the new one (two connections, duplicated events). Check `{{reliable}}` (true until the socket is closed on purpose), or disconnect the old socket first.",
      replacedWhileOpen:
        "This replaces the socket kept here without closing the old one, and it runs again from {{line}}, which neither closes nor checks the old socket first: the old connection stays open, with its listeners, and nothing can reach it any more. Close the old socket (and clear its reconnecting handler) first, or return when one is already open.",
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
