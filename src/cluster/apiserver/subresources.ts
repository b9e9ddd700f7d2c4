// Subresources with their own shapes: scale (autoscaling/v1 Scale over the registry's
// replica paths), pods/binding (sets spec.nodeName once), pods/eviction (deletes the pod),
// namespaces/finalize (replaces spec.finalizers; an emptied terminating namespace goes away).
// status is handled by the update pipeline (writes.ts) with subresource 'status'.
import { ApiError, badRequest, conflict } from '../api/errors';
import type { KubeObject, Status } from '../api/types';
import type { ServerContext } from './context';
import { deleteObject } from './deleteVerb';
import type { ResourceDef } from './registryTypes';
import { getPath } from './selectors';
import { patchEngines } from './seams';
import { updateObject, type WriteOpts } from './writes';
import { cloneJson } from './patch/json';

function selectorString(sel: any): string {
  if (typeof sel === 'string') return sel;
  if (!sel || typeof sel !== 'object') return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${e.values.join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${e.values.join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

function setPath(o: any, path: string, v: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = o;
  for (const p of parts.slice(0, -1)) cur = cur[p] ??= {};
  cur[parts[parts.length - 1]] = v;
}

export function toScale(def: ResourceDef, o: KubeObject): KubeObject {
  const sr = def.subresources!.scale!;
  const m = o.metadata;
  const sel = sr.labelSelectorPath ? getPath(o, sr.labelSelectorPath) : undefined;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(getPath(o, sr.specReplicasPath) ?? (def.group === 'apps' || def.gr === 'replicationcontrollers' ? 1 : 0)) },
    status: { replicas: Number(getPath(o, sr.statusReplicasPath) ?? 0), selector: selectorString(sel ?? o.spec?.selector) },
  };
}

export async function writeScale(sc: ServerContext, def: ResourceDef, ns: string | undefined, name: string, opts: WriteOpts, next: (scale: KubeObject) => KubeObject): Promise<KubeObject> {
  const sr = def.subresources?.scale;
  if (!sr) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  const r = await updateObject(sc, def, {
    namespace: ns, name, opts: { ...opts, subresource: 'scale' },
    mutate: (cur) => {
      const scale = next(toScale(def, cur));
      const replicas = scale?.spec?.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw new ApiError(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
          { name, group: 'autoscaling', kind: 'Scale', causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }] });
      }
      const out = cloneJson(cur);
      setPath(out, sr.specReplicasPath, replicas);
      const rv = scale.metadata?.resourceVersion;
      if (rv && rv !== cur.metadata.resourceVersion) throw conflict(def.gr, name, undefined, def.group, def.plural);
      delete out.metadata.resourceVersion;
      return out;
    },
  });
  return toScale(def, r.obj);
}

export async function patchScale(sc: ServerContext, def: ResourceDef, ns: string | undefined, name: string, type: string, patch: unknown, opts: WriteOpts): Promise<KubeObject> {
  const eng = patchEngines();
  return writeScale(sc, def, ns, name, opts, (scale) => {
    if (type === 'json') return eng.applyJsonPatch(scale, patch);
    if (type === 'merge' || type === 'strategic' || type === 'apply') {
      const out = eng.applyMergePatch(scale, patch);
      if (type === 'apply') delete out.metadata.resourceVersion;
      return out;
    }
    throw badRequest(`unsupported patch type ${type}`);
  });
}

const success = (code: number): Status => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code } as Status);

export async function bindPod(sc: ServerContext, def: ResourceDef, ns: string | undefined, name: string, body: any, opts: WriteOpts): Promise<Status> {
  const node = body?.target?.name;
  if (!node) throw new ApiError(422, 'Invalid', `Binding "${name}" is invalid: target.name: Required value`, { name, kind: 'Binding', causes: [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }] });
  await updateObject(sc, def, {
    namespace: ns, name, opts: { ...opts, subresource: 'binding' },
    mutate: (cur) => {
      if (cur.metadata.deletionTimestamp) throw conflict(def.gr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      if (cur.spec?.nodeName) throw conflict(def.gr, name, `pod ${name} is already assigned to node "${cur.spec.nodeName}"`);
      if (body?.metadata?.uid && body.metadata.uid !== cur.metadata.uid) throw conflict(def.gr, name, 'Precondition failed: UID in precondition');
      cur.spec = { ...cur.spec, nodeName: node };
      const conds = (cur.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
      conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
      cur.status = { ...(cur.status ?? {}), conditions: conds };
      if (body?.metadata?.annotations) cur.metadata.annotations = { ...(cur.metadata.annotations ?? {}), ...body.metadata.annotations };
      delete cur.metadata.resourceVersion;
      return cur;
    },
  });
  return success(201);
}

export async function evictPod(sc: ServerContext, def: ResourceDef, ns: string | undefined, name: string, body: any): Promise<Status> {
  await deleteObject(sc, def, ns, name, { ...(body?.deleteOptions ?? {}) });
  return success(201);
}

export async function finalizeNamespace(sc: ServerContext, def: ResourceDef, name: string, body: any, opts: WriteOpts): Promise<KubeObject> {
  const r = await updateObject(sc, def, {
    namespace: undefined, name, opts: { ...opts, subresource: 'finalize' },
    mutate: (cur) => {
      if (body?.metadata?.resourceVersion && body.metadata.resourceVersion !== cur.metadata.resourceVersion) throw conflict(def.gr, name);
      cur.spec = { ...(cur.spec ?? {}), finalizers: [...(body?.spec?.finalizers ?? [])] };
      delete cur.metadata.resourceVersion;
      return cur;
    },
  });
  return r.obj;
}
