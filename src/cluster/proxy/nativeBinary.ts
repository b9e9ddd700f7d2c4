// Finds the static service proxy binary (native/proxy.c) for the engine's architecture:
// $KUBE_PLAYGROUND_PROXY_BIN, then dist/native/proxy-<arch> next to the bundle or the repo.
// In a source checkout with gcc it is built on first need (tests, `tsx` runs); a packaged
// extension ships it from `node tools/build-native.mjs`. Without it the playground still
// runs: Services then work from the host only (the caller logs why).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function proxyBinary(engineArch: string, log: (l: string) => void = () => undefined): string | undefined {
  const arch = /arm64|aarch64/.test(engineArch) ? 'arm64' : 'x64';
  const env = process.env.KUBE_PLAYGROUND_PROXY_BIN;
  if (env && existsSync(env)) return env;
  const roots = [resolve(__dirname, '..'), resolve(__dirname, '../../..'), resolve(__dirname, '..', '..')];
  const src = roots.map((r) => join(r, 'native', 'proxy.c')).find((p) => existsSync(p));
  for (const r of roots) {
    const p = join(r, 'dist', 'native', `proxy-${arch}`);
    // In a source checkout a binary older than its source is rebuilt below.
    if (existsSync(p) && !(src && statSync(src).mtimeMs > statSync(p).mtimeMs)) return p;
    const q = join(r, 'native', `proxy-${arch}`);
    if (existsSync(q)) return q;
  }
  const hostArch = process.arch === 'arm64' ? 'arm64' : 'x64';
  if (!src || hostArch !== arch) {
    log(`service proxy: no binary for ${arch}${hostArch !== arch ? ' (the engine runs another architecture than this host)' : ''}; run \`node tools/build-native.mjs\``);
    return undefined;
  }
  const out = join(dirname(src), '..', 'dist', 'native', `proxy-${arch}`);
  try {
    mkdirSync(dirname(out), { recursive: true });
    execFileSync(process.env.CC ?? 'gcc', ['-static', '-O2', '-o', out, src, '-lpthread'], { stdio: 'pipe', timeout: 60_000 });
    return out;
  } catch (e) {
    log(`service proxy: could not build ${src} (${(e as Error).message.split('\n')[0]})`);
    return undefined;
  }
}
