// Stand-in patch engines, used only where src/cluster/apiserver/patch/ (another component)
// has not provided one: RFC 6902 JSON patch, RFC 7386 merge patch, a strategic merge patch
// that merges object lists by `name` (no schema-driven merge keys, no $setElementOrder),
// and a server-side apply without field-ownership conflicts (apply = merge; managedFields
// records the manager). Deliberately simple; the real engines replace them.
import { ApiError, badRequest } from '../../api/errors';
import type { KubeObject, ManagedFieldsEntry } from '../../api/types';

const clone = <T>(v: T): T => structuredClone(v);

function unescape(t: string): string { return t.replace(/~1/g, '/').replace(/~0/g, '~'); }

export function applyJsonPatch(doc: any, ops: any): any {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  let root = clone(doc);
  const walk = (path: string): [any, string] => {
    const parts = path.split('/').slice(1).map(unescape);
    const last = parts.pop();
    if (last === undefined) throw badRequest(`invalid path ${path}`);
    let cur = root;
    for (const p of parts) {
      if (cur == null || typeof cur !== 'object' || !(p in cur)) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: doc is missing path: "${path}"`);
      cur = cur[p];
    }
    return [cur, last];
  };
  const getAt = (path: string) => { if (path === '') return root; const [p, k] = walk(path); if (!(k in p)) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: doc is missing path: "${path}"`); return p[k]; };
  const remove = (path: string) => { const [p, k] = walk(path); if (Array.isArray(p)) p.splice(Number(k), 1); else { if (!(k in p)) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: Unable to remove nonexistent key: ${k}: missing value`); delete p[k]; } };
  const add = (path: string, v: any) => {
    if (path === '') { root = v; return; }
    const [p, k] = walk(path);
    if (Array.isArray(p)) { if (k === '-') p.push(v); else p.splice(Number(k), 0, v); } else p[k] = v;
  };
  for (const op of ops) {
    switch (op.op) {
      case 'add': add(op.path, clone(op.value)); break;
      case 'remove': remove(op.path); break;
      case 'replace': getAt(op.path); if (op.path === '') root = clone(op.value); else { const [p, k] = walk(op.path); p[k] = clone(op.value); } break;
      case 'move': { const v = getAt(op.from); remove(op.from); add(op.path, v); break; }
      case 'copy': add(op.path, clone(getAt(op.from))); break;
      case 'test': if (JSON.stringify(getAt(op.path)) !== JSON.stringify(op.value)) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${op.path} failed`); break;
      default: throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return root;
}

export function applyMergePatch(doc: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const out = doc && typeof doc === 'object' && !Array.isArray(doc) ? clone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

export function applyStrategicMergePatch(doc: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const out = doc && typeof doc === 'object' && !Array.isArray(doc) ? clone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$') || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) continue;
    if (v === null) { delete out[k]; continue; }
    if (Array.isArray(v) && Array.isArray(out[k]) && v.every((x) => x && typeof x === 'object' && 'name' in x)) {
      const list: any[] = clone(out[k]);
      for (const item of v) {
        const i = list.findIndex((x) => x?.name === item.name);
        if (item.$patch === 'delete') { if (i >= 0) list.splice(i, 1); continue; }
        if (i >= 0) list[i] = applyStrategicMergePatch(list[i], item); else list.push(applyStrategicMergePatch({}, item));
      }
      out[k] = list;
    } else out[k] = applyStrategicMergePatch(out[k], v);
  }
  return out;
}

function fieldsOf(v: any): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (x && typeof x === 'object' && !Array.isArray(x)) out[`f:${k}`] = fieldsOf(x); else out[`f:${k}`] = {};
  }
  return out;
}

function entry(obj: KubeObject, manager: string, operation: 'Apply' | 'Update', apiVersion: string, now: string, subresource?: string): ManagedFieldsEntry {
  const { metadata, apiVersion: _a, kind: _k, status, ...rest } = obj;
  const src = subresource === 'status' ? { status } : { ...rest, metadata: { labels: metadata.labels, annotations: metadata.annotations } };
  const e: ManagedFieldsEntry = { manager, operation, apiVersion, time: now, fieldsType: 'FieldsV1', fieldsV1: fieldsOf(JSON.parse(JSON.stringify(src))) };
  if (subresource) e.subresource = subresource;
  return e;
}

function replaceEntry(list: ManagedFieldsEntry[] | undefined, e: ManagedFieldsEntry): ManagedFieldsEntry[] {
  const out = (list ?? []).filter((x) => !(x.manager === e.manager && x.operation === e.operation && (x.subresource ?? '') === (e.subresource ?? '')));
  out.push(e);
  return out;
}

export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: { manager: string; force: boolean; apiVersion: string; now: string; subresource?: string }): KubeObject {
  const { managedFields: _m, ...meta } = applied.metadata ?? {};
  const merged = applyMergePatch(live ?? {}, { ...applied, metadata: meta }) as KubeObject;
  merged.metadata.managedFields = replaceEntry(live?.metadata.managedFields, entry(applied, opts.manager, 'Apply', opts.apiVersion, opts.now, opts.subresource));
  return merged;
}

export function updateManagedFields(_old: KubeObject | undefined, obj: KubeObject, opts: { manager: string; apiVersion: string; now: string; subresource?: string }): KubeObject {
  obj.metadata.managedFields = replaceEntry(obj.metadata.managedFields, entry(obj, opts.manager, 'Update', opts.apiVersion, opts.now, opts.subresource));
  return obj;
}
