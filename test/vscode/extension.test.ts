// Runs the extension's integration suite (test/vscode/suite) inside real VS Code 1.100.3
// (code-server's extension host) through @vscode/test-electron and the harness' shim, and asserts
// the exit code and the per-test results: once on the embedded playground the extension starts,
// once against the project's own API server, scheduler and controllers (test/api/controllers/cluster.ts,
// with its fake kubelet). Skips without the harness unless REQUIRE_VSCODE=1.
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT, SHIM, ARTIFACTS, bundleSuite, ensureBundle, needVSCode, workspace } from './harness/harness';
import { startControlPlane } from '../api/controllers/cluster';
import { kubectlPath } from '../helpers/env';

async function runSuite(t: TestContext, name: string, kubeconfigText: string, context: string, opts: { standIn?: boolean; force?: boolean }): Promise<void> {
  ensureBundle();
  const suite = await bundleSuite();
  const { folder, udd, run } = workspace({ 'kubePlayground.runtime': 'simulated', 'kubePlayground.nodes': 2, 'kubePlayground.autoStart': true });
  const settingsFile = path.join(udd, 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  settings['kubePlayground.dataDir'] = path.join(run, 'playground');
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const kubeconfig = path.join(run, 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigText);
  const results = path.join(run, 'results.json');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const code = await runTests({
    vscodeExecutablePath: SHIM,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    launchArgs: [folder, `--user-data-dir=${udd}`, `--extensions-dir=${path.join(run, 'ext')}`],
    extensionTestsEnv: {
      KUBECONFIG: kubeconfig, KPG_FALLBACK_CONTEXT: context, KPG_STAND_IN: opts.standIn ? '1' : '', KPG_FORCE_CONTEXT: opts.force ? context : '', KPG_KUBECTL: kubectlPath(), KPG_TEST_RESULTS: results,
      CODE_TEST_SHIM_SCREENSHOT: path.join(ARTIFACTS, `vscode-suite-${name}.png`),
    },
  }).then(() => 0, (e) => { t.diagnostic(String(e)); return 1; });
  assert.ok(fs.existsSync(results), `the suite wrote no results (exit ${code}); logs in ${udd}`);
  const r = JSON.parse(fs.readFileSync(results, 'utf8'));
  fs.writeFileSync(path.join(ARTIFACTS, `vscode-suite-${name}.json`), JSON.stringify(r, null, 2));
  t.diagnostic(`passing ${r.passes.length}, failing ${r.failures.length}; info ${JSON.stringify(r.info)}`);
  for (const f of r.failures) t.diagnostic(`FAIL ${f.title}: ${f.error.split('\n').slice(0, 4).join(' ')}`);
  assert.deepStrictEqual(r.failures.map((f: any) => f.title), []);
  assert.ok(r.passes.length >= 24, `only ${r.passes.length} tests passed`);
  assert.strictEqual(code, 0);
  fs.rmSync(run, { recursive: true, force: true }); // kept only when something failed, for its logs
}

test('extension suite in real VS Code, on the embedded playground', { timeout: 15 * 60_000 }, async (t) => {
  if (!needVSCode(t)) return;
  // The user's kubeconfig has no contexts: every view must run on the playground the extension started.
  await runSuite(t, 'playground', 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n', '', {});
});

test('extension suite in real VS Code, against the real API server + scheduler + controllers', { timeout: 15 * 60_000 }, async (t) => {
  if (!needVSCode(t)) return;
  const cp = await startControlPlane();
  try {
    await cp.addNode('node-1');
    await runSuite(t, 'control-plane', fs.readFileSync(cp.kubeconfig, 'utf8'), 'kube-playground', { force: true });
  } finally { await cp.stop(); }
});
