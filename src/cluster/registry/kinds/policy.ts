// Kinds that are stored and shown but not enforced here: RBAC (rbac.authorization.k8s.io/v1),
// NetworkPolicy, PodDisruptionBudget, PriorityClass, ResourceQuota, LimitRange, PodTemplate.
// Manifests that carry them (charts, tutorials) apply cleanly; nothing acts on them yet.
import type { KubeObject } from '../../api/types';
import { defineResource } from '../define';
import { column, createdAt, formatLabels, formatLabelSelector, wide } from '../printers/common';
import { invalid, required } from '../validation/field';

const CREATED_AT = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.';
const createdAtColumns = [
  column('Name', 'Name must be unique within a namespace.', (o) => o.metadata?.name ?? '', { format: 'name' }),
  column('Created At', CREATED_AT, createdAt, { type: 'date' }),
];

const RBAC = 'rbac.authorization.k8s.io';

function subjects(kind: string) {
  return (o: KubeObject) => (o.subjects ?? []).filter((s: any) => s.kind === kind)
    .map((s: any) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name)).join(', ');
}

function bindingColumns(what: string) {
  return [
    column('Role', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.', (o) => `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`),
    column('Users', `Users in the ${what}`, subjects('User'), wide),
    column('Groups', `Groups in the ${what}`, subjects('Group'), wide),
    column('ServiceAccounts', `ServiceAccounts in the ${what}`, subjects('ServiceAccount'), wide),
  ];
}

function validateBinding(o: KubeObject) {
  const causes = [];
  if (!o.roleRef?.kind) causes.push(required('roleRef.kind'));
  else if (!['Role', 'ClusterRole'].includes(o.roleRef.kind)) causes.push({ reason: 'FieldValueNotSupported', field: 'roleRef.kind', message: `Unsupported value: ${JSON.stringify(o.roleRef.kind)}: supported values: "Role", "ClusterRole"` });
  if (!o.roleRef?.name) causes.push(required('roleRef.name'));
  return causes;
}

export const role = defineResource({ group: RBAC, version: 'v1', kind: 'Role', plural: 'roles', namespaced: true, allColumns: createdAtColumns });
export const clusterRole = defineResource({ group: RBAC, version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false, allColumns: createdAtColumns });
export const roleBinding = defineResource({
  group: RBAC, version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true,
  columns: bindingColumns('roleBinding'), ageAt: 1, validate: validateBinding,
});
export const clusterRoleBinding = defineResource({
  group: RBAC, version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false,
  columns: bindingColumns('clusterRoleBinding'), ageAt: 1, validate: validateBinding,
});

export const networkPolicy = defineResource({
  group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true, shortNames: ['netpol'],
  columns: [column('Pod-Selector', 'podSelector selects the pods to which this NetworkPolicy object applies.', (o) => { const s = formatLabelSelector(o.spec?.podSelector); return s === '<none>' ? '<none>' : s; })],
  defaults(obj) {
    obj.spec ??= {};
    if (!obj.spec.policyTypes) obj.spec.policyTypes = obj.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
  },
});

const intOrPercent = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));

export const podDisruptionBudget = defineResource({
  group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, shortNames: ['pdb'],
  subresources: { status: true },
  columns: [
    column('Min Available', 'The minimum number of pods that must be available.', (o) => intOrPercent(o.spec?.minAvailable)),
    column('Max Unavailable', 'The maximum number of pods that may be unavailable.', (o) => intOrPercent(o.spec?.maxUnavailable)),
    column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', (o) => o.status?.disruptionsAllowed ?? 0, { type: 'integer' }),
  ],
  validate(o) {
    if (o.spec?.minAvailable !== undefined && o.spec?.maxUnavailable !== undefined) {
      return [invalid('spec', o.spec, 'minAvailable and maxUnavailable cannot be both set')];
    }
    return [];
  },
});

export const priorityClass = defineResource({
  group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'],
  columns: [
    column('Value', 'value represents the integer value of this priority class.', (o) => o.value ?? 0, { type: 'integer' }),
    column('Global-Default', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.', (o) => !!o.globalDefault, { type: 'boolean' }),
  ],
  defaults(obj) { obj.preemptionPolicy ??= 'PreemptLowerPriority'; },
  validate: (o) => (typeof o.value === 'number' ? [] : [required('value')]),
});

function quotaCells(o: KubeObject, limits: boolean): string {
  const hard: Record<string, string> = o.spec?.hard ?? {};
  const used: Record<string, string> = o.status?.used ?? {};
  return Object.keys(hard).sort().filter((k) => k.startsWith('limits.') === limits)
    .map((k) => `${k}: ${used[k] ?? '0'}/${hard[k]}`).join(', ');
}

export const resourceQuota = defineResource({
  group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true, shortNames: ['quota'],
  subresources: { status: true },
  columns: [
    column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.', (o) => quotaCells(o, false)),
    column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.', (o) => quotaCells(o, true)),
  ],
  ageAt: 0,
});

export const limitRange = defineResource({
  group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true, shortNames: ['limits'], allColumns: createdAtColumns,
});

export const podTemplate = defineResource({
  group: '', version: 'v1', kind: 'PodTemplate', plural: 'podtemplates', namespaced: true,
  allColumns: [
    createdAtColumns[0],
    column('Containers', 'Names of each container in the template.', (o) => (o.template?.spec?.containers ?? []).map((c: any) => c.name).join(',')),
    column('Images', 'Images referenced by each container in the template.', (o) => (o.template?.spec?.containers ?? []).map((c: any) => c.image).join(',')),
    column('Pod Labels', 'The labels for the pod template.', (o) => formatLabels(o.template?.metadata?.labels)),
  ],
});
