import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeploymentController } from '../../../src/cluster/controllers/deployment';
import { computeHash } from '../../../src/cluster/controllers/util';
import { synced } from './harness';

const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } });
const deploy = (image: string, extra: any = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { namespace: 'default', name: 'web', uid: 'd-uid', generation: 1, annotations: extra.annotations },
  spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: template(image), strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }, ...extra.spec },
});
const rsFor = (image: string, replicas: number, rev: number, available = replicas) => {
  const hash = computeHash(template(image));
  const t = template(image);
  (t.metadata.labels as any)['pod-template-hash'] = hash;
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { namespace: 'default', name: `web-${hash}`, uid: `rs-${image}`, creationTimestamp: `2026-01-0${rev}T00:00:00Z`,
      annotations: { 'deployment.kubernetes.io/revision': String(rev) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }] },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: t },
    status: { replicas, readyReplicas: available, availableReplicas: available },
  };
};

test('a new deployment creates its ReplicaSet <name>-<hash> with revision 1 and scales it up', async () => {
  const { c, ctrl, stop } = await synced([['deployments.apps', deploy('nginx:1')]], (c) => new DeploymentController({ client: c }));
  await ctrl.reconcile('default/web');
  const create = c.writes().find((a) => a.verb === 'create' && a.resource === 'replicasets.apps')!;
  const hash = computeHash(template('nginx:1'));
  assert.equal(create.object.metadata.name, `web-${hash}`);
  assert.equal(create.object.spec.replicas, 4);
  assert.equal(create.object.metadata.labels['pod-template-hash'], hash);
  assert.deepEqual(create.object.spec.selector.matchLabels, { app: 'web', 'pod-template-hash': hash });
  assert.equal(create.object.metadata.annotations['deployment.kubernetes.io/revision'], '1');
  assert.equal(create.object.metadata.annotations['deployment.kubernetes.io/desired-replicas'], '4');
  assert.equal(create.object.metadata.annotations['deployment.kubernetes.io/max-replicas'], '5');
  const ev = c.writes().find((a) => a.resource === 'events')!;
  assert.equal(ev.object.message, `Scaled up replica set web-${hash} to 4`);
  stop();
});

test('rolling update: new RS surges by maxSurge, old RS scales down by maxUnavailable', async () => {
  const { c, ctrl, stop } = await synced([['deployments.apps', deploy('nginx:2')], ['replicasets.apps', rsFor('nginx:1', 4, 1)]], (c) => new DeploymentController({ client: c }));
  await ctrl.reconcile('default/web');
  const create = c.writes().find((a) => a.verb === 'create' && a.resource === 'replicasets.apps')!;
  assert.equal(create.object.spec.replicas, 1); // 4 + maxSurge 1 - 4 old
  assert.equal(create.object.metadata.annotations['deployment.kubernetes.io/revision'], '2');
  // same pass: total 5 = max; new RS has 1 unavailable, so old may scale down 5 - 3 - 1 = 1
  const scaled = c.writes().filter((a) => a.verb === 'update' && a.resource === 'replicasets.apps' && !a.subresource);
  assert.deepEqual(scaled.map((a) => [a.name, a.object.spec.replicas]), [[rsFor('nginx:1', 4, 1).metadata.name, 3]]);
  c.clearActions();
  await new Promise((r) => setTimeout(r, 10));
  await ctrl.reconcile('default/web');
  const next = c.writes().filter((a) => a.verb === 'update' && a.resource === 'replicasets.apps' && !a.subresource);
  assert.deepEqual(next.map((a) => [a.name, a.object.spec.replicas]), [[create.object.metadata.name, 2]]);
  stop();
});

test('undo: a template equal to an old ReplicaSet reuses it with the next revision', async () => {
  const { c, ctrl, stop } = await synced([
    ['deployments.apps', deploy('nginx:1')], ['replicasets.apps', rsFor('nginx:1', 0, 1)], ['replicasets.apps', rsFor('nginx:2', 4, 2)],
  ], (c) => new DeploymentController({ client: c }));
  await ctrl.reconcile('default/web');
  assert.equal(c.writes().filter((a) => a.verb === 'create' && a.resource === 'replicasets.apps').length, 0);
  const upd = c.writes().find((a) => a.verb === 'update' && a.name === rsFor('nginx:1', 0, 1).metadata.name)!;
  assert.equal(upd.object.metadata.annotations['deployment.kubernetes.io/revision'], '3');
  stop();
});

test('complete rollout: status and conditions as kubectl rollout status reads them', async () => {
  const d = deploy('nginx:1');
  (d.metadata as any).annotations = { 'deployment.kubernetes.io/revision': '1' };
  const { c, ctrl, stop } = await synced([['deployments.apps', d], ['replicasets.apps', rsFor('nginx:1', 4, 1)]], (c) => new DeploymentController({ client: c }));
  await ctrl.reconcile('default/web');
  const st = c.writes().find((a) => a.verb === 'update' && a.subresource === 'status')!.object.status;
  assert.equal(st.replicas, 4); assert.equal(st.updatedReplicas, 4); assert.equal(st.availableReplicas, 4); assert.equal(st.readyReplicas, 4);
  assert.equal(st.unavailableReplicas, undefined);
  assert.deepEqual(st.conditions.map((x: any) => [x.type, x.status, x.reason]), [['Available', 'True', 'MinimumReplicasAvailable'], ['Progressing', 'True', 'NewReplicaSetAvailable']]);
  assert.equal(st.conditions[1].message, `ReplicaSet "${rsFor('nginx:1', 4, 1).metadata.name}" has successfully progressed.`);
  stop();
});

test('Recreate scales old ReplicaSets to zero before creating the new one', async () => {
  const { c, ctrl, stop } = await synced([['deployments.apps', deploy('nginx:2', { spec: { strategy: { type: 'Recreate' } } })], ['replicasets.apps', rsFor('nginx:1', 4, 1)]], (c) => new DeploymentController({ client: c }));
  await ctrl.reconcile('default/web');
  assert.equal(c.writes().filter((a) => a.verb === 'create' && a.resource === 'replicasets.apps').length, 0);
  assert.equal(c.writes().find((a) => a.verb === 'update' && a.resource === 'replicasets.apps')!.object.spec.replicas, 0);
  stop();
});

test('scale event mid-rollout: the difference is spread proportionally over active ReplicaSets', async () => {
  const d = deploy('nginx:2', { spec: { replicas: 8 } });
  const old = rsFor('nginx:1', 3, 1); (old.metadata.annotations as Record<string, string>)['deployment.kubernetes.io/desired-replicas'] = '4';
  const cur = rsFor('nginx:2', 2, 2, 0); (cur.metadata.annotations as Record<string, string>)['deployment.kubernetes.io/desired-replicas'] = '4';
  const { c, ctrl, stop } = await synced([['deployments.apps', d], ['replicasets.apps', old], ['replicasets.apps', cur]], (c) => new DeploymentController({ client: c }));
  await ctrl.reconcile('default/web');
  const scaled = Object.fromEntries(c.writes().filter((a) => a.verb === 'update' && a.resource === 'replicasets.apps' && !a.subresource).map((a) => [a.name, a.object.spec.replicas]));
  // 8 + surge 1 = 9 allowed, 5 running: +4 split 3:2 → old +2, new +1, remainder +1 to new
  assert.equal(scaled[old.metadata.name], 5);
  assert.equal(scaled[cur.metadata.name], 4);
  stop();
});
