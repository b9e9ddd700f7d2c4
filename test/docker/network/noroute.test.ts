// Docker Desktop's case on Linux (hostRoute: false, as there the host has no route to pod IPs)
// with an image that has no `nc` (as nginx, redis or postgres images): httpGet and tcpSocket
// probes and `kubectl port-forward` reach the pod through the service proxy container's dial
// port, not through a tool inside the user's image.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCluster } from '../../../src/cluster/cluster';
import { kubectlPath, needDocker } from '../../helpers/env';
import { kubectl, waitFor } from './util';

const IMAGE = 'playground/busybox-nonc:1';

/** busybox with only the applets the pod needs: no nc, wget or telnet to tunnel through. */
function ensureImageWithoutNc(): void {
  try { execFileSync('docker', ['image', 'inspect', IMAGE], { stdio: 'pipe' }); return; } catch { /* build it */ }
  const root = mkdtempSync(join(tmpdir(), 'nonc-rootfs-'));
  try {
    for (const d of ['bin', 'tmp']) mkdirSync(join(root, d));
    copyFileSync(process.env.BUSYBOX ?? '/usr/bin/busybox', join(root, 'bin/busybox'));
    chmodSync(join(root, 'bin/busybox'), 0o755);
    for (const a of ['sh', 'httpd', 'echo', 'mkdir', 'sleep']) symlinkSync('busybox', join(root, 'bin', a));
    const tar = `${root}.tar`;
    execFileSync('tar', ['-C', root, '-cf', tar, '.']);
    execFileSync('docker', ['import', '--change', 'ENV PATH=/bin', tar, IMAGE], { stdio: 'pipe' });
    rmSync(tar, { force: true });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const manifest = `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: ${IMAGE}
    imagePullPolicy: Never
    command: [sh, -c, 'mkdir -p /www && echo no-nc-ok > /www/index.html && exec httpd -f -p 8080 -h /www']
    readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1}
    livenessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1, failureThreshold: 2}
`;

function hostBody(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 5000 }, (res) => {
      let b = ''; res.on('data', (d) => (b += d)); res.on('end', () => resolve(b));
    }).on('error', reject);
  });
}

test('no route to pods: probes and port-forward go through the proxy container, not nc in the image', { timeout: 180_000 }, async (t) => {
  if (!needDocker(t)) return;
  ensureImageWithoutNc();
  const dataDir = mkdtempSync(join(tmpdir(), 'kpg-noroute-'));
  const c = await startCluster({ dataDir, runtime: 'docker', nodes: 1, ingressPort: 0, hostRoute: false });
  const k = (args: string[], input?: string) => kubectl(c, args, input);
  try {
    const applied = await k(['apply', '-f', '-'], manifest);
    assert.equal(applied.code, 0, applied.err);
    const ready = await k(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s'], undefined);
    assert.equal(ready.code, 0, `httpGet readiness through the proxy: ${ready.err}${(await k(['describe', 'pod', 'web'])).out}`);

    const pf = spawn(kubectlPath(), ['port-forward', 'pod/web', ':8080'], { env: { PATH: process.env.PATH ?? '', KUBECONFIG: c.kubeconfigPath, HOME: dataDir } });
    try {
      let out = '';
      pf.stdout.on('data', (d) => (out += d));
      const port = await waitFor('port-forward listening', async () => Number(/127\.0\.0\.1:(\d+)/.exec(out)?.[1]) || undefined, 20_000);
      assert.equal((await hostBody(port)).trim(), 'no-nc-ok');
    } finally {
      pf.kill();
    }

    await new Promise((r) => setTimeout(r, 3000));
    const restarts = await k(['get', 'pod', 'web', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}']);
    assert.equal(restarts.out, '0', 'the tcpSocket liveness probe passes');
  } finally {
    await c.stop({ removeContainers: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
