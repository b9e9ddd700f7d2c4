// OpenAPI path items for one resource, shaped like Kubernetes' own: list/create/deletecollection
// on the collection, get/put/patch/delete on the object, get/put/patch on /status and /scale,
// POST on pods' /binding and /eviction, and the all-namespaces list. PATCH and PUT carry
// `x-kubernetes-group-version-kind` and the `fieldValidation` query parameter, which is what
// kubectl checks before leaving validation to the server.
import type { ResourceDef } from '../types';

const REF = '#/components/schemas/';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

type Param = Record<string, unknown>;

const q = (name: string, description: string, type = 'string'): Param =>
  ({ name, in: 'query', description, schema: { type, uniqueItems: true } });

const P = {
  pretty: q('pretty', "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget)."),
  dryRun: q('dryRun', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed'),
  fieldManager: q('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.'),
  fieldValidation: q('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.'),
  force: q('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.', 'boolean'),
  gracePeriodSeconds: q('gracePeriodSeconds', 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately.', 'integer'),
  propagationPolicy: q('propagationPolicy', "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground."),
  allowWatchBookmarks: q('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server\'s discretion.', 'boolean'),
  continue: q('continue', 'The continue option should be set when retrieving more results from the server.'),
  fieldSelector: q('fieldSelector', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  labelSelector: q('labelSelector', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  limit: q('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
  resourceVersion: q('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  resourceVersionMatch: q('resourceVersionMatch', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  timeoutSeconds: q('timeoutSeconds', 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.', 'integer'),
  watch: q('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.', 'boolean'),
};

const LIST_PARAMS = [P.allowWatchBookmarks, P.continue, P.fieldSelector, P.labelSelector, P.limit, P.resourceVersion, P.resourceVersionMatch, P.timeoutSeconds, P.watch];

const content = (ref: string, types = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']) =>
  Object.fromEntries(types.map((t) => [t, { schema: { $ref: REF + ref } }]));

const ok = (ref: string, codes: string[] = ['200']) => Object.fromEntries(codes.map((c) => [c, { description: c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK', content: content(ref) }]));
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

function opPrefix(group: string, version: string): string {
  const g = group === '' ? 'core' : group.split('.').filter((s) => s !== 'k8s' && s !== 'io').map((s, i) => (i === 0 ? s : s[0].toUpperCase() + s.slice(1))).join('');
  return `${g[0].toUpperCase()}${g.slice(1)}${version[0].toUpperCase()}${version.slice(1)}`;
}

export function tagOf(group: string, version: string): string {
  return `${group === '' ? 'core' : group.split('.')[0]}_${version}`;
}

/** The schema name of a resource's kind in the document. */
export function schemaNameOf(def: ResourceDef): string {
  if (def.definition) return def.definition;
  return `${def.group.split('.').reverse().join('.')}.${def.version}.${def.kind}`;
}

/** Path items of one resource, keyed by path. */
export function resourcePaths(def: ResourceDef, listSchema: string): Record<string, Record<string, unknown>> {
  const base = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  const gvk = { group: def.group, version: def.version, kind: def.kind };
  const schema = schemaNameOf(def);
  const tags = [tagOf(def.group, def.version)];
  const pfx = opPrefix(def.group, def.version);
  const ns = def.namespaced ? 'Namespaced' : '';
  const has = (v: string) => (def.verbs as string[]).includes(v);
  const collection = def.namespaced ? `${base}/namespaces/{namespace}/${def.plural}` : `${base}/${def.plural}`;
  const pathParams: Param[] = def.namespaced
    ? [{ name: 'namespace', in: 'path', description: 'object name and auth scope, such as for teams and projects', required: true, schema: { type: 'string', uniqueItems: true } }]
    : [];
  const nameParam = (what: string): Param => ({ name: 'name', in: 'path', description: `name of the ${what}`, required: true, schema: { type: 'string', uniqueItems: true } });
  const out: Record<string, Record<string, unknown>> = {};
  const op = (action: string, id: string, description: string, extra: Record<string, unknown>, kindGvk: object = gvk) =>
    ({ tags, description, operationId: id, ...extra, 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': kindGvk });
  const body = (ref: string, types = ['*/*']) => ({ requestBody: { content: Object.fromEntries(types.map((t) => [t, { schema: { $ref: REF + ref } }])), required: true } });

  const coll: Record<string, unknown> = { parameters: [...pathParams, P.pretty] };
  if (has('list')) coll.get = op('list', `list${pfx}${ns}${def.kind}`, `list or watch objects of kind ${def.kind}`, { parameters: LIST_PARAMS, responses: ok(listSchema) });
  if (has('create')) coll.post = op('post', `create${pfx}${ns}${def.kind}`, `create a ${def.kind}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation], ...body(schema), responses: ok(schema, ['200', '201', '202']) });
  if (has('deletecollection')) coll.delete = op('deletecollection', `delete${pfx}Collection${ns}${def.kind}`, `delete collection of ${def.kind}`, { parameters: [...LIST_PARAMS.filter((p) => p !== P.watch && p !== P.allowWatchBookmarks), P.dryRun, P.gracePeriodSeconds, P.propagationPolicy], ...body(`${META}.DeleteOptions`), responses: ok(`${META}.Status`) });
  out[collection] = coll;

  const item: Record<string, unknown> = { parameters: [nameParam(def.kind), ...pathParams, P.pretty] };
  if (has('get')) item.get = op('get', `read${pfx}${ns}${def.kind}`, `read the specified ${def.kind}`, { responses: ok(schema) });
  if (has('update')) item.put = op('put', `replace${pfx}${ns}${def.kind}`, `replace the specified ${def.kind}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation], ...body(schema), responses: ok(schema, ['200', '201']) });
  if (has('delete')) item.delete = op('delete', `delete${pfx}${ns}${def.kind}`, `delete a ${def.kind}`, { parameters: [P.dryRun, P.gracePeriodSeconds, P.propagationPolicy], ...body(`${META}.DeleteOptions`), responses: ok(`${META}.Status`, ['200', '202']) });
  if (has('patch')) item.patch = op('patch', `patch${pfx}${ns}${def.kind}`, `partially update the specified ${def.kind}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation, P.force], ...body(`${META}.Patch`, PATCH_TYPES), responses: ok(schema, ['200', '201']) });
  out[`${collection}/{name}`] = item;

  const sub = (name: string, ref: string, subGvk: object, what: string) => {
    out[`${collection}/{name}/${name}`] = {
      parameters: [nameParam(what), ...pathParams, P.pretty],
      get: op('get', `read${pfx}${ns}${def.kind}${cap(name)}`, `read ${name} of the specified ${def.kind}`, { responses: ok(ref) }, subGvk),
      put: op('put', `replace${pfx}${ns}${def.kind}${cap(name)}`, `replace ${name} of the specified ${def.kind}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation], ...body(ref), responses: ok(ref, ['200', '201']) }, subGvk),
      patch: op('patch', `patch${pfx}${ns}${def.kind}${cap(name)}`, `partially update ${name} of the specified ${def.kind}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation, P.force], ...body(`${META}.Patch`, PATCH_TYPES), responses: ok(ref, ['200', '201']) }, subGvk),
    };
  };
  if (def.subresources.status && !def.readOnly) sub('status', schema, gvk, def.kind);
  if (def.subresources.scale) sub('scale', 'io.k8s.api.autoscaling.v1.Scale', { group: 'autoscaling', version: 'v1', kind: 'Scale' }, 'Scale');
  for (const c of def.subresources.connect ?? []) {
    if (c === 'binding' || c === 'eviction') {
      const ref = c === 'binding' ? 'io.k8s.api.core.v1.Binding' : 'io.k8s.api.policy.v1.Eviction';
      const subGvk = c === 'binding' ? { group: '', version: 'v1', kind: 'Binding' } : { group: 'policy', version: 'v1', kind: 'Eviction' };
      out[`${collection}/{name}/${c}`] = {
        parameters: [{ name: 'name', in: 'path', description: `name of the ${subGvk.kind}`, required: true, schema: { type: 'string', uniqueItems: true } }, ...pathParams, P.pretty],
        post: op('post', `create${pfx}${ns}${def.kind}${cap(c)}`, `create ${c} of a ${def.kind}`, { parameters: [P.dryRun, P.fieldManager, P.fieldValidation], ...body(ref), responses: ok(ref, ['200', '201', '202']) }, subGvk),
      };
    }
  }
  if (def.namespaced && has('list')) {
    out[`${base}/${def.plural}`] = {
      parameters: [...LIST_PARAMS, P.pretty],
      get: op('list', `list${pfx}${def.kind}ForAllNamespaces`, `list or watch objects of kind ${def.kind}`, { responses: ok(listSchema) }),
    };
  }
  return out;
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
