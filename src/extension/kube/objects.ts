// Object-level calls for any kind, also those the views do not watch: client-node's
// KubernetesObjectApi discovers the kind's REST path. Reads, replace and apply go over raw JSON
// (kube/http.ts) on that path: client-node's typed models would turn timestamps into Date objects
// and drop every field its model version lacks, so the YAML a user edits and saves, describe,
// the diff and the lens' state would not be the object the server holds.
import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { request, type RawResponse } from './http';

export const FIELD_MANAGER = 'kube-playground';

const apis = new WeakMap<KubeConfig, KubernetesObjectApi>();
export function objectApi(kc: KubeConfig): KubernetesObjectApi {
  let api = apis.get(kc);
  if (!api) apis.set(kc, (api = KubernetesObjectApi.makeApiClient(kc)));
  return api;
}

export interface Ref { apiVersion: string; kind: string; name: string; namespace?: string }

export function refOf(o: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } }): Ref {
  return { apiVersion: o.apiVersion ?? 'v1', kind: o.kind ?? '', name: o.metadata?.name ?? '', namespace: o.metadata?.namespace };
}

type Action = 'read' | 'replace' | 'patch' | 'create';

/** The REST path of the object ref names (its namespace defaults to the context's, as kubectl's does). */
export function pathOf(kc: KubeConfig, ref: Ref, action: Action): Promise<string> {
  const api = objectApi(kc) as unknown as { specUriPath(spec: KubernetesObject, action: Action): Promise<string> };
  return api.specUriPath({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } }, action);
}

/** A non-2xx answer as an error carrying the server's Status (message, reason, details.causes). */
export function statusError(r: RawResponse): Error & { status?: any; code?: number } {
  const err = new Error(r.body?.message ?? (r.text || `HTTP ${r.status}`)) as Error & { status?: any; code?: number };
  err.code = r.status;
  if (r.body && typeof r.body === 'object') err.status = r.body;
  return err;
}

async function ok(r: Promise<RawResponse>): Promise<any> {
  const res = await r;
  if (res.status < 200 || res.status > 299) throw statusError(res);
  return res.body;
}

/** The live object as the server sends it, or undefined when the server answers 404. */
export async function readLive(kc: KubeConfig, ref: Ref): Promise<any | undefined> {
  const r = await request(kc, 'GET', await pathOf(kc, ref, 'read'));
  if (r.status === 404) return undefined;
  return ok(Promise.resolve(r));
}

/**
 * Server-side apply of obj (fieldManager kube-playground, force), optionally as a dry run. JSON
 * is YAML, so the body goes as application/apply-patch+yaml unchanged.
 */
export async function serverSideApply(kc: KubeConfig, obj: any, dryRun = false): Promise<any> {
  const query = `?fieldManager=${FIELD_MANAGER}&force=true${dryRun ? '&dryRun=All' : ''}`;
  return ok(request(kc, 'PATCH', (await pathOf(kc, refOf(obj), 'patch')) + query, JSON.stringify(obj), 'application/apply-patch+yaml'));
}

/** Create (POST) or JSON merge patch: apply's fallback for a server without server-side apply. */
export async function createOrMerge(kc: KubeConfig, obj: any, exists: boolean): Promise<any> {
  const query = `?fieldManager=${FIELD_MANAGER}`;
  return exists
    ? ok(request(kc, 'PATCH', (await pathOf(kc, refOf(obj), 'patch')) + query, obj, 'application/merge-patch+json'))
    : ok(request(kc, 'POST', (await pathOf(kc, refOf(obj), 'create')) + query, obj));
}

export function statusCode(e: unknown): number | undefined {
  const any = e as any;
  return any?.code ?? any?.statusCode ?? any?.response?.statusCode ?? any?.body?.code;
}

/** client-node's ApiException carries the server's Status in `body` (a JSON string): surface its message. */
export function asKubeError(e: unknown): Error & { status?: any } {
  const any = e as any;
  let body = any?.body;
  if (typeof body === 'string') { try { body = JSON.parse(body); } catch { /* not JSON */ } }
  if (body && typeof body === 'object' && body.message) {
    const err = new Error(body.message) as Error & { status?: any };
    err.status = body;
    return err;
  }
  return any instanceof Error ? any : new Error(String(any));
}

/** Strips what a human does not edit: managedFields and the server-set uid/creation stamps stay. */
export function forEditing(o: any): any {
  const copy = JSON.parse(JSON.stringify(o));
  delete copy.metadata?.managedFields;
  return copy;
}

/** PUT: an update that fails on a stale resourceVersion, as `kubectl edit`'s does. */
export async function replace(kc: KubeConfig, o: KubernetesObject): Promise<any> {
  return ok(request(kc, 'PUT', await pathOf(kc, refOf(o), 'replace'), o));
}

export async function remove(kc: KubeConfig, ref: Ref): Promise<void> {
  try {
    await objectApi(kc).delete({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } }, undefined, undefined, undefined, undefined, 'Background');
  } catch (e) { throw asKubeError(e); }
}

export async function mergePatch(kc: KubeConfig, ref: Ref, patch: any): Promise<any> {
  try {
    return await objectApi(kc).patch({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace }, ...patch }, undefined, undefined, FIELD_MANAGER, undefined, PatchStrategy.MergePatch);
  } catch (e) { throw asKubeError(e); }
}
