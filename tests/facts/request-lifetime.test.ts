// The request-lifetime topic of the socket model: which uses of a handler's request are bounded
// by the HTTP exchange instead of the socket.
import { describe, expect, it } from 'vitest';

import { findRequestLifetimeReuse } from '../../facts/request-lifetime.js';
import { handlersOf, parseEspreeModel, parseTsModel, textOf, type Parsed } from './helpers.js';

function summary(parsed: Parsed, options = {}): string[] {
  return findRequestLifetimeReuse(parsed.model, options).map(
    (f) => `${f.sink} ${f.framework} ${[textOf(parsed.text, f.source), ...f.sourceKeys].join('.')}${f.event ? ` '${f.event}'` : ''} @ ${textOf(parsed.text, f.node)}`,
  );
}

describe('request-lifetime: sinks', () => {
  it('ws: signal options, aliases, destructuring and AbortSignal.any of timeouts only', () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ noServer: true });
      wss.on('connection', (ws, req) => {
        const s = req.signal;
        const { signal } = req;
        watch({ signal: s });
        follow(signal);
        stream({ signal: AbortSignal.any([req.signal, AbortSignal.timeout(5)]) });
        other({ signal: AbortSignal.any([req.signal, mine.signal]) });
        console.log(req.signal);
        if (req.signal.aborted) ws.close();
      });`);
    expect(summary(parsed)).toEqual([
      'signal ws req.signal @ signal: s',
      'signal ws req.signal @ follow(signal)',
      'signal ws req.signal @ signal: AbortSignal.any([req.signal, AbortSignal.timeout(5)])',
    ]);
  });

  it('only request-end events count, on the request itself and never on req.socket', () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ noServer: true });
      wss.on('connection', (ws, req) => {
        for (const event of ['data']) req.on(event, f);
        req.on('end', f); req.prependOnceListener('aborted', f); req.on('error', f); req.on('readable', f);
        req.socket.on('close', f); req.connection.once('close', f);
      });`);
    expect(summary(parsed)).toEqual([
      "request-listener ws req 'end' @ req.on('end', f)",
      "request-listener ws req 'aborted' @ req.prependOnceListener('aborted', f)",
    ]);
  });

  it("'end' on a request whose body the same function reads is body reading; 'close' still counts", () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      const wss = new WebSocketServer({ noServer: true });
      wss.on('connection', (ws, req) => {
        req.resume();
        req.on('end', f);
        req.on('close', g);
      });`);
    expect(summary(parsed)).toEqual(["request-listener ws req 'close' @ req.on('close', g)"]);
  });

  it('follows the request into same-module helpers, naming it as the helper does', () => {
    const parsed = parseTsModel(`
      import { WebSocketServer } from 'ws';
      import { finished } from 'node:stream';
      const wss = new WebSocketServer({ noServer: true });
      const setup = (socket, incoming) => { finished(incoming, () => stop(socket)); };
      wss.on('connection', (ws, req) => setup(ws, req));`);
    expect(summary(parsed)).toEqual(['finish-helper ws incoming @ finished(incoming, () => stop(socket))']);
  });

  it('koa-easy-ws is not covered: its ctx.req does close with the socket', () => {
    const parsed = parseTsModel(`
      import Koa from 'koa';
      import websocket from 'koa-easy-ws';
      const app = new Koa();
      app.use(websocket());
      app.use(async (ctx) => { const ws = await ctx.ws(); ctx.req.on('close', () => ws.terminate()); });`);
    expect(handlersOf(parsed).map((h) => [h.framework, h.request])).toEqual([['koa-easy-ws', 'ctx']]);
    expect(summary(parsed)).toEqual([]);
  });

  it('Deno: only after Deno.upgradeWebSocket, in its block', () => {
    const parsed = parseTsModel(`
      Deno.serve((req) => {
        keepAlive({ signal: req.signal });
        if (req.headers.get('upgrade') !== 'websocket') { feed({ signal: req.signal }); return new Response('no'); }
        const { socket, response } = Deno.upgradeWebSocket(req);
        socket.onopen = () => feed({ signal: req.signal });
        return response;
      });`);
    expect(summary(parsed)).toEqual(['signal deno req.signal @ signal: req.signal']);
    expect(findRequestLifetimeReuse(parsed.model)[0]!.node.loc.start.line).toBe(6);
  });

  it('Bun: the model records fetch(req, server)\'s req as every hook\'s request; only data outlives fetch', () => {
    const parsed = parseTsModel(`
      Bun.serve({
        fetch(req, server) {
          poll({ signal: req.signal });
          server.upgrade(req, { data: { done: req.signal, signal: req.signal } });
        },
        websocket: { open(ws) {}, close(ws) {} },
      });`);
    expect(handlersOf(parsed).map((h) => [h.hookName, h.socket, h.request])).toEqual([
      ['open', 'ws', 'req'],
      ['close', 'ws', 'req'],
    ]);
    expect(summary(parsed)).toEqual(['signal bun req.signal @ done: req.signal', 'signal bun req.signal @ signal: req.signal']);
  });

  it('Bun: a fetch without a server parameter records no request', () => {
    const parsed = parseTsModel(`export default { fetch(req) { return new Response('x'); }, websocket: { open(ws) {} } };`);
    expect(handlersOf(parsed).map((h) => h.request)).toEqual([undefined]);
  });

  it('uWS: reads after an await or in deferred callbacks, not in synchronous ones', () => {
    const parsed = parseTsModel(`
      import uWS from 'uWebSockets.js';
      uWS.App().ws('/*', {
        upgrade: async (res, req, context) => {
          req.forEach((k, v) => log(k, v));
          res.cork(() => log(req.getUrl()));
          Promise.resolve().then(() => req.getMethod());
          await res.pending;
          log(req.getHeader('a'));
        },
      });`);
    expect(findRequestLifetimeReuse(parsed.model).map((f) => [f.sink, textOf(parsed.text, f.node), f.boundary])).toEqual([
      ['late-http-request', 'req.getMethod', 'inside a callback that runs later'],
      ['late-http-request', 'req.getHeader', 'after an await'],
    ]);
  });

  it('espree (plain JS) gives the same findings', () => {
    const code = `
      const { Server } = require('socket.io');
      const io = new Server(3000);
      io.on('connection', function (socket) {
        socket.request.once('close', () => socket.leave('x'));
      });`;
    const espree = parseEspreeModel(code, 'commonjs');
    expect(summary(espree)).toEqual(["request-listener socket.io socket.request 'close' @ socket.request.once('close', () => socket.leave('x'))"]);
  });
});
