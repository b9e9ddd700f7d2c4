// NamespaceController: empties a terminating namespace (the API server sets
// deletionTimestamp and phase Terminating) by deleting every namespaced object through the
// API, waits until the lists are empty (pods may take their grace period, objects their
// finalizers), then removes the `kubernetes` finalizer with PUT namespaces/<ns>/finalize.
// Also keeps a ServiceAccount `default` in every active namespace (the ServiceAccount
// controller's job in Kubernetes). Not implemented: NamespaceDeletionContentFailure conditions.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import type { SharedInformer } from '../client/informer';

/** Namespaced resources known to exist in the playground; pass `resources` to include CRDs. */
export const DEFAULT_NAMESPACED_RESOURCES = [
  'pods', 'services', 'endpoints', 'configmaps', 'secrets', 'serviceaccounts', 'persistentvolumeclaims',
  'replicationcontrollers', 'podtemplates', 'resourcequotas', 'limitranges', 'events',
  'deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'controllerrevisions.apps',
  'jobs.batch', 'cronjobs.batch', 'endpointslices.discovery.k8s.io', 'ingresses.networking.k8s.io',
  'networkpolicies.networking.k8s.io', 'horizontalpodautoscalers.autoscaling', 'poddisruptionbudgets.policy',
  'roles.rbac.authorization.k8s.io', 'rolebindings.rbac.authorization.k8s.io', 'leases.coordination.k8s.io',
];

export interface NamespaceControllerConfig extends ControllerConfig {
  resources?: () => string[];
}

export class NamespaceController extends Controller {
  readonly namespaces: SharedInformer;
  readonly serviceAccounts: SharedInformer;
  private readonly resources: () => string[];

  constructor(config: NamespaceControllerConfig) {
    super('namespace-controller', config);
    this.resources = config.resources ?? (() => DEFAULT_NAMESPACED_RESOURCES);
    this.namespaces = this.informer('namespaces');
    this.serviceAccounts = this.informer('serviceaccounts');
    this.namespaces.addEventHandler({ onAdd: (n) => this.enqueue(n), onUpdate: (_o, n) => this.enqueue(n) });
    this.serviceAccounts.addEventHandler({ onDelete: (sa) => { if (sa.metadata.name === 'default') this.enqueue(sa.metadata.namespace!); } });
  }

  async reconcile(key: string): Promise<void> {
    const ns = this.namespaces.get(key);
    if (!ns) return;
    if (!ns.metadata.deletionTimestamp && ns.status?.phase !== 'Terminating') return this.ensureDefaultServiceAccount(ns);
    let remaining = 0;
    for (const r of this.resources()) {
      let items: KubeObject[];
      try { items = (await this.client.list(r, key)).items; } catch (err) {
        if (isApiError(err, 'NotFound')) continue; // not served here
        throw err;
      }
      remaining += items.length;
      await Promise.all(items.filter((o) => !o.metadata.deletionTimestamp).map(async (o) => {
        try { await this.client.delete(r, key, o.metadata.name!, { propagationPolicy: 'Background' }); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
      }));
    }
    if (remaining > 0) { this.queue.addAfter(key, 500); return; }
    if (!(ns.spec?.finalizers ?? []).includes('kubernetes')) return;
    const next = structuredClone(ns);
    next.spec = { ...(next.spec ?? {}), finalizers: (ns.spec.finalizers as string[]).filter((f) => f !== 'kubernetes') };
    await this.client.update('namespaces', undefined, next, { subresource: 'finalize' });
  }

  private async ensureDefaultServiceAccount(ns: KubeObject): Promise<void> {
    const name = ns.metadata.name!;
    if (this.serviceAccounts.get(`${name}/default`)) return;
    try {
      await this.client.create('serviceaccounts', name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists') && !isApiError(err, 'Forbidden')) throw err;
    }
  }
}
