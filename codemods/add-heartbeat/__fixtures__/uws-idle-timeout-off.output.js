import uWS from 'uWebSockets.js';

const app = uWS.App();

app.ws('/feed', {
  maxPayloadLength: 16 * 1024,
  idleTimeout: 120,
  open: (ws) => ws.subscribe('prices'),
});

app.listen(9001, () => {});
