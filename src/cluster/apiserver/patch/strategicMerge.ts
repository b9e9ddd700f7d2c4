// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`), the patch
// kubectl apply (client-side three-way), edit, patch and rollout restart send, with the
// semantics of apimachinery's strategicpatch as the API server runs it (parallel lists
// merged, unmatched nulls ignored):
// - lists whose patchStrategy includes merge merge by patchMergeKey (primitive ones are
//   unioned); other lists, and lists of maps without a merge key, are replaced;
// - merged lists are ordered as Kubernetes orders them: patch items in patch order,
//   server-only items interleaved by their server order (so new items come first);
// - null deletes; `$patch: replace|delete` in maps, `$patch: replace|delete` list items,
//   `$retainKeys`, `$deleteFromPrimitiveList/<f>`, `$setElementOrder/<f>`.
// Without a schema it falls back to JSON merge patch semantics (directives are still
// honoured). Not implemented: validation that `$setElementOrder` matches its list, and the
// check that `$retainKeys` covers every key of the patch.
import type { KindSchema } from '../../registry/schema';
import { badRequest } from '../../api/errors';
import { cloneJson, isObject, deepEqual, type JsonObject } from './json';
import { fieldCursor, itemsCursor, patchMeta, rootCursor, type SchemaCursor } from './schemaWalk';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';

/** Returns the patched copy; neither argument is mutated. */
export function applyStrategicMergePatch<T>(doc: T, patch: unknown, schema?: KindSchema): T {
  if (!isObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
  const original = isObject(doc) ? cloneJson(doc) : {};
  return mergeMap(original, cloneJson(patch), rootCursor(schema)) as T;
}

function mergeMap(original: JsonObject, patch: JsonObject, c: SchemaCursor | undefined): JsonObject {
  if (DIRECTIVE in patch) {
    const d = patch[DIRECTIVE];
    delete patch[DIRECTIVE];
    if (d === 'replace') return patch;
    if (d === 'delete') return {};
    throw badRequest(`unknown patch type: ${String(d)} in map: ${JSON.stringify(patch)}`);
  }
  if (RETAIN_KEYS in patch) {
    const keep = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (!Array.isArray(keep)) throw badRequest('invalid patch: $retainKeys must be a list');
    for (const k of Object.keys(original)) if (!keep.includes(k)) delete original[k];
  }
  for (const k of Object.keys(patch)) {
    if (k.startsWith(SET_ELEMENT_ORDER)) mergeWithElementOrder(original, patch, k, c);
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith(DELETE_FROM_PRIMITIVE)) {
      const field = k.slice(DELETE_FROM_PRIMITIVE.length);
      const cur = original[field];
      if (!Array.isArray(v)) throw badRequest(`invalid patch: ${k} must be a list`);
      if (Array.isArray(cur)) original[field] = cur.filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    if (v === null) {
      delete original[k];
      continue;
    }
    const cur = original[k];
    if (!(k in original) || kindOf(cur) !== kindOf(v)) {
      const [stripped, keep] = removeDirectives(v);
      if (keep) original[k] = stripped;
      else delete original[k];
      continue;
    }
    const fc = fieldCursor(c, k);
    if (isObject(v)) {
      original[k] = patchMeta(fc).strategies.includes('replace') ? v : mergeMap(cur as JsonObject, v, fc);
    } else if (Array.isArray(v)) {
      original[k] = mergeListField(cur as unknown[], v, fc);
    } else {
      original[k] = v;
    }
  }
  return original;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v;
}

function mergeListField(original: unknown[], patch: unknown[], c: SchemaCursor | undefined): unknown[] {
  const { strategies, mergeKey } = patchMeta(c);
  if (!strategies.includes('merge')) return patch;
  return mergeList(original, patch, mergeKey, itemsCursor(c));
}

/** `$setElementOrder/<field>`: merge the list (if patched), then impose the given order. */
function mergeWithElementOrder(original: JsonObject, patch: JsonObject, key: string, c: SchemaCursor | undefined): void {
  const order = patch[key];
  delete patch[key];
  if (!Array.isArray(order)) throw badRequest(`invalid patch: ${key} must be a list`);
  const field = key.slice(SET_ELEMENT_ORDER.length);
  const fc = fieldCursor(c, field);
  const { mergeKey } = patchMeta(fc);
  const cur = Array.isArray(original[field]) ? (original[field] as unknown[]) : undefined;
  const p = Array.isArray(patch[field]) ? (patch[field] as unknown[]) : undefined;
  let merged: unknown[];
  if (cur && !p) merged = cur;
  else if (!cur && p) merged = removeDirectives(p)[0] as unknown[];
  else if (cur && p) merged = mergeListField(cur, p, fc);
  else return;
  const maps = merged.some(isObject);
  const key_ = (x: unknown) => (maps && mergeKey ? (isObject(x) ? x[mergeKey] : undefined) : x);
  const inOrder = (x: unknown) => order.some((o) => deepEqual(key_(o), key_(x)));
  original[field] = normalizeElementOrder(merged.filter(inOrder), merged.filter((x) => !inOrder(x)), order, cur ?? [], key_);
  delete patch[field];
}

function mergeList(original: unknown[], patch: unknown[], mergeKey: string | undefined, items: SchemaCursor | undefined): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const maps = [...original, ...patch].some(isObject);
  if (!maps) {
    const merged: unknown[] = [];
    for (const x of [...original, ...patch]) if (!merged.some((m) => deepEqual(m, x))) merged.push(x);
    const key = (x: unknown) => x;
    const inPatch = (x: unknown) => patch.some((p) => deepEqual(p, x));
    return normalizeElementOrder(merged.filter(inPatch), merged.filter((x) => !inPatch(x)), patch, original, key);
  }
  if (!mergeKey) throw badRequest('cannot merge lists without merge key');
  const key = (x: unknown) => (isObject(x) ? x[mergeKey] : undefined);
  // Special elements first: `$patch: delete` removes by key, `$patch: replace` drops the server list.
  let server = [...original];
  const plain: JsonObject[] = [];
  let replace = false;
  for (const p of patch) {
    if (!isObject(p)) throw badRequest(`invalid patch: list item ${JSON.stringify(p)} is not a map`);
    if (!(DIRECTIVE in p)) { plain.push(p); continue; }
    const d = p[DIRECTIVE];
    if (d === 'delete') {
      if (!(mergeKey in p)) throw badRequest(`map: ${JSON.stringify(p)} does not contain declared merge key: ${mergeKey}`);
      server = server.filter((o) => !deepEqual(key(o), p[mergeKey]));
    } else if (d === 'replace') {
      replace = true;
    } else if (d === 'merge') {
      throw badRequest('merging lists cannot yet be specified in the patch');
    } else {
      throw badRequest(`unknown patch type: ${String(d)} in map: ${JSON.stringify(p)}`);
    }
  }
  if (replace) return removeDirectives(plain)[0] as unknown[];
  const merged = [...server];
  for (const p of plain) {
    if (!(mergeKey in p)) throw badRequest(`map: ${JSON.stringify(p)} does not contain declared merge key: ${mergeKey}`);
    const i = merged.findIndex((o) => deepEqual(key(o), p[mergeKey]));
    if (i >= 0) merged[i] = mergeMap(merged[i] as JsonObject, p, items);
    else merged.push(removeDirectives(p)[0]);
  }
  const inPatch = (x: unknown) => plain.some((p) => deepEqual(key(p), key(x)));
  return normalizeElementOrder(merged.filter(inPatch), merged.filter((x) => !inPatch(x)), plain, server, key);
}

/**
 * Kubernetes' list order after a merge: patch items sorted by the patch's order, server-only
 * items by the server's, then server-only items are slotted in before the first patch item
 * the server had after them. Items the server never had come first.
 */
function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], key: (x: unknown) => unknown): unknown[] {
  const indexIn = (list: unknown[], x: unknown) => list.findIndex((o) => deepEqual(key(o), key(x)));
  const sortBy = (items: unknown[], order: unknown[]) => items
    .map((x, i) => ({ x, i, at: indexIn(order, x) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.at >= 0 ? -1 : b.at >= 0 ? 1 : a.i - b.i) || a.i - b.i)
    .map((e) => e.x);
  const left = sortBy(serverOnly, serverOrder);
  const right = sortBy(patchItems, patchOrder);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i]);
      const ri = indexIn(serverOrder, right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Drops maps carrying `$patch` and null fields, as Kubernetes does for values the server lacks. */
function removeDirectives(v: unknown): [unknown, boolean] {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const [y, keep] = removeDirectives(x);
      if (keep) out.push(y);
    }
    return [out, true];
  }
  if (!isObject(v)) return [v, true];
  if (DIRECTIVE in v) return [undefined, false];
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || k === RETAIN_KEYS || k.startsWith(SET_ELEMENT_ORDER) || k.startsWith(DELETE_FROM_PRIMITIVE)) continue;
    const [y, keep] = removeDirectives(x);
    if (keep) out[k] = y;
  }
  return [out, true];
}
