import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedInformer, InformerFactory, indexers } from '../../../src/cluster/client/informer';
import { WorkQueue } from '../../../src/cluster/client/workqueue';
import { FakeClient } from '../controllers/fakeClient';

const pod = (ns: string, name: string, node?: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: ns, name }, spec: node ? { nodeName: node } : {} });
const tick = () => new Promise((r) => setTimeout(r, 5));

test('informer lists, watches, indexes and reports add/update/delete', async () => {
  const c = new FakeClient([['pods', pod('a', 'p1', 'n1')], ['pods', pod('b', 'p2')]]);
  const inf = new SharedInformer(c, 'pods', { freeze: true });
  inf.addIndexer('node', indexers.nodeName);
  const seen: string[] = [];
  inf.addEventHandler({
    onAdd: (o) => seen.push(`add ${o.metadata.name}`),
    onUpdate: (_o, n) => seen.push(`update ${n.metadata.name}`),
    onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
  });
  const ac = new AbortController();
  inf.start(ac.signal);
  assert.equal(await inf.waitForSync(), true);
  assert.deepEqual(seen.sort(), ['add p1', 'add p2']);
  assert.equal(inf.get('a/p1')?.metadata.name, 'p1');
  assert.equal(inf.list('b').length, 1);
  assert.equal(inf.byIndex('node', 'n1').length, 1);
  assert.throws(() => { (inf.get('a/p1') as any).metadata.name = 'x'; });

  await c.create('pods', 'a', pod('a', 'p3', 'n1'));
  await c.patch('pods', 'b', 'p2', 'merge', { spec: { nodeName: 'n1' } });
  await c.delete('pods', 'a', 'p1');
  await tick();
  assert.deepEqual(seen.slice(2), ['add p3', 'update p2', 'delete p1']);
  assert.deepEqual(inf.byIndex('node', 'n1').map((p) => p.metadata.name).sort(), ['p2', 'p3']);

  // 410 Expired: re-list and diff; a delete missed during the gap is still reported.
  c.expireWatches();
  await c.delete('pods', 'a', 'p3');
  await new Promise((r) => setTimeout(r, 150));
  assert.ok(seen.includes('delete p3'));
  assert.equal(inf.get('a/p3'), undefined);
  ac.abort();
});

test('factory shares one informer per resource and selector', () => {
  const f = new InformerFactory(new FakeClient());
  assert.equal(f.informer('pods'), f.informer('pods'));
  assert.notEqual(f.informer('pods'), f.informer('pods', { fieldSelector: 'spec.nodeName=n1' }));
});

test('workqueue dedups, holds a key while processing, backs off exponentially', async () => {
  const q = new WorkQueue<string>();
  q.add('a'); q.add('a'); q.add('b');
  assert.equal(q.length, 2);
  const k = await q.get();
  assert.equal(k, 'a');
  q.add('a'); // while processing: not handed out again yet
  assert.equal(await q.get(), 'b');
  assert.equal(q.length, 0);
  q.done('a');
  assert.equal(await q.get(), 'a');
  assert.equal(q.when('x'), 5);
  assert.equal(q.when('x'), 10);
  assert.equal(q.when('x'), 20);
  q.forget('x');
  assert.equal(q.when('x'), 5);
  q.addAfter('later', 20);
  const t0 = Date.now();
  assert.equal(await q.get(), 'later');
  assert.ok(Date.now() - t0 >= 15);
  const waiting = q.get();
  q.shutDown();
  assert.equal(await waiting, undefined);
});

test('an unserved resource (404 on list) counts as synced and empty', async () => {
  const { notFound } = await import('../../../src/cluster/api/errors');
  const c = new FakeClient();
  c.reactor = (a) => { if (a.verb === 'list') throw notFound('widgets.example.com', ''); return undefined; };
  const inf = new SharedInformer(c, 'widgets.example.com');
  const ac = new AbortController();
  inf.start(ac.signal);
  assert.equal(await inf.waitForSync(), true);
  assert.equal(inf.list().length, 0);
  ac.abort();
});
