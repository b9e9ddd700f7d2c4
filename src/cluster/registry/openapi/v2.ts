// /openapi/v2: one Swagger 2.0 document for every served group-version, derived from the v3
// documents, as JSON and as gnostic's openapi_v2 `Document` protobuf (what kubectl asks for
// with `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`: client-side
// apply's patch metadata and `kubectl explain --output plaintext-openapiv2`).
// The .proto below declares only the fields written here; the field numbers are gnostic's
// (openapiv2/OpenAPIv2.proto) and must not change. Vendor extensions travel as YAML strings,
// as gnostic encodes them (JSON is YAML's flow style, and much cheaper to write).
import protobuf from 'protobufjs';
import type { Registry } from '../registry';
import { openApiV3Document, openApiV3Index } from './v3';

const PROTO = `
syntax = "proto3";
package openapi.v2;
message Any { string yaml = 2; }
message NamedAny { string name = 1; Any value = 2; }
message Info { string title = 1; string version = 2; }
message Document {
  string swagger = 1; Info info = 2; repeated string consumes = 6; repeated string produces = 7;
  Paths paths = 8; Definitions definitions = 9; repeated SecurityRequirement security = 12;
  SecurityDefinitions security_definitions = 13;
}
message SecurityRequirement { repeated NamedStringArray additional_properties = 1; }
message NamedStringArray { string name = 1; StringArray value = 2; }
message StringArray { repeated string value = 1; }
message SecurityDefinitions { repeated NamedSecurityDefinitionsItem additional_properties = 1; }
message NamedSecurityDefinitionsItem { string name = 1; SecurityDefinitionsItem value = 2; }
message SecurityDefinitionsItem { oneof oneof { ApiKeySecurity api_key_security = 2; } }
message ApiKeySecurity { string type = 1; string name = 2; string in = 3; string description = 4; }
message Paths { repeated NamedPathItem path = 2; }
message NamedPathItem { string name = 1; PathItem value = 2; }
message PathItem {
  Operation get = 2; Operation put = 3; Operation post = 4; Operation delete = 5; Operation patch = 8;
  repeated ParametersItem parameters = 9;
}
message Operation {
  repeated string tags = 1; string description = 3; string operation_id = 5; repeated string produces = 6;
  repeated string consumes = 7; repeated ParametersItem parameters = 8; Responses responses = 9;
  repeated string schemes = 10; repeated NamedAny vendor_extension = 13;
}
message ParametersItem { oneof oneof { Parameter parameter = 1; } }
message Parameter { oneof oneof { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2; } }
message BodyParameter { string description = 1; string name = 2; string in = 3; bool required = 4; Schema schema = 5; }
message NonBodyParameter { oneof oneof { QueryParameterSubSchema query_parameter_sub_schema = 3; PathParameterSubSchema path_parameter_sub_schema = 4; } }
message QueryParameterSubSchema { bool required = 1; string in = 2; string description = 3; string name = 4; string type = 6; bool unique_items = 20; }
message PathParameterSubSchema { bool required = 1; string in = 2; string description = 3; string name = 4; string type = 5; bool unique_items = 19; }
message Responses { repeated NamedResponseValue response_code = 1; }
message NamedResponseValue { string name = 1; ResponseValue value = 2; }
message ResponseValue { oneof oneof { Response response = 1; } }
message Response { string description = 1; SchemaItem schema = 2; }
message SchemaItem { oneof oneof { Schema schema = 1; } }
message Definitions { repeated NamedSchema additional_properties = 1; }
message NamedSchema { string name = 1; Schema value = 2; }
message Properties { repeated NamedSchema additional_properties = 1; }
message AdditionalPropertiesItem { oneof oneof { Schema schema = 1; bool boolean = 2; } }
message TypeItem { repeated string value = 1; }
message ItemsItem { repeated Schema schema = 1; }
message Schema {
  string _ref = 1; string format = 2; string description = 4; Any default = 5; repeated string required = 19;
  repeated Any enum = 20; AdditionalPropertiesItem additional_properties = 21; TypeItem type = 22;
  ItemsItem items = 23; repeated Schema all_of = 24; Properties properties = 25; bool read_only = 27;
  repeated NamedAny vendor_extension = 31;
}
`;

let documentType: protobuf.Type | undefined;
function docType(): protobuf.Type {
  documentType ??= protobuf.parse(PROTO, { keepCase: true }).root.lookupType('openapi.v2.Document');
  return documentType;
}

type Json = Record<string, any>;
const V3_REF = '#/components/schemas/';
const V2_REF = '#/definitions/';

/** A v3 schema in v2 form: `#/definitions/` refs, a lone allOf-$ref flattened to $ref. */
function schemaToV2(s: any): any {
  if (!s || typeof s !== 'object') return s;
  if (Array.isArray(s)) return s.map(schemaToV2);
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace(V3_REF, V2_REF);
    else if (k === 'properties' && v && typeof v === 'object') out.properties = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, schemaToV2(pv)]));
    else out[k] = typeof v === 'object' ? schemaToV2(v) : v;
  }
  if (Array.isArray(out.allOf) && out.allOf.length === 1 && out.allOf[0].$ref && !out.type) {
    out.$ref = out.allOf[0].$ref;
    delete out.allOf;
  }
  return out;
}

function parameterToV2(p: any): Json {
  return { name: p.name, in: p.in, description: p.description, type: p.schema?.type ?? 'string', uniqueItems: true, ...(p.required ? { required: true } : {}) };
}

function operationToV2(op: any): Json {
  const out: Json = { tags: op.tags, description: op.description, operationId: op.operationId, schemes: ['https'] };
  const params = (op.parameters ?? []).map(parameterToV2);
  if (op.requestBody) {
    const types = Object.keys(op.requestBody.content);
    out.consumes = types;
    const ref = (Object.values(op.requestBody.content)[0] as any).schema.$ref.replace(V3_REF, V2_REF);
    params.push({ name: 'body', in: 'body', required: true, schema: { $ref: ref } });
  } else {
    out.consumes = ['*/*'];
  }
  if (params.length) out.parameters = params;
  out.produces = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
  out.responses = {};
  for (const [code, r] of Object.entries<any>(op.responses ?? {})) {
    const c = r.content && (Object.values(r.content)[0] as any);
    out.responses[code] = { description: r.description, ...(c ? { schema: { $ref: c.schema.$ref.replace(V3_REF, V2_REF) } } : {}) };
  }
  for (const [k, v] of Object.entries(op)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

const docs = new WeakMap<Registry, { json?: Json; proto?: Buffer }>();

function cacheOf(registry: Registry) {
  let c = docs.get(registry);
  if (!c) {
    c = {};
    docs.set(registry, c);
    registry.onChange(() => { const x = docs.get(registry); if (x) { x.json = undefined; x.proto = undefined; } });
  }
  return c;
}

/** The Swagger 2.0 document of everything served. */
export function openApiV2Document(registry: Registry): Json {
  const c = cacheOf(registry);
  if (c.json) return c.json;
  const paths: Json = {};
  const definitions: Json = {};
  for (const gv of Object.keys(openApiV3Index(registry).paths)) {
    const v3 = openApiV3Document(registry, gv) as Json;
    for (const [name, s] of Object.entries(v3.components.schemas)) definitions[name] ??= schemaToV2(s);
    for (const [p, item] of Object.entries<any>(v3.paths)) {
      const out: Json = {};
      for (const [k, v] of Object.entries<any>(item)) {
        if (k === 'parameters') out.parameters = v.map(parameterToV2);
        else out[k] = operationToV2(v);
      }
      paths[p] = out;
    }
  }
  const sorted = (o: Json) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  c.json = {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: sorted(paths),
    definitions: sorted(definitions),
    securityDefinitions: { BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } },
    security: [{ BearerToken: [] }],
  };
  return c.json;
}

const yamlAny = (v: unknown) => ({ yaml: `${JSON.stringify(v)}\n` });

function extensions(o: Json): Json[] {
  return Object.keys(o).filter((k) => k.startsWith('x-')).map((k) => ({ name: k, value: yamlAny(o[k]) }));
}

function schemaMsg(s: any): Json {
  if (!s || typeof s !== 'object') return {};
  const m: Json = {};
  if (s.$ref) m._ref = s.$ref;
  if (s.format) m.format = s.format;
  if (s.description) m.description = s.description;
  if (s.default !== undefined) m.default = yamlAny(s.default);
  if (s.required) m.required = s.required;
  if (s.enum) m.enum = s.enum.map(yamlAny);
  if (s.additionalProperties !== undefined) {
    m.additional_properties = typeof s.additionalProperties === 'boolean' ? { boolean: s.additionalProperties } : { schema: schemaMsg(s.additionalProperties) };
  }
  if (s.type) m.type = { value: [s.type] };
  if (s.items) m.items = { schema: [schemaMsg(s.items)] };
  if (s.allOf) m.all_of = s.allOf.map(schemaMsg);
  if (s.properties) m.properties = { additional_properties: Object.entries(s.properties).map(([name, v]) => ({ name, value: schemaMsg(v) })) };
  if (s.readOnly) m.read_only = true;
  const ext = extensions(s);
  if (ext.length) m.vendor_extension = ext;
  return m;
}

function paramMsg(p: Json): Json {
  if (p.in === 'body') return { parameter: { body_parameter: { name: p.name, in: 'body', required: !!p.required, description: p.description ?? '', schema: schemaMsg(p.schema) } } };
  const sub = { required: !!p.required, in: p.in, description: p.description ?? '', name: p.name, type: p.type, unique_items: true };
  return { parameter: { non_body_parameter: p.in === 'path' ? { path_parameter_sub_schema: sub } : { query_parameter_sub_schema: sub } } };
}

function operationMsg(op: Json): Json {
  return {
    tags: op.tags, description: op.description, operation_id: op.operationId, produces: op.produces, consumes: op.consumes,
    parameters: (op.parameters ?? []).map(paramMsg), schemes: op.schemes,
    responses: { response_code: Object.entries<any>(op.responses).map(([name, r]) => ({ name, value: { response: { description: r.description, ...(r.schema ? { schema: { schema: schemaMsg(r.schema) } } : {}) } } })) },
    vendor_extension: extensions(op),
  };
}

/** The v2 document as gnostic's openapi_v2.Document protobuf; built once per registry state. */
export function openApiV2Protobuf(registry: Registry): Buffer {
  const c = cacheOf(registry);
  if (c.proto) return c.proto;
  const doc = openApiV2Document(registry);
  const msg = {
    swagger: doc.swagger,
    info: doc.info,
    paths: { path: Object.entries<any>(doc.paths).map(([name, item]) => {
      const value: Json = {};
      for (const [k, v] of Object.entries<any>(item)) {
        if (k === 'parameters') value.parameters = v.map(paramMsg);
        else value[k] = operationMsg(v);
      }
      return { name, value };
    }) },
    definitions: { additional_properties: Object.entries(doc.definitions).map(([name, s]) => ({ name, value: schemaMsg(s) })) },
    security: [{ additional_properties: [{ name: 'BearerToken', value: { value: [] } }] }],
    security_definitions: { additional_properties: [{ name: 'BearerToken', value: { api_key_security: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } } }] },
  };
  const t = docType();
  c.proto = Buffer.from(t.encode(msg as any).finish());
  return c.proto;
}

/** Decodes what openApiV2Protobuf wrote (tests, debugging). */
export function decodeOpenApiV2Protobuf(buf: Uint8Array): Json {
  const t = docType();
  return t.toObject(t.decode(buf), { defaults: false, arrays: true }) as Json;
}
