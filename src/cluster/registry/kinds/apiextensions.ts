// apiextensions.k8s.io/v1 CustomResourceDefinition and metrics.k8s.io/v1beta1 NodeMetrics /
// PodMetrics (read-only, served by the kubelets). The CRD's own served resources come from
// crd.ts (resourceDefFromCRD).
import type { StatusCause } from '../../api/types';
import { defineResource } from '../define';
import { column, createdAt } from '../printers/common';
import { READ_VERBS } from '../types';
import { invalid, notSupported, required } from '../validation/field';
import { dns1035Label, dns1123Label, dns1123Subdomain } from '../validation/names';

const CREATED_AT = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

function validateCrd(o: any, old?: any): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = o.spec ?? {};
  const names = spec.names ?? {};
  if (!spec.group) causes.push(required('spec.group'));
  else if (spec.group.split('.').length < 2) causes.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  if (!names.plural) causes.push(required('spec.names.plural'));
  else for (const m of dns1123Label(names.plural)) causes.push(invalid('spec.names.plural', names.plural, m));
  if (!names.kind) causes.push(required('spec.names.kind'));
  if (names.singular) for (const m of dns1123Label(names.singular)) causes.push(invalid('spec.names.singular', names.singular, m));
  if (o.metadata?.name && names.plural && spec.group && o.metadata.name !== `${names.plural}.${spec.group}`) {
    causes.push(invalid('metadata.name', o.metadata.name, `must be spec.names.plural+"."+spec.group`));
  }
  if (!['Namespaced', 'Cluster'].includes(spec.scope)) causes.push(spec.scope ? notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']) : required('spec.scope'));
  const versions: any[] = spec.versions ?? [];
  if (!versions.length) causes.push(required('spec.versions', 'must have exactly one version marked as storage version'));
  const storage = versions.filter((v) => v?.storage).length;
  if (versions.length && storage !== 1) causes.push(invalid('spec.versions', versions.map((v) => v?.name), 'must have exactly one version marked as storage version'));
  versions.forEach((v, i) => {
    if (!v?.name) causes.push(required(`spec.versions[${i}].name`));
    else for (const m of dns1035Label(v.name)) causes.push(invalid(`spec.versions[${i}].name`, v.name, m));
    if (!v?.schema?.openAPIV3Schema) causes.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  if (old && old.spec?.scope && old.spec.scope !== spec.scope) causes.push(invalid('spec.scope', spec.scope, 'field is immutable'));
  if (old && old.spec?.group && old.spec.group !== spec.group) causes.push(invalid('spec.group', spec.group, 'field is immutable'));
  return causes;
}

export const customResourceDefinition = defineResource({
  group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions',
  namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: { status: true },
  allColumns: [
    column('Name', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', (o) => o.metadata?.name ?? '', { format: 'name' }),
    column('Created At', CREATED_AT, createdAt, { type: 'date' }),
  ],
  nameCheck: dns1123Subdomain,
  defaults(obj) {
    obj.spec ??= {};
    const s = obj.spec;
    s.names ??= {};
    if (s.names.kind) {
      s.names.singular ??= String(s.names.kind).toLowerCase();
      s.names.listKind ??= `${s.names.kind}List`;
    }
    s.conversion ??= { strategy: 'None' };
    for (const v of s.versions ?? []) {
      if (!v || typeof v !== 'object') continue;
      for (const c of v.additionalPrinterColumns ?? []) if (c && c.priority === undefined) c.priority = 0;
    }
  },
  prepareForCreate(obj) {
    obj.status = { conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: [] };
  },
  validate: validateCrd,
});

const metricsSpec = { group: 'metrics.k8s.io', version: 'v1beta1', verbs: READ_VERBS, readOnly: true, skipNameValidation: true };

export const nodeMetrics = defineResource({
  ...metricsSpec, kind: 'NodeMetrics', plural: 'nodes', namespaced: false,
  allColumns: [column('Name', 'Name of the node.', (o) => o.metadata?.name ?? '', { format: 'name' })],
  strategy: { resetStatusOnCreate: false, bumpGenerationOnSpecChange: false, preserveStatusOnUpdate: false },
});

export const podMetrics = defineResource({
  ...metricsSpec, kind: 'PodMetrics', plural: 'pods', namespaced: true,
  allColumns: [column('Name', 'Name of the pod.', (o) => o.metadata?.name ?? '', { format: 'name' })],
  strategy: { resetStatusOnCreate: false, bumpGenerationOnSpecChange: false, preserveStatusOnUpdate: false },
});
