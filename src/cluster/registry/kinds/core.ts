// core/v1 kinds with little behaviour of their own: Namespace, ConfigMap, Secret,
// ServiceAccount, Endpoints, ReplicationController. Pods, services, nodes, events and
// volumes have their own files.
import { defineResource } from '../define';
import { defaultPodTemplate } from '../defaults/podSpec';
import { column, formatLabels, num, templateColumns } from '../printers/common';
import { capped, joinHostPort } from '../printers/formats';
import { invalid, notSupported, required } from '../validation/field';
import { dns1123Label } from '../validation/names';
import { validatePodSpec } from '../validation/podSpec';

export const namespace = defineResource({
  group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false,
  shortNames: ['ns'], subresources: { status: true },
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  strategy: { bumpGenerationOnSpecChange: false },
  nameCheck: dns1123Label,
  columns: [column('Status', 'The status of the namespace', (o) => o.status?.phase ?? '')],
  defaults(obj) {
    const name = obj.metadata?.name;
    if (name) obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name };
  },
  prepareForCreate(obj) {
    obj.spec = { ...obj.spec, finalizers: obj.spec?.finalizers ?? ['kubernetes'] };
    obj.status = { phase: 'Active' };
  },
  fieldSelectors: { 'status.phase': (o) => o.status?.phase ?? '' },
});

const KEY = /^[-._a-zA-Z0-9]+$/;
const KEY_MESSAGE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function validateKeys(data: Record<string, unknown> | undefined, field: string) {
  return Object.keys(data ?? {}).filter((k) => !KEY.test(k) || k.length > 253).map((k) => invalid(field, k, KEY_MESSAGE));
}

export const configMap = defineResource({
  group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'],
  columns: [column('Data', 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.', (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, { type: 'string' })],
  validate: (o) => [...validateKeys(o.data, 'data'), ...validateKeys(o.binaryData, 'binaryData')],
});

export const secret = defineResource({
  group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true,
  columns: [
    column('Type', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types', (o) => o.type ?? ''),
    column('Data', 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4', (o) => Object.keys(o.data ?? {}).length),
  ],
  defaults(obj) {
    obj.type ??= 'Opaque';
    // stringData is write-only: merged into data (base64) and dropped.
    if (obj.stringData && typeof obj.stringData === 'object') {
      obj.data ??= {};
      for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      delete obj.stringData;
    }
  },
  validate(o, old) {
    const causes = validateKeys(o.data, 'data');
    if (old && (old.type ?? 'Opaque') !== (o.type ?? 'Opaque')) causes.push(invalid('type', o.type, 'field is immutable'));
    if (old?.immutable && JSON.stringify(old.data ?? {}) !== JSON.stringify(o.data ?? {})) causes.push({ reason: 'FieldValueForbidden', field: 'data', message: 'Forbidden: field is immutable when `immutable` is set' });
    return causes;
  },
  fieldSelectors: { type: (o) => o.type ?? '' },
});

export const serviceAccount = defineResource({
  group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'],
  columns: [column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret', (o) => (o.secrets ?? []).length)],
});

/** kubectl's ENDPOINTS cell: ip:port per address and port, three shown, "+ N more...". */
function formatEndpoints(o: any): string {
  const list: string[] = [];
  let count = 0;
  for (const ss of o.subsets ?? []) {
    const addrs: any[] = ss.addresses ?? [];
    if (!(ss.ports ?? []).length) {
      count += addrs.length;
      for (const a of addrs) list.push(a.ip);
    } else {
      for (const p of ss.ports) {
        count += addrs.length;
        for (const a of addrs) list.push(joinHostPort(a.ip, p.port));
      }
    }
  }
  return capped(list, count) || '<none>';
}

export const endpoints = defineResource({
  group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'],
  columns: [column('Endpoints', 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.', formatEndpoints)],
  defaults(obj) {
    for (const ss of obj.subsets ?? []) for (const p of ss?.ports ?? []) if (p && !p.protocol) p.protocol = 'TCP';
  },
});

export const replicationController = defineResource({
  group: '', version: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', namespaced: true,
  shortNames: ['rc'], categories: ['all'], subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
  columns: [
    column('Desired', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller', (o) => num(o.spec?.replicas), { type: 'integer' }),
    column('Current', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller', (o) => num(o.status?.replicas), { type: 'integer' }),
    column('Ready', 'The number of ready replicas for this replication controller.', (o) => num(o.status?.readyReplicas), { type: 'integer' }),
    ...templateColumns((o) => o.spec?.template, (o) => formatLabels(o.spec?.selector)),
  ],
  ageAt: 3,
  defaults(obj) {
    obj.spec ??= {};
    obj.spec.replicas ??= 1;
    obj.spec.minReadySeconds ??= 0;
    const labels = obj.spec.template?.metadata?.labels;
    if (labels && !obj.spec.selector) obj.spec.selector = { ...labels };
    if (labels && !obj.metadata.labels) obj.metadata.labels = { ...labels };
    defaultPodTemplate(obj.spec.template);
  },
  validate(o) {
    const causes = [];
    if (!o.spec?.template) causes.push(required('spec.template'));
    else {
      causes.push(...validatePodSpec(o.spec.template.spec, 'spec.template.spec'));
      const rp = o.spec.template.spec?.restartPolicy;
      if (rp && rp !== 'Always') causes.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
    }
    return causes;
  },
});
