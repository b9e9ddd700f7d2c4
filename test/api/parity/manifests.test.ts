// kubectl 1.32 parity, manifest and inspection commands: apply -f dir/ with multi-document
// YAML, apply --prune with an allowlist, kustomize / apply -k / diff -k with a local
// kustomization, diff exit codes, replace --force, patch (strategic, merge, json incl. a failed
// test op), edit with an EDITOR, explain --recursive, events, top, and describe of every kind
// a learner meets.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, type TestCluster } from '../../helpers/cluster';

let c: TestCluster;
before(async () => { c = await startTestCluster({ runtime: 'simulated' }); });
after(async () => { await c?.stop(); });

async function ok(args: string[], opts?: Parameters<TestCluster['kubectl']>[1]): Promise<string> {
  const r = await c.kubectl(args, opts);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const cm = (name: string, value: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, labels: {app: pr}}
data: {k: ${value}}
`;
const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d2, labels: {app: pr}}
spec:
  replicas: 1
  selector: {matchLabels: {app: d2}}
  template:
    metadata: {labels: {app: d2}}
    spec: {containers: [{name: c, image: nginx}]}
`;

describe('kubectl manifests and inspection', () => {
  it('apply -f dir/ (multi-doc), then --prune with an allowlist removes what left the dir', async () => {
    const dir = join(c.dataDir, 'manifests');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'a.yaml'), `${cm('pa', 'v')}---\n${cm('pb', 'v')}`);
    await writeFile(join(dir, 'b.yaml'), deploy);
    const first = await ok(['apply', '-f', dir]);
    assert.match(first, /configmap\/pa created\nconfigmap\/pb created\ndeployment\.apps\/d2 created/);
    await writeFile(join(dir, 'a.yaml'), cm('pa', 'v2'));
    const pruned = await ok(['apply', '-f', dir, '--prune', '-l', 'app=pr', '--prune-allowlist=core/v1/ConfigMap', '--prune-allowlist=apps/v1/Deployment']);
    assert.match(pruned, /configmap\/pa configured/);
    assert.match(pruned, /deployment\.apps\/d2 unchanged/);
    assert.match(pruned, /configmap\/pb pruned/);
    const d = await c.kubectl(['diff', '-f', dir]);
    assert.equal(d.code, 0, d.stderr);
    await writeFile(join(dir, 'a.yaml'), cm('pa', 'v3'));
    const d2 = await c.kubectl(['diff', '-f', dir]);
    assert.equal(d2.code, 1, d2.stderr);
    assert.match(d2.stdout, /-  k: v2\n\+  k: v3/);
  });

  it('kustomize, apply -k and diff -k with a local kustomization', async () => {
    const dir = join(c.dataDir, 'kz');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'kustomization.yaml'), 'namePrefix: kz-\nlabels:\n- pairs: {team: a}\nresources: [cm.yaml]\nconfigMapGenerator:\n- name: gen\n  literals: [x=1]\n');
    await writeFile(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: base}\ndata: {a: b}\n');
    assert.match(await ok(['kustomize', dir]), /name: kz-base/);
    const applied = await ok(['apply', '-k', dir]);
    assert.match(applied, /configmap\/kz-base created/);
    assert.match(applied, /configmap\/kz-gen-\w+ created/);
    await writeFile(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: base}\ndata: {a: c}\n');
    const d = await c.kubectl(['diff', '-k', dir]);
    assert.equal(d.code, 1, d.stderr);
    assert.match(d.stdout, /-  a: b\n\+  a: c/);
  });

  it('replace --force, patch of every type, edit', async () => {
    const live = await ok(['get', 'cm', 'pa', '-o', 'yaml']);
    assert.match(await ok(['replace', '--force', '-f', '-'], { input: live }), /configmap "pa" deleted\nconfigmap\/pa replaced/);
    assert.match(await ok(['patch', 'deploy', 'd2', '-p', '{"spec":{"replicas":2}}']), /^deployment\.apps\/d2 patched/);
    assert.match(await ok(['patch', 'deploy', 'd2', '--type=merge', '-p', '{"metadata":{"labels":{"x":"y"}}}']), /patched/);
    assert.match(await ok(['patch', 'deploy', 'd2', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":1}]']), /patched/);
    assert.match(await ok(['patch', 'deploy', 'd2', '-p', '{}']), /patched \(no change\)/);
    const bad = await c.kubectl(['patch', 'deploy', 'd2', '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":5}]']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /The request is invalid/);
    const editor = join(c.dataDir, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\nsed -i "s/k: v2/k: edited/" "$1"\n', { mode: 0o755 });
    assert.match(await ok(['edit', 'cm', 'pa'], { env: { EDITOR: editor } }), /^configmap\/pa edited/);
    assert.equal(await ok(['get', 'cm', 'pa', '-o', 'jsonpath={.data.k}']), 'edited');
    const cancelled = await c.kubectl(['edit', 'cm', 'pa'], { env: { EDITOR: 'true' } });
    assert.equal(cancelled.code, 0);
    assert.match(cancelled.stderr, /Edit cancelled, no changes made\./);
  });

  it('explain --recursive, events, top', async () => {
    const ex = await ok(['explain', 'deployment.spec.strategy', '--recursive']);
    assert.match(ex, /GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1/);
    assert.match(ex, /rollingUpdate\s+<RollingUpdateDeployment>\n\s+maxSurge\s+<IntOrString>/);
    assert.match(await ok(['events']), /LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    assert.match(await ok(['events', '--for', 'deployment/d2']), /ScalingReplicaSet\s+Deployment\/d2/);
    const top = await c.waitFor(['top', 'nodes'], (s) => /playground-worker\s+\d+m\s+\d+%/.test(s), 40_000);
    assert.match(top, /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)/);
  });

  it('describe answers for every kind a learner meets', async () => {
    await ok(['create', 'job', 'j1', '--image=busybox']);
    await ok(['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *']);
    await ok(['expose', 'deploy', 'd2', '--port=80']);
    await ok(['create', 'ingress', 'ing', '--rule=foo.com/=d2:80']);
    await ok(['create', 'secret', 'generic', 's1', '--from-literal=a=b']);
    await ok(['autoscale', 'deploy', 'd2', '--max=3']);
    await ok(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: pvc1}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n' });
    await ok(['apply', '-f', '-'], { input: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds1}\nspec:\n  selector: {matchLabels: {app: ds1}}\n  template:\n    metadata: {labels: {app: ds1}}\n    spec: {containers: [{name: c, image: busybox}]}\n' });
    await c.waitFor(['get', 'pvc', 'pvc1', '-o', 'jsonpath={.status.phase}'], (s) => s === 'Bound');
    const pod = (await c.waitFor(['get', 'pods', '-l', 'app=d2', '-o', 'name'], (s) => s.trim() !== '')).trim().split('\n')[0];
    const want: [string[], RegExp][] = [
      [['node', 'playground-worker'], /Name:\s+playground-worker\n[\s\S]*Non-terminated Pods:/],
      [[pod], /Status:\s+(Running|Pending)/],
      [['deploy', 'd2'], /Replicas:\s+1 desired/],
      [['rs', '-l', 'app=d2'], /Controlled By:\s+Deployment\/d2/],
      [['ds', 'ds1'], /Desired Number of Nodes Scheduled:/],
      [['job', 'j1'], /Completions:\s+1/],
      [['cronjob', 'cj'], /Schedule:\s+\*\/5 \* \* \* \*/],
      [['svc', 'd2'], /Type:\s+ClusterIP/],
      [['endpoints', 'd2'], /Subsets:/],
      [['ingress', 'ing'], /foo\.com\s+\n?\s*\/\s+d2:80/],
      [['cm', 'pa'], /Data\n====/],
      [['secret', 's1'], /a:\s+1 bytes/],
      [['pvc', 'pvc1'], /Status:\s+Bound/],
      [['pv'], /Claim:\s+default\/pvc1/],
      [['sc', 'standard'], /IsDefaultClass:\s+Yes/],
      [['hpa', 'd2'], /Reference:\s+Deployment\/d2/],
      [['ns', 'default'], /Status:\s+Active/],
      [['sa', 'default'], /Name:\s+default/],
    ];
    for (const [args, re] of want) assert.match(await ok(['describe', ...args]), re, `describe ${args.join(' ')}`);
  });
});
