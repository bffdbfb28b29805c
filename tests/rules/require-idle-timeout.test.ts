import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-idle-timeout.js';

const ruleTester = new RuleTester();

ruleTester.run('require-idle-timeout', rule, {
  valid: [
    // The same gateway without the setting: the adapter (socket.io by default) is not known here.
    {
      code: `
import { WebSocketGateway, SubscribeMessage, type OnGatewayConnection } from '@nestjs/websockets';
import type { WebSocket } from 'ws';

@WebSocketGateway(8081, { path: '/events' })
export class EventsGateway implements OnGatewayConnection {
  handleConnection(client: WebSocket) {
    client.send(JSON.stringify({ hello: true }));
  }

  @SubscribeMessage('echo')
  echo(client: WebSocket, data: unknown) {
    return data;
  }
}
`,
      filename: 'file.ts',
    },
    // express-ws enabled here, but every route is registered in another module (the sockets'
    // owner, and any heartbeat, is there). With a route here, the route's file is checked.
    {
      code: `
import express from 'express';
import expressWs from 'express-ws';
import { registerRoutes } from './routes.js';

const app = express();
expressWs(app);
registerRoutes(app);
app.listen(3000);
`,
      filename: 'file.ts',
    },
    // An application-level heartbeat: a timer closes the peers that have been silent too long.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 64 * 1024 });
wss.on('error', console.error);
const lastSeen = new Map();
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  lastSeen.set(ws, Date.now());
  ws.on('message', () => lastSeen.set(ws, Date.now()));
  ws.on('close', () => lastSeen.delete(ws));
});
setInterval(() => {
  for (const [ws, seen] of lastSeen) {
    if (Date.now() - seen > 60000) ws.close(4000, 'stale');
  }
}, 10000);
`,
      filename: 'file.js',
    },
    // tRPC's applyWSSHandler with keepAlive enabled pings every socket and cuts the silent ones.
    {
      code: `
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { appRouter } from './router.js';

const wss = new WebSocketServer({ port: 3001, maxPayload: 64 * 1024 });
wss.on('error', console.error);
applyWSSHandler({ wss, router: appRouter, keepAlive: { enabled: true, pingMs: 30000, pongWaitMs: 5000 } });
wss.on('connection', (socket, req) => {
  console.log('connected', req.url);
  socket.once('close', () => console.log('closed'));
});
`,
      filename: 'file.ts',
    },
    // The ws README heartbeat: an interval over wss.clients, isAlive flags reset on pong.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
});
const interval = setInterval(() => {
  wss.clients.forEach((ws) => {
    if (ws.isAlive === false) return ws.terminate();
    ws.isAlive = false;
    ws.ping();
  });
}, 30000);
wss.on('close', () => clearInterval(interval));
`,
    // A class keeping its own client list, interval started in a method, callback passed by name.
    `
const WebSocket = require('ws');
class Hub {
  constructor(server) {
    this.clients = [];
    this.implementation = new WebSocket.Server({ server, maxPayload: 65536 });
    this.timer = setInterval(this.sweep.bind(this), Hub.heartbeatInterval);
    this.implementation.on('connection', (client) => {
      this.clients.push(client);
      client.isAlive = true;
      client.on('pong', () => { client.isAlive = true; });
    });
  }
  sweep() {
    for (const client of this.clients) {
      if (!client.isAlive) { client.terminate(); continue; }
      client.isAlive = false;
      client.ping(() => {});
    }
  }
}
`,
    // Per connection: ping on an interval, terminate when the pong does not come back in time.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (socket) => {
  let pongWait;
  const pinger = setInterval(() => {
    pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE);
    socket.once('pong', () => clearTimeout(pongWait));
    socket.ping();
  }, KEEP_ALIVE);
  socket.once('close', () => { clearInterval(pinger); clearTimeout(pongWait); });
});
`,
    // A per-socket idle timer reset by traffic.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  let idle;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => ws.terminate(), 60_000);
  };
  touch();
  ws.on('message', touch);
  ws.on('pong', touch);
});
`,
    // The sweep lives in a helper that the interval calls.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
function sweep() {
  for (const ws of wss.clients) if (!alive.has(ws)) ws.terminate();
}
setInterval(() => sweep(), 15000);
`,
    // The raw socket's inactivity timeout, armed after ws took the socket over.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  req.socket.setTimeout(120_000);
  req.socket.on('timeout', () => req.socket.destroy());
});
`,
    // An application-level heartbeat: clients send messages, a sweep closes the silent ones.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 9000, maxPayload: 65536 });
const lastSeen = new Map();
wss.on('connection', (socket) => {
  lastSeen.set(socket, Date.now());
  socket.on('message', () => lastSeen.set(socket, Date.now()));
  socket.on('close', () => lastSeen.delete(socket));
});
setInterval(() => {
  const now = Date.now();
  for (const [socket, seen] of lastSeen) if (now - seen > 90_000) socket.close(1001, 'idle');
}, 5_000);
`,
    // TCP keep-alive probes.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  req.socket.setKeepAlive(true, 30_000);
});
`,
    // graphql-ws keeps connections alive itself (12 s ping, terminate on a missing pong).
    `
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
const server = new WebSocketServer({ port: 4000, path: '/graphql' });
useServer({ schema }, server);
`,
    `
import { useServer } from 'graphql-ws/use/ws';
useServer({ schema, connectionInitWaitTimeout: 5_000 }, wsServer, 10_000);
`,
    // The socket goes to a class in another module, which may run the heartbeat (Hocuspocus).
    `
import { WebSocketServer } from 'ws';
import { ClientConnection } from './ClientConnection.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  ws.on('error', console.error);
  new ClientConnection(ws, req, { timeout: 30000 });
});
`,
    // The server leaves the module.
    `
import { WebSocketServer } from 'ws';
export const wss = new WebSocketServer({ noServer: true });
`,
    `
import { WebSocketServer } from 'ws';
export class Gateway {
  server = new WebSocketServer({ noServer: true });
}
`,
    // Frameworks with a built-in idle timeout, left on.
    `
import { Server } from 'socket.io';
const io = new Server(httpServer, { pingInterval: 25_000, pingTimeout: 20_000 });
`,
    `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', { idleTimeout: 60, open: (ws) => {}, message: (ws, m) => ws.send(m) });
`,
    `
Bun.serve({
  fetch(req, server) { server.upgrade(req); },
  websocket: { message(ws, m) { ws.send(m); } },
});
`,
    `
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 60 });
  socket.onmessage = (event) => socket.send(event.data);
  return response;
});
`,
    // A client is not a server.
    `
import WebSocket from 'ws';
const ws = new WebSocket('wss://example.test');
ws.on('error', console.error);
`,
    // A longer maximum.
    {
      code: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', { idleTimeout: 900, message: (ws, m) => ws.send(m) });
`,
      options: [{ maxIdleMs: 960_000 }],
    },
  ],
  invalid: [
    // A NestJS gateway on the ws adapter (named in settings): ws has no idle timeout and the
    // gateway no heartbeat. No suggestion: the server is the adapter's.
    {
      code: `
import { WebSocketGateway, SubscribeMessage, type OnGatewayConnection } from '@nestjs/websockets';
import type { WebSocket } from 'ws';

@WebSocketGateway(8081, { path: '/events' })
export class EventsGateway implements OnGatewayConnection {
  handleConnection(client: WebSocket) {
    client.send(JSON.stringify({ hello: true }));
  }

  @SubscribeMessage('echo')
  echo(client: WebSocket, data: unknown) {
    return data;
  }
}
`,
      filename: 'file.ts',
      settings: { websocket: { nestjsAdapter: 'ws' } },
      errors: [{ messageId: 'missingHeartbeat', line: 5, suggestions: [] }],
    },
    // A timer that closes the socket when its own work fails (the container stopped) cuts nobody who just went away: no heartbeat.
    {
      code: `
import { WebSocketServer } from 'ws';
import { readStats } from './stats.js';
const wss = new WebSocketServer({ port: 8080, maxPayload: 64 * 1024 });
wss.on('error', console.error);
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const timer = setInterval(async () => {
    const stats = await readStats();
    if (!stats.running) {
      ws.close(4000, 'Container not running');
      return;
    }
    ws.send(JSON.stringify(stats));
  }, 1300);
  ws.on('close', () => clearInterval(timer));
});
`,
      filename: 'file.js',
      errors: [
        { messageId: 'missingHeartbeat', line: 4, suggestions: [{ messageId: 'addHeartbeat', output: `
import { WebSocketServer } from 'ws';
import { readStats } from './stats.js';
const wss = new WebSocketServer({ port: 8080, maxPayload: 64 * 1024 });
const awaitingPong = new WeakSet();
const heartbeat = setInterval(() => {
  for (const client of wss.clients) {
    if (client.isPaused) {
      awaitingPong.delete(client); // a paused socket reads no pong: ask again once it is resumed
      continue;
    }
    if (awaitingPong.has(client)) {
      client.terminate();
      continue;
    }
    awaitingPong.add(client);
    client.once('pong', () => awaitingPong.delete(client));
    client.ping();
  }
}, 30000);
wss.on('close', () => clearInterval(heartbeat));
wss.on('error', console.error);
wss.on('connection', (ws) => {
  ws.on('error', console.error);
  const timer = setInterval(async () => {
    const stats = await readStats();
    if (!stats.running) {
      ws.close(4000, 'Container not running');
      return;
    }
    ws.send(JSON.stringify(stats));
  }, 1300);
  ws.on('close', () => clearInterval(timer));
});
` }] },
      ],
    },
    // Sockets handed to a constructor of this file (whose code we read) and an application 'hb' message on a timer: nothing ever cuts a silent peer.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 64 * 1024 });
wss.on('error', console.error);
function Connection(ws) {
  const self = this;
  this.ws = ws;
  ws.on('error', console.error);
  ws.on('message', (data) => self.handle(data));
}
Connection.prototype.handle = function (data) {
  this.ws.send(data);
};
wss.on('connection', (ws) => {
  new Connection(ws);
});
setInterval(() => {
  for (const ws of wss.clients) ws.send('hb');
}, 15000);
`,
      filename: 'file.js',
      errors: [
        { messageId: 'missingHeartbeat', line: 3, suggestions: [{ messageId: 'addHeartbeat', output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 64 * 1024 });
const awaitingPong = new WeakSet();
const heartbeat = setInterval(() => {
  for (const client of wss.clients) {
    if (client.isPaused) {
      awaitingPong.delete(client); // a paused socket reads no pong: ask again once it is resumed
      continue;
    }
    if (awaitingPong.has(client)) {
      client.terminate();
      continue;
    }
    awaitingPong.add(client);
    client.once('pong', () => awaitingPong.delete(client));
    client.ping();
  }
}, 30000);
wss.on('close', () => clearInterval(heartbeat));
wss.on('error', console.error);
function Connection(ws) {
  const self = this;
  this.ws = ws;
  ws.on('error', console.error);
  ws.on('message', (data) => self.handle(data));
}
Connection.prototype.handle = function (data) {
  this.ws.send(data);
};
wss.on('connection', (ws) => {
  new Connection(ws);
});
setInterval(() => {
  for (const ws of wss.clients) ws.send('hb');
}, 15000);
` }] },
      ],
    },
    // tRPC's applyWSSHandler pings only with keepAlive enabled: without it, the server still needs a heartbeat.
    {
      code: `
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { appRouter } from './router.js';

const wss = new WebSocketServer({ port: 3001, maxPayload: 64 * 1024 });
wss.on('error', console.error);
applyWSSHandler({ wss, router: appRouter });
wss.on('connection', (socket, req) => {
  console.log('connected', req.url);
  socket.once('close', () => console.log('closed'));
});
`,
      filename: 'file.ts',
      errors: [
        { messageId: 'missingHeartbeat', line: 6, suggestions: [{ messageId: 'addHeartbeat', output: `
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { appRouter } from './router.js';

const wss = new WebSocketServer({ port: 3001, maxPayload: 64 * 1024 });
const awaitingPong = new WeakSet();
const heartbeat = setInterval(() => {
  for (const client of wss.clients) {
    if (client.isPaused) {
      awaitingPong.delete(client); // a paused socket reads no pong: ask again once it is resumed
      continue;
    }
    if (awaitingPong.has(client)) {
      client.terminate();
      continue;
    }
    awaitingPong.add(client);
    client.once('pong', () => awaitingPong.delete(client));
    client.ping();
  }
}, 30000);
wss.on('close', () => clearInterval(heartbeat));
wss.on('error', console.error);
applyWSSHandler({ wss, router: appRouter });
wss.on('connection', (socket, req) => {
  console.log('connected', req.url);
  socket.once('close', () => console.log('closed'));
});
` }] },
      ],
    },
    {
      // heartbeatIntervalMs sets the period of the heartbeat the suggestion writes, and its title.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 1 << 20 });
`,
      options: [{ heartbeatIntervalMs: 5000 }],
      errors: [
        {
          messageId: 'missingHeartbeat',
          suggestions: [
            {
              messageId: 'addHeartbeat',
              data: { interval: '5 s' },
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 1 << 20 });
const awaitingPong = new WeakSet();
const heartbeat = setInterval(() => {
  for (const client of wss.clients) {
    if (client.isPaused) {
      awaitingPong.delete(client); // a paused socket reads no pong: ask again once it is resumed
      continue;
    }
    if (awaitingPong.has(client)) {
      client.terminate();
      continue;
    }
    awaitingPong.add(client);
    client.once('pong', () => awaitingPong.delete(client));
    client.ping();
  }
}, 5000);
wss.on('close', () => clearInterval(heartbeat));
`,
            },
          ],
        },
      ],
    },
    {
      // Seed 004: a notification server with no heartbeat.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 1 << 20 });
wss.on('connection', (ws) => {
  ws.on('error', console.error);
});
`,
      errors: [
        {
          messageId: 'missingHeartbeat',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 69,
          data: { framework: 'ws' },
          suggestions: [
            {
              messageId: 'addHeartbeat',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 1 << 20 });
const awaitingPong = new WeakSet();
const heartbeat = setInterval(() => {
  for (const client of wss.clients) {
    if (client.isPaused) {
      awaitingPong.delete(client); // a paused socket reads no pong: ask again once it is resumed
      continue;
    }
    if (awaitingPong.has(client)) {
      client.terminate();
      continue;
    }
    awaitingPong.add(client);
    client.once('pong', () => awaitingPong.delete(client));
    client.ping();
  }
}, 30000);
wss.on('close', () => clearInterval(heartbeat));
wss.on('connection', (ws) => {
  ws.on('error', console.error);
});
`,
            },
          ],
        },
      ],
    },
    {
      // Inside a function, names already taken; a shutdown-only terminate() is not a heartbeat.
      code: `
const WebSocket = require('ws');
function start(alive) {
  const server = new WebSocket.Server({ noServer: true });
  return { stop: () => { for (const ws of server.clients) ws.terminate(); } };
}
`,
      errors: [
        {
          messageId: 'missingHeartbeat',
          line: 4,
          column: 18,
          suggestions: [
            {
              messageId: 'addHeartbeat',
              output: `
const WebSocket = require('ws');
function start(alive) {
  const server = new WebSocket.Server({ noServer: true });
  const awaitingPong = new WeakSet();
  const heartbeat = setInterval(() => {
    for (const client of server.clients) {
      if (client.isPaused) {
        awaitingPong.delete(client); // a paused socket reads no pong: ask again once it is resumed
        continue;
      }
      if (awaitingPong.has(client)) {
        client.terminate();
        continue;
      }
      awaitingPong.add(client);
      client.once('pong', () => awaitingPong.delete(client));
      client.ping();
    }
  }, 30000);
  server.on('close', () => clearInterval(heartbeat));
  return { stop: () => { for (const ws of server.clients) ws.terminate(); } };
}
`,
            },
          ],
        },
      ],
    },
    {
      // Without client tracking the scaffold has no `clients` to sweep: no suggestion.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, clientTracking: false });
`,
      errors: [{ messageId: 'missingHeartbeat', line: 3, column: 13, suggestions: [] }],
    },
    {
      // Plugins over ws: reported at the registration, no scaffold (the server is not ours to name).
      code: `
const express = require('express');
const app = express();
require('express-ws')(app, undefined, { wsOptions: { maxPayload: 65536 } });
app.ws('/feed', (ws) => { ws.on('error', console.error); });
`,
      errors: [{ messageId: 'missingHeartbeat', line: 4, column: 1, data: { framework: 'express-ws' }, suggestions: [] }],
    },
    {
      // Pings that nothing checks.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  wss.clients.forEach((ws) => ws.ping());
}, 30000);
`,
      errors: [{ messageId: 'heartbeatNeverTerminates', line: 5, column: 31, endLine: 5, endColumn: 40, suggestions: [] }],
    },
    {
      // A heartbeat that close()s a dead peer.
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) { ws.close(4000, 'timeout'); continue; }
    ws.isAlive = false;
    ws.ping();
  }
}, 30000);
`,
      errors: [
        {
          messageId: 'heartbeatCloses',
          line: 6,
          column: 24,
          endLine: 6,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'useTerminate',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) { ws.terminate(); continue; }
    ws.isAlive = false;
    ws.ping();
  }
}, 30000);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', { idleTimeout: 0, message: (ws, m) => ws.send(m) });
`,
      errors: [
        {
          messageId: 'idleTimeoutDisabled',
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 36,
          data: { option: 'idleTimeout', value: '0', framework: 'uWebSockets.js', default: '120 s', maximum: '10 min' },
          suggestions: [
            {
              messageId: 'restoreDefault',
              output: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', { idleTimeout: 120, message: (ws, m) => ws.send(m) });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
Bun.serve({
  fetch(req, server) { server.upgrade(req); },
  websocket: { idleTimeout: 0, message(ws, m) { ws.send(m); } },
});
`,
      errors: [
        {
          messageId: 'idleTimeoutDisabled',
          line: 4,
          column: 16,
          suggestions: [
            {
              messageId: 'restoreDefault',
              output: `
Bun.serve({
  fetch(req, server) { server.upgrade(req); },
  websocket: { idleTimeout: 120, message(ws, m) { ws.send(m); } },
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 0 });
  socket.onmessage = (event) => socket.send(event.data);
  return response;
});
`,
      errors: [
        {
          messageId: 'idleTimeoutDisabled',
          line: 3,
          column: 61,
          data: { option: 'idleTimeout', value: '0', framework: 'Deno', default: '30 s', maximum: '10 min' },
          suggestions: [
            {
              messageId: 'restoreDefault',
              output: `
Deno.serve((req) => {
  const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 30 });
  socket.onmessage = (event) => socket.send(event.data);
  return response;
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Server } from 'socket.io';
const HOUR = 60 * 60 * 1000;
const io = new Server(httpServer, {
  pingInterval: HOUR,
  pingTimeout: 0,
});
`,
      errors: [
        {
          messageId: 'idleTimeoutTooLong',
          line: 5,
          column: 3,
          data: { option: 'pingInterval', duration: '1 h', maximum: '10 min', framework: 'socket.io', default: '25000 ms' },
          suggestions: [
            {
              messageId: 'restoreDefault',
              output: `
import { Server } from 'socket.io';
const HOUR = 60 * 60 * 1000;
const io = new Server(httpServer, {
  pingInterval: 25000,
  pingTimeout: 0,
});
`,
            },
          ],
        },
        {
          messageId: 'idleTimeoutDisabled',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'restoreDefault',
              output: `
import { Server } from 'socket.io';
const HOUR = 60 * 60 * 1000;
const io = new Server(httpServer, {
  pingInterval: HOUR,
  pingTimeout: 20000,
});
`,
            },
          ],
        },
      ],
    },
    {
      // graphql-ws: keepAlive (third argument) and the connection-init timeout turned off.
      code: `
import { useServer } from 'graphql-ws/use/ws';
useServer({ schema, connectionInitWaitTimeout: Infinity }, wsServer, 0);
`,
      errors: [
        {
          messageId: 'idleTimeoutDisabled',
          line: 3,
          column: 21,
          data: { option: 'connectionInitWaitTimeout', value: 'Infinity', framework: 'graphql-ws', default: '3000 ms', maximum: '10 min' },
          suggestions: [
            {
              messageId: 'restoreDefault',
              output: `
import { useServer } from 'graphql-ws/use/ws';
useServer({ schema, connectionInitWaitTimeout: 3000 }, wsServer, 0);
`,
            },
          ],
        },
        {
          messageId: 'idleTimeoutDisabled',
          line: 3,
          column: 70,
          data: { option: 'keepAlive', value: '0', framework: 'graphql-ws', default: '12000 ms', maximum: '10 min' },
          suggestions: [
            {
              messageId: 'restoreDefault',
              output: `
import { useServer } from 'graphql-ws/use/ws';
useServer({ schema, connectionInitWaitTimeout: Infinity }, wsServer, 12000);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { useServer } from 'graphql-ws/use/ws';
useServer({ schema, connectionInitWaitTimeout: null }, wsServer);
`,
      errors: [{ messageId: 'idleTimeoutDisabled', line: 3, column: 21, data: { option: 'connectionInitWaitTimeout', value: 'null', framework: 'graphql-ws', default: '3000 ms', maximum: '10 min' }, suggestions: [{ messageId: 'restoreDefault', output: `
import { useServer } from 'graphql-ws/use/ws';
useServer({ schema, connectionInitWaitTimeout: 3000 }, wsServer);
` }] }],
    },
    {
      // A lower maximum.
      code: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', { idleTimeout: 300, message: (ws, m) => ws.send(m) });
`,
      options: [{ maxIdleMs: 60_000 }],
      // The default (120 s) is above the configured maximum: the suggestion writes the maximum
      // (it used to write the default, which left the finding in place).
      errors: [{ messageId: 'idleTimeoutTooLong', line: 3, column: 22, data: { option: 'idleTimeout', duration: '5 min', maximum: '1 min', framework: 'uWebSockets.js', default: '120 s' }, suggestions: [{ messageId: 'restoreDefault', data: { value: '60', reason: 'the configured maximum' }, output: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', { idleTimeout: 60, message: (ws, m) => ws.send(m) });
` }] }],
    },
    {
      // Handed-off sockets, reported on request.
      code: `
import { WebSocketServer } from 'ws';
import { handle } from './handle.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => handle(ws));
`,
      options: [{ reportHandedOffSockets: true }],
      errors: [
        {
          messageId: 'missingHeartbeat',
          line: 4,
          column: 13,
          suggestions: [
            {
              messageId: 'addHeartbeat',
              output: `
import { WebSocketServer } from 'ws';
import { handle } from './handle.js';
const wss = new WebSocketServer({ noServer: true });
const awaitingPong = new WeakSet();
const heartbeat = setInterval(() => {
  for (const client of wss.clients) {
    if (client.isPaused) {
      awaitingPong.delete(client); // a paused socket reads no pong: ask again once it is resumed
      continue;
    }
    if (awaitingPong.has(client)) {
      client.terminate();
      continue;
    }
    awaitingPong.add(client);
    client.once('pong', () => awaitingPong.delete(client));
    client.ping();
  }
}, 30000);
wss.on('close', () => clearInterval(heartbeat));
wss.on('connection', (ws) => handle(ws));
`,
            },
          ],
        },
      ],
    },
  ],
});
