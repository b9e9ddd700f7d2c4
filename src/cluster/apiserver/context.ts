// The API server's shared state: store, registry, admission chain, pod streams, and the
// helpers every verb uses (storage keys, error mapping, admission runs).
import { ApiError, alreadyExists, conflict, internalError, notFound } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { AdmissionContext, AdmissionPlugin } from '../admission/types';
import type { PodStreams } from '../api/podStreams';
import { StoreError, type Store } from '../store/types';
import type { Registry, RegistryModule, ResourceDef } from './registryTypes';
import { cloneJson } from './patch/json';

export interface ServerContext {
  store: Store;
  registry: Registry;
  registryModule?: Partial<RegistryModule>;
  admission: AdmissionPlugin[];
  podStreams?: PodStreams;
  log: (line: string) => void;
  /** host:port as clients reach it, for serverAddressByClientCIDRs. */
  address: string;
}

export function keyFor(def: ResourceDef, namespace: string | undefined, name: string): string {
  const r = def.storageResource ?? def.gr;
  return def.namespaced ? `/registry/${r}/${namespace}/${name}` : `/registry/${r}/${name}`;
}

export function prefixFor(def: ResourceDef, namespace: string | undefined): string {
  const r = def.storageResource ?? def.gr;
  return def.namespaced && namespace ? `/registry/${r}/${namespace}/` : `/registry/${r}/`;
}

/** Kubernetes prints resources as `plural.group` in messages. */
export function qualified(def: ResourceDef): string {
  return def.gr;
}

export function storeErrorToApi(e: unknown, def: ResourceDef, name: string): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof StoreError) {
    switch (e.code) {
      case 'NotFound': return notFound(def.gr, name, def.group, def.plural);
      case 'AlreadyExists': return alreadyExists(def.gr, name, def.group, def.plural);
      case 'Conflict': return conflict(def.gr, name, undefined, def.group, def.plural);
      case 'Expired': return new ApiError(410, 'Expired', e.message);
      default: return internalError(e.message);
    }
  }
  return internalError(e instanceof Error ? e.message : String(e));
}

function storeGet(ctx: ServerContext, resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
  const def = ctx.registry.byResource(resource);
  if (!def) return undefined;
  const v = ctx.store.get(keyFor(def, namespace, name))?.value;
  return v ? cloneJson(v) : undefined;
}

function storeList(ctx: ServerContext, resource: string, namespace?: string): KubeObject[] {
  const def = ctx.registry.byResource(resource);
  if (!def) return [];
  return ctx.store.list(prefixFor(def, namespace)).items.map((i) => cloneJson(i.value));
}

export interface AdmissionRun { ctx: AdmissionContext; plugins: AdmissionPlugin[] }

export async function runAdmission(
  sc: ServerContext, def: ResourceDef, operation: AdmissionContext['operation'], args: {
    subresource?: string; namespace?: string; name?: string; dryRun: boolean; object?: KubeObject; oldObject?: KubeObject;
  },
): Promise<AdmissionRun> {
  const plugins = sc.admission.filter((p) => p.resources.includes('*') || p.resources.includes(def.gr));
  const actx: AdmissionContext = {
    operation, resource: def.gr, ...args,
    get: (r, ns, n) => storeGet(sc, r, ns, n),
    list: (r, ns) => storeList(sc, r, ns),
  };
  const ran: AdmissionPlugin[] = [];
  try {
    for (const p of plugins) { ran.push(p); await p.admit(actx); }
  } catch (e) {
    afterWrite({ ctx: actx, plugins: ran }, false);
    throw e;
  }
  return { ctx: actx, plugins };
}

export function afterWrite(run: AdmissionRun | undefined, ok: boolean): void {
  if (!run) return;
  for (const p of run.plugins) {
    try { p.afterWrite?.(run.ctx, ok); } catch { /* reservations are best-effort */ }
  }
}
