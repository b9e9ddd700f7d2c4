// One node's kubelet: registers the Node, heartbeats (node status + Lease), watches the pods
// bound to it (fieldSelector spec.nodeName) and runs the level-triggered pod sync
// (podSync.ts) from a work queue keyed by pod UID, so a pod that is gone from the API can
// still be torn down. Runtime events (a container died) and a periodic resync requeue pods.
// Housekeeping removes containers of pods the API no longer has (orphans).
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import { EventRecorder, type EventType } from '../client/events';
import { SharedInformer } from '../client/informer';
import type { ApiClient } from '../client/types';
import { WorkQueue } from '../client/workqueue';
import { Backoff } from './backoff';
import { registerNode, postNodeStatus, renewLease, type NodeDescription } from './nodeStatus';
import type { Waiting } from './podStatus';
import { syncPod } from './podSync';
import { ProbeManager } from './probes';
import type { Runtime } from './runtime';

export interface KubeletOptions {
  client: ApiClient;
  runtime: Runtime;
  node: NodeDescription;
  dataDir: string;
  log: (line: string) => void;
  /** Lease renewal period; node status is posted every 2 ×. Default 5. */
  heartbeatSeconds?: number;
  /** Crash-loop back-off start (10 s in Kubernetes; small in tests). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Periodic re-sync of every pod (configMap volume updates, missed events). Default 10 s. */
  resyncMs?: number;
  podWorkers?: number;
  /** Cluster DNS server IPs for dnsPolicy ClusterFirst (kubelet --cluster-dns); settable later. */
  clusterDNS?: string[];
  clusterDomain?: string;
  /** Services (all namespaces) for the service environment variables; shared by the pool's kubelets. */
  services?: SharedInformer<Service & KubeObject>;
}

/** What the kubelet remembers between syncs of one pod (never persisted: the runtime is the truth). */
export interface PodState {
  key: string;
  waiting: Map<string, Waiting>;
  lastStatus?: string;
}

export class Kubelet {
  readonly name: string;
  readonly pods: SharedInformer<Pod & KubeObject>;
  readonly queue = new WorkQueue<string>({ baseDelayMs: 200, maxDelayMs: 10_000, bucketQps: 1000, bucketBurst: 1000 });
  readonly backoff: Backoff;
  readonly probes: ProbeManager;
  readonly recorder: EventRecorder;
  readonly state = new Map<string, PodState>();
  /** uid → namespace/name, kept after deletion until the pod is torn down. */
  readonly uidKey = new Map<string, string>();
  /** The last state of pods deleted from the API, for their teardown (preStop, grace). */
  readonly deleted = new Map<string, Pod & KubeObject>();
  /** Pods being torn down right now (off the sync workers). */
  readonly terminating = new Set<string>();
  paused = false;
  clusterDNS: string[];
  private abort = new AbortController();
  private timers: NodeJS.Timeout[] = [];
  private conditions: any[] | undefined;
  private running = false;
  /** In-flight syncs and terminations: stop() waits for them (bounded). */
  readonly active = new Set<Promise<void>>();

  constructor(readonly opts: KubeletOptions) {
    this.name = opts.node.name;
    this.clusterDNS = opts.clusterDNS ?? [];
    this.backoff = new Backoff(opts.backoffBaseMs ?? 10_000, opts.backoffMaxMs ?? 300_000);
    this.pods = new SharedInformer(opts.client, 'pods', { fieldSelector: `spec.nodeName=${this.name}`, log: opts.log });
    this.recorder = new EventRecorder(opts.client, 'kubelet', opts.log, this.name);
    this.probes = new ProbeManager(opts.runtime, (uid) => this.queue.add(uid), opts.log, (uid, container, kind, why) => {
      const pod = this.pods.get(this.uidKey.get(uid) ?? '');
      const Kind = kind[0].toUpperCase() + kind.slice(1);
      if (pod) this.event(pod, 'Warning', 'Unhealthy', `${Kind} probe failed: ${why}`, container);
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.enqueue(p),
      onUpdate: (_o, p) => this.enqueue(p),
      onDelete: (p) => { this.deleted.set(p.metadata.uid!, p); this.enqueue(p); },
    });
    opts.runtime.onPodEvent((uid) => { if (this.uidKey.has(uid)) this.queue.add(uid); });
  }

  get client(): ApiClient { return this.opts.client; }
  get services(): SharedInformer<Service & KubeObject> | undefined { return this.opts.services; }
  get runtime(): Runtime { return this.opts.runtime; }

  private enqueue(p: KubeObject): void {
    const uid = p.metadata.uid!;
    this.uidKey.set(uid, `${p.metadata.namespace}/${p.metadata.name}`);
    this.queue.add(uid);
  }

  async start(): Promise<void> {
    await registerNode(this.client, this.opts.node);
    await renewLease(this.client, this.name, 40).catch((e) => this.opts.log(`kubelet ${this.name}: lease: ${e.message}`));
    this.running = true;
    // A node stopped (paused) when the playground went down comes back running.
    await this.runtime.unpauseNode(this.name).catch((e) => this.opts.log(`kubelet ${this.name}: unpause: ${e.message}`));
    this.pods.start(this.abort.signal);
    await this.pods.waitForSync(this.abort.signal);
    await this.housekeeping();
    for (let i = 0; i < (this.opts.podWorkers ?? 8); i++) void this.worker();
    const hb = (this.opts.heartbeatSeconds ?? 5) * 1000;
    this.every(hb, () => this.heartbeatLease());
    this.every(hb * 2, () => this.heartbeatStatus());
    this.every(this.opts.resyncMs ?? 10_000, () => { for (const uid of this.uidKey.keys()) this.queue.add(uid); });
    this.every(30_000, () => this.housekeeping());
  }

  private every(ms: number, fn: () => Promise<void> | void): void {
    const t = setInterval(() => { if (!this.paused) void Promise.resolve(fn()).catch((e) => this.opts.log(`kubelet ${this.name}: ${e.message}`)); }, ms);
    t.unref?.();
    this.timers.push(t);
  }

  private async heartbeatLease(): Promise<void> {
    await renewLease(this.client, this.name, 40);
  }

  private async heartbeatStatus(): Promise<void> {
    this.conditions = await postNodeStatus(this.client, this.name, true, this.conditions);
  }

  private async worker(): Promise<void> {
    for (;;) {
      const uid = await this.queue.get();
      if (uid === undefined) return;
      try {
        if (!this.paused && this.running) {
          const p = syncPod(this, uid);
          this.active.add(p);
          try { await p; } finally { this.active.delete(p); }
        }
        this.queue.forget(uid);
      } catch (e) {
        this.opts.log(`kubelet ${this.name}: sync pod ${this.uidKey.get(uid) ?? uid}: ${(e as Error).message}`);
        if (this.running) this.queue.addRateLimited(uid);
      } finally {
        this.queue.done(uid);
      }
    }
  }

  /** A Pod event as the kubelet writes it (fieldPath names the container when there is one). */
  event(pod: Pod | KubeObject, type: EventType, reason: string, message: string, _container?: string): void {
    this.recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: (pod as KubeObject).metadata }, type, reason, message);
  }

  podState(uid: string): PodState {
    let s = this.state.get(uid);
    if (!s) { s = { key: this.uidKey.get(uid) ?? '', waiting: new Map() }; this.state.set(uid, s); }
    return s;
  }

  /** Drops every trace of a pod once it is torn down. */
  forget(uid: string): void {
    this.state.delete(uid);
    this.uidKey.delete(uid);
    this.deleted.delete(uid);
    this.probes.forgetPod(uid);
    this.backoff.forgetPrefix(`${uid}/`);
  }

  /** Queues pods that have containers on the runtime but no object in the API (orphans). */
  async housekeeping(): Promise<void> {
    const known = new Set(this.pods.list().map((p) => p.metadata.uid!));
    const seen = new Set<string>();
    for (const s of await this.runtime.listSandboxes(this.name)) seen.add(s.uid);
    for (const c of await this.runtime.listContainers(this.name)) seen.add(c.podUid);
    for (const uid of seen) {
      if (known.has(uid) || this.uidKey.has(uid)) continue;
      this.uidKey.set(uid, '');
      this.queue.add(uid);
    }
  }

  /** Simulated node failure: no heartbeats, no syncs, containers frozen. */
  async pause(): Promise<void> {
    this.paused = true;
    // Frozen containers would fail every probe; probing starts afresh on resume.
    this.probes.stopAll();
    await this.runtime.pauseNode(this.name);
  }

  async resume(): Promise<void> {
    this.paused = false;
    await this.runtime.unpauseNode(this.name);
    await this.heartbeatLease().catch(() => undefined);
    await this.heartbeatStatus().catch(() => undefined);
    for (const uid of this.uidKey.keys()) this.queue.add(uid);
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    this.abort.abort();
    this.queue.shutDown();
    this.probes.stopAll();
    // Let in-flight syncs finish (bounded) so nothing is created after the pool says it stopped.
    await Promise.race([Promise.allSettled([...this.active]), new Promise((r) => setTimeout(r, 10_000).unref())]);
  }
}
