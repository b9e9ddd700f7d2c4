// ApiClient in process: builds the same ApiRequest the HTTPS front end builds and calls the
// API server core directly (no sockets, no JSON text), so controllers, kubelets and the
// scheduler get the API server's defaulting, admission and validation. Bodies are copied on
// the way in (decode.ts) and results on the way out: callers never hold the store's objects.
import { ApiError, notFound } from '../api/errors';
import type { KubeList, KubeObject, Status, WatchEvent } from '../api/types';
import type { ApiRequest, ApiResponse } from '../apiserver/request';
import type { ApiClient, DeleteOptions, ListOptions, PatchOptions, PatchType, UpdateOptions, WatchHandle, WatchOptions, WriteOptions } from './types';
import { cloneJson } from '../apiserver/patch/json';

export interface ResourceLocator {
  byResource(gr: string): { group: string; version: string; plural: string; namespaced: boolean } | undefined;
}

const PATCH_CT: Record<PatchType, string> = {
  json: 'application/json-patch+json', merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json', apply: 'application/apply-patch+yaml',
};

export class InProcessClient implements ApiClient {
  constructor(
    private readonly handle: (req: ApiRequest) => Promise<ApiResponse>,
    private readonly registry: ResourceLocator,
    private readonly user = 'system:in-process',
  ) {}

  private path(resource: string, namespace: string | undefined, name?: string, sub?: string): string {
    const def = this.registry.byResource(resource);
    if (!def) throw notFound(resource, name ?? '');
    let p = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
    if (def.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
    p += `/${def.plural}`;
    if (name !== undefined) p += `/${encodeURIComponent(name)}`;
    if (sub) p += `/${sub}`;
    return p;
  }

  private async call(method: string, path: string, query: Record<string, string | number | boolean | undefined>, object?: unknown, contentType?: string): Promise<any> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
    const r = await this.handle({ method, path, query: q, accept: 'application/json', contentType, object, user: this.user });
    if (r.status >= 400) {
      const s = r.body as Status;
      throw new ApiError(s.code ?? r.status, (s.reason ?? 'InternalError') as never, s.message ?? 'error', s.details);
    }
    return cloneJson(r.body);
  }

  private writeQuery(o?: WriteOptions & { force?: boolean }) {
    return { dryRun: o?.dryRun ? 'All' : undefined, fieldManager: o?.fieldManager, fieldValidation: o?.fieldValidation, force: o?.force };
  }

  get<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, name: string, subresource?: 'status' | 'scale'): Promise<T> {
    return this.call('GET', this.path(resource, namespace, name, subresource), {});
  }

  list<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, opts: ListOptions = {}): Promise<KubeList<T>> {
    return this.call('GET', this.path(resource, namespace), { ...opts });
  }

  watch<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void, onClose: (err?: Error) => void): WatchHandle {
    let stopped = false;
    let stopServer: (() => void) | undefined;
    // Events go out asynchronously and in order, so a handler may call stop() on the handle it got.
    const queue: (() => void)[] = [];
    let draining = false;
    const push = (f: () => void) => {
      queue.push(f);
      if (!draining) { draining = true; queueMicrotask(drain); }
    };
    const drain = () => {
      while (queue.length && !stopped) queue.shift()!();
      queue.length = 0;
      draining = false;
    };
    const q = new URLSearchParams({ watch: 'true' });
    for (const [k, v] of Object.entries(opts)) if (v !== undefined && v !== '') q.set(k, String(v));
    let path: string;
    try { path = this.path(resource, namespace); } catch (e) { queueMicrotask(() => onClose(e as Error)); return { stop: () => { stopped = true; } }; }
    void this.handle({ method: 'GET', path, query: q, accept: 'application/json', user: this.user }).then((r) => {
      if (stopped) return;
      if (!r.watch) {
        const s = r.body as Status;
        push(() => onClose(new ApiError(s?.code ?? r.status, (s?.reason ?? 'InternalError') as never, s?.message ?? 'watch failed', s?.details)));
        return;
      }
      try {
        stopServer = r.watch({
          event: (e) => { const copy = cloneJson(e) as WatchEvent<T>; push(() => onEvent(copy)); },
          end: () => push(() => { stopped = true; onClose(); }),
        });
      } catch (e) {
        push(() => { stopped = true; onClose(e as Error); });
        return;
      }
      if (stopped) stopServer();
    }, (e) => push(() => onClose(e as Error)));
    return { stop: () => { if (!stopped) { stopped = true; stopServer?.(); } } };
  }

  create<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions): Promise<T> {
    return this.call('POST', this.path(resource, namespace ?? obj.metadata?.namespace), this.writeQuery(opts), obj, 'application/json');
  }

  update<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, obj: KubeObject, opts?: UpdateOptions): Promise<T> {
    return this.call('PUT', this.path(resource, namespace ?? obj.metadata?.namespace, obj.metadata.name, opts?.subresource), this.writeQuery(opts), obj, 'application/json');
  }

  patch<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: PatchOptions): Promise<T> {
    return this.call('PATCH', this.path(resource, namespace, name, opts?.subresource), this.writeQuery(opts), patch, PATCH_CT[type]);
  }

  delete(resource: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<KubeObject> {
    const { dryRun, ...body } = opts;
    return this.call('DELETE', this.path(resource, namespace, name), { dryRun: dryRun ? 'All' : undefined }, { kind: 'DeleteOptions', apiVersion: 'v1', ...body }, 'application/json');
  }

  createSubresource(resource: string, namespace: string | undefined, name: string, subresource: string, body: KubeObject): Promise<KubeObject> {
    return this.call('POST', this.path(resource, namespace, name, subresource), {}, body, 'application/json');
  }
}
