// Node lifecycle across a playground restart on real Docker: a node stopped (containers paused)
// when the playground went down comes back running with its pod re-adopted; a worker beyond
// this start's --nodes (added at run time) is removed with its containers and pods instead of
// staying a NotReady ghost with containers nobody manages; removing a node removes its
// containers and the pods bound to it (as PodGC does for a deleted node).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { clusterIdOf, startCluster } from '../../../src/cluster/cluster';
import type { RunningCluster } from '../../../src/cluster/types';
import { needDocker } from '../../helpers/env';
import { BUSYBOX_IMAGE, ensureTestImages } from '../../helpers/images';
import { kubectl, waitFor } from '../network/util';

const pinned = (name: string, node: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: ${BUSYBOX_IMAGE}, imagePullPolicy: Never, command: [sleep, '3600']}
`;

const containersOf = (dataDir: string, node: string, status?: string) => execFileSync('docker', ['ps', '-aq', '--no-trunc',
  '--filter', `label=io.kube-playground.cluster=${clusterIdOf(dataDir)}`, '--filter', `label=io.kube-playground.node=${node}`,
  ...(status ? ['--filter', `status=${status}`] : [])], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();

test('a stopped node comes back running after a restart; nodes beyond --nodes and removed nodes take their pods along', { timeout: 240_000 }, async (t) => {
  if (!needDocker(t)) return;
  ensureTestImages();
  const dataDir = mkdtempSync(join(tmpdir(), 'kpg-nodes-'));
  let c: RunningCluster = await startCluster({ dataDir, runtime: 'docker', nodes: 1, ingressPort: 0 });
  const k = (args: string[], input?: string) => kubectl(c, args, input);
  const gone = async (what: string) => waitFor(`${what} deleted`, async () => /NotFound/.test((await k(['get', what])).err));
  try {
    assert.equal(await c.addNode(), 'playground-worker2');
    assert.equal((await k(['apply', '-f', '-'], pinned('a', 'playground-worker') + '---' + pinned('b', 'playground-worker2'))).code, 0);
    assert.equal((await k(['wait', '--for=condition=Ready', 'pod/a', 'pod/b', '--timeout=60s'])).code, 0);
    const id = (await k(['get', 'pod', 'a', '-o', 'jsonpath={.status.containerStatuses[0].containerID}'])).out;
    const before = containersOf(dataDir, 'playground-worker');
    assert.equal(before.length, 2, 'sandbox and container');

    await c.stopNode('playground-worker');
    assert.equal(containersOf(dataDir, 'playground-worker', 'paused').length, 2);
    await c.stop();
    c = await startCluster({ dataDir, runtime: 'docker', nodes: 1, ingressPort: 0 });

    assert.deepEqual(c.nodes().map((n) => `${n.name} ${n.state}`), ['playground-control-plane running', 'playground-worker running']);
    assert.deepEqual(containersOf(dataDir, 'playground-worker', 'running'), before, 're-adopted and running again, no second copy');
    const exec = await k(['exec', 'a', '--', 'echo', 'alive']);
    assert.equal(exec.out.trim(), 'alive', exec.err);
    assert.equal((await k(['get', 'pod', 'a', '-o', 'jsonpath={.status.containerStatuses[0].containerID}'])).out, id);
    assert.deepEqual(containersOf(dataDir, 'playground-worker2'), [], 'the worker beyond --nodes 1 is removed with its containers');
    assert.equal((await k(['get', 'node', 'playground-worker2'])).code, 1);
    await gone('pod/b');

    assert.equal(await c.addNode(), 'playground-worker2');
    assert.equal((await k(['apply', '-f', '-'], pinned('c', 'playground-worker2'))).code, 0);
    assert.equal((await k(['wait', '--for=condition=Ready', 'pod/c', '--timeout=60s'])).code, 0);
    await c.removeNode('playground-worker2');
    assert.deepEqual(containersOf(dataDir, 'playground-worker2'), []);
    await gone('pod/c');
    assert.equal((await k(['get', 'node', 'playground-worker2'])).code, 1);
  } finally {
    await c.stop({ removeContainers: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
