// A list+watch cache of every kind in KINDS for one kubeconfig context (an informer per kind in
// client-go's sense, without resync): list once, then a watch from the list's resourceVersion;
// a broken watch relists after a bounded backoff. Consumers get one debounced change event per
// storm. Indexes by owner uid and by node name keep the tree's lookups cheap at thousands of pods.
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { KINDS, restPath, type KindInfo } from './kinds';
import { request } from './http';
import { debounce } from '../util/fanIn';

export interface Obj { apiVersion?: string; kind?: string; metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; ownerReferences?: { uid: string; kind: string; name: string }[]; [k: string]: any }; [k: string]: any }

export function objKey(o: Obj): string { return `${o.metadata.namespace ?? ''}/${o.metadata.name}`; }

class KindStore {
  readonly items = new Map<string, Obj>();
  resourceVersion = '';
  synced = false;
  error?: string;
  abort?: AbortController;
  constructor(readonly info: KindInfo) {}
}

export class ObjectCache {
  private readonly stores = new Map<string, KindStore>();
  private readonly byOwner = new Map<string, Set<Obj>>();
  private readonly byNode = new Map<string, Set<Obj>>();
  private readonly listeners = new Set<() => void>();
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** When the last change was applied to the cache (bench: change → tree). */
  lastChange = 0;
  readonly changed = debounce(() => { for (const l of this.listeners) l(); }, 120, 1000);

  constructor(readonly kc: KubeConfig, readonly kinds: KindInfo[] = KINDS) {
    for (const k of kinds) this.stores.set(k.kind, new KindStore(k));
  }

  onDidChange(l: () => void): { dispose(): void } { this.listeners.add(l); return { dispose: () => this.listeners.delete(l) }; }

  start(): void { for (const s of this.stores.values()) void this.listAndWatch(s, 0); }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.stores.values()) s.abort?.abort();
    this.changed.cancel();
  }

  list(kind: string): Obj[] { return [...(this.stores.get(kind)?.items.values() ?? [])]; }
  get(kind: string, namespace: string | undefined, name: string): Obj | undefined { return this.stores.get(kind)?.items.get(`${namespace ?? ''}/${name}`); }
  ownedBy(uid: string | undefined): Obj[] { return uid ? [...(this.byOwner.get(uid) ?? [])] : []; }
  podsOnNode(node: string): Obj[] { return [...(this.byNode.get(node) ?? [])]; }
  synced(kind: string): boolean { return !!this.stores.get(kind)?.synced; }
  errorOf(kind: string): string | undefined { return this.stores.get(kind)?.error; }
  /** Resolves when every kind has listed (or failed to), or after `ms`. */
  async whenSynced(ms = 10_000): Promise<boolean> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if ([...this.stores.values()].every((s) => s.synced || s.error)) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  private index(o: Obj, add: boolean): void {
    const put = (m: Map<string, Set<Obj>>, k: string) => {
      let set = m.get(k);
      if (add) { if (!set) m.set(k, (set = new Set())); set.add(o); } else if (set) { set.delete(o); if (!set.size) m.delete(k); }
    };
    for (const ref of o.metadata.ownerReferences ?? []) put(this.byOwner, ref.uid);
    if (o.kind === 'Pod' && o.spec?.nodeName) put(this.byNode, o.spec.nodeName);
  }

  private upsert(s: KindStore, o: Obj): void {
    o.kind ??= s.info.kind;
    o.apiVersion ??= s.info.apiVersion;
    const key = objKey(o);
    const old = s.items.get(key);
    if (old) this.index(old, false);
    s.items.set(key, o);
    this.index(o, true);
  }

  private remove(s: KindStore, o: Obj): void {
    const key = objKey(o);
    const old = s.items.get(key);
    if (old) { this.index(old, false); s.items.delete(key); }
  }

  private touch(): void { this.lastChange = Date.now(); this.changed(); }

  private retry(s: KindStore, attempt: number): void {
    if (this.stopped) return;
    const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
    const t = setTimeout(() => { this.timers.delete(t); void this.listAndWatch(s, attempt + 1); }, delay);
    this.timers.add(t);
  }

  private async listAndWatch(s: KindStore, attempt: number): Promise<void> {
    if (this.stopped) return;
    try {
      const r = await request(this.kc, 'GET', restPath(s.info));
      if (r.status === 404) { s.error = `${s.info.kind} is not served`; s.synced = true; this.touch(); return; }
      if (r.status !== 200) throw new Error(r.body?.message ?? `HTTP ${r.status}`);
      for (const o of s.items.values()) this.index(o, false);
      s.items.clear();
      for (const o of r.body.items ?? []) this.upsert(s, o);
      s.resourceVersion = r.body.metadata?.resourceVersion ?? '';
      s.synced = true;
      s.error = undefined;
      this.touch();
      this.watch(s, attempt);
    } catch (e) {
      s.error = (e as Error).message;
      this.retry(s, attempt);
    }
  }

  private watch(s: KindStore, attempt: number): void {
    if (this.stopped) return;
    const w = new Watch(this.kc);
    const started = Date.now();
    w.watch(restPath(s.info), { resourceVersion: s.resourceVersion, allowWatchBookmarks: true }, (type, o) => {
      if (type === 'ERROR') { s.resourceVersion = ''; return; } // usually 410 Gone: relist below
      if (o?.metadata?.resourceVersion) s.resourceVersion = o.metadata.resourceVersion;
      if (type === 'BOOKMARK') return;
      if (type === 'DELETED') this.remove(s, o); else this.upsert(s, o);
      this.touch();
    }, () => {
      if (this.stopped) return;
      // A watch that lived long ended normally (server timeout): resume at once; otherwise back off.
      const healthy = Date.now() - started > 5_000;
      if (s.resourceVersion && healthy) this.watch(s, 0);
      else this.retry(s, healthy ? 0 : attempt);
    }).then((abort) => { s.abort = abort; if (this.stopped) abort.abort(); }, () => this.retry(s, attempt));
  }
}
