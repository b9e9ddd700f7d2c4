// Node lifecycle across a playground restart on real Docker: a worker added at run time (and
// stopped, its containers paused) comes back after the restart with its pod re-adopted and
// running again, rather than staying a NotReady ghost with unmanaged containers; removing a
// node removes its containers and the pods bound to it (as PodGC does for a deleted node).
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

const pinned = `
apiVersion: v1
kind: Pod
metadata: {name: pinned}
spec:
  nodeName: playground-worker2
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: ${BUSYBOX_IMAGE}, imagePullPolicy: Never, command: [sleep, '3600']}
`;

const containersOf = (dataDir: string, node: string, status?: string) => execFileSync('docker', ['ps', '-aq', '--no-trunc',
  '--filter', `label=io.kube-playground.cluster=${clusterIdOf(dataDir)}`, '--filter', `label=io.kube-playground.node=${node}`,
  ...(status ? ['--filter', `status=${status}`] : [])], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();

test('an added node survives a playground restart; a removed node takes its pods along', { timeout: 240_000 }, async (t) => {
  if (!needDocker(t)) return;
  ensureTestImages();
  const dataDir = mkdtempSync(join(tmpdir(), 'kpg-nodes-'));
  let c: RunningCluster = await startCluster({ dataDir, runtime: 'docker', nodes: 1, ingressPort: 0 });
  const k = (args: string[], input?: string) => kubectl(c, args, input);
  try {
    assert.equal(await c.addNode(), 'playground-worker2');
    assert.equal((await k(['apply', '-f', '-'], pinned)).code, 0);
    assert.equal((await k(['wait', '--for=condition=Ready', 'pod/pinned', '--timeout=60s'])).code, 0);
    const id = (await k(['get', 'pod', 'pinned', '-o', 'jsonpath={.status.containerStatuses[0].containerID}'])).out;
    const before = containersOf(dataDir, 'playground-worker2');
    assert.equal(before.length, 2, 'sandbox and container');

    await c.stopNode('playground-worker2');
    assert.equal(containersOf(dataDir, 'playground-worker2', 'paused').length, 2);
    await c.stop();
    c = await startCluster({ dataDir, runtime: 'docker', nodes: 1, ingressPort: 0 });

    assert.deepEqual(c.nodes().map((n) => `${n.name} ${n.state}`).sort(),
      ['playground-control-plane running', 'playground-worker running', 'playground-worker2 running']);
    assert.deepEqual(containersOf(dataDir, 'playground-worker2', 'running'), before, 're-adopted and running again, no second copy');
    await waitFor('worker2 Ready', async () => (await k(['get', 'node', 'playground-worker2', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])).out === 'True');
    const exec = await k(['exec', 'pinned', '--', 'echo', 'alive']);
    assert.equal(exec.out.trim(), 'alive', exec.err);
    assert.equal((await k(['get', 'pod', 'pinned', '-o', 'jsonpath={.status.containerStatuses[0].containerID}'])).out, id);

    await c.removeNode('playground-worker2');
    assert.deepEqual(containersOf(dataDir, 'playground-worker2'), []);
    await waitFor('pods of the removed node deleted', async () => /NotFound/.test((await k(['get', 'pod', 'pinned'])).err));
    assert.equal((await k(['get', 'node', 'playground-worker2'])).code, 1);
  } finally {
    await c.stop({ removeContainers: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
