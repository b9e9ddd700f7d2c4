// pods/proxy and services/proxy through real kubectl on simulated nodes: what answers when no
// process can (the Docker test, test/docker/network/services.test.ts, fetches real pages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../helpers/cluster';

test('kubectl get --raw through pods/proxy and services/proxy on simulated nodes', { timeout: 120_000 }, async () => {
  const c = await startTestCluster({ runtime: 'simulated', nodes: 1 });
  try {
    assert.equal((await c.kubectl(['create', 'deployment', 'web', '--image=nginx', '--port=80'])).code, 0);
    assert.equal((await c.kubectl(['expose', 'deployment', 'web', '--port=8080', '--target-port=80'])).code, 0);
    assert.equal((await c.kubectl(['create', 'service', 'clusterip', 'empty', '--tcp=80:80'])).code, 0);
    await c.waitFor(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[*].addresses[*].ip}'], (s) => s.length > 0);
    const pod = (await c.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;

    // The simulated node connects and answers the pod's port with its 503 (kubectl prints 503s
    // without a Status body as Kubernetes' generic ServiceUnavailable).
    const viaPod = await c.kubectl(['get', '--raw', `/api/v1/namespaces/default/pods/${pod}:80/proxy/`]);
    assert.notEqual(viaPod.code, 0);
    assert.match(viaPod.stderr, /ServiceUnavailable/);
    const viaSvc = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/web:8080/proxy/']);
    assert.match(viaSvc.stderr, /ServiceUnavailable/);
    const body = await c.kubectl(['get', '--raw', `/api/v1/namespaces/default/pods/${pod}:80/proxy/`, '-v=8']);
    assert.match(body.stderr, /runs on a simulated node/, 'the body names the reason');

    const empty = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/empty/proxy/']);
    assert.notEqual(empty.code, 0);
    assert.match(empty.stderr, /no endpoints available for service "empty"/);
    const missing = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/nope/proxy/']);
    assert.match(missing.stderr, /pods "nope" not found/);
  } finally {
    await c.stop();
  }
});
