// Service networking for a playground (see docs/design.md "Service networking"):
//  - in the Docker network: the service proxy container (ClusterIPs, cluster DNS),
//  - on the host: NodePort / LoadBalancer listeners (hostPorts.ts) and the Ingress controller
//    (ingress.ts), reaching pods through one dialer (direct route or the proxy's dial port).
// Order with the kubelets: prepareServiceNetwork() before startNodes (the pod network must be
// created with the Service range in it), startServiceProxy() after.
import Docker from 'dockerode';
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import type { ApiClient } from '../client/types';
import { EventRecorder } from '../client/events';
import { InformerFactory } from '../client/informer';
import { CLUSTER_DNS_IP, proxyConfig } from './config';
import { makeDialer, type Dial } from './dialer';
import { HostPorts } from './hostPorts';
import { IngressController, INGRESS_CLASS as INGRESS_CLASS_NAME } from './ingress';
import { proxyBinary } from './nativeBinary';
import { ensureServiceNetwork, startProxyContainer, type ProxyContainer } from './proxyContainer';

export { CLUSTER_DNS_IP, proxyConfig, endpointsFor } from './config';
export { SIMULATED_ANSWER } from './hostPorts';
export { INGRESS_CLASS, INGRESS_CONTROLLER } from './ingress';

export interface ServiceNetwork {
  /** Cluster DNS servers for the kubelets (empty when pods cannot have cluster DNS). */
  clusterDNS: string[];
  binary?: string;
}

/** Before the kubelets: the pod network with the Service range, and the proxy binary. */
export async function prepareServiceNetwork(opts: { clusterId: string; runtime: 'docker' | 'simulated'; docker?: Docker; log: (l: string) => void }): Promise<ServiceNetwork> {
  if (opts.runtime !== 'docker') return { clusterDNS: [] };
  const docker = opts.docker ?? new Docker();
  const info = await docker.info();
  const binary = proxyBinary(info.Architecture, opts.log);
  const routed = await ensureServiceNetwork(docker, opts.clusterId, opts.log);
  return routed && binary ? { clusterDNS: [CLUSTER_DNS_IP], binary } : { clusterDNS: [] };
}

export interface ServiceProxyOptions {
  dataDir: string;
  clusterId: string;
  runtime: 'docker' | 'simulated';
  network: ServiceNetwork;
  /** Whether the host routes to pod IPs (DockerRuntime.podNetworkReachable); false forces the dial port. */
  hostRoute: boolean;
  ingressPort?: number;
  /** HTTPS port of the Ingress controller (default ingressPort + 363, i.e. 8443). */
  ingressTLSPort?: number;
  informers?: InformerFactory;
  docker?: Docker;
  log: (l: string) => void;
}

export interface RunningServiceProxy {
  readonly ingressPort: number;
  readonly ingressTLSPort: number;
  /** A TCP connection to podIP:port through the proxy container (for a host without a route to pods); undefined when no proxy container runs. */
  readonly podDialer?: Dial;
  /** Resolves once the current Services are applied everywhere (tests). */
  synced(): Promise<void>;
  stop(opts?: { removeContainer?: boolean }): Promise<void>;
}

const DEBOUNCE_MS = 30;

export async function startServiceProxy(client: ApiClient, opts: ServiceProxyOptions): Promise<RunningServiceProxy> {
  const log = opts.log;
  const ac = new AbortController();
  const informers = opts.informers ?? new InformerFactory(client, { log });
  const services = informers.informer<Service & KubeObject>('services');
  const endpoints = informers.informer<Endpoints & KubeObject>('endpoints');
  const pods = informers.informer<Pod & KubeObject>('pods');
  if (!opts.informers) informers.start(ac.signal);
  const events = new EventRecorder(client, 'service-proxy', log);

  let container: ProxyContainer | undefined;
  if (opts.runtime === 'docker' && opts.network.binary && opts.network.clusterDNS.length) {
    const docker = opts.docker ?? new Docker();
    try {
      container = await startProxyContainer(docker, { clusterId: opts.clusterId, binary: opts.network.binary, configDir: `${opts.dataDir}/proxy`, log });
    } catch (e) {
      log(`service proxy: container did not start (${(e as Error).message}); Services work from the host only`);
    }
  }
  const dial = makeDialer({ direct: opts.hostRoute, dialPort: container?.dialPort });
  const hostPorts = new HostPorts({ client, services, endpoints, dial, simulated: opts.runtime === 'simulated', events, log });
  const ingress = new IngressController({ client, informers, services, endpoints, dial, simulated: opts.runtime === 'simulated', events, log, port: opts.ingressPort ?? 8080, tlsPort: opts.ingressTLSPort });
  await ingress.start();
  log(`ingress: IngressClass ${INGRESS_CLASS_NAME} on http://127.0.0.1:${ingress.port} and https://127.0.0.1:${ingress.tlsPort}`);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let waiters: Array<() => void> = [];
  const sync = async () => {
    const config = proxyConfig({ services: services.list(), endpoints: (ns, n) => endpoints.getByName(ns, n), pods: pods.list().filter((p) => p.spec?.subdomain) });
    await container?.apply(config).catch((e) => log(`service proxy: apply: ${(e as Error).message}`));
    await hostPorts.sync().catch((e) => log(`service proxy: host ports: ${(e as Error).message}`));
    await ingress.sync().catch((e) => log(`ingress: ${(e as Error).message}`));
  };
  const kick = () => {
    if (timer || ac.signal.aborted) return;
    timer = setTimeout(() => {
      timer = undefined;
      const w = waiters; waiters = [];
      running = running.then(sync).finally(() => { for (const f of w) f(); });
    }, DEBOUNCE_MS);
  };
  const on = { onAdd: kick, onUpdate: kick, onDelete: kick };
  services.addEventHandler(on);
  endpoints.addEventHandler(on);
  pods.addEventHandler({ onAdd: (p) => { if (p.spec?.subdomain) kick(); }, onUpdate: (o, p) => { if (p.spec?.subdomain && o.status?.podIP !== p.status?.podIP) kick(); }, onDelete: (p) => { if (p.spec?.subdomain) kick(); } });
  ingress.onChange(kick);
  await Promise.race([Promise.all([services.waitForSync(ac.signal), endpoints.waitForSync(ac.signal)]), new Promise((r) => setTimeout(r, 5000).unref())]);
  if (opts.runtime === 'docker') void ensureKubeDNSService(client, log);
  kick();

  return {
    ingressPort: ingress.port,
    ingressTLSPort: ingress.tlsPort,
    podDialer: container?.dialPort ? makeDialer({ direct: false, dialPort: container.dialPort }) : undefined,
    synced: () => new Promise<void>((resolve) => { waiters.push(resolve); kick(); }),
    async stop(o = {}) {
      ac.abort();
      if (timer) clearTimeout(timer);
      hostPorts.close();
      await ingress.close();
      if (o.removeContainer) await container?.remove();
    },
  };
}

/** kube-system/kube-dns at 10.96.0.10, as kubeadm clusters have it (the proxy answers there). */
async function ensureKubeDNSService(client: ApiClient, log: (l: string) => void): Promise<void> {
  const svc = {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' } },
    spec: { clusterIP: CLUSTER_DNS_IP, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] },
  };
  for (let i = 0; i < 20; i++) {
    try { await client.create('services', 'kube-system', svc as KubeObject); return; } catch (e) {
      const code = (e as { code?: number }).code;
      if (code === 409 || /already exists/.test(String(e))) return;
      await new Promise((r) => setTimeout(r, 500));
      if (i === 19) log(`service proxy: kube-dns Service: ${(e as Error).message}`);
    }
  }
}
