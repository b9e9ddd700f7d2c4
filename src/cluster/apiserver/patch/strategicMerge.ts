// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`), the patch
// kubectl apply (client-side three-way), edit, patch and rollout restart send.
// Implemented: lists with patchStrategy merge merge by their patchMergeKey (or are unioned
// when primitive); other lists are replaced; null deletes; directives `$patch` (replace and
// delete in maps; replace, delete and merge as list elements), `$retainKeys`,
// `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>`. Without a schema it falls
// back to JSON merge patch semantics (directives are still honoured). Not implemented: the
// optional patch versions' legacy quirks, and the server's checks that a patch does not
// change its own merge keys.
import type { KindSchema } from '../../registry/schema';
import { badRequest } from '../../api/errors';
import { isObject, deepEqual, type JsonObject } from './json';
import { fieldCursor, itemsCursor, patchMeta, rootCursor, type SchemaCursor } from './schemaWalk';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';

/** Returns the patched copy; neither argument is mutated. */
export function applyStrategicMergePatch<T>(doc: T, patch: unknown, schema?: KindSchema): T {
  if (!isObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
  const original = isObject(doc) ? structuredClone(doc) : {};
  return mergeMap(original, structuredClone(patch), rootCursor(schema)) as T;
}

function mergeMap(original: JsonObject, patch: JsonObject, c: SchemaCursor | undefined): JsonObject {
  if (DIRECTIVE in patch) {
    const d = patch[DIRECTIVE];
    delete patch[DIRECTIVE];
    if (d === 'replace') return stripDirectives(patch) as JsonObject;
    if (d === 'delete') return {};
    throw badRequest(`unknown patch type: ${String(d)} in map: ${JSON.stringify(patch)}`);
  }
  if (RETAIN_KEYS in patch) {
    const keep = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (!Array.isArray(keep)) throw badRequest('invalid patch: $retainKeys must be a list');
    for (const k of Object.keys(original)) if (!keep.includes(k)) delete original[k];
  }
  const orders = new Map<string, unknown[]>();
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(SET_ELEMENT_ORDER)) {
      if (!Array.isArray(v)) throw badRequest(`invalid patch: ${k} must be a list`);
      orders.set(k.slice(SET_ELEMENT_ORDER.length), v);
      continue;
    }
    if (k.startsWith(DELETE_FROM_PRIMITIVE)) {
      const field = k.slice(DELETE_FROM_PRIMITIVE.length);
      if (!Array.isArray(v)) throw badRequest(`invalid patch: ${k} must be a list`);
      const cur = original[field];
      if (Array.isArray(cur)) original[field] = cur.filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    const fc = fieldCursor(c, k);
    if (v === null) {
      delete original[k];
      continue;
    }
    const cur = original[k];
    if (isObject(v) && isObject(cur)) {
      original[k] = patchMeta(fc).strategies.includes('replace') ? stripDirectives(v) : mergeMap(cur, v, fc);
    } else if (Array.isArray(v) && (Array.isArray(cur) || cur === undefined)) {
      original[k] = mergeList(Array.isArray(cur) ? cur : [], v, fc, orders.get(k));
      orders.delete(k);
    } else if (isObject(v)) {
      original[k] = mergeMap({}, v, fc);
    } else {
      original[k] = v;
    }
  }
  // `$setElementOrder` without the list itself only reorders what the server has.
  for (const [field, order] of orders) {
    const cur = original[field];
    if (Array.isArray(cur)) original[field] = applyOrder(cur, order, patchMeta(fieldCursor(c, field)).mergeKey);
  }
  return original;
}

function mergeList(original: unknown[], patch: unknown[], c: SchemaCursor | undefined, order: unknown[] | undefined): unknown[] {
  const { strategies, mergeKey } = patchMeta(c);
  const items = itemsCursor(c);
  if (patch.some((p) => isObject(p) && p[DIRECTIVE] === 'replace')) {
    return stripDirectives(patch.filter((p) => !(isObject(p) && p[DIRECTIVE] === 'replace'))) as unknown[];
  }
  if (!strategies.includes('merge')) return stripDirectives(patch) as unknown[];
  if (!mergeKey || !patch.every(isObject) || !original.every(isObject)) {
    if (patch.some(isObject) && !mergeKey) return stripDirectives(patch) as unknown[];
    const out = [...original];
    for (const p of patch) if (!out.some((o) => deepEqual(o, p))) out.push(p);
    return order ? applyOrder(out, order, undefined) : out;
  }
  const out = [...original] as JsonObject[];
  for (const p of patch as JsonObject[]) {
    const key = p[mergeKey];
    const idx = out.findIndex((o) => deepEqual(o[mergeKey], key));
    const d = p[DIRECTIVE];
    if (d === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (d !== undefined && d !== 'merge') throw badRequest(`unknown patch type: ${String(d)} in map: ${JSON.stringify(p)}`);
    if (d === 'merge') delete p[DIRECTIVE];
    if (key === undefined) throw badRequest(`map: ${JSON.stringify(p)} does not contain declared merge key: ${mergeKey}`);
    if (idx >= 0) out[idx] = mergeMap(out[idx], p, items);
    else out.push(mergeMap({}, p, items));
  }
  return order ? applyOrder(out, order, mergeKey) : out;
}

/**
 * Puts the elements named in `order` into that order, keeping server-only elements where
 * they were relative to the others (what Kubernetes' normalizeElementOrder guarantees).
 */
function applyOrder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = (x: unknown) => (mergeKey && isObject(x) ? x[mergeKey] : x);
  const orderKeys = order.map((o) => (mergeKey && isObject(o) ? o[mergeKey] : o));
  const rank = (x: unknown) => orderKeys.findIndex((k) => deepEqual(k, keyOf(x)));
  const ordered = list.filter((x) => rank(x) >= 0).sort((a, b) => rank(a) - rank(b));
  let i = 0;
  return list.map((x) => (rank(x) >= 0 ? ordered[i++] : x));
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !(isObject(x) && Object.keys(x).length === 1 && DIRECTIVE in x)).map(stripDirectives);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ELEMENT_ORDER) || k.startsWith(DELETE_FROM_PRIMITIVE)) continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}
