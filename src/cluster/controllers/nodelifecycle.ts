// NodeLifecycleController: watches node heartbeats (Lease in kube-node-lease and the Ready
// condition's lastHeartbeatTime). A node silent for longer than the grace period (40 s in
// Kubernetes; configurable) gets every condition set to Unknown (NodeStatusUnknown
// "Kubelet stopped posting node status.") and the taints node.kubernetes.io/unreachable
// NoSchedule+NoExecute; a node reporting Ready=False gets node.kubernetes.io/not-ready.
// Pods on a node whose Ready is not True get their Ready condition set to False (Warning
// NodeNotReady "Node is not ready"), so Endpoints drop them and kubectl shows 0/1. The
// taint manager part evicts (deletes) pods on NoExecute-tainted nodes that do not tolerate
// the taint, after their tolerationSeconds; their controllers replace them elsewhere. A node
// back to Ready=True loses those taints. Events on the node: RegisteredNode when the
// controller first sees it (also after a restart, as kube-controller-manager does),
// NodeNotReady, RemovingNode when it is deleted. Not implemented: zone-aware eviction rate
// limiting.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import { indexers, type SharedInformer } from '../client/informer';
import { tolerates, type Taint } from '../scheduler/filters';
import { now } from './util';

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';

export interface NodeLifecycleConfig extends ControllerConfig {
  nodeMonitorGracePeriodSeconds?: number;
  /** How often every node is checked (default: grace/4, at most 5 s). */
  monitorPeriodMs?: number;
}

export class NodeLifecycleController extends Controller {
  readonly nodes: SharedInformer;
  readonly leases: SharedInformer;
  readonly pods: SharedInformer;
  private readonly graceMs: number;
  private readonly periodMs: number;
  private readonly recorder: EventRecorder;
  /** Pods already marked for deletion by us (avoid re-deleting while the informer lags). */
  private readonly evicted = new Set<string>();
  /** Nodes this controller has announced with RegisteredNode. */
  private readonly registered = new Set<string>();

  constructor(config: NodeLifecycleConfig) {
    super('node-lifecycle-controller', config);
    const g = config.nodeMonitorGracePeriodSeconds ?? 40;
    if (!(g > 0)) throw new Error('node-lifecycle-controller: nodeMonitorGracePeriodSeconds must be positive');
    this.graceMs = g * 1000;
    this.periodMs = config.monitorPeriodMs ?? Math.min(5000, this.graceMs / 4);
    this.recorder = new EventRecorder(this.client, 'node-controller', this.log);
    this.nodes = this.informer('nodes');
    this.leases = this.informer('leases.coordination.k8s.io', { namespace: 'kube-node-lease' });
    this.pods = this.informer('pods');
    this.pods.addIndexer('nodeName', indexers.nodeName);
    this.nodes.addEventHandler({
      onAdd: (n) => this.enqueue(n), onUpdate: (_o, n) => this.enqueue(n),
      onDelete: (n) => {
        if (!this.registered.delete(n.metadata.name!)) return;
        this.recorder.event(n, 'Normal', 'RemovingNode', `Node ${n.metadata.name} event: Removing Node ${n.metadata.name} from Controller`);
      },
    });
    this.pods.addEventHandler({ onAdd: (p) => { if (p.spec?.nodeName) this.enqueue(p.spec.nodeName); } });
  }

  async start(signal: AbortSignal): Promise<void> {
    await super.start(signal);
    const t = setInterval(() => { for (const n of this.nodes.keys()) this.enqueue(n); }, this.periodMs);
    signal.addEventListener('abort', () => clearInterval(t), { once: true });
  }

  private lastHeartbeat(node: KubeObject): number {
    const lease = this.leases.get(`kube-node-lease/${node.metadata.name}`);
    const times = [Date.parse(lease?.spec?.renewTime ?? ''), Date.parse(node.metadata.creationTimestamp ?? '')];
    for (const c of node.status?.conditions ?? []) times.push(Date.parse(c.lastHeartbeatTime ?? ''));
    return Math.max(...times.filter((x) => !Number.isNaN(x)), 0);
  }

  async reconcile(name: string): Promise<void> {
    let node = this.nodes.get(name);
    if (!node) return;
    if (!this.registered.has(name)) {
      this.registered.add(name);
      this.recorder.event(node, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
    }
    const conds: any[] = node.status?.conditions ?? [];
    const ready = conds.find((c) => c.type === 'Ready');
    const silentFor = Date.now() - this.lastHeartbeat(node);
    if (silentFor > this.graceMs && ready && ready.status !== 'Unknown') {
      const t = now();
      const next = structuredClone(node);
      next.status.conditions = conds.map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: t }));
      node = await this.client.update('nodes', undefined, next, { subresource: 'status' });
      this.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    }
    const status = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;
    const wantKey = status === 'Unknown' ? UNREACHABLE : status === 'False' ? NOT_READY : undefined;
    const taints: any[] = node.spec?.taints ?? [];
    const others = taints.filter((t) => t.key !== UNREACHABLE && t.key !== NOT_READY);
    const mine = taints.filter((t) => t.key === wantKey);
    const want = wantKey ? [
      mine.find((t) => t.effect === 'NoSchedule') ?? { key: wantKey, effect: 'NoSchedule' },
      mine.find((t) => t.effect === 'NoExecute') ?? { key: wantKey, effect: 'NoExecute', timeAdded: now() },
    ] : [];
    const nextTaints = [...others, ...want];
    if (JSON.stringify(nextTaints) !== JSON.stringify(taints)) {
      const next = structuredClone(node);
      next.spec = { ...(next.spec ?? {}) };
      if (nextTaints.length) next.spec.taints = nextTaints; else delete next.spec.taints;
      node = await this.client.update('nodes', undefined, next);
    }
    if (status && status !== 'True') await this.markPodsNotReady(node);
    await this.evictPods(node);
  }

  /** MarkPodsNotReady: a pod's kubelet cannot vouch for it any more, so it is not Ready. */
  private async markPodsNotReady(node: KubeObject): Promise<void> {
    for (const p of this.pods.byIndex('nodeName', node.metadata.name!)) {
      const ready = (p.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
      if (ready?.status !== 'True') continue;
      const next = structuredClone(p);
      next.status.conditions = next.status.conditions.map((c: any) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now() } : c));
      try { await this.client.update('pods', p.metadata.namespace, next, { subresource: 'status' }); } catch (err) {
        if (isApiError(err, 'NotFound')) continue;
        throw err;
      }
      this.recorder.event(p, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }

  /** The NoExecute taint manager for one node. */
  private async evictPods(node: KubeObject): Promise<void> {
    const noExec: Taint[] = (node.spec?.taints ?? []).filter((t: any) => t.effect === 'NoExecute');
    if (!noExec.length) return;
    let soonest = Infinity;
    for (const p of this.pods.byIndex('nodeName', node.metadata.name!)) {
      if (p.metadata.deletionTimestamp || this.evicted.has(p.metadata.uid!)) continue;
      let deadline = 0;
      for (const taint of noExec) {
        const tol = (p.spec?.tolerations ?? []).find((t: any) => tolerates(t, taint));
        if (!tol) { deadline = Date.now(); break; }
        if (tol.tolerationSeconds === undefined || tol.tolerationSeconds === null) continue;
        const added = Date.parse((taint as any).timeAdded ?? '') || Date.now();
        deadline = Math.max(deadline, added + Math.max(0, tol.tolerationSeconds) * 1000);
      }
      if (!deadline) continue;
      if (deadline > Date.now()) { soonest = Math.min(soonest, deadline); continue; }
      this.evicted.add(p.metadata.uid!);
      this.recorder.event(p, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${p.metadata.namespace}/${p.metadata.name}`);
      try { await this.client.delete('pods', p.metadata.namespace, p.metadata.name!); } catch (err) {
        this.evicted.delete(p.metadata.uid!);
        if (!isApiError(err, 'NotFound')) throw err;
      }
    }
    if (soonest < Infinity) this.queue.addAfter(node.metadata.name!, soonest - Date.now() + 10);
    if (this.evicted.size > 10_000) this.evicted.clear();
  }
}
