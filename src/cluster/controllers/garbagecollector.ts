// GarbageCollector: ownerReferences as Kubernetes' garbage collector treats them.
// - Background: when an owner is gone (verified by a live GET: 404 or another uid), its
//   dependents are deleted; a dependent with other live owners only loses the dangling ref.
// - Foreground: an owner with deletionTimestamp and finalizer `foregroundDeletion` gets its
//   dependents deleted (foreground too, so it recurses); once no dependent with
//   blockOwnerDeletion remains, the finalizer is removed and the owner goes.
// - Orphan: finalizer `orphan` → the ownerReference is removed from every dependent, then the
//   finalizer. The graph is built from informers over the resources listed below (`resources`
//   in the config adds more) and every established CRD's custom resources. Not implemented:
//   owners of kinds outside the watched set are never treated as gone (kept safe rather than
//   deleting wrongly).
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { metaNamespaceKey, splitKey, type SharedInformer } from '../client/informer';

// Every deletable kind the registry serves, as Kubernetes' collector watches all of them (but
// events, which it ignores too): a Foreground or Orphan delete of a kind left out here would
// wait forever on its finalizer.
export const GC_RESOURCES: Record<string, string> = {
  Pod: 'pods', ReplicaSet: 'replicasets.apps', Deployment: 'deployments.apps', StatefulSet: 'statefulsets.apps',
  DaemonSet: 'daemonsets.apps', ControllerRevision: 'controllerrevisions.apps', Job: 'jobs.batch', CronJob: 'cronjobs.batch',
  Service: 'services', EndpointSlice: 'endpointslices.discovery.k8s.io', PersistentVolumeClaim: 'persistentvolumeclaims',
  ConfigMap: 'configmaps', Secret: 'secrets', Node: 'nodes', Lease: 'leases.coordination.k8s.io',
  Namespace: 'namespaces', ServiceAccount: 'serviceaccounts', Endpoints: 'endpoints', PersistentVolume: 'persistentvolumes',
  ReplicationController: 'replicationcontrollers', PodTemplate: 'podtemplates', ResourceQuota: 'resourcequotas', LimitRange: 'limitranges',
  Ingress: 'ingresses.networking.k8s.io', IngressClass: 'ingressclasses.networking.k8s.io', NetworkPolicy: 'networkpolicies.networking.k8s.io',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers.autoscaling', PodDisruptionBudget: 'poddisruptionbudgets.policy',
  StorageClass: 'storageclasses.storage.k8s.io', PriorityClass: 'priorityclasses.scheduling.k8s.io',
  Role: 'roles.rbac.authorization.k8s.io', RoleBinding: 'rolebindings.rbac.authorization.k8s.io',
  ClusterRole: 'clusterroles.rbac.authorization.k8s.io', ClusterRoleBinding: 'clusterrolebindings.rbac.authorization.k8s.io',
  CustomResourceDefinition: 'customresourcedefinitions.apiextensions.k8s.io',
};

const FOREGROUND = 'foregroundDeletion';
const CRDS = 'customresourcedefinitions.apiextensions.k8s.io';
const ORPHAN = 'orphan';

export interface GarbageCollectorConfig extends ControllerConfig {
  /** kind → resource, in addition to GC_RESOURCES. */
  resources?: Record<string, string>;
}

export class GarbageCollector extends Controller {
  private readonly kinds: Record<string, string>;
  private readonly infs = new Map<string, SharedInformer>();
  /** owner uid → "resource|key" of dependents */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly uids = new Set<string>();
  /** uid → "resource|key" of owners being deleted with a GC finalizer */
  private readonly deleting = new Map<string, string>();

  constructor(config: GarbageCollectorConfig) {
    super('garbage-collector-controller', config);
    this.kinds = { ...GC_RESOURCES, ...(config.resources ?? {}) };
    for (const resource of new Set(Object.values(this.kinds))) this.track(resource);
    // Custom resources join the graph when their CRD is established, so a CR's Foreground or
    // Orphan delete completes (it hung on its finalizer) and its dependents are collected.
    this.informer(CRDS).addEventHandler({ onAdd: (c) => this.trackCrd(c), onUpdate: (_old, c) => this.trackCrd(c) });
  }

  private track(resource: string): void {
    if (this.infs.has(resource)) return;
    const inf = this.informer(resource);
    this.infs.set(resource, inf);
    inf.addEventHandler({
      onAdd: (o) => this.observe(resource, o),
      onUpdate: (old, o) => { this.unlink(resource, old); this.observe(resource, o); },
      onDelete: (o) => {
        this.unlink(resource, o);
        this.uids.delete(o.metadata.uid!);
        this.deleting.delete(o.metadata.uid!);
        for (const d of this.dependents.get(o.metadata.uid!) ?? []) this.enqueue(`dep|${d}`);
      },
    });
  }

  /** A built-in kind keeps its resource when a CRD reuses the kind name (refs are matched by kind). */
  private trackCrd(crd: KubeObject): void {
    const names = crd.spec?.names;
    const established = (crd.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True');
    if (!names?.kind || !names.plural || !crd.spec?.group || !established) return;
    const resource = `${names.plural}.${crd.spec.group}`;
    this.kinds[names.kind] ??= resource;
    this.track(resource);
  }

  private observe(resource: string, o: KubeObject): void {
    this.uids.add(o.metadata.uid!);
    const id = `${resource}|${metaNamespaceKey(o)}`;
    for (const r of o.metadata.ownerReferences ?? []) {
      let s = this.dependents.get(r.uid);
      if (!s) { s = new Set(); this.dependents.set(r.uid, s); }
      s.add(id);
      // An owner we have not seen may be gone already (or not yet observed): check later.
      if (!this.uids.has(r.uid) && this.kinds[r.kind]) this.queue.addAfter(`dep|${id}`, 2000);
    }
    const fin = o.metadata.finalizers ?? [];
    if (o.metadata.deletionTimestamp && (fin.includes(FOREGROUND) || fin.includes(ORPHAN))) {
      this.deleting.set(o.metadata.uid!, id);
      this.enqueue(`owner|${id}`);
    } else this.deleting.delete(o.metadata.uid!);
  }

  private unlink(resource: string, o: KubeObject): void {
    const id = `${resource}|${metaNamespaceKey(o)}`;
    for (const r of o.metadata.ownerReferences ?? []) {
      this.dependents.get(r.uid)?.delete(id);
      this.enqueueOwner(r.uid);
    }
  }

  private enqueueOwner(uid: string): void {
    const id = this.deleting.get(uid);
    if (id) this.enqueue(`owner|${id}`);
  }

  async reconcile(item: string): Promise<void> {
    const [kind, resource, key] = item.split('|');
    const inf = this.infs.get(resource);
    if (!inf) return;
    const obj = inf.get(key);
    if (!obj) return;
    if (kind === 'dep') return this.checkDependent(resource, obj);
    return this.processOwner(resource, obj);
  }

  private async ownerExists(ref: { kind: string; name: string; uid: string }, ns: string | undefined): Promise<boolean | undefined> {
    const resource = this.kinds[ref.kind];
    if (!resource) return undefined;
    try {
      const o = await this.client.get(resource, resource === 'nodes' ? undefined : ns, ref.name);
      return o.metadata.uid === ref.uid;
    } catch (err) {
      if (isApiError(err, 'NotFound')) return false;
      throw err;
    }
  }

  private async checkDependent(resource: string, obj: KubeObject): Promise<void> {
    const refs = obj.metadata.ownerReferences ?? [];
    if (!refs.length || obj.metadata.deletionTimestamp) return;
    const gone: string[] = [];
    let alive = 0;
    for (const r of refs) {
      const exists = await this.ownerExists(r, obj.metadata.namespace);
      if (exists === false) gone.push(r.uid); else alive++;
    }
    if (!gone.length) return;
    const { namespace, name } = splitKey(metaNamespaceKey(obj));
    if (alive === 0) {
      try { await this.client.delete(resource, namespace, name, { propagationPolicy: 'Background' }); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
      return;
    }
    const next = structuredClone(obj);
    next.metadata.ownerReferences = refs.filter((r) => !gone.includes(r.uid));
    await this.client.update(resource, namespace, next);
  }

  private async processOwner(resource: string, owner: KubeObject): Promise<void> {
    const fin = owner.metadata.finalizers ?? [];
    const uid = owner.metadata.uid!;
    const deps = [...(this.dependents.get(uid) ?? [])].map((d) => {
      const [r, k] = d.split('|');
      return { r, o: this.infs.get(r)?.get(k) };
    }).filter((d): d is { r: string; o: KubeObject } => !!d.o && (d.o.metadata.ownerReferences ?? []).some((x) => x.uid === uid));
    const { namespace, name } = splitKey(metaNamespaceKey(owner));
    if (fin.includes(ORPHAN)) {
      for (const d of deps) {
        const next = structuredClone(d.o);
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((x) => x.uid !== uid);
        await this.client.update(d.r, d.o.metadata.namespace, next);
      }
      return this.removeFinalizer(resource, namespace, name, ORPHAN);
    }
    if (fin.includes(FOREGROUND)) {
      for (const d of deps) {
        if (d.o.metadata.deletionTimestamp) continue;
        try { await this.client.delete(d.r, d.o.metadata.namespace, d.o.metadata.name!, { propagationPolicy: 'Foreground' }); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
      }
      const blocking = deps.filter((d) => (d.o.metadata.ownerReferences ?? []).some((x) => x.uid === uid && x.blockOwnerDeletion));
      if (blocking.length) { this.queue.addAfter(`owner|${resource}|${metaNamespaceKey(owner)}`, 500); return; }
      return this.removeFinalizer(resource, namespace, name, FOREGROUND);
    }
  }

  private async removeFinalizer(resource: string, namespace: string | undefined, name: string, f: string): Promise<void> {
    try {
      const cur = await this.client.get(resource, namespace, name);
      if (!(cur.metadata.finalizers ?? []).includes(f)) return;
      cur.metadata.finalizers = cur.metadata.finalizers!.filter((x) => x !== f);
      await this.client.update(resource, namespace, cur);
    } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }
}
