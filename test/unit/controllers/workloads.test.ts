import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatefulSetController } from '../../../src/cluster/controllers/statefulset';
import { DaemonSetController } from '../../../src/cluster/controllers/daemonset';
import { JobController } from '../../../src/cluster/controllers/job';
import { synced } from './harness';

const sts = (replicas: number, policy = 'OrderedReady') => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { namespace: 'default', name: 'db', uid: 'sts-uid', generation: 1 },
  spec: { replicas, serviceName: 'db', podManagementPolicy: policy, selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'pg' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] },
});
const stsPod = (i: number, ready: boolean) => ({ apiVersion: 'v1', kind: 'Pod',
  metadata: { namespace: 'default', name: `db-${i}`, labels: { app: 'db' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'sts-uid', controller: true }] },
  spec: {}, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });

test('StatefulSet OrderedReady creates only the next ordinal, with its claim, after the previous is Ready', async () => {
  const { c, ctrl, stop } = await synced([['statefulsets.apps', sts(3)], ['pods', stsPod(0, true)]], (c) => new StatefulSetController({ client: c }));
  await ctrl.reconcile('default/db');
  const creates = c.writes().filter((a) => a.verb === 'create' && a.resource !== 'events' && a.resource !== 'controllerrevisions.apps');
  assert.deepEqual(creates.map((a) => [a.resource, a.object.metadata.name]), [['persistentvolumeclaims', 'data-db-1'], ['pods', 'db-1']]);
  const p = creates[1].object;
  assert.equal(p.spec.hostname, 'db-1');
  assert.equal(p.spec.subdomain, 'db');
  assert.equal(p.metadata.labels['statefulset.kubernetes.io/pod-name'], 'db-1');
  assert.match(p.metadata.labels['controller-revision-hash'], /^db-/);
  assert.deepEqual(p.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } }]);
  stop();
});

test('StatefulSet waits while a pod is not Ready; Parallel creates all at once', async () => {
  let h = await synced([['statefulsets.apps', sts(3)], ['pods', stsPod(0, false)]], (c) => new StatefulSetController({ client: c }));
  await h.ctrl.reconcile('default/db');
  assert.equal(h.c.writes().filter((a) => a.verb === 'create' && a.resource === 'pods').length, 0);
  h.stop();
  h = await synced([['statefulsets.apps', sts(3, 'Parallel')]], (c) => new StatefulSetController({ client: c }));
  await h.ctrl.reconcile('default/db');
  assert.deepEqual(h.c.writes().filter((a) => a.verb === 'create' && a.resource === 'pods').map((a) => a.object.metadata.name), ['db-0', 'db-1', 'db-2']);
  h.stop();
});

test('StatefulSet scales down from the highest ordinal, one at a time', async () => {
  const { c, ctrl, stop } = await synced([['statefulsets.apps', sts(1)], ['pods', stsPod(0, true)], ['pods', stsPod(1, true)], ['pods', stsPod(2, true)]], (c) => new StatefulSetController({ client: c }));
  await ctrl.reconcile('default/db');
  assert.deepEqual(c.writes().filter((a) => a.verb === 'delete').map((a) => a.name), ['db-2']);
  stop();
});

test('StatefulSet retention policy: claims owned by the set (whenDeleted) or by a scaled-down pod (whenScaled)', async () => {
  const withUid = (i: number) => { const p = stsPod(i, true); return { ...p, metadata: { ...p.metadata, uid: `pod-${i}` } }; };
  const claim = (i: number) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { namespace: 'default', name: `data-db-${i}` }, spec: {} });
  const policy = (whenDeleted: string, whenScaled: string, replicas = 1) => ({ ...sts(replicas), spec: { ...sts(replicas).spec, persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled } } });
  const { c, ctrl, stop } = await synced([['statefulsets.apps', policy('Delete', 'Delete')], ['pods', withUid(0)], ['pods', withUid(1)],
    ['persistentvolumeclaims', claim(0)], ['persistentvolumeclaims', claim(1)]], (c) => new StatefulSetController({ client: c }));
  await ctrl.reconcile('default/db');
  const writes = c.writes().filter((a) => a.resource === 'persistentvolumeclaims' || (a.resource === 'pods' && a.verb === 'delete'));
  assert.deepEqual(writes.map((a) => [a.verb, a.name, (a.object?.metadata.ownerReferences ?? []).map((r: any) => `${r.kind}/${r.name}`)]), [
    ['update', 'data-db-0', ['StatefulSet/db']],
    ['update', 'data-db-1', ['Pod/db-1']], // before db-1 is deleted, so the claim goes with it
    ['delete', 'db-1', []],
  ]);
  stop();
  // Retain (the default) writes no owner references; a new claim under whenDeleted=Delete is born owned by the set.
  const h = await synced([['statefulsets.apps', policy('Delete', 'Retain', 2)], ['pods', withUid(0)], ['persistentvolumeclaims', claim(0)]], (c) => new StatefulSetController({ client: c }));
  await h.ctrl.reconcile('default/db');
  const made = h.c.writes().find((a) => a.verb === 'create' && a.resource === 'persistentvolumeclaims')!;
  assert.deepEqual(made.object.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'sts-uid' }]);
  h.stop();
  const r = await synced([['statefulsets.apps', sts(1)], ['pods', withUid(0)], ['pods', withUid(1)], ['persistentvolumeclaims', claim(0)], ['persistentvolumeclaims', claim(1)]], (c) => new StatefulSetController({ client: c }));
  await r.ctrl.reconcile('default/db');
  assert.equal(r.c.writes().filter((a) => a.resource === 'persistentvolumeclaims').length, 0);
  r.stop();
});

const node = (name: string, taints?: any[]) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: taints ? { taints } : {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
test('DaemonSet: one pod per eligible node, pinned by matchFields, with daemon tolerations', async () => {
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { namespace: 'kube-system', name: 'agent', uid: 'ds-uid', generation: 1 },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } };
  const { c, ctrl, stop } = await synced([['daemonsets.apps', ds], ['nodes', node('w1')], ['nodes', node('w2')],
    ['nodes', node('cp', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }])]], (c) => new DaemonSetController({ client: c }));
  await ctrl.reconcile('kube-system/agent');
  const pods = c.writes().filter((a) => a.verb === 'create' && a.resource === 'pods').map((a) => a.object);
  const pinned = pods.map((p) => p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]).sort();
  assert.deepEqual(pinned, ['w1', 'w2']);
  assert.ok(pods[0].spec.tolerations.some((t: any) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute' && t.tolerationSeconds === undefined));
  stop();
});

test('DaemonSet: a pod on an unreachable node stays (only an untolerated NoExecute taint or lost affinity removes it)', async () => {
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { namespace: 'kube-system', name: 'agent', uid: 'ds-uid', generation: 1 },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } };
  const pod = (name: string, nodeName: string) => ({ apiVersion: 'v1', kind: 'Pod',
    metadata: { namespace: 'kube-system', name, labels: { app: 'agent' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true }] },
    spec: { nodeName }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
  const lost = node('w1', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]);
  lost.status.conditions[0].status = 'Unknown';
  const { c, ctrl, stop } = await synced([['daemonsets.apps', ds], ['nodes', lost], ['nodes', node('w2', [{ key: 'dedicated', effect: 'NoExecute' }])],
    ['pods', pod('agent-a', 'w1')], ['pods', pod('agent-b', 'w2')]], (c) => new DaemonSetController({ client: c }));
  await ctrl.reconcile('kube-system/agent');
  const deleted = c.writes().filter((a) => a.verb === 'delete' && a.resource === 'pods').map((a) => a.name);
  assert.deepEqual(deleted, ['agent-b']);
  assert.equal(c.writes().filter((a) => a.verb === 'create' && a.resource === 'pods').length, 0);
  stop();
});

test('Job: creates parallelism pods with job labels; completion writes SuccessCriteriaMet and Complete', async () => {
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { namespace: 'default', name: 'pi', uid: 'job-uid' },
    spec: { completions: 3, parallelism: 2, backoffLimit: 6, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl' }] } } } };
  let h = await synced([['jobs.batch', job]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  const pods = h.c.writes().filter((a) => a.verb === 'create' && a.resource === 'pods').map((a) => a.object);
  assert.equal(pods.length, 2);
  assert.deepEqual(Object.keys(pods[0].metadata.labels).sort(), ['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name']);
  h.stop();
  assert.deepEqual(pods[0].metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
  const done = (i: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: `pi-${i}`, finalizers: ['batch.kubernetes.io/job-tracking'], ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true }] }, spec: {}, status: { phase: 'Succeeded' } });
  h = await synced([['jobs.batch', job], ['pods', done(1)], ['pods', done(2)], ['pods', done(3)]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  const st = h.c.writes().filter((a) => a.subresource === 'status').at(-1)!.object.status;
  assert.equal(st.succeeded, 3);
  assert.deepEqual(st.conditions.map((x: any) => [x.type, x.reason]), [['SuccessCriteriaMet', 'CompletionsReached'], ['Complete', 'CompletionsReached']]);
  assert.ok(st.completionTime);
  h.stop();
});
