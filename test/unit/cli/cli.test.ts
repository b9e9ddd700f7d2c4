// The headless CLI as a user runs it: `node dist/cli.js` (built by webpack, as shipped) on a
// temp data dir: start, status, snapshot save, stop, restore, and the refusals in between.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { openStore } from '../../../src/cluster/store';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist', 'cli.js');

before(() => {
  execFileSync('npx', ['webpack', '--mode', 'production'], { cwd: root, stdio: 'pipe' });
});

function run(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });

async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('start, status, snapshot save, stop, restore on a temp data dir', { timeout: 120_000 }, async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-cli-'));
  const storeDir = path.join(data, 'store');
  // Objects the API server would have written: put them in the store before starting.
  const s = await openStore(storeDir);
  for (let i = 0; i < 10; i++) await s.create(`/registry/configmaps/default/c${i}`, cm(`c${i}`));
  await s.close();

  assert.equal(run('status', '--data', data).code, 3, 'status exits 3 while stopped');

  const child = spawn(process.execPath, [cli, 'start', '--data', data, '--runtime', 'simulated', '--nodes', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    await waitFor(() => out.includes('running (pid'), 'start to report running', 60_000);
    // The kubeconfig lines appear once the API server has written the file.
    await waitFor(() => out.includes(`export KUBECONFIG=${path.join(data, 'kubeconfig')}`), 'the export line');
    assert.match(run('kubeconfig', '--print', '--data', data).out, /kind: Config/);

    const st = run('status', '--data', data);
    assert.equal(st.code, 0, st.out + st.err);
    assert.match(st.out, new RegExp(`running: pid ${child.pid}`));

    const second = run('start', '--data', data);
    assert.equal(second.code, 1);
    assert.match(second.err, /already running/);

    const backup = path.join(data, '..', path.basename(data) + '-backup.db');
    const saved = run('snapshot', 'save', backup, '--data', data);
    assert.equal(saved.code, 0, saved.err);
    const savedRevision = Number(/saved snapshot at revision (\d+)/.exec(saved.out)?.[1]);
    assert.ok(savedRevision >= 10, saved.out);

    const refused = run('snapshot', 'restore', backup, '--data', data);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /playground is running \(pid \d+\); stop it first/);

    const stopped = run('stop', '--data', data);
    assert.equal(stopped.code, 0, stopped.err + '\n--- start output:\n' + out);
    assert.equal(await exited, 0);
    assert.match(out, /SIGTERM, stopping/);
    assert.equal(fs.existsSync(path.join(data, 'playground.json')), false, 'state file removed on stop');

    // Change the store after the backup, then restore it.
    const s2 = await openStore(storeDir);
    await s2.delete('/registry/configmaps/default/c0');
    await s2.create('/registry/configmaps/default/late', cm('late'));
    await s2.close();
    const restored = run('snapshot', 'restore', backup, '--data', data);
    assert.equal(restored.code, 0, restored.err);
    assert.match(restored.out, new RegExp(`restored \\d+ objects at revision ${savedRevision}`));
    const s3 = await openStore(storeDir);
    try {
      assert.ok(s3.get('/registry/configmaps/default/c0'));
      assert.equal(s3.get('/registry/configmaps/default/late'), undefined);
      assert.equal(s3.revision, savedRevision);
    } finally {
      await s3.close();
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('SIGINT stops a foreground start cleanly; usage errors exit 2', { timeout: 60_000 }, async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-cli-'));
  const child = spawn(process.execPath, [cli, 'start', '--data', data, '--runtime', 'simulated', '--nodes', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await waitFor(() => out.includes('running (pid'), 'start', 60_000);
  child.kill('SIGINT');
  assert.equal(await exited, 0);
  assert.match(out, /SIGINT, stopping[\s\S]*stopped/);
  assert.equal(run('stop', '--data', data).out.trim(), `kube-playground: not running (${data})`);
  assert.equal(run('start', '--data', data, '--bogus').code, 2);
  assert.equal(run('nonsense').code, 2);
  assert.match(run('start', '--data', data, '--runtime', 'podman').err, /--runtime must be auto, docker or simulated/);
  assert.equal(run('kubeconfig', '--data', data).out.trim(), path.join(data, 'kubeconfig'));
});
