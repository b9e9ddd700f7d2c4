// Encodings and endpoints around the verbs: YAML request bodies, gzip for big responses,
// Tables with full objects (--sort-by), aggregated discovery in the asked version, OpenAPI v2
// protobuf, `get all` over the `all` category, cluster-info.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => { pg = await startPlayground(); });
after(async () => { await pg?.stop(); });

function call(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, unknown>; raw: Buffer }> {
  return new Promise((resolve, reject) => {
    const u = new URL(pg.server + path);
    const h: Record<string, string> = { Authorization: `Bearer ${pg.api.token}`, ...headers };
    if (body !== undefined) h['Content-Length'] = String(Buffer.byteLength(body));
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: h, ca: pg.api.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('encodings and endpoints', () => {
  it('accepts YAML bodies and answers YAML when asked', async () => {
    const r = await call('POST', '/api/v1/namespaces/default/configmaps', { 'Content-Type': 'application/yaml' }, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y1\ndata:\n  k: v\n');
    assert.equal(r.status, 201, r.raw.toString());
    const y = await call('GET', '/api/v1/namespaces/default/configmaps/y1', { Accept: 'application/yaml' });
    assert.match(String(y.headers['content-type']), /application\/yaml/);
    assert.match(y.raw.toString(), /^kind: ConfigMap$/m);
  });

  it('gzips big responses when asked', async () => {
    for (let i = 0; i < 300; i++) await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${i}` }, data: { v: 'x'.repeat(500) } });
    const r = await call('GET', '/api/v1/namespaces/default/configmaps', { 'Accept-Encoding': 'gzip' });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(JSON.parse(gunzipSync(r.raw).toString()).items.length, 301);
    const small = await call('GET', '/api/v1/namespaces/default/configmaps/y1', { 'Accept-Encoding': 'gzip' });
    assert.equal(small.headers['content-encoding'], undefined);
  });

  it('answers aggregated discovery in the version asked for', async () => {
    for (const v of ['v2', 'v2beta1']) {
      const r = await call('GET', '/apis', { Accept: `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList,application/json` });
      assert.equal(r.headers['content-type'], `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`);
      const body = JSON.parse(r.raw.toString());
      assert.equal(body.apiVersion, `apidiscovery.k8s.io/${v}`);
      const apps = body.items.find((g: any) => g.metadata.name === 'apps');
      const dep = apps.versions[0].resources.find((x: any) => x.resource === 'deployments');
      assert.deepEqual(dep.subresources.map((s: any) => s.subresource).sort(), ['scale', 'status']);
    }
    const legacy = JSON.parse((await call('GET', '/api', { Accept: 'application/json' })).raw.toString());
    assert.equal(legacy.kind, 'APIVersions');
    assert.deepEqual(legacy.versions, ['v1']);
    const list = JSON.parse((await call('GET', '/apis/apps/v1')).raw.toString());
    assert.ok(list.resources.some((x: any) => x.name === 'deployments/scale' && x.kind === 'Scale' && x.group === 'autoscaling'));
  });

  it('serves OpenAPI v3 with fieldValidation on PATCH and v2 as protobuf', async () => {
    const index = JSON.parse((await call('GET', '/openapi/v3')).raw.toString());
    const url = index.paths['apis/apps/v1'].serverRelativeURL;
    const doc = JSON.parse((await call('GET', url)).raw.toString());
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.equal(patch['x-kubernetes-group-version-kind'].kind, 'Deployment');
    assert.ok(JSON.stringify(patch.parameters ?? []).includes('fieldValidation') || JSON.stringify(doc).includes('fieldValidation'));
    const v2 = await call('GET', '/openapi/v2', { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    assert.equal(v2.status, 200);
    assert.ok(v2.raw.length > 1000);
  });

  it('sorts by a field through Tables with full objects; get all; cluster-info', async () => {
    const r = await pg.kubectl(['get', 'cm', '--sort-by=.metadata.name', '-l', 'sorted=yes']);
    assert.equal(r.code, 0, r.stderr);
    await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'zz', labels: { sorted: 'yes' } } });
    await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aa', labels: { sorted: 'yes' } } });
    const s = await pg.kubectl(['get', 'cm', '--sort-by=.metadata.name', '-l', 'sorted=yes', '-o', 'name']);
    assert.equal(s.stdout, 'configmap/aa\nconfigmap/zz\n');
    const all = await pg.kubectl(['get', 'all']);
    assert.equal(all.code, 0, all.stderr);
    const ci = await pg.kubectl(['cluster-info']);
    assert.equal(ci.code, 0, ci.stderr);
    assert.match(ci.stdout, /Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+/);
  });
});
