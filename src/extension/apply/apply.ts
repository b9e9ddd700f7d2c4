// Apply = server-side apply (PATCH application/apply-patch+yaml, fieldManager kube-playground,
// force), as `kubectl apply --server-side --force-conflicts` does: one idempotent request creates
// or updates, fields other managers own (controllers, kubectl scale) are kept, no
// last-applied annotation. Force because the editor is the human's intent: their manifest wins
// over an older manager of the same field. A server without apply support (415/405) gets the
// client-side equivalent: create, or merge patch when the object exists.
import type { KubeConfig } from '@kubernetes/client-node';
import { createOrMerge, readLive, refOf, serverSideApply, statusCode } from '../kube/objects';

export type ApplyAction = 'created' | 'configured';
export interface ApplyResult { ref: string; action: ApplyAction; object: any }

export function describeRef(o: any): string {
  const group = String(o.apiVersion ?? '').includes('/') ? '.' + String(o.apiVersion).split('/')[0] : '';
  return `${String(o.kind).toLowerCase()}${group}/${o.metadata?.name ?? '?'}`;
}

export async function applyObject(kc: KubeConfig, obj: any): Promise<ApplyResult> {
  const before = await readLive(kc, refOf(obj));
  const action: ApplyAction = before ? 'configured' : 'created';
  try {
    return { ref: describeRef(obj), action, object: await serverSideApply(kc, obj) };
  } catch (e) {
    const code = statusCode(e);
    if (code !== 415 && code !== 405) throw e;
  }
  return { ref: describeRef(obj), action, object: await createOrMerge(kc, obj, !!before) };
}

/** What the object would be after applying obj (server-side apply with dryRun=All): `kubectl diff`'s right side. */
export function dryRunApply(kc: KubeConfig, obj: any): Promise<any> {
  return serverSideApply(kc, obj, true);
}

/** Namespaces and CRDs first, so a file holding a Namespace and what goes in it applies in one go. */
export function applyOrder(a: any, b: any): number {
  return applyRank(a) - applyRank(b);
}

/** 0 Namespace, 1 CustomResourceDefinition, 2 the rest: what others may need to exist first. */
export function applyRank(o: any): number {
  return o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2;
}
