// Every error the API server returns is a meta/v1 Status in Kubernetes' form: code, reason,
// message shape and (for 422) details.causes with field paths. Driven over real HTTPS.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => {
  pg = await startPlayground();
  await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'exists' }, data: { a: '1' } });
  await pg.client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed', finalizers: [] } });
  await pg.client.delete('namespaces', undefined, 'doomed');
  await pg.client.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } });
});
after(async () => { await pg?.stop(); });

interface Call { method: string; path: string; body?: string | Buffer; headers?: Record<string, string>; token?: string | null }
function call(c: Call): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(pg.server + c.path);
    const headers: Record<string, string> = { Accept: 'application/json', ...(c.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(c.headers ?? {}) };
    if (c.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(c.body));
    if (c.token !== null) headers.Authorization = `Bearer ${c.token ?? pg.api.token}`;
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: c.method, headers, ca: pg.api.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: any = text;
        try { body = JSON.parse(text); } catch { /* text */ }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

const cm = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, ...extra });

const cases: { name: string; call: Call; code: number; reason: string; message: RegExp; causes?: string[] }[] = [
  { name: 'no token', call: { method: 'GET', path: '/api/v1/namespaces', token: null }, code: 401, reason: 'Unauthorized', message: /^Unauthorized$/ },
  { name: 'wrong token', call: { method: 'GET', path: '/api/v1/namespaces', token: 'nope' }, code: 401, reason: 'Unauthorized', message: /^Unauthorized$/ },
  { name: 'missing object', call: { method: 'GET', path: '/api/v1/namespaces/default/configmaps/nope' }, code: 404, reason: 'NotFound', message: /^configmaps "nope" not found$/ },
  { name: 'missing group object', call: { method: 'GET', path: '/apis/apps/v1/namespaces/default/deployments/nope' }, code: 404, reason: 'NotFound', message: /^deployments\.apps "nope" not found$/ },
  { name: 'unknown resource', call: { method: 'GET', path: '/api/v1/namespaces/default/widgets' }, code: 404, reason: 'NotFound', message: /the server could not find the requested resource/ },
  { name: 'create in a missing namespace', call: { method: 'POST', path: '/api/v1/namespaces/ghost/configmaps', body: cm('x') }, code: 404, reason: 'NotFound', message: /^namespaces "ghost" not found$/ },
  { name: 'create in a terminating namespace', call: { method: 'POST', path: '/api/v1/namespaces/doomed/configmaps', body: cm('x') }, code: 403, reason: 'Forbidden', message: /^configmaps "x" is forbidden: unable to create new content in namespace doomed because it is being terminated$/ },
  { name: 'already exists', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('exists') }, code: 409, reason: 'AlreadyExists', message: /^configmaps "exists" already exists$/ },
  { name: 'stale update', call: { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/exists', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'exists', resourceVersion: '1' } }) }, code: 409, reason: 'Conflict', message: /^Operation cannot be fulfilled on configmaps "exists": the object has been modified; please apply your changes to the latest version and try again$/ },
  { name: 'delete precondition', call: { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/exists', body: JSON.stringify({ preconditions: { uid: 'other' } }) }, code: 409, reason: 'Conflict', message: /Precondition failed: UID in precondition: other/ },
  { name: 'bad name', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('Bad_Name') }, code: 422, reason: 'Invalid', message: /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/, causes: ['metadata.name'] },
  { name: 'bad namespace name', call: { method: 'POST', path: '/api/v1/namespaces', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }) }, code: 422, reason: 'Invalid', message: /^Namespace "a\.b" is invalid: metadata\.name: Invalid value: "a\.b": a lowercase RFC 1123 label must consist of/, causes: ['metadata.name'] },
  { name: 'no name', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: JSON.stringify({ metadata: {} }) }, code: 422, reason: 'Invalid', message: /metadata\.name: Required value: name or generateName is required/, causes: ['metadata.name'] },
  { name: 'pod without containers', call: { method: 'POST', path: '/api/v1/namespaces/default/pods', body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } }) }, code: 422, reason: 'Invalid', message: /^Pod "p" is invalid: spec\.containers: Required value/, causes: ['spec.containers'] },
  { name: 'namespace mismatch', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('m', { metadata: { name: 'm', namespace: 'kube-system' } }) }, code: 400, reason: 'BadRequest', message: /the namespace of the provided object does not match the namespace sent on the request/ },
  { name: 'kind mismatch', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'k' } }) }, code: 400, reason: 'BadRequest', message: /kind/ },
  { name: 'undecodable JSON', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: '{"metadata":' }, code: 400, reason: 'BadRequest', message: /JSON/ },
  { name: 'strict unknown field', call: { method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict', body: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { foo: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } }) }, code: 400, reason: 'BadRequest', message: /^Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec\.foo"$/ },
  { name: 'wrong type', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('t', { data: { a: 1 } }) }, code: 400, reason: 'BadRequest', message: /^ConfigMap in version "v1" cannot be handled as a ConfigMap: / },
  // Decoding runs before defaulting: a wrong type there is the decoder's 400, not a 500 from the defaulter.
  { name: 'wrong type that defaulting reads', call: { method: 'POST', path: '/api/v1/namespaces/default/pods', body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'typed' }, spec: { containers: [{ name: 'c', image: true }] } }) }, code: 400, reason: 'BadRequest', message: /^Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field Container\.spec\.containers\.image of type string$/ },
  { name: 'patch to a wrong type that defaulting reads', call: { method: 'PATCH', path: '/api/v1/namespaces/default/pods/p', body: JSON.stringify({ spec: { containers: [{ name: 'c', image: 7 }] } }), headers: { 'Content-Type': 'application/strategic-merge-patch+json' } }, code: 400, reason: 'BadRequest', message: /cannot unmarshal number into Go struct field Container\.spec\.containers\.image of type string$/ },
  { name: 'bad label selector', call: { method: 'GET', path: '/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20b' }, code: 400, reason: 'BadRequest', message: /unable to parse requirement|found/ },
  { name: 'unsupported field selector', call: { method: 'GET', path: '/api/v1/namespaces/default/configmaps?fieldSelector=data.a%3D1' }, code: 400, reason: 'BadRequest', message: /^field label not supported: data\.a$/ },
  { name: 'method not allowed', call: { method: 'PUT', path: '/api/v1/namespaces/default/configmaps', body: cm('x') }, code: 405, reason: 'MethodNotAllowed', message: /not allow/ },
  { name: 'not acceptable', call: { method: 'GET', path: '/api/v1/namespaces/default/configmaps', headers: { Accept: 'text/html' } }, code: 406, reason: 'NotAcceptable', message: /only the following media types are accepted/ },
  { name: 'unsupported media type', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: 'x', headers: { 'Content-Type': 'text/plain' } }, code: 415, reason: 'UnsupportedMediaType', message: /^the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml/ },
  // A protobuf body of a kind with no protobuf form here must keep its 415, not turn into a 400.
  { name: 'protobuf body of an unknown kind', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: Buffer.concat([Buffer.from('k8s\0', 'binary'), Buffer.from([0x0a, 0x0c, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x06, ...Buffer.from('Widget')]), Buffer.from([0x12, 0x00])]), headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' } }, code: 415, reason: 'UnsupportedMediaType', message: /unknown format|media types/ },
  { name: 'unsupported patch type', call: { method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/exists', body: '{}', headers: { 'Content-Type': 'application/json' } }, code: 415, reason: 'UnsupportedMediaType', message: /application\/merge-patch\+json/ },
  { name: 'too large', call: { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm('big', { data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } }) }, code: 413, reason: 'RequestEntityTooLarge', message: /Request entity too large/ },
  { name: 'logs of a missing pod', call: { method: 'GET', path: '/api/v1/namespaces/default/pods/nope/log' }, code: 404, reason: 'NotFound', message: /^pods "nope" not found$/ },
  { name: 'logs with no node serving streams', call: { method: 'GET', path: '/api/v1/namespaces/default/pods/p/log' }, code: 503, reason: 'ServiceUnavailable', message: /no node serves pod streams/ },
  { name: 'first binding succeeds (setup for the next case)', call: { method: 'POST', path: '/api/v1/namespaces/default/pods/p/binding', body: JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { name: 'n1' } }) }, code: 201, reason: '', message: /./ },
  { name: 'second binding', call: { method: 'POST', path: '/api/v1/namespaces/default/pods/p/binding', body: JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { name: 'n2' } }) }, code: 409, reason: 'Conflict', message: /^Operation cannot be fulfilled on pods "p": pod p is already assigned to node "n1"$/ },
  { name: 'resourceVersionMatch without resourceVersion', call: { method: 'GET', path: '/api/v1/namespaces/default/configmaps?resourceVersionMatch=NotOlderThan' }, code: 422, reason: 'Invalid', message: /^ListOptions\.meta\.k8s\.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided$/, causes: ['resourceVersionMatch'] },
  { name: 'sendInitialEvents on a list', call: { method: 'GET', path: '/api/v1/namespaces/default/configmaps?sendInitialEvents=true' }, code: 422, reason: 'Invalid', message: /^ListOptions\.meta\.k8s\.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list$/, causes: ['sendInitialEvents'] },
  { name: 'sendInitialEvents without NotOlderThan', call: { method: 'GET', path: '/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true' }, code: 422, reason: 'Invalid', message: /resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan$/, causes: ['resourceVersionMatch'] },
  { name: 'resourceVersionMatch on a watch without sendInitialEvents', call: { method: 'GET', path: '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1&resourceVersionMatch=NotOlderThan' }, code: 422, reason: 'Invalid', message: /resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided$/, causes: ['resourceVersionMatch'] },
  { name: 'bad resourceVersion', call: { method: 'GET', path: '/api/v1/namespaces/default/configmaps?resourceVersion=abc' }, code: 400, reason: 'BadRequest', message: /resourceVersion/ },
];

describe('error Status table', () => {
  for (const c of cases) {
    it(`${c.code} ${c.reason}: ${c.name}`, async () => {
      const r = await call(c.call);
      assert.equal(r.status, c.code, JSON.stringify(r.body));
      assert.equal(r.body.kind, 'Status');
      if (c.code < 400) return;
      assert.equal(r.body.apiVersion, 'v1');
      assert.equal(r.body.status, 'Failure');
      assert.equal(r.body.code, c.code);
      assert.equal(r.body.reason, c.reason);
      assert.match(r.body.message, c.message);
      if (c.causes) assert.deepEqual(r.body.details.causes.map((x: any) => x.field), c.causes);
    });
  }

  it('fieldValidation=Warn answers with Warning headers', async () => {
    const r = await call({ method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', body: cm('warned', { bogus: 1 }) });
    assert.equal(r.status, 201);
    assert.match(String(r.headers.warning), /299 - "unknown field \\"bogus\\""/);
    assert.equal(r.body.bogus, undefined);
  });

  it('nothing is stored when a write fails', async () => {
    const r = await call({ method: 'GET', path: '/api/v1/namespaces/default/configmaps' });
    const names = r.body.items.map((i: any) => i.metadata.name).sort();
    assert.deepEqual(names, ['exists', 'warned']);
    assert.equal((await call({ method: 'GET', path: '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=x' })).status, 400);
  });

  it('a watch from a compacted revision gets a 410 Expired ERROR event', async () => {
    for (let i = 0; i < 3; i++) await pg.client.patch('configmaps', 'default', 'exists', 'merge', { data: { n: String(i) } });
    await pg.store.compact(pg.store.revision - 1);
    const r = await call({ method: 'GET', path: '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2' });
    assert.equal(r.status, 200);
    const ev = JSON.parse(String(typeof r.body === 'string' ? r.body : JSON.stringify(r.body)).split('\n')[0]);
    assert.equal(ev.type, 'ERROR');
    assert.equal(ev.object.code, 410);
    assert.equal(ev.object.reason, 'Expired');
    assert.match(ev.object.message, /too old resource version: 2/);
  });
});
