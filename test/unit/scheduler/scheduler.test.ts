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

const boundTo = (c: FakeClient) => Object.fromEntries(c.writes().filter((a) => a.verb === 'create-subresource').map((a) => [a.name, a.object.target.name]));
const failures = (c: FakeClient) => c.writes().filter((a) => a.resource === 'events' && a.object.reason === 'FailedScheduling').map((a) => a.object.message);

test('a cordoned node, a taken host port and a PersistentVolume\'s node affinity each rule a node out, with their messages', async () => {
  const cordoned = { ...node('w1', '4'), spec: { unschedulable: true } };
  const withPort = (name: string, nodeName?: string) => ({
    ...pod(name), spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] }] },
  });
  const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { namespace: 'default', name: 'data' }, spec: { volumeName: 'pv-w3' }, status: { phase: 'Bound' } };
  const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-w3' },
    spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['w3'] }] }] } } } };
  const { c } = await run([
    ['nodes', cordoned], ['nodes', node('w2', '4')], ['nodes', node('w3', '4')],
    ['pods', { ...withPort('holder', 'w3'), status: { phase: 'Running' } }],
    ['pods', withPort('web')],
    ['persistentvolumeclaims', pvc], ['persistentvolumes', pv],
    ['pods', { ...pod('db'), spec: { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } }],
    ['pods', { ...withPort('web2'), spec: { ...withPort('web2').spec, nodeSelector: { 'kubernetes.io/hostname': 'w3' } } }],
  ]);
  const bound = boundTo(c);
  assert.equal(bound.web, 'w2', 'w1 is cordoned, w3 has the host port taken');
  assert.equal(bound.db, 'w3', 'the volume lives on w3');
  assert.equal(bound.web2, undefined);
  assert.deepEqual(failures(c), [
    "0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. "
    + 'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
  ]);
});

test('scores: the least allocated node wins, preferred node affinity outweighs it, a ReplicaSet\'s pods spread over nodes', async () => {
  const owned = (name: string) => ({ ...pod(name), metadata: { ...pod(name).metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-1', controller: true }] } });
  const busy = { ...pod('existing', { cpu: '3' }), spec: { nodeName: 'w1', containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '3' } } }] }, status: { phase: 'Running' } };
  let r = await run([['nodes', node('w1', '4')], ['nodes', node('w2', '4')], ['pods', busy], ['pods', pod('light', { cpu: '100m' })]]);
  assert.equal(boundTo(r.c).light, 'w2');
  const prefer = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }] } };
  r = await run([['nodes', node('w1', '4', { labels: { zone: 'a' } })], ['nodes', node('w2', '4')], ['pods', busy], ['pods', pod('pref', { cpu: '100m', extra: { affinity: prefer } })]]);
  assert.equal(boundTo(r.c).pref, 'w1');
  r = await run([['nodes', node('w1', '8')], ['nodes', node('w2', '8')], ['nodes', node('w3', '8')], ...['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ['pods', owned(n)] as [string, any])]);
  const perNode = Object.values(boundTo(r.c)).reduce((m: Record<string, number>, n: any) => ({ ...m, [n]: (m[n] ?? 0) + 1 }), {});
  assert.deepEqual(Object.values(perNode).sort(), [2, 2, 2], JSON.stringify(perNode));
});
