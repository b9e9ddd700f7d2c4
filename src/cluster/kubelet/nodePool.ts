// The playground's nodes: `playground-control-plane` (tainted NoSchedule, as kind does) and
// `playground-worker`, `playground-worker2`, ... each a Kubelet over one shared runtime
// (Docker or simulated). Entry point for the cluster: startNodes(). Also chooseRuntime()
// for `runtime: 'auto'`.
// Stopping the pool leaves pod containers running (Kubernetes semantics: pods survive a
// control-plane restart; the next start re-adopts them); removeAll() is for `reset`.
import Docker from 'dockerode';
import type { Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import { SharedInformer } from '../client/informer';
import type { PodStreams } from '../api/podStreams';
import type { ApiClient } from '../client/types';
import type { NodeInfo } from '../types';
import { DockerRuntime } from './dockerRuntime';
import { Kubelet } from './kubelet';
import { MetricsCollector, type MetricsSnapshot } from './metrics';
import { nodeCapacity } from './nodeStatus';
import type { Runtime } from './runtime';
import { SimulatedRuntime, type SimulatedTiming } from './simulatedRuntime';
import { KubeletStreams } from './streams';

export interface NodePoolOptions {
  dataDir: string;
  clusterId: string;
  runtime: 'docker' | 'simulated';
  /** Worker nodes besides the control-plane node. */
  workers: number;
  log: (line: string) => void;
  heartbeatSeconds?: number;
  /** Crash-loop back-off start (default 10 s). */
  backoffBaseMs?: number;
  resyncMs?: number;
  simulatedTiming?: Partial<SimulatedTiming>;
  podWorkers?: number;
  docker?: Docker;
  /** Cluster DNS server IPs (kubelet --cluster-dns) for pods with dnsPolicy ClusterFirst. */
  clusterDNS?: string[];
}

export interface NodePool {
  readonly runtime: Runtime;
  readonly streams: PodStreams;
  nodes(): NodeInfo[];
  kubelet(name: string): Kubelet | undefined;
  addNode(): Promise<string>;
  removeNode(name: string): Promise<void>;
  stopNode(name: string): Promise<void>;
  startNode(name: string): Promise<void>;
  /** Cached metrics.k8s.io NodeMetrics / PodMetrics (refreshed every ~10 s). */
  metrics(): MetricsSnapshot;
  /** Collects metrics now (the background refresh runs every ~10 s). */
  refreshMetrics(): Promise<void>;
  /** Stops the kubelets; containers keep running unless keepContainers is false. */
  stop(opts?: { keepContainers?: boolean }): Promise<void>;
  /** Removes every container, sandbox and the network of this playground (reset). */
  removeAll(): Promise<void>;
  /** Sets the cluster DNS servers for sandboxes created from now on (the DNS server may start after the nodes). */
  setClusterDNS(servers: string[]): void;
}

export const CONTROL_PLANE_NODE = 'playground-control-plane';

const WORKER_NAME = /^playground-worker\d*$/;

export function workerName(i: number): string {
  return i === 1 ? 'playground-worker' : `playground-worker${i}`;
}

/** 'docker' when an engine answers (DOCKER_HOST or the default socket), else 'simulated'. */
export async function chooseRuntime(pref: 'auto' | 'docker' | 'simulated', log: (l: string) => void = () => undefined): Promise<'docker' | 'simulated'> {
  if (pref !== 'auto') return pref;
  try {
    const d = new Docker();
    const v = await Promise.race([d.version(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no answer in 3s')), 3000).unref())]);
    log(`runtime: Docker ${v.Version} answers${process.env.DOCKER_HOST ? ` at ${process.env.DOCKER_HOST}` : ''}; pods run as Docker containers`);
    return 'docker';
  } catch (e) {
    log(`runtime: no Docker engine (${(e as Error).message}); nodes are simulated (pods get statuses but run no processes)`);
    return 'simulated';
  }
}

export async function startNodes(client: ApiClient, opts: NodePoolOptions): Promise<NodePool> {
  let runtime: Runtime;
  let hostIP = '172.18.0.1';
  if (opts.runtime === 'docker') {
    const d = new DockerRuntime({ clusterId: opts.clusterId, log: opts.log, docker: opts.docker });
    await d.init();
    const net = await d.docker.getNetwork(d.network).inspect().catch(() => undefined);
    hostIP = net?.IPAM?.Config?.[0]?.Gateway ?? hostIP;
    runtime = d;
  } else {
    runtime = new SimulatedRuntime(opts.simulatedTiming);
  }
  const kubelets = new Map<string, Kubelet>();
  const stopped = new Set<string>();
  const cap = nodeCapacity();
  // One Service cache for every kubelet (service env vars); started before any pod syncs.
  const servicesAbort = new AbortController();
  const services = new SharedInformer<Service & KubeObject>(client, 'services', { log: opts.log });
  services.start(servicesAbort.signal);
  await Promise.race([services.waitForSync(servicesAbort.signal), new Promise((r) => setTimeout(r, 5000).unref())]);
  let index = 0;
  let clusterDNS = opts.clusterDNS ?? [];

  const make = async (name: string, role: 'control-plane' | 'worker'): Promise<Kubelet> => {
    const i = index++;
    const k = new Kubelet({
      client, runtime, dataDir: opts.dataDir, log: opts.log, heartbeatSeconds: opts.heartbeatSeconds,
      backoffBaseMs: opts.backoffBaseMs, clusterDNS: clusterDNS, services, resyncMs: opts.resyncMs, podWorkers: opts.podWorkers ?? (opts.runtime === 'simulated' ? 32 : 8),
      node: {
        name, role, runtimeVersion: runtime.version, cpuCores: cap.cpuCores, memoryBytes: cap.memoryBytes, podCIDR: `10.244.${i}.0/24`,
        hostIP: opts.runtime === 'docker' ? hostIP : `172.18.0.${i + 2}`,
      },
    });
    kubelets.set(name, k);
    await k.start();
    return k;
  };

  /** Removes a node that is not (or no longer) in the pool: its containers, Lease and Node, and the pods bound to it. */
  const forgetNode = async (name: string) => {
    if (runtime instanceof DockerRuntime) await runtime.removeAll(name);
    else {
      for (const c of await runtime.listContainers(name)) await runtime.removeContainer(c.id);
      for (const sb of await runtime.listSandboxes(name)) await runtime.removeSandbox(sb.id);
    }
    await client.delete('leases.coordination.k8s.io', 'kube-node-lease', name).catch(() => undefined);
    await client.delete('nodes', undefined, name).catch(() => undefined);
    // Pods bound to a node that no longer exists are force-deleted (PodGC's orphaned pods), so their controllers replace them.
    const pods = await client.list('pods', undefined, { fieldSelector: `spec.nodeName=${name}` }).then((l) => l.items, () => []);
    await Promise.all(pods.map((p) => client.delete('pods', p.metadata.namespace, p.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: p.metadata.uid } }).catch(() => undefined)));
  };

  await make(CONTROL_PLANE_NODE, 'control-plane');
  for (let i = 1; i <= opts.workers; i++) await make(workerName(i), 'worker');
  // The pool has exactly `workers` workers: ones an earlier run had beyond that (added with
  // addNode, or a larger --nodes) are removed with their containers and pods, rather than left
  // NotReady with containers nobody manages.
  const known = await client.list('nodes', undefined).then((l) => l.items.map((n) => n.metadata.name!), () => [] as string[]);
  for (const name of known.filter((n) => WORKER_NAME.test(n) && !kubelets.has(n))) {
    opts.log(`nodes: ${name} is not one of the ${opts.workers} workers of this start; removing it and its pods`);
    await forgetNode(name);
  }
  const collector = new MetricsCollector(() => [...kubelets.values()]);
  collector.start();

  const must = (name: string) => {
    const k = kubelets.get(name);
    if (!k) throw new Error(`node "${name}" not found`);
    return k;
  };

  return {
    runtime,
    streams: new KubeletStreams(client, (n) => kubelets.get(n)),
    nodes: () => [...kubelets.values()].map((k) => ({ name: k.name, role: k.opts.node.role, state: stopped.has(k.name) ? 'stopped' : 'running' })),
    kubelet: (name) => kubelets.get(name),
    async addNode() {
      let i = 1;
      while (kubelets.has(workerName(i))) i++;
      return (await make(workerName(i), 'worker')).name;
    },
    async removeNode(name) {
      const k = must(name);
      await k.stop();
      kubelets.delete(name);
      stopped.delete(name);
      await forgetNode(name);
    },
    async stopNode(name) {
      await must(name).pause();
      stopped.add(name);
    },
    async startNode(name) {
      await must(name).resume();
      stopped.delete(name);
    },
    metrics: () => collector.metrics(),
    refreshMetrics: () => collector.refresh(),
    async stop(o = {}) {
      collector.stop();
      servicesAbort.abort();
      await Promise.all([...kubelets.values()].map((k) => k.stop()));
      if (o.keepContainers === false && runtime instanceof DockerRuntime) await runtime.removeAll();
      await runtime.close();
    },
    setClusterDNS(servers) {
      clusterDNS = [...servers];
      for (const k of kubelets.values()) k.clusterDNS = clusterDNS;
    },
    async removeAll() {
      if (runtime instanceof DockerRuntime) await runtime.removeAll();
    },
  };
}
