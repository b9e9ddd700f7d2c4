// The controller manager: every controller of the playground over one shared set of
// informers. Each controller owns one kind of reconciliation (one file each); they talk to
// each other only through API objects.
import { setMaxListeners } from 'node:events';
import type { ApiClient } from '../client/types';
import { InformerFactory } from '../client/informer';
import type { Controller } from '../client/controller';
import { ReplicaSetController } from './replicaset';
import { DeploymentController } from './deployment';
import { EndpointSliceController } from './endpointslice';
import { EndpointsController } from './endpoints';
import { NamespaceController } from './namespace';
import { GarbageCollector } from './garbagecollector';
import { KubernetesServiceController } from './kubernetesService';
import { optionalControllers } from './optional';

export interface ControllersOptions {
  dataDir: string;
  log?: (line: string) => void;
  /** API server port on 127.0.0.1, for the `kubernetes` Service endpoints. Omit to skip that controller. */
  apiServerPort?: number;
  /** Namespaced resources the namespace controller empties (default: the built-in kinds). */
  namespacedResources?: () => string[];
  /** Node lifecycle: seconds without heartbeat before a node turns Unknown (Kubernetes: 40). */
  nodeMonitorGracePeriodSeconds?: number;
  /** Job pod-failure back-off base (Kubernetes: 10 s). */
  jobBackoffBaseMs?: number;
  /** HPA sync period (Kubernetes: 15 s). */
  hpaSyncPeriodMs?: number;
  /** Controllers to leave out, by name (e.g. 'garbage-collector-controller'). */
  disable?: string[];
}

export interface RunningControllers {
  controllers: Controller[];
  informers: InformerFactory;
  stop(): void;
}

export function startControllers(client: ApiClient, opts: ControllersOptions): RunningControllers {
  const log = opts.log ?? (() => {});
  const informers = new InformerFactory(client, { log });
  const base = { client, informers, log };
  const all: Controller[] = [
    new ReplicaSetController({ ...base, workers: 4 }),
    new DeploymentController(base),
    new EndpointSliceController(base),
    new EndpointsController(base),
    new NamespaceController({ ...base, resources: opts.namespacedResources }),
    new GarbageCollector(base),
    ...optionalControllers(base, opts),
  ];
  if (opts.apiServerPort) all.push(new KubernetesServiceController({ ...base, apiServerPort: opts.apiServerPort }));
  const controllers = all.filter((c) => !(opts.disable ?? []).includes(c.name));
  const ac = new AbortController();
  setMaxListeners(0, ac.signal); // every informer and controller listens for the one stop
  for (const c of controllers) void c.start(ac.signal).catch((err) => log(`${c.name}: ${(err as Error).message}`));
  return { controllers, informers, stop: () => ac.abort() };
}
