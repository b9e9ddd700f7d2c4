// Benchmark of the extension in real VS Code 1.100.3 (the test harness): activation time, time
// from one change in the cluster to the updated tree with 2,000 pods, tree refreshes for a watch
// storm, extension host memory. Runs against the project's API server holding 2,000 pods in 20
// ReplicaSets while the embedded playground starts in the same extension host.
// usage: node --import tsx bench/extension/run.ts [runs=3]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT, SHIM, bundleSuite, ensureBundle, workspace } from '../../test/vscode/harness/harness';
import { startPlayground } from '../../test/helpers/playground';
import { spawnSync } from 'node:child_process';

const runs = Number(process.argv[2] ?? 3);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function once(suite: string): Promise<any> {
  // 20 Deployments → 20 ReplicaSets → 2,000 pods, written straight into a real API server with
  // no controllers or kubelet, so nothing but the bench changes them while it measures.
  const pg = await startPlayground({ memoryStore: true });
  const c = pg.client;
  const spec = { containers: [{ name: 'app', image: 'busybox' }] };
  for (let i = 0; i < 20; i++) {
    const name = `bench-${i}`;
    const labels = { app: name };
    const dep: any = await c.create('deployments.apps', 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec: { replicas: 100, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } } });
    const rs: any = await c.create('replicasets.apps', 'default', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: dep.metadata.uid, controller: true }] }, spec: { replicas: 100, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } } });
    const owner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: rs.metadata.uid, controller: true }];
    for (let j = 0; j < 100; j += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, k) => c.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-${j + k}`, namespace: 'default', labels, ownerReferences: owner }, spec })));
    }
  }
  const { folder, udd, run } = workspace({ 'kubePlayground.runtime': 'simulated', 'kubePlayground.autoStart': true });
  const s = JSON.parse(fs.readFileSync(path.join(udd, 'User', 'settings.json'), 'utf8'));
  s['kubePlayground.dataDir'] = path.join(run, 'playground');
  fs.writeFileSync(path.join(udd, 'User', 'settings.json'), JSON.stringify(s));
  fs.copyFileSync(pg.kubeconfig, path.join(run, 'kubeconfig'));
  const results = path.join(run, 'bench.json');
  try {
    await runTests({
      vscodeExecutablePath: SHIM, extensionDevelopmentPath: ROOT, extensionTestsPath: suite,
      launchArgs: [folder, `--user-data-dir=${udd}`, `--extensions-dir=${path.join(run, 'ext')}`],
      extensionTestsEnv: { KUBECONFIG: path.join(run, 'kubeconfig'), KPG_FALLBACK_CONTEXT: 'kube-playground', KPG_BENCH_RESULTS: results },
    });
  } finally { await pg.stop(); }
  return JSON.parse(fs.readFileSync(results, 'utf8'));
}

(async () => {
  if (spawnSync('bash', [path.join(ROOT, 'test/vscode/harness/setup.sh')], { stdio: 'inherit' }).status !== 0) throw new Error('harness setup failed');
  ensureBundle();
  const suite = await bundleSuite(path.join(__dirname, 'suite.ts'), 'bench');
  const all: any[] = [];
  for (let i = 0; i < runs; i++) { all.push(await once(suite)); console.log(`run ${i + 1}/${runs}:`, JSON.stringify(all[i])); }
  const pick = (f: (r: any) => number) => median(all.map(f)).toFixed(1);
  console.log(`\nextension benchmark (median of ${runs} VS Code sessions, 2,000 pods)`);
  console.log(`  activate()                          ${pick((r) => r.activationMs)} ms`);
  console.log(`  initial list → tree (2,000 pods)    ${pick((r) => r.initialListToTreeMs)} ms`);
  console.log(`  one change → tree re-rendered       ${pick((r) => r.changeToTreeMs.median)} ms (incl. 120 ms debounce)`);
  console.log(`  render all 2,000 pod rows           ${pick((r) => r.renderAllPodRowsMs)} ms`);
  console.log(`  500-update storm → tree refreshes   ${pick((r) => r.storm.treeRefreshes)}`);
  console.log(`  ext host RSS before views           ${pick((r) => r.memoryBeforeViewsMiB.rss)} MiB (playground ${all[0].playgroundState})`);
  console.log(`  ext host RSS with 2,000 pods        ${pick((r) => r.memoryWith2000PodsMiB.rss)} MiB (heap ${pick((r) => r.memoryWith2000PodsMiB.heapUsed)} MiB)`);
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
