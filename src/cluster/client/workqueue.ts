// WorkQueue: client-go's rate-limited work queue. A key is queued at most once (dirty set);
// a key being processed is not handed to a second worker: if it is added meanwhile it is
// queued again when done() is called. addRateLimited delays by the larger of a per-item
// exponential backoff (5 ms doubling up to 1000 s) and an overall token bucket (10/s, burst
// 100), exactly the default controller rate limiter's shape.
//
// Not implemented: metrics, the "fast-slow" limiter.

export interface WorkQueueOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  bucketQps?: number;
  bucketBurst?: number;
}

export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  private head = 0;
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly failures = new Map<K, number>();
  private readonly timers = new Map<K, { at: number; t: NodeJS.Timeout }>();
  private waiters: Array<(k: K | undefined) => void> = [];
  private shuttingDown = false;
  private readonly baseDelay: number;
  private readonly maxDelay: number;
  private readonly qps: number;
  private readonly burst: number;
  private tokens: number;
  private last = Date.now();

  constructor(opts: WorkQueueOptions = {}) {
    this.baseDelay = opts.baseDelayMs ?? 5;
    this.maxDelay = opts.maxDelayMs ?? 1_000_000;
    this.qps = opts.bucketQps ?? 10;
    this.burst = opts.bucketBurst ?? 100;
    this.tokens = this.burst;
  }

  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const w = this.waiters.shift();
    if (w) { this.dirty.delete(key); this.processing.add(key); w(key); return; }
    this.queue.push(key);
  }

  /** Adds after a delay; an earlier pending delay for the same key wins (as client-go's delaying queue). */
  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) { this.add(key); return; }
    const at = Date.now() + ms;
    const prev = this.timers.get(key);
    if (prev && prev.at <= at) return;
    if (prev) clearTimeout(prev.t);
    const t = setTimeout(() => { this.timers.delete(key); this.add(key); }, ms);
    this.timers.set(key, { at, t });
  }

  addRateLimited(key: K): void {
    this.addAfter(key, this.when(key));
  }

  /** The delay addRateLimited would use now (and counts one more failure for the key). */
  when(key: K): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const item = Math.min(this.baseDelay * 2 ** n, this.maxDelay);
    return Math.max(item, this.bucketDelay());
  }

  private bucketDelay(): number {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  forget(key: K): void { this.failures.delete(key); }

  numRequeues(key: K): number { return this.failures.get(key) ?? 0; }

  /** Resolves with the next key, or undefined once the queue is shut down. Call done(key) after. */
  get(): Promise<K | undefined> {
    if (this.head < this.queue.length) {
      const k = this.queue[this.head++];
      if (this.head > 1024 && this.head * 2 > this.queue.length) { this.queue.splice(0, this.head); this.head = 0; }
      this.dirty.delete(k);
      this.processing.add(k);
      return Promise.resolve(k);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      this.add(key);
    }
  }

  get length(): number { return this.queue.length - this.head; }

  shutDown(): void {
    this.shuttingDown = true;
    for (const { t } of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const ws = this.waiters; this.waiters = [];
    for (const w of ws) w(undefined);
  }

  get isShuttingDown(): boolean { return this.shuttingDown; }
}
