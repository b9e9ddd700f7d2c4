// The scheduler: pods without spec.nodeName (schedulerName default-scheduler) go through
// PreFilter (PVCs bound) → Filter (filters.ts) → Score (scores.ts) → assume in the node-info
// cache → bind through pods/binding. Decisions are synchronous and cheap (O(nodes) per pod);
// bindings run concurrently, so thousands of pods a second bind. A pod that fits nowhere gets
// PodScheduled=False/Unschedulable with Kubernetes 1.32's message and a FailedScheduling
// event, and is retried when a node or a bound pod changes (or every 30 s).
// Not implemented: preemption (its message part is still reported as 1.32 does), priority
// ordering of the queue, PodTopologySpread constraints, multiple profiles.
import { setMaxListeners } from 'node:events';
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import type { ApiClient } from '../client/types';
import { InformerFactory, metaNamespaceKey, type SharedInformer } from '../client/informer';
import { EventRecorder, preciseNow } from '../client/events';
import { SchedulerCache, hostPorts, podIsActive } from './cache';
import { podRequests } from './resources';
import { computeAffinityState, filterNode, type PodState } from './filters';
import { scoreNodes } from './scores';

export interface SchedulerConfig {
  client: ApiClient;
  informers?: InformerFactory;
  log?: (line: string) => void;
  schedulerName?: string;
  /** Bindings in flight at once. */
  bindConcurrency?: number;
  /** Delay before unschedulable pods are retried after a cluster change. */
  retryDelayMs?: number;
}

/** Failure reasons preemption could resolve (framework.Unschedulable rather than UnschedulableAndUnresolvable). */
const PREEMPTION_MIGHT_HELP = new Set([
  'Insufficient cpu', 'Insufficient memory', 'Too many pods',
  "node(s) didn't have free ports for the requested pod ports",
  "node(s) didn't match pod anti-affinity rules", "node(s) didn't satisfy existing pods anti-affinity rules",
]);

export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly pods: SharedInformer;
  readonly nodes: SharedInformer;
  readonly pvcs: SharedInformer;
  readonly pvs: SharedInformer;
  private readonly client: ApiClient;
  private readonly informers: InformerFactory;
  private readonly log: (l: string) => void;
  private readonly recorder: EventRecorder;
  private readonly name: string;
  private readonly concurrency: number;
  private readonly retryDelay: number;
  private readonly active = new Set<string>();
  private readonly unschedulable = new Map<string, string>();
  private inflight = 0;
  private pumping = false;
  private stopped = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private periodic: NodeJS.Timeout | undefined;
  /** Counters for benchmarks and tests. */
  readonly stats = { attempts: 0, bound: 0, failed: 0, bindErrors: 0, decideMs: 0 };

  constructor(config: SchedulerConfig) {
    if (!config?.client) throw new Error('Scheduler: config.client is required');
    this.client = config.client;
    this.informers = config.informers ?? new InformerFactory(config.client, { log: config.log });
    this.log = config.log ?? (() => {});
    this.name = config.schedulerName ?? 'default-scheduler';
    this.concurrency = config.bindConcurrency ?? 128;
    this.retryDelay = config.retryDelayMs ?? 100;
    this.recorder = new EventRecorder(this.client, this.name, this.log);
    this.pods = this.informers.informer('pods');
    this.nodes = this.informers.informer('nodes');
    this.pvcs = this.informers.informer('persistentvolumeclaims');
    this.pvs = this.informers.informer('persistentvolumes');
    this.pods.addEventHandler({
      onAdd: (p) => this.onPod(p),
      onUpdate: (o, p) => this.onPod(p, o),
      onDelete: (p) => this.onPodDelete(p),
    });
    this.nodes.addEventHandler({
      onAdd: (n) => { this.cache.upsertNode(n); this.requestRetry(); },
      onUpdate: (o, n) => { this.cache.upsertNode(n); if (nodeChangedForScheduling(o, n)) this.requestRetry(); },
      onDelete: (n) => this.cache.removeNode(n.metadata.name!),
    });
    for (const inf of [this.pvcs, this.pvs]) inf.addEventHandler({ onAdd: () => this.requestRetry(), onUpdate: () => this.requestRetry() });
  }

  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.stop(), { once: true });
    this.informers.start(signal);
    for (const inf of [this.pods, this.nodes, this.pvcs, this.pvs]) inf.start(signal);
    for (const inf of [this.pods, this.nodes, this.pvcs, this.pvs]) await inf.waitForSync(signal);
    this.periodic = setInterval(() => this.retryAll(), 30_000);
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.periodic) clearInterval(this.periodic);
  }

  private ours(p: KubeObject): boolean {
    return !p.spec?.nodeName && !p.metadata.deletionTimestamp && podIsActive(p) && (p.spec?.schedulerName ?? 'default-scheduler') === this.name;
  }

  private onPod(p: KubeObject, old?: KubeObject): void {
    const key = metaNamespaceKey(p);
    if (p.spec?.nodeName) {
      this.cache.upsertPod(key, p);
      this.active.delete(key);
      this.unschedulable.delete(key);
      if (old && podIsActive(old) && !podIsActive(p)) this.requestRetry(); // finished: frees resources
      return;
    }
    if (!this.ours(p)) { this.active.delete(key); return; }
    // Our own status write must not retrigger; a spec or label change must.
    if (old && this.unschedulable.has(key) && JSON.stringify(old.spec) === JSON.stringify(p.spec)
      && JSON.stringify(old.metadata.labels) === JSON.stringify(p.metadata.labels)) return;
    this.unschedulable.delete(key);
    if (!this.cache.has(key)) { this.active.add(key); this.kick(); }
  }

  private onPodDelete(p: KubeObject): void {
    const key = metaNamespaceKey(p);
    const wasBound = this.cache.has(key);
    this.cache.removePod(key);
    this.active.delete(key);
    this.unschedulable.delete(key);
    if (wasBound) this.requestRetry();
  }

  /** A cluster change: retry unschedulable pods shortly (debounced). */
  private requestRetry(): void {
    if (this.stopped || !this.unschedulable.size || this.flushTimer) return;
    this.flushTimer = setTimeout(() => { this.flushTimer = undefined; this.retryAll(); }, this.retryDelay);
  }

  private retryAll(): void {
    for (const k of this.unschedulable.keys()) this.active.add(k);
    this.unschedulable.clear();
    this.kick();
  }

  private kick(): void {
    if (this.pumping || this.stopped || !this.nodes.hasSynced()) return;
    this.pumping = true;
    setImmediate(() => this.pump());
  }

  /** Schedules queued pods in slices of ≤ 10 ms so the event loop stays responsive. */
  private pump(): void {
    const until = Date.now() + 10;
    while (!this.stopped && this.active.size && this.inflight < this.concurrency && Date.now() < until) {
      const key = this.active.values().next().value!;
      this.active.delete(key);
      const t0 = performance.now();
      this.scheduleOne(key);
      this.stats.decideMs += performance.now() - t0;
    }
    if (!this.stopped && this.active.size && this.inflight < this.concurrency) setImmediate(() => this.pump());
    else this.pumping = false;
  }

  /** One scheduling cycle for one pod (synchronous decision; binding continues in the background). */
  scheduleOne(key: string): void {
    const pod = this.pods.get(key);
    if (!pod || !this.ours(pod) || this.cache.has(key)) return;
    this.stats.attempts++;
    const nodes = [...this.cache.nodes.values()].filter((n) => n.node);
    if (!nodes.length) return this.fail(key, pod, 'no nodes available to schedule pods');
    const pre = this.preFilterVolumes(pod);
    if (typeof pre === 'string') {
      return this.fail(key, pod, `0/${nodes.length} nodes are available: ${pre}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`);
    }
    const state: PodState = { pod, req: podRequests(pod), ports: hostPorts(pod), pvNodeAffinities: pre, affinity: computeAffinityState(pod, this.cache) };
    const feasible = [];
    const histogram = new Map<string, number>();
    let helpful = 0;
    for (const ni of nodes) {
      const reasons = filterNode(state, ni);
      if (!reasons.length) { feasible.push(ni); continue; }
      for (const r of reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
      if (reasons.every((r) => PREEMPTION_MIGHT_HELP.has(r))) helpful++;
    }
    if (!feasible.length) return this.fail(key, pod, fitErrorMessage(nodes.length, histogram, helpful));
    const scores = scoreNodes(state, feasible, this.cache);
    let best = 0;
    let ties = 1;
    for (let i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best] + 1e-9) { best = i; ties = 1; }
      else if (Math.abs(scores[i] - scores[best]) <= 1e-9 && Math.random() * ++ties < 1) best = i;
    }
    const node = feasible[best].name;
    this.cache.assume(key, pod, node);
    void this.bind(key, pod, node);
  }

  private preFilterVolumes(pod: KubeObject): string | any[] {
    const out: any[] = [];
    for (const v of pod.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (!claim) continue;
      const pvc = this.pvcs.get(`${pod.metadata.namespace}/${claim}`);
      if (!pvc) return `persistentvolumeclaim "${claim}" not found`;
      if (pvc.metadata.deletionTimestamp) return `persistentvolumeclaim "${claim}" is being deleted`;
      if (pvc.status?.phase !== 'Bound' || !pvc.spec?.volumeName) return 'pod has unbound immediate PersistentVolumeClaims';
      const terms = this.pvs.get(pvc.spec.volumeName)?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
      if (terms) out.push(terms);
    }
    return out;
  }

  private async bind(key: string, pod: KubeObject, node: string): Promise<void> {
    this.inflight++;
    const { namespace, name, uid } = pod.metadata;
    // Scheduled is dated when the binding is sent: a kubelet on this process can see the bound
    // pod and report Pulled/Started before the binding call returns here.
    const at = preciseNow();
    try {
      await this.client.createSubresource('pods', namespace, name!, 'binding', {
        apiVersion: 'v1', kind: 'Binding',
        metadata: { name, namespace, uid },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      });
      this.stats.bound++;
      this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${node}`, at);
    } catch (err) {
      this.stats.bindErrors++;
      this.cache.forget(key);
      if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) {
        this.log(`scheduler: binding ${key} to ${node} failed: ${(err as Error).message}`);
        this.unschedulable.set(key, '');
        this.requestRetry();
      }
    } finally {
      this.inflight--;
      if (this.active.size) this.kick();
    }
  }

  private fail(key: string, pod: KubeObject, message: string): void {
    this.stats.failed++;
    this.unschedulable.set(key, message);
    this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
    const conds: any[] = pod.status?.conditions ?? [];
    const cur = conds.find((c) => c.type === 'PodScheduled');
    if (cur?.status === 'False' && cur.reason === 'Unschedulable' && cur.message === message) return;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const next = [...conds.filter((c) => c.type !== 'PodScheduled'),
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: cur?.status === 'False' ? cur.lastTransitionTime : now }];
    void this.client.patch('pods', pod.metadata.namespace, pod.metadata.name!, 'merge', { status: { phase: pod.status?.phase ?? 'Pending', conditions: next } }, { subresource: 'status' })
      .catch((err) => { if (!isApiError(err, 'NotFound')) this.log(`scheduler: status of ${key}: ${(err as Error).message}`); });
  }

  /** Resolves when nothing is queued or binding (tests, benchmarks). */
  async idle(timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while ((this.active.size || this.inflight || this.pumping) && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  }
}

export function fitErrorMessage(total: number, histogram: Map<string, number>, preemptionHelpful: number): string {
  const reasons = [...histogram].map(([r, c]) => `${c} ${r}`).sort();
  const pre: string[] = [];
  if (preemptionHelpful) pre.push(`${preemptionHelpful} No preemption victims found for incoming pod`);
  if (total - preemptionHelpful) pre.push(`${total - preemptionHelpful} Preemption is not helpful for scheduling`);
  return `0/${total} nodes are available: ${reasons.join(', ')}. preemption: 0/${total} nodes are available: ${pre.sort().join(', ')}.`;
}

function nodeChangedForScheduling(o: KubeObject, n: KubeObject): boolean {
  const ready = (x: KubeObject) => (x.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;
  return ready(o) !== ready(n)
    || JSON.stringify(o.spec) !== JSON.stringify(n.spec)
    || JSON.stringify(o.metadata.labels) !== JSON.stringify(n.metadata.labels)
    || JSON.stringify(o.status?.allocatable) !== JSON.stringify(n.status?.allocatable);
}

export function startScheduler(client: ApiClient, opts: { log?: (l: string) => void; informers?: InformerFactory } = {}): { stop(): void; scheduler: Scheduler } {
  const ac = new AbortController();
  setMaxListeners(0, ac.signal);
  const scheduler = new Scheduler({ client, log: opts.log, informers: opts.informers });
  void scheduler.start(ac.signal).catch((err) => opts.log?.(`scheduler: ${(err as Error).message}`));
  return { scheduler, stop: () => ac.abort() };
}
