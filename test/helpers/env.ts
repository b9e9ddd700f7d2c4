// Which real parts a test may skip without. On a developer laptop a test that needs Docker or
// VS Code skips; in CI (REQUIRE_DOCKER=1 / REQUIRE_VSCODE=1) a missing part fails instead.
import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';

let dockerOk: boolean | undefined;

export function dockerAvailable(): boolean {
  if (dockerOk === undefined) {
    try {
      execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 10_000 });
      dockerOk = true;
    } catch {
      dockerOk = false;
    }
  }
  return dockerOk;
}

/** Call at the top of a test that needs Docker: returns false when the test should stop (skipped). */
export function needDocker(t: TestContext): boolean {
  if (dockerAvailable()) return true;
  if (process.env.REQUIRE_DOCKER === '1') throw new Error('REQUIRE_DOCKER=1 but no Docker engine answers');
  t.skip('no Docker engine');
  return false;
}

/** kubectl 1.32 itself, not the dispatcher (see ../shared traces §0); override with KUBECTL=. */
export function kubectlPath(): string {
  if (process.env.KUBECTL) return process.env.KUBECTL;
  for (const p of ['/usr/lib/google-cloud-sdk/bin/kubectl.1.32', '/usr/local/bin/kubectl.1.32']) {
    try { execFileSync(p, ['version', '--client'], { stdio: 'pipe' }); return p; } catch { /* next */ }
  }
  return 'kubectl';
}
