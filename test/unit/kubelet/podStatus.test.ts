// generatePodStatus: phases, container states and reasons, conditions and their stable
// transition times (an unchanged pod must produce an identical status: no write).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatePodStatus, type StatusInputs } from '../../../src/cluster/kubelet/podStatus';
import type { ContainerStatus } from '../../../src/cluster/kubelet/runtime';

const pod = (policy = 'Always', inits = false): any => ({
  metadata: { name: 'p', namespace: 'd', uid: 'u' },
  spec: { restartPolicy: policy, containers: [{ name: 'a', image: 'img:1' }], ...(inits ? { initContainers: [{ name: 'i', image: 'img:1' }] } : {}) },
});
const ctr = (name: string, state: ContainerStatus['state'], extra: Partial<ContainerStatus> = {}): ContainerStatus =>
  ({ id: `${name}-${extra.restartCount ?? 0}`, podUid: 'u', name, restartCount: 0, state, image: 'img:1', imageID: 'x', createdAt: '2026-01-01T00:00:00Z', startedAt: '2026-01-01T00:00:01Z', ...extra });
const inputs = (p: any, containers: ContainerStatus[], waiting = new Map(), now = '2026-01-01T00:00:05Z'): StatusInputs => ({
  pod: p, containers, waiting, ready: () => true, started: () => true, hostIP: '172.18.0.1', runtimeType: 'docker', now,
  sandbox: { id: 's', uid: 'u', namespace: 'd', name: 'p', attempt: 0, ready: true, ip: '10.1.0.2', createdAt: '' },
});

test('running and ready; unchanged inputs give an identical status', () => {
  const p = pod();
  const s = generatePodStatus(inputs(p, [ctr('a', 'running')]));
  assert.equal(s.phase, 'Running');
  assert.equal(s.podIP, '10.1.0.2');
  assert.equal(s.containerStatuses![0].containerID, 'docker://a-0');
  assert.ok(s.conditions!.every((c) => c.status === 'True'));
  p.status = s;
  const again = generatePodStatus(inputs(p, [ctr('a', 'running')], new Map(), '2026-01-01T00:09:00Z'));
  assert.deepEqual(again, s);
});

test('waiting reasons, lastState and phases per restart policy', () => {
  const crashed = ctr('a', 'exited', { exitCode: 2, finishedAt: '2026-01-01T00:00:03Z', restartCount: 3 });
  const s = generatePodStatus(inputs(pod(), [crashed], new Map([['a', { reason: 'CrashLoopBackOff', message: 'back-off 40s' }]])));
  assert.equal(s.phase, 'Running');
  assert.equal(s.containerStatuses![0].state!.waiting!.reason, 'CrashLoopBackOff');
  assert.equal(s.containerStatuses![0].lastState!.terminated!.exitCode, 2);
  assert.equal(s.containerStatuses![0].restartCount, 3);
  assert.equal(s.conditions!.find((c) => c.type === 'Ready')!.reason, 'ContainersNotReady');
  assert.equal(generatePodStatus(inputs(pod('Never'), [ctr('a', 'exited', { exitCode: 1 })])).phase, 'Failed');
  assert.equal(generatePodStatus(inputs(pod('OnFailure'), [ctr('a', 'exited', { exitCode: 0 })])).phase, 'Succeeded');
  const oom = generatePodStatus(inputs(pod('Never'), [ctr('a', 'exited', { exitCode: 137, oomKilled: true })]));
  assert.equal(oom.containerStatuses![0].state!.terminated!.reason, 'OOMKilled');
  const pull = generatePodStatus(inputs(pod(), [], new Map([['a', { reason: 'ImagePullBackOff', message: 'Back-off pulling image "img:1"' }]])));
  assert.equal(pull.phase, 'Pending');
  assert.equal(pull.containerStatuses![0].state!.waiting!.reason, 'ImagePullBackOff');
});

test('init containers: PodInitializing, Initialized condition, init failure with Never', () => {
  const s = generatePodStatus(inputs(pod('Always', true), [ctr('i', 'running')]));
  assert.equal(s.phase, 'Pending');
  assert.equal(s.containerStatuses![0].state!.waiting!.reason, 'PodInitializing');
  const init = s.conditions!.find((c) => c.type === 'Initialized')!;
  assert.equal(init.status, 'False');
  assert.equal(init.message, 'containers with incomplete status: [i]');
  const failed = generatePodStatus(inputs(pod('Never', true), [ctr('i', 'exited', { exitCode: 1 })]));
  assert.equal(failed.phase, 'Failed');
  const done = generatePodStatus(inputs(pod('Always', true), [ctr('a', 'running'), ctr('i', 'exited', { exitCode: 0 })]));
  assert.equal(done.phase, 'Running');
  assert.equal(done.initContainerStatuses![0].state!.terminated!.reason, 'Completed');
});
