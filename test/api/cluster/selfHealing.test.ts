// The whole playground on simulated nodes through real kubectl: the seeds' promises that a
// user sees — a deployment is scheduled across workers, a deleted pod comes back, a lost node's
// pods move to the others, and the state survives a restart on the same data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../helpers/cluster';
import { startCluster } from '../../../src/cluster/cluster';
import { makeKubectl } from '../../helpers/kubectl';

const podsOf = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => l.split(/\s+/));

test('deployment heals after a pod delete and after losing a node', { timeout: 180_000 }, async () => {
  const c = await startTestCluster({ runtime: 'simulated', nodes: 2 });
  try {
    const nodes = await c.kubectl(['get', 'nodes', '--no-headers']);
    assert.equal(podsOf(nodes.stdout).length, 3, nodes.stdout);

    assert.equal((await c.kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=4'])).code, 0);
    const wide = ['get', 'pods', '-l', 'app=web', '--no-headers', '-o', 'wide'];
    await c.waitFor(wide, (s) => podsOf(s).filter((r) => r[2] === 'Running').length === 4);
    // The control-plane node is tainted: only workers get pods.
    const placed = podsOf(await c.waitFor(wide, () => true));
    assert.ok(placed.every((r) => r[6] !== 'playground-control-plane'), 'no pod on the control-plane node');
    assert.ok(new Set(placed.map((r) => r[6])).size === 2, 'replicas spread over both workers');

    // describe tells the story in order: the scheduler's event before the kubelet's.
    const events = (await c.kubectl(['describe', 'pod', placed[0][0]])).stdout.split('Events:')[1] ?? '';
    assert.ok(events.indexOf('Scheduled') >= 0 && events.indexOf('Scheduled') < events.indexOf('Started'), events);

    const victim = placed[0][0];
    assert.equal((await c.kubectl(['delete', 'pod', victim])).code, 0);
    await c.waitFor(wide, (s) => { const rows = podsOf(s); return rows.length === 4 && rows.every((r) => r[2] === 'Running') && !rows.some((r) => r[0] === victim); });

    // Lose a node: it stops heartbeating, turns NotReady, its pods are evicted and replaced.
    await c.cluster.stopNode('playground-worker');
    await c.waitFor(['get', 'node', 'playground-worker', '--no-headers'], (s) => /NotReady/.test(s), 60_000);
    const moved = await c.waitFor(wide, (s) => {
      const running = podsOf(s).filter((r) => r[2] === 'Running');
      return running.length === 4 && running.every((r) => r[6] === 'playground-worker2');
    }, 120_000);
    assert.match(moved, /playground-worker2/);
    const taints = await c.kubectl(['get', 'node', 'playground-worker', '-o', 'jsonpath={.spec.taints[*].key}']);
    assert.match(taints.stdout, /node\.kubernetes\.io\/unreachable/);

    // It comes back: Ready again and untainted.
    await c.cluster.startNode('playground-worker');
    await c.waitFor(['get', 'node', 'playground-worker', '--no-headers'], (s) => /\sReady\s/.test(s), 60_000);
  } finally {
    await c.stop();
  }
});

test('kubectl delete of a StatefulSet pod returns once that pod is gone, and the pod comes back under its name', { timeout: 120_000 }, async () => {
  // kubectl waits for a DELETED event of the name it deleted: a pod that vanished and was
  // recreated before kubectl started watching left it waiting forever.
  const c = await startTestCluster({ runtime: 'simulated', nodes: 2 });
  try {
    const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
`;
    assert.equal((await c.kubectl(['apply', '-f', '-'], { input: sts })).code, 0);
    const pods = ['get', 'pods', '-l', 'app=web', '--no-headers'];
    await c.waitFor(pods, (s) => podsOf(s).filter((r) => r[2] === 'Running').length === 2);
    for (let i = 0; i < 3; i++) {
      const uid = (await c.kubectl(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid}'])).stdout;
      const del = await c.kubectl(['delete', 'pod', 'web-0', '--timeout=20s'], { timeoutMs: 30_000 });
      assert.equal(del.code, 0, del.stderr);
      assert.match(del.stdout, /pod "web-0" deleted/);
      const back = await c.waitFor(['get', 'pod', 'web-0', '-o', 'jsonpath={.metadata.uid} {.status.phase}'], (s) => !s.startsWith(uid) && s.endsWith('Running'));
      assert.notEqual(back.split(' ')[0], uid);
    }
  } finally {
    await c.stop();
  }
});

test('state survives a restart on the same data dir', { timeout: 120_000 }, async () => {
  const c = await startTestCluster({ runtime: 'simulated', nodes: 1 });
  let second: Awaited<ReturnType<typeof startCluster>> | undefined;
  try {
    assert.equal((await c.kubectl(['create', 'configmap', 'keep', '--from-literal=a=1'])).code, 0);
    await c.cluster.stop();
    second = await startCluster({ dataDir: c.dataDir, runtime: 'simulated', nodes: 1, port: 0 });
    const kubectl = makeKubectl(second.kubeconfigPath, c.dataDir);
    const got = await kubectl(['get', 'configmap', 'keep', '-o', 'jsonpath={.data.a}']);
    assert.equal(got.stdout, '1', got.stderr);
  } finally {
    await second?.stop({ removeContainers: true });
    await c.stop();
  }
});
