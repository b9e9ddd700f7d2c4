// EventRecorder: core/v1 Events the way client-go's recorder writes them, so `kubectl
// describe` tells the story. Identical events (same object, type, reason, message, source)
// are aggregated into one Event whose count and lastTimestamp grow. Writes are fire-and-forget
// (an event must never fail the reconcile that reports it) through a small queue with a few
// writers, so a burst of events (10,000 "Scheduled") never crowds out the writes that matter;
// like client-go's broadcaster, events beyond the queue's bound are dropped. Not implemented: the
// "similar events" spam filter and events.k8s.io/v1 series.
import type { KubeObject } from '../api/types';
import type { ApiClient } from './types';

export type EventType = 'Normal' | 'Warning';

const CACHE_MAX = 4096;
const QUEUE_MAX = 20_000;
const WRITERS = 4;
let seq = 0;

/** Epoch milliseconds with a fraction, so two happenings in one millisecond keep their order. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number; first: string }>();
  private pending: Array<() => Promise<void>> = [];
  private head = 0;
  private writers = 0;

  constructor(
    private readonly client: ApiClient,
    readonly component: string,
    private readonly log: (l: string) => void = () => {},
    readonly host?: string,
  ) {}

  /** `at`: when it happened (ms, default now), not when the queued write runs: describe orders events by it. */
  event(obj: KubeObject, type: EventType, reason: string, message: string, at = preciseNow()): void {
    if (this.pending.length - this.head >= QUEUE_MAX) return;
    this.pending.push(() => this.record(obj, type, reason, message, at).catch((err) => this.log(`event ${reason} for ${obj.metadata.name}: ${(err as Error).message}`)));
    this.drain();
  }

  private drain(): void {
    while (this.writers < WRITERS && this.head < this.pending.length) {
      const job = this.pending[this.head++];
      if (this.head === this.pending.length) { this.pending = []; this.head = 0; }
      this.writers++;
      void job().finally(() => { this.writers--; this.drain(); });
    }
  }

  /** Resolves when every queued event has been written (tests). */
  async flush(): Promise<void> {
    while (this.head < this.pending.length || this.writers) await new Promise((r) => setTimeout(r, 2));
  }

  /** Same as event() but resolves when written (tests). */
  async record(obj: KubeObject, type: EventType, reason: string, message: string, at = preciseNow()): Promise<void> {
    const m = obj.metadata;
    const namespace = m.namespace || 'default';
    const key = [obj.kind, namespace, m.name, m.uid, type, reason, message].join('\u0000');
    const now = new Date(Math.floor(at)).toISOString().replace(/\.\d+Z$/, 'Z');
    const prev = this.seen.get(key);
    if (prev) {
      prev.count++;
      try {
        await this.client.patch('events', prev.namespace, prev.name, 'merge', { count: prev.count, lastTimestamp: now });
        return;
      } catch {
        this.seen.delete(key); // gone (TTL, namespace deleted): start a new one
      }
    }
    // Named for the happening's time too, as client-go does: a list in name order is in time order.
    // Microseconds, then a process-wide sequence: unique, and in name order = in time order.
    const name = `${m.name}.${Math.floor(at * 1000).toString(16)}${(seq++ % 4096).toString(16).padStart(3, '0')}`;
    const ev: KubeObject = {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion, kind: obj.kind, namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion,
      },
      reason, message, type,
      source: this.host ? { component: this.component, host: this.host } : { component: this.component },
      firstTimestamp: now, lastTimestamp: now, count: 1,
      reportingComponent: this.component, reportingInstance: this.host ?? '',
    };
    if (this.seen.size >= CACHE_MAX) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, { name, namespace, count: 1, first: now });
    await this.client.create('events', namespace, ev);
  }
}
