// "Start" attaches to a playground the CLI already runs on the extension's data dir: the
// embedded playground is stopped, `dist/cli.js start --data DIR` (a real process) takes the same
// store, and Start finds it (state 'attached'); the tree shows that process' cluster, and node
// operations reach it through its control socket. Ending the CLI (by its PID) lets the extension
// notice; the embedded playground is started again for whatever runs next.
import * as assert from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PlaygroundTestApi } from '../../../src/extension';
import { EXT_ID, api as getApi, description, info, switchTo, treeNodeNames, until, walk } from './shared';

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => { clearTimeout(t); resolve(true); });
  });
}

describe('Attach to a playground the CLI runs', () => {
  let api: PlaygroundTestApi;
  before(async () => { api = await getApi(); });

  it('"Start" attaches (state attached); the tree shows the CLI\'s cluster; nodes are added through it', async function () {
    this.timeout(300_000);
    await until('the embedded playground running', () => api.ctx.lifecycle.state === 'running', 120_000);
    const previous = api.ctx.target?.id;
    const dataDir = api.ctx.lifecycle.dataDir;
    const cli = path.join(vscode.extensions.getExtension(EXT_ID)!.extensionPath, 'dist', 'cli.js');
    const node = process.execPath; // the extension host's Node (ELECTRON_RUN_AS_NODE makes an Electron host one too)
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
    await vscode.commands.executeCommand('kubePlayground.stop');
    assert.strictEqual(api.ctx.lifecycle.state, 'stopped');

    let output = '';
    const child = spawn(node, [cli, 'start', '--data', dataDir, '--runtime', 'simulated', '--nodes', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => { output += d.toString('utf8'); });
    child.stderr!.on('data', (d: Buffer) => { output += d.toString('utf8'); });
    try {
      const state = await until('the CLI playground to run', () => {
        if (child.exitCode !== null) throw new Error(`the CLI exited ${child.exitCode}: ${output}`);
        const s = JSON.parse(fs.readFileSync(path.join(dataDir, 'playground.json'), 'utf8'));
        return s.pid === child.pid && s.server && fs.existsSync(path.join(dataDir, 'control.sock')) ? s : undefined;
      }, 120_000).catch((e) => { throw new Error(`${(e as Error).message}\nCLI output: ${output}`); });

      assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.start'), 'attached');
      assert.strictEqual(api.ctx.lifecycle.attached?.pid, child.pid);
      assert.strictEqual(api.ctx.lifecycle.cluster, undefined, 'no cluster runs in the extension host');
      if (api.ctx.target?.id !== 'playground') await switchTo(api, 'playground');
      await until('the views on the CLI\'s server', () => api.ctx.target?.playground && api.ctx.target.kc.getCurrentCluster()?.server === state.server, 30_000);
      assert.ok(await api.ctx.cache!.whenSynced(30_000));
      await until('the CLI\'s nodes Ready in the tree', () => ['playground-control-plane', 'playground-worker'].every((n) => /^Ready/.test(description(api, walk(api, 'Nodes', n)))), 60_000);
      // --nodes 1, plus the workers the earlier tests added on this data dir (they come back with it)
      const cliNodes = (await api.ctx.lifecycle.nodes()).map((n) => n.name);
      assert.ok(['playground-control-plane', 'playground-worker'].every((n) => cliNodes.includes(n)), `the CLI's nodes: ${cliNodes.join(', ')}`);

      // Add Node goes to the CLI's process: its own `node list` shows the new node
      const added = await vscode.commands.executeCommand<string>('kubePlayground.addNode');
      assert.ok(added && !cliNodes.includes(added), `a new node: ${added}`);
      const list = spawnSync(node, [cli, 'node', 'list', '--data', dataDir], { env, encoding: 'utf8', timeout: 30_000 });
      assert.match(list.stdout, new RegExp(`^${added}\\s+worker\\s+running$`, 'm'), list.stdout + list.stderr);
      await until('the added node Ready in the tree', () => /^Ready/.test(description(api, walk(api, 'Nodes', added))), 60_000);
      info.attached = { pid: child.pid, server: state.server, nodes: treeNodeNames(api) };

      // the CLI ends (by its PID): the extension lets go of it
      process.kill(child.pid!, 'SIGTERM');
      assert.ok(await exited(child, 60_000), 'the CLI stopped on SIGTERM');
      await until('the extension to notice the CLI is gone', () => api.ctx.lifecycle.state === 'stopped', 15_000);
      assert.strictEqual(api.ctx.target, undefined, 'the views leave the stopped playground');
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid!, 'SIGTERM');
        if (!(await exited(child, 30_000))) process.kill(child.pid!, 'SIGKILL');
      }
      // the embedded playground again, as before this test; first the extension must have let go
      // of the CLI's (its check runs every second), or Start would find it still attached
      await until('the extension to let go of the CLI\'s playground', () => api.ctx.lifecycle.state !== 'attached', 15_000);
      const started = await vscode.commands.executeCommand('kubePlayground.start');
      await until('the embedded playground running again', () => api.ctx.lifecycle.state === 'running', 120_000).catch((e) => {
        throw new Error(`${(e as Error).message} (Start returned ${String(started)}; state ${api.ctx.lifecycle.state}${api.ctx.lifecycle.error ? `: ${api.ctx.lifecycle.error}` : ''})`);
      });
      if (previous && api.ctx.target?.id !== previous) await switchTo(api, previous);
    }
  });
});
