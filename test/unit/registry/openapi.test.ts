// OpenAPI v3 index and documents: shape kubectl relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, decodeOpenApiV2Protobuf, openApiV2Document, openApiV2Protobuf, openApiV3Document, openApiV3DocumentJSON, openApiV3Index } from '../../../src/cluster/registry';

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

test('v2: Swagger 2.0 document and its gnostic protobuf carry schemas, merge keys and GVKs', () => {
  const doc = openApiV2Document(reg);
  assert.equal(doc.swagger, '2.0');
  assert.equal(doc.definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.template.$ref, '#/definitions/io.k8s.api.core.v1.PodTemplateSpec');
  const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
  assert.ok(patch.parameters.some((p: any) => p.in === 'body' && p.schema.$ref === '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch'));
  const buf = openApiV2Protobuf(reg);
  assert.equal(openApiV2Protobuf(reg), buf, 'cached');
  const back = decodeOpenApiV2Protobuf(buf);
  assert.equal(back.swagger, '2.0');
  const def = (name: string) => back.definitions.additional_properties.find((d: any) => d.name === name).value;
  const ext = (s: any, name: string) => s.vendor_extension?.find((e: any) => e.name === name)?.value.yaml;
  assert.deepEqual(JSON.parse(ext(def('io.k8s.api.apps.v1.Deployment'), 'x-kubernetes-group-version-kind')), [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  const containers = def('io.k8s.api.core.v1.PodSpec').properties.additional_properties.find((p: any) => p.name === 'containers').value;
  assert.equal(JSON.parse(ext(containers, 'x-kubernetes-patch-merge-key')), 'name');
  assert.equal(JSON.parse(ext(containers, 'x-kubernetes-patch-strategy')), 'merge');
  assert.deepEqual(containers.items.schema[0]._ref, '#/definitions/io.k8s.api.core.v1.Container');
  const path = back.paths.path.find((p: any) => p.name === '/api/v1/namespaces/{namespace}/pods/{name}').value;
  assert.equal(path.patch.operation_id, 'patchCoreV1NamespacedPod');
});
