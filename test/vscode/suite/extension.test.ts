// Integration tests in the real extension host of VS Code 1.100 (code-server): activation, the
// playground starting, apply through the command and the code lens, the tree, describe/YAML
// documents, logs and the terminal's KUBECONFIG. The views run against the embedded playground
// when its API answers, otherwise against the kubeconfig context KPG_FALLBACK_CONTEXT (a stand-in
// API server the wrapper starts), so they already test the extension's own logic end to end.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PlaygroundTestApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/extension/tree/nodes/node';
import { api as getApi, fixture, inTerminal, info, label, until, walk } from './shared';
import { request } from '../../../src/extension/kube/http';

/** Is the suite talking to the stand-in API server (which serves canned log text)? */
const standIn = () => process.env.KPG_STAND_IN === '1' && (globalThis as any).kpgTarget === 'context:fake';
const text = (api: PlaygroundTestApi, n: TreeNode) => {
  const item = api.ctx.tree.getTreeItem(n);
  return `${typeof item.label === 'string' ? item.label : item.label?.label} ${item.description ?? ''}`;
};

describe('Kubernetes Playground in VS Code', () => {
  let api: PlaygroundTestApi;

  before(async () => { api = await getApi(); });

  it('activates in under 200 ms and registers its commands', async () => {
    info.activationMs = api.activationMs;
    assert.ok(api.activationMs < 200, `activate took ${api.activationMs} ms`);
    const cmds = await vscode.commands.getCommands(true);
    for (const c of ['kubePlayground.start', 'kubePlayground.apply', 'kubePlayground.describe', 'kubePlayground.openTerminal', 'kubePlayground.clusterMenu']) assert.ok(cmds.includes(c), c);
  });

  it('starts the embedded cluster (or says the core is not in this build)', async function () {
    this.timeout(180_000);
    const settled = await until('the playground to settle', () => !['stopped', 'starting'].includes(api.ctx.lifecycle.state) && api.ctx.lifecycle.state, 170_000);
    info.clusterState = settled;
    info.embeddedAvailable = api.embeddedAvailable();
    if (api.embeddedAvailable()) {
      assert.ok(['running', 'attached'].includes(settled), `state ${settled}: ${api.ctx.lifecycle.error ?? ''}`);
      info.playgroundServer = api.ctx.lifecycle.cluster?.server;
      // the API server part of startCluster is still being wired in: once it listens, a kubeconfig must exist
      if (api.ctx.lifecycle.cluster?.server) assert.ok(api.ctx.lifecycle.kubeconfigPath && fs.existsSync(api.ctx.lifecycle.kubeconfigPath), 'kubeconfig written');
    } else {
      assert.strictEqual(settled, 'unavailable');
    }
  });

  it('targets a cluster whose API answers (the playground, else the fallback context)', async function () {
    this.timeout(60_000);
    let served = false;
    if (api.ctx.target?.playground && !process.env.KPG_FORCE_CONTEXT) {
      served = await until('the playground API', async () => (await request(api.ctx.target!.kc, 'GET', '/api/v1/namespaces/default')).status === 200, 30_000).catch(() => false);
    }
    if (!served) {
      const fallback = process.env.KPG_FORCE_CONTEXT || process.env.KPG_FALLBACK_CONTEXT;
      assert.ok(fallback, 'no playground API and no fallback context');
      const id = await vscode.commands.executeCommand<string>('kubePlayground.switchContext', `context:${fallback}`);
      assert.strictEqual(id, `context:${fallback}`);
    }
    info.target = api.ctx.target?.id;
    (globalThis as any).kpgTarget = info.target;
    assert.ok(api.ctx.cache);
    assert.ok(await api.ctx.cache.whenSynced(20_000), 'the cache listed every kind');
    await until('a node in the tree', () => (walk(api, 'Nodes') && api.ctx.tree.getChildren(walk(api, 'Nodes')).length > 0));
  });

  it('applies a manifest file through "Apply to Cluster"', async () => {
    const summary = await vscode.commands.executeCommand<any>('kubePlayground.apply', fixture('web.yaml'));
    assert.deepStrictEqual(summary.errors, []);
    assert.deepStrictEqual(summary.applied.map((r: any) => r.ref).sort(), ['deployment.apps/web', 'service/web']);
  });

  it('shows the Deployment → ReplicaSet → Pods with their status in the tree', async function () {
    this.timeout(120_000);
    const pods = await until('2 running pods under deployment web', () => {
      const dep = walk(api, 'Workloads', 'Deployments', 'web');
      if (!dep) return undefined;
      const rs = api.ctx.tree.getChildren(dep);
      const ps = rs.flatMap((r) => api.ctx.tree.getChildren(r));
      return ps.length === 2 && ps.every((p) => /Running 1\/1/.test(text(api, p))) ? ps : undefined;
    }, 110_000);
    const containers = api.ctx.tree.getChildren(pods[0]);
    assert.deepStrictEqual(containers.map((c) => label(api, c)), ['nginx']);
    const item = api.ctx.tree.getTreeItem(pods[0]);
    assert.strictEqual(item.contextValue, 'kpg.Pod');
    // the Deployment's status follows its ReplicaSet's, a moment later
    await until('deployment web to report 2/2 ready', () => /2\/2 ready/.test(String(api.ctx.tree.getTreeItem(walk(api, 'Workloads', 'Deployments', 'web')!).description)), 30_000);
    info.podStatus = text(api, pods[0]);
  });

  it('puts Apply / Diff / Delete and a state lens above each YAML document, and the lens applies', async function () {
    this.timeout(60_000);
    const uri = fixture('lens.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 20)).map((l) => l.command?.title ?? '');
    const before = await until('lenses with a state', async () => { const t = await lenses(); return t.some((x) => /not in cluster|in sync|differs/.test(x)) ? t : undefined; });
    for (const t of ['$(cloud-upload) Apply ConfigMap lens-config', '$(cloud-upload) Apply Deployment broken', 'Diff', 'Delete']) assert.ok(before.includes(t), `${t} in ${JSON.stringify(before)}`);
    assert.ok(before.includes('○ not in cluster'), JSON.stringify(before));
    const lens = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).find((l) => l.command?.title.includes('Apply ConfigMap'))!;
    const summary = await vscode.commands.executeCommand<any>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.deepStrictEqual(summary.applied.map((r: any) => `${r.ref} ${r.action}`), ['configmap/lens-config created']);
    await until('the ConfigMap lens to say in sync', async () => (await lenses()).includes('✓ in sync'));
  });

  it('shows the Kubernetes error of a failed apply as a diagnostic on the field\'s line', async () => {
    const uri = fixture('lens.yaml');
    const summary = await vscode.commands.executeCommand<any>('kubePlayground.applyDocument', uri, 1);
    assert.strictEqual(summary.errors.length, 1);
    const diags = vscode.languages.getDiagnostics(uri);
    assert.strictEqual(diags.length, 1);
    assert.match(diags[0].message, /replicas/);
    const doc = await vscode.workspace.openTextDocument(uri);
    const replicasLine = doc.getText().split('\n').findIndex((l) => l.includes('replicas: -1'));
    assert.strictEqual(diags[0].range.start.line, replicasLine);
  });

  it('opens a Diff editor between the live object and the document', async () => {
    const r = await vscode.commands.executeCommand<any>('kubePlayground.diffDocument', fixture('web.yaml'), 0);
    assert.ok(r.left.startsWith('kpg-yaml:'));
    const tab = await until('a diff tab', () => { const t = vscode.window.tabGroups.activeTabGroup.activeTab; return t?.input instanceof vscode.TabInputTextDiff ? t : undefined; });
    assert.strictEqual((tab.input as vscode.TabInputTextDiff).original.scheme, 'kpg-yaml');
  });

  it('describes an object in kubectl-describe style', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('kubePlayground.describe', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'default' });
    const t = doc.getText();
    assert.strictEqual(doc.languageId, 'kpg-describe');
    assert.match(t, /^Name:\s+web$/m);
    assert.match(t, /^Namespace:\s+default$/m);
    assert.match(t, /^Replicas:\s+2 desired/m);
    assert.match(t, /^Events:/m);
  });

  it('opens live YAML; saving it updates the object', async function () {
    this.timeout(90_000);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('kubePlayground.getYaml', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'default' });
    assert.match(doc.getText(), /^kind: Deployment$/m);
    assert.doesNotMatch(doc.getText(), /managedFields/);
    const line = doc.getText().split('\n').findIndex((l) => /^ {2}replicas: 2$/.test(l));
    assert.ok(line > 0, 'spec.replicas line');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(line, 0, line, 13), '  replicas: 3');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save(), 'saved (applied)');
    await until('3 pods under web', () => {
      const dep = walk(api, 'Workloads', 'Deployments', 'web');
      return dep && api.ctx.tree.getChildren(dep).flatMap((r) => api.ctx.tree.getChildren(r)).length === 3;
    }, 80_000);
  });

  it('scales a Deployment and restarts its rollout from the tree\'s item commands', async function () {
    this.timeout(90_000);
    const dep = walk(api, 'Workloads', 'Deployments', 'web')!;
    await vscode.commands.executeCommand('kubePlayground.scale', dep, 1);
    await until('1 pod under web', () => {
      const d = walk(api, 'Workloads', 'Deployments', 'web');
      return d && api.ctx.tree.getChildren(d).flatMap((r) => api.ctx.tree.getChildren(r)).filter((p) => !/Terminating/.test(text(api, p))).length === 1;
    }, 80_000);
    await vscode.commands.executeCommand('kubePlayground.rolloutRestart', walk(api, 'Workloads', 'Deployments', 'web')!);
    await until('the restartedAt annotation', () => api.ctx.cache?.get('Deployment', 'default', 'web')?.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']);
    assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.copyName', dep), 'web');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'web');
  });

  it('streams a container\'s logs into an output channel', async () => {
    const pod = api.ctx.cache!.list('Pod').find((p) => p.metadata.name.startsWith('web-'))!;
    const view = await vscode.commands.executeCommand<any>('kubePlayground.logs', { type: 'container', pod, name: 'nginx', init: false }, false);
    if (!standIn() && !view) return; // the error is shown in the channel and a message
    assert.strictEqual(view.name, `Logs: default/${pod.metadata.name}/nginx`);
    await Promise.race([view.ended, new Promise((r) => setTimeout(r, 10_000))]);
    // only the stand-in serves log text; the control plane of the other run has no kubelet streams
    if (standIn()) assert.match(view.text(), new RegExp(`hello from ${pod.metadata.name}`));
  });

  it('gives every terminal the KUBECONFIG of the selected cluster, so kubectl works there', async function () {
    this.timeout(60_000);
    // the playground's kubeconfig; a kubeconfig context's files behind one that pins that context
    const expected = api.ctx.ext.environmentVariableCollection.get('KUBECONFIG')?.value ?? '';
    assert.ok(api.ctx.target!.playground ? expected === api.ctx.target!.kubeconfigEnv : expected.endsWith(path.delimiter + api.ctx.target!.kubeconfigEnv), expected);
    // an ordinary terminal (not one the extension made): the collection applies to it too, and a
    // bare `kubectl get pods` reaches the cluster the views show
    const written = await inTerminal(`echo "KUBECONFIG=$KUBECONFIG"; ${process.env.KPG_KUBECTL || 'kubectl'} get pods -o name`);
    info.terminalOutput = written;
    assert.match(written, new RegExp(`^KUBECONFIG=${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.match(written, /^pod\/web-/m);
    const opened = await vscode.commands.executeCommand<vscode.Terminal>('kubePlayground.openTerminal');
    assert.strictEqual((opened.creationOptions as vscode.TerminalOptions).env?.KUBECONFIG, expected);
    opened.dispose();
  });

  it('deletes a document\'s object through the Delete lens command', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.deleteDocument', fixture('lens.yaml'), 0, true), true);
    await until('the ConfigMap to leave the tree', () => !walk(api, 'Config', 'ConfigMaps', 'lens-config'));
  });

  it('snapshots, stops, restores and restarts the embedded playground through its commands', async function () {
    this.timeout(240_000);
    if (!api.ctx.target?.playground) { info.lifecycle = 'not on the embedded playground: skipped'; return; }
    const snap = path.join(os.tmpdir(), `kpg-snap-${process.pid}-${Date.now()}.snapshot`);
    await vscode.commands.executeCommand('kubePlayground.applyDocument', fixture('lens.yaml'), 0); // ConfigMap lens-config
    await until('lens-config in the cache', () => api.ctx.cache?.get('ConfigMap', 'default', 'lens-config'));
    await vscode.commands.executeCommand('kubePlayground.snapshot', snap);
    assert.ok(fs.statSync(snap).size > 0, 'snapshot written');
    assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.deleteDocument', fixture('lens.yaml'), 0, true), true);
    await until('lens-config gone', () => !api.ctx.cache?.get('ConfigMap', 'default', 'lens-config'));
    await vscode.commands.executeCommand('kubePlayground.stop');
    assert.strictEqual(api.ctx.lifecycle.state, 'stopped');
    assert.strictEqual(api.ctx.target, undefined, 'views follow the stopped playground');
    await vscode.commands.executeCommand('kubePlayground.restore', snap);
    await until('the playground running again', () => api.ctx.lifecycle.state === 'running', 120_000);
    await until('views back on the playground', () => api.ctx.target?.playground && api.ctx.cache, 30_000);
    await until('lens-config back from the snapshot', () => api.ctx.cache?.get('ConfigMap', 'default', 'lens-config'), 60_000);
    info.lifecycle = 'snapshot/stop/restore/start ok';
  });
});
