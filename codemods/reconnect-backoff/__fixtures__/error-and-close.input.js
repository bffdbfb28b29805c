export function connect(url, onEvent) {
  let ws;
  let stopped = false;

  function open() {
    ws = new WebSocket(url);
    ws.onmessage = (message) => onEvent(JSON.parse(message.data));
    ws.onerror = () => {
      if (!stopped) setTimeout(open, 1000);
    };
    ws.onclose = () => {
      if (!stopped) setTimeout(open, 1000);
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
