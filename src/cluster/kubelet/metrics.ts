// metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics, as metrics-server serves them, from
// runtime stats (Docker stats, or the simulated runtime's steady pseudo-usage). Collected in
// the background every ~10 s and cached, so `kubectl top` never waits on the engine.
// Node usage = sum of its containers plus a fixed system overhead (a real node has daemons).
import type { Kubelet } from './kubelet';

export interface Usage { cpu: string; memory: string }
export interface NodeMetrics { apiVersion: 'metrics.k8s.io/v1beta1'; kind: 'NodeMetrics'; metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> }; timestamp: string; window: string; usage: Usage }
export interface PodMetrics {
  apiVersion: 'metrics.k8s.io/v1beta1'; kind: 'PodMetrics';
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string; window: string; containers: Array<{ name: string; usage: Usage }>;
}
export interface MetricsSnapshot { nodes: NodeMetrics[]; pods: PodMetrics[] }

const SYSTEM_CPU_NANO = 50_000_000;
const SYSTEM_MEMORY = 256 * 1024 * 1024;

const cpu = (n: number) => `${Math.round(n)}n`;
const mem = (b: number) => `${Math.round(b / 1024)}Ki`;

/** Metrics of one node and its pods, read now from its runtime. */
export async function metricsFor(k: Kubelet): Promise<MetricsSnapshot> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const stats = await k.runtime.stats(k.name);
  const containers = await k.runtime.listContainers(k.name);
  const byPod = new Map<string, Array<{ name: string; usage: Usage }>>();
  let nodeCpu = SYSTEM_CPU_NANO;
  let nodeMem = SYSTEM_MEMORY;
  for (const c of containers) {
    const s = stats.containers.get(c.id);
    if (!s || c.state !== 'running') continue;
    nodeCpu += s.cpuNano; nodeMem += s.memoryBytes;
    let list = byPod.get(c.podUid);
    if (!list) { list = []; byPod.set(c.podUid, list); }
    list.push({ name: c.name, usage: { cpu: cpu(s.cpuNano), memory: mem(s.memoryBytes) } });
  }
  const pods: PodMetrics[] = [];
  for (const p of k.pods.list()) {
    const list = byPod.get(p.metadata.uid!);
    if (!list) continue;
    pods.push({
      apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics',
      metadata: { name: p.metadata.name!, namespace: p.metadata.namespace!, creationTimestamp: now, labels: p.metadata.labels },
      timestamp: now, window: '10s', containers: list,
    });
  }
  const nodes: NodeMetrics[] = [{
    apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics',
    metadata: { name: k.name, creationTimestamp: now }, timestamp: now, window: '10s', usage: { cpu: cpu(nodeCpu), memory: mem(nodeMem) },
  }];
  return { nodes, pods };
}

/** Refreshes every node's metrics in the background; metrics() answers from the cache. */
export class MetricsCollector {
  private cache = new Map<string, MetricsSnapshot>();
  private timer?: NodeJS.Timeout;
  private inflight?: Promise<void>;

  constructor(private kubelets: () => Kubelet[], private periodMs = 10_000) {}

  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.periodMs);
    this.timer.unref?.();
  }

  /** Collects now; a call during a collection waits for it and collects once more. */
  async refresh(): Promise<void> {
    while (this.inflight) await this.inflight;
    this.inflight = (async () => {
      const ks = this.kubelets().filter((k) => !k.paused);
      const fresh = new Map<string, MetricsSnapshot>();
      await Promise.all(ks.map(async (k) => { fresh.set(k.name, await metricsFor(k).catch(() => ({ nodes: [], pods: [] }))); }));
      this.cache = fresh;
    })().finally(() => { this.inflight = undefined; });
    await this.inflight;
  }

  metrics(): MetricsSnapshot {
    const out: MetricsSnapshot = { nodes: [], pods: [] };
    for (const s of this.cache.values()) { out.nodes.push(...s.nodes); out.pods.push(...s.pods); }
    return out;
  }

  stop(): void { clearInterval(this.timer); }
}
