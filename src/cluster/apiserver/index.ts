// startApiServer: the Kubernetes API on https://127.0.0.1 over a Store and a Registry, plus an
// in-process ApiClient over the same core. Creates the PKI on first start, serves CRDs found
// in the store, and makes the bootstrap namespaces (default, kube-system, kube-public,
// kube-node-lease). The `kubernetes` Service is the controllers' job, not done here.
import type { AddressInfo } from 'node:net';
import type { PodStreams } from '../api/podStreams';
import type { AdmissionPlugin } from '../admission/types';
import type { ApiClient } from '../client/types';
import { InProcessClient } from '../client/inProcessClient';
import type { Store } from '../store/types';
import type { ServerContext } from './context';
import { registerStoredCRDs } from './crds';
import { invalidateOpenApi } from './openapi';
import { createHttpsServer } from './http';
import { loadOrCreatePki, writeKubeconfig } from './pki';
import type { ApiRequest } from './request';
import type { Registry, RegistryModule } from './registryTypes';
import { handle } from './router';
import { registryModuleIfPresent } from './seams';

export { writeKubeconfig } from './pki';
export { handle } from './router';
export type { ApiRequest, ApiResponse } from './request';

export interface ApiServerOptions {
  dataDir: string;
  store: Store;
  registry: Registry;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  log?: (line: string) => void;
  /** Registry helpers (schema validation, OpenAPI, CRD translation); found automatically when omitted. */
  registryModule?: Partial<RegistryModule>;
}

export interface RunningApiServer {
  /** https://127.0.0.1:<port> */
  server: string;
  port: number;
  token: string;
  caPem: string;
  client: ApiClient;
  /** The core, for tests and the in-process client. */
  handle(req: ApiRequest): ReturnType<typeof handle>;
  addAdmission(plugin: AdmissionPlugin): void;
  setPodStreams(streams: PodStreams | undefined): void;
  writeKubeconfig(file?: string): Promise<string>;
  close(): Promise<void>;
}

const BOOTSTRAP_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function startApiServer(o: ApiServerOptions): Promise<RunningApiServer> {
  const pki = await loadOrCreatePki(o.dataDir);
  const log = o.log ?? (() => {});
  const sc: ServerContext = {
    store: o.store, registry: o.registry, registryModule: o.registryModule ?? registryModuleIfPresent(),
    admission: [], log, address: '127.0.0.1:0',
  };
  registerStoredCRDs(sc);
  const offRegistry = o.registry.onChange(() => invalidateOpenApi(o.registry));
  const core = (req: ApiRequest) => handle(sc, req);
  const client = new InProcessClient(core, o.registry, 'system:apiserver');
  for (const name of BOOTSTRAP_NAMESPACES) {
    if (!o.store.get(`/registry/namespaces/${name}`)) {
      try { await client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: 'kube-apiserver' }); } catch (e) { log(`apiserver: namespace ${name}: ${(e as Error).message}`); }
    }
  }
  const http = createHttpsServer(sc, { certPem: pki.certPem, keyPem: pki.keyPem, token: pki.token });
  const sockets = new Set<import('node:stream').Duplex>();
  http.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => { http.off('error', reject); resolve(); });
  });
  const port = (http.address() as AddressInfo).port;
  sc.address = `127.0.0.1:${port}`;
  const server = `https://127.0.0.1:${port}`;
  log(`apiserver: serving on ${server}`);
  return {
    server, port, token: pki.token, caPem: pki.caPem, client, handle: core,
    addAdmission: (p) => { sc.admission.push(p); },
    setPodStreams: (s) => { sc.podStreams = s; },
    writeKubeconfig: (file) => writeKubeconfig(o.dataDir, server, file),
    close: () => new Promise<void>((resolve) => {
      offRegistry();
      http.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
