// kubectl 1.32 parity, day-2 workload commands against simulated nodes: set image/env/
// resources/selector/serviceaccount, rollout status/history/undo --to-revision/pause/resume/
// restart on a deployment, daemonset and statefulset, scale with --current-replicas,
// label/annotate --overwrite and removal, taint, cordon/uncordon, drain (evictions), get
// variants, wait, describe of an HPA whose pods lack requests, and delete variants.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, type TestCluster } from '../../helpers/cluster';

let c: TestCluster;
before(async () => { c = await startTestCluster({ runtime: 'simulated' }); });
after(async () => { await c?.stop(); });

async function ok(args: string[], timeoutMs?: number): Promise<string> {
  const r = await c.kubectl(args, timeoutMs ? { timeoutMs } : undefined);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}
async function fails(args: string[], stderr: RegExp): Promise<void> {
  const r = await c.kubectl(args);
  assert.equal(r.code, 1, `kubectl ${args.join(' ')} should fail: ${r.stdout}`);
  assert.match(r.stderr, stderr);
}

const workloads = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds1}
spec:
  selector: {matchLabels: {app: ds1}}
  template:
    metadata: {labels: {app: ds1}}
    spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sts1}
spec:
  serviceName: sts1
  replicas: 2
  selector: {matchLabels: {app: sts1}}
  template:
    metadata: {labels: {app: sts1}}
    spec: {containers: [{name: c, image: busybox}]}
`;

describe('kubectl workload commands', () => {
  it('set and rollout on a deployment', async () => {
    await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
    await ok(['create', 'serviceaccount', 'sa1']);
    await ok(['expose', 'deployment', 'web', '--port=80']);
    assert.match(await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.25']), /^deployment\.apps\/web image updated/);
    assert.match(await ok(['set', 'env', 'deployment/web', 'FOO=bar']), /^deployment\.apps\/web env updated/);
    assert.match(await ok(['set', 'resources', 'deployment', 'web', '--requests=cpu=100m', '--limits=cpu=200m']), /resource requirements updated/);
    assert.match(await ok(['set', 'selector', 'svc', 'web', 'app=web']), /^service\/web selector updated/);
    assert.match(await ok(['set', 'serviceaccount', 'deployment', 'web', 'sa1']), /^deployment\.apps\/web serviceaccount updated/);
    assert.match(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'], 70_000), /deployment "web" successfully rolled out/);
    assert.match(await ok(['rollout', 'history', 'deployment/web']), /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    assert.match(await ok(['rollout', 'history', 'deployment/web', '--revision=2']), /with revision #2\nPod Template:[\s\S]*Image:\s+nginx:1\.25/);
    assert.match(await ok(['rollout', 'undo', 'deployment/web', '--to-revision=2']), /^deployment\.apps\/web rolled back/);
    assert.match(await ok(['rollout', 'pause', 'deployment/web']), /^deployment\.apps\/web paused/);
    assert.match(await ok(['rollout', 'resume', 'deployment/web']), /^deployment\.apps\/web resumed/);
    assert.match(await ok(['rollout', 'restart', 'deployment/web']), /^deployment\.apps\/web restarted/);
    assert.match(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'], 70_000), /successfully rolled out/);
    const d = JSON.parse(await ok(['get', 'deploy', 'web', '-o', 'json']));
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.25');
    assert.ok(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']);
  });

  it('rollout on a daemonset and a statefulset; pausing them is refused as kubectl does', async () => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: workloads });
    assert.equal(r.code, 0, r.stderr);
    for (const [w, done] of [['ds/ds1', /daemon set "ds1" successfully rolled out/], ['sts/sts1', /roll out complete: 2 new pods have been updated/]] as const) {
      assert.match(await ok(['rollout', 'status', w, '--timeout=60s'], 70_000), done);
      await ok(['set', 'image', w, 'c=busybox:2']);
      assert.match(await ok(['rollout', 'status', w, '--timeout=60s'], 70_000), done);
      assert.match(await ok(['rollout', 'history', w]), /1\s+<none>\n2\s+<none>/);
      assert.match(await ok(['rollout', 'undo', w, '--to-revision=1']), /rolled back/);
      assert.match(await ok(['rollout', 'restart', w]), /restarted/);
      await fails(['rollout', 'pause', w], /pausing is not supported/);
    }
  });

  it('scale with a --current-replicas precondition, label and annotate', async () => {
    assert.match(await ok(['scale', 'sts', 'sts1', '--replicas=3']), /^statefulset\.apps\/sts1 scaled/);
    await fails(['scale', 'deploy', 'web', '--current-replicas=5', '--replicas=4'], /error: Expected replicas to be 5, was 2/);
    assert.match(await ok(['scale', 'deploy', 'web', '--current-replicas=2', '--replicas=3']), /^deployment\.apps\/web scaled/);
    await ok(['label', 'deploy', 'web', 'tier=fe']);
    await fails(['label', 'deploy', 'web', 'tier=be'], /'tier' already has a value \(fe\), and --overwrite is false/);
    assert.match(await ok(['label', 'deploy', 'web', 'tier=be', '--overwrite']), /^deployment\.apps\/web labeled/);
    assert.match(await ok(['label', 'deploy', 'web', 'tier-']), /^deployment\.apps\/web unlabeled/);
    assert.match(await ok(['annotate', 'deploy', 'web', 'note=x']), /annotated/);
    await ok(['annotate', 'deploy', 'web', 'note=y', '--overwrite']);
    await ok(['annotate', 'deploy', 'web', 'note-']);
    const d = JSON.parse(await ok(['get', 'deploy', 'web', '-o', 'json']));
    assert.equal(d.metadata.labels.tier, undefined);
    assert.equal(d.metadata.annotations.note, undefined);
  });

  it('taint, cordon, drain with evictions, uncordon', async () => {
    assert.match(await ok(['taint', 'nodes', 'playground-worker', 'key1=value1:NoSchedule']), /^node\/playground-worker tainted/);
    assert.match(await ok(['describe', 'node', 'playground-worker']), /Taints:\s+key1=value1:NoSchedule/);
    assert.match(await ok(['taint', 'nodes', 'playground-worker', 'key1=value1:NoSchedule-']), /^node\/playground-worker untainted/);
    assert.match(await ok(['cordon', 'playground-worker']), /^node\/playground-worker cordoned/);
    assert.match(await ok(['get', 'nodes']), /playground-worker\s+Ready,SchedulingDisabled/);
    await ok(['uncordon', 'playground-worker']);
    const r = await c.kubectl(['drain', 'playground-worker2', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /node\/playground-worker2 cordoned/);
    assert.match(r.stdout, /node\/playground-worker2 drained/);
    assert.match(r.stderr, /Warning: ignoring DaemonSet-managed Pods: default\/ds1-\w+/);
    const left = await ok(['get', 'pods', '--field-selector=spec.nodeName=playground-worker2', '-o', 'name']);
    assert.deepEqual(left.trim().split('\n').filter((n) => !n.startsWith('pod/ds1-')), []);
    await ok(['uncordon', 'playground-worker2']);
  });

  it('get variants, wait, describe hpa, delete variants', async () => {
    assert.match(await ok(['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName', '--sort-by=.metadata.name']), /^NAME\s+NODE\nds1-/);
    assert.match(await ok(['get', 'pods', '-L', 'app']), /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+APP\n/);
    assert.match(await ok(['get', 'all', '-A']), /default\s+deployment\.apps\/web\s+3\/3/);
    assert.match(await ok(['get', 'events', '--sort-by=.lastTimestamp']), /LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    assert.match(await ok(['wait', '--for=condition=Available', 'deploy/web', '--timeout=30s'], 40_000), /deployment\.apps\/web condition met/);
    assert.match(await ok(['wait', '--for=jsonpath={.status.readyReplicas}=3', 'deploy/web', '--timeout=30s'], 40_000), /condition met/);
    await ok(['create', 'deployment', 'bare', '--image=nginx']);
    await ok(['autoscale', 'deployment', 'bare', '--cpu-percent=50', '--max=3']);
    // Once the metrics publisher has samples for the pods, the HPA names the container.
    const hpa = await c.waitFor(['describe', 'hpa', 'bare'], (s) => /missing request/.test(s), 45_000);
    assert.match(hpa, /missing request for cpu in container nginx of Pod bare-/);
    assert.match(await ok(['delete', 'pod', '-l', 'app=sts1', '--grace-period=0', '--force']), /pod "sts1-\d" force deleted/);
    assert.match(await ok(['delete', 'hpa', '--all']), /horizontalpodautoscaler\.autoscaling "bare" deleted/);
    await ok(['create', 'namespace', 'scratch']);
    assert.match(await ok(['delete', 'namespace', 'scratch'], 40_000), /namespace "scratch" deleted/);
    await fails(['get', 'namespace', 'scratch'], /namespaces "scratch" not found/);
  });
});
