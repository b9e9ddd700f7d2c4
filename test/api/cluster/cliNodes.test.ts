// `kube-playground node …` against a playground the CLI runs (built dist/cli.js), seen through
// both the CLI's own listing and real kubectl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKubectl } from '../../helpers/kubectl';

const CLI = join(__dirname, '../../../dist/cli.js');

function cli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
    resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr })));
}

test('node add, stop, start and remove on a running playground', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CLI), 'dist/cli.js is built (npm test builds it)');
  const data = await mkdtemp(join(tmpdir(), 'kpg-cli-'));
  const child = spawn(process.execPath, [CLI, 'start', '--data', data, '--runtime', 'simulated', '--nodes', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no KUBECONFIG line in 40 s:\n${log}`)), 40_000);
      child.stdout.on('data', (d) => { log += d; if (/export KUBECONFIG=/.test(log)) { clearTimeout(t); resolve(); } });
      child.stderr.on('data', (d) => { log += d; });
      child.on('exit', (code) => reject(new Error(`playground exited ${code}:\n${log}`)));
    });
    const kubectl = makeKubectl(join(data, 'kubeconfig'), data);

    const added = await cli(['node', 'add', '--data', data]);
    assert.equal(added.code, 0, added.out);
    assert.match(added.out, /node playground-worker2 added/);
    const listed = await cli(['node', 'list', '--data', data]);
    assert.match(listed.out, /playground-worker2\s+worker\s+running/);
    const nodes = await kubectl(['get', 'nodes', '--no-headers']);
    assert.equal(nodes.stdout.trim().split('\n').length, 3, nodes.stdout);

    assert.equal((await cli(['node', 'stop', 'playground-worker2', '--data', data])).code, 0);
    assert.match((await cli(['node', 'list', '--data', data])).out, /playground-worker2\s+worker\s+stopped/);
    assert.equal((await cli(['node', 'start', 'playground-worker2', '--data', data])).code, 0);

    const bad = await cli(['node', 'stop', 'nope', '--data', data]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.out, /nope/);

    assert.equal((await cli(['node', 'remove', 'playground-worker2', '--data', data])).code, 0);
    const after = await kubectl(['get', 'nodes', '--no-headers']);
    assert.doesNotMatch(after.stdout, /playground-worker2/);
  } finally {
    await cli(['stop', '--data', data]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(data, { recursive: true, force: true });
  }
});

test('node commands say clearly when no playground runs', async () => {
  const data = await mkdtemp(join(tmpdir(), 'kpg-cli-'));
  const r = await cli(['node', 'list', '--data', data]);
  assert.equal(r.code, 1);
  assert.match(r.out, /no playground is running/);
  await rm(data, { recursive: true, force: true });
});
