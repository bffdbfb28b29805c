export function connect(url, onEvent) {
  let ws;
  let stopped = false;

  let reconnectAttempt = 0;
  function open() {
    ws = new WebSocket(url);
    ws.addEventListener('open', () => {
      reconnectAttempt = 0;
    });
    ws.onmessage = (message) => onEvent(JSON.parse(message.data));
    ws.onerror = () => {
      // 'close' follows 'error', and the 'close' listener reconnects.
    };
    ws.onclose = () => {
      if (!stopped) setTimeout(open, Math.random() * Math.min(30000, 1000 * 2 ** reconnectAttempt++));
    };
  }

  open();
  return {
    stop() {
      stopped = true;
      ws.close();
    },
  };
}
