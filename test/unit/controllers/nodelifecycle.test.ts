import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeLifecycleController } from '../../../src/cluster/controllers/nodelifecycle';
import { synced } from './harness';

const old = new Date(Date.now() - 60_000).toISOString();
const node = (name: string, heartbeat: string, extra: any = {}) => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name, creationTimestamp: old },
  spec: extra.taints ? { taints: extra.taints } : {},
  status: { conditions: [{ type: 'Ready', status: extra.ready ?? 'True', reason: 'KubeletReady', lastHeartbeatTime: heartbeat, lastTransitionTime: old }] },
});
const pod = (name: string, tols: any[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name }, spec: { nodeName: 'n1', tolerations: tols } });

test('a silent node turns Unknown and gets unreachable taints', async () => {
  const { c, ctrl, stop, settle } = await synced([['nodes', node('n1', old)]], (c) => new NodeLifecycleController({ client: c, nodeMonitorGracePeriodSeconds: 40 }));
  await ctrl.reconcile('n1');
  const [status, taints] = c.writes().filter((a) => a.resource === 'nodes');
  assert.equal(status.subresource, 'status');
  assert.deepEqual(status.object.status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message]), [['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']]);
  assert.equal(status.object.status.conditions[0].lastHeartbeatTime, old);
  assert.deepEqual(taints.object.spec.taints.map((t: any) => `${t.key}:${t.effect}`), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  await settle();
  stop();
});

test('NoExecute taint evicts intolerant pods now, tolerating ones after tolerationSeconds, keeps forever-tolerating ones', async () => {
  const added = new Date(Date.now() - 10_000).toISOString();
  const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: added }];
  const { c, ctrl, stop } = await synced([
    ['nodes', node('n1', old, { ready: 'Unknown', taints })],
    ['pods', pod('intolerant', [])],
    ['pods', pod('short', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }])],
    ['pods', pod('long', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }])],
    ['pods', pod('forever', [{ operator: 'Exists' }])],
  ], (c) => new NodeLifecycleController({ client: c }));
  await ctrl.reconcile('n1');
  assert.deepEqual(c.writes().filter((a) => a.verb === 'delete').map((a) => a.name).sort(), ['intolerant', 'short']);
  stop();
});

test('pods on a node that is not Ready are marked not Ready, once', async () => {
  const readyPod = (name: string, ready: string) => ({ ...pod(name, [{ operator: 'Exists' }]), status: { phase: 'Running', conditions: [{ type: 'ContainersReady', status: ready }, { type: 'Ready', status: ready }] } });
  const { c, ctrl, stop } = await synced([
    ['nodes', node('n1', old, { ready: 'Unknown', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] })],
    ['pods', readyPod('ready', 'True')], ['pods', readyPod('already', 'False')],
  ], (c) => new NodeLifecycleController({ client: c }));
  await ctrl.reconcile('n1');
  const updates = c.writes().filter((a) => a.resource === 'pods' && a.verb === 'update');
  assert.deepEqual(updates.map((a) => [a.name, a.subresource]), [['ready', 'status']]);
  assert.deepEqual(updates[0].object.status.conditions.map((x: any) => `${x.type}=${x.status}`), ['ContainersReady=True', 'Ready=False']);
  const ev = c.writes().find((a) => a.resource === 'events' && a.verb === 'create' && a.object.reason === 'NodeNotReady');
  assert.deepEqual([ev?.object.type, ev?.object.reason, ev?.object.message], ['Warning', 'NodeNotReady', 'Node is not ready']);
  stop();
});

test('a node is announced once with RegisteredNode, and RemovingNode when it is deleted', async () => {
  const { c, ctrl, stop, settle } = await synced([['nodes', node('n1', new Date().toISOString())]], (c) => new NodeLifecycleController({ client: c }));
  await ctrl.reconcile('n1');
  await ctrl.reconcile('n1');
  await c.delete('nodes', undefined, 'n1');
  await settle();
  const events = c.writes().filter((a) => a.resource === 'events' && a.verb === 'create').map((a) => `${a.object.reason}: ${a.object.message}`);
  assert.deepEqual(events, ['RegisteredNode: Node n1 event: Registered Node n1 in Controller', 'RemovingNode: Node n1 event: Removing Node n1 from Controller']);
  stop();
});

test('a node back to Ready loses its taints', async () => {
  const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'custom', effect: 'NoSchedule' }];
  const { c, ctrl, stop } = await synced([['nodes', node('n1', new Date().toISOString(), { taints })]], (c) => new NodeLifecycleController({ client: c }));
  await ctrl.reconcile('n1');
  const upd = c.writes().find((a) => a.verb === 'update')!;
  assert.deepEqual(upd.object.spec.taints, [{ key: 'custom', effect: 'NoSchedule' }]);
  stop();
});
