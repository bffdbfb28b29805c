/**
 * require-max-payload: a WebSocket server must bound the size of one message. ws (and the
 * express-ws / @fastify/websocket / Koa plugins over it) accepts 100 MiB per message by default,
 * and `0` lifts the limit entirely (frameworks.md §1 (c), §15); one peer can make the server
 * buffer that much, per connection.
 */
import { checkMaxPayload, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/require-max-payload.js';
import { createRule, runCheck } from './create-rule.js';

export type Options = [Partial<CheckOptions>];

export default createRule<Options, MessageId>({
  name: 'require-max-payload',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require WebSocket servers to limit the size of one message',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ ...DEFAULT_OPTIONS }],
    messages: {
      missingMaxPayload:
        'This {{framework}} server sets no `maxPayload`, so one peer can make it buffer 100 MiB per message; set a limit that fits your messages.',
      maxPayloadDisabled: '`{{option}}: 0` turns the message size limit off; set a limit that fits your messages.',
      maxPayloadTooLarge:
        '`{{option}}` allows {{size}} per message, above the configured ceiling of {{ceiling}}; lower it to what your messages need.',
      defaultMaxPayloadTooLarge:
        '`{{option}}` is not set, so {{framework}} accepts {{size}} per message, above the configured ceiling of {{ceiling}}; set a lower limit.',
      setMaxPayload: 'Limit messages to 1 MiB (`{{option}}: 1024 * 1024`).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ceiling: {
            type: 'number',
            minimum: 1,
            description: 'The largest per-message limit, in bytes, that is not reported (default 16 MiB).',
          },
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkMaxPayload, { ...DEFAULT_OPTIONS, ...options });
  },
});
