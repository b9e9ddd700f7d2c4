// What the API server needs from the registry (src/cluster/registry/): the ResourceDef
// shape is the registry's own; the Registry is described structurally so the real one
// (createRegistry) and the stand-in in testing/standInRegistry.ts both fit.
import type { KubeObject, StatusCause } from '../api/types';
import type { KindSchema, SchemaNode } from '../registry/schema';
import type { ResourceDef } from '../registry/types';

export type { ResourceDef, PrinterColumn, ScaleSubresource } from '../registry/types';

export interface Registry {
  all(): ResourceDef[];
  byResource(gr: string): ResourceDef | undefined;
  lookup(group: string, version: string, plural: string): ResourceDef | undefined;
  byKind(group: string, kind: string, version?: string): ResourceDef | undefined;
  register(def: ResourceDef): void;
  /** Removes every version of a group-qualified plural. */
  unregister(gr: string): void;
  onChange(fn: (c: unknown) => void): () => void;
}

/** The registry module's helpers the API server uses when they exist. */
export interface RegistryModule {
  createRegistry(): Registry;
  resourceDefFromCRD(crd: KubeObject): ResourceDef | ResourceDef[];
  validateAgainstSchema(obj: unknown, schema: KindSchema, mode: 'Strict' | 'Warn' | 'Ignore', opts?: { crd?: boolean; prune?: boolean }): { errors: StatusCause[]; unknownFields: string[] };
  openApiV3Index(registry: Registry): unknown;
  openApiV3Document(registry: Registry, path: string): unknown;
  openApiV3DocumentJSON(registry: Registry, path: string): string | undefined;
  openApiV2Document(registry: Registry): unknown;
  openApiV2Protobuf(registry: Registry): Buffer;
  /** Every generated definition by name, for $refs in kind schemas. */
  definitions(): Record<string, SchemaNode>;
}

export function qualifiedResource(def: { group: string; plural: string }): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

export function apiVersionOf(def: { group: string; version: string }): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}
