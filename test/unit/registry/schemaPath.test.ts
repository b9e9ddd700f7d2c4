// Field lookups over kind schemas, as the editor's hover and completion use them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, fieldsAt, schemaAt } from '../../../src/cluster/registry';

const reg = createRegistry();
const deploy = reg.byResource('deployments.apps')!.schema!;

test('schemaAt finds fields through refs, lists and maps, with explain-style type names', () => {
  const replicas = schemaAt(deploy, ['spec', 'replicas'])!;
  assert.equal(replicas.typeName, 'integer');
  assert.match(replicas.description!, /Number of desired pods/);
  assert.equal(schemaAt(deploy, ['spec', 'selector'])!.required, true);
  assert.equal(schemaAt(deploy, ['spec', 'template', 'spec', 'containers'])!.typeName, '[]Container');
  const image = schemaAt(deploy, ['spec', 'template', 'spec', 'containers', 0, 'image'])!;
  assert.equal(image.typeName, 'string');
  assert.match(image.description!, /Container image name/);
  assert.equal(schemaAt(deploy, ['metadata', 'labels'])!.typeName, 'map[string]string');
  assert.equal(schemaAt(deploy, ['metadata', 'labels', 'app'])!.typeName, 'string');
  assert.equal(schemaAt(deploy, ['spec', 'strategy', 'rollingUpdate', 'maxSurge'])!.typeName, 'IntOrString');
  assert.equal(schemaAt(deploy, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits'])!.typeName, 'map[string]Quantity');
  assert.equal(schemaAt(deploy, ['metadata', 'creationTimestamp'])!.typeName, 'string');
  assert.equal(schemaAt(deploy, ['spec', 'nope']), undefined);
});

test('fieldsAt lists what may be written at a path', () => {
  const names = fieldsAt(deploy, ['spec', 'template', 'spec', 'containers', 0]).map((f) => f.name);
  for (const n of ['name', 'image', 'ports', 'env', 'resources', 'volumeMounts']) assert.ok(names.includes(n), n);
  const top = fieldsAt(deploy, []);
  assert.deepEqual(top.map((f) => f.name), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  assert.equal(top.find((f) => f.name === 'spec')!.info.typeName, 'DeploymentSpec');
});
