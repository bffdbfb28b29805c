/**
 * settings.websocket.autofix: off by default (every fix is a suggestion); on, `eslint --fix`
 * applies exactly the fixes the rules mark as safe unreviewed, and nothing else.
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../index.js';

const code = `import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
wss.on('connection', (ws) => {
  const timer = setInterval(() => ws.ping(), 1000);
});
new Server(3000).on('connection', (socket) => {
  socket.on('close', () => console.log('gone'));
});
`;

function fix(settings: Record<string, unknown>): Linter.FixReport {
  return new Linter().verifyAndFix(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, settings, ...plugin.configs.recommended }],
    { filename: 'server.ts' },
  );
}

describe('settings.websocket.autofix', () => {
  it('off (the default): --fix changes nothing, every fix stays a suggestion', () => {
    const report = fix({});
    expect(report.fixed).toBe(false);
    expect(report.output).toBe(code);
    expect(report.messages.map((m) => m.ruleId)).toEqual(
      expect.arrayContaining(['websocket/require-error-listener', 'websocket/require-close-cleanup', 'websocket/require-idle-timeout']),
    );
  });

  it('on: --fix adds the logging error listener and renames the never-fired close event, and leaves the rest as suggestions', () => {
    const report = fix({ websocket: { autofix: true } });
    expect(report.fixed).toBe(true);
    expect(report.output).toBe(`import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
wss.on('connection', (ws) => {
  ws.on('error', (error: Error) => {
    console.error('WebSocket error:', error);
  });
  const timer = setInterval(() => ws.ping(), 1000);
});
new Server(3000).on('connection', (socket) => {
  socket.on('disconnect', () => console.log('gone'));
});
`);
    // What --fix must not apply: the interval's release (the interval pings and never terminates: a finding without a fix).
    const left = report.messages.map((m) => `${m.ruleId}/${m.messageId}`);
    expect(left).toEqual(expect.arrayContaining(['websocket/require-close-cleanup/unreleased', 'websocket/require-idle-timeout/heartbeatNeverTerminates']));
    expect(report.messages.every((m) => m.fix === undefined)).toBe(true);
  });
});
