// ControllerRevisions for StatefulSets and DaemonSets (what `kubectl rollout history` and
// `undo` read for them): one revision per distinct pod template, named
// `<owner>-<hash>`, labelled `controller.kubernetes.io/hash`, numbered increasingly; the
// revision equal to the current template is reused (its number bumped) after an undo.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import type { ApiClient } from '../client/types';
import { computeHash, controllerRef, deepEqual } from './util';

export const REVISION_HASH = 'controller.kubernetes.io/hash';

/** The data a revision stores: the template, as a patch of spec (kubectl applies it on undo). */
export function revisionData(owner: KubeObject): any {
  const template = structuredClone(owner.spec?.template ?? {});
  template.$patch = 'replace';
  return { spec: { template } };
}

export function templateOf(rev: KubeObject): any {
  const t = structuredClone(rev.data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}

/** Finds or creates the revision for owner's current template; returns it and the full list, oldest first. */
export async function syncRevision(client: ApiClient, owner: KubeObject, revisions: KubeObject[]): Promise<{ update: KubeObject; list: KubeObject[] }> {
  const list = [...revisions].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  const maxRev = Math.max(0, ...list.map((r) => r.revision ?? 0));
  const template = owner.spec?.template ?? {};
  const same = list.find((r) => deepEqual(templateOf(r), template));
  if (same) {
    if ((same.revision ?? 0) === maxRev) return { update: same, list };
    const next = structuredClone(same);
    next.revision = maxRev + 1;
    const u = await client.update('controllerrevisions.apps', owner.metadata.namespace, next);
    return { update: u, list: list.map((r) => (r === same ? u : r)) };
  }
  const hash = computeHash(template, owner.status?.collisionCount);
  const labels = { ...(owner.spec?.selector?.matchLabels ?? {}), [REVISION_HASH]: hash };
  const rev: KubeObject = {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: { name: `${owner.metadata.name}-${hash}`, namespace: owner.metadata.namespace, labels, ownerReferences: [controllerRef(owner)] },
    data: revisionData(owner),
    revision: maxRev + 1,
  };
  try {
    const made = await client.create('controllerrevisions.apps', owner.metadata.namespace, rev);
    return { update: made, list: [...list, made] };
  } catch (err) {
    if (!isApiError(err, 'AlreadyExists')) throw err;
    const cur = await client.get('controllerrevisions.apps', owner.metadata.namespace, rev.metadata.name!);
    return { update: cur, list: [...list.filter((r) => r.metadata.name !== cur.metadata.name), cur] };
  }
}

/** Deletes the oldest revisions beyond the history limit that no pod still uses. */
export async function truncateHistory(client: ApiClient, owner: KubeObject, list: KubeObject[], inUse: Set<string>, limit = 10): Promise<void> {
  const old = list.filter((r) => !inUse.has(r.metadata.name!)).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  for (const r of old.slice(0, Math.max(0, old.length - limit))) {
    try { await client.delete('controllerrevisions.apps', owner.metadata.namespace, r.metadata.name!); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }
}
