// /openapi/v3: the index of group-versions and one document per group-version, with the
// schemas reachable from its kinds under components.schemas (descriptions included, for
// `kubectl explain`) and Kubernetes-shaped paths (see paths.ts). Built lazily, cached per
// registry, dropped when the registry changes.
import { createHash } from 'node:crypto';
import type { Registry } from '../registry';
import type { SchemaNode } from '../schema';
import type { ResourceDef } from '../types';
import { definitions, refName } from '../definitions';
import { resourcePaths, schemaNameOf } from './paths';

export interface OpenApiV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

interface Cached {
  json?: string;
  doc?: Record<string, unknown>;
  hash?: string;
}

const caches = new WeakMap<Registry, Map<string, Cached>>();

function cacheOf(registry: Registry): Map<string, Cached> {
  let c = caches.get(registry);
  if (!c) {
    c = new Map();
    caches.set(registry, c);
    registry.onChange(() => caches.get(registry)?.clear());
  }
  return c;
}

/** 'api/v1' or 'apis/apps/v1'. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function defsOf(registry: Registry, gvPath: string): ResourceDef[] {
  return registry.all().filter((d) => groupVersionPath(d.group, d.version) === gvPath);
}

export function openApiV3Index(registry: Registry): OpenApiV3Index {
  const paths: OpenApiV3Index['paths'] = {};
  const seen = new Set<string>();
  for (const d of registry.all()) {
    const p = groupVersionPath(d.group, d.version);
    if (seen.has(p)) continue;
    seen.add(p);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${openApiV3Hash(registry, p)}` };
  }
  return { paths };
}

/** A cheap fingerprint of what the document is built from (no need to build it). */
export function openApiV3Hash(registry: Registry, gvPath: string): string {
  const cache = cacheOf(registry);
  let c = cache.get(gvPath);
  if (!c) { c = {}; cache.set(gvPath, c); }
  if (!c.hash) {
    const h = createHash('sha512');
    for (const d of defsOf(registry, gvPath)) {
      h.update(`${d.kind}|${d.plural}|${d.namespaced}|${d.verbs.join(',')}|${d.definition ?? ''}|${JSON.stringify(d.subresources)}\n`);
      if (d.crdName) h.update(JSON.stringify(d.schema?.root ?? null));
    }
    c.hash = h.digest('hex').slice(0, 128).toUpperCase();
  }
  return c.hash;
}

/** Adds `name` and every definition it references to `out`. */
function collect(name: string, table: Record<string, SchemaNode>, out: Record<string, SchemaNode>): void {
  const stack = [name];
  while (stack.length) {
    const n = stack.pop()!;
    if (out[n] || !table[n]) continue;
    out[n] = servedForm(table[n]);
    visitRefs(table[n], (r) => { if (!out[r]) stack.push(r); });
  }
}

/**
 * Kubernetes publishes apiVersion and kind as plain strings; the generated enums (kept for
 * the editor's completion) would show up in `kubectl explain` as "enum: apps/v1".
 */
function servedForm(s: SchemaNode): SchemaNode {
  const p = s.properties;
  if (!p || !(p.apiVersion?.enum || p.kind?.enum)) return s;
  const properties = { ...p };
  for (const k of ['apiVersion', 'kind']) {
    if (properties[k]?.enum) { const c = { ...properties[k] }; delete c.enum; properties[k] = c; }
  }
  return { ...s, properties };
}

function visitRefs(node: unknown, cb: (name: string) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) { for (const x of node) visitRefs(x, cb); return; }
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === '$ref' && typeof v === 'string') cb(refName(v));
    else if (v && typeof v === 'object') visitRefs(v, cb);
  }
}

function listSchemaFor(def: ResourceDef, itemName: string): SchemaNode {
  return {
    description: `${def.listKind} is a list of ${def.kind}`,
    type: 'object',
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      items: { type: 'array', items: { $ref: `#/components/schemas/${itemName}` }, description: `List of ${def.plural}.` },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' }], description: 'Standard list metadata.' },
    },
    required: ['items'],
    'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.listKind }],
  };
}

function buildDocument(registry: Registry, gvPath: string): Record<string, unknown> | undefined {
  const defs = defsOf(registry, gvPath);
  if (!defs.length) return undefined;
  const table = definitions();
  const schemas: Record<string, SchemaNode> = {};
  const paths: Record<string, unknown> = {};
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
  for (const n of [`${meta}.APIResourceList`, `${meta}.DeleteOptions`, `${meta}.Status`, `${meta}.Patch`, `${meta}.WatchEvent`]) collect(n, table, schemas);
  for (const d of defs) {
    const name = schemaNameOf(d);
    let listName = `${name}List`;
    if (d.definition && table[d.definition]) {
      collect(d.definition, table, schemas);
      if (table[listName]) collect(listName, table, schemas);
      else schemas[listName] = listSchemaFor(d, name);
    } else if (d.schema) {
      schemas[name] = d.schema.root;
      visitRefs(d.schema.root, (r) => collect(r, table, schemas));
      schemas[listName] = listSchemaFor(d, name);
    } else {
      listName = `${meta}.Status`;
    }
    if (d.subresources.scale) collect('io.k8s.api.autoscaling.v1.Scale', table, schemas);
    for (const c of d.subresources.connect ?? []) {
      if (c === 'binding') collect('io.k8s.api.core.v1.Binding', table, schemas);
      if (c === 'eviction') collect('io.k8s.api.policy.v1.Eviction', table, schemas);
    }
    Object.assign(paths, resourcePaths(d, listName));
  }
  const base = `/${gvPath}/`;
  paths[base] = {
    get: {
      tags: [defs[0].group ? `${defs[0].group.split('.')[0]}_${defs[0].version}` : `core_${defs[0].version}`],
      description: 'get available resources',
      operationId: `get${gvPath.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}APIResources`,
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${meta}.APIResourceList` } } } } },
    },
  };
  const sortedSchemas: Record<string, SchemaNode> = {};
  for (const k of Object.keys(schemas).sort()) sortedSchemas[k] = schemas[k];
  const sortedPaths: Record<string, unknown> = {};
  for (const k of Object.keys(paths).sort()) sortedPaths[k] = paths[k];
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: sortedPaths,
    components: {
      schemas: sortedSchemas,
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
}

/** The document for 'api/v1' or 'apis/<group>/<version>'; undefined when not served. */
export function openApiV3Document(registry: Registry, gvPath: string): Record<string, unknown> | undefined {
  const cache = cacheOf(registry);
  let c = cache.get(gvPath);
  if (!c) { c = {}; cache.set(gvPath, c); }
  if (!c.doc) c.doc = buildDocument(registry, gvPath);
  return c.doc;
}

/** The same document serialized once (what the API server writes). */
export function openApiV3DocumentJSON(registry: Registry, gvPath: string): string | undefined {
  const cache = cacheOf(registry);
  const doc = openApiV3Document(registry, gvPath);
  if (!doc) return undefined;
  const c = cache.get(gvPath)!;
  c.json ??= JSON.stringify(doc);
  return c.json;
}
