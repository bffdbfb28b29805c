// The dry run's unified diff is meant to be applied (`git apply`, `patch -p1`): pairs of texts
// made by random line edits (a seeded generator, so a failure repeats) must round-trip through
// git apply, including files without a final newline and empty ones.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { unifiedDiff } from '../../cli/diff.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'websocket-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Mulberry32: small, seeded, good enough to shuffle lines. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function editedPair(next: () => number): [string, string] {
  const pick = (n: number) => Math.floor(next() * n);
  const before = Array.from({ length: pick(40) }, () => `line ${pick(6)}`);
  const after = [...before];
  for (let edit = pick(8); edit > 0; edit--) {
    const at = pick(after.length + 1);
    const kind = next();
    if (kind < 0.4) after.splice(at, 0, `new ${pick(6)}`);
    else if (kind < 0.8 && after.length > 0) after.splice(Math.min(at, after.length - 1), 1);
    else if (after.length > 0) after[Math.min(at, after.length - 1)] = `changed ${edit}`;
  }
  const ending = () => (next() < 0.2 ? '' : '\n');
  return [before.length > 0 ? before.join('\n') + ending() : '', after.length > 0 ? after.join('\n') + ending() : ''];
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'a/f', 'b/f')).toBe('');
  });

  it('marks a missing final newline as diff does', () => {
    expect(unifiedDiff('a\n', 'a', 'a/f', 'b/f')).toBe('--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a\n+a\n\\ No newline at end of file\n');
  });

  it('round-trips 300 random edits through git apply', () => {
    const next = random(20261129);
    const file = path.join(dir, 'file.txt');
    const patch = path.join(dir, 'change.diff');
    let applied = 0;
    for (let trial = 0; trial < 300; trial++) {
      const [before, after] = editedPair(next);
      const diff = unifiedDiff(before, after, 'a/file.txt', 'b/file.txt');
      if (before === after) {
        expect(diff).toBe('');
        continue;
      }
      writeFileSync(file, before);
      writeFileSync(patch, diff);
      execFileSync('git', ['apply', 'change.diff'], { cwd: dir, stdio: 'pipe' });
      expect(readFileSync(file, 'utf8'), `trial ${trial}:\n${diff}`).toBe(after);
      applied++;
    }
    expect(applied).toBeGreaterThan(250);
  });
});
