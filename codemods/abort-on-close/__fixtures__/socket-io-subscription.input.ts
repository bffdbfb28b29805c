import { EventEmitter } from 'node:events';
import { Server } from 'socket.io';

const orders = new EventEmitter();
const io = new Server(3000, { maxHttpBufferSize: 1e5 });

io.on('connection', (socket) => {
  const forward = (order: unknown) => socket.emit('order', order);
  orders.on('created', forward);
  socket.on('close', () => orders.off('created', forward));
});
