// managedFields bookkeeping: decoding entries into field sets and back, entry identity
// (manager, operation, subresource, and apiVersion for Update entries), Kubernetes' entry
// order, and ownership after a non-apply write (create, update, patch): the writer takes
// the fields it changed away from everybody else. Field sets only ever name fields the
// object has. Not implemented: converting sets between API versions (an entry of another
// apiVersion is carried over as it is unless a write changes fields it names).
import type { KubeObject, ManagedFieldsEntry } from '../../api/types';
import type { KindSchema } from '../../registry/schema';
import { FieldSet, changedFields, valueLookup, type Path } from './fieldSet';
import { cloneJson, deepEqual, isObject } from './json';

export interface OwnedFields {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

export function decodeManagedFields(entries: ManagedFieldsEntry[] | undefined): OwnedFields[] {
  return (entries ?? []).map((entry) => ({ entry, set: FieldSet.fromFieldsV1(entry.fieldsV1 ?? {}) }));
}

/** Drops empty sets, encodes FieldsV1, and orders entries as Kubernetes does. */
export function encodeManagedFields(owned: OwnedFields[]): ManagedFieldsEntry[] {
  return sortEntries(owned.filter((o) => !o.set.empty).map(encodeEntry));
}

function encodeEntry(o: OwnedFields): ManagedFieldsEntry {
  return { ...o.entry, fieldsType: 'FieldsV1', fieldsV1: o.set.toFieldsV1() };
}

function sortEntries(out: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  const secs = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  return out.sort((p, q) =>
    cmp(p.operation ?? '', q.operation ?? '') || secs(p.time) - secs(q.time) || cmp(p.manager ?? '', q.manager ?? '')
    || cmp(p.apiVersion ?? '', q.apiVersion ?? '') || cmp(p.subresource ?? '', q.subresource ?? ''));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether an entry belongs to this writer: Apply entries ignore apiVersion, Update entries do not. */
export function sameManager(e: ManagedFieldsEntry, manager: string, operation: 'Apply' | 'Update', apiVersion: string, subresource?: string): boolean {
  return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '')
    && (operation === 'Apply' || e.apiVersion === apiVersion);
}

/**
 * Which paths a write through `subresource` can own. Kinds with a status subresource reset
 * status on main-resource writes and everything but status on status writes, so neither
 * records the other; a kind is taken to have one when its schema declares `status`
 * (`statusSubresource` overrides). Without a schema every path is tracked.
 */
export function trackedPaths(schema: KindSchema | undefined, subresource: string | undefined, statusSubresource?: boolean): (p: Path) => boolean {
  const hasStatus = statusSubresource ?? !!(schema && schema.deref(schema.root).properties?.status);
  if (!hasStatus) return () => true;
  if (subresource === 'status') return (p) => p[0] === 'f:status';
  return (p) => p[0] !== 'f:status';
}

/** Keeps only paths the object still has. */
export function pruneToObject(owned: OwnedFields[], obj: unknown, schema?: KindSchema): void {
  const at = valueLookup(obj, schema);
  for (const o of owned) o.set = o.set.filter((p) => at(p) !== undefined);
}

export interface UpdateOptions {
  manager: string;
  operation: 'Update';
  schema?: KindSchema;
  apiVersion: string;
  now: string;
  subresource?: string;
  /** Whether the kind has a status subresource; defaults to whether its schema has `status`. */
  statusSubresource?: boolean;
}

/**
 * managedFields after a create/update/patch by `opts.manager`. Managed fields sent in the
 * request replace the stored ones when they differ (that is how a client resets them);
 * otherwise the stored ones are the base.
 *
 * With the stored base, an entry none of whose fields the write changed (no changed path
 * is a member of its set or lies above one) keeps its FieldsV1 as it was: taking the
 * changed fields away removes nothing from it, and every field it names is still there
 * (a field disappears only where the diff reports it or a path above it). Most writes
 * touch one manager's fields, so the others are never decoded or encoded again; this is
 * the hot path of every status update and binding.
 */
export function updateManagedFields(oldObj: KubeObject | undefined, newObj: KubeObject, opts: UpdateOptions): ManagedFieldsEntry[] {
  const stored = oldObj?.metadata.managedFields;
  const requested = newObj.metadata.managedFields;
  const fromClient = requested !== undefined && !deepEqual(requested, stored);
  const all = changedFields(oldObj ?? {}, newObj, opts.schema);
  const changed = all.filter(trackedPaths(opts.schema, opts.subresource, opts.statusSubresource));
  const carried: ManagedFieldsEntry[] = [];
  const owned: OwnedFields[] = [];
  for (const entry of (fromClient ? requested : stored) ?? []) {
    const mine = sameManager(entry, opts.manager, 'Update', opts.apiVersion, opts.subresource);
    if (!fromClient && !(mine && !changed.empty) && !touches(entry.fieldsV1, all)) {
      carried.push({ ...entry, fieldsV1: cloneJson(entry.fieldsV1 ?? {}) });
    } else owned.push({ entry, set: FieldSet.fromFieldsV1(entry.fieldsV1 ?? {}) });
  }
  if (!changed.empty) {
    for (const o of owned) o.set = o.set.minus(changed);
    const mine = owned.find((o) => sameManager(o.entry, opts.manager, 'Update', opts.apiVersion, opts.subresource));
    const entry: ManagedFieldsEntry = {
      manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, time: opts.now, fieldsType: 'FieldsV1',
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
    };
    if (mine) {
      mine.set = mine.set.union(changed);
      mine.entry = entry;
    } else {
      owned.push({ entry, set: changed });
    }
  }
  pruneToObject(owned, newObj, opts.schema);
  return sortEntries([...carried, ...owned.filter((o) => !o.set.empty).map(encodeEntry)]);
}

/** Whether the FieldsV1 set has a node at some path of `paths`: that path, or fields under it, are members. */
function touches(fieldsV1: unknown, paths: FieldSet): boolean {
  for (const p of paths) {
    let node = fieldsV1;
    for (const pe of p) {
      node = isObject(node) ? node[pe] : undefined;
      if (node === undefined) break;
    }
    if (node !== undefined) return true;
  }
  return false;
}
