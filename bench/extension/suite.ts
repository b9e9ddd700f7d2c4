// Runs inside the VS Code extension host (loaded as extensionTestsPath by run.ts): measures the
// extension against a cluster with 2,000 pods and writes the figures to KPG_BENCH_RESULTS.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { PlaygroundTestApi } from '../../src/extension';
import type { TreeNode } from '../../src/extension/tree/nodes/node';
import { request } from '../../src/extension/kube/http';

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<void> {
  const out: Record<string, unknown> = {};
  const ext = vscode.extensions.getExtension<PlaygroundTestApi>('kube-playground.kube-playground')!;
  const api = await ext.activate();
  out.activationMs = api.activationMs;
  const end = Date.now() + 120_000;
  while (['stopped', 'starting'].includes(api.ctx.lifecycle.state) && Date.now() < end) await sleep(100);
  out.playgroundState = api.ctx.lifecycle.state;
  const mem0 = process.memoryUsage();
  out.memoryBeforeViewsMiB = { rss: mem0.rss / 2 ** 20, heapUsed: mem0.heapUsed / 2 ** 20 };

  // initial list of 2,000 pods → tree
  const t0 = performance.now();
  await vscode.commands.executeCommand('kubePlayground.switchContext', `context:${process.env.KPG_FALLBACK_CONTEXT}`);
  await api.ctx.cache!.whenSynced(60_000);
  const tree = api.ctx.tree;
  const rsFolder = (): TreeNode[] => {
    const workloads = tree.getChildren().find((n) => n.type === 'group' && n.id === 'workloads')!;
    const deps = tree.getChildren(workloads).find((n) => n.type === 'group' && n.id === 'Deployment')!;
    return tree.getChildren(deps).flatMap((d) => tree.getChildren(d));
  };
  const render = (nodes: TreeNode[]) => nodes.map((n) => tree.getTreeItem(n));
  const allPods = () => rsFolder().flatMap((rs) => tree.getChildren(rs));
  render(allPods());
  out.podsInCache = api.ctx.cache!.list('Pod').length;
  out.initialListToTreeMs = performance.now() - t0;

  // one change in the cluster → tree refreshed and the pod's row re-rendered
  const kc = api.ctx.target!.kc;
  const samples: number[] = [];
  const pods = api.ctx.cache!.list('Pod');
  for (let i = 0; i < 15; i++) {
    const pod = pods[(i * 131) % pods.length];
    const reason = `BenchReason${i}`;
    const changed = new Promise<number>((resolve) => {
      const sub = tree.onDidChangeTreeData(() => {
        // what VS Code does on refresh: ask for the children of the expanded rows and render them
        const rows = allPods();
        const items = render(rows);
        if (items.some((it) => String(it.description).includes(reason))) { sub.dispose(); resolve(performance.now()); }
      });
    });
    const s = performance.now();
    await request(kc, 'PATCH', `/api/v1/namespaces/default/pods/${pod.metadata.name}/status`, { status: { containerStatuses: [{ name: 'app', ready: false, restartCount: 1, state: { waiting: { reason } } }] } }, 'application/merge-patch+json');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the tree never showed ${reason} within 30 s`)), 30_000));
    samples.push((await Promise.race([changed, timeout])) - s);
    await sleep(200);
  }
  out.changeToTreeMs = { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), runs: samples.length, note: 'includes the 120 ms debounce' };

  // a watch storm: 500 pod updates in a burst → how many tree refreshes
  let refreshes = 0;
  const sub = tree.onDidChangeTreeData(() => { refreshes++; allPods(); });
  const s = performance.now();
  await Promise.all(pods.slice(0, 500).map((p, i) => request(kc, 'PATCH', `/api/v1/namespaces/default/pods/${p.metadata.name}`, { metadata: { labels: { storm: String(i) } } }, 'application/merge-patch+json')));
  await sleep(1000);
  sub.dispose();
  out.storm = { updates: 500, treeRefreshes: refreshes, burstMs: performance.now() - s - 1000 };

  // full render of every pod row (what expanding all 20 ReplicaSets costs)
  const r: number[] = [];
  for (let i = 0; i < 5; i++) { const a = performance.now(); render(allPods()); r.push(performance.now() - a); }
  out.renderAllPodRowsMs = median(r);
  const mem = process.memoryUsage();
  out.memoryWith2000PodsMiB = { rss: mem.rss / 2 ** 20, heapUsed: mem.heapUsed / 2 ** 20 };
  fs.writeFileSync(process.env.KPG_BENCH_RESULTS!, JSON.stringify(out, null, 2));
}
