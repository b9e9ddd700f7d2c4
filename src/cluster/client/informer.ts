// SharedInformer: a list + watch cache of one resource (client-go's shape). It lists, then
// watches from the list's resourceVersion; a watch that closes is resumed from the last seen
// revision, and a 410 Expired (or any watch ERROR) makes it re-list and diff the cache so
// handlers still see every add/update/delete exactly once.
//
// Objects handed out (get/list/byIndex/handlers) are the cache's own copies and are
// READ-ONLY: never mutate them; copy with structuredClone() before changing anything.
// (They are not frozen by default because the in-process client may share them with the
// API server's watch fan-out; `freeze: true` deep-freezes them for tests.)
//
// Not implemented: pagination of the initial list (the in-process server answers whole
// lists fast), transform functions.
import type { KubeObject, WatchEvent } from '../api/types';
import type { ApiClient } from './types';
import { isApiError } from '../api/errors';

export interface ResourceEventHandler<T extends KubeObject = KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  /** Receives the last state the cache knew. */
  onDelete?(obj: T): void;
}

export type IndexFunc<T extends KubeObject = KubeObject> = (obj: T) => string[];

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Periodically re-deliver every cached object as onUpdate(obj, obj) (0 = never). */
  resyncPeriodMs?: number;
  /** Deep-freeze cached objects (useful in tests to catch mutation). */
  freeze?: boolean;
  log?: (line: string) => void;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones (client-go's MetaNamespaceKeyFunc). */
export function metaNamespaceKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : `${obj.metadata.name}`;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** Common index functions. */
export const indexers = {
  namespace: (o: KubeObject) => (o.metadata.namespace ? [o.metadata.namespace] : []),
  nodeName: (o: KubeObject) => (o.spec?.nodeName ? [o.spec.nodeName as string] : []),
  ownerUid: (o: KubeObject) => (o.metadata.ownerReferences ?? []).map((r) => r.uid),
  controllerUid: (o: KubeObject) => (o.metadata.ownerReferences ?? []).filter((r) => r.controller).map((r) => r.uid),
};

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

const RELIST_BACKOFF_MIN_MS = 100;
const RELIST_BACKOFF_MAX_MS = 10_000;

export class SharedInformer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly handlers = new Set<ResourceEventHandler<T>>();
  private readonly indexFns = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private synced = false;
  private syncWaiters: Array<() => void> = [];
  private started = false;
  private stopped = false;
  private lastRV = '';
  private watchHandle: { stop(): void } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private backoffMs = RELIST_BACKOFF_MIN_MS;
  private generation = 0;

  constructor(
    readonly client: ApiClient,
    readonly resource: string,
    readonly opts: InformerOptions = {},
  ) {
    this.addIndexer('namespace', indexers.namespace);
  }

  /** Adds a handler; when the cache is already filled the handler first sees onAdd for every object. Returns a remover. */
  addEventHandler(h: ResourceEventHandler<T>): () => void {
    this.handlers.add(h);
    if (this.synced && h.onAdd) for (const o of this.items.values()) this.call(() => h.onAdd!(o));
    return () => { this.handlers.delete(h); };
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indexFns.has(name)) return;
    this.indexFns.set(name, fn);
    const idx = new Map<string, Set<string>>();
    this.indices.set(name, idx);
    for (const [k, o] of this.items) for (const v of fn(o)) addTo(idx, v, k);
  }

  byIndex(name: string, value: string): T[] {
    const keys = this.indices.get(name)?.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) { const o = this.items.get(k); if (o) out.push(o); }
    return out;
  }

  get(key: string): T | undefined { return this.items.get(key); }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string): T[] {
    if (namespace === undefined) return [...this.items.values()];
    return this.byIndex('namespace', namespace);
  }

  keys(): string[] { return [...this.items.keys()]; }

  get size(): number { return this.items.size; }

  hasSynced(): boolean { return this.synced; }

  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => resolve(this.synced);
      this.syncWaiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Starts list + watch; stops when the signal aborts (or stop() is called). Idempotent. */
  start(signal?: AbortSignal): void {
    if (this.started) return;
    this.started = true;
    signal?.addEventListener('abort', () => this.stop(), { once: true });
    if (signal?.aborted) { this.stop(); return; }
    void this.relist();
    if (this.opts.resyncPeriodMs && this.opts.resyncPeriodMs > 0) {
      this.resyncTimer = setInterval(() => this.resync(), this.opts.resyncPeriodMs);
      this.resyncTimer.unref?.();
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
    if (this.timer) clearTimeout(this.timer);
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    const ws = this.syncWaiters; this.syncWaiters = [];
    for (const w of ws) w();
  }

  /** Replaces the cache with `objs` directly (tests: preload fixtures without a server). */
  replace(objs: T[], resourceVersion = ''): void {
    const seen = new Set<string>();
    for (const o of objs) { seen.add(metaNamespaceKey(o)); this.upsert(o); }
    for (const [k, o] of [...this.items]) if (!seen.has(k)) this.remove(k, o);
    this.lastRV = resourceVersion;
    this.markSynced();
  }

  /** Applies one watch event as if it came from the server (also used by tests). */
  apply(e: WatchEvent<T>): void {
    if (e.type === 'BOOKMARK') { this.noteRV(e.object); return; }
    if (e.type === 'ADDED' || e.type === 'MODIFIED') { this.upsert(e.object); this.noteRV(e.object); return; }
    if (e.type === 'DELETED') {
      const k = metaNamespaceKey(e.object);
      this.remove(k, this.items.get(k) ?? e.object, e.object);
      this.noteRV(e.object);
    }
  }

  private noteRV(o: KubeObject): void {
    const rv = o?.metadata?.resourceVersion;
    if (rv) this.lastRV = rv;
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
    try {
      const list = await this.client.list<T>(this.resource, this.opts.namespace, {
        labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector,
      });
      if (this.stopped || gen !== this.generation) return;
      this.replace(list.items, list.metadata.resourceVersion ?? '');
      this.backoffMs = RELIST_BACKOFF_MIN_MS;
      this.startWatch(gen);
    } catch (err) {
      if (this.stopped) return;
      // A resource the server does not serve (404) is truthfully empty: count as synced so
      // controllers that also watch it still start; keep retrying in case it appears (CRDs).
      if (isApiError(err, 'NotFound')) this.markSynced();
      else this.opts.log?.(`informer ${this.resource}: list failed: ${(err as Error).message}`);
      this.schedule(() => this.relist());
    }
  }

  private startWatch(gen: number): void {
    let needRelist = false;
    const handle = this.client.watch<T>(
      this.resource, this.opts.namespace,
      { labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector, resourceVersion: this.lastRV, allowWatchBookmarks: true },
      (e) => {
        if (gen !== this.generation || this.stopped) return;
        if (e.type === 'ERROR') { needRelist = true; return; }
        this.apply(e);
      },
      (err) => {
        if (gen !== this.generation || this.stopped) return;
        this.watchHandle = undefined;
        if (needRelist || err) {
          if (err && !needRelist) this.opts.log?.(`informer ${this.resource}: watch closed: ${err.message}`);
          this.schedule(() => this.relist());
        } else {
          // A clean close (timeout): resume from the last revision we saw.
          this.schedule(() => { if (gen === this.generation && !this.stopped) this.startWatch(gen); }, 0);
        }
      },
    );
    if (gen === this.generation && !this.stopped) this.watchHandle = handle; else handle.stop();
  }

  private schedule(fn: () => void, delay?: number): void {
    if (this.stopped) return;
    const d = delay ?? this.backoffMs;
    if (delay === undefined) this.backoffMs = Math.min(this.backoffMs * 2, RELIST_BACKOFF_MAX_MS);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(fn, d);
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    const ws = this.syncWaiters; this.syncWaiters = [];
    for (const w of ws) w();
  }

  private upsert(obj: T): void {
    if (this.opts.freeze) deepFreeze(obj);
    const k = metaNamespaceKey(obj);
    const old = this.items.get(k);
    if (old && old.metadata.resourceVersion && old.metadata.resourceVersion === obj.metadata.resourceVersion && old.metadata.uid === obj.metadata.uid) {
      return; // re-list brought the same revision: nothing changed
    }
    if (old) this.unindex(k, old);
    this.items.set(k, obj);
    this.index(k, obj);
    for (const h of this.handlers) {
      if (old) { if (h.onUpdate) this.call(() => h.onUpdate!(old, obj)); }
      else if (h.onAdd) this.call(() => h.onAdd!(obj));
    }
  }

  private remove(k: string, last: T, _final?: T): void {
    if (!this.items.has(k)) return;
    this.unindex(k, this.items.get(k)!);
    this.items.delete(k);
    for (const h of this.handlers) if (h.onDelete) this.call(() => h.onDelete!(last));
  }

  private index(k: string, o: T): void {
    for (const [name, fn] of this.indexFns) {
      const idx = this.indices.get(name)!;
      for (const v of fn(o)) addTo(idx, v, k);
    }
  }

  private unindex(k: string, o: T): void {
    for (const [name, fn] of this.indexFns) {
      const idx = this.indices.get(name)!;
      for (const v of fn(o)) {
        const s = idx.get(v);
        if (s) { s.delete(k); if (!s.size) idx.delete(v); }
      }
    }
  }

  private resync(): void {
    for (const o of this.items.values()) for (const h of this.handlers) if (h.onUpdate) this.call(() => h.onUpdate!(o, o));
  }

  private call(fn: () => void): void {
    try { fn(); } catch (err) { this.opts.log?.(`informer ${this.resource}: handler threw: ${(err as Error).stack ?? err}`); }
  }
}

function addTo(idx: Map<string, Set<string>>, v: string, k: string): void {
  let s = idx.get(v);
  if (!s) { s = new Set(); idx.set(v, s); }
  s.add(k);
}

/** One informer per (resource, namespace, selectors), shared by every component that asks. */
export class InformerFactory {
  private readonly informers = new Map<string, SharedInformer<any>>();
  private signal: AbortSignal | undefined;

  constructor(readonly client: ApiClient, readonly defaults: { log?: (l: string) => void; resyncPeriodMs?: number; freeze?: boolean } = {}) {}

  informer<T extends KubeObject = KubeObject>(resource: string, opts: Omit<InformerOptions, 'log'> = {}): SharedInformer<T> {
    const id = [resource, opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? ''].join('|');
    let inf = this.informers.get(id);
    if (!inf) {
      inf = new SharedInformer<T>(this.client, resource, { ...this.defaults, ...opts, log: this.defaults.log });
      this.informers.set(id, inf);
      if (this.signal) inf.start(this.signal);
    }
    return inf as SharedInformer<T>;
  }

  /** Starts every informer made so far and every one made later. */
  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const inf of this.informers.values()) inf.start(signal);
  }

  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const r = await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)));
    return r.every(Boolean);
  }

  all(): SharedInformer<any>[] { return [...this.informers.values()]; }
}
