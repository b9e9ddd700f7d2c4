// Field sets as server-side apply tracks them (structured-merge-diff's fieldpath.Set) and
// their FieldsV1 encoding: `f:<field>` for struct and map fields, `k:{"name":"web"}` for an
// item of a list map (key fields sorted by name), `v:<json>` for an item of a set, `i:<n>` for
// a positional item, and `.` marking that a node with children is itself a member.
// Also which paths an object has (for apply) and which differ between two objects (for
// update). The top-level bookkeeping fields Kubernetes strips (apiVersion, kind, name,
// namespace, uid, resourceVersion, …, managedFields) are never part of a set.
import type { KindSchema } from '../../registry/schema';
import { deepEqual, isObject, type JsonObject } from './json';
import { fieldCursor, isAtomicMap, itemsCursor, keyFieldDefault, listKind, rootCursor, type SchemaCursor } from './schemaWalk';

export type PathElement = string;
export type Path = PathElement[];

export class FieldSet {
  private readonly paths = new Map<string, Path>();

  static of(paths: Iterable<Path>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.add(p);
    return s;
  }

  // Keyed by the elements joined with NUL (cheaper than JSON text of the path; a path element
  // never holds a raw NUL: `k:`/`v:` elements are JSON, field names are object keys).
  add(p: Path): void { this.paths.set(p.join('\u0000'), p); }
  has(p: Path): boolean { return this.paths.has(p.join('\u0000')); }
  delete(p: Path): void { this.paths.delete(p.join('\u0000')); }
  get size(): number { return this.paths.size; }
  get empty(): boolean { return this.paths.size === 0; }
  [Symbol.iterator](): Iterator<Path> { return this.paths.values(); }
  // Set operations reuse the keys instead of recomputing them.
  private keep(f: (k: string, p: Path) => boolean): FieldSet {
    const s = new FieldSet();
    for (const [k, p] of this.paths) if (f(k, p)) s.paths.set(k, p);
    return s;
  }
  union(o: FieldSet): FieldSet {
    const s = this.keep(() => true);
    for (const [k, p] of o.paths) s.paths.set(k, p);
    return s;
  }
  minus(o: FieldSet): FieldSet { return o.empty ? this.keep(() => true) : this.keep((k) => !o.paths.has(k)); }
  intersect(o: FieldSet): FieldSet { return this.keep((k) => o.paths.has(k)); }
  filter(f: (p: Path) => boolean): FieldSet { return this.keep((_, p) => f(p)); }

  /** The FieldsV1 JSON (`{"f:spec":{"f:replicas":{}}}`). */
  toFieldsV1(): JsonObject {
    const root: JsonObject = {};
    for (const p of this) {
      let node = root;
      for (const pe of p) node = (node[pe] ??= {}) as JsonObject;
    }
    // A member that also has children carries `.`.
    for (const p of this) {
      let node = root;
      for (const pe of p) node = node[pe] as JsonObject;
      if (Object.keys(node).length > 0) node['.'] = {};
    }
    return sortKeys(root);
  }

  static fromFieldsV1(v: unknown): FieldSet {
    const s = new FieldSet();
    const walk = (node: unknown, prefix: Path) => {
      if (!isObject(node)) return;
      const keys = Object.keys(node);
      if (keys.length === 0 && prefix.length > 0) s.add(prefix);
      for (const k of keys) {
        if (k === '.') s.add(prefix);
        else walk(node[k], [...prefix, k]);
      }
    };
    walk(v, []);
    return s;
  }
}

function sortKeys(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o).sort()) out[k] = sortKeys(o[k] as JsonObject);
  return out;
}

/** Fields Kubernetes never tracks in managedFields (its stripmeta list). */
const STRIPPED_META = new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']);

function skipped(parentPath: Path, key: string): boolean {
  if (parentPath.length === 0) return key === 'apiVersion' || key === 'kind';
  return parentPath.length === 1 && parentPath[0] === 'f:metadata' && STRIPPED_META.has(key);
}

/** The path element of a list-map item: its key fields, sorted, as compact JSON. */
export function keyElement(item: JsonObject, keys: string[], items?: SchemaCursor): PathElement | undefined {
  const fields: JsonObject = {};
  for (const k of [...keys].sort()) {
    let v = item[k];
    if (v === undefined) v = keyFieldDefault(items, k);
    if (v !== undefined) fields[k] = v;
  }
  if (Object.keys(fields).length === 0) return undefined;
  return `k:${JSON.stringify(fields)}`;
}

export function valueElement(v: unknown): PathElement {
  return `v:${JSON.stringify(v)}`;
}

/** Per-list index from path element to position, so lookups in long lists stay linear. */
const listIndexes = new WeakMap<unknown[], { length: number; at: Map<PathElement, number> }>();

/** The index of the item a path element designates in a list, or -1. */
export function findListItem(list: unknown[], pe: PathElement, c: SchemaCursor | undefined): number {
  if (pe.startsWith('i:')) return Number(pe.slice(2));
  const peOf = itemElementOf(pe, c);
  let idx = listIndexes.get(list);
  if (!idx || idx.length !== list.length) {
    idx = { length: list.length, at: new Map() };
    list.forEach((x, i) => { const e = peOf(x); if (e !== undefined && !idx!.at.has(e)) idx!.at.set(e, i); });
    listIndexes.set(list, idx);
  }
  const i = idx.at.get(pe);
  // A cached position is trusted only while the item there still has that element.
  if (i !== undefined && peOf(list[i]) === pe) return i;
  return list.findIndex((x) => peOf(x) === pe);
}

function itemElementOf(pe: PathElement, c: SchemaCursor | undefined): (x: unknown) => PathElement | undefined {
  if (pe.startsWith('v:')) return (x) => valueElement(x);
  const kind = listKind(c);
  const keys = kind.type === 'map' ? kind.keys : Object.keys(JSON.parse(pe.slice(2)));
  const items = itemsCursor(c);
  return (x) => (isObject(x) ? keyElement(x, keys, items) : undefined);
}

/**
 * Every path an applied configuration sets: leaves, list-map and set items (members with
 * `.`), empty maps and atomic values as leaves. Maps and structs are not members
 * themselves, as in the sets kubectl's server-side apply produces.
 */
export function fieldsOf(obj: unknown, schema?: KindSchema): FieldSet {
  const s = new FieldSet();
  walkValue(obj, rootCursor(schema), [], s);
  return s;
}

function walkValue(v: unknown, c: SchemaCursor | undefined, path: Path, s: FieldSet): void {
  if (isObject(v)) {
    const keys = Object.keys(v).filter((k) => !skipped(path, k));
    if (path.length > 0 && (Object.keys(v).length === 0 || isAtomicMap(c))) { s.add(path); return; }
    for (const k of keys) {
      // An entry of a map (not a declared field) is a member even when it holds a map.
      if (isMapEntry(c, k) && isObject(v[k])) s.add([...path, `f:${k}`]);
      walkValue(v[k], fieldCursor(c, k), [...path, `f:${k}`], s);
    }
    return;
  }
  if (Array.isArray(v)) {
    const kind = listKind(c);
    // An empty granular list sets nothing (only atomic lists are values of their own).
    if (v.length === 0 && kind.type !== 'atomic') return;
    if (kind.type === 'set' && v.every((x) => !isObject(x) && !Array.isArray(x))) {
      for (const x of v) s.add([...path, valueElement(x)]);
      return;
    }
    if (kind.type === 'map' && v.every(isObject)) {
      const items = itemsCursor(c);
      const pes = v.map((x) => keyElement(x as JsonObject, kind.keys, items));
      if (pes.every((pe) => pe !== undefined)) {
        v.forEach((x, i) => {
          const p = [...path, pes[i]!];
          s.add(p);
          walkValue(x, items, p, s);
        });
        return;
      }
    }
  }
  if (path.length > 0) s.add(path);
}

function isMapEntry(c: SchemaCursor | undefined, key: string): boolean {
  return !!c && !c.node.properties?.[key] && typeof c.node.additionalProperties === 'object';
}

/** Non-pointer Go structs that exist (empty) in a freshly made object, so an update never "adds" them. */
const ALWAYS_PRESENT = new Set(['f:metadata', 'f:spec', 'f:status', 'f:template', 'f:strategy', 'f:updateStrategy', 'f:jobTemplate']);
/** Slices without omitempty: present (null) in a fresh object, so never "added" either. */
const NULL_PRESENT = new Set(['f:containers']);

/**
 * The paths an update changed (added, modified or removed) going from `oldObj` to `newObj`:
 * what the updating manager takes ownership of. Maps and list items that did not exist
 * before are members themselves (they carry `.`), as in Kubernetes' update tracking.
 */
export function changedFields(oldObj: unknown, newObj: unknown, schema?: KindSchema): FieldSet {
  const s = new FieldSet();
  diffValue(oldObj, newObj, rootCursor(schema), [], s);
  return s;
}

function diffValue(a: unknown, b: unknown, c: SchemaCursor | undefined, path: Path, s: FieldSet): void {
  // A fresh Go object carries nulls (creationTimestamp, nil slices) and empty non-pointer
  // structs, so those never count as added.
  if (a === null) a = undefined;
  if (b === null) b = undefined;
  const last = path[path.length - 1];
  if (a === undefined && isObject(b) && Object.keys(b).length === 0 && ALWAYS_PRESENT.has(last)) return;
  if (deepEqual(a, b)) return;
  const root = path.length === 0;
  // As structured-merge-diff compares: atomic values, and values empty on both sides, are
  // leaves; otherwise a map or list recurses and is itself only added or removed.
  const objects = (isObject(a) || a === undefined) && (isObject(b) || b === undefined);
  if (objects && (root || (!isAtomicMap(c) && !(isEmpty(a) && isEmpty(b))))) {
    const old = (a ?? {}) as JsonObject;
    const cur = (b ?? {}) as JsonObject;
    if ((a === undefined || b === undefined) && !root && !ALWAYS_PRESENT.has(last)) s.add(path);
    for (const k of new Set([...Object.keys(cur), ...Object.keys(old)])) {
      if (skipped(path, k)) continue;
      diffValue(old[k], cur[k], fieldCursor(c, k), [...path, `f:${k}`], s);
    }
    return;
  }
  const kind = listKind(c);
  const lists = (Array.isArray(a) || a === undefined) && (Array.isArray(b) || b === undefined);
  if (lists && kind.type !== 'atomic' && !(isEmpty(a) && isEmpty(b))) {
    const olds = (a ?? []) as unknown[];
    const news = (b ?? []) as unknown[];
    const pe = listElementOf(kind, itemsCursor(c));
    const oldPEs = olds.map(pe);
    const newPEs = news.map(pe);
    if (![...oldPEs, ...newPEs].includes(undefined)) {
      if ((a === undefined || b === undefined) && !NULL_PRESENT.has(last)) s.add(path);
      const oldBy = new Map<string, unknown>();
      olds.forEach((o, i) => oldBy.set(oldPEs[i]!, o));
      news.forEach((x, i) => {
        const p = [...path, newPEs[i]!];
        const o = oldBy.get(newPEs[i]!);
        if (o === undefined) s.add(p);
        if (kind.type === 'map') diffValue(o, x, itemsCursor(c), p, s);
        oldBy.delete(newPEs[i]!);
      });
      for (const k of oldBy.keys()) s.add([...path, k]);
      return;
    }
  }
  if (!root) s.add(path);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
}

/** How a granular list names its items: by key fields (list map) or by value (set). */
function listElementOf(kind: ReturnType<typeof listKind>, items: SchemaCursor | undefined): (x: unknown) => PathElement | undefined {
  if (kind.type === 'set') return (x) => (isObject(x) || Array.isArray(x) ? undefined : valueElement(x));
  if (kind.type === 'map') return (x) => (isObject(x) ? keyElement(x, kind.keys, items) : undefined);
  return () => undefined;
}

/** `.spec.template.spec.containers[name="web"].image`: how Kubernetes prints a path. */
export function pathString(p: Path): string {
  let out = '';
  for (const pe of p) {
    if (pe.startsWith('f:')) out += `.${pe.slice(2)}`;
    else if (pe.startsWith('k:')) {
      const fields = JSON.parse(pe.slice(2)) as JsonObject;
      out += `[${Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (pe.startsWith('v:')) out += `[=${pe.slice(2)}]`;
    else if (pe.startsWith('i:')) out += `[${pe.slice(2)}]`;
  }
  return out;
}

/** The value at a path, or undefined. */
export function valueAt(obj: unknown, p: Path, schema?: KindSchema): unknown {
  let cur: unknown = obj;
  let c = rootCursor(schema);
  for (const pe of p) {
    if (pe.startsWith('f:')) {
      if (!isObject(cur)) return undefined;
      const k = pe.slice(2);
      cur = cur[k];
      c = fieldCursor(c, k);
    } else {
      if (!Array.isArray(cur)) return undefined;
      const i = findListItem(cur, pe, c);
      if (i < 0) return undefined;
      cur = cur[i];
      c = itemsCursor(c);
    }
  }
  return cur;
}

interface Step { value: unknown; c: SchemaCursor | undefined; next?: Map<PathElement, Step> }

/**
 * valueAt for many paths into one object that is not changed meanwhile: a step shared by
 * several paths (a common prefix) is taken once. Pruning a manager's set looks up every path.
 */
export function valueLookup(obj: unknown, schema?: KindSchema): (p: Path) => unknown {
  const root: Step = { value: obj, c: rootCursor(schema) };
  return (p) => {
    let s = root;
    for (const pe of p) {
      if (s.value === undefined) return undefined;
      let n = s.next?.get(pe);
      if (!n) {
        n = stepInto(s.value, s.c, pe);
        (s.next ??= new Map()).set(pe, n);
      }
      s = n;
    }
    return s.value;
  };
}

/** One step of valueAt. */
function stepInto(cur: unknown, c: SchemaCursor | undefined, pe: PathElement): Step {
  if (pe.startsWith('f:')) {
    if (!isObject(cur)) return { value: undefined, c: undefined };
    const k = pe.slice(2);
    return { value: cur[k], c: fieldCursor(c, k) };
  }
  if (!Array.isArray(cur)) return { value: undefined, c: undefined };
  const i = findListItem(cur, pe, c);
  return i < 0 ? { value: undefined, c: undefined } : { value: cur[i], c: itemsCursor(c) };
}

/** Removes the value at a path in place; reports whether something was removed. */
export function removeAt(obj: unknown, p: Path, schema?: KindSchema): boolean {
  if (p.length === 0) return false;
  const parent = valueAt(obj, p.slice(0, -1), schema);
  const last = p[p.length - 1];
  if (last.startsWith('f:')) {
    if (!isObject(parent) || !(last.slice(2) in parent)) return false;
    delete parent[last.slice(2)];
    return true;
  }
  if (!Array.isArray(parent)) return false;
  let c = rootCursor(schema);
  for (const pe of p.slice(0, -1)) c = pe.startsWith('f:') ? fieldCursor(c, pe.slice(2)) : itemsCursor(c);
  const i = findListItem(parent, last, c);
  if (i < 0) return false;
  parent.splice(i, 1);
  return true;
}
