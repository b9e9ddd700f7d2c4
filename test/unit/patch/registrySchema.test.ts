// The patch engines on the registry's generated schemas (the ones the API server passes):
// merge keys, list-map keys with Kubernetes' protocol default, and the atomic LabelSelector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kindSchemaOf } from '../../../src/cluster/registry';
import { applyStrategicMergePatch, serverSideApply } from '../../../src/cluster/apiserver/patch';
import type { KubeObject } from '../../../src/cluster/api/types';

const deploymentSchema = kindSchemaOf('io.k8s.api.apps.v1.Deployment')!;
const serviceSchema = kindSchemaOf('io.k8s.api.core.v1.Service')!;
const opts = (schema = deploymentSchema, apiVersion = 'apps/v1') => ({ manager: 'kubectl', force: false, schema, apiVersion, now: '2026-11-21T23:00:00Z' });

const web = (): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: {
    replicas: 1, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
  },
});

test('registry schema: strategic merge patch merges containers by name', () => {
  const got = applyStrategicMergePatch(web(), { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } }, deploymentSchema);
  assert.deepEqual(got.spec.template.spec.containers, [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 80 }] }]);
});

test('registry schema: re-applying after the server defaulted protocol matches the same port', () => {
  const created = serverSideApply(undefined, web(), opts());
  created.spec.template.spec.containers[0].ports[0].protocol = 'TCP'; // what defaulting does
  const again = serverSideApply(created, web(), opts());
  assert.deepEqual(again.spec.template.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
  const spec = again.metadata.managedFields![0].fieldsV1!['f:spec'] as Record<string, any>;
  assert.deepEqual(spec['f:selector'], {}, 'LabelSelector is atomic');
  assert.ok('k:{"containerPort":80,"protocol":"TCP"}' in spec['f:template']['f:spec']['f:containers']['k:{"name":"web"}']['f:ports']);
});

test('registry schema: Service ports are keyed by port and protocol', () => {
  const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'web' } } };
  const got = serverSideApply(undefined, svc, opts(serviceSchema, 'v1'));
  assert.deepEqual(got.metadata.managedFields![0].fieldsV1, {
    'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } }, 'f:selector': { 'f:app': {} } },
  });
});
