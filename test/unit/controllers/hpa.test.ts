import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HorizontalPodAutoscalerController } from '../../../src/cluster/controllers/hpa';
import { HpaBehavior } from '../../../src/cluster/controllers/hpaBehavior';
import { synced } from './harness';

const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { namespace: 'default', name: 'web' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] } };
const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { namespace: 'default', name: 'web' }, spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=web' } };
const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }] }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });

test('no metrics: ScalingActive False FailedGetResourceMetric with Kubernetes message', async () => {
  const { c, ctrl, stop } = await synced([['horizontalpodautoscalers.autoscaling', hpa]], (c) => new HorizontalPodAutoscalerController({ client: c }));
  c.reactor = (a) => (a.verb === 'get' && a.subresource === 'scale' ? structuredClone(scale) : undefined);
  await ctrl.reconcile('default/web');
  const st = c.writes().find((a) => a.subresource === 'status')!.object.status;
  const active = st.conditions.find((x: any) => x.type === 'ScalingActive');
  assert.equal(active.status, 'False');
  assert.equal(active.reason, 'FailedGetResourceMetric');
  assert.equal(active.message, 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API');
  assert.ok(c.writes().some((a) => a.resource === 'events' && a.object.reason === 'FailedGetResourceMetric'));
  stop();
});

test('with PodMetrics at 150% of target: scales 2 → 6 through the scale subresource', async () => {
  const pm = (name: string) => ({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics', metadata: { namespace: 'default', name, labels: { app: 'web' } }, containers: [{ name: 'c', usage: { cpu: '150m', memory: '10Mi' } }] });
  const { c, ctrl, stop } = await synced([['horizontalpodautoscalers.autoscaling', hpa], ['pods', pod('a')], ['pods', pod('b')],
    ['pods.metrics.k8s.io', pm('a')], ['pods.metrics.k8s.io', pm('b')]], (c) => new HorizontalPodAutoscalerController({ client: c }));
  c.reactor = (a) => (a.verb === 'get' && a.subresource === 'scale' ? structuredClone(scale) : a.verb === 'update' && a.subresource === 'scale' ? a.object : undefined);
  await ctrl.reconcile('default/web');
  const upd = c.writes().find((a) => a.subresource === 'scale')!;
  assert.equal(upd.object.spec.replicas, 6);
  const ev = c.writes().find((a) => a.resource === 'events')!;
  assert.equal(ev.object.message, 'New size: 6; reason: cpu resource utilization (percentage of request) above target');
  stop();
});

test('behavior: scale-down waits out the 300 s stabilization window; scale-up is rate limited per 15 s (Kubernetes defaults)', () => {
  let t = 1_000_000;
  const b = new HpaBehavior(() => t);
  // Load drops: metrics ask for 2 of 6, the window holds the count.
  let n = b.normalize('ns/web', undefined, 6, 2, 1, 10);
  assert.equal(n.replicas, 6);
  assert.equal(n.ableToScale.reason, 'ScaleDownStabilized');
  t += 200_000;
  assert.equal(b.normalize('ns/web', undefined, 6, 2, 1, 10).replicas, 6);
  t += 101_000;
  n = b.normalize('ns/web', undefined, 6, 2, 1, 10);
  assert.equal(n.replicas, 2, 'the higher recommendations left the window');
  assert.equal(n.ableToScale.reason, 'ReadyForNewScale');
  // Load spikes: 2 → 20 wanted; at most max(+100 %, +4 pods) per 15 s.
  n = b.normalize('ns/api', undefined, 2, 20, 1, 50);
  assert.deepEqual([n.replicas, n.limited.status, n.limited.reason], [6, 'True', 'ScaleUpLimit']);
  b.recordScale('ns/api', 2, 6);
  t += 5_000;
  assert.equal(b.normalize('ns/api', undefined, 6, 20, 1, 50).replicas, 6, 'the 15 s period still counts the +4');
  t += 11_000;
  assert.equal(b.normalize('ns/api', undefined, 6, 20, 1, 50).replicas, 12);
  // The bound, not the rate, when max is nearer.
  n = b.normalize('ns/small', undefined, 2, 20, 1, 3);
  assert.deepEqual([n.replicas, n.limited.reason], [3, 'TooManyReplicas']);
});

test('behavior: a zero scale-down window scales down at once; selectPolicy Disabled never scales that way', () => {
  const b = new HpaBehavior(() => 5_000_000);
  assert.equal(b.normalize('a', { scaleDown: { stabilizationWindowSeconds: 0 } }, 6, 2, 1, 10).replicas, 2);
  assert.equal(b.normalize('b', { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled' } }, 6, 2, 1, 10).replicas, 6);
  assert.equal(b.normalize('c', { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } }, 6, 2, 1, 10).replicas, 5);
});
