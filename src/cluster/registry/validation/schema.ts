// Validation of an object against its kind's schema, as the API server decodes it:
// - unknown fields (fieldValidation Strict → 400 `strict decoding error: unknown field "spec.foo"`,
//   Warn → warnings, Ignore → dropped); optionally pruned in place;
// - wrong JSON types: for built-in kinds the Go decoder's error
//   (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`,
//   a 400 BadRequest), for custom resources the OpenAPI wording (422 Invalid) plus required
//   fields and enums.
// Handles int-or-string, preserve-unknown-fields, embedded resources, nullable.
// Custom resources also get their schema's value constraints (crdValues.ts).
// Not here: semantic checks (each kind's validate), CEL rules, formats.
import type { StatusCause } from '../../api/types';
import type { KindSchema, SchemaNode } from '../schema';
import { refName } from '../definitions';
import { goValue } from './field';
import { valueConstraints } from './crdValues';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface SchemaValidationResult {
  /** Type errors (and, for CRDs, required/enum errors); empty when the object decodes. */
  errors: StatusCause[];
  /** Paths of unknown fields (`spec.template.spec.containers[0].imagee`); empty in Ignore mode. */
  unknownFields: string[];
}

export interface SchemaValidationOptions {
  /** Custom resource semantics: OpenAPI messages, required and enum enforced (default false). */
  crd?: boolean;
  /** Delete unknown fields from `obj` in place (what decoding does to them in every mode). */
  prune?: boolean;
}

interface Compiled {
  node: SchemaNode;
  /** Go type name of this node for decode errors ('int32', 'v1.DeploymentSpec', '[]v1.Container'). */
  goType: string;
  /** Definition name of the struct, when this node is one. */
  struct?: string;
  type?: SchemaNode['type'];
  intOrString: boolean;
  preserve: boolean;
  embedded: boolean;
  nullable: boolean;
  props?: Map<string, () => Compiled>;
  additional?: () => Compiled;
  items?: () => Compiled;
  required: string[];
  enum?: unknown[];
}

const compiledBySchema = new WeakMap<KindSchema, WeakMap<SchemaNode, Compiled>>();

function compile(ks: KindSchema, raw: SchemaNode): Compiled {
  let cache = compiledBySchema.get(ks);
  if (!cache) { cache = new WeakMap(); compiledBySchema.set(ks, cache); }
  const hit = cache.get(raw);
  if (hit) return hit;
  const refTarget = raw.$ref ?? (raw.allOf?.length === 1 ? raw.allOf[0].$ref : undefined);
  const node = ks.deref(raw);
  const c: Compiled = {
    node,
    goType: 'interface {}',
    struct: refTarget ? refName(refTarget) : undefined,
    type: node.type,
    intOrString: !!node['x-kubernetes-int-or-string'],
    preserve: !!node['x-kubernetes-preserve-unknown-fields'],
    embedded: !!node['x-kubernetes-embedded-resource'],
    nullable: !!(node as any).nullable,
    required: node.required ?? [],
    enum: node.enum,
  };
  cache.set(raw, c);
  const lazy = (n: SchemaNode) => { let v: Compiled | undefined; return () => (v ??= compile(ks, n)); };
  if (node.properties) {
    c.props = new Map();
    for (const [k, v] of Object.entries(node.properties)) c.props.set(k, lazy(v));
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') c.additional = lazy(node.additionalProperties);
  if (node.items) c.items = lazy(node.items);
  c.goType = goTypeOf(c, ks);
  return c;
}

function goTypeOf(c: Compiled, ks: KindSchema): string {
  if (c.struct) {
    const parts = c.struct.split('.');
    return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
  }
  if (c.intOrString) return 'intstr.IntOrString';
  switch (c.type) {
    case 'integer': return c.node.format === 'int64' ? 'int64' : 'int32';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'string': return 'string';
    case 'array': return c.node.items ? `[]${goTypeOf(compile(ks, c.node.items), ks)}` : '[]interface {}';
    case 'object':
      if (c.node.additionalProperties && typeof c.node.additionalProperties === 'object') {
        return `map[string]${goTypeOf(compile(ks, c.node.additionalProperties), ks)}`;
      }
      return 'map[string]interface {}';
  }
  return 'interface {}';
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function typeMatches(c: Compiled, v: unknown): boolean {
  if (c.intOrString) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  switch (c.type) {
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    default: return true;
  }
}

const EMBEDDED = new Set(['apiVersion', 'kind', 'metadata']);

export function validateAgainstSchema(obj: unknown, ks: KindSchema, mode: FieldValidation, opts: SchemaValidationOptions = {}): SchemaValidationResult {
  const errors: StatusCause[] = [];
  const unknownFields: string[] = [];
  const crd = !!opts.crd;
  // Go's decoder names the innermost struct and the dotted path without indices.
  const walk = (v: unknown, c: Compiled, path: string, goPath: string, struct: string) => {
    if (v === null || v === undefined) {
      if (crd && v === null && !c.nullable && c.type) errors.push({ reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: "null": ${path} in body must be of type ${c.type}: "null"` });
      return;
    }
    if (!typeMatches(c, v)) {
      if (crd) {
        const found = jsonKind(v) === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : jsonKind(v) === 'bool' ? 'boolean' : jsonKind(v);
        const want = c.intOrString ? 'integer or string' : c.type;
        errors.push({ reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: ${JSON.stringify(found)}: ${path} in body must be of type ${want}: ${JSON.stringify(found)}` });
      } else {
        const what = typeof v === 'number' && !Number.isInteger(v) && c.type === 'integer' ? `number ${v}` : jsonKind(v);
        const where = struct ? `Go struct field ${struct}.${goPath}` : `Go value`;
        errors.push({ reason: 'FieldValueTypeInvalid', field: path, message: `json: cannot unmarshal ${what} into ${where} of type ${c.goType}` });
      }
      return;
    }
    if (crd && c.enum && !c.enum.some((e) => e === v)) {
      errors.push({ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${goValue(v)}: supported values: ${c.enum.map((e) => JSON.stringify(e)).join(', ')}` });
    }
    if (crd) errors.push(...valueConstraints(v, c.node, path));
    if (Array.isArray(v)) {
      if (!c.items) return;
      const items = c.items();
      v.forEach((x, i) => walk(x, items, `${path}[${i}]`, goPath, struct));
      return;
    }
    if (typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const childStruct = c.struct ? c.struct.slice(c.struct.lastIndexOf('.') + 1) : struct;
    if (c.props) {
      for (const k of Object.keys(o)) {
        const p = path ? `${path}.${k}` : k;
        const gp = goPath ? `${goPath}.${k}` : k;
        const child = c.props.get(k);
        if (child) { walk(o[k], child(), p, gp, childStruct); continue; }
        if (c.additional) { walk(o[k], c.additional(), p, gp, childStruct); continue; }
        if (c.preserve || (c.embedded && EMBEDDED.has(k))) continue;
        if (mode !== 'Ignore') unknownFields.push(p);
        if (opts.prune) delete o[k];
      }
      if (crd) for (const r of c.required) if (o[r] === undefined) errors.push({ reason: 'FieldValueRequired', field: path ? `${path}.${r}` : r, message: 'Required value' });
      return;
    }
    if (c.additional) {
      const add = c.additional();
      // Go's decoder (sigs.k8s.io/json) names the map field, not the key, in its errors.
      for (const k of Object.keys(o)) walk(o[k], add, `${path}[${k}]`, goPath, childStruct);
      return;
    }
    if (c.type === 'object' && !c.preserve && !c.embedded && crd) {
      // A structural object without properties keeps nothing.
      for (const k of Object.keys(o)) {
        if (mode !== 'Ignore') unknownFields.push(path ? `${path}.${k}` : k);
        if (opts.prune) delete o[k];
      }
    }
  };
  walk(obj, compile(ks, ks.root), '', '', ks.root['x-kubernetes-group-version-kind']?.[0]?.kind ?? '');
  return { errors, unknownFields };
}

/** `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"` (400 BadRequest). */
export function strictDecodingMessage(unknownFields: string[]): string {
  return `strict decoding error: ${unknownFields.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`;
}

/** The 400 message for a built-in kind that fails to decode: `Deployment in version "v1" cannot be handled as a Deployment: <first error>`. */
export function decodeErrorMessage(kind: string, version: string, errors: StatusCause[]): string {
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${errors[0]?.message ?? ''}`;
}
