// The `kubernetes` Service in the default namespace (what the API server's bootstrap
// controller keeps in Kubernetes): ClusterIP 10.96.0.1, port 443 "https", and its Endpoints and
// EndpointSlice pointing at 127.0.0.1:<apiserver port>. Re-checked every 10 s and whenever
// one of the three is deleted.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import type { SharedInformer } from '../client/informer';

export interface KubernetesServiceConfig extends ControllerConfig {
  apiServerPort: number;
  apiServerAddress?: string;
}

const KEY = 'default/kubernetes';

export class KubernetesServiceController extends Controller {
  private readonly port: number;
  private readonly address: string;
  private readonly infs: SharedInformer[];
  private timer: NodeJS.Timeout | undefined;

  constructor(config: KubernetesServiceConfig) {
    super('bootstrap-controller', { ...config, workers: 1 });
    if (!Number.isInteger(config.apiServerPort) || config.apiServerPort <= 0) throw new Error('bootstrap-controller: apiServerPort must be a port number');
    this.port = config.apiServerPort;
    this.address = config.apiServerAddress ?? '127.0.0.1';
    this.infs = [this.informer('services'), this.informer('endpoints'), this.informer('endpointslices.discovery.k8s.io')];
    for (const inf of this.infs) inf.addEventHandler({ onDelete: (o) => { if (o.metadata.namespace === 'default' && o.metadata.name === 'kubernetes') this.enqueue(KEY); } });
  }

  async start(signal: AbortSignal): Promise<void> {
    await super.start(signal);
    this.enqueue(KEY);
    this.timer = setInterval(() => this.enqueue(KEY), 10_000);
    signal.addEventListener('abort', () => clearInterval(this.timer), { once: true });
  }

  async reconcile(): Promise<void> {
    const [svcs, eps, slices] = this.infs;
    const labels = { component: 'apiserver', provider: 'kubernetes' };
    if (!svcs.get(KEY)) {
      await this.ensure('services', {
        apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default', labels },
        spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster',
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: this.port }] },
      });
    }
    const subsets = [{ addresses: [{ ip: this.address }], ports: [{ name: 'https', port: this.port, protocol: 'TCP' }] }];
    const ep = eps.get(KEY);
    if (!ep) {
      await this.ensure('endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets });
    } else if (JSON.stringify(ep.subsets) !== JSON.stringify(subsets)) {
      await this.client.update('endpoints', 'default', { ...structuredClone(ep), subsets });
    }
    const slice = slices.get(KEY);
    const endpoints = [{ addresses: [this.address], conditions: { ready: true } }];
    const ports = [{ name: 'https', port: this.port, protocol: 'TCP' }];
    if (!slice) {
      await this.ensure('endpointslices.discovery.k8s.io', {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'kube-apiserver' } },
        endpoints, ports,
      });
    } else if (JSON.stringify(slice.ports) !== JSON.stringify(ports) || JSON.stringify(slice.endpoints) !== JSON.stringify(endpoints)) {
      await this.client.update('endpointslices.discovery.k8s.io', 'default', { ...structuredClone(slice), endpoints, ports });
    }
  }

  private async ensure(resource: string, obj: KubeObject): Promise<void> {
    try { await this.client.create(resource, 'default', obj); } catch (err) { if (!isApiError(err, 'AlreadyExists')) throw err; }
  }
}
