import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EndpointSliceController } from '../../../src/cluster/controllers/endpointslice';
import { EndpointsController } from '../../../src/cluster/controllers/endpoints';
import { synced } from './harness';

const svc = { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'default', name: 'web', uid: 'svc-uid' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9090 }] } };
const pod = (name: string, ip: string, containerPort: number, ready: boolean, terminating = false) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { namespace: 'default', name, uid: `uid-${name}`, labels: { app: 'web' }, ...(terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { nodeName: 'n1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort }] }] },
  status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const objs: Array<[string, any]> = [['services', svc], ['pods', pod('a', '10.0.0.1', 8080, true)], ['pods', pod('b', '10.0.0.2', 8080, false)],
  ['pods', pod('c', '10.0.0.3', 8081, true)], ['pods', pod('d', '10.0.0.4', 8080, true, true)]];

test('EndpointSlices: named targetPorts resolved per pod, conditions, empty port name kept', async () => {
  const { c, ctrl, stop } = await synced(objs, (c) => new EndpointSliceController({ client: c }));
  await ctrl.reconcile('default/web');
  const created = c.writes().filter((a) => a.verb === 'create').map((a) => a.object);
  assert.equal(created.length, 2); // pods resolve "http" to 8080 or 8081
  const s8080 = created.find((s) => s.ports.some((p: any) => p.port === 8080))!;
  assert.deepEqual(s8080.ports, [{ name: '', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }]);
  assert.equal(s8080.metadata.labels['kubernetes.io/service-name'], 'web');
  assert.equal(s8080.metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
  assert.equal(s8080.addressType, 'IPv4');
  assert.deepEqual(s8080.metadata.ownerReferences[0].uid, 'svc-uid');
  assert.deepEqual(s8080.endpoints.map((e: any) => [e.addresses[0], e.conditions]), [
    ['10.0.0.1', { ready: true, serving: true, terminating: false }],
    ['10.0.0.2', { ready: false, serving: false, terminating: false }],
    ['10.0.0.4', { ready: false, serving: true, terminating: true }],
  ]);
  assert.deepEqual(s8080.endpoints[0].targetRef, { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' });
  stop();
});

test('Endpoints: ready addresses vs notReadyAddresses, terminating left out', async () => {
  const { c, ctrl, stop } = await synced(objs, (c) => new EndpointsController({ client: c }));
  await ctrl.reconcile('default/web');
  const ep = c.writes().find((a) => a.verb === 'create')!.object;
  assert.equal(ep.metadata.name, 'web');
  const s = ep.subsets.find((x: any) => x.ports.some((p: any) => p.port === 8080));
  assert.deepEqual(s.addresses.map((a: any) => a.ip), ['10.0.0.1']);
  assert.deepEqual(s.notReadyAddresses.map((a: any) => a.ip), ['10.0.0.2']);
  assert.deepEqual(s.ports, [{ port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }]);
  stop();
});
