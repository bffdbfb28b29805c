import WebSocket from 'ws';

export function follow(url, onLine) {
  let ws;
  function connect() {
    ws = new WebSocket(url);
    ws.on('error', (error) => console.warn('log stream', error.message));
    ws.on('message', (data) => onLine(String(data)));
    ws.on('close', connect);
  }
  connect();
  return () => ws.terminate();
}
