import WebSocket from 'ws';

export function tail(url, onEntry) {
  let socket;
  let closing = false;
  const connect = () => {
    socket = new WebSocket(url);
    socket.on('message', (data) => onEntry(JSON.parse(String(data))));
    socket.on('close', () => {
      if (!closing) setTimeout(connect, 250);
    });
  };
  connect();
  return () => {
    closing = true;
    socket.close();
  };
}
