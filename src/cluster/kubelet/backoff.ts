// The kubelet's crash-loop and image-pull back-off: per key (pod uid / container), the delay
// starts at `base` and doubles after each failure up to `max` (10 s → 5 min in Kubernetes);
// a key left alone for 2 × max is forgotten, as in client-go's flowcontrol.Backoff.
export class Backoff {
  private entries = new Map<string, { delayMs: number; until: number; last: number }>();

  constructor(readonly baseMs = 10_000, readonly maxMs = 300_000, private now = () => Date.now()) {}

  /** Records a failure; returns the delay before the next attempt. */
  next(key: string): number {
    const t = this.now();
    const e = this.entries.get(key);
    const delayMs = !e || t - e.last > 2 * this.maxMs ? this.baseMs : Math.min(e.delayMs * 2, this.maxMs);
    this.entries.set(key, { delayMs, until: t + delayMs, last: t });
    return delayMs;
  }

  /** Milliseconds left before `key` may be retried (0: go ahead). */
  remaining(key: string): number {
    const e = this.entries.get(key);
    return e ? Math.max(0, e.until - this.now()) : 0;
  }

  /** The current delay for messages like "back-off 20s restarting failed container". */
  delay(key: string): number {
    return this.entries.get(key)?.delayMs ?? this.baseMs;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  forgetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
