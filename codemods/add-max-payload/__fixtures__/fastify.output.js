import Fastify from 'fastify';
import websocket from '@fastify/websocket';

const app = Fastify({ logger: true });
await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });

app.register(async (instance) => {
  instance.get('/events', { websocket: true }, (socket) => {
    socket.on('message', (message) => socket.send(`ack ${message.toString().length}`));
  });
});

await app.listen({ port: 3000 });
