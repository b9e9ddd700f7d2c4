// Add Node / Stop Node / Start Node through the extension's commands on the embedded playground:
// the tree's Nodes follow (a stopped node turns NotReady after the playground's node monitor
// grace period, PLAYGROUND_TIMING: 20 s, instead of Kubernetes' 40 s).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { PlaygroundTestApi } from '../../../src/extension';
import { api as getApi, description, info, onPlayground, until, walk } from './shared';

describe('Nodes through the commands', () => {
  let api: PlaygroundTestApi;
  before(async () => { api = await getApi(); });

  it('adds a node that appears Ready in the tree, stops it (NotReady) and starts it again (Ready)', async function () {
    this.timeout(240_000);
    await onPlayground(api, async () => {
      const before = (await api.ctx.lifecycle.nodes()).map((n) => n.name);
      const name = await vscode.commands.executeCommand<string>('kubePlayground.addNode');
      assert.match(name, /^playground-worker\d*$/);
      assert.ok(!before.includes(name), `${name} is new (had ${before.join(', ')})`);
      await until(`${name} Ready under Nodes`, () => /^Ready/.test(description(api, walk(api, 'Nodes', name))), 60_000);

      assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.stopNode', name), name);
      assert.strictEqual((await api.ctx.lifecycle.nodes()).find((n) => n.name === name)?.state, 'stopped');
      const t0 = Date.now();
      await until(`${name} NotReady under Nodes`, () => /^NotReady/.test(description(api, walk(api, 'Nodes', name))), 90_000);
      info.nodeNotReadyAfterMs = Date.now() - t0;
      // the other nodes keep heartbeating
      for (const other of before) assert.match(description(api, walk(api, 'Nodes', other)), /^Ready/, other);

      assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.startNode', name), name);
      await until(`${name} Ready again`, () => /^Ready/.test(description(api, walk(api, 'Nodes', name))), 90_000);
    });
  });
});
