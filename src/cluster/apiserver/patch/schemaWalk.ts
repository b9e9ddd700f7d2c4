// Walks a KindSchema alongside a JSON value: which schema node describes a field or a list
// item, and how that list merges (strategic merge keys, server-side apply list types).
// Extensions are read from the property node and from what its $ref points to, because
// generated schemas put `x-kubernetes-patch-*` next to the `$ref`/`allOf` wrapper.
import type { KindSchema, SchemaNode } from '../../registry/schema';

export interface SchemaCursor {
  schema: KindSchema;
  /** The node as written at the field (extensions live here). */
  raw: SchemaNode;
  /** The node with $ref followed (properties/items live here). */
  node: SchemaNode;
}

// Cursors are made once per (schema, node) and remember their children: every write walks
// the same schema paths (managedFields, validation), and following $refs anew each time was
// a large share of a write's CPU. Schemas are never mutated; a changed CRD is a new KindSchema.
const cursors = new WeakMap<KindSchema, WeakMap<SchemaNode, SchemaCursor>>();
const children = new WeakMap<SchemaCursor, Map<string, SchemaCursor | undefined>>();
const ITEMS = '\u0000items';

export function rootCursor(schema: KindSchema | undefined): SchemaCursor | undefined {
  if (!schema) return undefined;
  return cursor(schema, schema.root);
}

function cursor(schema: KindSchema, raw: SchemaNode | undefined): SchemaCursor | undefined {
  if (!raw) return undefined;
  let bySchema = cursors.get(schema);
  if (!bySchema) { bySchema = new WeakMap(); cursors.set(schema, bySchema); }
  let c = bySchema.get(raw);
  if (!c) { c = { schema, raw, node: schema.deref(raw) }; bySchema.set(raw, c); }
  return c;
}

function child(c: SchemaCursor, key: string, make: () => SchemaCursor | undefined): SchemaCursor | undefined {
  let m = children.get(c);
  if (!m) { m = new Map(); children.set(c, m); }
  if (m.has(key)) return m.get(key);
  const r = make();
  // Map values (additionalProperties) share one cursor, so arbitrary keys need not be remembered.
  if (m.size < 256) m.set(key, r);
  return r;
}

/** The schema of field `key` of an object (named property or map value). */
export function fieldCursor(c: SchemaCursor | undefined, key: string): SchemaCursor | undefined {
  if (!c) return undefined;
  return child(c, key, () => {
    const prop = c.node.properties?.[key];
    if (prop) return cursor(c.schema, prop);
    const ap = c.node.additionalProperties;
    if (ap && typeof ap === 'object') return cursor(c.schema, ap);
    return undefined;
  });
}

export function itemsCursor(c: SchemaCursor | undefined): SchemaCursor | undefined {
  if (!c || !c.node.items) return undefined;
  return child(c, ITEMS, () => cursor(c.schema, c.node.items));
}

function ext<K extends keyof SchemaNode>(c: SchemaCursor, k: K): SchemaNode[K] | undefined {
  return c.raw[k] ?? c.node[k];
}

/** Strategic merge patch metadata: `patchStrategy` may be 'merge', 'retainKeys', 'merge,retainKeys', 'replace'. */
export function patchMeta(c: SchemaCursor | undefined): { strategies: string[]; mergeKey?: string } {
  if (!c) return { strategies: [] };
  const s = ext(c, 'x-kubernetes-patch-strategy');
  return { strategies: s ? s.split(',').map((x) => x.trim()) : [], mergeKey: ext(c, 'x-kubernetes-patch-merge-key') };
}

export type ListKind = { type: 'atomic' } | { type: 'set' } | { type: 'map'; keys: string[] };

/**
 * How server-side apply treats a list: the explicit list type, else the strategic merge key
 * (Kubernetes' built-in types declare both consistently), else atomic.
 */
export function listKind(c: SchemaCursor | undefined): ListKind {
  if (!c) return { type: 'atomic' };
  const t = ext(c, 'x-kubernetes-list-type');
  if (t === 'map') {
    const keys = ext(c, 'x-kubernetes-list-map-keys');
    const mk = ext(c, 'x-kubernetes-patch-merge-key');
    return { type: 'map', keys: keys && keys.length ? keys : mk ? [mk] : [] };
  }
  if (t === 'set') return { type: 'set' };
  if (t === 'atomic') return { type: 'atomic' };
  const pm = patchMeta(c);
  if (pm.strategies.includes('merge')) {
    if (pm.mergeKey) return { type: 'map', keys: [pm.mergeKey] };
    return { type: 'set' };
  }
  return { type: 'atomic' };
}

/**
 * `x-kubernetes-map-type: atomic` structs and maps are owned and replaced as a whole.
 * LabelSelector is atomic in Kubernetes' OpenAPI; it is recognised by its shape too, for
 * schemas generated without the extension.
 */
export function isAtomicMap(c: SchemaCursor | undefined): boolean {
  if (!c) return false;
  if (ext(c, 'x-kubernetes-map-type') === 'atomic') return true;
  const props = c.node.properties;
  return !!props && Object.keys(props).length === 2 && !!props.matchLabels && !!props.matchExpressions;
}

/**
 * The value a missing list-map key field takes: the schema's default, else Kubernetes'
 * default for `protocol` (TCP), which its OpenAPI publishes for every port list key.
 */
export function keyFieldDefault(items: SchemaCursor | undefined, field: string): unknown {
  const d = fieldCursor(items, field)?.node.default;
  if (d !== undefined) return d;
  return field === 'protocol' ? 'TCP' : undefined;
}
