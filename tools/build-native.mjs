// Builds the static service proxy (native/proxy.c) into dist/native/proxy-<arch>.
// gcc -static needs libc6-dev; without a compiler this prints why and exits 0, so a build on a
// machine without gcc still succeeds (the playground then runs without in-network Services).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
const out = join(root, 'dist', 'native', `proxy-${arch}`);
mkdirSync(dirname(out), { recursive: true });
try {
  execFileSync(process.env.CC ?? 'gcc', ['-static', '-O2', '-o', out, join(root, 'native', 'proxy.c'), '-lpthread'], { stdio: 'inherit' });
  console.log(`native: built ${out}`);
} catch (e) {
  console.warn(`native: could not build the service proxy (${e.message}); Services will be reachable from the host only`);
}
