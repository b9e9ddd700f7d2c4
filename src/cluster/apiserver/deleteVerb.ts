// DELETE and deletecollection: preconditions, graceful pod deletion (deletionTimestamp +
// deletionGracePeriodSeconds until the kubelet deletes with grace 0, immediate when unbound),
// propagationPolicy (Foreground/Orphan become finalizers for the garbage collector),
// finalizers (deletionTimestamp set, object kept until they are gone), and namespaces
// (phase Terminating; the namespace controller empties them and calls /finalize).
import { conflict, notFound, ApiError } from '../api/errors';
import type { KubeObject, Status } from '../api/types';
import type { DeleteOptions } from '../client/types';
import { afterWrite, keyFor, runAdmission, storeErrorToApi, type ServerContext } from './context';
import type { ResourceDef } from './registryTypes';
import { fromStorage, nowIso } from './writes';
import { cloneJson } from './patch/json';

export function successStatus(def: ResourceDef, o: KubeObject): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: o.metadata.name, group: def.group, kind: def.plural, uid: o.metadata.uid }, code: 200 } as Status;
}

export async function deleteObject(
  sc: ServerContext, def: ResourceDef, namespace: string | undefined, name: string, opts: DeleteOptions,
): Promise<{ obj: KubeObject; gone: boolean }> {
  const key = keyFor(def, namespace, name);
  for (let attempt = 0; ; attempt++) {
    const cur = sc.store.get(key);
    if (!cur) throw notFound(def.gr, name, def.group, def.plural);
    const old = cur.value as KubeObject;
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) throw conflict(def.gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`, def.group, def.plural);
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) throw conflict(def.gr, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`, def.group, def.plural);
    const next = cloneJson(old);
    const m = next.metadata;
    let keep = false;
    const now = nowIso();
    if (def.gr === 'namespaces') {
      m.deletionTimestamp ??= now;
      next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      keep = (next.spec?.finalizers ?? []).length > 0;
    }
    if (def.gr === 'pods') {
      const grace = opts.gracePeriodSeconds ?? old.metadata.deletionGracePeriodSeconds ?? old.spec?.terminationGracePeriodSeconds ?? 30;
      if (old.spec?.nodeName && grace > 0 && old.status?.phase !== 'Succeeded' && old.status?.phase !== 'Failed') {
        if (!m.deletionTimestamp || grace < (m.deletionGracePeriodSeconds ?? Infinity)) {
          m.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
          m.deletionGracePeriodSeconds = grace;
        }
        keep = true;
      } else if (m.deletionTimestamp) m.deletionGracePeriodSeconds = 0;
    }
    const policy = opts.propagationPolicy;
    const fin = new Set(m.finalizers ?? []);
    if (!old.metadata.deletionTimestamp || policy) {
      if (policy === 'Foreground') { fin.add('foregroundDeletion'); fin.delete('orphan'); }
      if (policy === 'Orphan') { fin.add('orphan'); fin.delete('foregroundDeletion'); }
      if (policy === 'Background') { fin.delete('orphan'); fin.delete('foregroundDeletion'); }
    }
    // Foreground/orphan only matter for owners with dependents; Kubernetes adds them anyway.
    if (fin.size) { m.finalizers = [...fin]; keep = true; m.deletionTimestamp ??= now; m.deletionGracePeriodSeconds ??= 0; } else delete m.finalizers;
    const run = await runAdmission(sc, def, 'DELETE', { namespace, name, dryRun: !!opts.dryRun, oldObject: old });
    try {
      if (opts.dryRun) { afterWrite(run, true); return { obj: keep ? next : old, gone: !keep }; }
      if (keep) {
        if (JSON.stringify(next) === JSON.stringify(old)) { afterWrite(run, true); return { obj: old, gone: false }; }
        const s = await sc.store.update(key, next, cur.modRevision);
        afterWrite(run, true);
        return { obj: fromStorage(def, s.value), gone: false };
      }
      const s = await sc.store.delete(key, cur.modRevision);
      afterWrite(run, true);
      return { obj: fromStorage(def, s.value), gone: true };
    } catch (e) {
      afterWrite(run, false);
      const err = storeErrorToApi(e, def, name);
      if (err.reason === 'Conflict' && !(e instanceof ApiError) && attempt < 5) continue;
      throw err;
    }
  }
}
