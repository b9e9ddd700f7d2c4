import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplicaSetController } from '../../../src/cluster/controllers/replicaset';
import { synced } from './harness';

const rs = (replicas: number) => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet',
  metadata: { namespace: 'default', name: 'web-abc', uid: 'rs-uid', generation: 2 },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});
const owned = (name: string, extra: any = {}) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { namespace: 'default', name, labels: { app: 'web' }, creationTimestamp: extra.created ?? '2026-01-01T00:00:00Z',
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true }] },
  spec: { nodeName: extra.node },
  status: { phase: extra.phase ?? 'Running', conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
});

test('creates missing pods with owner references and events, then reports status', async () => {
  const { c, ctrl, stop } = await synced([['replicasets.apps', rs(3)], ['pods', owned('web-abc-aaaaa', { node: 'n1' })]], (c) => new ReplicaSetController({ client: c }));
  await ctrl.reconcile('default/web-abc');
  const creates = c.writes().filter((a) => a.verb === 'create' && a.resource === 'pods');
  assert.equal(creates.length, 2);
  for (const a of creates) {
    assert.match(a.object.metadata.name, /^web-abc-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(a.object.metadata.ownerReferences[0], { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true, blockOwnerDeletion: true });
    assert.deepEqual(a.object.metadata.labels, { app: 'web' });
  }
  const events = c.writes().filter((a) => a.resource === 'events').map((a) => a.object.reason);
  assert.deepEqual(events, ['SuccessfulCreate', 'SuccessfulCreate']);
  const st = c.writes().find((a) => a.verb === 'update' && a.subresource === 'status');
  assert.deepEqual(st?.object.status, { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 });
  // expectations: a second reconcile before the informer saw the pods must not create more
  stop();
});

test('scales down unscheduled, then not-ready, then newest pods first', async () => {
  const { c, ctrl, stop } = await synced([
    ['replicasets.apps', rs(1)],
    ['pods', owned('old-ready', { node: 'n1', created: '2026-01-01T00:00:00Z' })],
    ['pods', owned('new-ready', { node: 'n1', created: '2026-01-02T00:00:00Z' })],
    ['pods', owned('not-ready', { node: 'n1', ready: false })],
    ['pods', owned('unscheduled', { phase: 'Pending', ready: false })],
  ], (c) => new ReplicaSetController({ client: c }));
  await ctrl.reconcile('default/web-abc');
  const deletes = c.writes().filter((a) => a.verb === 'delete').map((a) => a.name).sort();
  assert.deepEqual(deletes, ['new-ready', 'not-ready', 'unscheduled']);
  stop();
});

test('expectations stop duplicate creates until the informer observes them', async () => {
  const { c, ctrl, stop } = await synced([['replicasets.apps', rs(2)]], (c) => new ReplicaSetController({ client: c }));
  c.reactor = (a) => (a.verb === 'create' && a.resource === 'pods' ? { ...a.object, metadata: { ...a.object.metadata, uid: 'x' } } : undefined);
  await ctrl.reconcile('default/web-abc');
  await ctrl.reconcile('default/web-abc');
  assert.equal(c.writes().filter((a) => a.verb === 'create' && a.resource === 'pods').length, 2);
  stop();
});

test('adopts an orphaned pod matching the selector instead of creating one', async () => {
  const orphan = { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: 'stray', labels: { app: 'web' } }, spec: { nodeName: 'n1' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };
  const { c, ctrl, stop } = await synced([['replicasets.apps', rs(1)], ['pods', orphan]], (c) => new ReplicaSetController({ client: c }));
  await ctrl.reconcile('default/web-abc');
  const w = c.writes().filter((a) => a.resource === 'pods');
  assert.deepEqual(w.map((a) => [a.verb, a.name]), [['update', 'stray']]);
  assert.equal(w[0].object.metadata.ownerReferences[0].uid, 'rs-uid');
  stop();
});
