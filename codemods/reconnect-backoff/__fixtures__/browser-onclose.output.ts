export function subscribe(url: string, onUpdate: (update: unknown) => void): () => void {
  let socket: WebSocket;
  let closedByUser = false;

  let reconnectAttempt = 0;
  const open = () => {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      reconnectAttempt = 0;
    });
    socket.onmessage = (event) => onUpdate(JSON.parse(event.data));
    socket.onclose = () => {
      if (!closedByUser) setTimeout(open, Math.random() * Math.min(30000, 3000 * 2 ** reconnectAttempt++));
    };
  };

  open();
  return () => {
    closedByUser = true;
    socket.close();
  };
}
