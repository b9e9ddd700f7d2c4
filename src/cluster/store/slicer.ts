// Long loops (loading, snapshotting) run in slices of a few ms with setImmediate between them,
// so timers, I/O and other requests keep running: the extension host must never look frozen.
import { performance } from 'node:perf_hooks';

export class Slicer {
  private started = performance.now();
  constructor(private readonly budgetMs = 8) {}

  /** Whether the current slice has used its budget. */
  due(): boolean {
    return performance.now() - this.started >= this.budgetMs;
  }

  /** Yields to the event loop once the current slice has used its budget. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.started < this.budgetMs) return;
    await new Promise<void>((r) => setImmediate(r));
    this.started = performance.now();
  }
}
