// Ownership on the engine: a playground that is stopped (containers kept) and started again on
// the same data dir re-adopts its running containers (same ids, no second copy) and removes
// the containers of pods deleted meanwhile; a second playground (other cluster id) never
// touches them. Also: an unavailable image gives ErrImagePull then ImagePullBackOff, and a
// stopped node pauses its containers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { needDocker } from '../../helpers/env';
import { busyboxPod, isReady, podWhere, startHarness, waitFor } from './harness';

const ids = (cluster: string) => execFileSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `label=io.kube-playground.cluster=${cluster}`], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();

test('a restarted playground re-adopts running containers and removes orphans', async (t) => {
  if (!needDocker(t)) return;
  const a = await startHarness();
  const other = await startHarness();
  let b: Awaited<ReturnType<typeof startHarness>> | undefined;
  try {
    await a.client.create('pods', 'default', busyboxPod('keep', 'sleep 600'));
    await a.client.create('pods', 'default', busyboxPod('gone', 'sleep 600'));
    await podWhere(a.client, 'keep', isReady, 'Ready');
    await podWhere(a.client, 'gone', isReady, 'Ready');
    const before = ids(a.clusterId);
    assert.equal(before.length, 4, 'two sandboxes + two containers');

    await a.pool.stop();
    assert.deepEqual(ids(a.clusterId), before, 'stop keeps containers running');
    await a.client.delete('pods', 'default', 'gone');

    b = await startHarness({ client: a.client, dataDir: a.dataDir, clusterId: a.clusterId });
    const keep = await a.client.get<any>('pods', 'default', 'keep');
    await waitFor('orphans removed', () => ids(a.clusterId).length === 2);
    await new Promise((r) => setTimeout(r, 2000));
    const after = ids(a.clusterId);
    assert.equal(after.length, 2);
    assert.ok(after.every((id) => before.includes(id)), 'the same containers, not new copies');
    const now = await a.client.get<any>('pods', 'default', 'keep');
    assert.equal(now.status.containerStatuses[0].restartCount, 0);
    assert.equal(now.status.containerStatuses[0].containerID, keep.status.containerStatuses[0].containerID);
    assert.equal(ids(other.clusterId).length, 0, 'the other playground has nothing of ours');

    await b.pool.stopNode('playground-worker');
    const paused = execFileSync('docker', ['ps', '--filter', `label=io.kube-playground.cluster=${a.clusterId}`, '--filter', 'status=paused', '-q'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    assert.equal(paused.length, 2);
    await b.pool.startNode('playground-worker');
    assert.equal(execFileSync('docker', ['ps', '--filter', `label=io.kube-playground.cluster=${a.clusterId}`, '--filter', 'status=running', '-q'], { encoding: 'utf8' }).split('\n').filter(Boolean).length, 2);
  } finally {
    await (b ?? a).pool.stop({ keepContainers: false });
    await other.pool.stop({ keepContainers: false });
  }
  assert.equal(ids(a.clusterId).length, 0);
});

test('an image that cannot be pulled gives ErrImagePull then ImagePullBackOff with the reason', async (t) => {
  if (!needDocker(t)) return;
  const h = await startHarness();
  try {
    const pod = busyboxPod('nopull', 'sleep 1');
    pod.spec.containers[0].image = 'registry.invalid/nope:1';
    await h.client.create('pods', 'default', pod);
    const reasons = new Set<string>();
    const p = await podWhere(h.client, 'nopull', (x) => {
      const w = x.status?.containerStatuses?.[0]?.state?.waiting;
      if (w) reasons.add(w.reason);
      return w?.reason === 'ImagePullBackOff';
    }, 'ImagePullBackOff');
    assert.ok(reasons.has('ErrImagePull') || reasons.has('ImagePullBackOff'));
    assert.match(p.status.containerStatuses[0].state.waiting.message, /registry\.invalid\/nope:1/);
    assert.match(p.status.containerStatuses[0].state.waiting.message, /no such host|not found|denied|resolve/i);
    assert.equal(p.status.phase, 'Pending');
  } finally {
    await h.pool.stop({ keepContainers: false });
  }
});
