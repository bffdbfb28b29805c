// expect-findings: require-reconnect-backoff
// Seed 002, leaky, browser flavour: every open IDE tab runs this.
// When the proxy reload drops all sockets at once, every tab waits exactly one second and comes
// back together. Worse, it reconnects from both onerror and onclose, and a failed connection fires
// both, so each failure *doubles* this tab's sockets: the herd grows with every round.
export function connect(url, onEvent) {
  let ws;
  let stopped = false;

  function open() {
    ws = new WebSocket(url);
    ws.onmessage = (message) => onEvent(JSON.parse(message.data));
    ws.onerror = () => {
      if (!stopped) setTimeout(open, 1000); // BUG: 'close' always follows 'error'
    };
    ws.onclose = () => {
      if (!stopped) setTimeout(open, 1000); // BUG: constant delay, no jitter
    };
  }

  open();
  return {
    send(edit) {
      ws.send(JSON.stringify(edit)); // throws while CONNECTING; queues without limit while offline
    },
    stop() {
      stopped = true;
      ws.close();
    },
  };
}
