import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldsV1Of, serverSideApply, updateManagedFields } from '../../../src/cluster/apiserver/patch';
import { ApiError } from '../../../src/cluster/api/errors';
import type { KubeObject } from '../../../src/cluster/api/types';
import { configMapSchema, deploymentSchema } from './schemas';

const T0 = '2026-11-21T23:00:00Z';
const T1 = '2026-11-21T23:05:00Z';
const T2 = '2026-11-21T23:10:00Z';

const deployment = (replicas: number, image = 'nginx:1', extra: object = {}): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
    ...extra,
  },
});

const apply = (live: KubeObject | undefined, cfg: KubeObject, manager = 'kubectl', force = false, now = T1) =>
  serverSideApply(live, cfg, { manager, force, schema: deploymentSchema, apiVersion: 'apps/v1', now });

test('apply creates a ConfigMap and records the Apply entry (trace 14)', () => {
  const cfg: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', namespace: 'default' }, data: { a: '1' } };
  const got = serverSideApply(undefined, cfg, { manager: 'kubectl', force: false, schema: configMapSchema, apiVersion: 'v1', now: T0 });
  assert.deepEqual(got.data, { a: '1' });
  assert.equal(got.metadata.name, 'cm1');
  assert.deepEqual(got.metadata.managedFields, [
    { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
  ]);
});

test('apply of a Deployment: list-map items carry "." and sorted key fields; atomic selector is a leaf', () => {
  const got = apply(undefined, deployment(2));
  assert.deepEqual(got.metadata.managedFields?.[0].fieldsV1, {
    'f:spec': {
      'f:replicas': {},
      'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"web"}': {
              '.': {}, 'f:image': {}, 'f:name': {},
              'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
            },
          },
        },
      },
    },
  });
});

/** A Deployment created by client-side apply: owned by kubectl-client-side-apply (Update). */
function createdByClientSideApply(): KubeObject {
  const obj = deployment(2);
  obj.metadata.managedFields = updateManagedFields(undefined, obj, { manager: 'kubectl-client-side-apply', operation: 'Update', schema: deploymentSchema, apiVersion: 'apps/v1', now: T0 });
  return obj;
}

test('a different value for a field another manager owns is a 409 Conflict in Kubernetes form', () => {
  const live = createdByClientSideApply();
  assert.throws(() => apply(live, deployment(3)), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 409);
    assert.equal(e.reason, 'Conflict');
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    assert.deepEqual(e.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);
    assert.deepEqual(e.toStatus().details, { causes: e.details?.causes });
    return true;
  });
});

test('several conflicts are listed per manager with list-item paths', () => {
  const live = createdByClientSideApply();
  assert.throws(() => apply(live, deployment(3, 'nginx:2')), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.message, 'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n'
      + '- .spec.replicas\n- .spec.template.spec.containers[name="web"].image');
    assert.deepEqual(e.details?.causes?.map((c) => c.field), ['.spec.replicas', '.spec.template.spec.containers[name="web"].image']);
    return true;
  });
});

test('the same value is shared ownership, not a conflict', () => {
  const got = apply(createdByClientSideApply(), deployment(2));
  const managers = got.metadata.managedFields!.map((m) => [m.manager, m.operation]);
  assert.deepEqual(managers, [['kubectl', 'Apply'], ['kubectl-client-side-apply', 'Update']]);
  for (const m of got.metadata.managedFields!) assert.ok('f:replicas' in (m.fieldsV1!['f:spec'] as object), `${m.manager} owns replicas`);
});

test('force takes ownership of the conflicting fields and applies the value', () => {
  const got = apply(createdByClientSideApply(), deployment(3), 'kubectl', true);
  assert.equal(got.spec.replicas, 3);
  const csa = got.metadata.managedFields!.find((m) => m.manager === 'kubectl-client-side-apply')!;
  assert.ok(!('f:replicas' in (csa.fieldsV1!['f:spec'] as object)));
  const mine = got.metadata.managedFields!.find((m) => m.manager === 'kubectl')!;
  assert.ok('f:replicas' in (mine.fieldsV1!['f:spec'] as object));
});

test('fields the applier no longer applies are removed', () => {
  const v1 = apply(undefined, deployment(2, 'nginx:1', { minReadySeconds: 5 }));
  const withSidecar = deployment(2);
  withSidecar.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' });
  withSidecar.spec.template.metadata.labels.tier = 'front';
  const v2 = apply(v1, withSidecar, 'kubectl', false, T2);
  assert.equal(v2.spec.minReadySeconds, undefined, 'minReadySeconds removed');
  assert.equal(v2.spec.template.spec.containers.length, 2);
  const v3 = apply(v2, deployment(2), 'kubectl', false, T2);
  assert.deepEqual(v3.spec.template.spec.containers.map((c: { name: string }) => c.name), ['web']);
  assert.deepEqual(v3.spec.template.metadata.labels, { app: 'web' });
  assert.equal(v3.metadata.managedFields!.length, 1);
  assert.equal(v3.metadata.managedFields![0].time, T2);
});

test('a field another manager took over is kept when the applier drops it', () => {
  const v1 = apply(undefined, deployment(2, 'nginx:1', { minReadySeconds: 5 }));
  // Another writer (kubectl edit) later sets the same field: shared via its Update entry.
  const edited = structuredClone(v1);
  edited.spec.minReadySeconds = 7;
  edited.metadata.managedFields = updateManagedFields(v1, edited, { manager: 'kubectl-edit', operation: 'Update', schema: deploymentSchema, apiVersion: 'apps/v1', now: T1 });
  const v2 = apply(edited, deployment(2), 'kubectl', false, T2);
  assert.equal(v2.spec.minReadySeconds, 7);
  assert.deepEqual(v2.metadata.managedFields!.map((m) => m.manager), ['kubectl', 'kubectl-edit']);
});

test('list-map items merge with fields other managers set', () => {
  const live = apply(undefined, deployment(2));
  live.spec.template.spec.containers[0].imagePullPolicy = 'Always';
  const got = apply(live, deployment(2, 'nginx:1'), 'other', false, T2);
  assert.equal(got.spec.template.spec.containers[0].imagePullPolicy, 'Always');
});

test('updateManagedFields on create owns every field; new maps carry "."', () => {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm9', labels: { a: 'b' } }, data: { a: 'b' } };
  const mf = updateManagedFields(undefined, cm, { manager: 'kubectl-create', operation: 'Update', schema: configMapSchema, apiVersion: 'v1', now: T0 });
  assert.deepEqual(mf, [{
    manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1',
    fieldsV1: { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } },
  }]);
});

test('updateManagedFields moves changed fields to the writer and drops emptied entries', () => {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm9' }, data: { a: '1' } };
  cm.metadata.managedFields = updateManagedFields(undefined, cm, { manager: 'kubectl-create', operation: 'Update', schema: configMapSchema, apiVersion: 'v1', now: T0 });
  const labeled = structuredClone(cm);
  labeled.metadata.labels = { x: 'y' };
  labeled.metadata.managedFields = updateManagedFields(cm, labeled, { manager: 'kubectl-label', operation: 'Update', schema: configMapSchema, apiVersion: 'v1', now: T1 });
  assert.deepEqual(labeled.metadata.managedFields.map((m) => [m.manager, m.fieldsV1]), [
    ['kubectl-create', { 'f:data': { '.': {}, 'f:a': {} } }],
    ['kubectl-label', { 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } }],
  ]);
  const edited = structuredClone(labeled);
  edited.data = { a: '2' };
  edited.metadata.managedFields = updateManagedFields(labeled, edited, { manager: 'kubectl-edit', operation: 'Update', schema: configMapSchema, apiVersion: 'v1', now: T2 });
  assert.deepEqual(edited.metadata.managedFields.map((m) => [m.manager, m.fieldsV1]), [
    ['kubectl-create', { 'f:data': {} }],
    ['kubectl-label', { 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } }],
    ['kubectl-edit', { 'f:data': { 'f:a': {} } }],
  ]);
  // Removing the label through a patch drops kubectl-label's entry entirely.
  const unlabeled = structuredClone(edited);
  delete unlabeled.metadata.labels;
  const mf = updateManagedFields(edited, unlabeled, { manager: 'kubectl-label', operation: 'Update', schema: configMapSchema, apiVersion: 'v1', now: T2 });
  assert.deepEqual(mf.map((m) => m.manager), ['kubectl-create', 'kubectl-edit']);
});

test('a no-op update records nothing', () => {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
  cm.metadata.managedFields = updateManagedFields(undefined, cm, { manager: 'm1', operation: 'Update', apiVersion: 'v1', now: T0 });
  const same = structuredClone(cm);
  assert.deepEqual(updateManagedFields(cm, same, { manager: 'm2', operation: 'Update', apiVersion: 'v1', now: T1 }), cm.metadata.managedFields);
});

test('apply then kubectl scale-like update, then apply again conflicts on replicas', () => {
  const v1 = apply(undefined, deployment(2));
  const scaled = structuredClone(v1);
  scaled.spec.replicas = 5;
  scaled.metadata.managedFields = updateManagedFields(v1, scaled, { manager: 'kubectl', operation: 'Update', schema: deploymentSchema, apiVersion: 'apps/v1', now: T1, subresource: 'scale' });
  assert.throws(() => apply(scaled, deployment(2), 'kubectl', false, T2),
    (e: unknown) => e instanceof ApiError && e.message === 'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
});

test('a field another applier also applies survives when one applier drops it', () => {
  const a = apply(undefined, deployment(2, 'nginx:1', { minReadySeconds: 5 }), 'alice');
  const b = apply(a, deployment(2, 'nginx:1', { minReadySeconds: 5 }), 'bob', false, T2);
  const c = apply(b, deployment(2), 'alice', false, T2);
  assert.equal(c.spec.minReadySeconds, 5, 'bob still applies it');
  const d = apply(c, deployment(2), 'bob', false, T2);
  assert.equal(d.spec.minReadySeconds, undefined, 'nobody applies it any more');
});

test('status is tracked only through the status subresource', () => {
  const created = deployment(2);
  created.status = { replicas: 0 };
  const mf = updateManagedFields(undefined, created, { manager: 'kubectl-create', operation: 'Update', schema: deploymentSchema, apiVersion: 'apps/v1', now: T0 });
  assert.ok(!('f:status' in mf[0].fieldsV1!), 'main-resource writes never own status');
  const withStatus = structuredClone(created);
  withStatus.metadata.managedFields = mf;
  withStatus.status = { replicas: 2 };
  const mf2 = updateManagedFields(created, withStatus, { manager: 'kube-controller-manager', operation: 'Update', schema: deploymentSchema, apiVersion: 'apps/v1', now: T1, subresource: 'status' });
  const ctrl = mf2.find((m) => m.manager === 'kube-controller-manager')!;
  assert.deepEqual(ctrl.fieldsV1, { 'f:status': { 'f:replicas': {} } });
  assert.equal(ctrl.subresource, 'status');
});

test('updateManagedFields for kubectl create deployment matches Kubernetes\' set (new lists and maps carry ".")', () => {
  const created: KubeObject = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
    spec: {
      replicas: 2, selector: { matchLabels: { app: 'web' } }, strategy: {},
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {} }] },
      },
    },
    status: {},
  };
  const mf = updateManagedFields(undefined, created, { manager: 'kubectl-create', operation: 'Update', schema: deploymentSchema, apiVersion: 'apps/v1', now: T0 });
  assert.deepEqual(mf[0].fieldsV1, {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:replicas': {},
      'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:containers': {
            'k:{"name":"nginx"}': {
              '.': {}, 'f:image': {}, 'f:name': {}, 'f:resources': {},
              'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
            },
          },
        },
      },
    },
  });
});

test('server-side apply merges list items in structured-merge-diff order', () => {
  const names = (o: KubeObject) => o.spec.template.spec.containers.map((c: { name: string }) => c.name);
  const live = deployment(1);
  live.spec.template.spec.containers = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
  const cfg = deployment(1);
  cfg.spec.template.spec.containers = [{ name: 'd' }, { name: 'b', image: 'x' }];
  const got = apply(live, cfg, 'other');
  assert.deepEqual(names(got), ['a', 'd', 'b', 'c']);
  assert.equal(got.spec.template.spec.containers[2].image, 'x');
  cfg.spec.template.spec.containers = [{ name: 'c' }, { name: 'a' }];
  assert.deepEqual(names(apply(live, cfg, 'other')), ['b', 'c', 'a']);
});

test('applying an empty map where others own entries is shared, not a conflict; dropping entries prunes the map', () => {
  const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
  const o = (manager: string) => ({ manager, force: false, schema: configMapSchema, apiVersion: 'v1', now: T0 });
  const a = serverSideApply(undefined, cm({ x: '1', y: '2' }), o('a'));
  const b = serverSideApply(a, cm({ x: '1', y: '2' }), o('b'));
  const c = serverSideApply(b, cm({}), o('a'));
  assert.deepEqual(c.data, { x: '1', y: '2' }, 'b still applies them');
  const d = serverSideApply(c, cm({ x: '1' }), o('b'));
  assert.deepEqual(d.data, { x: '1' });
  const e = serverSideApply(d, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, o('b'));
  assert.deepEqual(e.data, {}, 'a still applies the (empty) data map itself');
  assert.deepEqual(e.metadata.managedFields!.map((m) => [m.manager, m.fieldsV1]), [['a', { 'f:data': {} }]]);
});

test('a no-op apply returns the live object unchanged (entry time kept)', () => {
  const v1 = apply(undefined, deployment(2), 'kubectl', false, T0);
  const v2 = apply(v1, deployment(2), 'kubectl', false, T2);
  assert.deepEqual(v2, v1);
  const v3 = apply(v1, deployment(3), 'kubectl', false, T2);
  assert.equal(v3.metadata.managedFields![0].time, T2);
});

test('a map the applier owned as a member stays while it still applies its entries', () => {
  const live: KubeObject = {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: [
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } },
    ] },
    data: { a: '1' },
  };
  const got = serverSideApply(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '2' } },
    { manager: 'kubectl', force: false, schema: configMapSchema, apiVersion: 'v1', now: T1 });
  assert.deepEqual(got.data, { a: '2' });
  assert.deepEqual(got.metadata.managedFields![0].fieldsV1, { 'f:data': { 'f:a': {} } });
});

test('manager kubectl takes over client-side apply fields that still match last-applied; others still conflict', () => {
  const last = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
  const live: KubeObject = {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(last) } },
    data: { a: '1', b: '1' },
  };
  live.metadata.managedFields = updateManagedFields(undefined, live, { manager: 'kubectl-client-side-apply', operation: 'Update', schema: configMapSchema, apiVersion: 'v1', now: T0 });
  const o = (manager: string) => ({ manager, force: false, schema: configMapSchema, apiVersion: 'v1', now: T1 });
  const cfg = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
  assert.deepEqual(serverSideApply(live, cfg({ a: '2' }), o('kubectl')).data, { a: '2', b: '1' });
  assert.throws(() => serverSideApply(live, cfg({ a: '2' }), o('other')), /conflict with "kubectl-client-side-apply" using v1: \.data\.a/);
  assert.throws(() => serverSideApply(live, cfg({ a: '2', b: '2' }), o('kubectl')),
    (e: unknown) => e instanceof ApiError && e.message === 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.b');
});

test('fieldsV1Of gives the FieldsV1 an apply of the object would own', () => {
  assert.deepEqual(fieldsV1Of({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' } }, data: { x: 'y' } }, configMapSchema),
    { 'f:data': { 'f:x': {} }, 'f:metadata': { 'f:labels': { 'f:a': {} } } });
});

test('updateManagedFields: removing a map takes the fields under it from their owner; untouched entries carry over as copies', () => {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { l: '1' } }, data: { a: '1', b: '2' } };
  cm.metadata.managedFields = updateManagedFields(undefined, cm, { manager: 'creator', operation: 'Update', schema: configMapSchema, apiVersion: 'v1', now: T0 });
  const labeled = structuredClone(cm);
  labeled.metadata.labels = { l: '1', m: '2' };
  labeled.metadata.managedFields = updateManagedFields(cm, labeled, { manager: 'labeler', operation: 'Update', schema: configMapSchema, apiVersion: 'v1', now: T1 });
  const emptied = structuredClone(labeled);
  delete emptied.data;
  const mf = updateManagedFields(labeled, emptied, { manager: 'remover', operation: 'Update', schema: configMapSchema, apiVersion: 'v1', now: T2 });
  assert.deepEqual(mf.map((m) => [m.manager, m.fieldsV1]), [
    ['creator', { 'f:metadata': { 'f:labels': { '.': {}, 'f:l': {} } } }],
    ['labeler', { 'f:metadata': { 'f:labels': { 'f:m': {} } } }],
  ]);
  const labelerBefore = labeled.metadata.managedFields.find((m) => m.manager === 'labeler')!;
  const labelerAfter = mf.find((m) => m.manager === 'labeler')!;
  assert.deepEqual(labelerAfter, labelerBefore);
  assert.notEqual(labelerAfter.fieldsV1, labelerBefore.fieldsV1, 'a copy: the stored object is never shared');
});
