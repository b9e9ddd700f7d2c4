// ReplicaSetController: keeps spec.replicas pods of the template running. Creates pods in
// slow-start batches (1, 2, 4, …) named `<rs>-xxxxx` with a controller ownerReference,
// deletes surplus pods in Kubernetes' preference order (unscheduled, pending, not ready,
// newest), and reports status (replicas, fullyLabeled, ready, available, observedGeneration,
// ReplicaFailure). Expectations keep it from acting twice before its informer catches up.
// Orphaned pods matching the selector are adopted (adoption.ts); release is not implemented.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import { metaNamespaceKey, indexers, type SharedInformer } from '../client/informer';
import { labelsMatchMap } from '../client/labels';
import { adoptOrphans } from './adoption';
import { Expectations, getControllerOf, isPodActive, isPodAvailable, isPodReady, now, podFromTemplate, randomSuffix, setCondition } from './util';

const BURST = 500;

export class ReplicaSetController extends Controller {
  readonly rsInformer: SharedInformer;
  readonly podInformer: SharedInformer;
  readonly expectations = new Expectations();
  private readonly recorder: EventRecorder;

  constructor(config: ControllerConfig) {
    super('replicaset-controller', config);
    this.recorder = new EventRecorder(this.client, 'replicaset-controller', this.log);
    this.rsInformer = this.informer('replicasets.apps');
    this.podInformer = this.informer('pods');
    this.podInformer.addIndexer('controllerUid', indexers.controllerUid);
    this.rsInformer.addEventHandler({
      onAdd: (o) => this.enqueue(o), onUpdate: (_o, n) => this.enqueue(n),
      onDelete: (o) => { this.expectations.delete(metaNamespaceKey(o)); this.enqueue(o); },
    });
    const owner = (p: KubeObject) => {
      const r = getControllerOf(p);
      return r?.kind === 'ReplicaSet' ? `${p.metadata.namespace}/${r.name}` : undefined;
    };
    this.podInformer.addEventHandler({
      onAdd: (p) => { const k = owner(p); if (k) { this.expectations.observeAdd(k); this.enqueue(k); } },
      onUpdate: (_o, p) => { const k = owner(p); if (k) this.enqueue(k); },
      onDelete: (p) => { const k = owner(p); if (k) { this.expectations.observeDelete(k); this.enqueue(k); } },
    });
  }

  async reconcile(key: string): Promise<void> {
    const rs = this.rsInformer.get(key);
    if (!rs) { this.expectations.delete(key); return; }
    const adopted = await adoptOrphans(this.client, 'pods', rs, this.podInformer, isPodActive);
    const all = [...this.podInformer.byIndex('controllerUid', rs.metadata.uid!), ...adopted.filter((p) => !this.podInformer.byIndex('controllerUid', rs.metadata.uid!).some((x) => x.metadata.uid === p.metadata.uid))];
    const pods = all.filter(isPodActive);
    let manageError: Error | undefined;
    if (this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp) {
      try { await this.manage(key, rs, pods); } catch (err) { manageError = err as Error; }
    }
    await this.updateStatus(rs, pods, manageError);
    if (manageError) throw manageError;
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (minReady && pods.some((p) => isPodReady(p) && !isPodAvailable(p, minReady))) this.queue.addAfter(key, minReady * 1000);
  }

  private async manage(key: string, rs: KubeObject, pods: KubeObject[]): Promise<void> {
    const want = rs.spec?.replicas ?? 1;
    const diff = pods.length - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST);
      this.expectations.expect(key, n, 0);
      let created = 0;
      let attempted = 0;
      let batch = 1;
      let firstErr: Error | undefined;
      while (created < n && !firstErr) {
        const size = Math.min(batch, n - created);
        attempted += size;
        const results = await Promise.allSettled(Array.from({ length: size }, () => this.createPod(rs)));
        for (const r of results) {
          if (r.status === 'fulfilled') created++;
          else { firstErr ??= r.reason; this.expectations.lowerAdd(key); }
        }
        batch *= 2;
      }
      // Pods never attempted after an error are not expected either.
      if (firstErr) { this.expectations.lowerAdd(key, n - attempted); throw firstErr; }
    } else if (diff > 0) {
      const victims = [...pods].sort(deletionOrder).slice(0, Math.min(diff, BURST));
      this.expectations.expect(key, 0, victims.length);
      await Promise.all(victims.map(async (p) => {
        try {
          await this.client.delete('pods', p.metadata.namespace, p.metadata.name!);
          this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (err) {
          this.expectations.observeDelete(key);
          if (!isApiError(err, 'NotFound')) {
            this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
            throw err;
          }
        }
      }));
    }
  }

  private async createPod(rs: KubeObject): Promise<void> {
    const pod = podFromTemplate(rs.spec?.template, rs, `${rs.metadata.name}-${randomSuffix()}`);
    try {
      const created = await this.client.create('pods', rs.metadata.namespace, pod);
      this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  private async updateStatus(rs: KubeObject, pods: KubeObject[], err?: Error): Promise<void> {
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    const status: any = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.filter((p) => labelsMatchMap(templateLabels, p.metadata.labels)).length,
      readyReplicas: pods.filter(isPodReady).length,
      availableReplicas: pods.filter((p) => isPodAvailable(p, minReady)).length,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    let conds = (rs.status?.conditions ?? []).filter((c: any) => c.type !== 'ReplicaFailure');
    if (err && pods.length < (rs.spec?.replicas ?? 1)) {
      conds = setCondition(conds, { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: err.message, lastTransitionTime: now() });
    }
    if (conds.length) status.conditions = conds;
    const cur = rs.status ?? {};
    const same = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']
      .every((k) => (cur[k] ?? 0) === status[k]) && JSON.stringify(cur.conditions ?? []) === JSON.stringify(status.conditions ?? []);
    if (same) return;
    const next = structuredClone(rs);
    next.status = status;
    await this.client.update('replicasets.apps', rs.metadata.namespace, next, { subresource: 'status' });
  }
}

/** Kubernetes' ActivePods ordering: which pods go first when scaling down. */
export function deletionOrder(a: KubeObject, b: KubeObject): number {
  const assigned = (p: KubeObject) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: KubeObject) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? 'Pending'] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: KubeObject) => (isPodReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  const restarts = (p: KubeObject) => (p.status?.containerStatuses ?? []).reduce((s: number, c: any) => s + (c.restartCount ?? 0), 0);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (p: KubeObject) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;
  return created(b) - created(a);
}
