// Adoption (client-go's ControllerRefManager, adopt half): objects in the owner's namespace
// that match its selector and have no controller get the owner's controller reference, so
// e.g. re-creating a Deployment after `delete --cascade=orphan` takes its ReplicaSets back.
// Release (dropping objects that stopped matching) is not implemented.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import type { ApiClient } from '../client/types';
import type { SharedInformer } from '../client/informer';
import { matchesSelector, selectorIsEmpty } from '../client/labels';
import { controllerRef, getControllerOf } from './util';

const ORPHANS = 'orphansByNamespace';

export async function adoptOrphans(client: ApiClient, resource: string, owner: KubeObject, informer: SharedInformer, extra?: (o: KubeObject) => boolean): Promise<KubeObject[]> {
  const sel = owner.spec?.selector;
  if (!sel || selectorIsEmpty(sel) || owner.metadata.deletionTimestamp) return [];
  // An index of controller-less objects by namespace keeps this cheap with thousands of pods.
  informer.addIndexer(ORPHANS, (o) => (getControllerOf(o) || !o.metadata.namespace ? [] : [o.metadata.namespace]));
  const adopted: KubeObject[] = [];
  for (const o of informer.byIndex(ORPHANS, owner.metadata.namespace!)) {
    if (getControllerOf(o) || o.metadata.deletionTimestamp || !matchesSelector(sel, o.metadata.labels)) continue;
    if (extra && !extra(o)) continue;
    const next = structuredClone(o);
    next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), controllerRef(owner)];
    try { adopted.push(await client.update(resource, o.metadata.namespace, next)); } catch (err) {
      if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) throw err;
    }
  }
  return adopted;
}
