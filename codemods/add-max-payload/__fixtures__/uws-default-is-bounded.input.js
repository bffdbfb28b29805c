const uWS = require('uWebSockets.js');

uWS
  .App()
  .ws('/*', {
    idleTimeout: 60,
    message: (ws, message, isBinary) => {
      ws.send(message, isBinary);
    },
  })
  .listen(9001, (token) => {
    if (!token) console.error('cannot listen on 9001');
  });
