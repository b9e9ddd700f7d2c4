// FakeClient: client-go's fake clientset shape. An in-memory object tracker that records every
// call as an action ({verb, resource, namespace, name, subresource, object}) and fans writes out
// to watchers, so informers over it behave as over a server. Tests preload objects, run a
// reconcile, then assert `actions` (filtered to writes with `writes()`).
import type { KubeList, KubeObject, WatchEvent } from '../../../src/cluster/api/types';
import { alreadyExists, notFound, gone } from '../../../src/cluster/api/errors';
import type { ApiClient, DeleteOptions, ListOptions, PatchType, WatchHandle, WatchOptions } from '../../../src/cluster/client/types';

export interface Action {
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'create-subresource';
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  object?: any;
  patch?: unknown;
  opts?: unknown;
}

type Watcher = { resource: string; namespace?: string; labelSelector?: string; fieldSelector?: string; on: (e: WatchEvent) => void; close: (err?: Error) => void };

export class FakeClient implements ApiClient {
  readonly actions: Action[] = [];
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly watchers = new Set<Watcher>();
  private rv = 1;
  private uidSeq = 1;
  /** Hook to fail or answer a call: return a value/throw to short-circuit. */
  reactor?: (a: Action) => KubeObject | undefined;
  subresourceHandler?: (resource: string, ns: string | undefined, name: string, sub: string, body: KubeObject) => KubeObject | undefined;

  constructor(objs: Array<[string, KubeObject]> = []) {
    for (const [r, o] of objs) this.seed(r, o);
  }

  seed(resource: string, obj: KubeObject): KubeObject {
    const o = structuredClone(obj);
    o.metadata.uid ??= `uid-${this.uidSeq++}`;
    o.metadata.resourceVersion = String(++this.rv);
    o.metadata.creationTimestamp ??= new Date().toISOString();
    this.bucket(resource).set(key(o.metadata.namespace, o.metadata.name!), o);
    return o;
  }

  /** Objects currently stored for a resource. */
  stored(resource: string, namespace?: string): KubeObject[] {
    return [...this.bucket(resource).values()].filter((o) => namespace === undefined || o.metadata.namespace === namespace);
  }

  writes(): Action[] { return this.actions.filter((a) => a.verb !== 'get' && a.verb !== 'list' && a.verb !== 'watch'); }

  clearActions(): void { this.actions.length = 0; }

  private bucket(resource: string): Map<string, KubeObject> {
    let b = this.objects.get(resource);
    if (!b) { b = new Map(); this.objects.set(resource, b); }
    return b;
  }

  private react(a: Action): KubeObject | undefined {
    this.actions.push(a);
    return this.reactor?.(a);
  }

  async get<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, name: string, subresource?: 'status' | 'scale'): Promise<T> {
    const r = this.react({ verb: 'get', resource, namespace, name, subresource });
    if (r) return r as T;
    const o = this.bucket(resource).get(key(namespace, name));
    if (!o) throw notFound(resource, name);
    return structuredClone(o) as T;
  }

  async list<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, opts?: ListOptions): Promise<KubeList<T>> {
    this.react({ verb: 'list', resource, namespace, opts });
    const items = this.stored(resource, namespace).filter((o) => matches(o, opts?.labelSelector, opts?.fieldSelector));
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(this.rv) }, items: structuredClone(items) as T[] };
  }

  watch<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void, onClose: (err?: Error) => void): WatchHandle {
    this.react({ verb: 'watch', resource, namespace, opts });
    const w: Watcher = { resource, namespace, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, on: onEvent as any, close: onClose };
    this.watchers.add(w);
    return { stop: () => { this.watchers.delete(w); } };
  }

  /** Ends every watch with 410 Expired (to test re-list). */
  expireWatches(): void {
    for (const w of [...this.watchers]) {
      this.watchers.delete(w);
      w.on({ type: 'ERROR', object: { ...gone('too old resource version').toStatus(), metadata: {} } as any });
      w.close();
    }
  }

  private emit(resource: string, type: WatchEvent['type'], o: KubeObject): void {
    for (const w of this.watchers) {
      if (w.resource !== resource) continue;
      if (w.namespace && w.namespace !== o.metadata.namespace) continue;
      if (!matches(o, w.labelSelector, w.fieldSelector)) continue;
      w.on({ type, object: structuredClone(o) });
    }
  }

  async create<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, obj: KubeObject, opts?: unknown): Promise<T> {
    const r = this.react({ verb: 'create', resource, namespace, object: structuredClone(obj), opts });
    if (r) return r as T;
    const o = structuredClone(obj);
    if (!o.metadata.name && o.metadata.generateName) o.metadata.name = o.metadata.generateName + Math.random().toString(36).slice(2, 7);
    if (namespace) o.metadata.namespace = namespace;
    const k = key(namespace, o.metadata.name!);
    if (this.bucket(resource).has(k)) throw alreadyExists(resource, o.metadata.name!);
    o.metadata.uid = `uid-${this.uidSeq++}`;
    o.metadata.resourceVersion = String(++this.rv);
    o.metadata.creationTimestamp = new Date().toISOString();
    o.metadata.generation = 1;
    this.bucket(resource).set(k, o);
    this.emit(resource, 'ADDED', o);
    return structuredClone(o) as T;
  }

  async update<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, obj: KubeObject, opts?: { subresource?: string }): Promise<T> {
    const r = this.react({ verb: 'update', resource, namespace, name: obj.metadata.name, subresource: opts?.subresource, object: structuredClone(obj), opts });
    if (r) return r as T;
    const k = key(namespace, obj.metadata.name!);
    const old = this.bucket(resource).get(k);
    if (!old) throw notFound(resource, obj.metadata.name!);
    const o = structuredClone(obj);
    o.metadata.uid = old.metadata.uid;
    o.metadata.creationTimestamp = old.metadata.creationTimestamp;
    o.metadata.resourceVersion = String(++this.rv);
    if (!opts?.subresource && JSON.stringify(old.spec) !== JSON.stringify(o.spec)) o.metadata.generation = (old.metadata.generation ?? 1) + 1;
    else o.metadata.generation = old.metadata.generation;
    return this.store<T>(resource, k, o);
  }

  private store<T extends KubeObject>(resource: string, k: string, o: KubeObject): T {
    if (o.metadata.deletionTimestamp && !(o.metadata.finalizers ?? []).length) {
      this.bucket(resource).delete(k);
      this.emit(resource, 'DELETED', o);
    } else {
      this.bucket(resource).set(k, o);
      this.emit(resource, 'MODIFIED', o);
    }
    return structuredClone(o) as T;
  }

  async patch<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: { subresource?: string }): Promise<T> {
    const r = this.react({ verb: 'patch', resource, namespace, name, subresource: opts?.subresource, patch, opts: { type, ...opts } });
    if (r) return r as T;
    const k = key(namespace, name);
    const old = this.bucket(resource).get(k);
    if (!old) throw notFound(resource, name);
    if (type !== 'merge' && type !== 'strategic') throw new Error(`FakeClient: ${type} patch not supported`);
    const o = mergePatch(structuredClone(old), patch) as KubeObject;
    o.metadata.resourceVersion = String(++this.rv);
    return this.store<T>(resource, k, o);
  }

  async delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<KubeObject> {
    const r = this.react({ verb: 'delete', resource, namespace, name, opts });
    if (r) return r;
    const k = key(namespace, name);
    const old = this.bucket(resource).get(k);
    if (!old) throw notFound(resource, name);
    if ((old.metadata.finalizers ?? []).length) {
      const o = structuredClone(old);
      o.metadata.deletionTimestamp ??= new Date().toISOString();
      o.metadata.resourceVersion = String(++this.rv);
      return this.store(resource, k, o);
    }
    this.bucket(resource).delete(k);
    this.emit(resource, 'DELETED', old);
    return { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success' } as unknown as KubeObject;
  }

  async createSubresource(resource: string, namespace: string | undefined, name: string, subresource: string, body: KubeObject): Promise<KubeObject> {
    const r = this.react({ verb: 'create-subresource', resource, namespace, name, subresource, object: structuredClone(body) });
    if (r) return r;
    const h = this.subresourceHandler?.(resource, namespace, name, subresource, body);
    if (h) return h;
    if (resource === 'pods' && subresource === 'binding') {
      const k = key(namespace, name);
      const old = this.bucket(resource).get(k);
      if (!old) throw notFound(resource, name);
      const o = structuredClone(old);
      o.spec.nodeName = (body as any).target.name;
      o.metadata.resourceVersion = String(++this.rv);
      this.store(resource, k, o);
    }
    return { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success' } as unknown as KubeObject;
  }
}

function key(ns: string | undefined, name: string): string { return ns ? `${ns}/${name}` : name; }

function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    // The one strategic-merge directive controllers send: drop items from a list of strings.
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      out[f] = (out[f] ?? []).filter((x: unknown) => !(v as unknown[]).includes(x));
      if (!out[f].length) delete out[f];
      continue;
    }
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Equality-based selectors only (a=b, a!=b, a) plus fields metadata.name/namespace and spec.nodeName. */
function matches(o: KubeObject, labelSelector?: string, fieldSelector?: string): boolean {
  const labels = o.metadata.labels ?? {};
  for (const term of (labelSelector ?? '').split(',').filter(Boolean)) {
    const [k, v] = term.split(/!=|==|=/);
    if (term.includes('!=')) { if (labels[k] === v) return false; }
    else if (v === undefined) { if (!(k in labels)) return false; }
    else if (labels[k] !== v) return false;
  }
  for (const term of (fieldSelector ?? '').split(',').filter(Boolean)) {
    const neg = term.includes('!=');
    const [path, v] = term.split(/!=|==|=/);
    const val = path.split('.').reduce<any>((a, p) => a?.[p], o) ?? '';
    if (neg ? String(val) === v : String(val) !== v) return false;
  }
  return true;
}
