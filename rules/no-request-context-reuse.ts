/**
 * no-request-context-reuse: work started for a WebSocket must not be bounded by the HTTP request
 * that created it. After an upgrade the request is never closed or aborted with the socket (Node),
 * aborted at once (Deno), synthesized (Hono on Node) or long finished (socket.io), so the work
 * never stops, one leak per connection (seeds 000/001, frameworks.md §0.1). The decision is
 * checks/no-request-context-reuse.ts.
 */
import { checkRequestContextReuse, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/no-request-context-reuse.js';
import { createRule, runCheck } from './create-rule.js';

export type Options = [Partial<CheckOptions>];

export default createRule<Options, MessageId>({
  name: 'no-request-context-reuse',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow bounding a WebSocket's work by the lifetime of the HTTP request that opened it",
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ ...DEFAULT_OPTIONS }],
    messages: {
      requestSignal:
        'Work bounded by the request\'s signal `{{source}}` does not follow the WebSocket\'s life; abort it from the socket\'s {{closeHook}} instead.',
      derivedRequestSignal:
        'This signal derives only from the request\'s signal `{{source}}`, which does not follow the WebSocket; abort it from the socket\'s {{closeHook}} instead.',
      requestListener:
        'Cleanup on the request\'s \'{{event}}\' (`{{source}}`) does not run when the WebSocket closes; listen for the socket\'s {{closeHook}} instead.',
      requestSignalListener:
        'Cleanup on the request signal\'s \'abort\' (`{{source}}`) does not follow the WebSocket; listen for the socket\'s {{closeHook}} instead.',
      finishHelper: '`{{source}}` waits for the end of the request, not of the WebSocket; listen for the socket\'s {{closeHook}} instead.',
      lateHttpRequest:
        'The uWebSockets.js HttpRequest `{{source}}` is read {{boundary}}, when it is no longer valid; copy what you need before the first await or callback.',
      useSocketSignal: "Abort a controller on the socket's {{closeHook}} and pass its signal instead of the request's.",
      listenOnSocket: "Listen for the socket's {{closeHook}} instead of the request's end.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportOneShotWork: {
            type: 'boolean',
            description:
              "Also report a request signal passed to one-shot work that ends by itself (fetch, axios/got calls, timers/promises setTimeout, events.once), which on Node is harmless because the request's signal never aborts.",
          },
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkRequestContextReuse, { ...DEFAULT_OPTIONS, ...options });
  },
});
