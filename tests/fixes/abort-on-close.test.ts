/** abort-on-close (fixes/plans/abort-on-close.ts): the request's lifetime replaced by the socket's. */
import { describe, expect, it } from 'vitest';

import { findRequestLifetimeReuse } from '../../facts/request-lifetime.js';
import { planAbortOnClose } from '../../fixes/plans/abort-on-close.js';
import { parseTsModel } from '../facts/helpers.js';
import { applyDraft } from './helpers.js';

describe('planAbortOnClose', () => {
  it('one plan for all findings of a handler: one controller, every signal replaced, listeners moved', () => {
    const code = `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const { signal } = req;
  watch({ signal });
  tail(req.signal);
  req.on('close', () => log('bye'));
});
`;
    const parsed = parseTsModel(code);
    const findings = findRequestLifetimeReuse(parsed.model);
    expect(findings).toHaveLength(3);
    expect(applyDraft(parsed.model, planAbortOnClose(parsed.model, findings))).toBe(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const ac = new AbortController();
  ws.once('close', () => ac.abort());
  const { signal } = req;
  watch({ signal: ac.signal });
  tail(ac.signal);
  ws.on('close', () => log('bye'));
});
`);
  });

  it('an expression-bodied listener becomes a block (its value was ignored) with the replacement in it', () => {
    const code = `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => watch({ signal: req.signal }));
`;
    const parsed = parseTsModel(code);
    expect(applyDraft(parsed.model, planAbortOnClose(parsed.model, findRequestLifetimeReuse(parsed.model)))).toBe(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => {
  const ac = new AbortController();
  ws.once('close', () => ac.abort());
  watch({ signal: ac.signal });
});
`);
  });

  it('no plan when a finding has no safe edit, nor for findings of different handlers', () => {
    const code = `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => { watch({ signal: req.signal }); req.on('close', (had) => log(had)); });
wss.on('connection', (ws2, req2) => { watch({ signal: req2.signal }); });
`;
    const parsed = parseTsModel(code);
    const findings = findRequestLifetimeReuse(parsed.model);
    expect(findings).toHaveLength(3);
    expect(planAbortOnClose(parsed.model, findings.slice(0, 2))).toBeUndefined();
    expect(planAbortOnClose(parsed.model, [findings[0]!, findings[2]!])).toBeUndefined();
    expect(planAbortOnClose(parsed.model, [findings[0]!])).toBeDefined();
  });
});
