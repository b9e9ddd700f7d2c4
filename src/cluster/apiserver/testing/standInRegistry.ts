// A minimal registry used until src/cluster/registry/ provides createRegistry(): the built-in
// kinds kubectl's common commands touch, with the printer columns `kubectl get` shows.
// Deliberately left out: schemas (no strict field validation, thin `explain`), per-kind
// validation beyond names, defaulting beyond what controllers need.
import type { KubeObject, StatusCause } from '../../api/types';
import type { PrinterColumn, Registry, ResourceDef } from '../registryTypes';
import { age } from '../table';
import { getPath } from '../selectors';

const nameCol: PrinterColumn = { name: 'Name', type: 'string', format: 'name', priority: 0, description: 'Name must be unique within a namespace.', cell: (o) => o.metadata.name ?? '' };
const ageCol: PrinterColumn = { name: 'Age', type: 'string', format: '', priority: 0, description: 'CreationTimestamp', cell: (o, c) => age(o.metadata.creationTimestamp, c.now) };
const col = (name: string, cell: (o: KubeObject) => unknown, priority: 0 | 1 = 0, type: PrinterColumn['type'] = 'string'): PrinterColumn => ({ name, type, format: '', priority, description: name, cell: (o) => cell(o) as never });

function podReady(o: KubeObject): string {
  const cs: any[] = o.status?.containerStatuses ?? [];
  return `${cs.filter((c) => c.ready).length}/${(o.spec?.containers ?? []).length}`;
}
function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  for (const c of o.status?.containerStatuses ?? []) {
    const w = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (w && !c.ready && o.status?.phase !== 'Succeeded') return w;
  }
  return o.status?.reason ?? o.status?.phase ?? 'Pending';
}
const restarts = (o: KubeObject) => (o.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0);
const ports = (o: KubeObject) => (o.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? ':' + p.nodePort : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';
const selector = (sel: Record<string, string> | undefined) => (sel ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : '<none>');
const images = (o: KubeObject) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.image).join(',');
const containers = (o: KubeObject) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.name).join(',');
const nodeReady = (o: KubeObject) => {
  const c = (o.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
  const s = c?.status === 'True' ? 'Ready' : 'NotReady';
  return o.spec?.unschedulable ? `${s},SchedulingDisabled` : s;
};
const nodeRoles = (o: KubeObject) => Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).join(',') || '<none>';
const addr = (o: KubeObject, t: string) => (o.status?.addresses ?? []).find((a: any) => a.type === t)?.address ?? '<none>';

interface Short { g?: string; v?: string; k: string; p: string; s?: string[]; ns?: boolean; cat?: string[]; status?: boolean; scale?: boolean; cols?: PrinterColumn[]; fs?: string[] }

const kinds: Short[] = [
  { k: 'Namespace', p: 'namespaces', s: ['ns'], ns: false, status: true, cols: [nameCol, col('Status', (o) => o.status?.phase), ageCol] },
  { k: 'Pod', p: 'pods', s: ['po'], cat: ['all'], status: true, fs: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
    cols: [nameCol, col('Ready', podReady), col('Status', podStatus), col('Restarts', restarts, 0, 'integer'), ageCol, col('IP', (o) => o.status?.podIP ?? '<none>', 1), col('Node', (o) => o.spec?.nodeName ?? '<none>', 1), col('Nominated Node', (o) => o.status?.nominatedNodeName ?? '<none>', 1), col('Readiness Gates', () => '<none>', 1)] },
  { k: 'Node', p: 'nodes', s: ['no'], ns: false, status: true, fs: ['spec.unschedulable'],
    cols: [nameCol, col('Status', nodeReady), col('Roles', nodeRoles), ageCol, col('Version', (o) => o.status?.nodeInfo?.kubeletVersion ?? ''), col('Internal-IP', (o) => addr(o, 'InternalIP'), 1), col('External-IP', (o) => addr(o, 'ExternalIP'), 1), col('OS-Image', (o) => o.status?.nodeInfo?.osImage ?? '<unknown>', 1), col('Kernel-Version', (o) => o.status?.nodeInfo?.kernelVersion ?? '<unknown>', 1), col('Container-Runtime', (o) => o.status?.nodeInfo?.containerRuntimeVersion ?? '<unknown>', 1)] },
  { k: 'Service', p: 'services', s: ['svc'], cat: ['all'], status: true,
    cols: [nameCol, col('Type', (o) => o.spec?.type ?? 'ClusterIP'), col('Cluster-IP', (o) => o.spec?.clusterIP ?? '<none>'), col('External-IP', (o) => (o.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip).join(',') || (o.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>')), col('Port(s)', ports), ageCol, col('Selector', (o) => selector(o.spec?.selector), 1)] },
  { k: 'Endpoints', p: 'endpoints', s: ['ep'] },
  { k: 'ConfigMap', p: 'configmaps', s: ['cm'], cols: [nameCol, col('Data', (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, 0, 'integer'), ageCol] },
  { k: 'Secret', p: 'secrets', fs: ['type'], cols: [nameCol, col('Type', (o) => o.type ?? 'Opaque'), col('Data', (o) => Object.keys(o.data ?? {}).length, 0, 'integer'), ageCol] },
  { k: 'ServiceAccount', p: 'serviceaccounts', s: ['sa'] },
  { k: 'Event', p: 'events', s: ['ev'], fs: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
    cols: [col('Last Seen', (o) => age(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, Date.now())), col('Type', (o) => o.type), col('Reason', (o) => o.reason), col('Object', (o) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name}`), col('Message', (o) => o.message)] },
  { k: 'PersistentVolume', p: 'persistentvolumes', s: ['pv'], ns: false, status: true },
  { k: 'PersistentVolumeClaim', p: 'persistentvolumeclaims', s: ['pvc'], status: true },
  { k: 'ReplicationController', p: 'replicationcontrollers', s: ['rc'], cat: ['all'], status: true, scale: true },
  { k: 'LimitRange', p: 'limitranges', s: ['limits'] },
  { k: 'ResourceQuota', p: 'resourcequotas', s: ['quota'], status: true },
  { g: 'apps', k: 'Deployment', p: 'deployments', s: ['deploy'], cat: ['all'], status: true, scale: true,
    cols: [nameCol, col('Ready', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`), col('Up-to-date', (o) => o.status?.updatedReplicas ?? 0, 0, 'integer'), col('Available', (o) => o.status?.availableReplicas ?? 0, 0, 'integer'), ageCol, col('Containers', containers, 1), col('Images', images, 1), col('Selector', (o) => selector(o.spec?.selector?.matchLabels), 1)] },
  { g: 'apps', k: 'ReplicaSet', p: 'replicasets', s: ['rs'], cat: ['all'], status: true, scale: true,
    cols: [nameCol, col('Desired', (o) => o.spec?.replicas ?? 1, 0, 'integer'), col('Current', (o) => o.status?.replicas ?? 0, 0, 'integer'), col('Ready', (o) => o.status?.readyReplicas ?? 0, 0, 'integer'), ageCol, col('Containers', containers, 1), col('Images', images, 1), col('Selector', (o) => selector(o.spec?.selector?.matchLabels), 1)] },
  { g: 'apps', k: 'StatefulSet', p: 'statefulsets', s: ['sts'], cat: ['all'], status: true, scale: true },
  { g: 'apps', k: 'DaemonSet', p: 'daemonsets', s: ['ds'], cat: ['all'], status: true },
  { g: 'apps', k: 'ControllerRevision', p: 'controllerrevisions' },
  { g: 'batch', k: 'Job', p: 'jobs', cat: ['all'], status: true },
  { g: 'batch', k: 'CronJob', p: 'cronjobs', s: ['cj'], cat: ['all'], status: true },
  { g: 'coordination.k8s.io', k: 'Lease', p: 'leases' },
  { g: 'discovery.k8s.io', k: 'EndpointSlice', p: 'endpointslices' },
  { g: 'events.k8s.io', k: 'Event', p: 'events', s: ['ev'] },
  { g: 'networking.k8s.io', k: 'Ingress', p: 'ingresses', s: ['ing'], status: true },
  { g: 'networking.k8s.io', k: 'NetworkPolicy', p: 'networkpolicies', s: ['netpol'] },
  { g: 'policy', k: 'PodDisruptionBudget', p: 'poddisruptionbudgets', s: ['pdb'], status: true },
  { g: 'autoscaling', v: 'v2', k: 'HorizontalPodAutoscaler', p: 'horizontalpodautoscalers', s: ['hpa'], cat: ['all'], status: true },
  { g: 'apiextensions.k8s.io', k: 'CustomResourceDefinition', p: 'customresourcedefinitions', s: ['crd', 'crds'], ns: false, status: true },
  { g: 'storage.k8s.io', k: 'StorageClass', p: 'storageclasses', s: ['sc'], ns: false },
];

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function validateName(o: KubeObject, label: boolean): StatusCause[] {
  const n = o.metadata.name ?? '';
  if (!n) return [];
  if (label ? LABEL.test(n) && n.length <= 63 : SUBDOMAIN.test(n) && n.length <= 253) return [];
  const msg = label
    ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  return [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(n)}: ${msg}` }];
}

const VERBS: ResourceDef['verbs'] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function standInDef(s: Short): ResourceDef {
  const group = s.g ?? '', version = s.v ?? 'v1';
  const fieldSelectors: ResourceDef['fieldSelectors'] = {};
  for (const f of s.fs ?? []) fieldSelectors[f] = (o) => String(getPath(o, f) ?? '');
  return {
    group, version, kind: s.k, listKind: `${s.k}List`, plural: s.p, singular: s.k.toLowerCase(),
    gr: group ? `${s.p}.${group}` : s.p, apiVersion: group ? `${group}/${version}` : version, preferred: true,
    shortNames: s.s ?? [], namespaced: s.ns ?? true, categories: s.cat ?? [], verbs: [...VERBS],
    defaults: () => undefined, validate: (o) => validateName(o, s.k === 'Namespace' || s.k === 'Service'),
    strategy: { resetStatusOnCreate: !!s.status && s.k !== 'Node', bumpGenerationOnSpecChange: true, preserveStatusOnUpdate: !!s.status },
    subresources: {
      ...(s.status ? { status: true } : {}),
      ...(s.scale ? { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } } : {}),
    },
    columns: s.cols ?? [nameCol, ageCol],
    fieldSelectors,
  };
}

export function createStandInRegistry(): Registry {
  let defs: ResourceDef[] = [];
  const listeners = new Set<(c: unknown) => void>();
  const r: Registry = {
    all: () => defs.slice(),
    byResource: (gr) => defs.find((d) => d.gr === gr),
    lookup: (g, v, p) => defs.find((d) => d.group === g && d.version === v && d.plural === p),
    byKind: (g, k, v) => defs.find((d) => d.group === g && d.kind === k && (!v || d.version === v)),
    register(d) { defs = defs.filter((x) => !(x.gr === d.gr && x.version === d.version)); defs.push(d); listeners.forEach((f) => f({ type: 'registered', def: d })); },
    unregister(gr) { defs = defs.filter((x) => x.gr !== gr); listeners.forEach((f) => f({ type: 'unregistered' })); },
    onChange(fn) { listeners.add(fn); return () => { listeners.delete(fn); }; },
  };
  for (const s of kinds) r.register(standInDef(s));
  return r;
}
