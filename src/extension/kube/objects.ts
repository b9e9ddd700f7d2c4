// Object-level calls through client-node's KubernetesObjectApi (it discovers the plural of any
// kind, so apply/delete work for kinds the views do not watch).
import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';

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

/** The live object, or undefined when the server answers 404. */
export async function readLive(kc: KubeConfig, ref: Ref): Promise<any | undefined> {
  try {
    return await objectApi(kc).read({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } });
  } catch (e) {
    if (statusCode(e) === 404) return undefined;
    throw asKubeError(e);
  }
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

export async function replace(kc: KubeConfig, o: KubernetesObject): Promise<any> {
  try { return await objectApi(kc).replace(o); } catch (e) { throw asKubeError(e); }
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
