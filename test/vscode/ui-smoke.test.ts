// Packages the extension (.vsix), installs it into VS Code 1.100.3 and drives the workbench in
// headless chromium inside a loopback-only network namespace (harness/ui-smoke.sh): view, context
// switch, code lens apply, tree, describe, status bar, diff. Screenshots land in test-artifacts/ui-smoke/.
import { test } from 'node:test';
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ARTIFACTS, ROOT, canUnshareNet, needVSCode, packageVsix, zipEntries } from './harness/harness';

test('the .vsix holds the bundle, wasm, media and grammars and nothing from node_modules/src/test', { timeout: 10 * 60_000 }, (t) => {
  if (!needVSCode(t)) return;
  const vsix = packageVsix();
  const names = zipEntries(vsix).map((e) => e.name);
  for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/sql-wasm.wasm', 'extension/media/playground.svg', 'extension/syntaxes/describe.tmLanguage.json']) {
    assert.ok(names.includes(f), `${f} missing from ${names.join(', ')}`);
  }
  assert.deepStrictEqual(names.filter((n) => /node_modules|\/src\/|\/test\/|\.map$|\.harness/.test(n)), []);
  const size = fs.statSync(vsix).size;
  t.diagnostic(`vsix ${(size / 1024).toFixed(0)} KiB, ${names.length} files`);
  assert.ok(size < 5 * 1024 * 1024, `vsix is ${size} bytes`);
});

test('UI smoke: installed .vsix driven in headless chromium, offline', { timeout: 15 * 60_000 }, (t) => {
  if (!needVSCode(t)) return;
  if (!canUnshareNet()) {
    if (process.env.REQUIRE_VSCODE === '1') throw new Error('REQUIRE_VSCODE=1 but unshare -n is not permitted here');
    t.skip('cannot create a network namespace (unshare -n)');
    return;
  }
  const vsix = packageVsix();
  const shots = path.join(ARTIFACTS, 'ui-smoke');
  fs.rmSync(shots, { recursive: true, force: true });
  const r = spawnSync('bash', [path.join(__dirname, 'harness', 'ui-smoke.sh'), vsix, shots], { cwd: ROOT, encoding: 'utf8', timeout: 10 * 60_000 });
  t.diagnostic((r.stdout + r.stderr).trim().split('\n').slice(-14).join('\n'));
  const results = JSON.parse(fs.readFileSync(path.join(shots, 'results.json'), 'utf8'));
  assert.deepStrictEqual(results.steps.filter((s: any) => !s.ok), []);
  assert.strictEqual(results.steps.length, 9);
  for (const png of ['01-codelens.png', '02-tree.png', '03-describe.png', '04-statusbar.png', '05-status-menu.png', '06-diff.png']) {
    assert.ok(fs.statSync(path.join(shots, png)).size > 1000, `${png} written`);
  }
  assert.strictEqual(r.status, 0);
});
