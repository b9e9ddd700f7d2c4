// Real kubectl 1.32 against a throwaway server whose PATCH handling is this project's patch
// engines: client-side apply's three-way strategic patches, server-side apply with
// conflicts and --force-conflicts, json-patch (rollout-undo style and a failing test op),
// merge patch (label), strategic directives from `kubectl patch`, and rollout restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlPath } from '../../helpers/env';
import { runKubectl } from '../protobuf/kubectlMock';
import { PatchServer } from './patchServer';
import { configMapSchema, deploymentSchema } from './schemas';

let server: PatchServer;
let url: string;
let dir: string;

const deployment = (replicas: number, containers: object[]) => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } },
});

const kubectl = async (...args: string[]) => runKubectl(kubectlPath(), url, ['--validate=false', ...args], dir, dir);
const kubectlStrict = async (...args: string[]) => runKubectl(kubectlPath(), url, args, dir, dir);
const web = () => server.objects.get('default/deployments/web')!;

before(async () => {
  server = new PatchServer({ Deployment: deploymentSchema, ConfigMap: configMapSchema });
  url = await server.start();
  dir = mkdtempSync(join(tmpdir(), 'kubectl-patch-'));
  writeFileSync(join(dir, 'd1.json'), deployment(2, [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }] }]));
  writeFileSync(join(dir, 'd2.json'), deployment(3, [{ name: 'web', image: 'nginx:2', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] }, { name: 'sidecar', image: 'busybox' }]));
  writeFileSync(join(dir, 'd3.json'), deployment(5, [{ name: 'web', image: 'nginx:3' }]));
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('kubectl apply creates, then sends a three-way strategic patch the server applies', async () => {
  let r = await kubectl('apply', '-f', 'd1.json');
  assert.equal(r.code, 0, r.stderr);
  r = await kubectl('apply', '-f', 'd2.json');
  assert.equal(r.code, 0, r.stderr);
  const patch = server.requests.filter((q) => q.method === 'PATCH').at(-1)!;
  assert.equal(patch.contentType, 'application/strategic-merge-patch+json');
  assert.match(patch.body, /\$setElementOrder\/containers/);
  const obj = web();
  assert.equal(obj.spec.replicas, 3);
  assert.deepEqual(obj.spec.template.spec.containers, [
    { name: 'web', image: 'nginx:2', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
    { name: 'sidecar', image: 'busybox' },
  ]);
  assert.deepEqual(obj.metadata.managedFields!.map((m) => [m.manager, m.operation]), [['kubectl-client-side-apply', 'Update']]);
  r = await kubectl('apply', '-f', 'd2.json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(server.requests.filter((q) => q.method === 'PATCH').at(-1), patch, 'unchanged: no PATCH');
});

test('kubectl apply --server-side by another manager reports our conflict; --force-conflicts takes ownership', async () => {
  let r = await kubectl('apply', '--server-side', '--field-manager=other', '-f', 'd3.json');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps\/v1:\n- \.spec\.replicas\n- \.spec\.template\.spec\.containers\[name="web"\]\.image/);
  assert.equal(web().spec.replicas, 3);
  r = await kubectl('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', 'd3.json');
  assert.equal(r.code, 0, r.stderr);
  const obj = web();
  assert.equal(obj.spec.replicas, 5);
  const applier = obj.metadata.managedFields!.find((m) => m.manager === 'other' && m.operation === 'Apply');
  assert.ok(applier, 'other owns fields with operation Apply');
  assert.ok('f:replicas' in (applier.fieldsV1!['f:spec'] as object));
});

test('kubectl apply --server-side (manager kubectl) takes over from client-side apply without conflicts', async () => {
  writeFileSync(join(dir, 'cm-a.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'up', namespace: 'default' }, data: { a: '1', b: '1' } }));
  writeFileSync(join(dir, 'cm-b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'up', namespace: 'default' }, data: { a: '2', b: '1' } }));
  let r = await kubectl('apply', '-f', 'cm-a.json');
  assert.equal(r.code, 0, r.stderr);
  r = await kubectl('apply', '--server-side', '-f', 'cm-b.json');
  assert.equal(r.code, 0, r.stderr);
  const cm = server.objects.get('default/configmaps/up')!;
  assert.deepEqual(cm.data, { a: '2', b: '1' });
  const owners = Object.fromEntries(cm.metadata.managedFields!.map((m) => [m.manager, m.fieldsV1]));
  assert.deepEqual(owners.kubectl, { 'f:data': { 'f:a': {}, 'f:b': {} } });
  // kubectl itself then moves client-side apply's remaining fields over (a json-patch of managedFields).
  assert.equal(owners['kubectl-client-side-apply'], undefined);
  assert.ok(server.requests.some((q) => q.contentType === 'application/json-patch+json' && q.body.includes('/metadata/managedFields')));
});

test('kubectl patch --type=json: a failing test op is "The request is invalid"; replace works', async () => {
  let r = await kubectlStrict('patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":1}]');
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim(), 'The request is invalid: the server rejected our request due to an error in our request');
  r = await kubectlStrict('patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(web().spec.replicas, 2);
  assert.ok(web().metadata.managedFields!.some((m) => m.manager === 'kubectl-patch'));
});

test('kubectl patch with a $patch: delete directive, label (merge patch) and rollout restart', async () => {
  let r = await kubectlStrict('patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(web().spec.template.spec.containers.map((c: { name: string }) => c.name), ['web']);
  r = await kubectlStrict('label', 'deployment', 'web', 'x=y');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(web().metadata.labels?.x, 'y');
  const label = web().metadata.managedFields!.find((m) => m.manager === 'kubectl-label')!;
  assert.deepEqual(label.fieldsV1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } });
  r = await kubectlStrict('rollout', 'restart', 'deployment/web');
  assert.equal(r.code, 0, r.stderr);
  assert.match(web().spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT/);
});

test('a protobuf create, then server-side apply conflicts with kubectl-create', async () => {
  let r = await kubectlStrict('create', 'configmap', 'cm9', '--from-literal=a=b');
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(dir, 'cm.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm9' }, data: { a: 'c' } }));
  r = await kubectl('apply', '--server-side', '-f', 'cm.json');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Apply failed with 1 conflict: conflict with "kubectl-create" using v1: \.data\.a/);
});
