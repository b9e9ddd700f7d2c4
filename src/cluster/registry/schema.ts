// The schema node every consumer reads: OpenAPI v3 / JSON-schema with Kubernetes' extensions.
// Generated from `kubernetes-types` by tools/gen-schema.mjs into registry/generated/ (not
// committed), then served as /openapi/v3, used for validation, strategic merge keys,
// `kubectl explain` and the editor's completion, hover and diagnostics (design.md rule 3).
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  allOf?: SchemaNode[];
  $ref?: string;
  readOnly?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

/** A kind's schema with its $refs resolvable: what validation, patching and the editor walk. */
export interface KindSchema {
  root: SchemaNode;
  /** Follows $ref (and a single-element allOf wrapping a $ref); returns the node itself otherwise. */
  deref(node: SchemaNode): SchemaNode;
}
