let attempts = 0;

function connect(url) {
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    attempts = 0;
  });
  socket.addEventListener('close', () => {
    const delay = Math.min(30000, 500 * 2 ** attempts++);
    setTimeout(() => connect(url), delay);
  });
}

connect('wss://example.com/updates');
