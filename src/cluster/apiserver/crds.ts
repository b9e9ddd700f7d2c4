// CustomResourceDefinitions: on create/update the CRD's served versions are registered
// (registry.resourceDefFromCRD, or the local translation below when the registry lacks it)
// and its status gets NamesAccepted/Established conditions; on delete its objects are removed
// and the resource unregistered. Discovery and OpenAPI follow at once (built per request).
// Not implemented: conversion webhooks, validation rules (CEL), name conflict detection.
import type { KubeObject } from '../api/types';
import type { KindSchema, SchemaNode } from '../registry/schema';
import { prefixFor, type ServerContext } from './context';
import { invalidateOpenApi } from './openapi';
import type { PrinterColumn, ResourceDef } from './registryTypes';
import { getPath } from './selectors';
import { age } from './table';

const CRD_GR = 'customresourcedefinitions.apiextensions.k8s.io';

function schemaOf(root: SchemaNode | undefined): KindSchema | undefined {
  return root ? { root, deref: (n) => n } : undefined;
}

export function localDefsFromCRD(crd: KubeObject): ResourceDef[] {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const group: string = spec.group;
  return (spec.versions ?? []).filter((v: any) => v.served !== false).map((v: any): ResourceDef => {
    const cols: PrinterColumn[] = [{ name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0, cell: (o) => o.metadata.name ?? '' }];
    for (const c of v.additionalPrinterColumns ?? []) {
      cols.push({ name: c.name, type: c.type ?? 'string', format: c.format ?? '', description: c.description ?? '', priority: c.priority ? 1 : 0,
        cell: (o, ctx) => { const x = getPath(o, String(c.jsonPath ?? '')); return c.type === 'date' ? age(x as string, ctx.now) : (x as never) ?? null; } });
    }
    if (!(v.additionalPrinterColumns ?? []).length) cols.push({ name: 'Age', type: 'date', format: '', description: 'CreationTimestamp', priority: 0, cell: (o, ctx) => age(o.metadata.creationTimestamp, ctx.now) });
    const sub = v.subresources ?? {};
    return {
      group, version: v.name, kind: names.kind, listKind: names.listKind ?? `${names.kind}List`, plural: names.plural,
      singular: names.singular ?? String(names.kind).toLowerCase(), shortNames: names.shortNames ?? [], categories: names.categories ?? [],
      namespaced: spec.scope !== 'Cluster', verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      gr: `${names.plural}.${group}`, apiVersion: `${group}/${v.name}`, preferred: !!v.storage,
      subresources: { ...(sub.status ? { status: true } : {}), ...(sub.scale ? { scale: sub.scale } : {}) },
      columns: cols, schema: schemaOf(v.schema?.openAPIV3Schema),
      defaults: () => undefined, validate: () => [],
      strategy: { resetStatusOnCreate: !!sub.status, bumpGenerationOnSpecChange: true, preserveStatusOnUpdate: !!sub.status },
      fieldSelectors: {},
    } as ResourceDef;
  });
}

function defsFromCRD(sc: ServerContext, crd: KubeObject): ResourceDef[] {
  const f = sc.registryModule?.resourceDefFromCRD;
  if (f) { const r = f(crd); return Array.isArray(r) ? r : [r]; }
  return localDefsFromCRD(crd);
}

export function registerCRD(sc: ServerContext, crd: KubeObject): void {
  const defs = defsFromCRD(sc, crd);
  if (!defs.length) return;
  sc.registry.unregister(defs[0].gr);
  for (const d of defs) sc.registry.register(d);
  invalidateOpenApi(sc.registry);
}

export async function onCrdChange(sc: ServerContext, def: ResourceDef, obj: KubeObject, op: 'create' | 'update' | 'delete' | 'status'): Promise<void> {
  if (def.gr !== CRD_GR || op === 'status') return;
  const plural = obj.spec?.names?.plural, group = obj.spec?.group;
  if (op === 'delete' || obj.metadata.deletionTimestamp) {
    const gr = `${plural}.${group}`;
    const d = sc.registry.byResource(gr);
    if (d) {
      for (const so of sc.store.list(prefixFor(d, undefined)).items) { try { await sc.store.delete(so.key); } catch { /* raced */ } }
      sc.registry.unregister(gr);
      invalidateOpenApi(sc.registry);
    }
    return;
  }
  try { registerCRD(sc, obj); } catch (e) {
    // The CRD is stored; it just is not served (Kubernetes would report NamesAccepted=False).
    sc.log(`apiserver: CRD ${obj.metadata.name} not served: ${(e as Error).message}`);
    return;
  }
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const key = `/registry/${CRD_GR}/${obj.metadata.name}`;
  const cur = sc.store.get(key);
  if (!cur) return;
  const next = structuredClone(cur.value);
  const cond = (type: string, reason: string, message: string) => ({ type, status: 'True', lastTransitionTime: now, reason, message });
  next.status = {
    ...(next.status ?? {}),
    conditions: [cond('NamesAccepted', 'NoConflicts', 'no conflicts found'), cond('Established', 'InitialNamesAccepted', 'the initial names have been accepted')],
    acceptedNames: { ...obj.spec.names, listKind: obj.spec.names.listKind ?? `${obj.spec.names.kind}List`, singular: obj.spec.names.singular ?? String(obj.spec.names.kind).toLowerCase() },
    storedVersions: (obj.spec.versions ?? []).filter((v: any) => v.storage).map((v: any) => v.name),
  };
  if (JSON.stringify(next.status) === JSON.stringify(cur.value.status)) return;
  try { await sc.store.update(key, next, cur.modRevision); } catch { /* a racing writer wins; the next write re-establishes */ }
}

/** At start: serve every CRD already in the store. */
export function registerStoredCRDs(sc: ServerContext): void {
  for (const so of sc.store.list(`/registry/${CRD_GR}/`).items) {
    try { registerCRD(sc, so.value); } catch (e) { sc.log(`apiserver: CRD ${so.value.metadata?.name}: ${(e as Error).message}`); }
  }
}
