// Pod startup latency: creation to Running (seen through a watch), p50 and p99, for 1 pod
// (several runs) and for 20 pods at once, next to the bare Docker floor measured in the same
// run (dockerode create + start of a sandbox and an app container); then 1,000 pods on
// simulated nodes. Run: node --import tsx bench/pods/run.ts   (needs Docker for the first part)
import Docker from 'dockerode';
import { startNodes, type NodePool } from '../../src/cluster/kubelet/nodePool';
import { PAUSE_IMAGE } from '../../src/cluster/kubelet/pauseImage';
import type { ApiClient } from '../../src/cluster/client/types';
import { dockerAvailable } from '../../test/helpers/env';
import { BUSYBOX_IMAGE, ensureTestImages } from '../../test/helpers/images';
import { startPlayground } from '../../test/helpers/playground';

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

async function dockerFloor(docker: Docker, network: string, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const sb = await docker.createContainer({ Image: PAUSE_IMAGE, HostConfig: { NetworkMode: network } });
    await sb.start();
    const app = await docker.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { NetworkMode: `container:${sb.id}` } });
    await app.start();
    out.push(performance.now() - t0);
    await app.remove({ force: true });
    await sb.remove({ force: true });
  }
  return out;
}

/** The floor for `n` pods at once: n × (sandbox + app) started concurrently, each timed from the common start. */
async function dockerFloorConcurrent(docker: Docker, network: string, n: number): Promise<number[]> {
  const t0 = performance.now();
  const made: Docker.Container[] = [];
  const out = await Promise.all(Array.from({ length: n }, async () => {
    const sb = await docker.createContainer({ Image: PAUSE_IMAGE, HostConfig: { NetworkMode: network } });
    made.push(sb);
    await sb.start();
    const app = await docker.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { NetworkMode: `container:${sb.id}` } });
    made.push(app);
    await app.start();
    return performance.now() - t0;
  }));
  await Promise.all(made.reverse().map((c) => c.remove({ force: true }).catch(() => undefined)));
  return out;
}

/** Creates `n` pods at once; resolves with each one's creation → Running latency. */
async function startPods(client: ApiClient, prefix: string, n: number, node: (i: number) => string, image: string): Promise<number[]> {
  const created = new Map<string, number>();
  const lat = new Map<string, number>();
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => { resolveAll = r; });
  const w = client.watch('pods', 'default', {}, (e) => {
    const name = e.object.metadata.name!;
    if (!name.startsWith(prefix) || lat.has(name) || (e.object as any).status?.phase !== 'Running') return;
    lat.set(name, performance.now() - (created.get(name) ?? performance.now()));
    if (lat.size === n) resolveAll();
  }, () => undefined);
  await Promise.all(Array.from({ length: n }, async (_, i) => {
    const name = `${prefix}-${i}`;
    created.set(name, performance.now());
    await client.create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
      spec: { nodeName: node(i), terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image, command: ['sleep', '600'] }] },
    });
  }));
  const timeout = new Promise<void>((_, rej) => setTimeout(() => rej(new Error(`${prefix}: only ${lat.size}/${n} Running after 180 s`)), 180_000).unref());
  await Promise.race([all, timeout]);
  w.stop();
  return [...lat.values()];
}

async function deleteAll(client: ApiClient, prefix: string, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, (_, i) => client.delete('pods', 'default', `${prefix}-${i}`, { gracePeriodSeconds: 0 }).catch(() => undefined)));
}

async function main(): Promise<void> {
  if (dockerAvailable()) {
    ensureTestImages();
    const pg = await startPlayground({ memoryStore: true });
    let pool: NodePool | undefined;
    try {
      pool = await startNodes(pg.client, { dataDir: pg.dataDir, clusterId: 'bench', runtime: 'docker', workers: 1, log: () => undefined });
      const docker = new Docker();
      const network = 'kube-playground-bench';
      await dockerFloor(docker, network, 1); // warm-up
      const floor = await dockerFloor(docker, network, 7);
      const floorP50 = pct(floor, 50);
      console.log(`docker floor (sandbox + app create/start): p50 ${fmt(floorP50)}  p99 ${fmt(pct(floor, 99))}  (n=${floor.length})`);

      const single: number[] = [];
      for (let r = 0; r < 7; r++) {
        single.push(...await startPods(pg.client, `one${r}`, 1, () => 'playground-worker', BUSYBOX_IMAGE));
        await deleteAll(pg.client, `one${r}`, 1);
      }
      console.log(`1 pod  → Running:  p50 ${fmt(pct(single, 50))}  p99 ${fmt(pct(single, 99))}  ratio p50/floor ${(pct(single, 50) / floorP50).toFixed(2)}x  (n=${single.length})`);

      const floor20 = await dockerFloorConcurrent(docker, network, 20);
      console.log(`docker floor, 20 at once: p50 ${fmt(pct(floor20, 50))}  p99 ${fmt(pct(floor20, 99))}`);
      const twenty = await startPods(pg.client, 'twenty', 20, () => 'playground-worker', BUSYBOX_IMAGE);
      console.log(`20 pods at once → Running:  p50 ${fmt(pct(twenty, 50))}  p99 ${fmt(pct(twenty, 99))}  ratio vs the 20-at-once floor: p50 ${(pct(twenty, 50) / pct(floor20, 50)).toFixed(2)}x  p99 ${(pct(twenty, 99) / pct(floor20, 99)).toFixed(2)}x`);
      await deleteAll(pg.client, 'twenty', 20);
    } finally {
      await pool?.stop({ keepContainers: false });
      await pg.stop();
    }
  } else {
    console.log('no Docker engine: skipping the Docker figures');
  }

  const pg = await startPlayground({ memoryStore: true });
  const pool = await startNodes(pg.client, { dataDir: pg.dataDir, clusterId: 'bench-sim', runtime: 'simulated', workers: 4, log: () => undefined, simulatedTiming: { startDelayMs: 300 } });
  try {
    const t0 = performance.now();
    const lat = await startPods(pg.client, 'sim', 1000, (i) => `playground-worker${i % 4 === 0 ? '' : (i % 4) + 1}`, 'nginx:1.27');
    console.log(`1000 simulated pods → Running: all in ${fmt(performance.now() - t0)}; per pod p50 ${fmt(pct(lat, 50))}  p99 ${fmt(pct(lat, 99))} (stage delay 0.3 s)`);
  } finally {
    await pool.stop();
    await pg.stop();
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
