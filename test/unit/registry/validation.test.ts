// Semantic validation (each kind's validate) and schema validation, with Kubernetes' wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, decodeErrorMessage, strictDecodingMessage, validateAgainstSchema } from '../../../src/cluster/registry';
import { invalid } from '../../../src/cluster/api/errors';
import type { KubeObject } from '../../../src/cluster/api/types';

const reg = createRegistry();
const validate = (gr: string, obj: any, old?: any) => {
  const def = reg.byResource(gr)!;
  const o = structuredClone(obj);
  def.defaults(o);
  const prev = old && structuredClone(old);
  if (prev) def.defaults(prev);
  return def.validate(o as KubeObject, prev);
};
const messages = (causes: { field?: string; message?: string }[]) => causes.map((c) => `${c.field}: ${c.message}`);

const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } });
const deploy = (sel: any, labels: Record<string, string>) => ({ metadata: { name: 'web' }, spec: { selector: sel, template: template(labels) } });

test('metadata.name: required, DNS-1123 subdomain, label for namespaces, DNS-1035 for services', () => {
  assert.deepEqual(messages(validate('configmaps', { metadata: {} })), ['metadata.name: Required value: name or generateName is required']);
  assert.deepEqual(messages(validate('configmaps', { metadata: { name: 'My_Config' } })), [
    "metadata.name: Invalid value: \"My_Config\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.match(messages(validate('namespaces', { metadata: { name: 'a.b' } }))[0], /^metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of/);
  assert.match(messages(validate('services', { metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } }))[0], /^metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
  assert.deepEqual(validate('configmaps', { metadata: { generateName: 'cfg-' } }), []);
  assert.deepEqual(messages(validate('configmaps', { metadata: { name: 'c', annotations: { big: 'x'.repeat(300_000) } } })), ['metadata.annotations: Too long: must have at most 262144 bytes']);
  assert.match(messages(validate('configmaps', { metadata: { name: 'c', labels: { app: 'bad value' } } }))[0], /^metadata.labels: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters/);
});

test('pod: containers required, unique names, images, ports, enums', () => {
  assert.deepEqual(messages(validate('pods', { metadata: { name: 'p' }, spec: {} })), ['spec.containers: Required value']);
  const causes = messages(validate('pods', { metadata: { name: 'p' }, spec: { restartPolicy: 'Sometimes', containers: [
    { name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }, { name: 'a' }, { name: 'B_', image: 'x', imagePullPolicy: 'Maybe', volumeMounts: [{ name: 'data', mountPath: '/d' }] },
  ] } }));
  assert.deepEqual(causes, [
    'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    'spec.containers[1].name: Duplicate value: "a"',
    'spec.containers[1].image: Required value',
    "spec.containers[2].name: Invalid value: \"B_\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    'spec.containers[2].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"',
    'spec.containers[2].volumeMounts[0].name: Not found: "data"',
    'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
  ]);
});

test('container port names: IANA service names, unique', () => {
  const causes = messages(validate('pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 81, name: 'http' }, { containerPort: 82, name: 'Web--Port-Too-Long' }] }] } }));
  assert.deepEqual(causes, [
    'spec.containers[0].ports[1].name: Duplicate value: "http"',
    'spec.containers[0].ports[2].name: Invalid value: "Web--Port-Too-Long": must be no more than 15 characters',
    'spec.containers[0].ports[2].name: Invalid value: "Web--Port-Too-Long": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'spec.containers[0].ports[2].name: Invalid value: "Web--Port-Too-Long": must not contain consecutive hyphens',
  ]);
});

test('pod update may change images and add tolerations only', () => {
  const old = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'nginx:1' }], tolerations: [{ key: 'k', operator: 'Exists' }] } };
  assert.deepEqual(validate('pods', { ...old, spec: { ...old.spec, containers: [{ name: 'a', image: 'nginx:2' }], tolerations: [...old.spec.tolerations, { key: 'z', operator: 'Exists' }] } }, old), []);
  assert.deepEqual(validate('pods', { ...old, spec: { ...old.spec, nodeName: 'n1' } }, old), [], 'binding sets nodeName');
  const bad = validate('pods', { ...old, spec: { ...old.spec, containers: [{ name: 'a', image: 'nginx:1', ports: [{ containerPort: 80 }] }] } }, old);
  assert.equal(bad.length, 1);
  assert.equal(bad[0].field, 'spec');
  assert.match(bad[0].message!, /^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
});

test('deployment: selector required, must match template labels, immutable; invalid() renders the 422 message', () => {
  assert.deepEqual(messages(validate('deployments.apps', { metadata: { name: 'web' }, spec: { template: template({ app: 'web' }) } })), ['spec.selector: Required value']);
  const causes = validate('deployments.apps', deploy({ matchLabels: { app: 'web' } }, { app: 'other' }));
  assert.deepEqual(messages(causes), ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`']);
  assert.equal(invalid('Deployment', 'apps', 'web', causes).message,
    'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
  const old = deploy({ matchLabels: { app: 'web' } }, { app: 'web' });
  assert.deepEqual(messages(validate('deployments.apps', deploy({ matchLabels: { app: 'web', tier: 'fe' } }, { app: 'web', tier: 'fe' }), old)), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
  assert.deepEqual(messages(validate('deployments.apps', { ...old, spec: { ...old.spec, replicas: -1 } })), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(messages(validate('deployments.apps', { ...old, spec: { ...old.spec, template: { ...old.spec.template, spec: { ...old.spec.template.spec, restartPolicy: 'Never' } } } })),
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  assert.deepEqual(validate('deployments.apps', deploy({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, { app: 'web' })), []);
});

test('statefulset: template mounts may name volumeClaimTemplates, nothing else undeclared', () => {
  const sts = (mount: string) => ({
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', volumeMounts: [{ name: mount, mountPath: '/data' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
  assert.deepEqual(validate('statefulsets.apps', sts('www')), []);
  assert.deepEqual(messages(validate('statefulsets.apps', sts('other'))), ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "other"']);
});

test('job: restartPolicy must be OnFailure or Never; cronjob schedule', () => {
  const job = (rp?: string) => ({ metadata: { name: 'j', uid: 'u' }, spec: { template: { spec: { ...(rp ? { restartPolicy: rp } : {}), containers: [{ name: 'c', image: 'x' }] } } } });
  assert.deepEqual(messages(validate('jobs.batch', job('Always'))), ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
  assert.deepEqual(validate('jobs.batch', job('Never')), []);
  const cj = (schedule: string) => ({ metadata: { name: 'c' }, spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'x' }] } } } } } });
  assert.deepEqual(validate('cronjobs.batch', cj('*/5 * * * *')), []);
  assert.deepEqual(validate('cronjobs.batch', cj('@hourly')), []);
  assert.match(messages(validate('cronjobs.batch', cj('every minute')))[0], /^spec.schedule: Invalid value: "every minute": unparseable/);
});

test('service: ports, type', () => {
  assert.deepEqual(messages(validate('services', { metadata: { name: 's' }, spec: { type: 'Foo', ports: [{ port: 0 }, { port: 80 }] } })), [
    'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    'spec.ports[0].name: Required value',
    'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    'spec.ports[1].name: Required value',
  ]);
});

test('schema: strict decoding lists unknown fields with their paths', () => {
  const def = reg.byResource('deployments.apps')!;
  const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replica: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', imagee: 'x' }] } } } };
  const r = validateAgainstSchema(obj, def.schema!, 'Strict');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.unknownFields, ['spec.replica', 'spec.template.spec.containers[0].imagee']);
  assert.equal(strictDecodingMessage(r.unknownFields), 'strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagee"');
  assert.deepEqual(validateAgainstSchema(obj, def.schema!, 'Ignore').unknownFields, []);
  const copy = structuredClone(obj);
  validateAgainstSchema(copy, def.schema!, 'Warn', { prune: true });
  assert.equal((copy.spec as any).replica, undefined);
  assert.equal((copy.spec.template.spec.containers[0] as any).imagee, undefined);
});

test('schema: type errors read like the Go decoder; int-or-string, quantities, raw extensions accepted', () => {
  const def = reg.byResource('deployments.apps')!;
  const r = validateAgainstSchema({ metadata: { name: 'w' }, spec: { replicas: 'three', strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } }, template: { spec: { containers: [{ name: 'a', resources: { limits: { cpu: 1, memory: '1Gi' } } }] } } } }, def.schema!, 'Strict');
  assert.deepEqual(r.errors, [{ reason: 'FieldValueTypeInvalid', field: 'spec.replicas', message: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32' }]);
  assert.equal(decodeErrorMessage('Deployment', 'v1', r.errors), 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  const pod = reg.byResource('pods')!;
  const p = validateAgainstSchema({ spec: { containers: { name: 'a' } } }, pod.schema!, 'Strict');
  assert.equal(p.errors[0].message, 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container');
  const lbl = validateAgainstSchema({ metadata: { name: 'p', labels: { app: 1 } } }, pod.schema!, 'Strict');
  assert.deepEqual(lbl.errors, [{ reason: 'FieldValueTypeInvalid', field: 'metadata.labels[app]', message: 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string' }]);
  const cr = reg.byResource('controllerrevisions.apps')!;
  assert.deepEqual(validateAgainstSchema({ revision: 1, data: { anything: { goes: [1] } } }, cr.schema!, 'Strict'), { errors: [], unknownFields: [] });
});

test('schema validation of a large list stays fast', () => {
  const def = reg.byResource('pods')!;
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: 'b' }] }] }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };
  validateAgainstSchema(pod, def.schema!, 'Strict');
  const t = performance.now();
  for (let i = 0; i < 5000; i++) validateAgainstSchema(pod, def.schema!, 'Strict');
  const ms = performance.now() - t;
  assert.ok(ms < 2000, `5000 pods took ${ms.toFixed(0)} ms`);
});
