// The playground process killed outright (SIGKILL: no stop, playground.json left behind) and
// started again on the same data dir, as a user's crashed editor or `kill -9` would: the real
// CLI (dist/cli.js) on Docker, real kubectl. The pods' containers keep running meanwhile, and
// the new process re-adopts them: the same containers, none added, no restarts.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { clusterIdOf } from '../../../src/cluster/cluster';
import { kubectlPath, needDocker } from '../../helpers/env';
import { BUSYBOX_IMAGE, ensureTestImages } from '../../helpers/images';

const CLI = join(__dirname, '../../../dist/cli.js');

const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: keep}
spec:
  replicas: 2
  selector: {matchLabels: {app: keep}}
  template:
    metadata: {labels: {app: keep}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - {name: main, image: ${BUSYBOX_IMAGE}, imagePullPolicy: Never, command: [sleep, '3600']}
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

async function startCli(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'start', '--data', dataDir, '--runtime', 'docker', '--nodes', '1', '--ingress-port', String(await freePort())], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no KUBECONFIG line in 90 s:\n${log}`)), 90_000);
    const on = (d: Buffer) => { log += d; if (/export KUBECONFIG=/.test(log)) { clearTimeout(t); resolve(); } };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`playground exited ${code}:\n${log}`)); });
  });
  return child;
}

function kubectl(dataDir: string, args: string[], input?: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(kubectlPath(), args, { input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dataDir, KUBECONFIG: join(dataDir, 'kubeconfig') }, timeout: 120_000 }) };
  } catch (e) {
    return { code: 1, out: `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}` };
  }
}

test('a playground killed with SIGKILL and started again re-adopts its running containers', { timeout: 300_000 }, async (t) => {
  if (!needDocker(t)) return;
  assert.ok(existsSync(CLI), 'dist/cli.js is built (npm test builds it)');
  ensureTestImages();
  const dataDir = mkdtempSync(join(tmpdir(), 'kpg-killed-'));
  const id = clusterIdOf(dataDir);
  const running = () => execFileSync('docker', ['ps', '-q', '--no-trunc', '--filter', `label=io.kube-playground.cluster=${id}`], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  const all = () => execFileSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `label=io.kube-playground.cluster=${id}`], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  let child = await startCli(dataDir);
  try {
    assert.equal(kubectl(dataDir, ['apply', '-f', '-'], manifest).code, 0);
    const rolled = kubectl(dataDir, ['rollout', 'status', 'deployment/keep', '--timeout=90s']);
    assert.equal(rolled.code, 0, rolled.out);
    const before = running();
    assert.equal(before.length, 4, 'two sandboxes and two containers');

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.ok(existsSync(join(dataDir, 'playground.json')), 'a killed process leaves its state file behind');
    assert.deepEqual(running(), before, 'pods keep running without the playground');

    child = await startCli(dataDir);
    const again = kubectl(dataDir, ['rollout', 'status', 'deployment/keep', '--timeout=60s']);
    assert.equal(again.code, 0, again.out);
    await new Promise((r) => setTimeout(r, 4000)); // a few sync rounds and a housekeeping pass
    assert.deepEqual(all(), before, 're-adopted: the same containers, none added or left over');
    const restarts = kubectl(dataDir, ['get', 'pods', '-l', 'app=keep', '-o', 'jsonpath={.items[*].status.containerStatuses[0].restartCount}']);
    assert.equal(restarts.out, '0 0');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)));
    execFileSync('sh', ['-c', `docker ps -aq --filter label=io.kube-playground.cluster=${id} | xargs -r docker rm -f; docker rm -f kube-playground-proxy-${id}; docker network rm kube-playground-${id}`], { stdio: 'ignore' });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
