// `kubectl top` reads metrics.k8s.io through the API as on a real cluster (metrics-server):
// the kubelets' usage, published read-only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../helpers/cluster';

test('kubectl top nodes and pods on simulated nodes; metrics are read-only', { timeout: 120_000 }, async () => {
  const c = await startTestCluster({ runtime: 'simulated', nodes: 1 });
  try {
    assert.equal((await c.kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).code, 0);
    await c.waitFor(['get', 'pods', '--no-headers'], (s) => (s.match(/Running/g) ?? []).length === 2);
    const nodes = await c.waitFor(['top', 'nodes', '--no-headers'], (s) => /playground-worker\s+\d+m\s+\d+%\s+\d+Mi/.test(s), 60_000);
    assert.match(nodes, /playground-control-plane/);
    const pods = await c.waitFor(['top', 'pods', '--no-headers'], (s) => (s.match(/^web-/gm) ?? []).length === 2, 60_000);
    assert.match(pods, /web-\S+\s+\d+m\s+\d+Mi/);
    const write = await c.kubectl(['delete', 'nodes.metrics.k8s.io', 'playground-worker']);
    assert.notEqual(write.code, 0);
    assert.match(write.stderr, /MethodNotAllowed|not allowed/);
  } finally {
    await c.stop();
  }
});
