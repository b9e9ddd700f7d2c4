// Watch fan-out. A watcher first gets the history after its start revision, then live events,
// each exactly once and in revision order: every watcher keeps a cursor (the last revision it
// has seen) and publish(rev) hands it the history entries between its cursor and rev. Only
// durable writes are published, so a watcher never sees a write that a crash could undo.
// Replay happens synchronously inside watch(); what is deliberately absent: bookmarks and
// per-watcher buffering (the API server's watch cache owns slow-consumer handling).
import { StoreError, type StoreEvent, type WatchSubscription } from './types';
import type { Mvcc } from './mvcc';

interface Watcher {
  prefix: string;
  cursor: number;
  onEvent: (e: StoreEvent) => void;
  stopped: boolean;
}

export class Watchers {
  private readonly active = new Set<Watcher>();
  /** Highest revision known to be on disk. */
  durableRevision = 0;

  constructor(private readonly mvcc: Mvcc) {}

  watch(prefix: string, fromRevision: number, onEvent: (e: StoreEvent) => void): WatchSubscription {
    if (fromRevision < this.mvcc.compactedRevision) {
      throw new StoreError('Expired', `too old resource version: ${fromRevision} (${this.mvcc.compactedRevision})`);
    }
    const w: Watcher = { prefix, cursor: fromRevision, onEvent, stopped: false };
    const sub = { stop: () => { w.stopped = true; this.active.delete(w); } };
    this.deliver(w, this.durableRevision);
    if (!w.stopped) this.active.add(w);
    return sub;
  }

  publish(revision: number): void {
    if (revision <= this.durableRevision) return;
    this.durableRevision = revision;
    for (const w of this.active) this.deliver(w, revision);
  }

  get count(): number {
    return this.active.size;
  }

  stopAll(): void {
    this.active.clear();
  }

  private deliver(w: Watcher, upTo: number): void {
    if (w.cursor >= upTo) return;
    const h = this.mvcc.history;
    for (let i = this.mvcc.historyIndexAfter(w.cursor); i < h.length && h[i].revision <= upTo; i++) {
      const e = h[i];
      w.cursor = e.revision;
      if (!e.key.startsWith(w.prefix)) continue;
      try {
        w.onEvent(e);
      } catch {
        // A consumer's bug must not stop delivery to the others.
      }
      if (w.stopped) return;
    }
    w.cursor = upTo;
  }
}
