import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-max-payload.js';

const ruleTester = new RuleTester();

ruleTester.run('require-max-payload', rule, {
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
    // A relative module that only looks like a vendored uWS is not one.
    {
      code: `
import * as uws from './uws-helpers.js';
const app = uws.App();
app.ws('/*', { maxPayloadLength: 150 * 1024 * 1024, message: (ws, m) => ws.send(m) });
`,
      filename: 'file.ts',
    },
    // Bun's default (16 MB) under the default ceiling (16 MiB).
    {
      code: `
Bun.serve({
  fetch(req, server) {
    return server.upgrade(req) ? undefined : new Response('no');
  },
  websocket: {
    message(ws, message) {
      ws.send(message);
    },
  },
});
`,
      filename: 'file.js',
    },
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 1 << 20 });
`,
    // A same-module constant, and arithmetic.
    `
const { WebSocketServer } = require('ws');
const MAX_PAYLOAD = 64 * 1024;
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
`,
    // Options built from a same-module object.
    `
import WebSocket from 'ws';
const limits = { maxPayload: 256 * 1024 };
const wss = new WebSocket.Server({ ...limits, server });
`,
    `
import { WebSocketServer } from 'ws';
const options = { noServer: true, maxPayload: 1024 * 1024 };
export const wss = new WebSocketServer(options);
`,
    // Options from a caller or another module: we cannot see them, stay quiet.
    `
import { WebSocketServer } from 'ws';
export function createServer(options) {
  return new WebSocketServer({ ...options, noServer: true });
}
`,
    `
import { WebSocketServer } from 'ws';
export function createServer(options) {
  return new WebSocketServer(options);
}
`,
    // A limit read from the environment: not statically known.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: Number(process.env.WS_MAX_PAYLOAD) });
`,
    // The ceiling itself is allowed.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 16 * 1024 * 1024 });
`,
    // socket.io bounds messages at 1 MB by default.
    `
import { Server } from 'socket.io';
const io = new Server(httpServer, { cors: { origin: '*' } });
`,
    `
import { Server } from 'socket.io';
const io = new Server(3000, { maxHttpBufferSize: 1e6 });
`,
    // uWS (16 KiB) and Bun (16 MB) have limits by default.
    `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', { idleTimeout: 60, message: (ws, message) => ws.send(message) }).listen(9001, () => {});
`,
    `
Bun.serve({
  fetch(req, server) { server.upgrade(req); },
  websocket: { maxPayloadLength: 1024 * 1024, message(ws, message) { ws.send(message); } },
});
`,
    // Plugins configured with a limit.
    `
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
const fastify = Fastify();
fastify.register(websocket, { options: { maxPayload: 1048576 } });
`,
    `
const expressWs = require('express-ws');
expressWs(app, server, { wsOptions: { maxPayload: 64 * 1024 } });
`,
    // A ws client is not a server.
    `
import WebSocket from 'ws';
const ws = new WebSocket('wss://example.test');
ws.on('error', console.error);
`,
    // A higher ceiling.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 64 * 1024 * 1024 });
`,
      options: [{ ceiling: 128 * 1024 * 1024 }],
    },
  ],
  invalid: [
    // A NestJS gateway on the ws adapter (chosen in the bootstrap file, named in settings): its
    // decorator's options are a ws server's, with ws's 100 MiB default.
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
      errors: [{ messageId: 'missingMaxPayload', line: 5, suggestions: [{ messageId: 'setMaxPayload', output: `
import { WebSocketGateway, SubscribeMessage, type OnGatewayConnection } from '@nestjs/websockets';
import type { WebSocket } from 'ws';

@WebSocketGateway(8081, { path: '/events', maxPayload: 1024 * 1024 })
export class EventsGateway implements OnGatewayConnection {
  handleConnection(client: WebSocket) {
    client.send(JSON.stringify({ hello: true }));
  }

  @SubscribeMessage('echo')
  echo(client: WebSocket, data: unknown) {
    return data;
  }
}
` }] }],
    },
    // uWebSockets.js vendored into the application (its loader copied in as ../uws/uws.js) is still uWS.
    {
      code: `
import * as uws from '../uws/uws.js';

const app = uws.App();
app.ws('/*', {
  maxPayloadLength: 150 * 1024 * 1024,
  idleTimeout: 32,
  message: (ws, message) => ws.send(message),
});
app.listen('0.0.0.0', 8080, () => {});
`,
      filename: 'file.ts',
      errors: [
        { messageId: 'maxPayloadTooLarge', line: 6, suggestions: [] },
      ],
    },
    // Bun's default (16 MB) is above a ceiling set lower.
    {
      code: `
Bun.serve({
  fetch(req, server) {
    return server.upgrade(req) ? undefined : new Response('no');
  },
  websocket: {
    message(ws, message) {
      ws.send(message);
    },
  },
});
`,
      filename: 'file.js',
      options: [{ ceiling: 1024 * 1024 }],
      errors: [{ messageId: 'defaultMaxPayloadTooLarge', line: 2, column: 1, suggestions: [{ messageId: 'setMaxPayload', output: `
Bun.serve({
  fetch(req, server) {
    return server.upgrade(req) ? undefined : new Response('no');
  },
  websocket: {
    message(ws, message) {
      ws.send(message);
    },
    maxPayloadLength: 1024 * 1024,
  },
});
` }] }],
    },
    // Bun hooks given as methods bound to the class: still a Bun server.
    {
      code: `
class Hub {
  start() {
    Bun.serve({
      fetch(req, server) {
        return server.upgrade(req) ? undefined : new Response('no');
      },
      websocket: {
        open: this.onOpen.bind(this),
        message: this.onMessage.bind(this),
        maxPayloadLength: 64 * 1024 * 1024,
      },
    });
  }
  onOpen(ws) {
    ws.send('hello');
  }
  onMessage(ws, message) {
    ws.send(message);
  }
}
`,
      filename: 'file.js',
      errors: [{ messageId: 'maxPayloadTooLarge', line: 11, column: 9 }],
    },
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
`,
      errors: [
        {
          messageId: 'missingMaxPayload',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'setMaxPayload',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080, maxPayload: 1024 * 1024 });
`,
            },
          ],
        },
      ],
    },
    {
      // A multi-line options object with a trailing comma.
      code: `
const WebSocket = require('ws');
const wss = new WebSocket.Server({
  noServer: true,
  clientTracking: true,
});
`,
      errors: [
        {
          messageId: 'missingMaxPayload',
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: 'setMaxPayload',
              output: `
const WebSocket = require('ws');
const wss = new WebSocket.Server({
  noServer: true,
  clientTracking: true,
  maxPayload: 1024 * 1024,
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true, maxPayload: 0 });
`,
      errors: [
        {
          messageId: 'maxPayloadDisabled',
          line: 3,
          column: 51,
          endLine: 3,
          endColumn: 64,
          suggestions: [
            {
              messageId: 'setMaxPayload',
              output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { WebSocketServer } from 'ws';
const HUNDRED_MIB = 100 * 1024 * 1024;
const wss = new WebSocketServer({ noServer: true, maxPayload: HUNDRED_MIB });
`,
      errors: [{ messageId: 'maxPayloadTooLarge', line: 4, column: 51, data: { option: 'maxPayload', size: '100 MiB', ceiling: '16 MiB' }, suggestions: [] }],
    },
    {
      code: `
import { Server } from 'socket.io';
const io = new Server(httpServer, { maxHttpBufferSize: 1e8 });
`,
      errors: [{ messageId: 'maxPayloadTooLarge', line: 3, column: 37, data: { option: 'maxHttpBufferSize', size: '95.4 MiB', ceiling: '16 MiB' }, suggestions: [] }],
    },
    {
      code: `
import uWS from 'uWebSockets.js';
uWS.App().ws('/*', { maxPayloadLength: 64 * 1024 * 1024, message: (ws, message) => ws.send(message) });
`,
      errors: [{ messageId: 'maxPayloadTooLarge', line: 3, column: 22, endLine: 3, endColumn: 56, suggestions: [] }],
    },
    {
      // graphql-ws still runs on ws's 100 MiB default.
      code: `
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
const wsServer = new WebSocketServer({ server, path: '/graphql' });
useServer({ schema }, wsServer);
`,
      errors: [
        {
          messageId: 'missingMaxPayload',
          line: 4,
          column: 18,
          suggestions: [
            {
              messageId: 'setMaxPayload',
              output: `
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
useServer({ schema }, wsServer);
`,
            },
          ],
        },
      ],
    },
    {
      // @fastify/websocket with no options: the options argument is added.
      code: `
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
const fastify = Fastify();
fastify.register(websocket);
`,
      errors: [
        {
          messageId: 'missingMaxPayload',
          line: 5,
          column: 1,
          data: { framework: '@fastify/websocket', option: 'maxPayload', ceiling: '16 MiB' },
          suggestions: [
            {
              messageId: 'setMaxPayload',
              output: `
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
const fastify = Fastify();
fastify.register(websocket, { options: { maxPayload: 1024 * 1024 } });
`,
            },
          ],
        },
      ],
    },
    {
      // @fastify/websocket options without the ws `options` object.
      code: `
const fastify = require('fastify')();
fastify.register(require('@fastify/websocket'), { errorHandler });
`,
      errors: [
        {
          messageId: 'missingMaxPayload',
          line: 3,
          column: 1,
          suggestions: [
            {
              messageId: 'setMaxPayload',
              output: `
const fastify = require('fastify')();
fastify.register(require('@fastify/websocket'), { errorHandler, options: { maxPayload: 1024 * 1024 } });
`,
            },
          ],
        },
      ],
    },
    {
      // express-ws: the options are the third argument; with the server argument missing we do not guess.
      code: `
const express = require('express');
const app = express();
require('express-ws')(app);
`,
      errors: [{ messageId: 'missingMaxPayload', line: 4, column: 1, suggestions: [] }],
    },
    {
      code: `
import expressWs from 'express-ws';
expressWs(app, server, { wsOptions: { perMessageDeflate: false } });
`,
      errors: [
        {
          messageId: 'missingMaxPayload',
          line: 3,
          column: 1,
          suggestions: [
            {
              messageId: 'setMaxPayload',
              output: `
import expressWs from 'express-ws';
expressWs(app, server, { wsOptions: { perMessageDeflate: false, maxPayload: 1024 * 1024 } });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
`,
      errors: [
        {
          messageId: 'missingMaxPayload',
          line: 4,
          column: 13,
          suggestions: [
            {
              messageId: 'setMaxPayload',
              output: `
import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa(), { maxPayload: 1024 * 1024 });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Koa from 'koa';
import websocket from 'koa-easy-ws';
const app = new Koa();
app.use(websocket('ws', { wsOptions: { maxPayload: 0 } }));
`,
      errors: [
        {
          messageId: 'maxPayloadDisabled',
          line: 5,
          column: 40,
          suggestions: [
            {
              messageId: 'setMaxPayload',
              output: `
import Koa from 'koa';
import websocket from 'koa-easy-ws';
const app = new Koa();
app.use(websocket('ws', { wsOptions: { maxPayload: 1024 * 1024 } }));
`,
            },
          ],
        },
      ],
    },
  ],
});
