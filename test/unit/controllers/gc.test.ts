import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GarbageCollector } from '../../../src/cluster/controllers/garbagecollector';
import { NamespaceController } from '../../../src/cluster/controllers/namespace';
import { synced } from './harness';

const ref = (kind: string, name: string, uid: string, block = false) => ({ apiVersion: 'apps/v1', kind, name, uid, controller: true, ...(block ? { blockOwnerDeletion: true } : {}) });
const pod = (name: string, owners: any[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name, ownerReferences: owners } });

test('background: dependents of a gone owner are deleted; a still-owned one only loses the dangling ref', async () => {
  const { c, ctrl, stop } = await synced([
    ['replicasets.apps', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { namespace: 'default', name: 'alive', uid: 'u-alive' } }],
    ['pods', pod('orphaned', [ref('ReplicaSet', 'gone', 'u-gone')])],
    ['pods', pod('shared', [ref('ReplicaSet', 'gone', 'u-gone'), ref('ReplicaSet', 'alive', 'u-alive')])],
    ['pods', pod('fine', [ref('ReplicaSet', 'alive', 'u-alive')])],
  ], (c) => new GarbageCollector({ client: c }));
  for (const n of ['orphaned', 'shared', 'fine']) await ctrl.reconcile(`dep|pods|default/${n}`);
  const w = c.writes();
  assert.deepEqual(w.filter((a) => a.verb === 'delete').map((a) => a.name), ['orphaned']);
  const upd = w.filter((a) => a.verb === 'update');
  assert.equal(upd.length, 1);
  assert.deepEqual(upd[0].object.metadata.ownerReferences.map((r: any) => r.uid), ['u-alive']);
  stop();
});

test('foreground deletes dependents then removes the finalizer; orphan strips refs then the finalizer', async () => {
  const owner = (name: string, uid: string, fin: string) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { namespace: 'default', name, uid, finalizers: [fin], deletionTimestamp: '2026-01-01T00:00:00Z' } });
  const { c, ctrl, stop, settle } = await synced([
    ['replicasets.apps', owner('fg', 'u-fg', 'foregroundDeletion')],
    ['replicasets.apps', owner('or', 'u-or', 'orphan')],
    ['pods', pod('fg-1', [ref('ReplicaSet', 'fg', 'u-fg', true)])],
    ['pods', pod('or-1', [ref('ReplicaSet', 'or', 'u-or', true)])],
  ], (c) => new GarbageCollector({ client: c }));
  await ctrl.reconcile('owner|replicasets.apps|default/fg');
  assert.deepEqual(c.writes().map((a) => [a.verb, a.name, (a.opts as any)?.propagationPolicy]), [['delete', 'fg-1', 'Foreground']]);
  await settle();
  c.clearActions();
  await ctrl.reconcile('owner|replicasets.apps|default/fg');
  assert.deepEqual(c.writes().map((a) => [a.verb, a.name]), [['update', 'fg']]);
  assert.equal(c.stored('replicasets.apps').some((o) => o.metadata.name === 'fg'), false);
  c.clearActions();
  await ctrl.reconcile('owner|replicasets.apps|default/or');
  const w = c.writes();
  assert.deepEqual(w.map((a) => [a.verb, a.name]), [['update', 'or-1'], ['update', 'or']]);
  assert.deepEqual(w[0].object.metadata.ownerReferences, []);
  stop();
});

test('namespace: deletes every namespaced object, then finalizes', async () => {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tmp', deletionTimestamp: '2026-01-01T00:00:00Z' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } };
  const { c, ctrl, stop, settle } = await synced([
    ['namespaces', ns],
    ['configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'tmp', name: 'cm' } }],
    ['pods', { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'tmp', name: 'p' } }],
    ['pods', { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'other', name: 'keep' } }],
  ], (c) => new NamespaceController({ client: c, resources: () => ['pods', 'configmaps'] }));
  await ctrl.reconcile('tmp');
  assert.deepEqual(c.writes().map((a) => [a.verb, a.resource, a.name]), [['delete', 'pods', 'p'], ['delete', 'configmaps', 'cm']]);
  await settle();
  c.clearActions();
  await ctrl.reconcile('tmp');
  const fin = c.writes();
  assert.equal(fin.length, 1);
  assert.equal(fin[0].subresource, 'finalize');
  assert.deepEqual(fin[0].object.spec.finalizers, []);
  stop();
});

test('namespace: an active namespace gets a default ServiceAccount', async () => {
  const { c, ctrl, stop } = await synced([['namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } }]], (c) => new NamespaceController({ client: c }));
  await ctrl.reconcile('dev');
  assert.deepEqual(c.writes().map((a) => [a.verb, a.resource, a.namespace, a.object?.metadata.name]), [['create', 'serviceaccounts', 'dev', 'default']]);
  stop();
});
