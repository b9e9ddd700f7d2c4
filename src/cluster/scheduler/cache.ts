// The scheduler's node-info cache: per node, the sum of requests of the pods bound to it,
// its pod count, used host ports, and per-workload pod counts (for spreading), kept up to date
// from the pod and node informers and from the scheduler's own "assumed" bindings (a pod is
// counted on its node the moment the scheduler decides, before the API server confirms).
// This keeps a scheduling decision O(nodes) instead of O(nodes × pods).
import { podRequests, nodeAllocatable, type Requests } from './resources';

export interface PodEntry {
  key: string;
  pod: any;
  node: string;
  req: Requests;
  ports: string[];
  owner?: string;
  assumed: boolean;
}

export class NodeInfo {
  requested: Requests = { milliCPU: 0, memory: 0 };
  /** Requests with the scheduler's non-zero defaults for unset values (used for scoring only). */
  nonZero: Requests = { milliCPU: 0, memory: 0 };
  podCount = 0;
  readonly pods = new Map<string, PodEntry>();
  readonly usedPorts = new Map<string, number>();
  readonly ownerCounts = new Map<string, number>();
  allocatable = { milliCPU: 0, memory: 0, pods: 110 };
  node: any;

  constructor(readonly name: string) {}

  setNode(node: any): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
  }
}

export const DEFAULT_MILLI_CPU = 100;
export const DEFAULT_MEMORY = 200 * 1024 * 1024;

export function hostPorts(pod: any): string[] {
  const out: string[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) out.push(`${p.protocol ?? 'TCP'}/${p.hostIP || '0.0.0.0'}/${p.hostPort}`);
    }
  }
  return out;
}

export function controllerUid(pod: any): string | undefined {
  return (pod.metadata?.ownerReferences ?? []).find((r: any) => r.controller)?.uid;
}

/** True when a pod still holds node resources (not finished). */
export function podIsActive(pod: any): boolean {
  const ph = pod.status?.phase;
  return ph !== 'Succeeded' && ph !== 'Failed';
}

export class SchedulerCache {
  readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodEntry>();
  /** Bound pods that carry required anti-affinity terms (existing-pod anti-affinity check). */
  readonly antiAffinityPods = new Map<string, PodEntry>();

  upsertNode(node: any): void {
    const name = node.metadata.name;
    let ni = this.nodes.get(name);
    if (!ni) { ni = new NodeInfo(name); this.nodes.set(name, ni); }
    ni.setNode(node);
  }

  removeNode(name: string): void {
    // Pods stay accounted under the name: if the node returns they are still there.
    const ni = this.nodes.get(name);
    if (ni && ni.pods.size === 0) this.nodes.delete(name);
    else if (ni) ni.node = undefined;
  }

  /** A pod seen by the informer (bound or not). */
  upsertPod(key: string, pod: any): void {
    const node = pod.spec?.nodeName;
    const prev = this.pods.get(key);
    if (!node || !podIsActive(pod) || pod.metadata?.deletionTimestamp && !node) {
      if (prev) this.removePod(key);
      return;
    }
    if (prev && prev.node === node) {
      prev.pod = pod;
      prev.assumed = false;
      return;
    }
    if (prev) this.removePod(key);
    this.addEntry({ key, pod, node, req: podRequests(pod), ports: hostPorts(pod), owner: controllerUid(pod), assumed: false });
  }

  /** The scheduler decided: count the pod on the node now. */
  assume(key: string, pod: any, node: string): void {
    if (this.pods.has(key)) this.removePod(key);
    this.addEntry({ key, pod, node, req: podRequests(pod), ports: hostPorts(pod), owner: controllerUid(pod), assumed: true });
  }

  /** A binding failed: undo assume (only if the informer has not confirmed it meanwhile). */
  forget(key: string): void {
    const e = this.pods.get(key);
    if (e?.assumed) this.removePod(key);
  }

  has(key: string): boolean { return this.pods.has(key); }

  removePod(key: string): void {
    const e = this.pods.get(key);
    if (!e) return;
    this.pods.delete(key);
    this.antiAffinityPods.delete(key);
    const ni = this.nodes.get(e.node);
    if (!ni) return;
    ni.pods.delete(key);
    ni.requested.milliCPU -= e.req.milliCPU;
    ni.requested.memory -= e.req.memory;
    ni.nonZero.milliCPU -= e.req.milliCPU || DEFAULT_MILLI_CPU;
    ni.nonZero.memory -= e.req.memory || DEFAULT_MEMORY;
    ni.podCount--;
    for (const p of e.ports) {
      const n = (ni.usedPorts.get(p) ?? 1) - 1;
      if (n <= 0) ni.usedPorts.delete(p); else ni.usedPorts.set(p, n);
    }
    if (e.owner) {
      const n = (ni.ownerCounts.get(e.owner) ?? 1) - 1;
      if (n <= 0) ni.ownerCounts.delete(e.owner); else ni.ownerCounts.set(e.owner, n);
    }
    if (!ni.node && ni.pods.size === 0) this.nodes.delete(ni.name);
  }

  private addEntry(e: PodEntry): void {
    this.pods.set(e.key, e);
    if (e.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) this.antiAffinityPods.set(e.key, e);
    let ni = this.nodes.get(e.node);
    if (!ni) { ni = new NodeInfo(e.node); this.nodes.set(e.node, ni); }
    ni.pods.set(e.key, e);
    ni.requested.milliCPU += e.req.milliCPU;
    ni.requested.memory += e.req.memory;
    ni.nonZero.milliCPU += e.req.milliCPU || DEFAULT_MILLI_CPU;
    ni.nonZero.memory += e.req.memory || DEFAULT_MEMORY;
    ni.podCount++;
    for (const p of e.ports) ni.usedPorts.set(p, (ni.usedPorts.get(p) ?? 0) + 1);
    if (e.owner) ni.ownerCounts.set(e.owner, (ni.ownerCounts.get(e.owner) ?? 0) + 1);
  }
}
