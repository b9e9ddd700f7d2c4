// Contexts: a KUBECONFIG list of several files (path.delimiter separated) offers every context of
// every file plus the playground, merged by kubectl's rules (the two files written here share a
// user name, and the list names a file that does not exist); switching context re-targets the
// tree, the cache and the terminals' KUBECONFIG. One file points at the playground's own server
// under another context name, the other at a port where nothing listens.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse, stringify } from 'yaml';
import type { PlaygroundTestApi } from '../../../src/extension';
import { api as getApi, inTerminal, info, switchTo, treeNodeNames, until } from './shared';

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('Contexts from a KUBECONFIG list', () => {
  let api: PlaygroundTestApi;
  before(async () => { api = await getApi(); });

  it('lists every context of every file plus the playground; switching re-targets the views', async function () {
    this.timeout(180_000);
    await until('the playground to be up', () => api.ctx.lifecycle.isUp, 120_000);
    const previous = api.ctx.target?.id;
    const envBefore = process.env.KUBECONFIG;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpg-contexts-'));
    try {
      const pg = parse(fs.readFileSync(api.ctx.lifecycle.kubeconfigPath!, 'utf8'));
      const pgServer: string = pg.clusters[0].cluster.server;
      const gone = `https://127.0.0.1:${await closedPort()}`;
      const write = (name: string, config: unknown) => { const f = path.join(dir, name); fs.writeFileSync(f, stringify(config)); return f; };
      const a = write('a.yaml', {
        apiVersion: 'v1', kind: 'Config', 'current-context': 'kpg-alias',
        clusters: [{ name: 'kpg-test-playground', cluster: pg.clusters[0].cluster }],
        users: [{ name: 'kpg-test-admin', user: pg.users[0].user }],
        contexts: [{ name: 'kpg-alias', context: { cluster: 'kpg-test-playground', user: 'kpg-test-admin' } }],
      });
      const b = write('b.yaml', {
        apiVersion: 'v1', kind: 'Config', 'current-context': 'kpg-gone',
        clusters: [{ name: 'kpg-test-gone', cluster: { server: gone, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'kpg-test-admin', user: { token: 'another-file-same-user-name' } }], // first file's wins, as in kubectl
        contexts: [{ name: 'kpg-gone', context: { cluster: 'kpg-test-gone', user: 'kpg-test-admin' } }],
      });
      const list = [a, path.join(dir, 'missing.yaml'), b, ...(envBefore ? [envBefore] : [])].join(path.delimiter);
      process.env.KUBECONFIG = list;

      const original = process.env.KPG_FALLBACK_CONTEXT ? [`context:${process.env.KPG_FALLBACK_CONTEXT}`] : [];
      assert.deepStrictEqual(api.ctx.targets().map((t) => t.id), ['playground', 'context:kpg-alias', 'context:kpg-gone', ...original]);

      await switchTo(api, 'context:kpg-alias');
      const t = api.ctx.target!;
      assert.strictEqual(t.playground, false);
      assert.strictEqual(t.kc.getCurrentCluster()?.server, pgServer);
      assert.strictEqual(t.kc.getCurrentUser()?.token, pg.users[0].user.token, 'the first file defines kpg-test-admin');
      const pinned = api.ctx.ext.environmentVariableCollection.get('KUBECONFIG')?.value ?? '';
      assert.ok(pinned.endsWith(path.delimiter + list), `terminals get the whole list, after the file pinning the context: ${pinned}`);
      const pgNodes = (await api.ctx.lifecycle.nodes()).map((n) => n.name);
      await until('the playground\'s nodes through kpg-alias', () => pgNodes.every((n) => treeNodeNames(api).includes(n)), 30_000);

      assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.switchContext', 'context:kpg-gone'), 'context:kpg-gone');
      assert.strictEqual(api.ctx.target?.kc.getCurrentCluster()?.server, gone);
      assert.deepStrictEqual(treeNodeNames(api), [], 'the tree no longer shows the playground');
      await until('the cache to report its lists failing', () => api.ctx.cache?.errorOf('Node'), 30_000);
      assert.deepStrictEqual(treeNodeNames(api), []);
      // kpg-gone is not the list's current-context (a.yaml's kpg-alias is): a terminal's kubectl
      // still uses the context the views show, and no file of the list was rewritten for it
      const kubectl = process.env.KPG_KUBECTL || 'kubectl';
      assert.strictEqual((await inTerminal(`${kubectl} config current-context`)).trim(), 'kpg-gone');
      assert.match(fs.readFileSync(a, 'utf8'), /current-context: kpg-alias/);

      if (original.length) {
        await switchTo(api, original[0]);
        await until('the control plane\'s node-1 and none of the playground\'s', () => { const names = treeNodeNames(api); return names.includes('node-1') && !names.some((n) => pgNodes.includes(n)); }, 30_000);
      }
      await switchTo(api, 'playground');
      assert.strictEqual(api.ctx.ext.environmentVariableCollection.get('KUBECONFIG')?.value, api.ctx.lifecycle.kubeconfigPath);
      await until('the playground\'s nodes again', () => pgNodes.every((n) => treeNodeNames(api).includes(n)), 30_000);
      info.contexts = api.ctx.targets().map((x) => x.id);
    } finally {
      if (envBefore === undefined) delete process.env.KUBECONFIG; else process.env.KUBECONFIG = envBefore;
      if (previous && api.ctx.target?.id !== previous) await switchTo(api, previous);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
