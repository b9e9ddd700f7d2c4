// Starts a playground on a data dir. For now it opens the store and writes the state file;
// the API server, scheduler, controllers and kubelets are wired in here later (the members
// below that throw 'not available yet' are theirs).
import { ensureLayout, writeState, clearState } from './dataDir';
import { openStore, type DurableStore } from './store';
import type { ClusterOptions, NodeInfo, RunningCluster } from './types';

const notYet = (what: string) => () => Promise.reject(new Error(`${what}: not available yet`));

export async function startCluster(opts: ClusterOptions): Promise<RunningCluster> {
  const log = opts.log ?? (() => undefined);
  const dirs = ensureLayout(opts.dataDir);
  const store: DurableStore = await openStore(dirs.store, { log });
  log(`store: opened ${dirs.store} at revision ${store.revision} (${store.size} objects)`);
  const port = opts.port ?? 0;
  const server = port ? `https://127.0.0.1:${port}` : '';
  const runtime = opts.runtime === 'docker' ? 'docker' : 'simulated';
  writeState(dirs.root, { pid: process.pid, port, server, kubeconfig: dirs.kubeconfig, runtime, startedAt: new Date().toISOString() });

  let stopping: Promise<void> | undefined;
  return {
    dataDir: dirs.root,
    server,
    kubeconfigPath: dirs.kubeconfig,
    runtime,
    nodes: (): NodeInfo[] => [],
    addNode: notYet('addNode'),
    removeNode: notYet('removeNode'),
    stopNode: notYet('stopNode'),
    startNode: notYet('startNode'),
    saveSnapshot: async (file: string) => { await store.saveSnapshot(file); },
    stop: () => {
      stopping ??= (async () => {
        await store.close();
        clearState(dirs.root);
        log('store: closed');
      })();
      return stopping;
    },
  };
}
