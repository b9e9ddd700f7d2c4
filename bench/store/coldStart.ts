// Child of run.ts: opens a store in a fresh process (wasm load included) and prints the ms.
import { performance } from 'node:perf_hooks';
import { openStore } from '../../src/cluster/store';

void (async () => {
  const t0 = performance.now();
  const s = await openStore(process.argv[2]);
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, objects: s.size, revision: s.revision }) + '\n');
  await s.close();
})();
