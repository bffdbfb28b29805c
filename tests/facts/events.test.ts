/** `handlersOf(socket, kind)`: the functions run on message, close and error, per framework. */
import { describe, expect, it } from 'vitest';

import type { SocketEventKind } from '../../facts/index.js';
import { parseTsModel, textOf, type Parsed } from './helpers.js';

/** `event@line:text-of-the-function's-first-statement` for each handler of the only socket. */
function handlers(parsed: Parsed, kind: SocketEventKind): string[] {
  const [socket, ...others] = parsed.model.sockets;
  expect(others).toEqual([]);
  return parsed.model.handlersOf(socket!, kind).map((handler) => {
    const body = handler.fn?.body;
    const first = body?.type === 'BlockStatement' ? body.body[0] : body;
    return `${handler.event}:${textOf(parsed.text, first) ?? '(no function)'}`;
  });
}

describe('handlersOf', () => {
  it('ws: emitter listeners, onX assignments, addEventListener, and events.once', () => {
    const parsed = parseTsModel(`
      import { once } from 'node:events';
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ noServer: true });
      function onClose() { clearInterval(timer); }
      wss.on('connection', async (ws) => {
        ws.on('message', (data) => { handle(data); });
        ws.once('close', onClose);
        ws.onclose = () => { a(); };
        ws.addEventListener('close', () => { b(); }, { once: true });
        ws.on('error', (e) => { log(e); });
        await once(ws, 'close');
      });`);
    expect(handlers(parsed, 'message')).toEqual(['message:handle(data);']);
    expect(handlers(parsed, 'close')).toEqual(['close:clearInterval(timer);', 'close:a();', 'close:b();', 'close:(no function)']);
    expect(handlers(parsed, 'error')).toEqual(['error:log(e);', 'error:(no function)']);
  });

  it("socket.io: 'disconnect' closes (its 'close' never fires) and custom events are messages", () => {
    const parsed = parseTsModel(`
      import { Server } from 'socket.io';
      const io = new Server(3000);
      io.on('connection', (socket) => {
        socket.on('chat', (m) => { io.emit('chat', m); });
        socket.on('close', () => { never(); });
        socket.on('disconnect', () => { rooms.leave(socket.id); });
      });`);
    expect(handlers(parsed, 'message')).toEqual(['chat:io.emit(\'chat\', m);']);
    expect(handlers(parsed, 'close')).toEqual(['disconnect:rooms.leave(socket.id);']);
  });

  it('uWebSockets.js and Bun: behaviour hooks', () => {
    const uws = parseTsModel(`
      import uWS from 'uWebSockets.js';
      uWS.App().ws('/*', { message: (ws, m) => { ws.send(m); }, close: (ws) => { ws.getUserData().ac.abort(); } });`);
    expect(handlers(uws, 'message')).toEqual(['message:ws.send(m);']);
    expect(handlers(uws, 'close')).toEqual(['close:ws.getUserData().ac.abort();']);
    expect(handlers(uws, 'error')).toEqual([]);
    const bun = parseTsModel(`
      Bun.serve({ fetch() { return new Response(); }, websocket: { close(ws) { ws.data.ac.abort(); }, error(ws, e) { log(e); } } });`);
    expect(handlers(bun, 'close')).toEqual(['close:ws.data.ac.abort();']);
    expect(handlers(bun, 'error')).toEqual(['error:log(e);']);
  });

  it('Hono: onMessage / onClose in the returned events', () => {
    const parsed = parseTsModel(`
      import { upgradeWebSocket } from 'hono/bun';
      app.get('/ws', upgradeWebSocket(() => ({
        onMessage(event, ws) { ws.send('pong'); },
        onClose: () => { ac.abort(); },
      })));`);
    expect(handlers(parsed, 'message')).toEqual(["onMessage:ws.send('pong');"]);
    expect(handlers(parsed, 'close')).toEqual(['onClose:ac.abort();']);
  });

  it('Durable Object hibernation methods and NestJS handleDisconnect', () => {
    const durable = parseTsModel(`
      import { DurableObject } from 'cloudflare:workers';
      export class Room extends DurableObject {
        webSocketMessage(ws, message) { this.broadcast(message); }
        webSocketClose(ws) { this.sessions.delete(ws); }
      }`);
    expect(handlers(durable, 'message')).toEqual(['webSocketMessage:this.broadcast(message);']);
    expect(handlers(durable, 'close')).toEqual(['webSocketClose:this.sessions.delete(ws);']);
    const gateway = parseTsModel(`
      import { WebSocketGateway } from '@nestjs/websockets';
      @WebSocketGateway()
      export class Events {
        handleConnection(client) { this.clients.add(client); }
        handleDisconnect(client) { this.clients.delete(client); }
      }`);
    expect(handlers(gateway, 'close')).toEqual(['handleDisconnect:this.clients.delete(client);']);
  });

  it('a browser socket: onclose and addEventListener', () => {
    const parsed = parseTsModel(`
      const ws = new WebSocket(url);
      ws.onmessage = (event) => { render(event.data); };
      ws.addEventListener('close', () => { reconnect(); });`);
    expect(handlers(parsed, 'message')).toEqual(['message:render(event.data);']);
    expect(handlers(parsed, 'close')).toEqual(['close:reconnect();']);
  });
});
