// DaemonSetController: one pod per eligible node (nodeSelector, required node affinity, and
// taints tolerated with the DaemonSet's automatic tolerations: not-ready/unreachable
// NoExecute, disk/memory/pid-pressure and unschedulable NoSchedule), also for nodes added
// later. Pods are pinned with required node affinity on metadata.name and bound by the
// scheduler, as Kubernetes does. RollingUpdate replaces pods of older revisions, at most
// maxUnavailable at a time. Status: desired/current/ready/available/updated/misscheduled.
// Not implemented: maxSurge, OnDelete nuances, minReadySeconds.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import { indexers, type SharedInformer } from '../client/informer';
import { effectiveTaints, matchesNodeAffinity, tolerated } from '../scheduler/filters';
import { Expectations, getControllerOf, isPodActive, isPodReady, podFromTemplate, randomSuffix, scaledValue } from './util';
import { syncRevision, templateOf, truncateHistory } from './revisions';

const REV_LABEL = 'controller-revision-hash';

export const DAEMON_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

export class DaemonSetController extends Controller {
  readonly sets: SharedInformer;
  readonly pods: SharedInformer;
  readonly nodes: SharedInformer;
  readonly revisions: SharedInformer;
  private readonly recorder: EventRecorder;
  private readonly expectations = new Expectations();

  constructor(config: ControllerConfig) {
    super('daemonset-controller', config);
    this.recorder = new EventRecorder(this.client, 'daemonset-controller', this.log);
    this.sets = this.informer('daemonsets.apps');
    this.pods = this.informer('pods');
    this.nodes = this.informer('nodes');
    this.revisions = this.informer('controllerrevisions.apps');
    this.pods.addIndexer('controllerUid', indexers.controllerUid);
    this.revisions.addIndexer('controllerUid', indexers.controllerUid);
    this.sets.addEventHandler({ onAdd: (o) => this.enqueue(o), onUpdate: (_o, n) => this.enqueue(n) });
    const owner = (p: KubeObject) => { const r = getControllerOf(p); if (r?.kind === 'DaemonSet') this.enqueue(`${p.metadata.namespace}/${r.name}`); };
    this.pods.addEventHandler({
      onAdd: (p) => { const r = getControllerOf(p); if (r?.kind === 'DaemonSet') this.expectations.observeAdd(`${p.metadata.namespace}/${r.name}`); owner(p); },
      onUpdate: (_o, p) => owner(p), onDelete: owner,
    });
    const all = () => { for (const k of this.sets.keys()) this.enqueue(k); };
    this.nodes.addEventHandler({ onAdd: all, onUpdate: (o, n) => { if (JSON.stringify([o.metadata.labels, o.spec, readyOf(o)]) !== JSON.stringify([n.metadata.labels, n.spec, readyOf(n)])) all(); }, onDelete: all });
  }

  /** Would a daemon pod of this template run on the node? */
  shouldRun(template: any, node: KubeObject): boolean {
    const pod = { spec: template?.spec ?? {} };
    if (!matchesNodeAffinity(pod, node)) return false;
    const tols = [...(template?.spec?.tolerations ?? []), ...DAEMON_TOLERATIONS];
    for (const t of effectiveTaints(node)) {
      if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
      if (!tolerated(tols, t)) return false;
    }
    return true;
  }

  /**
   * May a daemon pod already on the node stay there? Yes unless its node affinity no longer
   * matches or a NoExecute taint is not tolerated (Kubernetes' shouldContinueRunning): a node
   * gone unreachable (NoSchedule + NoExecute taints) keeps its daemon pod.
   */
  shouldContinueRunning(template: any, node: KubeObject): boolean {
    if (!matchesNodeAffinity({ spec: template?.spec ?? {} }, node)) return false;
    const tols = [...(template?.spec?.tolerations ?? []), ...DAEMON_TOLERATIONS];
    return effectiveTaints(node).every((t) => t.effect !== 'NoExecute' || tolerated(tols, t));
  }

  async reconcile(key: string): Promise<void> {
    const ds = this.sets.get(key);
    if (!ds || ds.metadata.deletionTimestamp) return;
    if (!this.expectations.satisfied(key)) return; // our last creates are not observed yet
    const { update, list } = await syncRevision(this.client, ds, this.revisions.byIndex('controllerUid', ds.metadata.uid!));
    const updateRev = update.metadata.name!;
    const byNode = new Map<string, KubeObject[]>();
    for (const p of this.pods.byIndex('controllerUid', ds.metadata.uid!)) {
      if (!isPodActive(p)) { if (p.status?.phase === 'Failed' && !p.metadata.deletionTimestamp) await this.deletePod(ds, p); continue; }
      const n = nodeOf(p);
      if (!n) continue;
      let l = byNode.get(n);
      if (!l) { l = []; byNode.set(n, l); }
      l.push(p);
    }
    let desired = 0; let current = 0; let ready = 0; let updated = 0; let misscheduled = 0;
    const nodes = this.nodes.list();
    const outdated: KubeObject[] = [];
    const toCreate = nodes.filter((n) => this.shouldRun(ds.spec?.template, n) && !(byNode.get(n.metadata.name!) ?? []).length).length;
    this.expectations.expect(key, toCreate, 0);
    let unavailable = 0;
    for (const node of nodes) {
      const name = node.metadata.name!;
      const run = this.shouldRun(ds.spec?.template, node);
      const pods = byNode.get(name) ?? [];
      if (run) {
        desired++;
        if (!pods.length) {
          try { await this.createPod(ds, name, update); } catch (err) { this.expectations.delete(key); throw err; }
          unavailable++;
          continue;
        }
        // Duplicates: keep the oldest.
        const sorted = [...pods].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
        for (const extra of sorted.slice(1)) await this.deletePod(ds, extra);
        const p = sorted[0];
        if (p.spec?.nodeName) current++;
        if (isPodReady(p)) ready++; else unavailable++;
        if (p.metadata.labels?.[REV_LABEL] === updateRev) updated++; else outdated.push(p);
      } else {
        const keep = this.shouldContinueRunning(ds.spec?.template, node);
        for (const p of pods) { if (p.spec?.nodeName) misscheduled++; if (!keep) await this.deletePod(ds, p); }
      }
    }
    for (const [n, pods] of byNode) if (!nodes.some((x) => x.metadata.name === n)) for (const p of pods) await this.deletePod(ds, p);
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const maxUnavailable = Math.max(1, scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, desired, true, 1));
      // Not-ready outdated pods go first; then ready ones while the budget allows.
      const order = [...outdated].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)));
      for (const p of order) {
        if (!isPodReady(p)) { await this.deletePod(ds, p); continue; }
        if (unavailable >= maxUnavailable) break;
        await this.deletePod(ds, p); unavailable++;
      }
    }
    const st = {
      currentNumberScheduled: current, desiredNumberScheduled: desired, numberMisscheduled: misscheduled,
      numberReady: ready, numberAvailable: ready, numberUnavailable: Math.max(0, desired - ready),
      updatedNumberScheduled: updated, observedGeneration: ds.metadata.generation ?? 1,
    } as Record<string, number>;
    const cur = ds.status ?? {};
    if (Object.keys(st).some((k) => (cur[k] ?? 0) !== st[k])) {
      const next = structuredClone(ds);
      next.status = { ...cur, ...st };
      if (!st.numberUnavailable) delete next.status.numberUnavailable;
      await this.client.update('daemonsets.apps', ds.metadata.namespace, next, { subresource: 'status' });
    }
    const inUse = new Set(this.pods.byIndex('controllerUid', ds.metadata.uid!).map((p) => p.metadata.labels?.[REV_LABEL] ?? ''));
    inUse.add(updateRev);
    await truncateHistory(this.client, ds, list, inUse, ds.spec?.revisionHistoryLimit ?? 10);
  }

  private async createPod(ds: KubeObject, node: string, rev: KubeObject): Promise<void> {
    const pod = podFromTemplate(templateOf(rev), ds, `${ds.metadata.name}-${randomSuffix()}`);
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [REV_LABEL]: rev.metadata.name!, 'pod-template-generation': String(ds.metadata.generation ?? 1) };
    const spec = pod.spec;
    const tols: any[] = spec.tolerations ?? [];
    for (const t of DAEMON_TOLERATIONS) if (!tols.some((x) => x.key === t.key && x.effect === t.effect)) tols.push(t);
    spec.tolerations = tols;
    spec.affinity = { ...(spec.affinity ?? {}), nodeAffinity: { ...(spec.affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } };
    try {
      const made = await this.client.create('pods', ds.metadata.namespace, pod);
      this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name}`);
    } catch (err) {
      this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  private async deletePod(ds: KubeObject, p: KubeObject): Promise<void> {
    if (p.metadata.deletionTimestamp) return;
    try {
      await this.client.delete('pods', p.metadata.namespace, p.metadata.name!);
      this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
    } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }
}

const readyOf = (n: KubeObject) => (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;

/** The node a daemon pod is for: where it is bound, or the node its affinity pins it to. */
function nodeOf(p: KubeObject): string | undefined {
  if (p.spec?.nodeName) return p.spec.nodeName;
  const terms = p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.values?.length === 1) return f.values[0];
  return undefined;
}
