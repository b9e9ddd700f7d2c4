// Value constraints of a CRD's structural schema, checked on custom resources as the
// apiextensions API server does (kube-openapi's validator, its errors mapped to field errors):
// minimum/maximum (exclusive too), multipleOf, minLength/maxLength, pattern, minItems/maxItems,
// uniqueItems, minProperties/maxProperties, and x-kubernetes-list-type set/map uniqueness.
// Not here: format, CEL (x-kubernetes-validations), oneOf/anyOf/allOf/not.
import type { StatusCause } from '../../api/types';
import type { SchemaNode } from '../schema';
import { duplicate, goValue, invalid } from './field';

type Node = SchemaNode & Record<string, any>;

const tooMany = (field: string, actual: number, max: number): StatusCause =>
  ({ reason: 'FieldValueTooMany', field, message: `Too many: ${actual}: must have at most ${max} items` });

/** Errors for `v` (already of the node's type) at `path`; nested values are checked by the caller. */
export function valueConstraints(v: unknown, node: Node, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const bad = (detail: string) => out.push(invalid(path, v, `${path} in body ${detail}`));
  if (typeof v === 'number') {
    if (typeof node.minimum === 'number') {
      if (node.exclusiveMinimum ? v <= node.minimum : v < node.minimum) bad(`should be greater than ${node.exclusiveMinimum ? '' : 'or equal to '}${node.minimum}`);
    }
    if (typeof node.maximum === 'number') {
      if (node.exclusiveMaximum ? v >= node.maximum : v > node.maximum) bad(`should be less than ${node.exclusiveMaximum ? '' : 'or equal to '}${node.maximum}`);
    }
    if (typeof node.multipleOf === 'number' && node.multipleOf > 0 && !Number.isInteger(v / node.multipleOf)) bad(`should be a multiple of ${node.multipleOf}`);
  } else if (typeof v === 'string') {
    const runes = [...v].length;
    if (typeof node.maxLength === 'number' && runes > node.maxLength) {
      out.push({ reason: 'FieldValueTooLong', field: path, message: `Too long: may not be longer than ${node.maxLength}` });
    }
    if (typeof node.minLength === 'number' && runes < node.minLength) bad(`should be at least ${node.minLength} chars long`);
    if (typeof node.pattern === 'string' && !patternOf(node.pattern)?.test(v)) bad(`should match '${node.pattern}'`);
  } else if (Array.isArray(v)) {
    if (typeof node.maxItems === 'number' && v.length > node.maxItems) out.push(tooMany(path, v.length, node.maxItems));
    if (typeof node.minItems === 'number' && v.length < node.minItems) bad(`should have at least ${node.minItems} items`);
    const listType = node['x-kubernetes-list-type'];
    if (listType === 'set') out.push(...duplicates(v, path, (x) => x));
    else if (listType === 'map') out.push(...mapDuplicates(v, path, node['x-kubernetes-list-map-keys'] ?? []));
    else if (node.uniqueItems && duplicates(v, path, (x) => x).length) bad(`shouldn't contain duplicates`);
  } else if (v && typeof v === 'object') {
    const n = Object.keys(v).length;
    if (typeof node.maxProperties === 'number' && n > node.maxProperties) out.push(tooMany(path, n, node.maxProperties));
    if (typeof node.minProperties === 'number' && n < node.minProperties) bad(`should have at least ${node.minProperties} properties`);
  }
  return out;
}

const patterns = new Map<string, RegExp | undefined>();
/** Kubernetes' patterns are RE2 (ECMA-compatible for what CRDs use); one a CRD cannot compile matches nothing. */
function patternOf(p: string): RegExp | undefined {
  if (!patterns.has(p)) {
    let re: RegExp | undefined;
    try { re = new RegExp(p, 'u'); } catch { re = undefined; }
    patterns.set(p, re);
  }
  return patterns.get(p);
}

function duplicates(list: unknown[], path: string, key: (x: unknown) => unknown): StatusCause[] {
  const seen = new Set<string>();
  const out: StatusCause[] = [];
  list.forEach((x, i) => {
    const k = JSON.stringify(key(x));
    if (seen.has(k)) out.push(duplicate(`${path}[${i}]`, x));
    seen.add(k);
  });
  return out;
}

function mapDuplicates(list: unknown[], path: string, keys: string[]): StatusCause[] {
  const seen = new Set<string>();
  const out: StatusCause[] = [];
  list.forEach((x, i) => {
    if (!x || typeof x !== 'object') return;
    const item = x as Record<string, unknown>;
    const present = keys.filter((k) => item[k] !== undefined);
    const id = JSON.stringify(keys.map((k) => item[k] ?? null));
    if (seen.has(id)) {
      const shown = present.map((k) => `${JSON.stringify(k)}:${goValue(item[k])}`).join(', ');
      out.push({ reason: 'FieldValueDuplicate', field: `${path}[${i}]`, message: `Duplicate value: map[string]interface {}{${shown}}` });
    }
    seen.add(id);
  });
  return out;
}
