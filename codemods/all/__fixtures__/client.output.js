import WebSocket from 'ws';

export function tail(url, onEntry) {
  let socket;
  let closing = false;
  let reconnectAttempt = 0;
  const connect = () => {
    socket = new WebSocket(url);
    socket.on('error', (error) => {
      console.error('WebSocket error:', error);
    });
    socket.on('open', () => {
      reconnectAttempt = 0;
    });
    socket.on('message', (data) => onEntry(JSON.parse(String(data))));
    socket.on('close', () => {
      if (!closing) setTimeout(connect, Math.random() * Math.min(30000, 250 * 2 ** reconnectAttempt++));
    });
  };
  connect();
  return () => {
    closing = true;
    socket.close();
  };
}
