// The kinds the views watch, with the REST facts needed to list and watch them without discovery.
// Not every cluster serves every kind (e.g. an old one without networking.k8s.io/v1): the cache
// tolerates a 404 per kind.

export interface KindInfo {
  kind: string;
  apiVersion: string;
  plural: string;
  namespaced: boolean;
}

export const KINDS: KindInfo[] = [
  { kind: 'Node', apiVersion: 'v1', plural: 'nodes', namespaced: false },
  { kind: 'Namespace', apiVersion: 'v1', plural: 'namespaces', namespaced: false },
  { kind: 'Pod', apiVersion: 'v1', plural: 'pods', namespaced: true },
  { kind: 'Deployment', apiVersion: 'apps/v1', plural: 'deployments', namespaced: true },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', plural: 'replicasets', namespaced: true },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', plural: 'statefulsets', namespaced: true },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', plural: 'daemonsets', namespaced: true },
  { kind: 'Job', apiVersion: 'batch/v1', plural: 'jobs', namespaced: true },
  { kind: 'CronJob', apiVersion: 'batch/v1', plural: 'cronjobs', namespaced: true },
  { kind: 'Service', apiVersion: 'v1', plural: 'services', namespaced: true },
  { kind: 'Endpoints', apiVersion: 'v1', plural: 'endpoints', namespaced: true },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', plural: 'ingresses', namespaced: true },
  { kind: 'ConfigMap', apiVersion: 'v1', plural: 'configmaps', namespaced: true },
  { kind: 'Secret', apiVersion: 'v1', plural: 'secrets', namespaced: true },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', plural: 'persistentvolumeclaims', namespaced: true },
  { kind: 'PersistentVolume', apiVersion: 'v1', plural: 'persistentvolumes', namespaced: false },
  { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', plural: 'storageclasses', namespaced: false },
  { kind: 'Event', apiVersion: 'v1', plural: 'events', namespaced: true },
];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));
export function kindInfo(kind: string): KindInfo | undefined { return byKind.get(kind); }

/** REST path of a collection or an object: /api/v1/namespaces/ns/pods/name. */
export function restPath(k: KindInfo, namespace?: string, name?: string): string {
  const base = k.apiVersion.includes('/') ? `/apis/${k.apiVersion}` : `/api/${k.apiVersion}`;
  const ns = k.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${k.plural}${name ? '/' + encodeURIComponent(name) : ''}`;
}

/** REST path for any apiVersion/kind given its plural (used by apply when the kind is not watched). */
export function pathFor(apiVersion: string, plural: string, namespace?: string, name?: string): string {
  return restPath({ kind: '', apiVersion, plural, namespaced: !!namespace }, namespace, name);
}
