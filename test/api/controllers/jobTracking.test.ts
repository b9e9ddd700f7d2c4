// Job pod tracking on a lost node, through real kubectl over the control loop with a fake
// kubelet: a pod whose kubelet is gone is counted failed once deleted and its finalizer removed;
// force-deleted, it goes (before, a held finalizer would have kept it forever).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mustKubectl, startControlPlane, type ControlPlane } from './cluster';

let cp: ControlPlane;
before(async () => {
  cp = await startControlPlane({ jobBackoffBaseMs: 50 });
  await cp.addNode('worker-1');
});
after(async () => { await cp?.stop(); });

const { k, json } = mustKubectl(() => cp);

test('a Job pod on a lost node: deleted, it counts as failed and is released; force-deleted, it goes', async () => {
  cp.podOutcome = () => 'Running';
  await k('create', 'job', 'lost', '--image=busybox');
  await cp.waitFor('pod running', async () => (await json('get', 'pods', '-l', 'job-name=lost')).items.some((p: any) => p.status?.phase === 'Running'));
  const [pod] = (await json('get', 'pods', '-l', 'job-name=lost')).items;
  assert.deepEqual(pod.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
  cp.stopKubelet('worker-1');
  // Graceful delete with no kubelet to finish it: the controller counts it and lets go.
  await k('delete', 'pod', pod.metadata.name, '--wait=false');
  await cp.waitFor('counted failed', async () => (await json('get', 'job', 'lost')).status?.failed === 1);
  const held = await json('get', 'pod', pod.metadata.name);
  assert.equal(held.metadata.finalizers, undefined);
  assert.ok(held.metadata.deletionTimestamp);
  await k('delete', 'pod', pod.metadata.name, '--force', '--grace-period=0');
  const r = await cp.kubectl(['get', 'pod', pod.metadata.name]);
  assert.notEqual(r.code, 0, 'force-deleted pod is gone');
  assert.equal((await json('get', 'job', 'lost')).status.failed, 1);

  // Force delete while the finalizer is on (as when a pod is removed with its node): the API
  // server keeps it until the Job controller has counted it, then it goes.
  const next = await (async () => {
    let p: any;
    await cp.waitFor('replacement pod', async () => { p = (await json('get', 'pods', '-l', 'job-name=lost')).items.find((x: any) => !x.metadata.deletionTimestamp); return !!p; });
    return p;
  })();
  await k('delete', 'pod', next.metadata.name, '--force', '--grace-period=0');
  await cp.waitFor('counted twice', async () => (await json('get', 'job', 'lost')).status?.failed === 2);
  await cp.waitFor('gone', async () => (await cp.kubectl(['get', 'pod', next.metadata.name])).code !== 0);
});
