// The one client interface every in-cluster component uses (design.md rule 5): the
// scheduler, controllers, kubelets and proxies talk to the API server through it, in process
// (InProcessClient, no HTTP) or over HTTP. Nothing but the API server touches the store.
//
// A resource is named as Kubernetes prints it, plural and group-qualified:
// 'pods', 'nodes', 'deployments.apps', 'leases.coordination.k8s.io', 'endpointslices.discovery.k8s.io'.
// The version is the group's served version from the registry.
import type { KubeList, KubeObject, WatchEvent } from '../api/types';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Events strictly after this revision; '' or '0' means "from now, with synthetic ADDED for what exists". */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export interface UpdateOptions extends WriteOptions {
  /** 'finalize': PUT namespaces/<name>/finalize (the namespace controller). */
  subresource?: 'status' | 'scale' | 'finalize';
}

export interface PatchOptions extends WriteOptions {
  subresource?: 'status' | 'scale';
  force?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WatchHandle {
  stop(): void;
}

export interface ApiClient {
  get<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, name: string, subresource?: 'status' | 'scale'): Promise<T>;
  list<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, opts?: ListOptions): Promise<KubeList<T>>;
  /**
   * Streams events until stop() or until the server ends the watch (timeout, or an ERROR
   * event such as 410 Expired, delivered to onEvent before onClose).
   */
  watch<T extends KubeObject = KubeObject>(
    resource: string, namespace: string | undefined, opts: WatchOptions,
    onEvent: (e: WatchEvent<T>) => void, onClose: (err?: Error) => void,
  ): WatchHandle;
  create<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions): Promise<T>;
  update<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, obj: KubeObject, opts?: UpdateOptions): Promise<T>;
  patch<T extends KubeObject = KubeObject>(resource: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: PatchOptions): Promise<T>;
  /** Returns the object (when it still exists, e.g. with finalizers or a grace period) or a Status. */
  delete(resource: string, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<KubeObject>;
  /** POST to a subresource: pods/binding, pods/eviction. */
  createSubresource(resource: string, namespace: string | undefined, name: string, subresource: string, body: KubeObject): Promise<KubeObject>;
}
