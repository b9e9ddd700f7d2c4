// The registry's public surface (design.md rule 3). Import from here.
export type { Cell, CellContext, ConnectSubresource, FieldSelectorGetter, GroupVersions, PrinterColumn, ResourceDef, ScaleSubresource, Strategy, Subresources, Verb } from './types';
export { ALL_VERBS, READ_VERBS } from './types';
export type { KindSchema, SchemaNode } from './schema';
export { Registry, createRegistry, compareVersions } from './registry';
export type { RegistryChange } from './registry';
export { definitions, kindSchema, kindSchemaOf, REF_PREFIX } from './definitions';
export { humanDuration, since } from './printers/duration';
export { selectorMatches } from './validation/workload';
export { resourceDefFromCRD, applySchemaDefaults } from './crd';
export { validateAgainstSchema, strictDecodingMessage, decodeErrorMessage } from './validation/schema';
export type { FieldValidation, SchemaValidationOptions, SchemaValidationResult } from './validation/schema';
export { jsonPathValue, jsonPathValues, jsonPathSet } from './printers/jsonpath';
export { openApiV3Index, openApiV3Document, openApiV3DocumentJSON, openApiV3Hash, groupVersionPath } from './openapi/v3';
export type { OpenApiV3Index } from './openapi/v3';
export { openApiV2Document, openApiV2Protobuf, decodeOpenApiV2Protobuf } from './openapi/v2';
export { schemaAt, fieldsAt, typeName } from './schemaPath';
export type { FieldInfo } from './schemaPath';
