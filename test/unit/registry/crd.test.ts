// CustomResourceDefinition → ResourceDefs, and registering them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, resourceDefFromCRD, validateAgainstSchema, openApiV3Index, openApiV3Document } from '../../../src/cluster/registry';
import type { KubeObject } from '../../../src/cluster/api/types';

const crd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com', scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'], categories: ['all'] },
    versions: [
      { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      {
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', description: 'A cron tab.', properties: {
          spec: { type: 'object', required: ['cronSpec'], properties: {
            cronSpec: { type: 'string', description: 'When to run.' }, image: { type: 'string' },
            replicas: { type: 'integer', default: 1 }, mode: { type: 'string', enum: ['fast', 'slow'] },
            port: { 'x-kubernetes-int-or-string': true }, extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          } },
          status: { type: 'object', properties: { replicas: { type: 'integer' }, labelSelector: { type: 'string' } } },
        } } },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.labelSelector' } },
        additionalPrinterColumns: [
          { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
          { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
          { name: 'Image', type: 'string', jsonPath: '.spec.image', priority: 1 },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
      { name: 'v0', served: false, storage: false },
      { name: 'v2alpha1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, selectableFields: [{ jsonPath: '.spec.color' }] },
    ],
  },
};

test('one ResourceDef per served version, names, scope, subresources', () => {
  const defs = resourceDefFromCRD(crd);
  assert.deepEqual(defs.map((d) => d.version), ['v1beta1', 'v1', 'v2alpha1']);
  assert.equal(defs[2].fieldSelectors['spec.color']({ metadata: {}, spec: { color: 'red' } }), 'red');
  assert.equal(defs[2].fieldSelectors['spec.color']({ metadata: {} }), '');
  assert.equal(defs[2].preferred, false, 'GA beats alpha');
  const v1 = defs[1];
  assert.equal(v1.gr, 'crontabs.stable.example.com');
  assert.equal(v1.apiVersion, 'stable.example.com/v1');
  assert.equal(v1.kind, 'CronTab');
  assert.equal(v1.listKind, 'CronTabList');
  assert.equal(v1.namespaced, true);
  assert.deepEqual(v1.shortNames, ['ct']);
  assert.deepEqual(v1.categories, ['all']);
  assert.equal(v1.preferred, true);
  assert.equal(defs[0].preferred, false);
  assert.equal(v1.storage, true);
  assert.equal(v1.crdName, 'crontabs.stable.example.com');
  assert.deepEqual(v1.subresources, { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.labelSelector' } });
  assert.equal(v1.strategy.resetStatusOnCreate, true);
  assert.equal(defs[0].subresources.status, undefined);
});

test('printer columns from additionalPrinterColumns; NAME AGE by default', () => {
  const [beta, v1] = resourceDefFromCRD(crd);
  const obj = { metadata: { name: 'c1', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { cronSpec: '* * * * */5', replicas: 2, image: 'x' } };
  const now = Date.parse('2026-01-01T00:05:00Z');
  // kubectl prints cells as sent: the server turns date columns into ages.
  assert.deepEqual(v1.columns.map((c) => [c.name, c.type, c.priority, c.cell(obj, { now })]), [
    ['Name', 'string', 0, 'c1'], ['Spec', 'string', 0, '* * * * */5'], ['Replicas', 'integer', 0, 2], ['Image', 'string', 1, 'x'], ['Age', 'date', 0, '5m'],
  ]);
  assert.equal(beta.columns[1].cell(obj, { now }), '5m');
  assert.equal(v1.columns[2].cell({ metadata: {} }, { now: 0 }), null);
  assert.deepEqual(beta.columns.map((c) => [c.name, c.type]), [['Name', 'string'], ['Age', 'date']]);
});

test('defaults from the schema; validation with custom-resource semantics', () => {
  const [, v1] = resourceDefFromCRD(crd);
  const obj: KubeObject = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'c1' }, spec: { cronSpec: '* * * * *' } };
  v1.defaults(obj);
  assert.equal(obj.spec.replicas, 1);
  assert.deepEqual(v1.validate(obj), []);
  assert.match(v1.validate({ metadata: { name: 'C1' } })[0].message!, /RFC 1123 subdomain/);
  const bad = validateAgainstSchema({ metadata: { name: 'c1' }, spec: { replicas: 'two', mode: 'medium', port: 'http' } }, v1.schema!, 'Strict', { crd: true }).errors;
  assert.deepEqual(bad.map((c) => `${c.field}: ${c.message}`), [
    'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    'spec.mode: Unsupported value: "medium": supported values: "fast", "slow"',
    'spec.cronSpec: Required value',
  ]);
  const unknown = validateAgainstSchema({ metadata: { name: 'c1' }, spec: { cronSpec: 'x', colour: 'red', extra: { free: 1 } } }, v1.schema!, 'Strict', { crd: true });
  assert.deepEqual(unknown.unknownFields, ['spec.colour']);
  assert.equal(v1.schema!.root.properties!.spec.properties!.cronSpec.description, 'When to run.');
  assert.ok(v1.schema!.root.properties!.metadata, 'metadata added');
});

test('registering and unregistering a CRD notifies and updates discovery and OpenAPI', () => {
  const reg = createRegistry();
  const seen: string[] = [];
  const off = reg.onChange((c) => seen.push(`${c.type}:${c.def.gr}/${c.def.version}`));
  const before = openApiV3Index(reg);
  for (const d of resourceDefFromCRD(crd)) reg.register(d);
  assert.deepEqual(seen, ['registered:crontabs.stable.example.com/v1beta1', 'registered:crontabs.stable.example.com/v1', 'registered:crontabs.stable.example.com/v2alpha1']);
  assert.equal(reg.byResource('crontabs.stable.example.com')!.version, 'v1');
  assert.equal(reg.resolve('ct')!.kind, 'CronTab');
  assert.deepEqual(reg.groups().find((g) => g.group === 'stable.example.com'), { group: 'stable.example.com', versions: ['v1', 'v1beta1', 'v2alpha1'], preferredVersion: 'v1' });
  const idx = openApiV3Index(reg);
  assert.ok(idx.paths['apis/stable.example.com/v1']);
  assert.equal(before.paths['apis/stable.example.com/v1'], undefined);
  const doc: any = openApiV3Document(reg, 'apis/stable.example.com/v1');
  assert.deepEqual(doc.components.schemas['com.example.stable.v1.CronTab']['x-kubernetes-group-version-kind'], [{ group: 'stable.example.com', version: 'v1', kind: 'CronTab' }]);
  assert.ok(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
  assert.ok(doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/scale'].patch);
  reg.unregister('crontabs.stable.example.com');
  assert.equal(reg.byResource('crontabs.stable.example.com'), undefined);
  assert.equal(openApiV3Index(reg).paths['apis/stable.example.com/v1'], undefined);
  off();
  assert.equal(seen.length, 6);
});
