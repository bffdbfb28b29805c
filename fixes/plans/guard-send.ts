/**
 * guard-send: a send that repeats looks at what is already queued for the client first.
 * socket.io gets its `volatile` flag (the packet is dropped when the client is not ready);
 * ws-family, browser and Deno sockets a `bufferedAmount` check, uWS a `getBufferedAmount()`
 * check, that drops the message or terminates the slow client. The send itself is not rewritten:
 * the guard goes in front of it (inside a block where an `else` would otherwise change owner).
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction, propertyName, unwrap } from '../../facts/ast.js';
import { SEND_TRAITS } from '../../facts/flow-data.js';
import type { FrameworkId } from '../../facts/frameworks.js';
import type { SocketModel } from '../../facts/index.js';
import { code } from '../code.js';
import type { PlanDraft } from '../plan.js';

export type SlowClientAction = 'drop' | 'terminate';

export interface SendGuardInput {
  readonly send: TSESTree.CallExpression;
  readonly framework: FrameworkId;
  /** Bytes queued for the client above which the message is dropped (or the client terminated). */
  readonly highWaterMark: number;
  readonly action: SlowClientAction;
}

/** Undefined when the framework has no such API (Bun) or the send is not a statement of its own. */
export function planSendGuard(model: SocketModel, input: SendGuardInput): PlanDraft | undefined {
  const { send, framework, highWaterMark, action } = input;
  const traits = SEND_TRAITS[framework];
  const callee = unwrap(send.callee);
  if (!traits || callee.type !== 'MemberExpression') return undefined;
  if (traits.volatileFlag) {
    return {
      kind: 'guard-send',
      description: "Send with socket.io's volatile flag",
      edits: [{ kind: 'insert', at: callee.object.range[1], side: 'after', code: code`.volatile` }],
    };
  }
  const queued = traits.queued;
  if (!queued) return undefined;
  // A raw write (`ws._socket.write(frame)`) is guarded by the socket's own count: `ws`.
  const raw = traits.rawWrite;
  const object = unwrap(callee.object);
  const socket = raw && object.type === 'MemberExpression' && propertyName(object) === raw.property && propertyName(callee) === raw.method ? object.object : callee.object;
  const target = model.text.slice(socket.range[0], socket.range[1]);
  if (!/^[\w$]+(?:\.[\w$]+)*$/.test(target)) return undefined;
  // The send is a statement of its own, or an arrow's body: that arrow may stop returning the
  // send's result when nobody reads it or the send returns nothing anyway.
  const parent = model.parentOf(send);
  const valueUnused = !traits.resultSignalsBackpressure;
  const statement =
    parent?.type === 'ExpressionStatement' ? parent : isFunction(parent) && parent.body === send && (valueUnused || model.returnValueIgnored(parent)) ? send : undefined;
  if (!statement) return undefined;
  const amount = queued.kind === 'property' ? `${target}.${queued.name}` : `${target}.${queued.name}()`;
  const limit = formatBytes(highWaterMark);
  const terminate = action === 'terminate' ? traits.terminate : undefined;
  const condition = model.parentOf(statement);
  if (!terminate && condition?.type === 'IfStatement' && condition.consequent === statement && !condition.alternate) {
    // `if (open) ws.send(m)` → `if (open && ws.bufferedAmount < …) ws.send(m)`, not a second `if`.
    const test = condition.test;
    const bare = !['LogicalExpression', 'ConditionalExpression', 'AssignmentExpression', 'SequenceExpression', 'YieldExpression', 'ArrowFunctionExpression'].includes(test.type) || (test.type === 'LogicalExpression' && test.operator === '&&');
    return {
      kind: 'guard-send',
      description: `Drop the message while more than ${limit} bytes are queued`,
      edits: [
        ...(bare ? [] : [{ kind: 'insert' as const, at: test.range[0], side: 'before' as const, code: code`(` }]),
        { kind: 'insert', at: test.range[1], side: 'after', code: code`${bare ? '' : ')'} && ${amount} < ${limit}` },
      ],
    };
  }
  const guard = terminate ? code`if (${amount} >= ${limit}) ${target}.${terminate}();
else ` : code`if (${amount} < ${limit}) `;
  return {
    kind: 'guard-send',
    description: terminate ? `Terminate a client with more than ${limit} bytes queued` : `Drop the message while more than ${limit} bytes are queued`,
    edits: [{ kind: 'prefix', statement, code: guard, valueUnused }],
  };
}

/** `1024 * 1024` for 1 MiB, `64 * 1024` for 64 KiB, the number otherwise. */
export function formatBytes(bytes: number): string {
  const mib = 1024 * 1024;
  if (bytes >= mib && bytes % mib === 0) return bytes === mib ? '1024 * 1024' : `${bytes / mib} * 1024 * 1024`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} * 1024`;
  return String(bytes);
}
