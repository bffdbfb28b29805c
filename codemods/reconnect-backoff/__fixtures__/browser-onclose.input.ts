export function subscribe(url: string, onUpdate: (update: unknown) => void): () => void {
  let socket: WebSocket;
  let closedByUser = false;

  const open = () => {
    socket = new WebSocket(url);
    socket.onmessage = (event) => onUpdate(JSON.parse(event.data));
    socket.onclose = () => {
      if (!closedByUser) setTimeout(open, 3000);
    };
  };

  open();
  return () => {
    closedByUser = true;
    socket.close();
  };
}
