// expect-findings: require-reconnect-backoff, require-error-listener
// Seed 002, leaky: a CLI that tails the events of a Cloud IDE workspace.
// The proxy in front (ingress-nginx) reloads whenever any Ingress changes, and after its
// worker-shutdown-timeout it drops *every* upgraded connection at the same instant.
//
// Two things go wrong with this client when that happens:
//  1. Every client waits the same fixed second and reconnects together: a thundering herd that
//     hits the proxy while it is still reloading, fails together, and retries together again.
//  2. There is no 'error' listener. While the proxy is down the reconnect fails with
//     ECONNREFUSED, ws emits 'error', nobody listens, and Node kills the whole process.
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';

export function connect(url, onEvent = (event) => console.log(event)) {
  let ws;
  let stopped = false;

  function open() {
    ws = new WebSocket(url);
    ws.on('message', (data) => onEvent(JSON.parse(String(data))));
    ws.on('close', () => {
      if (stopped) return;
      setTimeout(open, 1000); // BUG: constant delay, no backoff, no jitter
    });
    // BUG: no ws.on('error', ...)
  }

  open();
  return {
    stop() {
      stopped = true;
      ws.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tail = connect(process.env.WS_URL ?? 'ws://127.0.0.1:8080/workspaces/demo/events');
  process.once('SIGINT', () => tail.stop());
}
