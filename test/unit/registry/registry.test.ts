// The Registry: lookups, discovery groups, short names and categories as Kubernetes has them,
// field selectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, compareVersions } from '../../../src/cluster/registry';

const reg = createRegistry();

test('every built-in resource is served with its group-qualified name', () => {
  const grs = new Set(reg.all().map((d) => d.gr));
  for (const gr of ['pods', 'services', 'endpoints', 'configmaps', 'secrets', 'nodes', 'events', 'namespaces', 'persistentvolumes', 'persistentvolumeclaims',
    'serviceaccounts', 'replicationcontrollers', 'deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'controllerrevisions.apps',
    'jobs.batch', 'cronjobs.batch', 'ingresses.networking.k8s.io', 'ingressclasses.networking.k8s.io', 'endpointslices.discovery.k8s.io',
    'storageclasses.storage.k8s.io', 'leases.coordination.k8s.io', 'events.events.k8s.io', 'horizontalpodautoscalers.autoscaling',
    'customresourcedefinitions.apiextensions.k8s.io', 'nodes.metrics.k8s.io', 'pods.metrics.k8s.io']) assert.ok(grs.has(gr), gr);
  for (const d of reg.all()) {
    assert.ok(d.columns.length >= 1, d.gr);
    if (d.definition) assert.ok(d.schema, `${d.gr} has a schema`);
  }
});

test('short names and the `all` category match Kubernetes', () => {
  const short: Record<string, string[]> = {
    pods: ['po'], services: ['svc'], 'deployments.apps': ['deploy'], 'replicasets.apps': ['rs'], 'statefulsets.apps': ['sts'], 'daemonsets.apps': ['ds'],
    configmaps: ['cm'], namespaces: ['ns'], nodes: ['no'], persistentvolumes: ['pv'], persistentvolumeclaims: ['pvc'], serviceaccounts: ['sa'], events: ['ev'],
    endpoints: ['ep'], 'ingresses.networking.k8s.io': ['ing'], 'cronjobs.batch': ['cj'], 'horizontalpodautoscalers.autoscaling': ['hpa'],
    'customresourcedefinitions.apiextensions.k8s.io': ['crd', 'crds'], replicationcontrollers: ['rc'], 'storageclasses.storage.k8s.io': ['sc'],
    secrets: [], 'jobs.batch': [],
  };
  for (const [gr, names] of Object.entries(short)) assert.deepEqual(reg.byResource(gr)!.shortNames, names, gr);
  const all = reg.all().filter((d) => d.preferred && d.categories.includes('all')).map((d) => d.gr).sort();
  assert.deepEqual(all, ['cronjobs.batch', 'daemonsets.apps', 'deployments.apps', 'horizontalpodautoscalers.autoscaling', 'jobs.batch', 'pods', 'replicasets.apps', 'replicationcontrollers', 'services', 'statefulsets.apps']);
});

test('lookups: by resource, URL parts, kind, apiVersion+kind, what users type', () => {
  assert.equal(reg.lookup('apps', 'v1', 'deployments')!.kind, 'Deployment');
  assert.equal(reg.lookup('autoscaling', 'v1', 'horizontalpodautoscalers')!.version, 'v1');
  assert.equal(reg.byKind('', 'Pod')!.plural, 'pods');
  assert.equal(reg.byKind('autoscaling', 'HorizontalPodAutoscaler')!.version, 'v2');
  assert.equal(reg.byApiVersionKind('autoscaling/v1', 'HorizontalPodAutoscaler')!.version, 'v1');
  assert.equal(reg.byApiVersionKind('v1', 'Service')!.gr, 'services');
  assert.equal(reg.resolve('deploy')!.gr, 'deployments.apps');
  assert.equal(reg.resolve('Deployment')!.gr, 'deployments.apps');
  assert.equal(reg.resolve('deployments.apps')!.gr, 'deployments.apps');
  assert.equal(reg.resolve('events')!.group, '', 'core events win over events.k8s.io');
  assert.equal(reg.resolve('events.events.k8s.io')!.group, 'events.k8s.io');
  assert.equal(reg.resolve('nodes')!.group, '', 'core nodes win over metrics');
  assert.equal(reg.byShortName('sts')!.kind, 'StatefulSet');
  assert.equal(reg.byResource('nope'), undefined);
});

test('discovery groups: core first, preferred versions', () => {
  const groups = reg.groups();
  assert.equal(groups[0].group, '');
  assert.deepEqual(groups.find((g) => g.group === 'autoscaling'), { group: 'autoscaling', versions: ['v2', 'v1'], preferredVersion: 'v2' });
  assert.ok(compareVersions('v1', 'v1beta1') > 0);
  assert.ok(compareVersions('v2', 'v1') > 0);
  assert.ok(compareVersions('v1beta2', 'v1alpha3') > 0);
});

test('subresources and strategies', () => {
  const pod = reg.byResource('pods')!;
  assert.deepEqual(pod.subresources.connect, ['attach', 'binding', 'eviction', 'exec', 'log', 'portforward']);
  assert.equal(pod.strategy.resetStatusOnCreate, true);
  assert.equal(pod.strategy.bumpGenerationOnSpecChange, false);
  assert.deepEqual(reg.byResource('deployments.apps')!.subresources.scale, { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' });
  assert.equal(reg.byResource('deployments.apps')!.strategy.bumpGenerationOnSpecChange, true);
  assert.equal(reg.byResource('configmaps')!.strategy.resetStatusOnCreate, false);
  assert.deepEqual(reg.byResource('pods.metrics.k8s.io')!.verbs, ['get', 'list']);
  assert.equal(reg.byResource('namespaces')!.namespaced, false);
  assert.ok(!reg.byResource('namespaces')!.verbs.includes('deletecollection'));
});

test('field selectors kubectl and the components use', () => {
  const pod = { metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' }, status: { phase: 'Running', podIP: '10.0.0.1' } };
  const f = reg.byResource('pods')!.fieldSelectors;
  assert.deepEqual(Object.fromEntries(['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'].map((k) => [k, f[k](pod)])),
    { 'metadata.name': 'p', 'metadata.namespace': 'default', 'spec.nodeName': 'n1', 'spec.restartPolicy': 'Always', 'spec.schedulerName': 'default-scheduler', 'spec.serviceAccountName': 'default', 'status.phase': 'Running', 'status.podIP': '10.0.0.1', 'status.nominatedNodeName': '' });
  const ev = reg.byResource('events')!.fieldSelectors;
  const e = { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u' }, reason: 'Started', type: 'Normal', source: { component: 'kubelet' } };
  assert.deepEqual(['involvedObject.kind', 'involvedObject.name', 'involvedObject.namespace', 'involvedObject.uid', 'reason', 'type', 'source'].map((k) => ev[k](e)), ['Pod', 'p', 'default', 'u', 'Started', 'Normal', 'kubelet']);
  assert.equal(reg.byResource('secrets')!.fieldSelectors.type({ metadata: {}, type: 'Opaque' }), 'Opaque');
  assert.equal(reg.byResource('nodes')!.fieldSelectors['spec.unschedulable']({ metadata: {}, spec: {} }), 'false');
  assert.equal(reg.byResource('namespaces')!.fieldSelectors['status.phase']({ metadata: {}, status: { phase: 'Active' } }), 'Active');
  assert.equal(reg.byResource('jobs.batch')!.fieldSelectors['status.successful']({ metadata: {}, status: { succeeded: 2 } }), '2');
  assert.equal(reg.byResource('replicasets.apps')!.fieldSelectors['status.replicas']({ metadata: {}, status: {} }), '0');
  assert.equal(reg.byResource('nodes')!.fieldSelectors['metadata.namespace'], undefined);
});
