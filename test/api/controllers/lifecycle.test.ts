import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mustKubectl, startControlPlane, type ControlPlane } from './cluster';

let cp: ControlPlane;
before(async () => {
  cp = await startControlPlane({ hpaSyncPeriodMs: 500 });
  await cp.addNode('worker-1', { cpu: '1' });
});
after(async () => { await cp?.stop(); });

const { k, json } = mustKubectl(() => cp);

test('rollout pause, resume and restart', async () => {
  await k('create', 'deployment', 'app', '--image=nginx:1', '--replicas=2');
  await k('rollout', 'status', 'deployment/app', '--timeout=30s');
  await k('rollout', 'pause', 'deployment/app');
  await k('set', 'image', 'deployment/app', 'nginx=nginx:2');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await json('get', 'rs', '-l', 'app=app')).items.length, 1);
  const cond = (await json('get', 'deploy', 'app')).status.conditions.find((c: any) => c.type === 'Progressing');
  assert.equal(cond.reason, 'DeploymentPaused');
  await k('rollout', 'resume', 'deployment/app');
  assert.match(await k('rollout', 'status', 'deployment/app', '--timeout=30s'), /successfully rolled out/);
  assert.equal((await json('get', 'rs', '-l', 'app=app')).items.length, 2);
  await k('rollout', 'restart', 'deployment/app');
  assert.match(await k('rollout', 'status', 'deployment/app', '--timeout=30s'), /successfully rolled out/);
  assert.equal((await json('get', 'rs', '-l', 'app=app')).items.length, 3);
  assert.equal((await json('get', 'deploy', 'app')).metadata.annotations['deployment.kubernetes.io/revision'], '3');
});

test('a pending pod is scheduled once a node with room appears', async () => {
  await k('run', 'big', '--image=nginx', '--overrides={"spec":{"containers":[{"name":"big","image":"nginx","resources":{"requests":{"cpu":"2"}}}]}}');
  await cp.waitFor('FailedScheduling', async () => /Insufficient cpu/.test(await k('describe', 'pod', 'big')));
  await cp.addNode('worker-2', { cpu: '4' });
  await cp.waitFor('bound to worker-2', async () => (await json('get', 'pod', 'big')).spec.nodeName === 'worker-2');
});

test('PVC provisioning binds; deleting the claim deletes the volume and its directory', async () => {
  await cp.kubectl(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: claim}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n' });
  await cp.waitFor('Bound', async () => (await json('get', 'pvc', 'claim')).status.phase === 'Bound');
  const pvc = await json('get', 'pvc', 'claim');
  assert.equal(pvc.spec.storageClassName, 'standard');
  const pv = await json('get', 'pv', pvc.spec.volumeName);
  assert.equal(pv.status.phase, 'Bound');
  assert.equal(pv.spec.claimRef.name, 'claim');
  assert.ok(existsSync(pv.spec.hostPath.path));
  assert.ok(pv.spec.hostPath.path.startsWith(cp.dataDir));
  await k('delete', 'pvc', 'claim');
  await cp.waitFor('PV gone', async () => (await cp.kubectl(['get', 'pv', pvc.spec.volumeName])).code !== 0);
  assert.equal(existsSync(pv.spec.hostPath.path), false);
});

test('HPA without metrics reports FailedGetResourceMetric', async () => {
  // (kubectl autoscale sends protobuf, which the API server may not decode for HPA: use YAML.)
  const r = await cp.kubectl(['apply', '-f', '-'], { input: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: app}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app}
  minReplicas: 1
  maxReplicas: 5
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
` });
  assert.equal(r.code, 0, r.stderr);
  await cp.waitFor('condition', async () => /FailedGetResourceMetric/.test(await k('describe', 'hpa', 'app')));
  assert.match(await k('describe', 'hpa', 'app'), /the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API/);
});

test('delete --cascade=orphan keeps pods; --cascade=foreground removes them first', async () => {
  await k('create', 'deployment', 'orph', '--image=nginx', '--replicas=2');
  await k('rollout', 'status', 'deployment/orph', '--timeout=30s');
  await k('delete', 'deployment', 'orph', '--cascade=orphan');
  await cp.waitFor('deployment gone', async () => (await cp.kubectl(['get', 'deploy', 'orph'])).code !== 0);
  const rs = (await json('get', 'rs', '-l', 'app=orph')).items;
  assert.equal(rs.length, 1);
  assert.deepEqual(rs[0].metadata.ownerReferences ?? [], []);
  await k('delete', 'rs', rs[0].metadata.name, '--cascade=foreground');
  await cp.waitFor('pods gone', async () => (await json('get', 'pods', '-l', 'app=orph')).items.length === 0);
});
