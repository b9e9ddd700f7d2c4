// managedFields bookkeeping: decoding entries into field sets and back, entry identity
// (manager, operation, subresource, and apiVersion for Update entries), Kubernetes' entry
// order, and ownership after a non-apply write (create, update, patch): the writer takes
// the fields it changed away from everybody else. Field sets only ever name fields the
// object has. Not implemented: converting sets between API versions.
import type { KubeObject, ManagedFieldsEntry } from '../../api/types';
import type { KindSchema } from '../../registry/schema';
import { FieldSet, changedFields, valueAt, type Path } from './fieldSet';
import { deepEqual } from './json';

export interface OwnedFields {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

export function decodeManagedFields(entries: ManagedFieldsEntry[] | undefined): OwnedFields[] {
  return (entries ?? []).map((entry) => ({ entry, set: FieldSet.fromFieldsV1(entry.fieldsV1 ?? {}) }));
}

/** Drops empty sets, encodes FieldsV1, and orders entries as Kubernetes does. */
export function encodeManagedFields(owned: OwnedFields[]): ManagedFieldsEntry[] {
  const out = owned
    .filter((o) => !o.set.empty)
    .map((o) => ({ ...o.entry, fieldsType: 'FieldsV1' as const, fieldsV1: o.set.toFieldsV1() }));
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
  for (const o of owned) o.set = o.set.filter((p) => valueAt(obj, p, schema) !== undefined);
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
 */
export function updateManagedFields(oldObj: KubeObject | undefined, newObj: KubeObject, opts: UpdateOptions): ManagedFieldsEntry[] {
  const stored = oldObj?.metadata.managedFields;
  const requested = newObj.metadata.managedFields;
  const base = requested !== undefined && !deepEqual(requested, stored) ? requested : stored;
  const owned = decodeManagedFields(base);
  const changed = changedFields(oldObj ?? {}, newObj, opts.schema).filter(trackedPaths(opts.schema, opts.subresource, opts.statusSubresource));
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
  return encodeManagedFields(owned);
}
