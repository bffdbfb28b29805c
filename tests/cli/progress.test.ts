// The progress bar of long fix runs: drawn on a terminal only (the CLI passes no writer
// otherwise), at most ten times a second, always at the last file, and cleared at the end.
import { afterEach, describe, expect, it, vi } from 'vitest';

import { Progress } from '../../cli/progress.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Progress', () => {
  it('draws files done / total at most every 100 ms, the last file always, then clears its line', () => {
    vi.useFakeTimers();
    const drawn: string[] = [];
    const progress = new Progress(3, (text) => drawn.push(text));
    progress.tick(); // t = 0: the first draw
    vi.advanceTimersByTime(50);
    progress.tick(); // 50 ms later: skipped
    vi.advanceTimersByTime(10);
    progress.tick(); // the last file: drawn whatever the time
    progress.done();
    expect(drawn).toHaveLength(3);
    expect(drawn[0]).toContain('1/3 files');
    expect(drawn[1]).toBe(`\r[${'#'.repeat(30)}] 3/3 files`);
    expect(drawn[2]).toMatch(/^\r +\r$/);
  });

  it('writes nothing without a terminal', () => {
    const progress = new Progress(2, undefined);
    progress.tick();
    progress.tick();
    expect(() => progress.done()).not.toThrow();
  });
});
