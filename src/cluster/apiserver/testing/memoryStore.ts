// An in-memory Store (src/cluster/store/types.ts contract) for API server tests and the
// benchmark until/unless a sql.js store is given. Implements revisions, CAS, prefix lists
// with limit/continue, a watch log with compaction. Not durable: writes resolve at once.
import { StoreError, type ListResult, type Store, type StoreEvent, type StoredObject, type WatchSubscription } from '../../store/types';
import { cloneJson } from '../patch/json';

interface Watcher { prefix: string; fn: (e: StoreEvent) => void }

export class MemoryStore implements Store {
  revision = 1;
  compactedRevision = 0;
  private objects = new Map<string, StoredObject>();
  private sorted: string[] | undefined;
  private log: StoreEvent[] = [];
  private watchers = new Set<Watcher>();
  private closed = false;

  get(key: string): StoredObject | undefined {
    return this.objects.get(key);
  }

  list(prefix: string, opts: { limit?: number; continue?: string; revision?: number } = {}): ListResult {
    if (!this.sorted) this.sorted = [...this.objects.keys()].sort();
    const keys = this.sorted;
    let lo = 0, hi = keys.length;
    const start = opts.continue ? opts.continue + '\0' : prefix;
    while (lo < hi) { const m = (lo + hi) >> 1; if (keys[m] < start) lo = m + 1; else hi = m; }
    const items: StoredObject[] = [];
    let i = lo;
    for (; i < keys.length && keys[i].startsWith(prefix); i++) {
      if (opts.limit && items.length >= opts.limit) break;
      items.push(this.objects.get(keys[i])!);
    }
    const res: ListResult = { items, revision: this.revision };
    if (i < keys.length && keys[i].startsWith(prefix) && items.length) {
      res.continue = items[items.length - 1].key;
      let rem = 0;
      for (let j = i; j < keys.length && keys[j].startsWith(prefix); j++) rem++;
      res.remaining = rem;
    }
    return res;
  }

  async create(key: string, value: any): Promise<StoredObject> {
    this.check();
    if (this.objects.has(key)) throw new StoreError('AlreadyExists', `key ${key} exists`, key);
    const rev = ++this.revision;
    const v = stamp(value, rev);
    const so: StoredObject = { key, value: v, createRevision: rev, modRevision: rev };
    this.objects.set(key, so);
    this.sorted = undefined;
    this.emit({ type: 'ADDED', key, revision: rev, value: v });
    return so;
  }

  async update(key: string, value: any, expectedRevision?: number): Promise<StoredObject> {
    this.check();
    const cur = this.objects.get(key);
    if (!cur) throw new StoreError('NotFound', `key ${key} not found`, key);
    if (expectedRevision !== undefined && cur.modRevision !== expectedRevision) throw new StoreError('Conflict', `key ${key} modified`, key, cur);
    const rev = ++this.revision;
    const v = stamp(value, rev);
    const so: StoredObject = { key, value: v, createRevision: cur.createRevision, modRevision: rev };
    this.objects.set(key, so);
    this.emit({ type: 'MODIFIED', key, revision: rev, value: v, prevValue: cur.value });
    return so;
  }

  async delete(key: string, expectedRevision?: number): Promise<StoredObject> {
    this.check();
    const cur = this.objects.get(key);
    if (!cur) throw new StoreError('NotFound', `key ${key} not found`, key);
    if (expectedRevision !== undefined && cur.modRevision !== expectedRevision) throw new StoreError('Conflict', `key ${key} modified`, key, cur);
    const rev = ++this.revision;
    this.objects.delete(key);
    this.sorted = undefined;
    const v = stamp(cur.value, rev);
    this.emit({ type: 'DELETED', key, revision: rev, value: v, prevValue: cur.value });
    return { key, value: v, createRevision: cur.createRevision, modRevision: rev };
  }

  watch(prefix: string, fromRevision: number, onEvent: (e: StoreEvent) => void): WatchSubscription {
    if (fromRevision < this.compactedRevision) throw new StoreError('Expired', `revision ${fromRevision} compacted`);
    for (const e of this.log) if (e.revision > fromRevision && e.key.startsWith(prefix)) onEvent(e);
    const w: Watcher = { prefix, fn: onEvent };
    this.watchers.add(w);
    return { stop: () => { this.watchers.delete(w); } };
  }

  async compact(revision: number): Promise<void> {
    this.log = this.log.filter((e) => e.revision > revision);
    this.compactedRevision = Math.max(this.compactedRevision, revision);
  }

  async saveSnapshot(): Promise<{ revision: number; bytes: number }> {
    return { revision: this.revision, bytes: 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watchers.clear();
  }

  private emit(e: StoreEvent): void {
    this.log.push(e);
    if (this.log.length > 50_000) void this.compact(this.log[10_000].revision);
    for (const w of [...this.watchers]) if (e.key.startsWith(w.prefix)) w.fn(e);
  }

  private check(): void {
    if (this.closed) throw new StoreError('Closed', 'store closed');
  }
}

function stamp(value: any, rev: number): any {
  const v = cloneJson(value);
  v.metadata = { ...(v.metadata ?? {}), resourceVersion: String(rev) };
  return v;
}
