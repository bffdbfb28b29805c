// Seed 002, fixed, browser flavour. 'error' is always followed by 'close', so the reconnect lives
// in onclose only, with capped exponential backoff and full jitter so that tabs dropped together
// do not come back together. A tab the user closes (stop) or a 1000 close from the server ends it.
const BASE_MS = 500;
const CAP_MS = 30_000;
const HIGH_WATER = 1 << 20; // bufferedAmount keeps growing after a drop if we keep sending

export function connect(url, onEvent) {
  let ws;
  let attempt = 0;
  let retryTimer;
  let stopped = false;

  function open() {
    retryTimer = undefined;
    ws = new WebSocket(url);
    ws.onopen = () => {
      attempt = 0;
    };
    ws.onmessage = (message) => onEvent(JSON.parse(message.data));
    ws.onerror = () => {
      // nothing to do: onclose runs next and decides whether to retry
    };
    ws.onclose = (event) => {
      if (stopped || event.code === 1000) return;
      const delay = Math.random() * Math.min(CAP_MS, BASE_MS * 2 ** attempt);
      attempt += 1;
      retryTimer = setTimeout(open, delay);
    };
  }

  open();
  return {
    /** Sends an edit if the socket can take it; false tells the caller to keep it and retry later. */
    send(edit) {
      if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > HIGH_WATER) return false;
      ws.send(JSON.stringify(edit));
      return true;
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      ws.close(1000, 'tab closed');
    },
  };
}
