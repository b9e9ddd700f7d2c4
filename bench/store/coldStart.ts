// Child of run.ts: opens a store in a fresh process (wasm load included) and prints the ms.
import { performance } from 'node:perf_hooks';
import { openStore } from '../../src/cluster/store';

void (async () => {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const s = await openStore(process.argv[2]);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU time too: on a busy machine the wall time is mostly waiting for a core.
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, objects: s.size, revision: s.revision }) + '\n');
  await s.close();
})();
