// Finds the cluster core (src/cluster/cluster.ts: startCluster) in the bundle, and a playground
// the CLI already runs (its data dir's playground.json). The core is required on first use,
// not at activation: webpack bundles it, but evaluates its module only when called.
import * as fs from 'node:fs';
import { defaultDataDir as clusterDefaultDataDir, layout, readState } from '../../cluster/dataDir';
import type { ClusterOptions, RunningCluster } from '../../cluster/types';

export type StartCluster = (opts: ClusterOptions) => Promise<RunningCluster>;
interface ClusterModule { startCluster?: StartCluster }

let cached: ClusterModule | undefined;
export function clusterModule(): ClusterModule | undefined {
  cached ??= require('../../cluster/cluster') as ClusterModule;
  return cached;
}

export function embeddedAvailable(): boolean { return typeof clusterModule()?.startCluster === 'function'; }

/** ~/.kube-playground (or KUBE_PLAYGROUND_HOME), the same default as the CLI's. */
export function defaultDataDir(): string { return clusterDefaultDataDir(); }

export interface PlaygroundState { pid: number; server: string; kubeconfigPath: string }

/** A playground started by the CLI and still alive (its pid answers), or undefined. */
export function runningPlayground(dataDir: string): PlaygroundState | undefined {
  const state = readState(dataDir);
  if (!state || typeof state.pid !== 'number' || state.pid === process.pid || !state.server) return undefined;
  try { process.kill(state.pid, 0); } catch { return undefined; } // a stale file of a playground that died
  const kubeconfigPath = state.kubeconfig || layout(dataDir).kubeconfig;
  if (!fs.existsSync(kubeconfigPath)) return undefined;
  return { pid: state.pid, server: state.server, kubeconfigPath };
}
