// Walking a KindSchema by field path, for hover, completion and diagnostics in the editor and
// for anything that asks "what is at spec.template.spec.containers[0].image": the node, its
// description (the field's own, as kubectl explain shows it) and kubectl explain's type name.
import type { KindSchema, SchemaNode } from './schema';
import { refName } from './definitions';

export interface FieldInfo {
  /** The dereferenced schema of the field. */
  node: SchemaNode;
  /** The field's description (its own, falling back to its type's). */
  description?: string;
  /** As `kubectl explain` prints it: 'string', 'integer', '[]Container', 'map[string]string', 'Object', 'IntOrString'. */
  typeName: string;
  required: boolean;
}

/** Path segments are property names, numbers for list items, or any key for map values. */
export function schemaAt(ks: KindSchema, path: (string | number)[]): FieldInfo | undefined {
  let raw: SchemaNode = ks.root;
  let node = ks.deref(raw);
  let required = false;
  for (const seg of path) {
    if (node.type === 'array' || node.items) {
      if (!node.items) return undefined;
      raw = node.items;
      required = false;
    } else if (node.properties && typeof seg === 'string' && node.properties[seg]) {
      required = (node.required ?? []).includes(seg);
      raw = node.properties[seg];
    } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      raw = node.additionalProperties;
      required = false;
    } else {
      return undefined;
    }
    node = ks.deref(raw);
  }
  return { node, description: raw.description ?? node.description, typeName: typeName(ks, raw), required };
}

/** Names of the fields an object at `path` may have, for completion. */
export function fieldsAt(ks: KindSchema, path: (string | number)[]): { name: string; info: FieldInfo }[] {
  const here = schemaAt(ks, path);
  if (!here?.node.properties) return [];
  return Object.keys(here.node.properties).sort().map((name) => ({ name, info: schemaAt(ks, [...path, name])! }));
}

function refOf(n: SchemaNode): string | undefined {
  return n.$ref ?? (n.allOf?.length === 1 ? n.allOf[0].$ref : undefined);
}

/** kubectl explain's type name of a (not yet dereferenced) node. */
export function typeName(ks: KindSchema, raw: SchemaNode): string {
  const ref = refOf(raw);
  const n = ks.deref(raw);
  if (ref) {
    const name = refName(ref);
    const short = name.slice(name.lastIndexOf('.') + 1);
    if (n.type && n.type !== 'object') return n.type;
    return short;
  }
  if (n['x-kubernetes-int-or-string']) return 'IntOrString';
  if (n.type === 'array') return `[]${n.items ? typeName(ks, n.items) : 'Object'}`;
  if (n.type === 'object') {
    if (n.additionalProperties && typeof n.additionalProperties === 'object') return `map[string]${typeName(ks, n.additionalProperties)}`;
    return 'Object';
  }
  return n.type ?? 'Object';
}
