// Watch with sendInitialEvents (Kubernetes' WatchList, on by default in 1.32, which client-go
// informers use when their WatchListClient gate is on): the current state as ADDED events, a
// BOOKMARK annotated k8s.io/initial-events-end at that state's resourceVersion, then changes;
// sendInitialEvents=false starts at the given (or current) revision with no initial events.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => {
  pg = await startPlayground();
  for (const n of ['a', 'b']) await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n } });
});
after(async () => { await pg?.stop(); });

/** Reads watch events until `count` arrived, then ends the request. */
function watch(path: string, count: number, during?: () => Promise<void>): Promise<{ status: number; events: any[] }> {
  return new Promise((resolve, reject) => {
    const u = new URL(pg.server + path);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { Authorization: `Bearer ${pg.api.token}` }, ca: pg.api.caPem }, (res) => {
      const events: any[] = [];
      let buf = '';
      const done = () => { req.destroy(); resolve({ status: res.statusCode ?? 0, events }); };
      const timer = setTimeout(done, 5000);
      res.on('data', (d) => {
        buf += d.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) { events.push(JSON.parse(buf.slice(0, i))); buf = buf.slice(i + 1); }
        if (events.length >= count) { clearTimeout(timer); done(); }
      });
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, events }); });
      if (during) setTimeout(() => { during().catch(reject); }, 100);
    });
    req.on('error', (e) => { if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(e); });
    req.end();
  });
}

describe('watch with sendInitialEvents', () => {
  it('sends the state, an initial-events-end bookmark, then changes', async () => {
    const rv = (await pg.client.list('configmaps', 'default')).metadata.resourceVersion;
    const r = await watch('/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true', 4,
      async () => { await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }); });
    assert.equal(r.status, 200);
    assert.deepEqual(r.events.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`), ['ADDED a', 'ADDED b', 'BOOKMARK ', 'ADDED c']);
    const bookmark = r.events[2].object;
    assert.equal(bookmark.kind, 'ConfigMap');
    assert.equal(bookmark.metadata.annotations['k8s.io/initial-events-end'], 'true');
    assert.equal(bookmark.metadata.resourceVersion, rv);
  });

  it('sendInitialEvents=false sends only changes after the given revision', async () => {
    const rv = (await pg.client.list('configmaps', 'default')).metadata.resourceVersion;
    const r = await watch(`/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&resourceVersion=${rv}`, 1,
      async () => { await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' } }); });
    assert.deepEqual(r.events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED d']);
  });
});
