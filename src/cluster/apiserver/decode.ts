// Request body decoding: JSON, YAML, and Kubernetes protobuf (through the protobuf
// component's decodeProtobufObject when present). Over 3 MiB → 413; unknown types → 415
// with the list kubectl prints; undecodable → 400.
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../api/errors';
import type { ApiRequest } from './request';
import { decodeProtobuf } from './seams';
import { cloneJson } from './patch/json';

export const MAX_BODY = 3 * 1024 * 1024;

export const ACCEPTED_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

export const unsupportedMediaType = (accepted: string[]) =>
  new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);

export function mediaType(ct: string | undefined): string {
  return (ct ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/** Decodes a create/update body. */
export function decodeBody(req: ApiRequest): unknown {
  if (req.object !== undefined) return cloneJson(req.object);
  const buf = req.body ?? Buffer.alloc(0);
  if (buf.length > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
  const mt = mediaType(req.contentType);
  if (mt === 'application/vnd.kubernetes.protobuf') {
    const dec = decodeProtobuf();
    if (!dec) throw unsupportedMediaType([...ACCEPTED_TYPES.filter((t) => !t.includes('protobuf')), ...PATCH_TYPES]);
    try { return dec(buf); } catch (e) { if (e instanceof ApiError) throw e; throw badRequest(`the object provided is unrecognized: ${(e as Error).message}`); }
  }
  if (mt === 'application/json' || mt === '*/*' || mt === '') return parseJson(buf);
  if (mt === 'application/yaml' || mt === 'application/x-yaml' || mt === 'text/yaml') return parseYamlBody(buf);
  throw unsupportedMediaType([...ACCEPTED_TYPES, ...PATCH_TYPES]);
}

/** Decodes a PATCH body for the given patch media type. */
export function decodePatchBody(req: ApiRequest): unknown {
  if (req.object !== undefined) return cloneJson(req.object);
  const buf = req.body ?? Buffer.alloc(0);
  if (buf.length > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
  return mediaType(req.contentType) === 'application/apply-patch+yaml' ? parseYamlBody(buf) : parseJson(buf);
}

export function patchTypeOf(ct: string | undefined): 'json' | 'merge' | 'strategic' | 'apply' {
  switch (mediaType(ct)) {
    case 'application/json-patch+json': return 'json';
    case 'application/merge-patch+json': return 'merge';
    case 'application/strategic-merge-patch+json': return 'strategic';
    case 'application/apply-patch+yaml': case 'application/apply-patch+cbor': return 'apply';
    default: throw unsupportedMediaType(PATCH_TYPES);
  }
}

function parseJson(buf: Buffer): unknown {
  try { return JSON.parse(buf.toString('utf8')); } catch (e) {
    throw badRequest(`error decoding JSON: ${(e as Error).message}`);
  }
}

function parseYamlBody(buf: Buffer): unknown {
  try { return parseYaml(buf.toString('utf8'), { uniqueKeys: false }); } catch (e) {
    throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
}
