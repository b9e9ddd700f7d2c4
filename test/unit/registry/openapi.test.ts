// OpenAPI v3 index and documents: shape kubectl relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, openApiV3Document, openApiV3DocumentJSON, openApiV3Index } from '../../../src/cluster/registry';

const reg = createRegistry();

test('index lists every served group-version with a hash', () => {
  const idx = openApiV3Index(reg);
  for (const p of ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/autoscaling/v1', 'apis/autoscaling/v2', 'apis/apiextensions.k8s.io/v1', 'apis/metrics.k8s.io/v1beta1']) {
    assert.match(idx.paths[p].serverRelativeURL, new RegExp(`^/openapi/v3/${p.replace(/\./g, '\\.')}\\?hash=[0-9A-F]{128}$`));
  }
  assert.deepEqual(openApiV3Index(reg), idx, 'stable');
});

test('apps/v1 document: schemas with descriptions, PATCH/PUT with GVK and fieldValidation', () => {
  const doc: any = openApiV3Document(reg, 'apis/apps/v1');
  assert.equal(doc.openapi, '3.0.0');
  const dep = doc.components.schemas['io.k8s.api.apps.v1.Deployment'];
  assert.deepEqual(dep['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  assert.match(doc.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas.description, /Number of desired pods/);
  for (const name of ['io.k8s.api.core.v1.PodSpec', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'io.k8s.api.apps.v1.DeploymentList', 'io.k8s.api.autoscaling.v1.Scale', 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch']) {
    assert.ok(doc.components.schemas[name], name);
  }
  // Every $ref resolves inside the document.
  const json = openApiV3DocumentJSON(reg, 'apis/apps/v1')!;
  for (const m of json.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) assert.ok(doc.components.schemas[m[1]], m[1]);
  const item = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
  for (const verb of ['patch', 'put']) {
    assert.deepEqual(item[verb]['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.ok(item[verb].parameters.some((p: any) => p.name === 'fieldValidation' && p.in === 'query'), verb);
  }
  assert.equal(item.patch['x-kubernetes-action'], 'patch');
  assert.deepEqual(Object.keys(item.patch.requestBody.content).sort(), ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);
  assert.equal(item.patch.operationId, 'patchAppsV1NamespacedDeployment');
  const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
  assert.deepEqual(scale.patch['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.ok(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status'].put);
  assert.ok(doc.paths['/apis/apps/v1/deployments'].get, 'all-namespaces list');
  assert.equal(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments'].post.operationId, 'createAppsV1NamespacedDeployment');
});

test('core/v1: cluster-scoped paths, pod binding and eviction; metrics read-only', () => {
  const doc: any = openApiV3Document(reg, 'api/v1');
  assert.ok(doc.paths['/api/v1/nodes/{name}'].patch);
  assert.equal(doc.paths['/api/v1/namespaces/{namespace}/nodes/{name}'], undefined);
  assert.ok(doc.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction'].post);
  assert.ok(doc.components.schemas['io.k8s.api.policy.v1.Eviction']);
  const m: any = openApiV3Document(reg, 'apis/metrics.k8s.io/v1beta1');
  const pods = m.paths['/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods/{name}'];
  assert.ok(pods.get);
  assert.equal(pods.patch, undefined);
  assert.ok(m.components.schemas['io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics']);
  assert.equal(openApiV3Document(reg, 'apis/nope/v1'), undefined);
});

test('documents are cached', () => {
  assert.equal(openApiV3Document(reg, 'api/v1'), openApiV3Document(reg, 'api/v1'));
  assert.equal(openApiV3DocumentJSON(reg, 'api/v1'), openApiV3DocumentJSON(reg, 'api/v1'));
});
