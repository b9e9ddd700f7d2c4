// Test playground: a store (temp dir), the registry and the API server in the test process,
// with a kubeconfig for real kubectl and @kubernetes/client-node. The lead extends it to the
// full cluster; keep the signature stable:
//   const pg = await startPlayground(); await pg.kubectl(['get', 'ns']); await pg.stop();
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type RunningApiServer } from '../../src/cluster/apiserver';
import { registryModuleIfPresent } from '../../src/cluster/apiserver/seams';
import { MemoryStore } from '../../src/cluster/apiserver/testing/memoryStore';
import { createStandInRegistry } from '../../src/cluster/apiserver/testing/standInRegistry';
import type { Registry } from '../../src/cluster/apiserver/registryTypes';
import type { ApiClient } from '../../src/cluster/client/types';
import type { Store } from '../../src/cluster/store/types';
import { makeKubectl, type KubectlOptions, type KubectlResult } from './kubectl';

export type { KubectlOptions, KubectlResult };


export interface Playground {
  dataDir: string;
  kubeconfig: string;
  server: string;
  client: ApiClient;
  api: RunningApiServer;
  store: Store;
  registry: Registry;
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  stop(): Promise<void>;
}

async function openStoreIfPresent(dir: string): Promise<Store | undefined> {
  try {
    const m = require('../../src/cluster/store') as { openStore?: (d: string) => Promise<Store> };
    return m.openStore ? await m.openStore(dir) : undefined;
  } catch (e) {
    if (/Cannot find module/.test(String(e))) return undefined;
    throw e;
  }
}

/** The real registry when it works end to end, else the API server's stand-in. */
function registry(): { reg: Registry; real: boolean } {
  try {
    const r = registryModuleIfPresent()?.createRegistry?.();
    const ns = r?.byResource('namespaces');
    if (r && ns) {
      const probe = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'probe' } };
      ns.defaults(probe);
      ns.validate(probe);
      void r.byResource('deployments.apps')?.schema;
      return { reg: r, real: true };
    }
  } catch { /* registry still landing: stand-in below */ }
  return { reg: createStandInRegistry(), real: false };
}

export async function startPlayground(opts: { memoryStore?: boolean; log?: (l: string) => void } = {}): Promise<Playground> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kpg-'));
  const store = (!opts.memoryStore && await openStoreIfPresent(join(dataDir, 'store'))) || new MemoryStore();
  const { reg, real } = registry();
  const api = await startApiServer({ dataDir, store, registry: reg, port: 0, host: '127.0.0.1', log: opts.log, ...(real ? {} : { registryModule: {} }) });
  const kubeconfig = await api.writeKubeconfig();
  const kubectl = makeKubectl(kubeconfig, dataDir);
  return {
    dataDir, kubeconfig, server: api.server, client: api.client, api, store, registry: reg, kubectl,
    stop: async () => {
      await api.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
