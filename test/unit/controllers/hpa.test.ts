import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HorizontalPodAutoscalerController } from '../../../src/cluster/controllers/hpa';
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
