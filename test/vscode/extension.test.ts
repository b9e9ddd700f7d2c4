// Runs the extension's integration suite (test/vscode/suite) inside real VS Code 1.100.3
// (code-server's extension host) through @vscode/test-electron and the harness' shim, and asserts
// the exit code and the per-test results. Skips without the harness unless REQUIRE_VSCODE=1.
import { test } from 'node:test';
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT, SHIM, ARTIFACTS, bundleSuite, ensureBundle, needVSCode, workspace } from './harness/harness';
import { FakeApiServer } from './fakeApi/server';

test('extension integration suite in real VS Code', { timeout: 15 * 60_000 }, async (t) => {
  if (!needVSCode(t)) return;
  ensureBundle();
  const suite = await bundleSuite();
  const fake = new FakeApiServer();
  const url = await fake.listen();
  const { folder, udd, run } = workspace({
    'kubePlayground.dataDir': '', 'kubePlayground.runtime': 'simulated', 'kubePlayground.nodes': 2, 'kubePlayground.autoStart': true,
  });
  const settingsFile = path.join(udd, 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  settings['kubePlayground.dataDir'] = path.join(run, 'playground');
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const kubeconfig = path.join(run, 'fake-kubeconfig');
  fs.writeFileSync(kubeconfig, fake.kubeconfig(url));
  const results = path.join(run, 'results.json');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  let code: number;
  try {
    code = await runTests({
      vscodeExecutablePath: SHIM,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      launchArgs: [folder, `--user-data-dir=${udd}`, `--extensions-dir=${path.join(run, 'ext')}`],
      extensionTestsEnv: { KUBECONFIG: kubeconfig, KPG_FALLBACK_CONTEXT: 'fake', KPG_TEST_RESULTS: results, CODE_TEST_SHIM_SCREENSHOT: path.join(ARTIFACTS, 'vscode-suite-end.png') },
    }).then(() => 0, (e) => { t.diagnostic(String(e)); return 1; });
  } finally {
    await fake.close();
  }
  assert.ok(fs.existsSync(results), `the suite wrote no results (exit ${code}); logs in ${udd}`);
  const r = JSON.parse(fs.readFileSync(results, 'utf8'));
  fs.writeFileSync(path.join(ARTIFACTS, 'vscode-suite-results.json'), JSON.stringify(r, null, 2));
  t.diagnostic(`passing ${r.passes.length}, failing ${r.failures.length}; info ${JSON.stringify(r.info)}`);
  for (const f of r.failures) t.diagnostic(`FAIL ${f.title}: ${f.error.split('\n').slice(0, 4).join(' ')}`);
  assert.deepStrictEqual(r.failures.map((f: any) => f.title), []);
  assert.ok(r.passes.length >= 12, `only ${r.passes.length} tests passed`);
  assert.strictEqual(code, 0);
});
