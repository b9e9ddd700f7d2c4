// The hot state of the store, all in memory: the current object per key (a Map plus a sorted
// key array for prefix lists), and the event history since the compacted revision, which
// serves watches from an old revision and lists at an old revision (undo the newer events).
// Durability is not here (journal.ts, snapshot.ts); neither is the watch fan-out (watchers.ts).
import { StoreError, type ListResult, type StoreEvent, type StoredObject } from './types';

/** One write in the history: the StoreEvent plus the object states around it. */
export interface HistoryEntry extends StoreEvent {
  /** The key's state after the write; undefined for DELETED. */
  obj?: StoredObject;
  /** The key's state before the write; undefined for ADDED. */
  prev?: StoredObject;
  /** Wall-clock ms, for the age-based compaction policy. */
  time: number;
}

export class Mvcc {
  revision = 0;
  compactedRevision = 0;
  readonly current = new Map<string, StoredObject>();
  /** Sorted keys of `current`: lists walk a key range instead of scanning everything. */
  private readonly keys: string[] = [];
  /** History entries with revision > compactedRevision, in revision order. */
  history: HistoryEntry[] = [];

  /** Applies one write (its revision must be the next one) and records it in the history. */
  apply(e: HistoryEntry): void {
    if (e.revision !== this.revision + 1) throw new Error(`revision ${e.revision} out of order after ${this.revision}`);
    this.revision = e.revision;
    if (e.obj) {
      if (!this.current.has(e.key)) this.keys.splice(lowerBound(this.keys, e.key), 0, e.key);
      this.current.set(e.key, e.obj);
    } else {
      this.current.delete(e.key);
      const i = lowerBound(this.keys, e.key);
      if (this.keys[i] === e.key) this.keys.splice(i, 1);
    }
    this.history.push(e);
  }

  /** Loads a current object without history (from a snapshot's rows at or below its compacted revision). */
  seed(obj: StoredObject): void {
    this.current.set(obj.key, obj);
  }

  /** After seeding: sort the keys once. */
  reindex(): void {
    this.keys.length = 0;
    for (const k of this.current.keys()) this.keys.push(k);
    this.keys.sort(compare);
  }

  /** Index of the first history entry with revision > rev. */
  historyIndexAfter(rev: number): number {
    const h = this.history;
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (h[mid].revision <= rev) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Drops history at or below rev (rev is clamped to the current revision). */
  compact(rev: number): void {
    rev = Math.min(rev, this.revision);
    if (rev <= this.compactedRevision) return;
    this.history = this.history.slice(this.historyIndexAfter(rev));
    this.compactedRevision = rev;
  }

  list(prefix: string, opts: { limit?: number; continue?: string; revision?: number } = {}): ListResult {
    let revision = opts.revision && opts.revision > 0 ? opts.revision : this.revision;
    let start = prefix;
    if (opts.continue) {
      const token = decodeContinue(opts.continue);
      if (!token.start.startsWith(prefix)) throw new Error('continue key is not valid: it belongs to another list');
      revision = token.rv;
      start = token.start;
    }
    if (revision < this.compactedRevision) {
      throw new StoreError('Expired', `The provided revision ${revision} has been compacted (oldest available: ${this.compactedRevision})`);
    }
    if (revision > this.revision) {
      // Kubernetes answers "Too large resource version" (504, retry): the caller maps it.
      throw new Error(`Too large resource version: ${revision}, current: ${this.revision}`);
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    return revision === this.revision
      ? this.listCurrent(prefix, start, limit, revision)
      : this.listPast(prefix, start, limit, revision);
  }

  private listCurrent(prefix: string, start: string, limit: number, revision: number): ListResult {
    const from = lowerBound(this.keys, start);
    const end = lowerBound(this.keys, prefixEnd(prefix), from);
    const stop = Math.min(end, from + Math.min(limit, end - from));
    const items: StoredObject[] = [];
    for (let i = from; i < stop; i++) items.push(this.current.get(this.keys[i])!);
    return page(items, revision, end - stop);
  }

  /** The state at `revision`: current objects, with every key touched since replaced by its state then. */
  private listPast(prefix: string, start: string, limit: number, revision: number): ListResult {
    const then = new Map<string, StoredObject | undefined>();
    for (let i = this.historyIndexAfter(revision); i < this.history.length; i++) {
      const e = this.history[i];
      if (e.key >= start && e.key.startsWith(prefix) && !then.has(e.key)) then.set(e.key, e.prev);
    }
    const changed = [...then.keys()].sort(compare);
    const from = lowerBound(this.keys, start);
    const end = lowerBound(this.keys, prefixEnd(prefix), from);
    const items: StoredObject[] = [];
    let remaining = 0;
    let i = from;
    let j = 0;
    while (i < end || j < changed.length) {
      let key: string;
      if (j >= changed.length || (i < end && this.keys[i] < changed[j])) key = this.keys[i++];
      else { key = changed[j++]; if (i < end && this.keys[i] === key) i++; }
      const obj = then.has(key) ? then.get(key) : this.current.get(key);
      if (!obj) continue;
      if (items.length < limit) items.push(obj); else remaining++;
    }
    return page(items, revision, remaining);
  }
}

function page(items: StoredObject[], revision: number, remaining: number): ListResult {
  const r: ListResult = { items, revision };
  if (remaining > 0 && items.length > 0) {
    r.continue = encodeContinue(revision, items[items.length - 1].key + '\u0000');
    r.remaining = remaining;
  }
  return r;
}

/** The same shape as the Kubernetes API server's continue token (base64 JSON). */
export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

export function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (t.v === 'meta.k8s.io/v1' && Number.isInteger(t.rv) && typeof t.start === 'string') return t;
  } catch { /* fall through */ }
  // A bad request, not an expiry: the API server answers 400 for it.
  throw new Error('continue key is not valid');
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function lowerBound(arr: string[], key: string, lo = 0): number {
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < key) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The smallest string greater than every string with this prefix. */
function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}

/** Where a stored object keeps its JSON text until its value is first read. */
const RAW = Symbol('raw json');

/**
 * A StoredObject whose value is parsed on first read. Cold start and writes keep the JSON
 * text they have anyway (journal line, snapshot row) and most superseded versions are never
 * parsed at all. `value` is an own enumerable getter, so spreading or JSON.stringify of the
 * object still sees it.
 */
export function storedObject(key: string, createRevision: number, modRevision: number, json: string | Uint8Array): StoredObject {
  // Bytes (a slice of a journal or snapshot read) stay off the JS heap until read: a cold
  // start then leaves the garbage collector little to copy.
  let source: string | Uint8Array | undefined = json;
  let parsed: any;
  return {
    key, createRevision, modRevision,
    get value() {
      if (source !== undefined) { parsed = JSON.parse(textOf(source)); source = undefined; }
      return parsed;
    },
    [RAW]: () => (source !== undefined ? textOf(source) : JSON.stringify(parsed)),
  } as StoredObject;
}

function textOf(s: string | Uint8Array): string {
  return typeof s === 'string' ? s : Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('utf8');
}

/** The object's JSON text, without parsing it if it was never read. */
export function jsonOf(o: StoredObject): string {
  const raw = (o as any)[RAW];
  return raw ? raw() : JSON.stringify(o.value);
}

/** A journaled write: revision, c(reate)/u(pdate)/d(elete), key, create revision, value JSON (not on delete). */
export interface Write { r: number; t: 'c' | 'u' | 'd'; k: string; c: number; vj?: string | Uint8Array }

/** The history entry of one write; `prev` is the key's state before it. Values are read lazily from the objects. */
export function entryFor(j: Write, prev: StoredObject | undefined): HistoryEntry {
  const time = Date.now();
  if (j.t === 'd') {
    let value: any;
    return {
      type: 'DELETED', key: j.k, revision: j.r, prev, time,
      get value() { return (value ??= withResourceVersion(prev!.value, j.r)); },
      get prevValue() { return prev!.value; },
    };
  }
  const obj = storedObject(j.k, j.c, j.r, j.vj!);
  if (j.t === 'c') {
    return { type: 'ADDED', key: j.k, revision: j.r, obj, time, get value() { return obj.value; } };
  }
  return {
    type: 'MODIFIED', key: j.k, revision: j.r, obj, prev, time,
    get value() { return obj.value; },
    get prevValue() { return prev!.value; },
  };
}

export function withResourceVersion(value: any, rev: number): any {
  return { ...value, metadata: { ...(value?.metadata ?? {}), resourceVersion: String(rev) } };
}
