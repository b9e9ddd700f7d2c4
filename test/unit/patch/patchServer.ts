// A throwaway API server for tests on 127.0.0.1 that stores objects in memory and applies
// PATCH bodies with this project's patch engines, so real kubectl can drive them: it
// computes client-side apply's three-way strategic patches, sends server-side apply,
// json-patch and merge-patch bodies, and prints our Status errors. Only the endpoints those
// commands touch exist (legacy discovery, GET/POST/PATCH of deployments and configmaps).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../../../src/cluster/api/errors';
import type { KubeObject } from '../../../src/cluster/api/types';
import type { KindSchema } from '../../../src/cluster/registry/schema';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, serverSideApply, updateManagedFields } from '../../../src/cluster/apiserver/patch';
import { decodeProtobufObject } from '../../../src/cluster/apiserver/protobuf';

const resource = (name: string, kind: string) => ({ name, singularName: '', namespaced: true, kind, verbs: ['create', 'get', 'list', 'patch', 'update'] });
const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }] },
  '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('configmaps', 'ConfigMap')] },
  '/apis/apps/v1': { kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [resource('deployments', 'Deployment')] },
};

export class PatchServer {
  readonly objects = new Map<string, KubeObject>();
  readonly requests: { method: string; path: string; query: URLSearchParams; contentType: string; body: string }[] = [];
  private server?: http.Server;
  private rv = 1;
  private clock = Date.parse('2026-11-21T23:00:00Z');

  constructor(private readonly schemas: Record<string, KindSchema>) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const body = Buffer.concat(chunks);
        const contentType = (req.headers['content-type'] ?? '').split(';')[0];
        this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, contentType, body: body.toString('utf8') });
        let code = 200;
        let out: unknown;
        try {
          [code, out] = this.handle(req.method ?? 'GET', url, contentType, body);
        } catch (e) {
          const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', String(e));
          [code, out] = [err.code, err.toStatus()];
        }
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(out));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private handle(method: string, url: URL, contentType: string, body: Buffer): [number, unknown] {
    const path = url.pathname;
    if (method === 'GET' && DISCOVERY[path]) return [200, DISCOVERY[path]];
    const m = /^\/(?:api|apis\/apps)\/v1\/namespaces\/([^/]+)\/(deployments|configmaps)(?:\/([^/]+))?$/.exec(path);
    if (!m) return [404, new ApiError(404, 'NotFound', 'the server could not find the requested resource').toStatus()];
    const [, ns, plural, name] = m;
    const kind = plural === 'deployments' ? 'Deployment' : 'ConfigMap';
    const apiVersion = plural === 'deployments' ? 'apps/v1' : 'v1';
    const qualified = plural === 'deployments' ? 'deployments.apps' : 'configmaps';
    const schema = this.schemas[kind];
    const manager = url.searchParams.get('fieldManager') ?? 'unknown';
    const now = new Date((this.clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const live = name ? this.objects.get(`${ns}/${plural}/${name}`) : undefined;
    const store = (obj: KubeObject, code: number): [number, unknown] => {
      obj.metadata.resourceVersion = String(++this.rv);
      this.objects.set(`${ns}/${plural}/${obj.metadata.name}`, obj);
      return [code, obj];
    };
    if (method === 'GET') {
      if (!live) return [404, new ApiError(404, 'NotFound', `${qualified} "${name}" not found`, { name, group: apiVersion === 'v1' ? '' : 'apps', kind: plural }).toStatus()];
      return [200, live];
    }
    if (method === 'POST') {
      const obj = (contentType === 'application/vnd.kubernetes.protobuf' ? decodeProtobufObject(body) : JSON.parse(body.toString('utf8'))) as KubeObject;
      obj.metadata = { ...obj.metadata, namespace: ns, uid: `uid-${this.rv}`, creationTimestamp: now };
      obj.metadata.managedFields = updateManagedFields(undefined, obj, { manager, operation: 'Update', schema, apiVersion, now });
      return store(obj, 201);
    }
    if (method === 'PATCH') {
      const text = body.toString('utf8');
      if (contentType === 'application/apply-patch+yaml') {
        const applied = JSON.parse(text) as KubeObject;
        const result = serverSideApply(live, applied, { manager, force: url.searchParams.get('force') === 'true', schema, apiVersion, now });
        if (!live) result.metadata = { ...result.metadata, namespace: ns, uid: `uid-${this.rv}`, creationTimestamp: now };
        return store(result, live ? 200 : 201);
      }
      if (!live) return [404, new ApiError(404, 'NotFound', `${qualified} "${name}" not found`).toStatus()];
      const patch = JSON.parse(text);
      const next: KubeObject = contentType === 'application/json-patch+json' ? applyJsonPatch(live, patch)
        : contentType === 'application/merge-patch+json' ? applyMergePatch(live, patch)
          : applyStrategicMergePatch(live, patch, schema);
      next.metadata.managedFields = updateManagedFields(live, next, { manager, operation: 'Update', schema, apiVersion, now });
      return store(next, 200);
    }
    return [405, new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource').toStatus()];
  }
}
