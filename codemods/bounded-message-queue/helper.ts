/**
 * The per-connection message queue the bounded-message-queue codemod writes into a project, as
 * code of its own (the project never needs this package at run time): in JavaScript or TypeScript
 * (the file's style decides), as a function in the file that uses it, or exported from a module of
 * its own.
 */
import { code, typed, type Code, type NewName } from '../../fixes/code.js';

/** The factory's name, known to the rules (facts/flow-data.ts QUEUE_WRAPPERS) as a bounded queue. */
export const HELPER_NAME = 'createMessageQueue';
export const SOCKET_TYPE_NAME = 'QueuedSocket';

/** The helper's declarations. `exported`: for a module of its own. */
export function queueHelper(options: { readonly exported: boolean; readonly name: NewName | string; readonly socketType: NewName | string }): Code {
  const { name, socketType } = options;
  const exportKeyword = options.exported ? 'export ' : '';
  return code`${typed(code`/** What the queue needs of a socket (a ws WebSocket has it). */
${exportKeyword}interface ${socketType} {
  pause(): void;
  resume(): void;
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
  emit(event: 'error', error: unknown): boolean;
  listenerCount(event: 'error'): number;
}

`)}/**
 * Runs one connection's messages in order, \`concurrency\` at a time. While \`highWaterMark\`
 * messages wait, the socket is paused, so that TCP backpressure reaches the peer (or, with
 * \`whenFull: 'close'\`, it is closed with 1013, "try again later"). A message whose work fails
 * goes to the socket's 'error' listeners. When the socket closes, waiting messages are dropped
 * and \`signal\` aborts: work given it stops, and what fails after the close is not reported.
 */
${exportKeyword}function ${name}(
  socket${typed(code`: ${socketType}`)},
  { concurrency = 1, highWaterMark = 16, whenFull = 'pause' }${typed(": { concurrency?: number; highWaterMark?: number; whenFull?: 'pause' | 'close' }")} = {},
) {
  const waiting${typed(': (() => unknown)[]')} = [];
  let running = 0;
  const closed = new AbortController();
  socket.once('close', () => {
    waiting.length = 0;
    closed.abort();
  });
  const next = () => {
    while (running < concurrency && waiting.length > 0) {
      const work = waiting.shift()${typed('!')};
      running++;
      Promise.resolve()
        .then(work)
        .catch((error) => {
          if (closed.signal.aborted) return; // abandoned with its connection
          if (socket.listenerCount('error') > 0) socket.emit('error', error);
          else console.error('WebSocket message failed:', error);
        })
        .finally(() => {
          running--;
          if (waiting.length < highWaterMark) socket.resume();
          next();
        });
    }
  };
  return {
    signal: closed.signal,
    wrap${typed('<Args extends unknown[]>')}(listener${typed(': (...args: Args) => unknown')}) {
      return (...args${typed(': Args')})${typed(': void')} => {
        if (closed.signal.aborted) return;
        waiting.push(() => listener(...args));
        if (waiting.length >= highWaterMark) {
          if (whenFull === 'close') socket.close(1013, 'Try again later');
          else socket.pause();
        }
        next();
      };
    },
  };
}`;
}
