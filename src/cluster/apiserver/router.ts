// The API server core: handle(request) → response. Routes discovery, OpenAPI and the REST
// verbs on resources and subresources; every failure becomes a meta/v1 Status. Used by the
// HTTPS front end (http.ts) and the in-process client alike.
import { ApiError, badRequest, internalError, methodNotAllowed } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { DeleteOptions } from '../client/types';
import type { ServerContext } from './context';
import { onCrdChange } from './crds';
import { decodeBody, decodePatchBody, mediaType, patchTypeOf } from './decode';
import { deleteObject, successStatus } from './deleteVerb';
import { discovery } from './discovery';
import { openApi } from './openapi';
import { health } from './health';
import { patchObject } from './patchVerb';
import { getObject, listObjects, startWatch } from './reads';
import { parseSendInitialEvents, validateListOptions } from './listOptions';
import type { ApiRequest, ApiResponse } from './request';
import { parseResourcePath, type ResourcePath } from './resourcePath';
import { bindPod, evictPod, finalizeNamespace, patchScale, toScale, writeScale } from './subresources';
import { requestToken } from './tokenRequest';
import { review } from './reviews';
import { componentStatuses } from './componentStatuses';
import { tableVersion, toScaleTable, toTable, wantsTable, type IncludeObject } from './table';
import { createObject, updateObject, writeOptsFrom } from './writes';
import { cloneJson } from './patch/json';

export const VERSION = {
  major: '1', minor: '32', gitVersion: 'v1.32.0', gitCommit: 'kube-playground', gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.23.0', compiler: 'gc', platform: 'linux/amd64',
};

// Kubernetes answers an unknown path with empty details; kubectl debug tells a missing
// ephemeralcontainers subresource from a missing pod by them (and panics without them).
const notFoundPath = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});

export async function handle(sc: ServerContext, req: ApiRequest): Promise<ApiResponse> {
  try {
    return await route(sc, req);
  } catch (e) {
    const err = e instanceof ApiError ? e : internalError(e instanceof Error ? e.message : String(e));
    if (!(e instanceof ApiError)) sc.log(`apiserver: ${req.method} ${req.path}: ${(e as Error)?.stack ?? e}`);
    return { status: err.code, body: err.toStatus() };
  }
}

function checkAccept(accept: string | undefined): void {
  if (!accept) return;
  const ok = accept.split(',').some((p) => {
    const t = p.split(';')[0].trim().toLowerCase();
    return t === '*/*' || t === 'application/*' || t === 'application/json' || t === 'application/yaml' || t === 'application/vnd.kubernetes.protobuf' || t === 'application/json;stream=watch' || t === '';
  });
  if (!ok) throw new ApiError(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf');
}

async function route(sc: ServerContext, req: ApiRequest): Promise<ApiResponse> {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  if (path === '/version') return { status: 200, body: VERSION };
  const hz = health(sc, path, req.query);
  if (hz) return hz;
  if (path.startsWith('/openapi/')) {
    const r = openApi(sc, path, req.accept);
    if (r) return r;
    throw notFoundPath();
  }
  if (req.method === 'GET' && (path === '/api' || path === '/apis' || /^\/api\/[^/]+$/.test(path) || /^\/apis\/[^/]+(\/[^/]+)?$/.test(path))) {
    const r = discovery(sc.registry, path, req.accept, sc.address);
    if (r) return r;
    throw notFoundPath();
  }
  const rv = review(req, path);
  if (rv) return rv;
  const rp = parseResourcePath(sc.registry, path);
  if (!rp) throw notFoundPath();
  if (rp.subresource && ['log', 'exec', 'attach', 'portforward'].includes(rp.subresource)) {
    if (rp.def.gr !== 'pods') throw notFoundPath();
    const pod = getObject(sc, rp.def, rp.namespace, rp.name!);
    return { status: 200, podStream: { subresource: rp.subresource, namespace: rp.namespace!, name: rp.name!, pod } };
  }
  checkAccept(req.accept);
  if (rp.def.gr === 'componentstatuses') return componentStatuses(req, rp.def, rp.name);
  // Read-only resources (metrics) are written by their provider through the store, never by clients.
  if (rp.def.readOnly && req.method !== 'GET' && req.user !== 'system:apiserver') throw methodNotAllowed();
  const r = await (rp.name === undefined ? collection(sc, req, rp) : rp.subresource ? subresource(sc, req, rp) : object(sc, req, rp));
  if (rp.def.deprecationWarning) r.warnings = [rp.def.deprecationWarning, ...(r.warnings ?? [])];
  return r;
}

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'Object' || v === 'None' ? v : 'Metadata';
}

function listQuery(q: URLSearchParams) {
  const limit = q.get('limit');
  return {
    labelSelector: q.get('labelSelector'), fieldSelector: q.get('fieldSelector'), limit: limit ? Number(limit) : undefined,
    continue: q.get('continue'), resourceVersion: q.get('resourceVersion'), resourceVersionMatch: q.get('resourceVersionMatch'),
    sendInitialEvents: parseSendInitialEvents(q.get('sendInitialEvents')),
  };
}

async function collection(sc: ServerContext, req: ApiRequest, rp: ResourcePath): Promise<ApiResponse> {
  const { def, namespace } = rp;
  const q = req.query;
  switch (req.method) {
    case 'GET': {
      const watch = q.get('watch');
      if (watch === 'true' || watch === '1') {
        const table = wantsTable(req.accept);
        const wq = { ...listQuery(q), allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true', timeoutSeconds: q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined };
        // Check parameters now so a bad one is a 400/422, not a broken stream.
        validateListOptions(wq, true);
        const rv = wq.resourceVersion;
        if (rv && !/^\d+$/.test(rv)) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
        listObjects(sc, def, namespace, { ...wq, limit: 1, resourceVersion: undefined, resourceVersionMatch: undefined, continue: undefined, sendInitialEvents: undefined });
        return {
          status: 200,
          watch: (sink) => {
            let first = true;
            const tv = table ? tableVersion(req.accept!) : 'v1';
            return startWatch(sc, def, namespace, wq, {
              event: (e) => {
                if (table && e.type !== 'ERROR' && e.type !== 'BOOKMARK') {
                  sink.event({ type: e.type, object: toTable(def, [e.object], { resourceVersion: e.object.metadata?.resourceVersion }, includeObject(q), tv, !first) as never });
                  first = false;
                } else sink.event(e);
              },
              end: () => sink.end(),
            });
          },
        };
      }
      const l = listObjects(sc, def, namespace, listQuery(q));
      const meta: Record<string, unknown> = { resourceVersion: l.resourceVersion };
      if (l.continue) meta.continue = l.continue;
      if (l.remainingItemCount !== undefined) meta.remainingItemCount = l.remainingItemCount;
      if (wantsTable(req.accept)) return { status: 200, body: toTable(def, l.items, meta, includeObject(q), tableVersion(req.accept!)) };
      return { status: 200, body: { kind: def.listKind ?? `${def.kind}List`, apiVersion: def.apiVersion, metadata: meta, items: l.items } };
    }
    case 'POST': {
      const opts = writeOptsFrom(req);
      const obj = await createObject(sc, def, namespace, decodeBody(req), opts);
      if (!opts.dryRun) await onCrdChange(sc, def, obj, 'create');
      return { status: 201, body: obj, warnings: opts.warnings };
    }
    case 'DELETE': {
      const opts = deleteOptions(req);
      const l = listObjects(sc, def, namespace, listQuery(q));
      const deleted: KubeObject[] = [];
      for (const o of l.items) {
        try { deleted.push((await deleteObject(sc, def, o.metadata.namespace, o.metadata.name!, opts)).obj); } catch (e) {
          if (!(e instanceof ApiError && e.code === 404)) throw e;
        }
      }
      return { status: 200, body: { kind: def.listKind ?? `${def.kind}List`, apiVersion: def.apiVersion, metadata: {}, items: deleted } };
    }
    default: throw methodNotAllowed();
  }
}

function deleteOptions(req: ApiRequest): DeleteOptions {
  let body: any = {};
  if (req.object !== undefined || (req.body && req.body.length)) {
    body = req.object !== undefined ? cloneJson(req.object) : decodeBody({ ...req, contentType: mediaType(req.contentType) === 'application/vnd.kubernetes.protobuf' ? req.contentType : 'application/json' });
  }
  const q = req.query;
  const out: DeleteOptions = {};
  const grace = q.get('gracePeriodSeconds') ?? body?.gracePeriodSeconds;
  if (grace !== undefined && grace !== null) out.gracePeriodSeconds = Number(grace);
  const pp = q.get('propagationPolicy') ?? body?.propagationPolicy ?? (body?.orphanDependents === true ? 'Orphan' : undefined);
  if (pp) {
    if (!['Background', 'Foreground', 'Orphan'].includes(pp)) throw badRequest(`propagationPolicy: Unsupported value: "${pp}": supported values: "Foreground", "Background", "Orphan"`);
    out.propagationPolicy = pp;
  }
  if (body?.preconditions) out.preconditions = body.preconditions;
  if (q.getAll('dryRun').length || (body?.dryRun ?? []).length) out.dryRun = true;
  return out;
}

async function object(sc: ServerContext, req: ApiRequest, rp: ResourcePath): Promise<ApiResponse> {
  const { def, namespace } = rp;
  const name = rp.name!;
  const q = req.query;
  switch (req.method) {
    case 'GET': {
      const o = getObject(sc, def, namespace, name);
      if (wantsTable(req.accept)) return { status: 200, body: toTable(def, [o], { resourceVersion: o.metadata.resourceVersion }, includeObject(q), tableVersion(req.accept!)) };
      return { status: 200, body: o };
    }
    case 'PUT': {
      const opts = writeOptsFrom(req);
      const body = decodeBody(req);
      const r = await updateObject(sc, def, { namespace, name, opts, mutate: () => body as KubeObject });
      if (!opts.dryRun) await onCrdChange(sc, def, r.obj, 'update');
      return { status: 200, body: r.obj, warnings: opts.warnings };
    }
    case 'PATCH': {
      const opts = writeOptsFrom(req);
      const type = patchTypeOf(req.contentType);
      const r = await patchObject(sc, def, namespace, name, type, decodePatchBody(req), { ...opts, force: q.get('force') === 'true' });
      if (!opts.dryRun) await onCrdChange(sc, def, r.obj, r.created ? 'create' : 'update');
      return { status: r.created ? 201 : 200, body: r.obj, warnings: opts.warnings };
    }
    case 'DELETE': {
      const opts = deleteOptions(req);
      const r = await deleteObject(sc, def, namespace, name, opts);
      if (r.gone && !opts.dryRun) await onCrdChange(sc, def, r.obj, 'delete');
      if (!r.gone || def.gr === 'pods') return { status: 200, body: r.obj };
      return { status: 200, body: successStatus(def, r.obj) };
    }
    default: throw methodNotAllowed();
  }
}

async function subresource(sc: ServerContext, req: ApiRequest, rp: ResourcePath): Promise<ApiResponse> {
  const { def, namespace, subresource: sub } = rp;
  const name = rp.name!;
  const q = req.query;
  if (sub === 'status' && def.subresources?.status) {
    if (req.method === 'GET') {
      // kubectl get --subresource=status prints the resource's own columns.
      const o = getObject(sc, def, namespace, name);
      if (wantsTable(req.accept)) return { status: 200, body: toTable(def, [o], { resourceVersion: o.metadata.resourceVersion }, includeObject(q), tableVersion(req.accept!)) };
      return { status: 200, body: o };
    }
    const opts = { ...writeOptsFrom(req), subresource: 'status' };
    if (req.method === 'PUT') {
      const body = decodeBody(req);
      const r = await updateObject(sc, def, { namespace, name, opts, mutate: () => body as KubeObject });
      if (!opts.dryRun) await onCrdChange(sc, def, r.obj, 'status');
      return { status: 200, body: r.obj };
    }
    if (req.method === 'PATCH') {
      const r = await patchObject(sc, def, namespace, name, patchTypeOf(req.contentType), decodePatchBody(req), { ...opts, force: q.get('force') === 'true' });
      return { status: 200, body: r.obj };
    }
    throw methodNotAllowed();
  }
  if (sub === 'scale' && def.subresources?.scale) {
    if (req.method === 'GET') {
      const scale = toScale(def, getObject(sc, def, namespace, name));
      if (wantsTable(req.accept)) return { status: 200, body: toScaleTable(scale, includeObject(q), tableVersion(req.accept!)) };
      return { status: 200, body: scale };
    }
    const opts = writeOptsFrom(req);
    if (req.method === 'PUT') {
      const body = decodeBody(req) as KubeObject;
      return { status: 200, body: await writeScale(sc, def, namespace, name, opts, () => body) };
    }
    if (req.method === 'PATCH') return { status: 200, body: await patchScale(sc, def, namespace, name, patchTypeOf(req.contentType), decodePatchBody(req), opts) };
    throw methodNotAllowed();
  }
  if (def.gr === 'pods' && sub === 'binding') {
    if (req.method !== 'POST') throw methodNotAllowed();
    return { status: 201, body: await bindPod(sc, def, namespace, name, decodeBody(req), writeOptsFrom(req)) };
  }
  if (def.gr === 'pods' && sub === 'eviction') {
    if (req.method !== 'POST') throw methodNotAllowed();
    return { status: 201, body: await evictPod(sc, def, namespace, name, decodeBody(req)) };
  }
  if (def.gr === 'serviceaccounts' && sub === 'token') {
    if (req.method !== 'POST') throw methodNotAllowed();
    return { status: 201, body: requestToken(sc, def, namespace!, name, decodeBody(req) as KubeObject) };
  }
  if (def.gr === 'namespaces' && sub === 'finalize') {
    if (req.method !== 'PUT') throw methodNotAllowed();
    return { status: 200, body: await finalizeNamespace(sc, def, name, decodeBody(req), writeOptsFrom(req)) };
  }
  throw notFoundPath();
}
