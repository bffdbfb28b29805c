/**
 * bounded-message-queue (the slow-consumer incident), editor form: an async ws-family 'message'
 * listener gets a counter of messages in flight that pauses the socket at a limit (TCP
 * backpressure reaches the peer) and resumes it as work completes. The listener's body moves into
 * a `try`, one level deeper; nothing else of it is rewritten.
 */
import { calledMethod, unwrap } from '../../facts/ast.js';
import type { SocketEventHandler } from '../../facts/events.js';
import { PAUSABLE_FRAMEWORKS } from '../../facts/flow-data.js';
import type { SocketFact, SocketModel } from '../../facts/index.js';
import { code, NewName } from '../code.js';
import type { PlanDraft } from '../plan.js';
import { declarationScope } from './places.js';

export interface MessageQueueInput {
  readonly handler: SocketEventHandler;
  readonly socket: SocketFact;
  /** Messages in flight at which the socket stops being read. */
  readonly limit: number;
}

/**
 * Undefined when the listener is not an inline async function with a block body registered by a
 * statement of its own, or the framework cannot pause a socket.
 */
export function planMessageQueue(model: SocketModel, input: MessageQueueInput): PlanDraft | undefined {
  const { handler, socket, limit } = input;
  const fn = handler.fn;
  const registration = handler.registration;
  if (!fn || !fn.async || fn.body.type !== 'BlockStatement' || !PAUSABLE_FRAMEWORKS.has(socket.framework)) return undefined;
  if (registration.type !== 'CallExpression' || unwrap(registration.arguments[1] ?? registration) !== fn) return undefined;
  const method = calledMethod(registration);
  if (!method) return undefined;
  const target = model.text.slice(method.object.range[0], method.object.range[1]);
  if (!/^[\w$.]+$/.test(target)) return undefined;
  const statement = model.parentOf(registration);
  const last = fn.body.body[fn.body.body.length - 1];
  if (statement?.type !== 'ExpressionStatement' || !last) return undefined;
  const counter = new NewName('pendingMessages', declarationScope(model, statement));
  return {
    kind: 'bounded-message-queue',
    description: `Stop reading the socket while ${limit} messages are in flight`,
    edits: [
      { kind: 'before', statement, code: code`let ${counter} = 0;` },
      {
        kind: 'body-start',
        fn,
        code: code`if (++${counter} >= ${limit}) ${target}.pause();
try {`,
      },
      { kind: 'indent', from: fn.body.range[0] + 1, to: last.range[1] },
      {
        kind: 'body-end',
        fn,
        code: code`} finally {
  if (--${counter} < ${limit}) ${target}.resume();
}`,
      },
    ],
  };
}
