// StatefulSetController: pods with stable names `<sts>-<ordinal>` (hostname = pod name,
// subdomain = serviceName, labels statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index
// and controller-revision-hash), per-pod PVCs `<claim>-<sts>-<ordinal>` from
// volumeClaimTemplates that outlive the pods, OrderedReady (create in order, each waits for
// the previous to be Running and Ready; remove highest first) or Parallel management, rolling
// update from the highest ordinal down to the partition, ControllerRevisions and status
// (currentRevision/updateRevision), persistentVolumeClaimRetentionPolicy (owner references
// on the claims, so the garbage collector deletes them with the set or with a scaled-down
// pod). Not implemented: OnDelete strategy nuance beyond "no automatic update",
// minReadySeconds, maxUnavailable.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import { indexers, type SharedInformer } from '../client/informer';
import { getControllerOf, isPodReady, podFromTemplate } from './util';
import { REVISION_HASH, syncRevision, templateOf, truncateHistory } from './revisions';

const POD_NAME = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX = 'apps.kubernetes.io/pod-index';
const REV_LABEL = 'controller-revision-hash';

export class StatefulSetController extends Controller {
  readonly sets: SharedInformer;
  readonly pods: SharedInformer;
  readonly pvcs: SharedInformer;
  readonly revisions: SharedInformer;
  private readonly recorder: EventRecorder;

  constructor(config: ControllerConfig) {
    super('statefulset-controller', config);
    this.recorder = new EventRecorder(this.client, 'statefulset-controller', this.log);
    this.sets = this.informer('statefulsets.apps');
    this.pods = this.informer('pods');
    this.pvcs = this.informer('persistentvolumeclaims');
    this.revisions = this.informer('controllerrevisions.apps');
    this.pods.addIndexer('controllerUid', indexers.controllerUid);
    this.revisions.addIndexer('controllerUid', indexers.controllerUid);
    this.sets.addEventHandler({ onAdd: (o) => this.enqueue(o), onUpdate: (_o, n) => this.enqueue(n), onDelete: (o) => this.enqueue(o) });
    const owner = (p: KubeObject) => { const r = getControllerOf(p); if (r?.kind === 'StatefulSet') this.enqueue(`${p.metadata.namespace}/${r.name}`); };
    this.pods.addEventHandler({ onAdd: owner, onUpdate: (_o, p) => owner(p), onDelete: owner });
  }

  async reconcile(key: string): Promise<void> {
    const set = this.sets.get(key);
    if (!set || set.metadata.deletionTimestamp) return;
    const name = set.metadata.name!;
    const { update, list } = await syncRevision(this.client, set, this.revisions.byIndex('controllerUid', set.metadata.uid!));
    const updateRev = update.metadata.name!;
    const replicas = set.spec?.replicas ?? 1;
    const parallel = set.spec?.podManagementPolicy === 'Parallel';
    const pods = new Map<number, KubeObject>();
    const extra: KubeObject[] = [];
    for (const p of this.pods.byIndex('controllerUid', set.metadata.uid!)) {
      const ord = ordinalOf(name, p.metadata.name!);
      if (ord === undefined) continue;
      if (ord < replicas) pods.set(ord, p); else extra.push(p);
    }
    for (const [ord, p] of pods) await this.syncClaimOwners(set, ord, p, false);
    for (const p of extra) await this.syncClaimOwners(set, ordinalOf(name, p.metadata.name!)!, p, true);
    const currentRev = set.status?.currentRevision ?? updateRev;
    const revByName = new Map(list.map((r) => [r.metadata.name!, r]));
    const runningReady = (p: KubeObject) => p.status?.phase === 'Running' && isPodReady(p) && !p.metadata.deletionTimestamp;
    let blocked = false;

    for (let i = 0; i < replicas && !blocked; i++) {
      const p = pods.get(i);
      if (p && (p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') && !p.metadata.deletionTimestamp) {
        await this.deletePod(set, p);
        if (!parallel) blocked = true;
        continue;
      }
      if (!p) {
        // A new pod gets the current revision below the partition, the update revision above it.
        const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
        const rev = i < partition && revByName.has(currentRev) ? revByName.get(currentRev)! : update;
        await this.createPod(set, i, rev);
        if (!parallel) blocked = true;
        continue;
      }
      if (!parallel && !runningReady(p)) blocked = true;
    }
    // Scale down: highest ordinal first, one at a time unless Parallel.
    if (!blocked) {
      const victims = extra.filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => ordinalOf(name, b.metadata.name!)! - ordinalOf(name, a.metadata.name!)!);
      const terminating = extra.some((p) => p.metadata.deletionTimestamp);
      if (parallel) for (const v of victims) await this.deletePod(set, v);
      else if (victims.length && !terminating && [...pods.values()].every(runningReady)) { await this.deletePod(set, victims[0]); blocked = true; }
      else if (victims.length || terminating) blocked = true;
    }
    // Rolling update: highest ordinal below replicas down to partition, one at a time.
    if (!blocked && (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
      const all = [...pods.values()];
      if (all.length === replicas && all.every(runningReady)) {
        for (let i = replicas - 1; i >= partition; i--) {
          const p = pods.get(i)!;
          if (p.metadata.labels?.[REV_LABEL] !== updateRev) { await this.deletePod(set, p); break; }
        }
      }
    }
    await this.updateStatus(set, [...pods.values()], updateRev, currentRev, replicas);
    const inUse = new Set([...pods.values(), ...extra].map((p) => p.metadata.labels?.[REV_LABEL] ?? ''));
    inUse.add(updateRev); inUse.add(currentRev);
    await truncateHistory(this.client, set, list, inUse, set.spec?.revisionHistoryLimit ?? 10);
  }

  private async createPod(set: KubeObject, i: number, rev: KubeObject): Promise<void> {
    const ns = set.metadata.namespace!;
    const podName = `${set.metadata.name}-${i}`;
    const template = templateOf(rev);
    const pod = podFromTemplate(template, set, podName);
    delete pod.metadata.generateName;
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME]: podName, [POD_INDEX]: String(i), [REV_LABEL]: rev.metadata.name! };
    pod.spec.hostname = podName;
    if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
    const volumes: any[] = (pod.spec.volumes ?? []).slice();
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const claimName = `${t.metadata.name}-${set.metadata.name}-${i}`;
      if (!this.pvcs.get(`${ns}/${claimName}`)) {
        const pvc: KubeObject = {
          apiVersion: 'v1', kind: 'PersistentVolumeClaim',
          metadata: {
            name: claimName, namespace: ns, labels: { ...(set.spec?.selector?.matchLabels ?? {}), ...(t.metadata?.labels ?? {}) },
            ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
            ...(retention(set).whenDeleted === 'Delete' ? { ownerReferences: [setRef(set)] } : {}),
          },
          spec: structuredClone(t.spec ?? {}),
        };
        try {
          await this.client.create('persistentvolumeclaims', ns, pvc);
          this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${podName} in StatefulSet ${set.metadata.name} success`);
        } catch (err) { if (!isApiError(err, 'AlreadyExists')) throw err; }
      }
      const idx = volumes.findIndex((v) => v.name === t.metadata.name);
      const vol = { name: t.metadata.name, persistentVolumeClaim: { claimName } };
      if (idx >= 0) volumes[idx] = vol; else volumes.push(vol);
    }
    if (volumes.length) pod.spec.volumes = volumes;
    try {
      await this.client.create('pods', ns, pod);
      this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${set.metadata.name} successful`);
    } catch (err) {
      if (isApiError(err, 'AlreadyExists')) return;
      this.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${(err as Error).message}`);
      throw err;
    }
  }

  /**
   * persistentVolumeClaimRetentionPolicy as owner references on a pod's claims (Kubernetes'
   * updateClaimOwnerRefForSetAndPod): whenDeleted=Delete → owned by the set; whenScaled=Delete
   * and the pod is beyond replicas → owned by the pod instead, so the claim goes with it.
   */
  private async syncClaimOwners(set: KubeObject, ordinal: number, pod: KubeObject, condemned: boolean): Promise<void> {
    const { whenDeleted, whenScaled } = retention(set);
    const byPod = whenScaled === 'Delete' && condemned;
    const bySet = whenDeleted === 'Delete' && !byPod;
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const claim = this.pvcs.get(`${set.metadata.namespace}/${t.metadata?.name}-${set.metadata.name}-${ordinal}`);
      if (!claim || claim.metadata.deletionTimestamp) continue;
      const refs: any[] = claim.metadata.ownerReferences ?? [];
      const next = refs.filter((r) => r.uid !== set.metadata.uid && r.uid !== pod.metadata.uid);
      if (bySet) next.push(refs.find((r) => r.uid === set.metadata.uid) ?? setRef(set));
      if (byPod) next.push(refs.find((r) => r.uid === pod.metadata.uid) ?? { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid });
      if (JSON.stringify(next) === JSON.stringify(refs)) continue;
      const upd = structuredClone(claim);
      if (next.length) upd.metadata.ownerReferences = next; else delete upd.metadata.ownerReferences;
      try { await this.client.update('persistentvolumeclaims', claim.metadata.namespace, upd); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
    }
  }

  private async deletePod(set: KubeObject, p: KubeObject): Promise<void> {
    try {
      await this.client.delete('pods', p.metadata.namespace, p.metadata.name!);
      this.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }

  private async updateStatus(set: KubeObject, pods: KubeObject[], updateRev: string, currentRev: string, replicas: number): Promise<void> {
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    const updated = live.filter((p) => p.metadata.labels?.[REV_LABEL] === updateRev).length;
    const ready = live.filter(isPodReady).length;
    const allUpdated = updated === replicas && live.length === replicas;
    const st: any = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas: live.length,
      readyReplicas: ready,
      currentReplicas: allUpdated ? updated : live.filter((p) => p.metadata.labels?.[REV_LABEL] === currentRev).length,
      updatedReplicas: updated,
      availableReplicas: ready,
      currentRevision: allUpdated ? updateRev : currentRev,
      updateRevision: updateRev,
      collisionCount: set.status?.collisionCount ?? 0,
    };
    for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (!st[k]) delete st[k];
    const cur = set.status ?? {};
    if (JSON.stringify(Object.keys(st).sort().map((k) => [k, st[k]])) === JSON.stringify(Object.keys(st).sort().map((k) => [k, cur[k]]))
      && Object.keys(cur).filter((k) => k !== 'conditions').every((k) => k in st)) return;
    const next = structuredClone(set);
    next.status = { ...st, ...(cur.conditions ? { conditions: cur.conditions } : {}) };
    await this.client.update('statefulsets.apps', set.metadata.namespace, next, { subresource: 'status' });
  }
}

function retention(set: KubeObject): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: p.whenDeleted ?? 'Retain', whenScaled: p.whenScaled ?? 'Retain' };
}

/** A plain (non-controller) owner reference to the set, as Kubernetes puts on retained-policy claims. */
function setRef(set: KubeObject): any {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid };
}

export function ordinalOf(setName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${setName}-`)) return undefined;
  const s = podName.slice(setName.length + 1);
  return /^\d+$/.test(s) ? Number(s) : undefined;
}

export { REVISION_HASH };
