// tools/gen-schema.mjs: what it generates from kubernetes-types, and that it is fast and
// deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definitions } from '../../../src/cluster/registry/definitions';

const defs = definitions();
const C = 'io.k8s.api.core.v1';

test('Deployment: descriptions, required selector and template, group-version-kind', () => {
  const d = defs['io.k8s.api.apps.v1.Deployment'];
  assert.match(d.description!, /declarative updates for Pods and ReplicaSets/);
  assert.deepEqual(d['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  assert.deepEqual(d.properties!.spec.allOf, [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }]);
  const spec = defs['io.k8s.api.apps.v1.DeploymentSpec'];
  assert.deepEqual(spec.required, ['selector', 'template']);
  assert.match(spec.properties!.replicas.description!, /Number of desired pods/);
  assert.equal(spec.properties!.replicas.type, 'integer');
  assert.equal(spec.properties!.replicas.format, 'int32');
  assert.deepEqual(d.properties!.kind.enum, ['Deployment']);
});

test('strategic merge metadata on the well-known lists', () => {
  const containers = defs[`${C}.PodSpec`].properties!.containers;
  assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
  assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
  assert.equal(defs[`${C}.PodSpec`].properties!.volumes['x-kubernetes-patch-strategy'], 'merge,retainKeys');
  const ports = defs[`${C}.Container`].properties!.ports;
  assert.equal(ports['x-kubernetes-patch-merge-key'], 'containerPort');
  assert.deepEqual(ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  const svcPorts = defs[`${C}.ServiceSpec`].properties!.ports;
  assert.equal(svcPorts['x-kubernetes-patch-merge-key'], 'port');
  assert.deepEqual(svcPorts['x-kubernetes-list-map-keys'], ['port', 'protocol']);
  assert.equal(defs[`${C}.Container`].properties!.volumeMounts['x-kubernetes-patch-merge-key'], 'mountPath');
  assert.equal(defs[`${C}.Container`].properties!.env['x-kubernetes-patch-merge-key'], 'name');
  assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties!.finalizers['x-kubernetes-list-type'], 'set');
  assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties!.ownerReferences['x-kubernetes-patch-merge-key'], 'uid');
  assert.equal(defs[`${C}.PodSpec`].properties!.tolerations['x-kubernetes-list-type'], 'atomic');
});

test('special types: int-or-string, quantity, time, raw extension, maps, int64', () => {
  assert.deepEqual(defs['io.k8s.api.apps.v1.RollingUpdateDeployment'].properties!.maxSurge.allOf, [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }]);
  assert.equal(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']['x-kubernetes-int-or-string'], true);
  assert.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']['x-kubernetes-int-or-string'], true);
  assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].format, 'date-time');
  assert.equal(defs['io.k8s.apimachinery.pkg.runtime.RawExtension']['x-kubernetes-preserve-unknown-fields'], true);
  assert.deepEqual(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties!.labels.additionalProperties, { type: 'string' });
  assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties!.generation.format, 'int64');
  assert.equal(defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps'].properties!.maximum.type, 'number');
  // kubernetes-types leaves these out; CRDs need them (see test/api/core/crd-extensions.test.ts).
  const jsp = defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps'].properties!;
  assert.equal(jsp['x-kubernetes-preserve-unknown-fields'].type, 'boolean');
  assert.equal(jsp['x-kubernetes-validations'].items!.$ref, '#/components/schemas/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule');
  assert.ok(defs['io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics']);
  assert.ok(defs['io.k8s.api.autoscaling.v1.Scale']);
});

test('generator is fast, deterministic and writes compact JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gen-schema-'));
  try {
    const run = (name: string) => {
      const out = join(dir, name);
      const t = Date.now();
      execFileSync(process.execPath, ['tools/gen-schema.mjs'], { env: { ...process.env, GEN_SCHEMA_OUT: out }, stdio: 'pipe' });
      return { text: readFileSync(out, 'utf8'), ms: Date.now() - t };
    };
    const a = run('a.json');
    const b = run('b.json');
    assert.equal(a.text, b.text);
    assert.ok(a.ms < 10_000, `took ${a.ms} ms`);
    assert.ok(!a.text.includes('\n  '), 'not pretty-printed');
    assert.deepEqual(JSON.parse(a.text), defs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
