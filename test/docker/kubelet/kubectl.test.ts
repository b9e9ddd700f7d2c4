// The nodes behind the real API server and real kubectl 1.32: pods bound to a Docker node
// become Running/Ready in `kubectl get`, `kubectl logs` and `kubectl exec` reach the
// container through the API server's stream handlers and the kubelet's PodStreams, and
// `kubectl delete` completes once the kubelet has stopped the containers (graceful deletion).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startNodes } from '../../../src/cluster/kubelet/nodePool';
import { needDocker } from '../../helpers/env';
import { BUSYBOX_IMAGE, ensureTestImages } from '../../helpers/images';
import { startPlayground } from '../../helpers/playground';

const manifest = `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {GREETING: hello}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {PASSWORD: s3cret}
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  nodeName: playground-worker
  terminationGracePeriodSeconds: 2
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: [sh, -c, 'echo greeting=$GREETING; exec httpd -f -p 8080']
    env:
    - {name: GREETING, valueFrom: {configMapKeyRef: {name: cfg, key: GREETING}}}
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: creds, key: PASSWORD}}}
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
`;

test('kubectl get/wait/logs/exec/delete against Docker-backed nodes', async (t) => {
  if (!needDocker(t)) return;
  ensureTestImages();
  const pg = await startPlayground();
  const pool = await startNodes(pg.client, { dataDir: pg.dataDir, clusterId: `k${Math.random().toString(36).slice(2, 8)}`, runtime: 'docker', workers: 1, log: () => undefined, backoffBaseMs: 500 });
  pg.api.setPodStreams(pool.streams);
  try {
    const nodes = await pg.kubectl(['get', 'nodes', '-o', 'name']);
    assert.equal(nodes.code, 0, nodes.stderr);
    assert.deepEqual(nodes.stdout.trim().split('\n').sort(), ['node/playground-control-plane', 'node/playground-worker']);
    const applied = await pg.kubectl(['apply', '-f', '-'], { input: manifest });
    assert.equal(applied.code, 0, applied.stderr);
    const wait = await pg.kubectl(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(wait.code, 0, wait.stderr + wait.stdout);
    const get = await pg.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].ready} {.status.podIP}']);
    assert.match(get.stdout, /^Running true \d+\.\d+\.\d+\.\d+$/);
    const logs = await pg.kubectl(['logs', 'web']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /greeting=hello/);
    const exec = await pg.kubectl(['exec', 'web', '--', 'env']);
    assert.equal(exec.code, 0, exec.stderr);
    assert.match(exec.stdout, /^PASSWORD=s3cret$/m);
    const del = await pg.kubectl(['delete', 'pod', 'web', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(del.code, 0, del.stderr);
    const after = await pg.kubectl(['get', 'pod', 'web']);
    assert.match(after.stderr, /NotFound|not found/);
    assert.equal((await pool.runtime.listContainers('playground-worker')).length, 0);
  } finally {
    await pool.stop({ keepContainers: false });
    await pg.stop();
  }
});
