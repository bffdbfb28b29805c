import { WebSocketServer } from 'ws';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
const gzipAsync = promisify(gzip);

const wss = new WebSocketServer({ port: 7070, maxPayload: 1024 * 1024 });
wss.on('error', (error) => {
  console.error('WebSocket server error:', error);
});
const awaitingPong = new WeakSet();
const heartbeat = setInterval(() => {
  for (const client of wss.clients) {
    if (client.isPaused) {
      awaitingPong.delete(client); // a paused socket reads no pong: ask again once it is resumed
      continue;
    }
    if (awaitingPong.has(client)) {
      client.terminate();
      continue;
    }
    awaitingPong.add(client);
    client.once('pong', () => awaitingPong.delete(client));
    client.ping();
  }
}, 30000);
wss.on('close', () => clearInterval(heartbeat));
const backlog = [];

wss.on('connection', (ws) => {
  ws.on('error', (error) => {
    console.error('WebSocket error:', error);
  });
  const messageQueue = createMessageQueue(ws, { concurrency: 1, highWaterMark: 16 });
  ws.on('message', messageQueue.wrap(async (data) => {
    const job = JSON.parse(String(data));
    backlog.push({ id: job.id, packed: await gzipAsync(Buffer.from(job.payload)) });
  }));
});

setInterval(() => {
  const batch = JSON.stringify(backlog.splice(0).map((entry) => ({ id: entry.id, bytes: entry.packed.length })));
  for (const client of wss.clients) if (client.bufferedAmount < 1024 * 1024) client.send(batch);
}, 1000);

/**
 * Runs one connection's messages in order, `concurrency` at a time. While `highWaterMark`
 * messages wait, the socket is paused, so that TCP backpressure reaches the peer (or, with
 * `whenFull: 'close'`, it is closed with 1013, "try again later"). A message whose work fails
 * goes to the socket's 'error' listeners. When the socket closes, waiting messages are dropped
 * and `signal` aborts: work given it stops, and what fails after the close is not reported.
 */
function createMessageQueue(
  socket,
  { concurrency = 1, highWaterMark = 16, whenFull = 'pause' } = {},
) {
  const waiting = [];
  let running = 0;
  const closed = new AbortController();
  socket.once('close', () => {
    waiting.length = 0;
    closed.abort();
  });
  const next = () => {
    while (running < concurrency && waiting.length > 0) {
      const work = waiting.shift();
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
    wrap(listener) {
      return (...args) => {
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
