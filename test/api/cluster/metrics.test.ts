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

test('the HPA scales a Deployment from the simulated nodes\' metrics (kubectl autoscale, get hpa, describe hpa)', { timeout: 150_000 }, async () => {
  const c = await startTestCluster({ runtime: 'simulated', nodes: 2 });
  try {
    // Simulated containers use 1–5m of CPU: a 1m request puts every pod at 100–500 %.
    assert.equal((await c.kubectl(['create', 'deployment', 'busy', '--image=nginx'])).code, 0);
    assert.equal((await c.kubectl(['set', 'resources', 'deployment', 'busy', '--requests=cpu=1m'])).code, 0);
    const hpa = await c.kubectl(['autoscale', 'deployment', 'busy', '--cpu-percent=50', '--min=1', '--max=3']);
    assert.equal(hpa.code, 0, hpa.stderr);
    const row = await c.waitFor(['get', 'hpa', 'busy', '--no-headers'], (s) => /cpu: \d+%\/50%\s+1\s+3\s+3\s/.test(s), 120_000);
    assert.match(row, /^busy\s+Deployment\/busy\s+cpu: \d+%\/50%/);
    await c.waitFor(['get', 'deployment', 'busy', '-o', 'jsonpath={.spec.replicas}'], (s) => s === '3');
    const described = await c.kubectl(['describe', 'hpa', 'busy']);
    assert.match(described.stdout, /SuccessfulRescale\s+.*New size: \d; reason: cpu resource utilization \(percentage of request\) above target/);
  } finally {
    await c.stop();
  }
});
