import { createServer } from 'node:http';
import { Server } from 'socket.io';

const httpServer = createServer();
const io = new Server(httpServer, {
  cors: { origin: 'https://app.example.com' },
});

io.on('connection', (socket) => {
  socket.on('chat', (text) => io.emit('chat', { from: socket.id, text }));
});

httpServer.listen(3000);
