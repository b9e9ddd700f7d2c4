// Admission: what the API server runs on a write after decoding and defaulting and before
// validation and storage. Plug-ins mutate ctx.object in place or throw an ApiError; on
// dryRun they must not keep any reservation (e.g. an allocated ClusterIP).
import type { KubeObject } from '../api/types';

export interface AdmissionContext {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  /** Group-qualified plural, e.g. 'services', 'deployments.apps'. */
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  dryRun: boolean;
  object?: KubeObject;
  oldObject?: KubeObject;
  /** Reads the current state of other objects (from the store, consistent at call time). */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
}

export interface AdmissionPlugin {
  name: string;
  /** Group-qualified plurals this plug-in sees; '*' for all. */
  resources: string[];
  admit(ctx: AdmissionContext): void | Promise<void>;
  /** Called after the write was stored (or failed), to commit or release reservations. */
  afterWrite?(ctx: AdmissionContext, ok: boolean): void;
}
