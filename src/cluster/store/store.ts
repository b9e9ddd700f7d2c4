// The durable store (the Store contract of types.ts), in place of etcd.
//
// Design, in short:
// - Hot state in memory (mvcc.ts): current objects in a Map with a sorted key index, and the
//   event history since the compacted revision. Reads never touch SQLite or the disk, which
//   is what lets the API server answer thousands of GETs a second. Values are kept as the
//   JSON text/bytes they arrived in and parsed on first read (mvcc.storedObject).
// - A write is checked (compare-and-swap on modRevision), given the next revision (written into
//   metadata.resourceVersion), applied in memory and appended to the journal (journal.ts);
//   it resolves, and watchers see it, only once the journal's group-committed fdatasync is done.
//   Reads may see a write a fraction of a millisecond before that; a crash in that window
//   loses a write nobody was told had succeeded.
// - The journal is bounded by snapshots (snapshot.ts, snapshotWriter.ts): after
//   max(snapshotEvery, object count) writes the journal is rotated and the state at that
//   revision is written as a kine-shaped SQLite file, built on a worker thread (this thread
//   only serializes values, a few ms at a time). Then older snapshots and journals are
//   deleted. SQLite is the format of record on disk: a snapshot opens in any sqlite3.
// - Compaction drops history older than `retainMs` (5 min, like the API server's compaction
//   interval) or beyond `maxHistory` events; watches and lists older than that answer Expired.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Mvcc, entryFor, type HistoryEntry, type Write } from './mvcc';
import { Watchers } from './watchers';
import { JournalWriter, encodeLine } from './journal';
import type { SnapshotContent } from './snapshot';
import { writeSnapshot } from './snapshotWriter';
import { journalName, snapshotName, scan } from './files';
import { StoreError, type ListResult, type Store, type StoreEvent, type StoredObject, type WatchSubscription } from './types';

export interface StoreOptions {
  /** Journal entries after which a snapshot is taken in the background (or the object count, if higher). Default 10,000. */
  snapshotEvery?: number;
  /** History kept for watches and old-revision lists, in ms. Default 5 minutes. */
  retainMs?: number;
  /** At most this many history events are kept. Default 100,000. */
  maxHistory?: number;
  /** How often the compaction policy runs, in ms. Default 30 s. */
  compactIntervalMs?: number;
  log?: (line: string) => void;
}

export class DurableStore implements Store {
  private readonly watchers: Watchers;
  private closed = false;
  private snapshotting: Promise<void> | undefined;
  private lastSnapshotRevision: number;
  private readonly timer: NodeJS.Timeout;
  private readonly opts: Required<Omit<StoreOptions, 'log'>>;

  constructor(
    readonly dir: string,
    private readonly mvcc: Mvcc,
    private journal: JournalWriter | undefined,
    snapshotRevision: number,
    private readonly unlock: () => void,
    opts: StoreOptions,
    private readonly log: (line: string) => void = opts.log ?? (() => undefined),
  ) {
    this.opts = { snapshotEvery: 10_000, retainMs: 5 * 60_000, maxHistory: 100_000, compactIntervalMs: 30_000, ...opts };
    this.watchers = new Watchers(mvcc);
    this.watchers.durableRevision = mvcc.revision;
    this.lastSnapshotRevision = snapshotRevision;
    this.timer = setInterval(() => this.compactByPolicy(), this.opts.compactIntervalMs);
    this.timer.unref();
  }

  /** Called by openStore once the journal is open: the journal reports durability here. */
  attach(journal: JournalWriter): void {
    this.journal = journal;
  }

  onDurable = (revision: number): void => {
    this.watchers.publish(revision);
  };

  get revision(): number { return this.mvcc.revision; }
  get compactedRevision(): number { return this.mvcc.compactedRevision; }
  /** How many objects are stored now (for status and tests). */
  get size(): number { return this.mvcc.current.size; }

  get(key: string): StoredObject | undefined {
    return this.mvcc.current.get(key);
  }

  list(prefix: string, opts?: { limit?: number; continue?: string; revision?: number }): ListResult {
    return this.mvcc.list(prefix, opts);
  }

  create(key: string, value: any): Promise<StoredObject> {
    const existing = this.mvcc.current.get(key);
    if (existing) return Promise.reject(new StoreError('AlreadyExists', `key ${key} already exists`, key, existing));
    return this.write('c', key, value, undefined);
  }

  update(key: string, value: any, expectedRevision?: number): Promise<StoredObject> {
    const cur = this.mvcc.current.get(key);
    if (!cur) return Promise.reject(new StoreError('NotFound', `key ${key} not found`, key));
    if (expectedRevision !== undefined && expectedRevision !== cur.modRevision) {
      return Promise.reject(new StoreError('Conflict', `key ${key} is at revision ${cur.modRevision}, not ${expectedRevision}`, key, cur));
    }
    return this.write('u', key, value, cur);
  }

  delete(key: string, expectedRevision?: number): Promise<StoredObject> {
    const cur = this.mvcc.current.get(key);
    if (!cur) return Promise.reject(new StoreError('NotFound', `key ${key} not found`, key));
    if (expectedRevision !== undefined && expectedRevision !== cur.modRevision) {
      return Promise.reject(new StoreError('Conflict', `key ${key} is at revision ${cur.modRevision}, not ${expectedRevision}`, key, cur));
    }
    return this.write('d', key, undefined, cur);
  }

  private write(t: 'c' | 'u' | 'd', key: string, value: any, prev: StoredObject | undefined): Promise<StoredObject> {
    if (this.closed || !this.journal) return Promise.reject(new StoreError('Closed', 'store is closed'));
    const r = this.mvcc.revision + 1;
    const c = prev?.createRevision ?? r;
    const header = `{"r":${r},"t":"${t}","k":${JSON.stringify(key)},"c":${c}}`;
    // One stringify serves the journal and the stored copy (parsed when first read); the caller keeps its object.
    const vj = t === 'd' ? undefined : JSON.stringify({ ...value, metadata: { ...(value?.metadata ?? {}), resourceVersion: String(r) } });
    const j: Write = { r, t, k: key, c, vj };
    const e: HistoryEntry = entryFor(j, prev);
    this.mvcc.apply(e);
    const done = this.journal.append(encodeLine(header, vj), r);
    // At least as many journal entries as objects: a snapshot costs about one object written per journaled write.
    if (r - this.lastSnapshotRevision >= Math.max(this.opts.snapshotEvery, this.mvcc.current.size) && !this.snapshotting) void this.snapshot().catch((err) => this.log(`store: snapshot failed: ${err.message}`));
    const result: StoredObject = e.obj ?? { key, value: e.value, createRevision: c, modRevision: r };
    return done.then(() => result);
  }

  watch(prefix: string, fromRevision: number, onEvent: (e: StoreEvent) => void): WatchSubscription {
    if (this.closed) throw new StoreError('Closed', 'store is closed');
    return this.watchers.watch(prefix, fromRevision, onEvent);
  }

  async compact(revision: number): Promise<void> {
    this.mvcc.compact(Math.min(revision, this.watchers.durableRevision));
  }

  private compactByPolicy(): void {
    const h = this.mvcc.history;
    const cutoff = Date.now() - this.opts.retainMs;
    let i = 0;
    while (i < h.length && h[i].time < cutoff) i++;
    i = Math.max(i, h.length - this.opts.maxHistory);
    if (i > 0) void this.compact(h[i - 1].revision);
  }

  /** Captures the state at the current revision; objects are replaced on write, never mutated, so no copy of them is needed. */
  private capture(): SnapshotContent {
    return {
      revision: this.mvcc.revision,
      compactedRevision: this.mvcc.compactedRevision,
      objects: [...this.mvcc.current.values()],
      history: this.mvcc.history,
    };
  }

  /** Snapshot into the store dir and drop the journals it covers. */
  snapshot(): Promise<void> {
    if (this.snapshotting) return this.snapshotting;
    if (this.mvcc.revision === this.lastSnapshotRevision || !this.journal) return Promise.resolve();
    const content = this.capture();
    const R = content.revision;
    // Synchronously after the capture: every write up to R stays in the old journal.
    const rotated = this.journal.rotate(path.join(this.dir, journalName(R + 1)));
    this.snapshotting = (async () => {
      await rotated;
      const bytes = await writeSnapshot(content, path.join(this.dir, snapshotName(R)), true);
      this.lastSnapshotRevision = R;
      const files = scan(this.dir);
      for (const s of files.snapshots) if (s.revision < R) { fs.rmSync(s.file, { force: true }); fs.rmSync(s.file + '.sum', { force: true }); }
      for (const j of files.journals) if (j.firstRevision <= R) fs.rmSync(j.file, { force: true });
      this.log(`store: snapshot at revision ${R} (${bytes} bytes)`);
    })().finally(() => { this.snapshotting = undefined; });
    return this.snapshotting;
  }

  async saveSnapshot(file: string): Promise<{ revision: number; bytes: number }> {
    if (this.closed) throw new StoreError('Closed', 'store is closed');
    const content = this.capture();
    const bytes = await writeSnapshot(content, path.resolve(file), false);
    return { revision: content.revision, bytes };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.snapshotting?.catch(() => undefined);
    await this.journal?.close();
    this.watchers.stopAll();
    this.unlock();
  }
}
