// DeploymentController: rolls a Deployment's pod template out through ReplicaSets named
// `<deployment>-<pod-template-hash>`: RollingUpdate (maxSurge/maxUnavailable) or Recreate,
// revision numbering (`deployment.kubernetes.io/revision`; a template equal to an old
// ReplicaSet's, e.g. after `kubectl rollout undo`, reuses it with the next revision),
// revisionHistoryLimit clean-up, pause, progress deadline, status and conditions, and
// proportional scaling of the active ReplicaSets on a scale event in mid-rollout.
// Orphaned ReplicaSets matching the selector are adopted.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import { indexers, type SharedInformer } from '../client/informer';
import { adoptOrphans } from './adoption';
import { computeHash, controllerRef, deepEqual, getControllerOf, isPodActive } from './util';
import { DESIRED, MAX_REPLICAS, REVISION, calculateStatus, deploymentComplete, maxSurge, maxUnavailable, progressingCondition } from './deploymentStatus';

const SKIP_ANNOTATIONS = new Set([REVISION, DESIRED, MAX_REPLICAS, 'deployment.kubernetes.io/revision-history', 'kubectl.kubernetes.io/last-applied-configuration']);

const revision = (rs: KubeObject) => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
const created = (o: KubeObject) => Date.parse(o.metadata.creationTimestamp ?? '') || 0;
const byAge = (a: KubeObject, b: KubeObject) => created(a) - created(b) || (a.metadata.name! < b.metadata.name! ? -1 : 1);

function templateWithoutHash(t: any): any {
  const c = structuredClone(t ?? {});
  if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
  return c;
}

export class DeploymentController extends Controller {
  readonly dInformer: SharedInformer;
  readonly rsInformer: SharedInformer;
  readonly podInformer: SharedInformer;
  private readonly recorder: EventRecorder;

  constructor(config: ControllerConfig) {
    super('deployment-controller', config);
    this.recorder = new EventRecorder(this.client, 'deployment-controller', this.log);
    this.dInformer = this.informer('deployments.apps');
    this.rsInformer = this.informer('replicasets.apps');
    this.podInformer = this.informer('pods');
    this.rsInformer.addIndexer('controllerUid', indexers.controllerUid);
    this.podInformer.addIndexer('controllerUid', indexers.controllerUid);
    this.dInformer.addEventHandler({ onAdd: (o) => this.enqueue(o), onUpdate: (_o, n) => this.enqueue(n), onDelete: (o) => this.enqueue(o) });
    const owner = (rs: KubeObject) => {
      const r = getControllerOf(rs);
      if (r?.kind === 'Deployment') this.enqueue(`${rs.metadata.namespace}/${r.name}`);
    };
    this.rsInformer.addEventHandler({ onAdd: owner, onUpdate: (_o, n) => owner(n), onDelete: owner });
    // Recreate waits for old pods to be gone: a pod deletion may unblock it.
    this.podInformer.addEventHandler({
      onDelete: (p) => {
        const r = getControllerOf(p);
        if (r?.kind !== 'ReplicaSet') return;
        const rs = this.rsInformer.getByName(p.metadata.namespace, r.name);
        if (rs) owner(rs);
      },
    });
  }

  async reconcile(key: string): Promise<void> {
    const d = this.dInformer.get(key);
    if (!d || d.metadata.deletionTimestamp) return;
    const adopted = await adoptOrphans(this.client, 'replicasets.apps', d, this.rsInformer);
    const owned = this.rsInformer.byIndex('controllerUid', d.metadata.uid!);
    const rsList = [...owned, ...adopted.filter((r) => !owned.some((x) => x.metadata.uid === r.metadata.uid))];
    const tmpl = templateWithoutHash(d.spec?.template);
    const newRS = rsList.filter((rs) => deepEqual(templateWithoutHash(rs.spec?.template), tmpl)).sort(byAge)[0];
    const oldRSs = rsList.filter((rs) => rs !== newRS);
    const recreate = d.spec?.strategy?.type === 'Recreate';

    if (d.spec?.paused) {
      const target = newRS ? await this.syncRevision(d, newRS, oldRSs) : undefined;
      if (target && (target.spec?.replicas ?? 0) !== (d.spec?.replicas ?? 1) && !oldRSs.some((r) => (r.spec?.replicas ?? 0) > 0)) {
        await this.scale(d, target, d.spec?.replicas ?? 1);
      }
      return this.syncStatus(d, rsList, target, false);
    }

    if (recreate) {
      let scaled = false;
      for (const rs of oldRSs) if ((rs.spec?.replicas ?? 0) > 0) { await this.scale(d, rs, 0); scaled = true; }
      if (scaled) return this.syncStatus(d, rsList, newRS, false);
      const oldPodsRunning = oldRSs.some((rs) => this.podInformer.byIndex('controllerUid', rs.metadata.uid!).some(isPodActive) || (rs.status?.replicas ?? 0) > 0);
      if (oldPodsRunning) return this.syncStatus(d, rsList, newRS, false);
      const { rs, isNew } = await this.getNewReplicaSet(d, newRS, oldRSs, d.spec?.replicas ?? 1);
      if ((rs.spec?.replicas ?? 0) !== (d.spec?.replicas ?? 1)) await this.scale(d, rs, d.spec?.replicas ?? 1);
      return this.finish(d, [...oldRSs, rs], rs, isNew);
    }

    const replicas = d.spec?.replicas ?? 1;
    const surge = maxSurge(d);
    const allSpec = (list: KubeObject[]) => list.reduce((s, rs) => s + (rs.spec?.replicas ?? 0), 0);
    const initial = newRS ? newRS.spec?.replicas ?? 0 : Math.max(0, Math.min(replicas, replicas + surge - allSpec(oldRSs)));
    const { rs, isNew } = await this.getNewReplicaSet(d, newRS, oldRSs, initial);
    const all = [...oldRSs, rs];
    if (!isNew && await this.scaleProportionally(d, all, rs)) return this.syncStatus(d, all, rs, isNew);

    // reconcileNewReplicaSet
    const cur = rs.spec?.replicas ?? 0;
    if (cur > replicas) { await this.scale(d, rs, replicas); return this.syncStatus(d, all, rs, isNew); }
    if (cur < replicas) {
      const total = allSpec(all);
      const maxTotal = replicas + surge;
      if (total < maxTotal) {
        await this.scale(d, rs, cur + Math.min(maxTotal - total, replicas - cur));
        return this.syncStatus(d, all, rs, isNew);
      }
    }

    // reconcileOldReplicaSets
    if (await this.scaleDownOld(d, oldRSs, rs, all)) return this.syncStatus(d, all, rs, isNew);
    return this.finish(d, all, rs, isNew);
  }

  /**
   * A scale event in the middle of a rollout (spec.replicas differs from the desired-replicas
   * annotation of the active sets): spread the difference over the active ReplicaSets in
   * proportion to their size, the remainder to the newest, as Kubernetes does.
   */
  private async scaleProportionally(d: KubeObject, all: KubeObject[], newRS: KubeObject): Promise<boolean> {
    const replicas = d.spec?.replicas ?? 1;
    const active = all.filter((r) => (r.spec?.replicas ?? 0) > 0);
    if (active.length < 2) return false;
    if (!active.some((r) => r.metadata.annotations?.[DESIRED] !== undefined && Number(r.metadata.annotations[DESIRED]) !== replicas)) return false;
    const total = active.reduce((s, r) => s + (r.spec?.replicas ?? 0), 0);
    const diff = replicas + maxSurge(d) - total;
    if (diff === 0) return false;
    const sorted = [...active].sort((a, b) => (b.spec?.replicas ?? 0) - (a.spec?.replicas ?? 0) || byAge(b, a));
    const target = new Map(sorted.map((r) => [r, r.spec?.replicas ?? 0]));
    let left = diff;
    for (const r of sorted) {
      if (left === 0) break;
      const share = Math.trunc((diff * (r.spec?.replicas ?? 0)) / total);
      const n = diff > 0 ? Math.min(share, left) : Math.max(share, left);
      target.set(r, Math.max(0, target.get(r)! + n));
      left -= n;
    }
    if (left !== 0) target.set(newRS, Math.max(0, (target.get(newRS) ?? newRS.spec?.replicas ?? 0) + left));
    for (const [r, t] of target) await this.scale(d, r, t);
    return true;
  }

  private async scaleDownOld(d: KubeObject, oldRSs: KubeObject[], newRS: KubeObject, all: KubeObject[]): Promise<boolean> {
    const active = oldRSs.filter((r) => (r.spec?.replicas ?? 0) > 0).sort(byAge);
    if (!active.length) return false;
    const allPods = all.reduce((s, r) => s + (r.spec?.replicas ?? 0), 0);
    const minAvailable = (d.spec?.replicas ?? 1) - maxUnavailable(d);
    const newUnavailable = (newRS.spec?.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
    let budget = allPods - minAvailable - newUnavailable;
    if (budget <= 0) return false;
    let scaled = false;
    // First the unhealthy replicas of old sets (they do not count as available anyway).
    const target = new Map(active.map((r) => [r, r.spec?.replicas ?? 0]));
    for (const r of active) {
      if (budget <= 0) break;
      const unhealthy = (r.spec?.replicas ?? 0) - (r.status?.availableReplicas ?? 0);
      const n = Math.min(budget, Math.max(0, unhealthy));
      if (n > 0) { target.set(r, target.get(r)! - n); budget -= n; }
    }
    // Then available ones, keeping minAvailable.
    const available = all.reduce((s, r) => s + (r.status?.availableReplicas ?? 0), 0);
    let down = available - minAvailable;
    for (const r of active) {
      if (down <= 0) break;
      const t = target.get(r)!;
      const n = Math.min(t, down);
      if (n > 0) { target.set(r, t - n); down -= n; }
    }
    for (const [r, t] of target) if (t !== (r.spec?.replicas ?? 0)) { await this.scale(d, r, t); scaled = true; }
    return scaled;
  }

  /** Rollout done or nothing to do: clean up history and write status. */
  private async finish(d: KubeObject, all: KubeObject[], newRS: KubeObject, isNew: boolean): Promise<void> {
    const st = calculateStatus(d, all, newRS);
    if (deploymentComplete(d, st)) await this.cleanup(d, all.filter((r) => r !== newRS));
    return this.syncStatus(d, all, newRS, isNew);
  }

  private async cleanup(d: KubeObject, oldRSs: KubeObject[]): Promise<void> {
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const idle = oldRSs.filter((r) => !(r.spec?.replicas ?? 0) && !(r.status?.replicas ?? 0) && !r.metadata.deletionTimestamp).sort((a, b) => revision(a) - revision(b) || byAge(a, b));
    for (const r of idle.slice(0, Math.max(0, idle.length - limit))) {
      try { await this.client.delete('replicasets.apps', r.metadata.namespace, r.metadata.name!); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
    }
  }

  private async syncRevision(d: KubeObject, rs: KubeObject, oldRSs: KubeObject[]): Promise<KubeObject> {
    const maxOld = Math.max(0, ...oldRSs.map(revision));
    const want = revision(rs) <= maxOld ? String(maxOld + 1) : String(revision(rs));
    return this.annotate(d, rs, want);
  }

  /** Finds or creates the ReplicaSet for the current template; keeps its revision and replica annotations current. */
  private async getNewReplicaSet(d: KubeObject, existing: KubeObject | undefined, oldRSs: KubeObject[], replicas: number): Promise<{ rs: KubeObject; isNew: boolean }> {
    if (existing) return { rs: await this.syncRevision(d, existing, oldRSs), isNew: false };
    const maxOld = Math.max(0, ...oldRSs.map(revision));
    const collision = d.status?.collisionCount ?? 0;
    const hash = computeHash(templateWithoutHash(d.spec?.template), collision);
    const template = structuredClone(d.spec?.template ?? {});
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash } };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
    const rs: KubeObject = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        annotations: { ...this.copiedAnnotations(d), [REVISION]: String(maxOld + 1), [DESIRED]: String(d.spec?.replicas ?? 1), [MAX_REPLICAS]: String((d.spec?.replicas ?? 1) + maxSurge(d)) },
        ownerReferences: [controllerRef(d)],
      },
      spec: { replicas, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    try {
      const made = await this.client.create('replicasets.apps', d.metadata.namespace, rs);
      this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${made.metadata.name} to ${replicas}`);
      return { rs: made, isNew: true };
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) throw err;
      // Same name, different template: a hash collision. Bump collisionCount and retry.
      const next = structuredClone(d);
      next.status = { ...(next.status ?? {}), collisionCount: collision + 1 };
      await this.client.update('deployments.apps', d.metadata.namespace, next, { subresource: 'status' });
      throw err;
    }
  }

  private copiedAnnotations(d: KubeObject): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!SKIP_ANNOTATIONS.has(k)) out[k] = v;
    return out;
  }

  private async annotate(d: KubeObject, rs: KubeObject, rev: string): Promise<KubeObject> {
    const ann = { ...(rs.metadata.annotations ?? {}), ...this.copiedAnnotations(d), [REVISION]: rev, [DESIRED]: String(d.spec?.replicas ?? 1), [MAX_REPLICAS]: String((d.spec?.replicas ?? 1) + maxSurge(d)) };
    if (deepEqual(ann, rs.metadata.annotations ?? {}) && (rs.spec?.minReadySeconds ?? 0) === (d.spec?.minReadySeconds ?? 0)) return rs;
    const next = structuredClone(rs);
    next.metadata.annotations = ann;
    next.spec.minReadySeconds = d.spec?.minReadySeconds ?? 0;
    return this.client.update('replicasets.apps', rs.metadata.namespace, next);
  }

  private async scale(d: KubeObject, rs: KubeObject, to: number): Promise<KubeObject> {
    const from = rs.spec?.replicas ?? 0;
    const next = structuredClone(rs);
    next.spec.replicas = to;
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [DESIRED]: String(d.spec?.replicas ?? 1), [MAX_REPLICAS]: String((d.spec?.replicas ?? 1) + maxSurge(d)) };
    const out = await this.client.update('replicasets.apps', rs.metadata.namespace, next);
    if (from !== to) this.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`);
    rs = out;
    return out;
  }

  private async syncStatus(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined, isNew: boolean): Promise<void> {
    const st = calculateStatus(d, all, newRS);
    const recheck = progressingCondition(d, st, newRS, isNew);
    if (d.spec?.paused) {
      const cur = (d.status?.conditions ?? []).find((c: any) => c.type === 'Progressing');
      if (cur?.reason !== 'DeploymentPaused') {
        const t = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        st.conditions = [...st.conditions.filter((c: any) => c.type !== 'Progressing'), { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused', lastUpdateTime: t, lastTransitionTime: t }];
      } else st.conditions = [...st.conditions.filter((c: any) => c.type !== 'Progressing'), cur];
    }
    // Keep Progressing before Available as Kubernetes lists them in creation order.
    st.conditions.sort((a: any, b: any) => (a.type === 'Available' ? 0 : 1) - (b.type === 'Available' ? 0 : 1));
    const rev = newRS ? newRS.metadata.annotations?.[REVISION] : undefined;
    if (rev && d.metadata.annotations?.[REVISION] !== rev) {
      const next = structuredClone(d);
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [REVISION]: rev };
      await this.client.update('deployments.apps', d.metadata.namespace, next);
      return; // the update re-queues us; status follows with the new resourceVersion
    }
    if (recheck !== undefined) this.queue.addAfter(`${d.metadata.namespace}/${d.metadata.name}`, Math.max(1, Math.ceil(recheck)) * 1000 + 10);
    if (deepEqual(st, d.status ?? {})) return;
    const next = structuredClone(d);
    next.status = st;
    await this.client.update('deployments.apps', d.metadata.namespace, next, { subresource: 'status' });
  }
}
