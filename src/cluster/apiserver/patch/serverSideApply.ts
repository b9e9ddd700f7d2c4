// Server-side apply (`application/apply-patch+yaml`): merges an applied configuration into
// the live object by the schema's list types and keys, records what the applier owns in
// managedFields (operation Apply), removes fields the applier applied before but no longer
// does (unless another manager owns them), and reports conflicts with other managers as
// Kubernetes does (409 Conflict, FieldManagerConflict causes) unless forced.
// Like Kubernetes, the manager `kubectl` takes over fields from client-side apply without
// conflicts when the last-applied-configuration still matches the object.
// Not implemented: explicit nulls in the applied configuration (dropped), version
// conversion of field sets.
import type { KubeObject } from '../../api/types';
import type { KindSchema } from '../../registry/schema';
import { ApiError } from '../../api/errors';
import { FieldSet, changedFields, fieldsOf, keyElement, pathString, removeAt, valueAt, valueElement, type Path } from './fieldSet';
import { decodeManagedFields, encodeManagedFields, pruneToObject, sameManager, trackedPaths, type OwnedFields } from './managedFields';
import { deepEqual, isObject, type JsonObject } from './json';
import { fieldCursor, isAtomicMap, itemsCursor, listKind, rootCursor, type SchemaCursor } from './schemaWalk';

export interface ApplyOptions {
  manager: string;
  force: boolean;
  schema?: KindSchema;
  apiVersion: string;
  now: string;
  subresource?: string;
  /** Whether the kind has a status subresource; defaults to whether its schema has `status`. */
  statusSubresource?: boolean;
}

export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): KubeObject {
  const config = dropNulls(structuredClone(applied)) as KubeObject;
  if (config.metadata) delete config.metadata.managedFields;
  const appliedSet = fieldsOf(config, opts.schema).filter(trackedPaths(opts.schema, opts.subresource, opts.statusSubresource));
  const owned = decodeManagedFields(live?.metadata.managedFields);
  const mine = owned.find((o) => sameManager(o.entry, opts.manager, 'Apply', opts.apiVersion, opts.subresource));
  const others = owned.filter((o) => o !== mine);

  const result = mergeValue(structuredClone(live ?? { metadata: {} }), config, rootCursor(opts.schema), 0) as KubeObject;
  // Every path another manager owns or this apply sets, and every ancestor of one, stays
  // (Kubernetes prunes all it applied before, then adds back whatever anyone owns).
  const ownedByOthers = new Set<string>();
  for (const set of [...others.map((o) => o.set), appliedSet]) {
    for (const q of set) for (let i = 1; i <= q.length; i++) ownedByOthers.add(JSON.stringify(q.slice(0, i)));
  }
  const previous = mine?.set ?? new FieldSet();
  const removed: Path[] = [];
  for (const p of previous.minus(appliedSet)) {
    if (!ownedByOthers.has(JSON.stringify(p)) && removeAt(result, p, opts.schema)) removed.push(p);
  }
  pruneEmptyParents(result, config, removed, ownedByOthers, opts.schema);

  if (live) {
    const conflicts = findConflicts(live, result, others, opts.schema);
    if (conflicts.length && !opts.force) {
      const allowed = opts.manager === 'kubectl' ? allowedFromLastApplied(live, opts) : undefined;
      const left = allowed ? conflicts.filter((c) => !allowed.has(c.path)) : conflicts;
      if (left.length) throw conflictError(left);
    }
    for (const c of conflicts) c.owner.set.delete(c.path);
  }

  const entry = {
    manager: opts.manager, operation: 'Apply' as const, apiVersion: opts.apiVersion, time: opts.now, fieldsType: 'FieldsV1' as const,
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
  };
  // A no-op apply keeps its entry's time, so the object stays byte-identical (no new
  // resourceVersion), as Kubernetes does.
  const unchanged = !!live && !!mine && sameSet(mine.set, appliedSet) && mine.entry.apiVersion === opts.apiVersion
    && deepEqual({ ...result, metadata: { ...result.metadata, managedFields: undefined } }, { ...live, metadata: { ...live.metadata, managedFields: undefined } });
  const next: OwnedFields[] = [...others, { entry: unchanged ? mine!.entry : entry, set: appliedSet }];
  pruneToObject(next, result, opts.schema);
  result.metadata = result.metadata ?? {};
  result.metadata.managedFields = encodeManagedFields(next);
  return result;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The client-side apply → server-side apply upgrade: for the manager `kubectl`, conflicts
 * on fields the object's last-applied-configuration sets, to the values the object still
 * has, are taken over without --force-conflicts (Kubernetes' lastAppliedManager).
 */
function allowedFromLastApplied(live: KubeObject, opts: ApplyOptions): FieldSet | undefined {
  const raw = live.metadata.annotations?.[LAST_APPLIED];
  if (!raw) return undefined;
  let last: KubeObject;
  try { last = JSON.parse(raw) as KubeObject; } catch { return undefined; }
  if (!isObject(last) || last.apiVersion !== opts.apiVersion) return undefined;
  return fieldsOf(last, opts.schema).minus(changedFields(last, live, opts.schema));
}

function sameSet(a: FieldSet, b: FieldSet): boolean {
  return a.size === b.size && [...a].every((p) => b.has(p));
}

interface Conflict { path: Path; owner: OwnedFields }

/**
 * As structured-merge-diff decides: a conflict is a field another manager owns whose value
 * the apply changes or adds (removals are not conflicts; they just lose their owner).
 */
function findConflicts(live: KubeObject, result: KubeObject, others: OwnedFields[], schema?: KindSchema): Conflict[] {
  const changed = changedFields(live, result, schema).filter((p) => valueAt(result, p, schema) !== undefined);
  const out: Conflict[] = [];
  for (const owner of others) for (const p of changed.intersect(owner.set)) out.push({ path: p, owner });
  return out.sort((a, b) => cmp(a.owner.entry.manager ?? '', b.owner.entry.manager ?? '') || cmp(pathString(a.path), pathString(b.path)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How Kubernetes names a manager in a conflict: Update managers with their apiVersion. */
function printManager(o: OwnedFields): string {
  let s = JSON.stringify(o.entry.manager ?? '');
  if (o.entry.subresource) s += ` with subresource ${JSON.stringify(o.entry.subresource)}`;
  if (o.entry.operation === 'Update') s += ` using ${o.entry.apiVersion ?? ''}`;
  return s;
}

function conflictError(conflicts: Conflict[]): ApiError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.owner)}`, field: pathString(c.path) }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].owner)}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const m = printManager(c.owner);
      byManager.set(m, [...(byManager.get(m) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const m of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${m}:`);
      for (const p of byManager.get(m)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}

function mergeValue(live: unknown, applied: unknown, c: SchemaCursor | undefined, depth: number): unknown {
  if (isObject(applied)) {
    if (depth > 0 && isAtomicMap(c)) return structuredClone(applied);
    const out: JsonObject = isObject(live) ? live : {};
    for (const [k, v] of Object.entries(applied)) out[k] = mergeValue(out[k], v, fieldCursor(c, k), depth + 1);
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const kind = listKind(c);
    if (kind.type === 'set' && [...live, ...applied].every((x) => !isObject(x) && !Array.isArray(x))) {
      return mergeListItems(live, applied, valueElement, (_l, r) => r);
    }
    if (kind.type === 'map' && [...live, ...applied].every(isObject)) {
      const items = itemsCursor(c);
      const pe = (x: unknown) => keyElement(x as JsonObject, kind.keys, items);
      const merged = mergeListItems(live, applied, pe, (l, r) => (l === undefined ? structuredClone(r) : mergeValue(l, r, items, depth + 1)));
      if (merged) return merged;
    }
  }
  return structuredClone(applied);
}

/**
 * Merges list items by path element in structured-merge-diff's order: live-only items keep
 * their places, items the applied list names come in the applied order (a shared item
 * moves to where the applied order reaches it), and new items go before the next shared
 * one. Undefined when an item has no key.
 */
function mergeListItems(live: unknown[], applied: unknown[], peOf: (x: unknown) => string | undefined, merge: (l: unknown, r: unknown) => unknown): unknown[] | undefined {
  const lhs = live.map(peOf);
  const rhs = applied.map(peOf);
  if ([...lhs, ...rhs].some((pe) => pe === undefined)) return undefined;
  const lItems = new Map<string, unknown>();
  live.forEach((x, i) => { if (!lItems.has(lhs[i]!)) lItems.set(lhs[i]!, x); });
  const rItems = new Map<string, unknown>();
  applied.forEach((x, i) => { if (!rItems.has(rhs[i]!)) rItems.set(rhs[i]!, x); });
  const shared = rhs.filter((pe) => lItems.has(pe!));
  let s = 0;
  let nextShared = shared[s++];
  const done = new Set<string>();
  const out: unknown[] = [];
  let l = 0;
  let r = 0;
  while (l < lhs.length || r < rhs.length) {
    if (l < lhs.length && r < rhs.length) {
      const pe = lhs[l]!;
      if (pe === rhs[r]) {
        done.add(pe);
        out.push(merge(lItems.get(pe), rItems.get(pe)));
        l++;
        r++;
        nextShared = shared[s++];
        continue;
      }
      // A shared item out of the applied order waits for its turn on the applied side.
      if (rItems.has(pe) && nextShared !== undefined && nextShared !== pe) { l++; continue; }
    }
    if (l < lhs.length) {
      const pe = lhs[l]!;
      if (!rItems.has(pe)) { out.push(live[l]); l++; continue; }
      if (done.has(pe)) l++;
    }
    if (r < rhs.length) {
      const pe = rhs[r]!;
      if (!done.has(pe)) {
        done.add(pe);
        out.push(merge(lItems.get(pe), rItems.get(pe)));
      }
      r++;
      if (nextShared === pe) nextShared = shared[s++];
    }
  }
  return out;
}

/** Removing the last fields of a map nobody else owns or applies leaves no empty map behind. */
function pruneEmptyParents(obj: unknown, config: unknown, removed: Path[], ownedByOthers: Set<string>, schema?: KindSchema): void {
  const parents = new Map<string, Path>();
  for (const p of removed) for (let n = 1; n < p.length; n++) parents.set(JSON.stringify(p.slice(0, n)), p.slice(0, n));
  // Deepest first, so a map emptied by removing an emptied child goes too.
  for (const parent of [...parents.values()].sort((a, b) => b.length - a.length)) {
    if (ownedByOthers.has(JSON.stringify(parent))) continue;
    const v = valueAt(obj, parent, schema);
    const empty = (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
    if (empty && valueAt(config, parent, schema) === undefined) removeAt(obj, parent, schema);
  }
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isObject(v)) return v;
  for (const [k, x] of Object.entries(v)) {
    if (x === null) delete v[k];
    else v[k] = dropNulls(x);
  }
  return v;
}

