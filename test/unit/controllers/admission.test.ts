import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceAllocatorPlugin } from '../../../src/cluster/admission/serviceAllocator';
import { admissionPlugins, defaultTolerationSecondsPlugin } from '../../../src/cluster/admission/plugins';
import type { AdmissionContext } from '../../../src/cluster/admission/types';
import type { KubeObject } from '../../../src/cluster/api/types';

function ctx(stored: KubeObject[], object: KubeObject, extra: Partial<AdmissionContext> = {}): AdmissionContext {
  return { operation: 'CREATE', resource: 'services', namespace: 'default', name: object.metadata.name, dryRun: false, object,
    get: () => undefined, list: (r) => (r === 'services' ? stored : []), ...extra };
}
const svc = (name: string, spec: any = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ port: 80 }], ...spec } });

test('allocates a ClusterIP in 10.96.0.0/12, never 10.96.0.1, and NodePorts in range', async () => {
  const p = serviceAllocatorPlugin();
  const s = svc('a', { type: 'NodePort' });
  const c = ctx([], s);
  await p.admit(c);
  p.afterWrite!(c, true);
  const [a, b] = s.spec.clusterIP.split('.').map(Number);
  assert.equal(a, 10); assert.ok(b >= 96 && b <= 111);
  assert.notEqual(s.spec.clusterIP, '10.96.0.1');
  assert.deepEqual(s.spec.clusterIPs, [s.spec.clusterIP]);
  assert.ok(s.spec.ports[0].nodePort >= 30000 && s.spec.ports[0].nodePort <= 32767);
});

test('conflicts are rejected with Kubernetes 422 messages', async () => {
  const p = serviceAllocatorPlugin();
  const existing = svc('taken', { type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, nodePort: 30080 }] });
  await assert.rejects(async () => (p.admit(ctx([existing], svc('x', { clusterIP: '10.96.0.10' })))),
    (e: any) => e.code === 422 && e.message === 'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
  await assert.rejects(async () => (p.admit(ctx([existing], svc('y', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })))),
    (e: any) => e.code === 422 && e.message === 'Service "y" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  // Pending (not yet stored) reservations count too; dry-run keeps none.
  const first = svc('p1', { clusterIP: '10.96.5.5' });
  const c1 = ctx([], first);
  await p.admit(c1);
  await assert.rejects(async () => (p.admit(ctx([], svc('p2', { clusterIP: '10.96.5.5' })))));
  p.afterWrite!(c1, false);
  await p.admit(ctx([], svc('p3', { clusterIP: '10.96.5.5' }), { dryRun: true }));
  await p.admit(ctx([], svc('p4', { clusterIP: '10.96.5.5' })));
});

test('headless keeps None, ExternalName gets no IP, updates keep the allocated IP and ports', async () => {
  const p = serviceAllocatorPlugin();
  const h = svc('h', { clusterIP: 'None' });
  await p.admit(ctx([], h));
  assert.deepEqual(h.spec.clusterIPs, ['None']);
  const e = svc('e', { type: 'ExternalName', externalName: 'example.com' });
  await p.admit(ctx([], e));
  assert.equal(e.spec.clusterIP, undefined);
  const old = svc('u', { type: 'NodePort', clusterIP: '10.96.1.1', clusterIPs: ['10.96.1.1'], ports: [{ port: 80, protocol: 'TCP', nodePort: 31000 }] });
  const next = svc('u', { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP' }] });
  await p.admit(ctx([old], next, { operation: 'UPDATE', oldObject: old }));
  assert.equal(next.spec.clusterIP, '10.96.1.1');
  assert.equal(next.spec.ports[0].nodePort, 31000);
});

test('pods get the default service account and default NoExecute tolerations', async () => {
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } };
  for (const pl of admissionPlugins({ defaultTolerationSeconds: 30 }).filter((x) => x.resources.includes('pods'))) await pl.admit(ctx([], pod, { resource: 'pods' }));
  assert.equal(pod.spec.serviceAccountName, 'default');
  assert.deepEqual(pod.spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
  ]);
  const tolerant: KubeObject = { metadata: { name: 'q' }, spec: { tolerations: [{ operator: 'Exists' }] } };
  await defaultTolerationSecondsPlugin().admit(ctx([], tolerant, { resource: 'pods' }));
  assert.equal(tolerant.spec.tolerations.length, 1);
});
