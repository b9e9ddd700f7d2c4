// Decodes `application/vnd.kubernetes.protobuf` request bodies, which kubectl 1.32's typed
// clients send for `kubectl create <kind>`: the magic `k8s\0`, a runtime.Unknown envelope
// (typeMeta, raw, contentEncoding, contentType), and raw being the object's protobuf.
// The result is the JSON Kubernetes' Go types would marshal: omitempty fields dropped when
// zero, pointer fields kept when sent, IntOrString as number or string, Quantity as its
// string, Time as RFC 3339 (zero time as null), bytes as base64, embedded structs inlined.
// Not implemented: encoding (responses are JSON, which kubectl accepts), compressed raw.
import * as protobuf from 'protobufjs';
import { ApiError, badRequest } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { KINDS, MESSAGES } from './messages';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface FieldSpec {
  name: string;
  id: number;
  type: string;
  repeated: boolean;
  map: boolean;
  keep: boolean;
  inline: boolean;
}

const SCALARS: Record<string, string> = { s: 'string', i32: 'int32', i64: 'int64', b: 'bool', y: 'bytes' };

function parseSpec(spec: string): FieldSpec[] {
  return spec.split(/\s+/).filter(Boolean).map((entry) => {
    const m = /^(\w+)=(\d+):(\[\]|\{\})?(\w+)([!^]?)$/.exec(entry);
    if (!m) throw new Error(`bad message spec entry ${entry}`);
    return { name: m[1], id: Number(m[2]), type: m[4], repeated: m[3] === '[]', map: m[3] === '{}', keep: m[5] === '!', inline: m[5] === '^' };
  });
}

let compiled: { root: protobuf.Root; specs: Map<string, FieldSpec[]> } | undefined;

/** Built on first use: a protobufjs Root from the message table. */
function schema() {
  if (compiled) return compiled;
  const specs = new Map<string, FieldSpec[]>();
  const nested: Record<string, protobuf.IType> = {};
  for (const [name, spec] of Object.entries(MESSAGES)) {
    const fields = parseSpec(spec);
    specs.set(name, fields);
    const out: Record<string, protobuf.IField & { keyType?: string }> = {};
    for (const f of fields) {
      const type = SCALARS[f.type] ?? f.type;
      out[f.name] = f.map ? { id: f.id, type, keyType: 'string' } : { id: f.id, type, ...(f.repeated ? { rule: 'repeated' } : {}) };
    }
    nested[name] = { fields: out };
  }
  compiled = { root: protobuf.Root.fromJSON({ nested }), specs };
  return compiled;
}

export interface DecodeOptions {
  /** Media types to name in the 415 for a kind without a protobuf form. */
  acceptedMediaTypes?: string[];
}

export function decodeProtobufObject(buf: Buffer, opts: DecodeOptions = {}): KubeObject {
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw badRequest(`provided data does not appear to be a protobuf message, expected prefix [${[...MAGIC].join(' ')}]`);
  }
  const { root } = schema();
  let unknown: protobuf.Message & { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array; contentEncoding?: string };
  try {
    unknown = root.lookupType('Unknown').decode(buf.subarray(MAGIC.length)) as typeof unknown;
  } catch (e) {
    throw badRequest(`unable to decode protobuf envelope: ${(e as Error).message}`);
  }
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const message = KINDS[`${apiVersion}/${kind}`];
  if (!message) throw unsupportedMediaType(opts.acceptedMediaTypes);
  if (unknown.contentEncoding) throw badRequest(`unsupported protobuf content encoding ${JSON.stringify(unknown.contentEncoding)}`);
  let decoded: protobuf.Message;
  try {
    decoded = root.lookupType(message).decode(unknown.raw ?? new Uint8Array());
  } catch (e) {
    throw badRequest(`unable to decode ${apiVersion}, Kind=${kind} from protobuf: ${(e as Error).message}`);
  }
  const body = toJson(decoded, message);
  return { apiVersion, kind, ...body } as KubeObject;
}

const DEFAULT_ACCEPTED = ['application/json', 'application/yaml'];

/** The 415 Kubernetes answers for a body it cannot decode (same text kubectl prints). */
export function unsupportedMediaType(accepted = DEFAULT_ACCEPTED): ApiError {
  return new ApiError(415, 'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

function has(msg: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(msg, name);
}

function toJson(msg: protobuf.Message, type: string): Record<string, unknown> {
  const specs = schema().specs.get(type)!;
  const out: Record<string, unknown> = {};
  const m = msg as unknown as Record<string, unknown>;
  for (const f of specs) {
    const v = m[f.name];
    if (f.map) {
      const entries = Object.entries((v ?? {}) as Record<string, unknown>);
      if (entries.length) out[f.name] = Object.fromEntries(entries.map(([k, x]) => [k, valueOf(x, f.type)]));
    } else if (f.repeated) {
      const list = (v ?? []) as unknown[];
      if (list.length) out[f.name] = list.map((x) => valueOf(x, f.type));
    } else if (has(m, f.name)) {
      const x = valueOf(v, f.type);
      if (f.inline && x && typeof x === 'object') Object.assign(out, x);
      else if (x !== undefined && (f.keep || !isZero(x))) out[f.name] = x;
    }
  }
  return out;
}

function isZero(x: unknown): boolean {
  return x === '' || x === 0 || x === false;
}

function valueOf(v: unknown, type: string): unknown {
  switch (type) {
    case 's': case 'b': return v;
    case 'i32': case 'i64': return typeof v === 'number' ? v : Number(v);
    case 'y': return Buffer.from(v as Uint8Array).toString('base64');
    case 'Time': return rfc3339(v as { seconds?: unknown; nanos?: number });
    case 'Quantity': return (v as { string?: string }).string ?? '';
    case 'IntOrString': {
      const x = v as { type?: unknown; intVal?: number; strVal?: string };
      return Number(x.type ?? 0) === 1 ? x.strVal ?? '' : x.intVal ?? 0;
    }
    case 'FieldsV1': {
      const raw = (v as { Raw?: Uint8Array }).Raw;
      return raw && raw.length ? JSON.parse(Buffer.from(raw).toString('utf8')) : {};
    }
    default: return toJson(v as protobuf.Message, type);
  }
}

/** metav1.Time: second precision, UTC; the zero time marshals as null. */
function rfc3339(t: { seconds?: unknown; nanos?: number }): string | null {
  const seconds = Number(t.seconds ?? 0);
  if (seconds === 0 && !t.nanos) return null;
  // Go's zero time.Time is year 1, which protobuf carries as a large negative second count.
  if (seconds === -62135596800) return null;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
