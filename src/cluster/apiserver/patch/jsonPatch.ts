// RFC 6902 JSON Patch (`application/json-patch+json`) as the Kubernetes API server applies
// it: the semantics and error texts of evanphx/json-patch v4, which 1.32 uses, including its
// quirks (replace of a missing object key adds it; a null intermediate is "missing").
// A failing operation is the generic 422 Invalid Kubernetes answers (see patchFailed).
// Not implemented: the server's limits on the number of operations and on copy size.
import { ApiError, badRequest } from '../../api/errors';
import { deepEqual } from './json';

export interface JsonPatchOperation {
  op: string;
  path?: string;
  from?: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

/** Applies `ops` to a copy of `doc`; the input is never mutated. */
export function applyJsonPatch<T>(doc: T, ops: unknown): T {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const root = { doc: structuredClone(doc) as unknown };
  for (const raw of ops) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      throw badRequest('json: cannot unmarshal non-object into Go value of type jsonpatch.Operation');
    }
    const op = raw as JsonPatchOperation;
    const err = applyOne(root, op);
    if (err) throw patchFailed(err);
  }
  return root.doc as T;
}

/**
 * Kubernetes wraps the library error in a generic 422 without causes (details is `{}`), so
 * kubectl prints "The request is invalid: the server rejected our request due to an error
 * in our request". The library's text is kept as the error's `cause` for logs and tests.
 */
function patchFailed(message: string): ApiError {
  const err = new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  (err as Error).cause = message;
  return err;
}

const MISSING = 'missing value';
const BAD_INDEX = 'invalid index referenced';

function applyOne(root: { doc: unknown }, op: JsonPatchOperation): string | undefined {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  const path = op.path;
  switch (kind) {
    case 'add': {
      if (typeof path !== 'string') return `add operation failed to decode path: ${MISSING}`;
      const [con, key] = findObject(root.doc, path);
      if (!con) return `add operation does not apply: doc is missing path: "${path}": ${MISSING}`;
      // A missing value is JSON null in json-patch v4, not an error.
      const e = add(con, key, structuredClone(op.value ?? null));
      return e && `error in add for path: '${path}': ${e}`;
    }
    case 'remove': {
      if (typeof path !== 'string') return `remove operation failed to decode path: ${MISSING}`;
      const [con, key] = findObject(root.doc, path);
      if (!con) return `remove operation does not apply: doc is missing path: "${path}": ${MISSING}`;
      const e = remove(con, key);
      return e && `error in remove for path: '${path}': ${e}`;
    }
    case 'replace': {
      if (typeof path !== 'string') return `replace operation failed to decode path: operation missing path field: ${MISSING}`;
      if (path === '') {
        if (op.value === null || typeof op.value !== 'object') return 'replace operation value must be object or array: <nil>';
        root.doc = structuredClone(op.value);
        return undefined;
      }
      const [con, key] = findObject(root.doc, path);
      if (!con) return `replace operation does not apply: doc is missing path: ${path}: ${MISSING}`;
      if (Array.isArray(con)) {
        const g = get(con, key);
        if (typeof g === 'string') return `replace operation does not apply: doc is missing key: ${path}: ${MISSING}`;
        con[g.index] = structuredClone(op.value ?? null);
      } else {
        con[key] = structuredClone(op.value ?? null);
      }
      return undefined;
    }
    case 'move':
    case 'copy': {
      const from = op.from;
      if (typeof from !== 'string') return `${kind} operation failed to decode from: operation, missing from field: ${MISSING}`;
      const [src, skey] = findObject(root.doc, from);
      if (!src) return `${kind} operation does not apply: doc is missing from path: ${from}: ${MISSING}`;
      const g = get(src, skey);
      if (typeof g === 'string') return `error in ${kind} for ${kind === 'copy' ? 'from' : 'path'}: '${kind === 'copy' ? from : skey}': ${g}`;
      let value = g.value;
      if (kind === 'move') {
        const e = remove(src, skey);
        if (e) return `error in move for path: '${skey}': ${e}`;
      } else {
        value = structuredClone(value);
      }
      if (typeof path !== 'string') return `${kind} operation failed to decode path: ${MISSING}`;
      const [dst, dkey] = findObject(root.doc, path);
      if (!dst) return `${kind} operation does not apply: doc is missing destination path: ${path}: ${MISSING}`;
      const e = add(dst, dkey, value);
      if (e) return kind === 'move' ? `error in move for path: '${path}': ${e}` : `error while adding value during copy: ${e}`;
      return undefined;
    }
    case 'test': {
      if (typeof path !== 'string') return `test operation failed to decode path: operation missing path field: ${MISSING}`;
      const failed = `testing value ${path} failed: test failed`;
      if (path === '') return deepEqual(root.doc, op.value) ? undefined : failed;
      const [con, key] = findObject(root.doc, path);
      if (!con) return `test operation does not apply: is missing path: ${path}: ${MISSING}`;
      const g = get(con, key);
      if (typeof g === 'string') return `error in test for path: '${path}': ${g}`;
      if (g.value === undefined || g.value === null) return op.value === undefined || op.value === null ? undefined : failed;
      if (op.value === undefined) return failed;
      return deepEqual(g.value, op.value) ? undefined : failed;
    }
    default:
      return `Unexpected kind: ${kind}`;
  }
}

function decodeKey(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The container that holds the path's last segment, or undefined when a parent is missing. */
function findObject(doc: unknown, path: string): [Container | undefined, string] {
  const split = path.split('/');
  if (split.length < 2) return [undefined, ''];
  let cur = doc;
  for (const part of split.slice(1, -1)) {
    if (cur === null || typeof cur !== 'object') return [undefined, ''];
    const g = get(cur as Container, decodeKey(part));
    if (typeof g === 'string' || g.value === null || g.value === undefined || typeof g.value !== 'object') return [undefined, ''];
    cur = g.value;
  }
  if (cur === null || typeof cur !== 'object') return [undefined, ''];
  return [cur as Container, decodeKey(split[split.length - 1])];
}

function parseIndex(key: string): number | undefined {
  return /^-?\d+$/.test(key) ? Number(key) : undefined;
}

function get(con: Container, key: string): { value: unknown; index: number } | string {
  if (!Array.isArray(con)) return { value: con[key], index: -1 };
  const idx = parseIndex(key);
  if (idx === undefined) return `strconv.Atoi: parsing "${key}": invalid syntax`;
  if (idx < 0 || idx >= con.length) return `Unable to access invalid index: ${idx}: ${BAD_INDEX}`;
  return { value: con[idx], index: idx };
}

function add(con: Container, key: string, value: unknown): string | undefined {
  if (!Array.isArray(con)) {
    con[key] = value;
    return undefined;
  }
  if (key === '-') {
    con.push(value);
    return undefined;
  }
  const idx = parseIndex(key);
  if (idx === undefined) return `value was not a proper array index: '${key}': strconv.Atoi: parsing "${key}": invalid syntax`;
  if (idx < 0 || idx > con.length) return `Unable to access invalid index: ${idx}: ${BAD_INDEX}`;
  con.splice(idx, 0, value);
  return undefined;
}

function remove(con: Container, key: string): string | undefined {
  if (!Array.isArray(con)) {
    if (!(key in con)) return `Unable to remove nonexistent key: ${key}: ${MISSING}`;
    delete con[key];
    return undefined;
  }
  const idx = parseIndex(key);
  if (idx === undefined) return `strconv.Atoi: parsing "${key}": invalid syntax`;
  if (idx < 0 || idx >= con.length) return `Unable to access invalid index: ${idx}: ${BAD_INDEX}`;
  con.splice(idx, 1);
  return undefined;
}
