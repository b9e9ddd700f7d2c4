// Real kubectl 1.32 against the API server: discovery, get (tables, -o forms, -w), create,
// apply (client-side and server-side), diff, label/annotate/scale/patch/edit, replace conflict,
// delete, wait, explain, raw health. See ../shared traces for what each command sends.
import assert from 'node:assert/strict';
import { writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => { pg = await startPlayground(); });
after(async () => { await pg?.stop(); });

async function ok(args: string[], opts?: Parameters<Playground['kubectl']>[1]): Promise<string> {
  const r = await pg.kubectl(args, opts);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const deployment = (replicas: number, image = 'playground/busybox:1') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
`;

describe('kubectl basics', () => {
  it('version reports 1.32 and the health endpoints answer ok', async () => {
    assert.match(await ok(['version']), /Server Version: v1\.32\./);
    for (const p of ['/readyz', '/healthz', '/livez']) assert.equal((await ok(['get', '--raw', p])).trim(), 'ok');
  });

  it('api-resources and api-versions come from discovery', async () => {
    const res = await ok(['api-resources']);
    assert.match(res, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(res, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    const wide = await ok(['api-resources', '-o', 'wide']);
    assert.match(wide, /pods\s+po\s+v1\s+true\s+Pod\s+create,delete,deletecollection,get,list,patch,update,watch\s+all/);
    const versions = await ok(['api-versions']);
    for (const v of ['v1', 'apps/v1', 'batch/v1', 'coordination.k8s.io/v1']) assert.match(versions, new RegExp(`^${v.replace('.', '\\.')}$`, 'm'));
    assert.match(await ok(['api-resources', '--namespaced=false', '-o', 'name']), /^namespaces$/m);
  });

  it('lists the bootstrap namespaces as a table', async () => {
    const out = await ok(['get', 'ns']);
    assert.match(out, /^NAME\s+STATUS\s+AGE$/m);
    for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.match(out, new RegExp(`^${n}\\s+Active\\s+\\d+s$`, 'm'));
  });

  it('apply creates, is unchanged, then configured; get in every output form', async () => {
    const f = join(pg.dataDir, 'd.yaml');
    await writeFile(f, deployment(2));
    assert.match(await ok(['apply', '-f', f]), /deployment\.apps\/web created/);
    assert.match(await ok(['apply', '-f', f]), /deployment\.apps\/web unchanged/);
    await writeFile(f, deployment(3));
    assert.match(await ok(['apply', '-f', f]), /deployment\.apps\/web configured/);
    const obj = JSON.parse(await ok(['get', 'deploy', 'web', '-o', 'json']));
    assert.equal(obj.spec.replicas, 3);
    assert.equal(obj.metadata.generation, 2);
    assert.ok(obj.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    const live = await pg.client.get('deployments.apps', 'default', 'web');
    assert.ok(live.metadata.managedFields!.some((m) => m.manager === 'kubectl-client-side-apply'));
    assert.match(await ok(['get', 'deploy', 'web', '-o', 'yaml']), /^kind: Deployment$/m);
    assert.equal((await ok(['get', 'deploy', 'web', '-o', 'name'])).trim(), 'deployment.apps/web');
    assert.equal(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']), '3');
    const table = await ok(['get', 'deploy']);
    assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    assert.match(table, /^web\s+0\/3\s+0\s+0\s+\d+s$/m);
    assert.match(await ok(['get', 'deploy', '-o', 'wide']), /CONTAINERS\s+IMAGES\s+SELECTOR[\s\S]*web\s+playground\/busybox:1\s+app=web/);
    assert.match(await ok(['get', 'deploy', '--show-labels']), /LABELS/);
  });

  it('server-side apply creates, re-applies, and conflicts unless forced', async () => {
    const f = join(pg.dataDir, 'cm.yaml');
    await writeFile(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n');
    assert.match(await ok(['apply', '--server-side', '-f', f]), /configmap\/ssa serverside-applied/);
    assert.match(await ok(['apply', '--server-side', '-f', f]), /configmap\/ssa serverside-applied/);
    const cm = await pg.client.get('configmaps', 'default', 'ssa');
    assert.ok(cm.metadata.managedFields!.some((m) => m.manager === 'kubectl' && m.operation === 'Apply'));
    await writeFile(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "2"\n');
    const other = await pg.kubectl(['apply', '--server-side', '--field-manager=other', '-f', f]);
    if (other.code !== 0) {
      assert.match(other.stderr, /conflict/i);
      assert.match(await ok(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', f]), /serverside-applied/);
    }
    assert.equal(await ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}']), '2');
  });

  it('diff shows a change without storing it (dryRun=All)', async () => {
    const f = join(pg.dataDir, 'cm2.yaml');
    await writeFile(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "9"\n');
    const r = await pg.kubectl(['diff', '-f', f]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^-\s+a: "2"$/m);
    assert.match(r.stdout, /^\+\s+a: "9"$/m);
    const r2 = await pg.kubectl(['diff', '--server-side', '--force-conflicts', '-f', f]);
    assert.equal(r2.code, 1, r2.stderr);
    assert.equal(await ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}']), '2');
  });

  it('imperative create sends protobuf bodies', async () => {
    assert.match(await ok(['create', 'configmap', 'pb', '--from-literal=a=b']), /configmap\/pb created/);
    assert.equal(await ok(['get', 'cm', 'pb', '-o', 'jsonpath={.data.a}']), 'b');
    assert.match(await ok(['create', 'namespace', 'pbns']), /namespace\/pbns created/);
    assert.match(await ok(['create', 'secret', 'generic', 's1', '--from-literal=k=v']), /secret\/s1 created/);
    assert.match(await ok(['create', 'deployment', 'pbd', '--image=playground/busybox:1']), /deployment\.apps\/pbd created/);
    assert.equal(await ok(['get', 'deploy', 'pbd', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'playground/busybox:1');
  });

  it('label, annotate, scale, patch (strategic, merge, json) and edit', async () => {
    assert.match(await ok(['label', 'deploy', 'web', 'tier=front']), /labeled/);
    assert.match(await ok(['annotate', 'deploy', 'web', 'note=hi']), /annotated/);
    assert.match(await ok(['get', 'deploy', '-l', 'tier in (front,back)', '-o', 'name']), /deployment\.apps\/web/);
    assert.equal((await ok(['get', 'deploy', '-l', '!tier', '-o', 'name'])).includes('web'), false);
    assert.match(await ok(['scale', 'deploy', 'web', '--replicas=4']), /scaled/);
    assert.equal(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']), '4');
    assert.match(await ok(['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":1}}']), /patched/);
    assert.match(await ok(['patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":2}}']), /patched/);
    assert.match(await ok(['patch', 'deploy', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":5}]']), /patched/);
    assert.equal(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}']), '5');
    const editor = join(pg.dataDir, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\nsed -i \'s/^  a: "2"$/  a: "7"/\' "$1"\n');
    await chmod(editor, 0o755);
    assert.match(await ok(['edit', 'cm', 'ssa'], { env: { KUBE_EDITOR: editor } }), /configmap\/ssa edited/);
    assert.equal(await ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}']), '7');
  });

  it('replace with a stale resourceVersion is a Conflict', async () => {
    const f = join(pg.dataDir, 'stale.json');
    await writeFile(f, await ok(['get', 'cm', 'ssa', '-o', 'json']));
    await ok(['label', 'cm', 'ssa', 'bump=1']);
    const r = await pg.kubectl(['replace', '-f', f]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error from server \(Conflict\): error when replacing .*: Operation cannot be fulfilled on configmaps "ssa": the object has been modified; please apply your changes to the latest version and try again/);
  });

  it('describe configmap, deployment, service and namespace', async () => {
    assert.match(await ok(['describe', 'cm', 'ssa']), /Name:\s+ssa[\s\S]*Data\n====/);
    assert.match(await ok(['describe', 'deployment', 'web']), /Name:\s+web[\s\S]*Selector:\s+app=web/);
    await ok(['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080']).catch(async () => {
      await writeFile(join(pg.dataDir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc1\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: 8080\n');
      await ok(['apply', '-f', join(pg.dataDir, 'svc.yaml')]);
    });
    assert.match(await ok(['describe', 'service', 'svc1']), /Name:\s+svc1/);
    assert.match(await ok(['describe', 'ns', 'default']), /Status:\s+Active/);
  });

  it('explain reads the OpenAPI v3 documents', async () => {
    const out = await ok(['explain', 'deployment']);
    assert.match(out, /KIND:\s+Deployment/);
    assert.match(out, /VERSION:\s+v1/);
  });

  it('get -w streams table rows for new objects', async () => {
    const w = pg.kubectl(['get', 'cm', '-w', '--request-timeout=3s'], { timeoutMs: 4000 });
    await new Promise((r) => setTimeout(r, 800));
    await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' }, data: { x: '1' } });
    const r = await w;
    assert.match(r.stdout, /^NAME\s+DATA\s+AGE$/m);
    assert.match(r.stdout, /^watched\s+1\s+\d+s$/m);
  });

  it('wait for a condition and for deletion', async () => {
    await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone-soon' } });
    const w = pg.kubectl(['wait', '--for=delete', 'cm/gone-soon', '--timeout=10s']);
    await new Promise((r) => setTimeout(r, 500));
    await pg.client.delete('configmaps', 'default', 'gone-soon');
    assert.equal((await w).code, 0);
    const w2 = pg.kubectl(['wait', '--for=jsonpath={.data.ready}=yes', 'cm/ssa', '--timeout=10s']);
    await new Promise((r) => setTimeout(r, 500));
    await pg.client.patch('configmaps', 'default', 'ssa', 'merge', { data: { ready: 'yes' } });
    const r = await w2;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /condition met/);
  });

  it('delete with each cascade policy', async () => {
    assert.match(await ok(['delete', 'cm', 'ssa']), /configmap "ssa" deleted/);
    assert.equal((await pg.kubectl(['get', 'cm', 'ssa'])).code, 1);
    assert.match(await ok(['delete', 'deploy', 'web', '--cascade=orphan', '--wait=false']), /deleted/);
    const d = await pg.client.get('deployments.apps', 'default', 'web');
    assert.deepEqual(d.metadata.finalizers, ['orphan']);
    assert.ok(d.metadata.deletionTimestamp);
    // The garbage collector removes the finalizer; emulate it here.
    await pg.client.patch('deployments.apps', 'default', 'web', 'merge', { metadata: { finalizers: null } });
    await assert.rejects(pg.client.get('deployments.apps', 'default', 'web'), /not found/);
    const r = await pg.kubectl(['delete', 'cm', 'nope']);
    assert.match(r.stderr, /Error from server \(NotFound\): configmaps "nope" not found/);
  });
});
