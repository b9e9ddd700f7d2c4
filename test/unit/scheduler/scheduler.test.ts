import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler, fitErrorMessage } from '../../../src/cluster/scheduler/scheduler';
import { FakeClient } from '../controllers/fakeClient';

const node = (name: string, cpu = '1', extra: any = {}) => ({
  apiVersion: 'v1', kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) } },
  spec: { taints: extra.taints },
  status: { allocatable: { cpu, memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
});
const cp = () => node('control-plane', '4', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
const pod = (name: string, spec: any = {}, labels: any = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name, labels },
  spec: { containers: [{ name: 'c', image: 'x', ...(spec.cpu ? { resources: { requests: { cpu: spec.cpu } } } : {}) }], ...spec.extra },
  status: { phase: 'Pending' },
});

async function run(objs: Array<[string, any]>) {
  const c = new FakeClient(objs);
  const s = new Scheduler({ client: c, retryDelayMs: 10 });
  const ac = new AbortController();
  await s.start(ac.signal);
  await s.idle();
  await new Promise((r) => setTimeout(r, 20));
  ac.abort();
  return { c, s };
}

test('binds a pod to a schedulable worker and records Scheduled', async () => {
  const { c } = await run([['nodes', cp()], ['nodes', node('worker-1')], ['pods', pod('p', { cpu: '500m' })]]);
  const binds = c.writes().filter((a) => a.verb === 'create-subresource');
  assert.equal(binds.length, 1);
  assert.deepEqual(binds[0].object.target, { apiVersion: 'v1', kind: 'Node', name: 'worker-1' });
  const ev = c.writes().find((a) => a.resource === 'events');
  assert.equal(ev?.object.reason, 'Scheduled');
  assert.equal(ev?.object.message, 'Successfully assigned default/p to worker-1');
});

test('unschedulable pod gets the 1.32 message, condition and FailedScheduling', async () => {
  const { c } = await run([['nodes', cp()], ['nodes', node('worker-1')], ['nodes', node('worker-2')], ['pods', pod('big', { cpu: '2' })]]);
  const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. '
    + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
  const status = c.writes().find((a) => a.verb === 'patch' && a.subresource === 'status');
  assert.deepEqual((status?.patch as any).status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message]), [['PodScheduled', 'False', 'Unschedulable', msg]]);
  const ev = c.writes().find((a) => a.resource === 'events');
  assert.equal(ev?.object.type, 'Warning');
  assert.equal(ev?.object.reason, 'FailedScheduling');
  assert.equal(ev?.object.message, msg);
  assert.equal(c.writes().filter((a) => a.verb === 'create-subresource').length, 0);
});

test('resources are summed per node: the second big pod goes to the other node', async () => {
  const { c } = await run([['nodes', node('w1')], ['nodes', node('w2')], ['pods', pod('a', { cpu: '700m' })], ['pods', pod('b', { cpu: '700m' })], ['pods', pod('c', { cpu: '700m' })]]);
  const targets = c.writes().filter((a) => a.verb === 'create-subresource').map((a) => a.object.target.name).sort();
  assert.deepEqual(targets, ['w1', 'w2']);
  const failed = c.writes().filter((a) => a.resource === 'events' && a.object.reason === 'FailedScheduling');
  assert.equal(failed[0].object.message, '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
});

test('nodeSelector, affinity operators, tolerations and anti-affinity', async () => {
  const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } }] } };
  const { c } = await run([
    ['nodes', node('w1', '4', { labels: { disk: 'ssd', gen: '3' } })], ['nodes', node('w2', '4', { labels: { gen: '5' } })], ['nodes', cp()],
    ['pods', pod('sel', { extra: { nodeSelector: { disk: 'ssd' } } })],
    ['pods', pod('gt', { extra: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }] } } } } })],
    ['pods', pod('tol', { extra: { nodeSelector: { 'kubernetes.io/hostname': 'control-plane' }, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] } })],
    ['pods', pod('db1', { extra: { affinity: anti } }, { app: 'db' })],
    ['pods', pod('db2', { extra: { affinity: anti } }, { app: 'db' })],
    ['pods', pod('db3', { extra: { affinity: anti } }, { app: 'db' })],
  ]);
  const bound = Object.fromEntries(c.writes().filter((a) => a.verb === 'create-subresource').map((a) => [a.name, a.object.target.name]));
  assert.equal(bound.sel, 'w1');
  assert.equal(bound.gt, 'w2');
  assert.equal(bound.tol, 'control-plane');
  const dbs = ['db1', 'db2', 'db3'].filter((n) => bound[n]);
  assert.equal(dbs.length, 2);
  assert.notEqual(bound[dbs[0]], bound[dbs[1]]);
  const failed = c.writes().find((a) => a.resource === 'events' && a.object.reason === 'FailedScheduling');
  assert.match(failed!.object.message, /^0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 2 node\(s\) didn't match pod anti-affinity rules\./);
});

test('fit error message sorts reasons as Kubernetes does', () => {
  assert.equal(fitErrorMessage(5, new Map([["node(s) didn't match Pod's node affinity/selector", 4], ['Insufficient cpu', 1]]), 1),
    "0/5 nodes are available: 1 Insufficient cpu, 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 1 No preemption victims found for incoming pod, 4 Preemption is not helpful for scheduling.");
});
