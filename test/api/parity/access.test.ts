// kubectl 1.32 parity, access and debugging: `auth can-i` (SelfSubjectAccessReview),
// `auth can-i --list` (SelfSubjectRulesReview), `auth whoami` (SelfSubjectReview), all POSTed
// as protobuf; `debug node/…` (protobuf Pod); `debug <pod>` failing cleanly because nodes do
// not run ephemeral containers; get cs; cluster-info, version, config view --minify, api-resources.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, type TestCluster } from '../../helpers/cluster';

let c: TestCluster;
before(async () => { c = await startTestCluster({ runtime: 'simulated' }); });
after(async () => { await c?.stop(); });

async function ok(args: string[]): Promise<string> {
  const r = await c.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

describe('kubectl auth, debug and cluster commands', () => {
  it('get cs lists a healthy control plane with the deprecation warning', async () => {
    const r = await c.kubectl(['get', 'cs']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME\s+STATUS\s+MESSAGE\s+ERROR\ncontroller-manager\s+Healthy\s+ok\s*\nscheduler\s+Healthy\s+ok\s*\netcd-0\s+Healthy\s+ok/);
    assert.match(r.stderr, /Warning: v1 ComponentStatus is deprecated in v1\.19\+/);
    assert.equal(JSON.parse(await ok(['get', 'componentstatus', 'scheduler', '-o', 'json'])).conditions[0].type, 'Healthy');
    const missing = await c.kubectl(['get', 'cs', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /componentstatuses "nope" not found/);
  });


  it('auth can-i answers yes for the cluster-admin user, --list shows every rule, whoami names it', async () => {
    assert.equal(await ok(['auth', 'can-i', 'create', 'pods']), 'yes\n');
    assert.equal(await ok(['auth', 'can-i', '*', '*', '--all-namespaces']), 'yes\n');
    assert.equal(await ok(['auth', 'can-i', 'get', '/logs']), 'yes\n');
    const list = await ok(['auth', 'can-i', '--list']);
    assert.match(list, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
    const who = await ok(['auth', 'whoami']);
    assert.match(who, /Username\s+kubernetes-admin/);
    assert.match(who, /Groups\s+\[system:masters system:authenticated\]/);
  });

  it('debug node/<name> creates its node-debugger pod; debug <pod> says ephemeral containers are unavailable', async () => {
    await ok(['run', 'nginx', '--image=nginx']);
    const node = await c.kubectl(['debug', 'node/playground-worker', '--image=busybox', '--profile=general']);
    assert.equal(node.code, 0, node.stderr);
    assert.match(node.stdout + node.stderr, /Creating debugging pod node-debugger-playground-worker-\w+ with container debugger on node playground-worker/);
    const pods = await ok(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.spec.hostPID}{"\\n"}{end}']);
    assert.match(pods, /node-debugger-playground-worker-\w+ playground-worker true/);
    await c.waitFor(['get', 'pod', 'nginx', '-o', 'jsonpath={.status.phase}'], (s) => s === 'Running');
    const eph = await c.kubectl(['debug', 'nginx', '-it', '--image=busybox', '--profile=general']);
    assert.equal(eph.code, 1);
    assert.doesNotMatch(eph.stderr, /panic/);
    assert.match(eph.stderr, /error: ephemeral containers are disabled for this cluster/);
  });

  it('cluster-info, version, config view --minify and api-resources look like a real cluster', async () => {
    assert.match(await ok(['cluster-info']), /Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+/);
    assert.match(await ok(['version']), /Client Version: v1\.32\.\d+\nKustomize Version: v5\.\d+\.\d+\nServer Version: v1\.32\.\d+/);
    const cfg = await ok(['config', 'view', '--minify']);
    assert.match(cfg, /certificate-authority-data: DATA\+OMITTED/);
    assert.match(cfg, /token: REDACTED/);
    const names = (await ok(['api-resources', '--verbs=list', '-o', 'name'])).trim().split('\n');
    const all = await ok(['api-resources']);
    assert.match(all, /componentstatuses\s+cs\s+v1\s+false\s+ComponentStatus/);
    assert.match(all, /selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview/);
    assert.match(all, /selfsubjectreviews\s+authentication\.k8s\.io\/v1\s+false\s+SelfSubjectReview/);
    for (const n of ['componentstatuses', 'pods', 'deployments.apps', 'horizontalpodautoscalers.autoscaling', 'cronjobs.batch', 'ingresses.networking.k8s.io', 'roles.rbac.authorization.k8s.io']) {
      assert.ok(names.includes(n), `${n} missing from api-resources`);
    }
  });
});
