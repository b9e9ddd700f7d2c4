// What a user sees around manifests and the tree beyond the basics of extension.test.ts: the Diff
// lens shows only what applying would change (a server-side dry run against the live object, as
// `kubectl diff`), a folder applies its Namespaces first, an edit clears a file's stale apply
// errors, a ReplicaSet of its own is listed under Workloads with its pods, descriptions put the
// status first (the namespace after it, unless it is the owner's), and the cluster map commands
// say that the map is not there yet.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { PlaygroundTestApi } from '../../../src/extension';
import { request } from '../../../src/extension/kube/http';
import { api as getApi, description, fixture, info, until, walk } from './shared';

const textOf = async (uri: string) => (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
const only = (a: string, b: string) => { const other = new Set(b.split('\n')); return a.split('\n').filter((l) => !other.has(l)); };

describe('Diff, apply errors, standalone workloads, cluster map placeholders', () => {
  let api: PlaygroundTestApi;
  before(async () => { api = await getApi(); });

  it('diffs a document against the cluster: empty when absent, then only the fields applying would change', async function () {
    this.timeout(60_000);
    const uri = fixture('diff.yaml');
    const kc = api.ctx.requireTarget().kc;
    const path = '/api/v1/namespaces/default/configmaps/diff-me';
    const absent = await vscode.commands.executeCommand<any>('kubePlayground.diffDocument', uri, 0);
    assert.strictEqual(absent.live, false);
    assert.strictEqual(await textOf(absent.left), '');
    const created = await textOf(absent.right);
    assert.match(created, /^ {2}greeting: hello$/m);
    assert.match(created, /^ {2}uid: /m, 'the right side is the server\'s dry-run object, not the bare text');
    assert.strictEqual((await request(kc, 'GET', path)).status, 404, 'a dry run creates nothing');

    const applied = await vscode.commands.executeCommand<any>('kubePlayground.applyDocument', uri, 0);
    assert.deepStrictEqual(applied.errors, []);
    const patched = await request(kc, 'PATCH', path, { data: { greeting: 'changed elsewhere' } }, 'application/merge-patch+json');
    assert.strictEqual(patched.status, 200, patched.text);
    const r = await vscode.commands.executeCommand<any>('kubePlayground.diffDocument', uri, 0);
    assert.strictEqual(r.live, true);
    assert.ok(r.left.startsWith('kpg-yaml:'), r.left);
    const tab = await until('a diff tab', () => { const t = vscode.window.tabGroups.activeTabGroup.activeTab; return t?.input instanceof vscode.TabInputTextDiff ? t : undefined; });
    assert.match(tab.label, /ConfigMap\/diff-me: cluster ↔ after applying diff\.yaml/);
    const [left, right] = [await textOf(r.left), await textOf(r.right)];
    assert.deepStrictEqual([only(left, right), only(right, left)], [['  greeting: changed elsewhere'], ['  greeting: hello']]);
    assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.deleteDocument', uri, 0, true), true);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('applies a folder: the Namespaces of every file first, then what goes in them', async () => {
    const folder = fixture('stack');
    const write = (name: string, text: string) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), Buffer.from(text));
    await write('a-app.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: kpg-stack\ndata:\n  mode: demo\n');
    await write('b-namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kpg-stack\n');
    try {
      const summary = await vscode.commands.executeCommand<any>('kubePlayground.apply', folder);
      assert.deepStrictEqual(summary.errors, []);
      assert.deepStrictEqual(summary.applied.map((r: any) => `${r.ref} ${r.action}`), ['namespace/kpg-stack created', 'configmap/app-config created']);
    } finally {
      await vscode.commands.executeCommand('kubePlayground.delete', { apiVersion: 'v1', kind: 'Namespace', name: 'kpg-stack' }, true);
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
  });

  it('clears a file\'s apply errors when it is edited (their lines may have moved)', async () => {
    const uri = fixture('lens.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const summary = await vscode.commands.executeCommand<any>('kubePlayground.applyDocument', uri, 1);
    assert.strictEqual(summary.errors.length, 1);
    assert.strictEqual(vscode.languages.getDiagnostics(uri).length, 1);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const add = new vscode.WorkspaceEdit();
    add.insert(uri, end, '\n# edited');
    assert.ok(await vscode.workspace.applyEdit(add));
    await until('the diagnostics to be cleared', () => vscode.languages.getDiagnostics(uri).length === 0, 5_000);
    const undo = new vscode.WorkspaceEdit();
    undo.delete(uri, new vscode.Range(end, doc.lineAt(doc.lineCount - 1).range.end));
    assert.ok(await vscode.workspace.applyEdit(undo));
    assert.ok(await doc.save());
  });

  it('lists a ReplicaSet no Deployment owns under Workloads, with its pods; descriptions: status, then the namespace unless the owner\'s', async function () {
    this.timeout(120_000);
    const summary = await vscode.commands.executeCommand<any>('kubePlayground.applyDocument', fixture('diff.yaml'), 1);
    assert.deepStrictEqual(summary.errors, []);
    const pod = await until('solo\'s pod running under ReplicaSets (standalone)', () => {
      const rs = walk(api, 'Workloads', 'ReplicaSets (standalone)', 'solo');
      const pods = rs ? api.ctx.tree.getChildren(rs) : [];
      return pods.length === 1 && /^Running 1\/1$/.test(description(api, pods[0])) ? pods[0] : undefined;
    }, 110_000);
    info.standalonePod = description(api, pod);
    // under its node (cluster-scoped) the pod's namespace is shown, after the status
    const nodeName = pod.type === 'object' ? pod.obj.spec?.nodeName : undefined;
    const onNode = api.ctx.tree.getChildren(walk(api, 'Nodes', nodeName)!).find((n) => n.type === 'object' && pod.type === 'object' && n.obj.metadata.name === pod.obj.metadata.name);
    assert.match(description(api, onNode), /^Running 1\/1 · default$/);
    assert.match(description(api, walk(api, 'Workloads', 'ReplicaSets (standalone)', 'solo')), /^1\/1 ready · default$/);
    assert.strictEqual(description(api, walk(api, 'Workloads', 'ReplicaSets (standalone)')), '1');
    const standalone = walk(api, 'Workloads', 'Pods (standalone)');
    assert.ok(standalone && !api.ctx.tree.getChildren(standalone).some((n) => n.type === 'object' && n.obj.metadata.name.startsWith('solo-')), 'its pod is not also standalone');
    // a Deployment's ReplicaSet stays under its Deployment only
    assert.ok(!walk(api, 'Workloads', 'ReplicaSets (standalone)', 'web') && !api.ctx.tree.getChildren(walk(api, 'Workloads', 'ReplicaSets (standalone)')!).some((n) => n.type === 'object' && n.obj.metadata.name.startsWith('web-')));
    assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.delete', walk(api, 'Workloads', 'ReplicaSets (standalone)', 'solo'), true), true);
    await until('solo to leave the tree', () => !walk(api, 'Workloads', 'ReplicaSets (standalone)', 'solo'), 60_000);
  });

  it('says the cluster map is not in this version (Open Cluster Map, Reveal in Cluster Map)', async () => {
    const open = await vscode.commands.executeCommand<string>('kubePlayground.openClusterMap');
    assert.match(open, /cluster map is not part of this version/);
    const dep = walk(api, 'Workloads', 'Deployments', 'web');
    assert.ok(dep, 'deployment web in the tree');
    const reveal = await vscode.commands.executeCommand<string>('kubePlayground.revealInMap', dep);
    assert.match(reveal, /^Deployment web cannot be revealed: The cluster map is not part of this version/);
  });
});
