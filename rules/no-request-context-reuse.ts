/**
 * no-request-context-reuse: work started for a WebSocket must not be bounded by the HTTP request
 * that created it. After an upgrade the request is never closed or aborted with the socket (Node),
 * aborted at once (Deno), synthesized (Hono on Node) or long finished (socket.io), so the work
 * never stops, one leak per connection (seeds 000/001, frameworks.md §0.1). The detection and
 * the fix plan live in socket-model/request-lifetime.ts, for the codemod's reuse.
 */
import {
  findRequestLifetimeReuse,
  planRequestLifetimeFix,
  type RequestLifetimeFinding,
} from '../socket-model/request-lifetime.js';
import { getSocketModel } from '../socket-model/index.js';
import { createRule, fixFromPlan } from './create-rule.js';

export type Options = [
  {
    /** Also report a request signal given to one-shot work that ends by itself (`fetch`, timers). */
    reportOneShotWork?: boolean;
  },
];

export type MessageIds =
  | 'requestSignal'
  | 'derivedRequestSignal'
  | 'requestListener'
  | 'requestSignalListener'
  | 'finishHelper'
  | 'lateHttpRequest'
  | 'useSocketSignal'
  | 'listenOnSocket';

export default createRule<Options, MessageIds>({
  name: 'no-request-context-reuse',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow bounding a WebSocket's work by the lifetime of the HTTP request that opened it",
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ reportOneShotWork: false }],
    messages: {
      requestSignal:
        "This work is bounded by the request's signal `{{source}}`, but a WebSocket outlives its upgrade request: {{why}}. The work does not stop when the socket closes (or stops at once), one leak per connection. Abort it from the socket's {{closeHook}} instead.",
      derivedRequestSignal:
        "This signal is derived only from the request's signal `{{source}}` (and timeouts), but a WebSocket outlives its upgrade request: {{why}}. The work does not stop when the socket closes. Abort it from the socket's {{closeHook}} instead.",
      requestListener:
        "Cleanup registered on the request's '{{event}}' (`{{source}}`) is not tied to the WebSocket: {{why}}. Whatever it should stop outlives the socket, one leak per connection. Listen for the socket's {{closeHook}} instead.",
      requestSignalListener:
        "Cleanup registered on the request signal's 'abort' (`{{source}}`) is not tied to the WebSocket: {{why}}. Whatever it should stop outlives the socket (or stops at once). Listen for the socket's {{closeHook}} instead.",
      finishHelper:
        "This waits for the end of the request or its response (`{{source}}`), which is not the WebSocket's end: {{why}}. Whatever it should stop outlives the socket. Listen for the socket's {{closeHook}} instead.",
      lateHttpRequest:
        "The uWebSockets.js HttpRequest `{{source}}` is read {{boundary}}: it is stack-allocated and valid only during the synchronous part of `upgrade`, so this reads garbage or crashes. Copy the headers, URL and query you need before the first await or callback.",
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
    const model = getSocketModel(context.sourceCode);
    if (!model.hasEvidence) return {};
    return {
      Program() {
        const text = context.sourceCode.text;
        for (const finding of findRequestLifetimeReuse(model, { reportOneShotWork: options.reportOneShotWork === true })) {
          const plan = planRequestLifetimeFix(model, text, [finding]);
          const data = {
            source: [text.slice(finding.source.range[0], finding.source.range[1]), ...finding.sourceKeys].join('.'),
            why: finding.why,
            closeHook: finding.closeHook,
            event: finding.event ?? '',
            boundary: finding.boundary ?? '',
          };
          const suggestion = finding.sink === 'signal' ? 'useSocketSignal' : 'listenOnSocket';
          context.report({
            node: finding.node,
            messageId: messageIdOf(finding),
            data,
            suggest: plan ? [{ messageId: suggestion, data, fix: fixFromPlan(plan) }] : [],
          });
        }
      },
    };
  },
});

function messageIdOf(finding: RequestLifetimeFinding): Exclude<MessageIds, 'useSocketSignal' | 'listenOnSocket'> {
  switch (finding.sink) {
    case 'signal':
      return finding.derived ? 'derivedRequestSignal' : 'requestSignal';
    case 'request-listener':
      return finding.event === 'abort' ? 'requestSignalListener' : 'requestListener';
    case 'finish-helper':
      return 'finishHelper';
    case 'late-http-request':
      return 'lateHttpRequest';
  }
}
