// Kubernetes' defaulting, kind by kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry } from '../../../src/cluster/registry';
import type { KubeObject } from '../../../src/cluster/api/types';

const reg = createRegistry();
function defaulted(gr: string, obj: any): any {
  const def = reg.byResource(gr)!;
  const o = structuredClone(obj) as KubeObject;
  def.defaults(o);
  if (def.strategy.resetStatusOnCreate) delete o.status;
  def.prepareForCreate?.(o);
  return o;
}

test('pod: spec and container defaults, status on create', () => {
  const p = defaulted('pods', { metadata: { name: 'p' }, spec: { containers: [
    { name: 'a', image: 'nginx', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } }, env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
    { name: 'b', image: 'nginx:1.27' }, { name: 'c', image: 'nginx:latest' }, { name: 'd', image: 'localhost:5000/app' },
    { name: 'e', image: 'busybox@sha256:abc', resources: { limits: { cpu: '1', memory: '1Gi' } } },
  ], volumes: [{ name: 'cfg', configMap: { name: 'x' } }, { name: 'tmp' }] }, status: { phase: 'Running' } });
  assert.equal(p.spec.restartPolicy, 'Always');
  assert.equal(p.spec.dnsPolicy, 'ClusterFirst');
  assert.equal(p.spec.terminationGracePeriodSeconds, 30);
  assert.equal(p.spec.schedulerName, 'default-scheduler');
  assert.equal(p.spec.serviceAccountName, 'default');
  assert.equal(p.spec.enableServiceLinks, true);
  assert.deepEqual(p.spec.securityContext, {});
  assert.deepEqual(p.spec.containers.map((c: any) => c.imagePullPolicy), ['Always', 'IfNotPresent', 'Always', 'Always', 'IfNotPresent']);
  const a = p.spec.containers[0];
  assert.equal(a.terminationMessagePath, '/dev/termination-log');
  assert.equal(a.terminationMessagePolicy, 'File');
  assert.equal(a.ports[0].protocol, 'TCP');
  assert.deepEqual(a.readinessProbe, { httpGet: { port: 80, scheme: 'HTTP', path: '/' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.equal(a.env[0].valueFrom.fieldRef.apiVersion, 'v1');
  assert.deepEqual(p.spec.containers[4].resources.requests, { cpu: '1', memory: '1Gi' });
  assert.equal(p.spec.volumes[0].configMap.defaultMode, 420);
  assert.deepEqual(p.spec.volumes[1].emptyDir, {});
  assert.deepEqual(p.status, { phase: 'Pending', qosClass: 'Burstable' });
});

test('qosClass: Guaranteed and Burstable', () => {
  const g = defaulted('pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } });
  assert.equal(g.status.qosClass, 'Guaranteed');
  const b = defaulted('pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m' } } }] } });
  assert.equal(b.status.qosClass, 'Burstable');
});

test('service: ClusterIP, sessionAffinity, targetPort = port, protocol', () => {
  const s = defaulted('services', { metadata: { name: 's' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] } });
  assert.equal(s.spec.type, 'ClusterIP');
  assert.equal(s.spec.sessionAffinity, 'None');
  assert.equal(s.spec.internalTrafficPolicy, 'Cluster');
  assert.equal(s.spec.ipFamilyPolicy, 'SingleStack');
  assert.deepEqual(s.spec.ipFamilies, ['IPv4']);
  assert.deepEqual(defaulted('services', { metadata: { name: 'h' }, spec: { clusterIP: 'None' } }).spec.clusterIPs, ['None']);
  assert.deepEqual(s.spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 443, targetPort: 'https', protocol: 'TCP' }]);
  const np = defaulted('services', { metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } });
  assert.equal(np.spec.externalTrafficPolicy, 'Cluster');
});

test('deployment: replicas, strategy, history, deadline, template defaults', () => {
  const d = defaulted('deployments.apps', { metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
  assert.equal(d.spec.replicas, 1);
  assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(d.spec.revisionHistoryLimit, 10);
  assert.equal(d.spec.progressDeadlineSeconds, 600);
  assert.equal(d.spec.template.spec.restartPolicy, 'Always');
  assert.equal(d.spec.template.spec.containers[0].imagePullPolicy, 'Always');
  assert.equal(d.spec.template.spec.serviceAccountName, undefined, 'templates get no service account');
  const r = defaulted('deployments.apps', { metadata: { name: 'd' }, spec: { strategy: { type: 'Recreate' } } });
  assert.deepEqual(r.spec.strategy, { type: 'Recreate' });
});

test('statefulset, daemonset, replicaset, job, cronjob', () => {
  const sts = defaulted('statefulsets.apps', { metadata: { name: 's' }, spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] } });
  assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(sts.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(sts.spec.volumeClaimTemplates[0].spec.volumeMode, 'Filesystem');
  const ds = defaulted('daemonsets.apps', { metadata: { name: 'd' }, spec: {} });
  assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal(defaulted('replicasets.apps', { metadata: { name: 'r' }, spec: {} }).spec.replicas, 1);
  const job = defaulted('jobs.batch', { metadata: { name: 'j', uid: 'u-1' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } } });
  assert.equal(job.spec.completions, 1);
  assert.equal(job.spec.parallelism, 1);
  assert.equal(job.spec.backoffLimit, 6);
  assert.equal(job.spec.completionMode, 'NonIndexed');
  assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
  assert.equal(job.spec.template.metadata.labels['job-name'], 'j');
  const cj = defaulted('cronjobs.batch', { metadata: { name: 'c' }, spec: { schedule: '* * * * *' } });
  assert.equal(cj.spec.concurrencyPolicy, 'Allow');
  assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
  assert.equal(cj.spec.failedJobsHistoryLimit, 1);
  assert.equal(cj.spec.suspend, false);
});

test('namespace, secret, pv, pvc, storageclass, crd', () => {
  const ns = defaulted('namespaces', { metadata: { name: 'dev' } });
  assert.equal(ns.metadata.labels['kubernetes.io/metadata.name'], 'dev');
  assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
  assert.equal(ns.status.phase, 'Active');
  const sec = defaulted('secrets', { metadata: { name: 's' }, stringData: { user: 'admin' } });
  assert.equal(sec.type, 'Opaque');
  assert.deepEqual(sec.data, { user: 'YWRtaW4=' });
  assert.equal(sec.stringData, undefined);
  assert.equal(defaulted('persistentvolumes', { metadata: { name: 'p' }, spec: {} }).spec.persistentVolumeReclaimPolicy, 'Retain');
  assert.equal(defaulted('persistentvolumeclaims', { metadata: { name: 'p' }, spec: {} }).status.phase, 'Pending');
  const sc = defaulted('storageclasses.storage.k8s.io', { metadata: { name: 's' }, provisioner: 'x' });
  assert.equal(sc.reclaimPolicy, 'Delete');
  assert.equal(sc.volumeBindingMode, 'Immediate');
  const crd = defaulted('customresourcedefinitions.apiextensions.k8s.io', { metadata: { name: 'crontabs.stable.example.com' }, spec: { names: { kind: 'CronTab', plural: 'crontabs' } } });
  assert.equal(crd.spec.names.singular, 'crontab');
  assert.equal(crd.spec.names.listKind, 'CronTabList');
  assert.deepEqual(crd.spec.conversion, { strategy: 'None' });
});

test('hpa v2: CPU 80% when no metrics; a given behavior is completed', () => {
  const h = defaulted('horizontalpodautoscalers.autoscaling', { metadata: { name: 'h' }, spec: { maxReplicas: 3, scaleTargetRef: { kind: 'Deployment', name: 'w' } } });
  assert.equal(h.spec.minReplicas, 1);
  assert.deepEqual(h.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  assert.equal(h.spec.behavior, undefined);
  const b = defaulted('horizontalpodautoscalers.autoscaling', { metadata: { name: 'h' }, spec: { behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } });
  assert.deepEqual(b.spec.behavior.scaleDown, { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
  assert.equal(b.spec.behavior.scaleUp.policies.length, 2);
});

test('autoscaling v1 ↔ v2 conversion keeps the CPU target', () => {
  const v1 = reg.lookup('autoscaling', 'v1', 'horizontalpodautoscalers')!;
  assert.equal(v1.preferred, false);
  assert.equal(reg.byResource('horizontalpodautoscalers.autoscaling')!.version, 'v2');
  const stored = v1.toStorage!({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, targetCPUUtilizationPercentage: 50 } });
  assert.equal(stored.apiVersion, 'autoscaling/v2');
  assert.deepEqual(stored.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
  const back = v1.fromStorage!(stored);
  assert.equal(back.spec.targetCPUUtilizationPercentage, 50);
  assert.equal(back.spec.metrics, undefined);
});
