// A CustomResourceDefinition's served versions as ResourceDefs: names and scope, schema from
// openAPIV3Schema (apiVersion/kind/metadata added), status and scale subresources, printer
// columns from additionalPrinterColumns (JSONPath cells; NAME AGE when none), structural
// defaulting from `default`; validate() checks metadata, validateAgainstSchema (crd: true) the rest.
// Also selectableFields as field selectors; versions convert as conversion strategy None does
// (apiVersion rewritten to the storage version and back); deprecated versions warn.
// Not here: conversion webhooks, CEL validation rules.
import type { KubeObject } from '../api/types';
import type { KindSchema, SchemaNode } from './schema';
import type { PrinterColumn, ResourceDef } from './types';
import { ALL_VERBS } from './types';
import { compareVersions } from './registry';
import { kindSchema, REF_PREFIX } from './definitions';
import { column, nameColumn } from './printers/common';
import { since } from './printers/duration';
import { jsonPathValues } from './printers/jsonpath';
import { validateObjectMeta } from './validation/objectMeta';

const OBJECT_META = `${REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;
const AGE_DOC = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** The CRD's schema with the fields every object has. */
function rootSchema(s: SchemaNode | undefined, apiVersion: string, kind: string): SchemaNode {
  const base: SchemaNode = s ? { ...s } : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  base.type ??= 'object';
  base.properties = {
    ...base.properties,
    apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources' },
    kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds' },
    metadata: { allOf: [{ $ref: OBJECT_META }], description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata" },
  };
  const [group, version] = apiVersion.split('/');
  base['x-kubernetes-group-version-kind'] = [{ group, version, kind }];
  return base;
}

/** Structural defaulting: `default` of absent properties, recursively into what is present. */
export function applySchemaDefaults(v: unknown, s: SchemaNode | undefined): void {
  if (!s || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) { for (const x of v) applySchemaDefaults(x, s.items); return; }
  const o = v as Record<string, unknown>;
  for (const [k, ps] of Object.entries(s.properties ?? {})) {
    if (o[k] === undefined && ps.default !== undefined) o[k] = structuredClone(ps.default);
    if (o[k] !== undefined) applySchemaDefaults(o[k], ps);
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const k of Object.keys(o)) if (!s.properties?.[k]) applySchemaDefaults(o[k], s.additionalProperties);
  }
}

/**
 * The custom resource table convertor's cells. kubectl prints cells as they come, so `date`
 * columns are turned into ages here, as Kubernetes does ("5m"; "<invalid>" when unparseable).
 */
function cellOf(values: unknown[], type: string, now: number): string | number | boolean | null {
  if (!values.length) return null;
  if (values.length === 1) {
    const v = values[0];
    if (v === null || v === undefined) return null;
    if (type === 'date') return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? since(v, now) : '<invalid>';
    if (typeof v === 'object') return JSON.stringify(v);
    if (type === 'string') return String(v);
    return v as number | boolean;
  }
  return values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
}

function printerColumns(version: any): PrinterColumn[] {
  const extra: any[] = version.additionalPrinterColumns ?? [];
  const cols: PrinterColumn[] = [nameColumn()];
  if (!extra.length) {
    cols.push(column('Age', AGE_DOC, (o, ctx) => since(o.metadata?.creationTimestamp, ctx.now), { type: 'date' }));
    return cols;
  }
  for (const c of extra) {
    const type = ['integer', 'number', 'boolean', 'date', 'string'].includes(c.type) ? c.type : 'string';
    cols.push(column(c.name, c.description ?? '', (o, ctx) => cellOf(jsonPathValues(o, c.jsonPath), type, ctx.now), {
      type, format: c.format ?? '', priority: c.priority && c.priority > 0 ? 1 : 0,
    }));
  }
  return cols;
}

/** Kubernetes' default for a deprecated CRD version: the newer served, non-deprecated version to use instead. */
function defaultDeprecationWarning(spec: any, version: string): string {
  const msg = `${spec.group}/${version} ${spec.names?.kind} is deprecated`;
  const newer = (spec.versions ?? []).filter((v: any) => v?.served && !v.deprecated && compareVersions(v.name, version) > 0)
    .map((v: any) => v.name as string).sort((a: string, b: string) => compareVersions(b, a));
  return newer.length ? `${msg}; use ${spec.group}/${newer[0]} ${spec.names?.kind}` : msg;
}

export function resourceDefFromCRD(crd: KubeObject): ResourceDef[] {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const group: string = spec.group;
  const served: any[] = (spec.versions ?? []).filter((v: any) => v?.served);
  const preferred = served.map((v) => v.name as string).sort((a, b) => compareVersions(b, a))[0];
  const storageVersion = `${group}/${(spec.versions ?? []).find((v: any) => v?.storage)?.name ?? preferred}`;
  return served.map((v): ResourceDef => {
    const apiVersion = `${group}/${v.name}`;
    const root = rootSchema(v.schema?.openAPIV3Schema, apiVersion, names.kind);
    let schema: KindSchema | undefined;
    const getSchema = () => (schema ??= kindSchema(root));
    const status = !!v.subresources?.status;
    const scale = v.subresources?.scale;
    return {
      group, version: v.name, kind: names.kind, listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural, singular: names.singular ?? String(names.kind).toLowerCase(),
      shortNames: names.shortNames ?? [], categories: names.categories ?? [],
      namespaced: spec.scope !== 'Cluster', verbs: ALL_VERBS,
      gr: `${names.plural}.${group}`, apiVersion, preferred: v.name === preferred, storage: !!v.storage,
      crdName: crd.metadata?.name,
      subresources: {
        ...(status ? { status: true } : {}),
        ...(scale ? { scale: { specReplicasPath: scale.specReplicasPath, statusReplicasPath: scale.statusReplicasPath, ...(scale.labelSelectorPath ? { labelSelectorPath: scale.labelSelectorPath } : {}) } } : {}),
      },
      columns: printerColumns(v),
      // Conversion strategy None (the only one served here): versions differ in apiVersion alone.
      toStorage: (o) => ({ ...o, apiVersion: storageVersion }),
      fromStorage: (o) => ({ ...o, apiVersion }),
      ...(v.deprecated ? { deprecationWarning: v.deprecationWarning ?? defaultDeprecationWarning(spec, v.name) } : {}),
      get schema() { return getSchema(); },
      defaults(obj) { applySchemaDefaults(obj, v.schema?.openAPIV3Schema); },
      // Schema errors come from validateAgainstSchema(..., { crd: true }), which the API server runs for every kind.
      validate: (obj, old) => validateObjectMeta(obj, spec.scope !== 'Cluster', false, old),
      strategy: { resetStatusOnCreate: status, bumpGenerationOnSpecChange: true, preserveStatusOnUpdate: status },
      fieldSelectors: {
        'metadata.name': (o) => o.metadata?.name ?? '',
        ...(spec.scope !== 'Cluster' ? { 'metadata.namespace': (o: KubeObject) => o.metadata?.namespace ?? '' } : {}),
        // selectableFields (GA in 1.32): `.spec.color` is selected as `spec.color=red`.
        ...Object.fromEntries((v.selectableFields ?? []).filter((f: any) => typeof f?.jsonPath === 'string').map((f: any) => [
          f.jsonPath.replace(/^\./, ''), (o: KubeObject) => { const x = jsonPathValues(o, f.jsonPath)[0]; return x === undefined || x === null ? '' : String(x); },
        ])),
      },
    };
  });
}
