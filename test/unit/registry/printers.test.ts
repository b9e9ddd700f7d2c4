// Table cells as kubectl prints them on a real cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, humanDuration } from '../../../src/cluster/registry';
import type { KubeObject } from '../../../src/cluster/api/types';

const reg = createRegistry();
const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

function row(gr: string, obj: Partial<KubeObject>, wide = false): Record<string, unknown> {
  const def = reg.byResource(gr)!;
  const out: Record<string, unknown> = {};
  for (const c of def.columns) if (wide || c.priority === 0) out[c.name] = c.cell({ metadata: {}, ...obj } as KubeObject, { now: NOW });
  return out;
}

test('human durations match kubectl', () => {
  const cases: [number, string][] = [[0, '0s'], [5, '5s'], [119, '119s'], [120, '2m'], [182, '3m2s'], [600, '10m'], [3 * 3600 - 1, '179m'],
    [3 * 3600, '3h'], [3 * 3600 + 5 * 60, '3h5m'], [8 * 3600, '8h'], [47 * 3600, '47h'], [52 * 3600, '2d4h'], [48 * 3600, '2d'], [10 * 86400, '10d'],
    [800 * 86400, '2y70d'], [3000 * 86400, '8y']];
  for (const [s, want] of cases) assert.equal(humanDuration(s * 1000), want, `${s}s`);
  assert.equal(humanDuration(-1500), '0s');
  assert.equal(humanDuration(-5000), '<invalid>');
});

const base = { metadata: { name: 'web', creationTimestamp: ago(65) }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };

test('pod columns: names, order, wide', () => {
  const def = reg.byResource('pods')!;
  assert.deepEqual(def.columns.map((c) => c.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
  assert.deepEqual(def.columns.map((c) => c.priority), [0, 0, 0, 0, 0, 1, 1, 1, 1]);
  assert.equal(def.columns[0].format, 'name');
  assert.deepEqual(row('pods', { ...base, status: { phase: 'Pending' } }, true),
    { Name: 'web', Ready: '0/1', Status: 'Pending', Restarts: '0', Age: '65s', IP: '<none>', Node: '<none>', 'Nominated Node': '<none>', 'Readiness Gates': '<none>' });
});

test('pod STATUS in several states', () => {
  const status = (s: any, extra: any = {}) => row('pods', { ...base, ...extra, status: s }).Status;
  assert.equal(status({ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }), 'ContainerCreating');
  assert.equal(status({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: ago(30) } } }] }), 'Running');
  assert.equal(status({ phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }), 'Completed');
  assert.equal(status({ phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }), 'Error');
  assert.equal(status({ phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] }), 'ExitCode:3');
  assert.equal(status({ phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), 'CrashLoopBackOff');
  assert.equal(status({ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] }), 'ImagePullBackOff');
  assert.equal(status({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] }, { metadata: { ...base.metadata, deletionTimestamp: ago(1) } }), 'Terminating');
  assert.equal(status({ phase: 'Failed', reason: 'Evicted' }), 'Evicted');
  assert.equal(status({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), 'SchedulingGated');
});

test('pod init containers: Init:0/1, Init:Error, Init:CrashLoopBackOff, then main containers', () => {
  const spec = { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'app', image: 'nginx' }] };
  const status = (s: any) => row('pods', { metadata: base.metadata, spec, status: s }).Status;
  assert.equal(status({ phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 0, state: { running: {} } }] }), 'Init:0/1');
  assert.equal(status({ phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] }), 'Init:0/1');
  assert.equal(status({ phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 1, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }), 'Init:Error');
  assert.equal(status({ phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), 'Init:CrashLoopBackOff');
  assert.equal(status({ phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] }), 'PodInitializing');
});

test('sidecar (restartable init container) counts in READY', () => {
  const spec = { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }], containers: [{ name: 'app', image: 'nginx' }] };
  const r = row('pods', { metadata: base.metadata, spec, status: { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }],
    initContainerStatuses: [{ name: 'proxy', started: true, ready: true, restartCount: 1, state: { running: {} } }],
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] } });
  assert.equal(r.Ready, '2/2');
  assert.equal(r.Status, 'Running');
  assert.equal(r.Restarts, '1');
});

test('RESTARTS shows when the last restart happened', () => {
  const r = row('pods', { ...base, status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } } }] } });
  assert.equal(r.Restarts, '2 (30s ago)');
  assert.equal(r.Ready, '1/1');
});

test('pod wide columns: IP, node, readiness gates', () => {
  const r = row('pods', { metadata: base.metadata, spec: { ...base.spec, nodeName: 'node-1', readinessGates: [{ conditionType: 'x/ready' }] },
    status: { phase: 'Running', podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }], conditions: [{ type: 'x/ready', status: 'True' }] } }, true);
  assert.equal(r.IP, '10.244.0.5');
  assert.equal(r.Node, 'node-1');
  assert.equal(r['Readiness Gates'], '1/1');
});

test('deployment, replicaset, statefulset, daemonset rows', () => {
  const tmpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }] } };
  assert.deepEqual(row('deployments.apps', { metadata: { name: 'web', creationTimestamp: ago(182) }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: tmpl }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } }, true),
    { Name: 'web', Ready: '2/3', 'Up-to-date': 3, Available: 2, Age: '3m2s', Containers: 'nginx,side', Images: 'nginx:1.27,busybox', Selector: 'app=web' });
  assert.deepEqual(row('replicasets.apps', { metadata: { name: 'web-1' }, spec: { replicas: 3 }, status: { replicas: 3, readyReplicas: 1 } }),
    { Name: 'web-1', Desired: 3, Current: 3, Ready: 1, Age: '<unknown>' });
  assert.deepEqual(row('statefulsets.apps', { metadata: { name: 'db' }, spec: { replicas: 2 }, status: { readyReplicas: 1 } }), { Name: 'db', Ready: '1/2', Age: '<unknown>' });
  assert.deepEqual(Object.keys(row('daemonsets.apps', {})), ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age']);
  assert.equal(row('daemonsets.apps', { spec: { template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } } } } })['Node Selector'], 'kubernetes.io/os=linux');
});

test('selectors format like kubectl', () => {
  const sel = { matchLabels: { tier: 'fe', app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'zz', operator: 'DoesNotExist' }] };
  assert.equal(row('deployments.apps', { spec: { selector: sel } }, true).Selector, 'app=web,env in (dev,prod),tier=fe,!zz');
});

test('jobs and cronjobs', () => {
  const job = (spec: any, status: any, meta: any = {}) => row('jobs.batch', { metadata: { name: 'j', ...meta }, spec, status });
  assert.deepEqual(job({ completions: 1 }, { succeeded: 1, startTime: ago(100), completionTime: ago(40), conditions: [{ type: 'Complete', status: 'True' }] }),
    { Name: 'j', Status: 'Complete', Completions: '1/1', Duration: '60s', Age: '<unknown>' });
  assert.equal(job({ completions: 3 }, { succeeded: 1, startTime: ago(10) }).Status, 'Running');
  assert.equal(job({ completions: 3 }, { succeeded: 1, startTime: ago(10) }).Duration, '10s');
  assert.equal(job({ parallelism: 2 }, {}).Completions, '0/1 of 2');
  assert.equal(job({ completions: 1 }, { conditions: [{ type: 'Failed', status: 'True' }] }).Status, 'Failed');
  assert.deepEqual(row('cronjobs.batch', { metadata: { name: 'c' }, spec: { schedule: '*/5 * * * *', suspend: false }, status: { active: [{}], lastScheduleTime: ago(90) } }),
    { Name: 'c', Schedule: '*/5 * * * *', Timezone: '<none>', Suspend: 'False', Active: 1, 'Last Schedule': '90s', Age: '<unknown>' });
});

test('services', () => {
  const svc = (spec: any, status: any = {}) => row('services', { metadata: { name: 's' }, spec, status }, true);
  assert.deepEqual(svc({ type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], selector: { k8s: 'dns' } }),
    { Name: 's', Type: 'ClusterIP', 'Cluster-IP': '10.96.0.10', 'External-IP': '<none>', 'Port(s)': '53/UDP,53/TCP', Age: '<unknown>', Selector: 'k8s=dns' });
  assert.equal(svc({ type: 'NodePort', clusterIP: '10.96.1.1', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] })['Port(s)'], '80:30080/TCP');
  assert.equal(svc({ type: 'LoadBalancer', ports: [{ port: 80 }] })['External-IP'], '<pending>');
  assert.equal(svc({ type: 'LoadBalancer', ports: [{ port: 80 }] }, { loadBalancer: { ingress: [{ ip: '172.18.0.2' }] } })['External-IP'], '172.18.0.2');
  assert.equal(svc({ type: 'ExternalName', externalName: 'example.com' })['External-IP'], 'example.com');
  assert.equal(svc({ type: 'ClusterIP', clusterIP: 'None' })['Port(s)'], '<none>');
});

test('nodes, namespaces, configmaps, secrets, endpoints, events', () => {
  const node = row('nodes', { metadata: { name: 'n1', labels: { 'node-role.kubernetes.io/control-plane': '' } }, spec: { unschedulable: true },
    status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian', kernelVersion: '6.1', containerRuntimeVersion: 'docker://27' }, addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] } }, true);
  assert.deepEqual(node, { Name: 'n1', Status: 'Ready,SchedulingDisabled', Roles: 'control-plane', Age: '<unknown>', Version: 'v1.32.0', 'Internal-IP': '172.18.0.2', 'External-IP': '<none>', 'OS-Image': 'Debian', 'Kernel-Version': '6.1', 'Container-Runtime': 'docker://27' });
  assert.equal(row('nodes', { status: {} }).Status, 'Unknown');
  assert.equal(row('nodes', { metadata: {}, status: {} }).Roles, '<none>');
  assert.deepEqual(row('namespaces', { metadata: { name: 'default' }, status: { phase: 'Active' } }), { Name: 'default', Status: 'Active', Age: '<unknown>' });
  assert.equal(row('configmaps', { data: { a: '1', b: '2' }, binaryData: { c: '' } }).Data, 3);
  assert.deepEqual(row('secrets', { metadata: { name: 's' }, type: 'Opaque', data: { a: 'eA==' } }), { Name: 's', Type: 'Opaque', Data: 1, Age: '<unknown>' });
  const ep = { subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] };
  assert.equal(row('endpoints', ep).Endpoints, '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
  assert.equal(row('endpoints', {}).Endpoints, '<none>');
  const ev = row('events', { metadata: { name: 'web.1' }, type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web to n1 ', involvedObject: { kind: 'Pod', name: 'web' }, firstTimestamp: ago(300), lastTimestamp: ago(30), count: 2, source: { component: 'default-scheduler' } }, true);
  assert.deepEqual(ev, { 'Last Seen': '30s', Type: 'Normal', Reason: 'Scheduled', Object: 'pod/web', Subobject: '', Source: 'default-scheduler', Message: 'Successfully assigned default/web to n1', 'First Seen': '5m', Count: 2, Name: 'web.1' });
});

test('events.k8s.io events print like core events', () => {
  const ev = row('events.events.k8s.io', { type: 'Warning', reason: 'BackOff', note: 'Back-off restarting', regarding: { kind: 'Pod', name: 'p' }, eventTime: ago(10), series: { count: 5, lastObservedTime: ago(2) } }, true);
  assert.equal(ev['Last Seen'], '2s');
  assert.equal(ev.Object, 'pod/p');
  assert.equal(ev.Count, 5);
});

test('volumes, storage classes, ingress, endpointslices, leases, hpa, crds', () => {
  assert.deepEqual(row('persistentvolumeclaims', { metadata: { name: 'data' }, spec: { volumeName: 'pv-1', storageClassName: 'standard', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } }),
    { Name: 'data', Status: 'Bound', Volume: 'pv-1', Capacity: '1Gi', 'Access Modes': 'RWO', StorageClass: 'standard', VolumeAttributesClass: '<unset>', Age: '<unknown>' });
  assert.equal(row('persistentvolumes', { spec: { claimRef: { namespace: 'default', name: 'data' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'] } }).Claim, 'default/data');
  assert.equal(row('persistentvolumes', { spec: { accessModes: ['ReadWriteMany', 'ReadWriteOnce'] } })['Access Modes'], 'RWO,RWX');
  assert.deepEqual(row('storageclasses.storage.k8s.io', { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }),
    { Name: 'standard (default)', Provisioner: 'rancher.io/local-path', ReclaimPolicy: 'Delete', VolumeBindingMode: 'WaitForFirstConsumer', AllowVolumeExpansion: 'false', Age: '<unknown>' });
  assert.deepEqual(row('ingresses.networking.k8s.io', { metadata: { name: 'i' }, spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }], tls: [{}] }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }),
    { Name: 'i', Class: 'nginx', Hosts: 'a.example.com,b.example.com', Address: '1.2.3.4', Ports: '80, 443', Age: '<unknown>' });
  assert.deepEqual(row('endpointslices.discovery.k8s.io', { metadata: { name: 'web-abc' }, addressType: 'IPv4', ports: [{ port: 80, name: '' }], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }] }),
    { Name: 'web-abc', AddressType: 'IPv4', Ports: '80', Endpoints: '10.0.0.1,10.0.0.2', Age: '<unknown>' });
  assert.equal(row('leases.coordination.k8s.io', { spec: { holderIdentity: 'node-1' } }).Holder, 'node-1');
  assert.deepEqual(row('horizontalpodautoscalers.autoscaling', { metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] }, status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }] } }),
    { Name: 'h', Reference: 'Deployment/web', Targets: 'cpu: 12%/80%', MinPods: '1', MaxPods: 5, Replicas: 2, Age: '<unknown>' });
  const crd = reg.byResource('customresourcedefinitions.apiextensions.k8s.io')!;
  assert.deepEqual(crd.columns.map((c) => [c.name, c.type]), [['Name', 'string'], ['Created At', 'date']]);
  assert.equal(crd.columns[1].cell({ metadata: { creationTimestamp: '2026-01-01T00:00:00Z' } }, { now: NOW }), '2026-01-01T00:00:00Z');
  assert.equal(crd.columns[1].cell({ metadata: { creationTimestamp: '2026-01-01T00:00:00.123Z' } }, { now: NOW }), '2026-01-01T00:00:00Z');
});

test('rbac, quota, pdb, priority classes, network policies, pod templates', () => {
  assert.deepEqual(row('rolebindings.rbac.authorization.k8s.io', { metadata: { name: 'rb' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'dev' }] }, true),
    { Name: 'rb', Role: 'Role/reader', Age: '<unknown>', Users: 'jane', Groups: '', ServiceAccounts: 'dev/sa' });
  assert.deepEqual(reg.byResource('clusterroles.rbac.authorization.k8s.io')!.columns.map((c) => c.name), ['Name', 'Created At']);
  assert.deepEqual(row('resourcequotas', { metadata: { name: 'q' }, spec: { hard: { pods: '10', 'limits.cpu': '2', 'requests.cpu': '1' } }, status: { used: { pods: '3' } } }),
    { Name: 'q', Age: '<unknown>', Request: 'pods: 3/10, requests.cpu: 0/1', Limit: 'limits.cpu: 0/2' });
  assert.deepEqual(row('poddisruptionbudgets.policy', { metadata: { name: 'p' }, spec: { minAvailable: 1 }, status: { disruptionsAllowed: 2 } }),
    { Name: 'p', 'Min Available': '1', 'Max Unavailable': 'N/A', 'Allowed Disruptions': 2, Age: '<unknown>' });
  assert.deepEqual(row('priorityclasses.scheduling.k8s.io', { metadata: { name: 'high' }, value: 1000 }), { Name: 'high', Value: 1000, 'Global-Default': false, Age: '<unknown>' });
  assert.equal(row('networkpolicies.networking.k8s.io', { spec: { podSelector: {} } })['Pod-Selector'], '<none>');
  assert.deepEqual(row('podtemplates', { metadata: { name: 't' }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } }),
    { Name: 't', Containers: 'c', Images: 'i', 'Pod Labels': 'app=x' });
});
