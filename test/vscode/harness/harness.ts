// What the node:test wrappers share: make sure the real VS Code is installed (setup.sh, first run
// only), bundle the extension and the in-VS-Code suite, and decide whether a missing harness is a
// skip (developer machine) or a failure (REQUIRE_VSCODE=1, CI).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';

export const ROOT = path.resolve(__dirname, '../../..');
export const HARNESS = process.env.HARNESS_DIR ?? path.join(ROOT, '.harness');
export const SHIM = path.join(__dirname, 'code-test-shim.js');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

/** Installs code-server when needed; false (test skipped) when that is impossible here. */
export function needVSCode(t: TestContext): boolean {
  const r = spawnSync('bash', [path.join(__dirname, 'setup.sh')], { cwd: ROOT, encoding: 'utf8', timeout: 20 * 60_000 });
  if (r.status === 0) return true;
  const why = `VS Code harness unavailable: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ')}`;
  if (process.env.REQUIRE_VSCODE === '1') throw new Error(`REQUIRE_VSCODE=1 but ${why}`);
  t.skip(why);
  return false;
}

/** dist/extension.js, built unless it is newer than every source file (npm test builds it first). */
export function ensureBundle(): void {
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  const newest = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= newest(path.join(ROOT, 'src'))) return;
  // twice: another build writing dist/ at the same moment (npm test, a colleague) can fail one
  for (let attempt = 0; ; attempt++) {
    const r = spawnSync('npx', ['webpack', '--mode', 'production'], { cwd: ROOT, encoding: 'utf8', timeout: 10 * 60_000 });
    if (r.status === 0) return;
    if (attempt === 1) throw new Error(`webpack build failed: ${(r.stdout + r.stderr).split('\n').filter((l) => /error/i.test(l)).slice(0, 5).join(' | ')}`);
  }
}

/** Bundles the mocha suite (TypeScript) into one CommonJS file the extension host can load. */
export async function bundleSuite(entry = path.join(__dirname, '..', 'suite', 'index.ts'), name = 'suite'): Promise<string> {
  const esbuild = await import('esbuild');
  const out = path.join(HARNESS, 'out', name, 'index.js');
  await esbuild.build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    outfile: out, external: ['vscode', 'mocha'], logLevel: 'error', sourcemap: 'inline',
  });
  return out;
}

/** A fresh workspace folder with the fixtures, and a user-data dir with the test settings. */
export function workspace(settings: Record<string, unknown>): { folder: string; udd: string; run: string } {
  const run = fs.mkdtempSync(path.join(HARNESS, 'tmp-run-'));
  const folder = path.join(run, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  for (const f of fs.readdirSync(path.join(__dirname, '..', 'fixtures'))) fs.copyFileSync(path.join(__dirname, '..', 'fixtures', f), path.join(folder, f));
  const udd = path.join(run, 'udd');
  fs.mkdirSync(path.join(udd, 'User'), { recursive: true });
  fs.writeFileSync(path.join(udd, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false, 'workbench.enableExperiments': false, 'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false, 'window.commandCenter': false, 'workbench.colorTheme': 'Default Dark Modern',
    'git.enabled': false, 'git.openRepositoryInParentFolders': 'never',
    ...settings,
  }, null, 2));
  return { folder, udd, run };
}

/** Packages the extension as a user gets it (vsce package, no dependencies: the bundle holds them). */
let packaged: string | undefined;
export function packageVsix(): string {
  if (packaged) return packaged;
  ensureBundle();
  const out = path.join(HARNESS, 'kube-playground.vsix');
  const r = spawnSync('npx', ['vsce', 'package', '--allow-missing-repository', '--no-dependencies', '-o', out], { cwd: ROOT, encoding: 'utf8', input: '', timeout: 5 * 60_000 });
  if (r.status !== 0) throw new Error(`vsce package failed: ${r.stderr || r.stdout}`);
  return (packaged = out);
}

/** Names in a .zip (a .vsix), read from its central directory. */
export function zipEntries(file: string): { name: string; size: number }[] {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    const size = buf.readUInt32LE(p + 24), nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    out.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

/** Can this process make a loopback-only network namespace (root, or unprivileged userns)? */
export function canUnshareNet(): boolean {
  return spawnSync('unshare', ['-n', 'true']).status === 0;
}
