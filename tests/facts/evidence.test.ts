// The text test in front of the model (facts/index.ts hasWebSocketEvidence): a file that fails it
// gets no model at all, so each cheap test put in front of a dearer one must be implied by it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { hasWebSocketEvidence } from '../../facts/index.js';
import { EVIDENCE_PATTERN, SEND_CALL_EVIDENCE, SOCKET_USE_EVIDENCE } from '../../facts/shapes.js';

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourcesUnder(full);
    return /\.(?:[cm]?[jt]sx?|vue|svelte)$/.test(name) ? [full] : [];
  });
}

describe('the evidence test', () => {
  it('tries the send pre-filter only where it is implied: every send the socket-use test finds, the pre-filter finds', () => {
    // The pre-filter is the socket-use test's send part without the receiver's name in front.
    const [, sendUse] = SOCKET_USE_EVIDENCE;
    expect(sendUse!.source.endsWith(SEND_CALL_EVIDENCE.source)).toBe(true);
    for (const text of ['ws.send(x)', 'socket . emit ( "a" )', 'client\n.send(\n1)', 'conn.emit(`x`)']) {
      expect(sendUse!.test(text)).toBe(true);
      expect(SEND_CALL_EVIDENCE.test(text)).toBe(true);
    }
  });

  it('gives the same answer with and without the pre-filter on the examples, fixtures and sources of this repository', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const files = ['examples', 'tests/fixtures', 'docs/rules', 'facts', 'checks'].flatMap((dir) => sourcesUnder(path.join(root, dir)));
    expect(files.length).toBeGreaterThan(50);
    let socketFilesByUse = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const byUse = SOCKET_USE_EVIDENCE.every((pattern) => pattern.test(text));
      if (byUse) socketFilesByUse++;
      if (byUse) expect(SEND_CALL_EVIDENCE.test(text), file).toBe(true);
      // Without the pre-filter: the library/shape pattern, or both socket-use tests.
      expect(hasWebSocketEvidence(text), file).toBe(EVIDENCE_PATTERN.test(text) || byUse);
    }
    expect(socketFilesByUse).toBeGreaterThan(0);
  });

  it('is false for a file that sends and listens on things not named like sockets, and true once they are', () => {
    const text = 'emitter.on("data", (d) => queue.send(d));';
    expect(hasWebSocketEvidence(text)).toBe(false);
    expect(hasWebSocketEvidence(text.replace('emitter', 'ws').replace('queue', 'ws'))).toBe(true);
  });
});
