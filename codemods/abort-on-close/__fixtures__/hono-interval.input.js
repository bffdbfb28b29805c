import { Hono } from 'hono';
import { upgradeWebSocket } from 'hono/cloudflare-workers';

const app = new Hono();

app.get(
  '/clock',
  upgradeWebSocket((c) => {
    const zone = c.req.query('zone') ?? 'UTC';
    let clock;
    return {
      onOpen(_event, ws) {
        clock = setInterval(() => ws.send(new Date().toLocaleString('en-GB', { timeZone: zone })), 1000);
      },
      onClose() {
        console.log('clock closed');
      },
    };
  }),
);

export default app;
