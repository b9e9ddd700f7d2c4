// The classic walkthrough on the whole playground (startCluster: API server, controllers,
// scheduler, Docker nodes) with real kubectl: a ConfigMap and a Secret, a "database"
// Deployment + Service (busybox httpd), a web Deployment reading both through env; rollout,
// logs and exec through the API server; then the playground is stopped and started again on
// the same data dir, and the running containers are re-adopted (same ids, no duplicates).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { clusterIdOf, startCluster } from '../../../src/cluster/cluster';
import { kubectlPath, needDocker } from '../../helpers/env';
import { BUSYBOX_IMAGE, ensureTestImages } from '../../helpers/images';

const manifest = `
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {GREETING: hello}
---
apiVersion: v1
kind: Secret
metadata: {name: db-secret}
stringData: {PASSWORD: s3cret}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db}
spec:
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: ${BUSYBOX_IMAGE}
        command: [sh, -c, 'mkdir -p /www && echo db-ok > /www/index.html && exec httpd -f -p 8080 -h /www']
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  selector: {app: db}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: ${BUSYBOX_IMAGE}
        command: [sh, -c, 'echo web says $GREETING; exec sleep 600']
        env:
        - {name: GREETING, valueFrom: {configMapKeyRef: {name: web-config, key: GREETING}}}
        - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db-secret, key: PASSWORD}}}
`;

function kubectl(kubeconfig: string, home: string, args: string[], input?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(kubectlPath(), args, { env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig }, timeout: 150_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0, out: stdout + stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

const ids = (cluster: string) => execFileSync('docker', ['ps', '-q', '--no-trunc', '--filter', `label=io.kube-playground.cluster=${cluster}`], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();

test('walkthrough on the whole playground with kubectl; restart re-adopts the pods', async (t) => {
  if (!needDocker(t)) return;
  ensureTestImages();
  const dataDir = mkdtempSync(join(tmpdir(), 'kp-cluster-'));
  let cluster = await startCluster({ dataDir, nodes: 1, runtime: 'docker' });
  try {
    const k = (args: string[], input?: string) => kubectl(cluster.kubeconfigPath, dataDir, args, input);
    const applied = await k(['apply', '-f', '-'], manifest);
    assert.equal(applied.code, 0, applied.out);
    for (const d of ['db', 'web']) {
      const r = await k(['rollout', 'status', `deployment/${d}`, '--timeout=120s']);
      assert.equal(r.code, 0, r.out);
    }
    const logs = await k(['logs', 'deployment/web']);
    assert.match(logs.out, /web says hello/);
    const env = await k(['exec', 'deploy/web', '--', 'env']);
    assert.match(env.out, /^DB_PASSWORD=s3cret$/m);
    assert.match(env.out, /^DB_SERVICE_HOST=\d+\.\d+\.\d+\.\d+$/m);
    const pods = await k(['get', 'pods', '-o', 'wide']);
    assert.equal(pods.code, 0, pods.out);
    assert.equal((pods.out.match(/Running/g) ?? []).length, 3, pods.out);
    assert.match(pods.out, /playground-worker/);

    const before = ids(clusterIdOf(dataDir));
    assert.equal(before.length, 6, 'three sandboxes and three app containers');
    await cluster.stop();
    assert.deepEqual(ids(clusterIdOf(dataDir)), before, 'pods survive the control plane');
    cluster = await startCluster({ dataDir, nodes: 1, runtime: 'docker' });
    const k2 = (args: string[]) => kubectl(cluster.kubeconfigPath, dataDir, args);
    const again = await k2(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.equal(again.code, 0, again.out);
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual(ids(clusterIdOf(dataDir)), before, 're-adopted: the same containers, none added');
  } finally {
    await cluster.stop();
    execFileSync('sh', ['-c', `docker ps -aq --filter label=io.kube-playground.cluster=${clusterIdOf(dataDir)} | xargs -r docker rm -f`]);
    execFileSync('sh', ['-c', `docker network rm kube-playground-${clusterIdOf(dataDir)} || true`], { stdio: 'ignore' });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
