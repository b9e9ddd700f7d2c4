// Create and update: the write pipeline every mutating verb ends in. Order as in Kubernetes:
// decode (built-in kinds: schema types/unknown fields) → system fields → strategy (status
// reset/preserve, generation) → defaulting → admission → validation (semantic; custom
// resources: schema) → managedFields → store (CAS).
// Nothing is stored when a step fails. Not here: patch computation (patchVerb.ts), delete.
import { randomUUID } from 'node:crypto';
import { ApiError, badRequest, conflict, forbidden, invalid, notFound } from '../api/errors';
import type { ApiRequest } from './request';
import type { KubeObject, StatusCause } from '../api/types';
import { afterWrite, keyFor, runAdmission, storeErrorToApi, type ServerContext } from './context';
import type { ResourceDef } from './registryTypes';
import { patchEngines } from './seams';
import { cloneJson, jsonEqual } from './patch/json';

export interface WriteOpts {
  dryRun: boolean;
  fieldManager?: string;
  /** The manager of an Update without fieldManager: the User-Agent's product name, as Kubernetes takes it. */
  userAgentManager?: string;
  fieldValidation: 'Ignore' | 'Warn' | 'Strict';
  subresource?: string;
  /** Set by server-side apply: managedFields already computed. */
  managedFieldsDone?: boolean;
  warnings: string[];
}

const nowIso = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const GEN_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' prefixFromUserAgent: `kubectl/v1.32.4 (linux/amd64) kubernetes/…` → `kubectl`. */
function managerFromUserAgent(ua: string | undefined): string | undefined {
  if (!ua) return undefined;
  const name = [...ua.split('/')[0]].filter((c) => c >= ' ' && c !== '\x7f').join('').slice(0, 128);
  return name || undefined;
}

/** Write options from a request's query (dryRun, fieldManager, fieldValidation) and User-Agent. */
export function writeOptsFrom(req: Pick<ApiRequest, 'query' | 'userAgent'>): WriteOpts {
  const q = req.query;
  const dr = q.getAll('dryRun');
  if (dr.some((d) => d !== 'All')) throw badRequest(`dryRun: Unsupported value: "${dr.find((d) => d !== 'All')}": supported values: "All"`);
  const fv = q.get('fieldValidation') ?? 'Warn';
  if (!['Ignore', 'Warn', 'Strict'].includes(fv)) throw badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  return { dryRun: dr.length > 0, fieldManager: q.get('fieldManager') ?? undefined, userAgentManager: managerFromUserAgent(req.userAgent), fieldValidation: fv as WriteOpts['fieldValidation'], warnings: [] };
}

export function checkTypeMeta(def: ResourceDef, obj: unknown): asserts obj is KubeObject {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw badRequest('the object provided is unrecognized (must be a JSON object)');
  const o = obj as KubeObject;
  if (o.apiVersion && o.apiVersion !== def.apiVersion) {
    throw badRequest(`the API version in the data (${o.apiVersion}) does not match the expected API version (${def.apiVersion})`);
  }
  if (o.kind && o.kind !== def.kind) throw badRequest(`the kind in the data (${o.kind}) does not match the expected kind (${def.kind})`);
  if (o.metadata !== undefined && (typeof o.metadata !== 'object' || o.metadata === null || Array.isArray(o.metadata))) {
    throw badRequest(`json: cannot unmarshal ${Array.isArray(o.metadata) ? 'array' : typeof o.metadata} into Go struct field ${def.kind}.metadata of type v1.ObjectMeta`);
  }
  o.apiVersion = def.apiVersion;
  o.kind = def.kind;
  o.metadata ??= {};
}

function defaultManager(): string { return 'unknown'; }

/**
 * Decoding against the kind's schema (through the registry, when it offers it): unknown
 * fields are dropped, and are a 400 with fieldValidation=Strict or Warning headers with Warn;
 * wrong types are a 400 decode error for built-in kinds and 422 causes for custom resources.
 */
function schemaValidate(sc: ServerContext, def: ResourceDef, obj: KubeObject, opts: WriteOpts): StatusCause[] {
  const v = sc.registryModule?.validateAgainstSchema;
  const schema = def.schema;
  if (!v || !schema) return [];
  const crd = !def.definition;
  const { errors, unknownFields } = v(obj, schema, opts.fieldValidation, { crd, prune: true });
  const prefix = `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}`;
  if (unknownFields.length && opts.fieldValidation === 'Strict') {
    throw badRequest(`${prefix}: strict decoding error: ${unknownFields.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`);
  }
  if (unknownFields.length && opts.fieldValidation === 'Warn') {
    for (const f of unknownFields) opts.warnings.push(`unknown field ${JSON.stringify(f)}`);
  }
  if (errors.length && !crd) throw badRequest(`${prefix}: ${errors[0].message ?? ''}`, errors);
  return errors;
}

// ObjectMeta's maps and lists are `omitempty` in Go, so a decoded object never keeps them
// empty: `kubectl diff` (whose patch sends `annotations: {}`), removing the last label or an
// orphaning GC would otherwise leave `{}`/`[]` that a real server drops.
const OMITEMPTY_META = ['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields'] as const;
function dropEmptyMetadata(obj: KubeObject): void {
  const m = obj.metadata as Record<string, unknown>;
  for (const k of OMITEMPTY_META) {
    const v = m[k];
    if (v === null || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v as object).length === 0)) delete m[k];
  }
}

/**
 * A built-in kind's body is decoded (JSON types, unknown fields) before defaulting or
 * admission read it, as Go's decoder runs first: `image: true` is a 400, not a crash in
 * defaulting. Custom resources are checked after their schema defaults (validateAll).
 */
function decodeBuiltIn(sc: ServerContext, def: ResourceDef, obj: KubeObject, opts: WriteOpts): void {
  if (def.definition) schemaValidate(sc, def, obj, opts);
}

function validateAll(sc: ServerContext, def: ResourceDef, obj: KubeObject, old: KubeObject | undefined, opts: WriteOpts): void {
  dropEmptyMetadata(obj);
  const causes = [...(def.definition ? [] : schemaValidate(sc, def, obj, opts)), ...(def.validate?.(obj, old) ?? [])];
  const bad = causes.filter((c) => c.reason !== 'FieldValueBadRequest');
  if (causes.length && !bad.length) throw badRequest(causes.map((c) => `${c.field}: ${c.message}`).join(', '), causes);
  if (bad.length) throw invalid(def.kind, def.group, obj.metadata.name ?? '', bad);
}

function setManagedFields(def: ResourceDef, old: KubeObject | undefined, obj: KubeObject, opts: WriteOpts): void {
  if (opts.managedFieldsDone) return;
  const mf = patchEngines().updateManagedFields(old, obj, {
    manager: opts.fieldManager ?? opts.userAgentManager ?? defaultManager(), operation: 'Update', schema: def.schema, apiVersion: def.apiVersion, now: nowIso(),
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
  });
  if (mf && mf.length) obj.metadata.managedFields = mf; else delete obj.metadata.managedFields;
}

export function checkNamespace(sc: ServerContext, def: ResourceDef, namespace: string | undefined): void {
  if (!def.namespaced) return;
  const ns = sc.store.get(`/registry/namespaces/${namespace}`)?.value as KubeObject | undefined;
  if (!ns) throw notFound('namespaces', namespace ?? '', '', 'namespaces');
  if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
    throw forbidden(`${def.plural === 'pods' ? 'pods' : def.gr} "${'%NAME%'}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      { name: '', group: def.group, kind: def.plural, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }] });
  }
}

function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: undefined, status: undefined, apiVersion: undefined, kind: undefined });
  return !jsonEqual(strip(a), strip(b));
}

export async function createObject(sc: ServerContext, def: ResourceDef, namespace: string | undefined, body: unknown, opts: WriteOpts): Promise<KubeObject> {
  checkTypeMeta(def, body);
  const obj = body;
  decodeBuiltIn(sc, def, obj, opts);
  const m = obj.metadata;
  if (def.namespaced) {
    if (m.namespace && namespace && m.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    m.namespace = namespace ?? m.namespace;
    if (!m.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  } else delete m.namespace;
  if (!m.name && m.generateName) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += GEN_CHARS[Math.floor(Math.random() * GEN_CHARS.length)];
    m.name = m.generateName + suffix;
  }
  if (!m.name) throw invalid(def.kind, def.group, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
  try { checkNamespace(sc, def, m.namespace); } catch (e) {
    if (e instanceof ApiError && e.code === 403) throw new ApiError(403, 'Forbidden', e.message.replace('%NAME%', m.name), { ...e.details, name: m.name });
    throw e;
  }
  m.uid = randomUUID();
  m.creationTimestamp = nowIso();
  delete m.resourceVersion; delete m.deletionTimestamp; delete m.deletionGracePeriodSeconds;
  if (def.strategy?.bumpGenerationOnSpecChange !== false) m.generation = 1;
  def.defaults?.(obj);
  if (def.strategy?.resetStatusOnCreate) delete obj.status;
  if (def.prepareForCreate) def.prepareForCreate(obj);
  // Pod PrepareForCreate (when the registry has none): every new pod starts Pending.
  else if (def.gr === 'pods') obj.status = { ...(obj.status ?? {}), phase: obj.status?.phase ?? 'Pending' };
  if (def.kind === 'Namespace' && def.group === '') {
    obj.spec = { ...(obj.spec ?? {}), finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
  }
  if (!opts.managedFieldsDone) delete m.managedFields;
  const run = await runAdmission(sc, def, 'CREATE', { namespace: m.namespace, name: m.name, dryRun: opts.dryRun, object: obj });
  try {
    validateAll(sc, def, obj, undefined, opts);
    setManagedFields(def, undefined, obj, opts);
    if (opts.dryRun) { afterWrite(run, true); return obj; }
    const stored = await sc.store.create(keyFor(def, m.namespace, m.name), toStorage(def, obj));
    afterWrite(run, true);
    return fromStorage(def, stored.value);
  } catch (e) {
    afterWrite(run, false);
    throw storeErrorToApi(e, def, m.name);
  }
}

export interface UpdateArgs {
  namespace: string | undefined;
  name: string;
  /** Computes the object to store from the current one (a copy). */
  mutate(current: KubeObject): KubeObject | Promise<KubeObject>;
  opts: WriteOpts;
  /** Creates when absent (server-side apply); returns undefined to 404. */
  createIfMissing?(): Promise<KubeObject> | undefined;
}

/** Update with optimistic concurrency: retries the mutate on a racing write unless the body pinned a resourceVersion. */
export async function updateObject(sc: ServerContext, def: ResourceDef, a: UpdateArgs): Promise<{ obj: KubeObject; created?: boolean }> {
  const key = keyFor(def, a.namespace, a.name);
  for (let attempt = 0; ; attempt++) {
    const cur = sc.store.get(key);
    if (!cur) {
      const c = a.createIfMissing?.();
      if (c) return { obj: await c, created: true };
      throw notFound(def.gr, a.name, def.group, def.plural);
    }
    const old = fromStorage(def, cur.value);
    const next = await a.mutate(cloneJson(old));
    checkTypeMeta(def, next);
    decodeBuiltIn(sc, def, next, a.opts);
    const pinned = next.metadata.resourceVersion;
    if (pinned && pinned !== old.metadata.resourceVersion) throw conflict(def.gr, a.name, undefined, def.group, def.plural);
    if (next.metadata.name && next.metadata.name !== a.name) throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${a.name})`);
    if (def.namespaced && next.metadata.namespace && next.metadata.namespace !== a.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    try {
      return { obj: await finishUpdate(sc, def, key, old, next, cur.modRevision, a.opts) };
    } catch (e) {
      const err = storeErrorToApi(e, def, a.name);
      if (err.reason === 'Conflict' && !pinned && attempt < 5 && !(e instanceof ApiError)) continue;
      throw err;
    }
  }
}

async function finishUpdate(sc: ServerContext, def: ResourceDef, key: string, old: KubeObject, next: KubeObject, rev: number, opts: WriteOpts): Promise<KubeObject> {
  const m = next.metadata;
  const om = old.metadata;
  m.name = om.name; m.uid = om.uid; m.creationTimestamp = om.creationTimestamp;
  if (def.namespaced) m.namespace = om.namespace; else delete m.namespace;
  m.resourceVersion = om.resourceVersion;
  if (om.deletionTimestamp) {
    m.deletionTimestamp = om.deletionTimestamp;
    if (om.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
    const added = (m.finalizers ?? []).filter((f) => !(om.finalizers ?? []).includes(f));
    if (added.length) {
      throw invalid(def.kind, def.group, om.name ?? '', [{ reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}` }]);
    }
  } else { delete m.deletionTimestamp; delete m.deletionGracePeriodSeconds; }
  if (opts.subresource === 'status') {
    const status = next.status;
    next = { ...cloneJson(old), status };
    // Status writers may still maintain labels/annotations? Kubernetes ignores metadata here.
    next.metadata.managedFields = m.managedFields;
  } else if (!opts.subresource && def.strategy?.preserveStatusOnUpdate && def.subresources?.status) {
    if (old.status === undefined) delete next.status; else next.status = cloneJson(old.status);
  }
  if (def.strategy?.bumpGenerationOnSpecChange !== false) {
    next.metadata.generation = (om.generation ?? 1) + (specChanged(old, next) ? 1 : 0);
  }
  def.defaults?.(next);
  const run = await runAdmission(sc, def, 'UPDATE', { subresource: opts.subresource, namespace: om.namespace, name: om.name, dryRun: opts.dryRun, object: next, oldObject: old });
  try {
    validateAll(sc, def, next, old, opts);
    setManagedFields(def, old, next, opts);
    if (jsonEqual(stripMF(old), stripMF(next)) && sameMF(old, next)) { afterWrite(run, true); return old; }
    if (opts.dryRun) { afterWrite(run, true); return next; }
    const done = next.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length && deletable(def, next);
    const stored = done ? await sc.store.delete(key, rev) : await sc.store.update(key, toStorage(def, next), rev);
    afterWrite(run, true);
    return fromStorage(def, stored.value);
  } catch (e) {
    afterWrite(run, false);
    throw e;
  }
}

/** A pod waiting out its grace period stays until the kubelet deletes it with grace 0. */
function deletable(def: ResourceDef, o: KubeObject): boolean {
  if (def.gr === 'pods') return o.metadata.deletionGracePeriodSeconds === 0 || !o.spec?.nodeName;
  if (def.gr === 'namespaces') return !(o.spec?.finalizers ?? []).length;
  return true;
}

function stripMF(o: KubeObject): KubeObject {
  const meta = { ...o.metadata };
  delete meta.managedFields;
  return { ...o, metadata: meta };
}
function sameMF(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => (o.metadata.managedFields ?? []).map(({ time: _t, ...e }) => e);
  return jsonEqual(strip(a), strip(b));
}

export { nowIso };

/**
 * A non-preferred version (HPA autoscaling/v1) is stored as the preferred one, and
 * events.k8s.io Events as core Events; only such defs carry the conversions.
 */
export function toStorage(def: ResourceDef, o: KubeObject): KubeObject {
  return def.toStorage ? def.toStorage(o) : o;
}
export function fromStorage(def: ResourceDef, o: KubeObject): KubeObject {
  return def.fromStorage ? def.fromStorage(cloneJson(o)) : o;
}
