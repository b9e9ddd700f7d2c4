// Starts a playground on a data dir: the store, the registry and the API server, then the
// control loop (admission plug-ins, controllers, scheduler) and the nodes (kubelets over
// Docker or simulated). The CLI and the extension host both call this; nothing here knows
// which one runs it. Order matters: admission plug-ins are in place before any component
// can write, and the nodes start last so their first pods meet a working control loop.
import { createHash } from 'node:crypto';
import { ensureLayout, writeState, clearState } from './dataDir';
import { openStore, type DurableStore } from './store';
import { createRegistry } from './registry';
import { startApiServer, type RunningApiServer } from './apiserver';
import { admissionPlugins } from './admission/plugins';
import { startControllers, type RunningControllers } from './controllers';
import { startScheduler } from './scheduler/scheduler';
import { chooseRuntime, startNodes, type NodePool } from './kubelet/nodePool';
import { startControlServer } from './control/socket';
import { prepareServiceNetwork, startServiceProxy, type RunningServiceProxy } from './proxy';
import { DockerRuntime } from './kubelet/dockerRuntime';
import { startMetricsPublisher } from './metrics/publisher';
import type { ClusterOptions, NodeInfo, RunningCluster } from './types';

/** Playground timings: a laptop cluster should heal within seconds, not Kubernetes' minutes. */
export const PLAYGROUND_TIMING = {
  /** Node lifecycle: a node silent this long turns NotReady/Unknown (Kubernetes: 40 s). */
  nodeMonitorGracePeriodSeconds: 20,
  /** Default not-ready/unreachable tolerations: pods leave a lost node after this (Kubernetes: 300 s). */
  defaultTolerationSeconds: 30,
};

/** Stable per data dir, so two playgrounds never touch each other's containers. */
export function clusterIdOf(dataDir: string): string {
  return createHash('sha256').update(dataDir).digest('hex').slice(0, 10);
}

export async function startCluster(opts: ClusterOptions): Promise<RunningCluster> {
  const log = opts.log ?? (() => undefined);
  const dirs = ensureLayout(opts.dataDir);
  const store: DurableStore = await openStore(dirs.store, { log });
  log(`store: opened ${dirs.store} at revision ${store.revision} (${store.size} objects)`);
  const parts: Parts = {};
  try {
    const registry = createRegistry();
    const api = (parts.api = await startApiServer({ dataDir: dirs.root, store, registry, port: opts.port ?? 0, host: '127.0.0.1', log }));
    for (const plugin of admissionPlugins({ defaultTolerationSeconds: PLAYGROUND_TIMING.defaultTolerationSeconds })) api.addAdmission(plugin);
    await api.writeKubeconfig(dirs.kubeconfig);

    const runtime = await chooseRuntime(opts.runtime ?? 'auto', log);
    parts.controllers = startControllers(api.client, {
      dataDir: dirs.root, log, apiServerPort: api.port,
      nodeMonitorGracePeriodSeconds: PLAYGROUND_TIMING.nodeMonitorGracePeriodSeconds,
      namespacedResources: () => registry.all().filter((d) => d.namespaced && d.verbs.includes('delete')).map((d) => d.gr),
    });
    parts.scheduler = startScheduler(api.client, { log, informers: parts.controllers.informers });
    // The pod network must hold the Service range before the kubelets create it (see proxy/).
    const network = await prepareServiceNetwork({ clusterId: clusterIdOf(dirs.root), runtime, log });
    const pool = (parts.pool = await startNodes(api.client, {
      dataDir: dirs.root, clusterId: clusterIdOf(dirs.root), runtime, workers: opts.nodes ?? 2, log, clusterDNS: network.clusterDNS,
    }));
    if (opts.hostRoute === false && pool.runtime instanceof DockerRuntime) pool.runtime.podNetworkReachable = false;
    api.setPodStreams(pool.streams);
    parts.proxy = await startServiceProxy(api.client, {
      dataDir: dirs.root, clusterId: clusterIdOf(dirs.root), runtime, network, log, informers: parts.controllers.informers,
      hostRoute: pool.runtime instanceof DockerRuntime ? pool.runtime.podNetworkReachable : true, ingressPort: opts.ingressPort,
    });
    // No route to pods (Docker Desktop): port-forward and probes go through the proxy container, not `nc` in the pod.
    if (pool.runtime instanceof DockerRuntime && !pool.runtime.podNetworkReachable) pool.runtime.podDialer = parts.proxy.podDialer;
    parts.metrics = startMetricsPublisher(api.client, pool, { log });

    writeState(dirs.root, { pid: process.pid, port: api.port, server: api.server, kubeconfig: dirs.kubeconfig, runtime, startedAt: new Date().toISOString() });

    let stopping: Promise<void> | undefined;
    const cluster: RunningCluster = {
      dataDir: dirs.root,
      server: api.server,
      kubeconfigPath: dirs.kubeconfig,
      runtime,
      nodes: (): NodeInfo[] => pool.nodes(),
      addNode: () => pool.addNode(),
      removeNode: (name) => pool.removeNode(name),
      stopNode: (name) => pool.stopNode(name),
      startNode: (name) => pool.startNode(name),
      saveSnapshot: async (file: string) => { await store.saveSnapshot(file); },
      stop: (o = {}) => (stopping ??= stopParts(parts, store, log, o.removeContainers === true).then(() => clearState(dirs.root))),
    };
    parts.control = await startControlServer(dirs.root, cluster);
    return cluster;
  } catch (e) {
    await stopParts(parts, store, log, true).catch(() => undefined);
    throw e;
  }
}

/** Reverse order of start. Pods keep running (as on a control-plane restart); a later start re-adopts them. */
interface Parts { proxy?: RunningServiceProxy; metrics?: { stop(): void }; api?: RunningApiServer; controllers?: RunningControllers; scheduler?: { stop(): void }; pool?: NodePool; control?: { close(): Promise<void> } }

async function stopParts(parts: Parts, store: DurableStore, log: (l: string) => void, removeContainers = false): Promise<void> {
  await parts.control?.close();
  await parts.proxy?.stop({ removeContainer: removeContainers });
  parts.metrics?.stop();
  if (removeContainers) await parts.pool?.removeAll();
  await parts.pool?.stop({ keepContainers: !removeContainers });
  parts.scheduler?.stop();
  parts.controllers?.stop();
  await parts.api?.close();
  await store.close();
  log('playground: stopped');
}
