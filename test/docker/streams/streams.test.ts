// End to end through the playground: real kubectl 1.32 → API server → stream handlers →
// the kubelet's Docker-backed PodStreams → a real container. exec -i (stdin to a shell and
// the exit code back), logs -f (lines as the container prints them), port-forward (an HTTP
// request to busybox httpd in the pod).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';
import * as net from 'node:net';
import { test } from 'node:test';
import { startNodes } from '../../../src/cluster/kubelet/nodePool';
import { kubectlPath, needDocker } from '../../helpers/env';
import { BUSYBOX_IMAGE, ensureTestImages } from '../../helpers/images';
import { startPlayground, type Playground } from '../../helpers/playground';

const manifest = `
apiVersion: v1
kind: Pod
metadata: {name: streams}
spec:
  nodeName: playground-worker
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: [sh, -c, 'mkdir -p /www && echo served-from-pod > /www/index.html && httpd -p 8080 -h /www && i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.3; done']
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
`;

function spawnKubectl(pg: Playground, args: string[]) {
  return spawn(kubectlPath(), args, { env: { PATH: process.env.PATH ?? '', HOME: pg.dataDir, KUBECONFIG: pg.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

test('kubectl exec -i, logs -f and port-forward reach a real container', async (t) => {
  if (!needDocker(t)) return;
  ensureTestImages();
  const pg = await startPlayground();
  const pool = await startNodes(pg.client, { dataDir: pg.dataDir, clusterId: `s${Math.random().toString(36).slice(2, 8)}`, runtime: 'docker', workers: 1, log: () => undefined, backoffBaseMs: 500 });
  pg.api.setPodStreams(pool.streams);
  try {
    const applied = await pg.kubectl(['apply', '-f', '-'], { input: manifest });
    assert.equal(applied.code, 0, applied.stderr);
    const wait = await pg.kubectl(['wait', '--for=condition=Ready', 'pod/streams', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(wait.code, 0, wait.stderr + wait.stdout);

    await t.test('exec -i: stdin reaches the shell, EOF ends it, exit codes come back', async () => {
      const r = await pg.kubectl(['exec', '-i', 'streams', '--', 'sh'], { input: 'echo hi from $(cat /www/index.html)\nread x; echo never\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'hi from served-from-pod\nnever\n');
      const bad = await pg.kubectl(['exec', 'streams', '--', 'sh', '-c', 'echo oops >&2; exit 7']);
      assert.equal(bad.code, 7);
      assert.match(bad.stderr, /oops\n(.|\n)*command terminated with exit code 7/);
    });

    await t.test('kubectl cp: binary data through exec stdin and stdout, unchanged', async () => {
      const local = join(pg.dataDir, 'blob.bin');
      const blob = randomBytes(300_000);
      writeFileSync(local, blob);
      const up = await pg.kubectl(['cp', local, 'streams:/tmp/blob.bin'], { cwd: pg.dataDir });
      assert.equal(up.code, 0, up.stderr);
      const sum = await pg.kubectl(['exec', 'streams', '--', 'md5sum', '/tmp/blob.bin']);
      assert.equal(sum.stdout.split(' ')[0], createHash('md5').update(blob).digest('hex'));
      const down = await pg.kubectl(['cp', 'streams:/tmp/blob.bin', 'back.bin'], { cwd: pg.dataDir });
      assert.equal(down.code, 0, down.stderr);
      assert.ok(readFileSync(join(pg.dataDir, 'back.bin')).equals(blob));
    });

    await t.test('logs -f follows the container output', async () => {
      const child = spawnKubectl(pg, ['logs', '-f', 'streams']);
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      try {
        await until('a tick', () => /tick \d+\n/.test(out));
        const seen = (out.match(/tick (\d+)/g) ?? []).length;
        await until('more ticks while the request stays open', () => (out.match(/tick (\d+)/g) ?? []).length >= seen + 2);
      } finally {
        child.kill('SIGTERM');
      }
    });

    await t.test('port-forward carries HTTP to the pod port', async () => {
      const local = await freePort();
      const child = spawnKubectl(pg, ['port-forward', 'pod/streams', `${local}:8080`]);
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      try {
        await until('Forwarding from', () => out.includes('Forwarding from'));
        for (let i = 0; i < 3; i++) {
          const body = await new Promise<string>((resolve, reject) => {
            http.get({ host: '127.0.0.1', port: local, path: '/', agent: false }, (res) => {
              let b = '';
              res.on('data', (d) => { b += d; });
              res.on('end', () => resolve(b));
            }).on('error', reject);
          });
          assert.equal(body, 'served-from-pod\n');
        }
      } finally {
        child.kill('SIGTERM');
      }
    });
  } finally {
    await pool.removeAll().catch(() => undefined);
    await pool.stop({ keepContainers: false }).catch(() => undefined);
    await pg.stop();
  }
});
