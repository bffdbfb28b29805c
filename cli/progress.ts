/** A progress bar on stderr for long runs, drawn only on a terminal and at most ten times a second. */
const WIDTH = 30;

export class Progress {
  private finished = 0;
  private lastDrawn = 0;

  constructor(
    private readonly total: number,
    private readonly write: ((text: string) => void) | undefined,
  ) {}

  tick(): void {
    this.finished++;
    const now = Date.now();
    if (!this.write || (now - this.lastDrawn < 100 && this.finished < this.total)) return;
    this.lastDrawn = now;
    const filled = this.total === 0 ? WIDTH : Math.round((this.finished / this.total) * WIDTH);
    this.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${this.finished}/${this.total} files`);
  }

  /** Clears the bar's line. */
  done(): void {
    if (this.write && this.lastDrawn > 0) this.write(`\r${' '.repeat(WIDTH + 30)}\r`);
  }
}
