// The health endpoints as Kubernetes' "API health endpoints" page shows them through
// `kubectl get --raw`: plain `ok`, ?verbose check lists, single checks, ?exclude; the three
// endpoints answer without a token, their sub-paths only with one.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => { pg = await startPlayground(); });
after(async () => { await pg?.stop(); });

async function raw(path: string): Promise<string> {
  const r = await pg.kubectl(['get', '--raw', path]);
  assert.equal(r.code, 0, `${path}: ${r.stderr}`);
  return r.stdout;
}

function anonymous(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(pg.server + path);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, ca: pg.api.caPem }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });
}

describe('health endpoints', () => {
  it('answer ok, list their checks with ?verbose, one check alone, and honour ?exclude', async () => {
    for (const p of ['/livez', '/readyz', '/healthz']) assert.equal(await raw(p), 'ok');
    const ready = await raw('/readyz?verbose');
    assert.match(ready, /^\[\+\]ping ok$/m);
    assert.match(ready, /^\[\+\]etcd ok$/m);
    assert.match(ready, /^\[\+\]informer-sync ok$/m);
    assert.match(ready, /^\[\+\]shutdown ok$/m);
    assert.match(ready, /readyz check passed\n$/);
    assert.match(await raw('/livez?verbose'), /livez check passed\n$/);
    assert.equal(await raw('/livez/etcd'), 'ok');
    assert.match(await raw('/readyz?verbose&exclude=etcd'), /^\[\+\]etcd excluded: ok$/m);
    const missing = await pg.kubectl(['get', '--raw', '/livez/nonsense']);
    assert.equal(missing.code, 1);
  });

  it('are anonymous at the top only', async () => {
    for (const p of ['/livez', '/readyz?verbose', '/healthz', '/version']) assert.equal(await anonymous(p), 200, p);
    assert.equal(await anonymous('/livez/etcd'), 401);
    assert.equal(await anonymous('/api'), 401);
  });
});
