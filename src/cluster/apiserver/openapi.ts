// /openapi/v3, /openapi/v3/<api/v1|apis/g/v> (?hash tolerated) and /openapi/v2. Documents come
// from the registry's OpenAPI generator when it provides one; otherwise a minimal document is
// made here with what kubectl needs: PATCH/PUT operations tagged x-kubernetes-group-version-kind
// that declare a fieldValidation parameter (so kubectl leaves strict validation to us), and
// kind schemas for `explain` (from ResourceDef.schema where present).
import { createHash } from 'node:crypto';
import { ApiError } from '../api/errors';
import type { ServerContext } from './context';
import type { ApiResponse } from './request';
import type { Registry, ResourceDef } from './registryTypes';

const cache = new WeakMap<Registry, { index?: unknown; docs: Map<string, { body: string; hash: string }>; v2?: Buffer }>();

export function invalidateOpenApi(reg: Registry): void {
  cache.delete(reg);
}

function entryFor(reg: Registry) {
  let e = cache.get(reg);
  if (!e) { e = { docs: new Map() }; cache.set(reg, e); }
  return e;
}

function gvPaths(reg: Registry): string[] {
  const set = new Set<string>();
  for (const d of reg.all()) set.add(d.group ? `apis/${d.group}/${d.version}` : `api/${d.version}`);
  return [...set];
}

function definitionName(d: ResourceDef): string {
  if (d.definition) return d.definition;
  const rev = d.group ? d.group.split('.').reverse().join('.') : 'core';
  return `io.k8s.api.${rev}.${d.version}.${d.kind}`;
}

function standInDocument(sc: ServerContext, gvPath: string): Record<string, unknown> | undefined {
  const parts = gvPath.split('/');
  const [group, version] = parts[0] === 'api' ? ['', parts[1]] : [parts[1], parts[2]];
  const defs = sc.registry.all().filter((d) => d.group === group && d.version === version);
  if (!defs.length) return undefined;
  let all: Record<string, unknown> = {};
  try { all = sc.registryModule?.definitions?.() ?? {}; } catch { /* no generated definitions */ }
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const params = [
    { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
    { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
    { name: 'fieldValidation', in: 'query', description: 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.', schema: { type: 'string', uniqueItems: true } },
  ];
  for (const d of defs) {
    const gvk = { group: d.group, version: d.version, kind: d.kind };
    const ref = { $ref: `#/components/schemas/${definitionName(d)}` };
    const base = `/${gvPath}/${d.namespaced ? 'namespaces/{namespace}/' : ''}${d.plural}`;
    const op = (action: string) => ({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, parameters: params, responses: { 200: { content: { 'application/json': { schema: ref } } } } });
    paths[base] = { post: op('post'), get: { ...op('list'), parameters: [] } };
    paths[`${base}/{name}`] = { get: { ...op('get'), parameters: [] }, put: op('put'), patch: { ...op('patch'), parameters: [...params, { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } }] }, delete: { ...op('delete'), parameters: [] } };
    const root = (d.schema?.root ?? { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object' }, status: { type: 'object' } } }) as Record<string, unknown>;
    schemas[definitionName(d)] = { ...root, 'x-kubernetes-group-version-kind': [gvk] };
    addRefs(root, all, schemas);
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
}

/** Copies every definition a schema refers to (transitively) into the document. */
function addRefs(node: unknown, all: Record<string, unknown>, out: Record<string, unknown>): void {
  const stack = [node];
  for (let n = 0; stack.length && n < 100_000; n++) {
    const cur = stack.pop();
    if (!cur || typeof cur !== 'object') continue;
    for (const [k, v] of Object.entries(cur as Record<string, unknown>)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = v.slice(v.lastIndexOf('/') + 1);
        if (!(name in out) && all[name]) { out[name] = all[name]; stack.push(all[name]); }
      } else if (v && typeof v === 'object') stack.push(v);
    }
  }
}

function document(sc: ServerContext, gvPath: string): { body: string; hash: string } | undefined {
  const e = entryFor(sc.registry);
  let d = e.docs.get(gvPath);
  if (!d) {
    const gen = sc.registryModule?.openApiV3Document;
    const doc = gen ? gen(sc.registry, gvPath) : standInDocument(sc, gvPath);
    if (!doc) return undefined;
    const body = JSON.stringify(doc);
    d = { body, hash: createHash('sha512').update(body).digest('hex').slice(0, 128).toUpperCase() };
    e.docs.set(gvPath, d);
  }
  return d;
}

export function openApi(sc: ServerContext, path: string, accept: string | undefined): ApiResponse | undefined {
  const m = sc.registryModule ?? {};
  if (path === '/openapi/v3' || path === '/openapi/v3/') {
    if (m.openApiV3Index) return { status: 200, body: m.openApiV3Index(sc.registry) };
    const paths: Record<string, unknown> = {};
    for (const p of gvPaths(sc.registry)) {
      const d = document(sc, p);
      if (d) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
    }
    return { status: 200, body: { paths } };
  }
  if (path.startsWith('/openapi/v3/')) {
    const gv = path.slice('/openapi/v3/'.length);
    if (m.openApiV3DocumentJSON) {
      const json = m.openApiV3DocumentJSON(sc.registry, gv);
      return json === undefined ? undefined : { status: 200, body: Buffer.from(json), contentType: 'application/json', headers: { 'Cache-Control': 'public, immutable' } };
    }
    const d = document(sc, gv);
    if (!d) return undefined;
    return { status: 200, body: Buffer.from(d.body), contentType: 'application/json', headers: { Etag: `"${d.hash}"`, 'Cache-Control': 'public, immutable' } };
  }
  if (path === '/openapi/v2') {
    if (/protobuf/.test(accept ?? '')) {
      if (!m.openApiV2Protobuf) throw new ApiError(406, 'NotAcceptable', 'only the following media types are accepted: application/json');
      const e = entryFor(sc.registry);
      e.v2 ??= m.openApiV2Protobuf(sc.registry);
      return { status: 200, body: e.v2, contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' };
    }
    if (m.openApiV2Document) return { status: 200, body: m.openApiV2Document(sc.registry) };
    const definitions: Record<string, unknown> = {};
    for (const p of gvPaths(sc.registry)) {
      const d = document(sc, p);
      if (d) Object.assign(definitions, (JSON.parse(d.body).components?.schemas ?? {}) as Record<string, unknown>);
    }
    return { status: 200, body: { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions } };
  }
  return undefined;
}
