import WebSocket from 'ws';

export function follow(url, onLine) {
  let ws;
  let reconnectAttempt = 0;
  function connect() {
    ws = new WebSocket(url);
    ws.on('open', () => {
      reconnectAttempt = 0;
    });
    ws.on('error', (error) => console.warn('log stream', error.message));
    ws.on('message', (data) => onLine(String(data)));
    ws.on('close', () => setTimeout(connect, Math.random() * Math.min(30000, 1000 * 2 ** reconnectAttempt++)));
  }
  connect();
  return () => ws.terminate();
}
