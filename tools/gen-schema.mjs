// Generates src/cluster/registry/generated/definitions.json: the OpenAPI (v3-style) schema
// definitions of the built-in kinds, from the `kubernetes-types` .d.ts files (descriptions
// from JSDoc, required = properties without `?`), parsed with the TypeScript compiler API.
// Adds what the .d.ts files cannot say: int-or-string, quantities, date-times, preserved
// unknown fields, group-version-kinds, JSONSchemaProps' x-kubernetes-* extensions, and the
// strategic-merge list metadata from the table in gen-schema-merge.mjs. Deterministic
// (sorted keys) and offline. Run by `npm run prepare`.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const root = dirname(fileURLToPath(import.meta.url));
const typesDir = dirname(require.resolve('kubernetes-types/package.json'));
// GEN_SCHEMA_OUT lets tests generate elsewhere (determinism check) without touching the real output.
const outFile = process.env.GEN_SCHEMA_OUT || join(root, '..', 'src', 'cluster', 'registry', 'generated', 'definitions.json');

/** The kubernetes-types modules of every group the registry serves, plus what they reference. */
const MODULES = [
  'meta/v1', 'runtime', 'api/resource', 'version',
  'core/v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'autoscaling/v2', 'networking/v1',
  'discovery/v1', 'storage/v1', 'coordination/v1', 'events/v1', 'policy/v1', 'apiextensions/v1',
  'rbac/v1', 'scheduling/v1',
];

const REF = '#/components/schemas/';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

// Strategic-merge and list metadata of the well-known list fields (Kubernetes' struct tags
// `patchStrategy`/`patchMergeKey` and `+listType`/`+listMapKey` markers), by definition.field.
const merge = (key, mapKeys = [key]) => ({ 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': mapKeys });
const atomic = { 'x-kubernetes-list-type': 'atomic' };
const C = 'io.k8s.api.core.v1';
const M = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const containerLists = (d) => ({
  [`${d}.ports`]: merge('containerPort', ['containerPort', 'protocol']),
  [`${d}.env`]: merge('name'),
  [`${d}.volumeMounts`]: merge('mountPath'),
  [`${d}.volumeDevices`]: merge('devicePath'),
  [`${d}.envFrom`]: atomic, [`${d}.command`]: atomic, [`${d}.args`]: atomic, [`${d}.resizePolicy`]: atomic,
});
const conditions = (d, listType = 'map') => ({ [`${d}.conditions`]: listType === 'map' ? merge('type') : { 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'atomic' } });
const LIST_METADATA = {
  [`${C}.PodSpec.containers`]: merge('name'),
  [`${C}.PodSpec.initContainers`]: merge('name'),
  [`${C}.PodSpec.ephemeralContainers`]: merge('name'),
  [`${C}.PodSpec.volumes`]: { ...merge('name'), 'x-kubernetes-patch-strategy': 'merge,retainKeys' },
  [`${C}.PodSpec.imagePullSecrets`]: merge('name'),
  [`${C}.PodSpec.hostAliases`]: merge('ip'),
  [`${C}.PodSpec.tolerations`]: atomic,
  [`${C}.PodSpec.readinessGates`]: atomic,
  [`${C}.PodSpec.topologySpreadConstraints`]: merge('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
  [`${C}.PodSpec.resourceClaims`]: { ...merge('name'), 'x-kubernetes-patch-strategy': 'merge,retainKeys' },
  [`${C}.PodSpec.schedulingGates`]: merge('name'),
  ...containerLists(`${C}.Container`),
  ...containerLists(`${C}.EphemeralContainer`),
  ...conditions(`${C}.PodStatus`),
  [`${C}.PodStatus.podIPs`]: merge('ip'),
  [`${C}.PodStatus.hostIPs`]: { 'x-kubernetes-patch-merge-key': 'ip', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'atomic' },
  [`${C}.PodStatus.containerStatuses`]: atomic,
  [`${C}.PodStatus.initContainerStatuses`]: atomic,
  [`${C}.PodStatus.ephemeralContainerStatuses`]: atomic,
  [`${M}.ObjectMeta.finalizers`]: { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' },
  [`${M}.ObjectMeta.ownerReferences`]: merge('uid'),
  [`${M}.ObjectMeta.managedFields`]: atomic,
  [`${M}.LabelSelector.matchExpressions`]: atomic,
  [`${C}.ServiceSpec.ports`]: merge('port', ['port', 'protocol']),
  [`${C}.ServiceSpec.externalIPs`]: atomic,
  [`${C}.ServiceSpec.clusterIPs`]: atomic,
  [`${C}.ServiceSpec.ipFamilies`]: atomic,
  ...conditions(`${C}.ServiceStatus`),
  ...conditions(`${C}.NodeStatus`),
  [`${C}.NodeStatus.addresses`]: merge('type'),
  [`${C}.NodeStatus.images`]: atomic,
  [`${C}.NodeStatus.volumesAttached`]: atomic,
  [`${C}.NodeSpec.taints`]: atomic,
  [`${C}.NodeSpec.podCIDRs`]: { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' },
  ...conditions(`${C}.NamespaceStatus`),
  ...conditions(`${C}.PersistentVolumeClaimStatus`),
  [`${C}.PersistentVolumeSpec.accessModes`]: atomic,
  [`${C}.PersistentVolumeClaimSpec.accessModes`]: atomic,
  [`${C}.ServiceAccount.secrets`]: merge('name'),
  [`${C}.ServiceAccount.imagePullSecrets`]: atomic,
  [`${C}.Endpoints.subsets`]: atomic,
  ...conditions(`${C}.ReplicationControllerStatus`),
  ...conditions('io.k8s.api.apps.v1.DeploymentStatus'),
  ...conditions('io.k8s.api.apps.v1.ReplicaSetStatus'),
  ...conditions('io.k8s.api.apps.v1.StatefulSetStatus'),
  ...conditions('io.k8s.api.apps.v1.DaemonSetStatus'),
  [`io.k8s.api.apps.v1.StatefulSetSpec.volumeClaimTemplates`]: atomic,
  ...conditions('io.k8s.api.batch.v1.JobStatus', 'atomic'),
  [`io.k8s.api.batch.v1.CronJobStatus.active`]: atomic,
  ...conditions('io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus'),
  [`io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec.metrics`]: atomic,
  [`io.k8s.api.discovery.v1.EndpointSlice.endpoints`]: atomic,
  [`io.k8s.api.discovery.v1.EndpointSlice.ports`]: atomic,
  [`io.k8s.api.networking.v1.IngressSpec.rules`]: atomic,
  [`io.k8s.api.networking.v1.IngressSpec.tls`]: atomic,
  [`io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec.versions`]: atomic,
};

/** int64 fields (Kubernetes' Go types); every other integer is int32. */
const INT64_FIELDS = new Set([
  'generation', 'observedGeneration', 'deletionGracePeriodSeconds', 'terminationGracePeriodSeconds',
  'activeDeadlineSeconds', 'runAsUser', 'runAsGroup', 'fsGroup', 'supplementalGroups', 'revision',
  'remainingItemCount', 'expirationSeconds', 'startingDeadlineSeconds', 'tolerationSeconds', 'gracePeriodSeconds',
  'maxItems', 'minItems', 'maxLength', 'minLength', 'maxProperties', 'minProperties', 'count',
]);
/** The few real floats. */
const FLOAT_FIELDS = new Set(['maximum', 'minimum', 'multipleOf']);

// metrics.k8s.io/v1beta1 is not in kubernetes-types: described here.
const MV = 'io.k8s.metrics.pkg.apis.metrics.v1beta1';
const ref = (n) => ({ allOf: [{ $ref: REF + n }] });
const quantities = { type: 'object', additionalProperties: { $ref: REF + 'io.k8s.apimachinery.pkg.api.resource.Quantity' } };
const metricsKind = (kind, extra, description) => ({
  description,
  type: 'object',
  properties: {
    apiVersion: { type: 'string', enum: ['metrics.k8s.io/v1beta1'], description: 'APIVersion defines the versioned schema of this representation of an object.' },
    kind: { type: 'string', enum: [kind], description: 'Kind is a string value representing the REST resource this object represents.' },
    metadata: { ...ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), description: "Standard object's metadata." },
    timestamp: { ...ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time'), description: 'The following fields define time interval from which metrics were collected from the interval [Timestamp-Window, Timestamp].' },
    window: { type: 'string', description: 'Duration of the interval over which the metrics were collected.' },
    ...extra,
  },
  required: ['timestamp', 'window', ...Object.keys(extra)].sort(),
  'x-kubernetes-group-version-kind': [{ group: 'metrics.k8s.io', kind, version: 'v1beta1' }],
});
const METRICS_DEFINITIONS = {
  [`${MV}.NodeMetrics`]: metricsKind('NodeMetrics', { usage: { ...quantities, description: 'The memory usage is the memory working set.' } }, 'NodeMetrics sets resource usage metrics of a node.'),
  [`${MV}.PodMetrics`]: metricsKind('PodMetrics', { containers: { type: 'array', items: { $ref: `${REF}${MV}.ContainerMetrics` }, description: 'Metrics for all containers are collected within the same time window.' } }, 'PodMetrics sets resource usage metrics of a pod.'),
  [`${MV}.ContainerMetrics`]: {
    description: 'ContainerMetrics sets resource usage metrics of a container.',
    type: 'object',
    properties: {
      name: { type: 'string', description: 'Container name corresponding to the one from pod.spec.containers.' },
      usage: { ...quantities, description: 'The memory usage is the memory working set.' },
    },
    required: ['name', 'usage'],
  },
};

// kubernetes-types leaves JSONSchemaProps' `x-kubernetes-*` extensions out of its interface,
// yet nearly every real CRD uses them; without them strict decoding (kubectl's default)
// rejects the CRD and a lenient decode drops them. Added here with their Go types' shapes.
const JSP = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps';
const JSON_SCHEMA_EXTENSIONS = {
  'x-kubernetes-embedded-resource': { type: 'boolean', description: 'The value is a whole Kubernetes object: apiVersion, kind and metadata are validated as such. Needs type: object and x-kubernetes-preserve-unknown-fields or properties.' },
  'x-kubernetes-int-or-string': { type: 'boolean', description: 'The value is either an integer or a string (like a port that may be named).' },
  'x-kubernetes-list-map-keys': { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic', description: 'For x-kubernetes-list-type: map, the item fields that identify an item (each a required scalar).' },
  'x-kubernetes-list-type': { type: 'string', description: 'How a list is merged and owned: atomic (the default, replaced whole), set (unique scalars), or map (items keyed by x-kubernetes-list-map-keys).' },
  'x-kubernetes-map-type': { type: 'string', description: 'How an object is merged and owned: granular (the default, field by field) or atomic (replaced whole).' },
  'x-kubernetes-preserve-unknown-fields': { type: 'boolean', description: 'Fields not named in the schema are kept instead of pruned; applies to this node, not to nested properties that have their own schema.' },
  'x-kubernetes-validations': {
    type: 'array', items: { $ref: REF + 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule' },
    'x-kubernetes-list-map-keys': ['rule'], 'x-kubernetes-list-type': 'map', 'x-kubernetes-patch-merge-key': 'rule', 'x-kubernetes-patch-strategy': 'merge',
    description: 'Validation rules written in CEL, each with the message returned when it evaluates to false.',
  },
};

function prefixOf(mod) {
  if (mod === 'meta/v1') return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (mod === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  if (mod === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  if (mod === 'version') return 'io.k8s.apimachinery.pkg.version';
  if (mod === 'apiextensions/v1') return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
  return `io.k8s.api.${mod.replace('/', '.')}`;
}

/** Named types whose schema is not their TypeScript shape. */
function specialDefinition(name, description) {
  const d = description ? { description } : {};
  switch (name) {
    case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
      return { ...d, 'x-kubernetes-int-or-string': true };
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.Time':
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime':
      return { ...d, type: 'string', format: 'date-time' };
    case 'io.k8s.apimachinery.pkg.runtime.RawExtension':
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1':
      return { ...d, type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON':
    case 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray':
    case 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool':
    case 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray':
      return { ...d, 'x-kubernetes-preserve-unknown-fields': true };
    default:
      return undefined;
  }
}

function jsDocOf(node) {
  const docs = node.jsDoc;
  if (!docs || !docs.length) return undefined;
  const c = docs[docs.length - 1].comment;
  const text = typeof c === 'string' ? c : c ? ts.getTextOfJSDocComment(c) : undefined;
  return text ? text.trim() : undefined;
}

class ModuleScope {
  constructor(mod, sf) {
    this.mod = mod;
    this.prefix = prefixOf(mod);
    this.imports = new Map();
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !st.importClause?.namedBindings) continue;
      const spec = st.moduleSpecifier.text;
      const target = relative(typesDir, join(typesDir, dirname(mod), spec)).replace(/\\/g, '/');
      for (const el of st.importClause.namedBindings.elements ?? []) this.imports.set(el.name.text, prefixOf(target));
    }
  }
  qualify(name) {
    return `${this.imports.get(name) ?? this.prefix}.${name}`;
  }
}

function isIntOrString(t) {
  if (!ts.isUnionTypeNode(t)) return false;
  const kinds = t.types.map((x) => x.kind).sort();
  return kinds.length === 2 && kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword);
}

/** Schema of a type node; `field` is the property name (number formats are guessed from it). */
function typeSchema(t, scope, field) {
  switch (t.kind) {
    case ts.SyntaxKind.StringKeyword: return { type: 'string' };
    case ts.SyntaxKind.BooleanKeyword: return { type: 'boolean' };
    case ts.SyntaxKind.NumberKeyword:
      if (FLOAT_FIELDS.has(field)) return { type: 'number', format: 'double' };
      return { type: 'integer', format: INT64_FIELDS.has(field) ? 'int64' : 'int32' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return { 'x-kubernetes-preserve-unknown-fields': true };
  }
  if (ts.isParenthesizedTypeNode(t)) return typeSchema(t.type, scope, field);
  if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return { type: 'string', enum: [t.literal.text] };
  if (isIntOrString(t)) return { $ref: REF + INT_OR_STRING };
  if (ts.isUnionTypeNode(t)) {
    if (t.types.every((x) => ts.isLiteralTypeNode(x) && ts.isStringLiteral(x.literal))) {
      return { type: 'string', enum: t.types.map((x) => x.literal.text) };
    }
    return { 'x-kubernetes-preserve-unknown-fields': true };
  }
  if (ts.isArrayTypeNode(t)) return { type: 'array', items: typeSchema(t.elementType, scope, field) };
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText();
    if (name === 'Array' && t.typeArguments?.length === 1) return { type: 'array', items: typeSchema(t.typeArguments[0], scope, field) };
    if (name === 'Record' && t.typeArguments?.length === 2) return { type: 'object', additionalProperties: typeSchema(t.typeArguments[1], scope, field) };
    return { $ref: REF + scope.qualify(name) };
  }
  if (ts.isTypeLiteralNode(t)) {
    const idx = t.members.find((m) => ts.isIndexSignatureDeclaration(m));
    if (idx) return { type: 'object', additionalProperties: typeSchema(idx.type, scope, field) };
    return objectSchema(t.members, scope);
  }
  return { 'x-kubernetes-preserve-unknown-fields': true };
}

function objectSchema(members, scope, defName) {
  const properties = {};
  const required = [];
  for (const m of members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const name = m.name.getText().replace(/^["']|["']$/g, '');
    let s = typeSchema(m.type, scope, name);
    const doc = jsDocOf(m);
    // A field naming another definition keeps its own description next to the $ref, as Kubernetes' v3 documents do.
    if (s.$ref) s = doc ? { allOf: [s], description: doc } : { allOf: [s] };
    else if (doc) s.description = doc;
    if (m.modifiers?.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword)) s.readOnly = true;
    const extra = defName && LIST_METADATA[`${defName}.${name}`];
    if (extra) Object.assign(s, extra);
    properties[name] = s;
    if (!m.questionToken) required.push(name);
  }
  const out = { type: 'object', properties };
  if (required.length) out.required = required.sort();
  return out;
}

function gvkOf(members) {
  const lit = (n) => {
    const m = members.find((x) => ts.isPropertySignature(x) && x.name.getText() === n);
    return m?.type && ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal) ? m.type.literal.text : undefined;
  };
  const apiVersion = lit('apiVersion');
  const kind = lit('kind');
  if (!apiVersion || !kind) return undefined;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return [{ group, kind, version }];
}

function generate() {
  const defs = {};
  for (const mod of MODULES) {
    const file = join(typesDir, `${mod}.d.ts`);
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const scope = new ModuleScope(mod, sf);
    for (const st of sf.statements) {
      if (!ts.isInterfaceDeclaration(st) && !ts.isTypeAliasDeclaration(st)) continue;
      const name = `${scope.prefix}.${st.name.text}`;
      const description = jsDocOf(st);
      let def = specialDefinition(name, description);
      if (!def && ts.isInterfaceDeclaration(st)) {
        if (st.members.length === 0) def = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
        else {
          def = objectSchema(st.members, scope, name);
          const gvk = gvkOf(st.members);
          if (gvk) def['x-kubernetes-group-version-kind'] = gvk;
        }
        if (description) def.description = description;
      }
      if (!def) def = { ...typeSchema(st.type, scope, st.name.text), ...(description ? { description } : {}) };
      defs[name] = def;
    }
  }
  defs[INT_OR_STRING] = {
    description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  };
  Object.assign(defs, METRICS_DEFINITIONS);
  Object.assign(defs[JSP].properties, JSON_SCHEMA_EXTENSIONS);
  return sortKeys(defs);
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

const started = Date.now();
const defs = generate();
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(defs));
console.log(`gen-schema: ${Object.keys(defs).length} definitions → ${relative(process.cwd(), outFile)} in ${Date.now() - started} ms`);
