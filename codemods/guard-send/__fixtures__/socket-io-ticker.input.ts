import { Server } from 'socket.io';

declare function latestQuotes(): Record<string, number>;

const io = new Server(3000, { maxHttpBufferSize: 1e5 });

io.on('connection', (socket) => {
  const ticker = setInterval(() => socket.emit('quotes', latestQuotes()), 250);
  socket.on('disconnect', () => clearInterval(ticker));
});
