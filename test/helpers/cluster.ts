// The whole playground (startCluster: API server, controllers, scheduler, nodes) in the test
// process, on a temp data dir, with real kubectl. Simulated nodes unless runtime says docker.
//   const c = await startTestCluster({ runtime: 'simulated' }); await c.kubectl(['get', 'nodes']); await c.stop();
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../../src/cluster/cluster';
import type { RunningCluster } from '../../src/cluster/types';
import { makeKubectl, type Kubectl } from './kubectl';

export interface TestCluster {
  dataDir: string;
  cluster: RunningCluster;
  kubeconfig: string;
  kubectl: Kubectl;
  /** Polls kubectl until check(stdout) is true; returns the last stdout. Bounded by timeoutMs. */
  waitFor(args: string[], check: (stdout: string) => boolean, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestCluster(opts: { runtime?: 'simulated' | 'docker'; nodes?: number; log?: (l: string) => void } = {}): Promise<TestCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kpg-cluster-'));
  const cluster = await startCluster({ dataDir, runtime: opts.runtime ?? 'simulated', nodes: opts.nodes ?? 2, port: 0, log: opts.log });
  const kubectl = makeKubectl(cluster.kubeconfigPath, dataDir);
  const waitFor = async (args: string[], check: (s: string) => boolean, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      const r = await kubectl(args);
      last = r.stdout + r.stderr;
      if (r.code === 0 && check(r.stdout)) return r.stdout;
      await new Promise((res) => setTimeout(res, 250));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting on kubectl ${args.join(' ')}; last output:\n${last}`);
  };
  return {
    dataDir, cluster, kubeconfig: cluster.kubeconfigPath, kubectl, waitFor,
    stop: async () => {
      await cluster.stop({ removeContainers: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
