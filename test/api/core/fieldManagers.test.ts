// Who owns a field when a writer names no fieldManager: Kubernetes takes the User-Agent's
// product name (`kubectl/v1.32.4 …` → kubectl), so `kubectl scale` (which sends none) owns
// spec.replicas as "kubectl" through the scale subresource, and a later server-side apply
// conflicts naming it. Apply patches still need an explicit fieldManager.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => { pg = await startPlayground(); });
after(async () => { await pg?.stop(); });

function call(method: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(pg.server + path);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, ca: pg.api.caPem,
      headers: { Authorization: `Bearer ${pg.api.token}`, 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: fm, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: fm}}
  template:
    metadata: {labels: {app: fm}}
    spec: {containers: [{name: c, image: nginx}]}
`;

describe('field managers', () => {
  it('kubectl scale owns replicas under its User-Agent name via the scale subresource; apply conflicts naming it', async () => {
    const f = join(pg.dataDir, 'fm.yaml');
    await writeFile(f, deployment);
    assert.equal((await pg.kubectl(['apply', '--server-side', '-f', f])).code, 0);
    assert.equal((await pg.kubectl(['scale', 'deploy', 'fm', '--replicas=3'])).code, 0);
    const d = await pg.client.get('deployments.apps', 'default', 'fm');
    const scaler = d.metadata.managedFields!.find((m) => m.subresource === 'scale');
    // kubectl's User-Agent starts with its binary's name: `kubectl`, or e.g. `kubectl.1.32` from the Cloud SDK.
    assert.match(scaler?.manager ?? '', /^kubectl(\.[\d.]+)?$/);
    assert.equal(scaler?.operation, 'Update');
    const again = await pg.kubectl(['apply', '--server-side', '-f', f]);
    assert.equal(again.code, 1);
    assert.ok(again.stderr.includes(`Apply failed with 1 conflict: conflict with "${scaler!.manager}" with subresource "scale" using apps/v1: .spec.replicas`), again.stderr);
  });

  it('any client without fieldManager is named by its User-Agent', async () => {
    const r = await call('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ua' }, data: { a: 'b' } }),
      { 'Content-Type': 'application/json', 'User-Agent': 'my-tool/2.1 (linux) extra' });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.metadata.managedFields.map((m: any) => m.manager), ['my-tool']);
    const applied = await call('PATCH', '/api/v1/namespaces/default/configmaps/ua', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ua' } }),
      { 'Content-Type': 'application/apply-patch+yaml', 'User-Agent': 'my-tool/2.1' });
    assert.equal(applied.status, 400);
    assert.match(applied.body.message, /fieldManager: Required value: is required for apply patch/);
  });
});
