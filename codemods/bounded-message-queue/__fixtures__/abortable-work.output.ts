import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('error', console.error);

wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const messageQueue = createMessageQueue(ws, { concurrency: 1, highWaterMark: 16 });
  ws.on('message', messageQueue.wrap(async (data) => {
    const { urls } = JSON.parse(String(data)) as { urls: string[] };
    for (const url of urls) {
      const response = await fetch(url, { method: 'HEAD', signal: messageQueue.signal });
      ws.send(JSON.stringify({ url, status: response.status }));
      await sleep(100);
    }
  }));
});

/** What the queue needs of a socket (a ws WebSocket has it). */
interface QueuedSocket {
  pause(): void;
  resume(): void;
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
  emit(event: 'error', error: unknown): boolean;
  listenerCount(event: 'error'): number;
}

/**
 * Runs one connection's messages in order, `concurrency` at a time. While `highWaterMark`
 * messages wait, the socket is paused, so that TCP backpressure reaches the peer (or, with
 * `whenFull: 'close'`, it is closed with 1013, "try again later"). A message whose work fails
 * goes to the socket's 'error' listeners. When the socket closes, waiting messages are dropped
 * and `signal` aborts: work given it stops, and what fails after the close is not reported.
 */
function createMessageQueue(
  socket: QueuedSocket,
  { concurrency = 1, highWaterMark = 16, whenFull = 'pause' }: { concurrency?: number; highWaterMark?: number; whenFull?: 'pause' | 'close' } = {},
) {
  const waiting: (() => unknown)[] = [];
  let running = 0;
  const closed = new AbortController();
  socket.once('close', () => {
    waiting.length = 0;
    closed.abort();
  });
  const next = () => {
    while (running < concurrency && waiting.length > 0) {
      const work = waiting.shift()!;
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
    wrap<Args extends unknown[]>(listener: (...args: Args) => unknown) {
      return (...args: Args): void => {
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
}
