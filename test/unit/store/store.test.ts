// The Store contract in memory terms: CAS, pagination at one revision, old-revision lists,
// watch replay/resume/expiry, compaction. Every test uses a fresh temp store dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStore, StoreError, type StoreEvent } from '../../../src/cluster/store';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
const pod = (name: string, extra: object = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, ...extra });
const key = (name: string) => `/registry/pods/default/${name}`;

async function rejectsWith(p: Promise<unknown>, code: StoreError['code']): Promise<StoreError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof StoreError, `expected StoreError, got ${e}`);
    assert.equal(e.code, code);
    return e;
  }
  assert.fail(`expected ${code}`);
}

test('create/update/delete with compare-and-swap on modRevision', async () => {
  const s = await openStore(tmp());
  try {
    const a = await s.create(key('a'), pod('a'));
    assert.equal(a.modRevision, 1);
    assert.equal(a.createRevision, 1);
    assert.equal(a.value.metadata.resourceVersion, '1');
    await rejectsWith(s.create(key('a'), pod('a')), 'AlreadyExists');
    const b = await s.update(key('a'), pod('a', { spec: { x: 1 } }), 1);
    assert.equal(b.modRevision, 2);
    assert.equal(b.createRevision, 1);
    const c = await rejectsWith(s.update(key('a'), pod('a', { spec: { x: 2 } }), 1), 'Conflict');
    assert.equal(c.current?.modRevision, 2, 'a Conflict carries the current object');
    assert.deepEqual(c.current?.value.spec, { x: 1 });
    await rejectsWith(s.update(key('nope'), pod('nope')), 'NotFound');
    await rejectsWith(s.delete(key('a'), 1), 'Conflict');
    const d = await s.delete(key('a'), 2);
    assert.equal(d.modRevision, 3);
    assert.equal(d.value.metadata.resourceVersion, '3');
    assert.equal(s.get(key('a')), undefined);
    await rejectsWith(s.delete(key('a')), 'NotFound');
    assert.equal(s.revision, 3);
  } finally {
    await s.close();
  }
});

test('the stored value is a private copy: mutating the input or the result changes nothing stored', async () => {
  const s = await openStore(tmp());
  try {
    const input: any = pod('a', { spec: { n: 1 } });
    await s.create(key('a'), input);
    input.spec.n = 99;
    assert.equal(s.get(key('a'))!.value.spec.n, 1);
    assert.equal((input.metadata as any).resourceVersion, undefined, 'the caller\'s object is not modified');
  } finally {
    await s.close();
  }
});

test('list pages are consistent at one revision, while writes go on between pages', async () => {
  const s = await openStore(tmp());
  try {
    for (let i = 0; i < 25; i++) await s.create(key(`p${String(i).padStart(2, '0')}`), pod(`p${i}`));
    await s.create('/registry/services/default/svc', { metadata: { name: 'svc' } });
    const first = s.list('/registry/pods/', { limit: 10 });
    assert.equal(first.items.length, 10);
    assert.equal(first.remaining, 15);
    assert.equal(first.revision, 26);
    // Writes between pages: a new pod, a delete and an update; the next pages must not see them.
    await s.create(key('p99'), pod('p99'));
    await s.delete(key('p15'));
    await s.update(key('p20'), pod('p20', { changed: true }));
    const second = s.list('/registry/pods/', { limit: 10, continue: first.continue });
    const third = s.list('/registry/pods/', { limit: 10, continue: second.continue });
    assert.equal(second.revision, 26);
    assert.equal(third.continue, undefined);
    const names = [...first.items, ...second.items, ...third.items].map((o) => o.key.split('/').pop());
    assert.deepEqual(names, Array.from({ length: 25 }, (_, i) => `p${String(i).padStart(2, '0')}`));
    const p20 = third.items.find((o) => o.key === key('p20'))!;
    assert.equal(p20.value.changed, undefined, 'page shows p20 as it was at revision 26');
    const now = s.list('/registry/pods/');
    assert.equal(now.items.length, 25);
    assert.equal(now.revision, 29);
    assert.equal(s.list('/registry/pods/default/p1').items.length, 9, 'prefix is a plain key prefix (p10..p19 without the deleted p15)');
  } finally {
    await s.close();
  }
});

test('watch replays history from a revision, then live events, each once and in order; Expired after compaction', async () => {
  const s = await openStore(tmp());
  try {
    for (let i = 0; i < 5; i++) await s.create(key(`w${i}`), pod(`w${i}`));
    await s.create('/registry/services/default/x', { metadata: { name: 'x' } });
    const seen: StoreEvent[] = [];
    const sub = s.watch('/registry/pods/', 2, (e) => seen.push(e));
    assert.deepEqual(seen.map((e) => e.revision), [3, 4, 5], 'replay: after 2, only pods');
    await s.update(key('w0'), pod('w0', { v: 2 }));
    await s.delete(key('w1'));
    assert.deepEqual(seen.map((e) => [e.type, e.revision]), [['ADDED', 3], ['ADDED', 4], ['ADDED', 5], ['MODIFIED', 7], ['DELETED', 8]]);
    assert.equal(seen[3].prevValue.metadata.resourceVersion, '1');
    assert.equal(seen[4].value.metadata.resourceVersion, '8', 'DELETED carries the last state at the delete\'s revision');
    sub.stop();
    await s.create(key('after-stop'), pod('after-stop'));
    assert.equal(seen.length, 5);

    // Concurrent writers: a watcher sees every revision exactly once, in order.
    const all: number[] = [];
    s.watch('', s.revision, (e) => all.push(e.revision));
    const start = s.revision;
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.create(key(`c${i}`), pod(`c${i}`))));
    assert.deepEqual(all, Array.from({ length: 50 }, (_, i) => start + 1 + i));

    await s.compact(6);
    assert.equal(s.compactedRevision, 6);
    assert.throws(() => s.watch('/registry/pods/', 5, () => undefined), (e: any) => e instanceof StoreError && e.code === 'Expired');
    const resumed: number[] = [];
    s.watch('/registry/pods/', 6, (e) => resumed.push(e.revision));
    assert.equal(resumed[0], 7, 'watch from the compacted revision itself still works');
  } finally {
    await s.close();
  }
});

test('list at an old revision in history, Expired once compacted', async () => {
  const s = await openStore(tmp());
  try {
    await s.create(key('a'), pod('a'));
    await s.create(key('b'), pod('b'));
    await s.update(key('a'), pod('a', { v: 2 }));
    await s.delete(key('b'));
    await s.create(key('c'), pod('c'));
    const at2 = s.list('/registry/pods/', { revision: 2 });
    assert.deepEqual(at2.items.map((o) => [o.key, o.modRevision]), [[key('a'), 1], [key('b'), 2]]);
    const at4 = s.list('/registry/pods/', { revision: 4, limit: 1 });
    assert.deepEqual(at4.items.map((o) => o.modRevision), [3]);
    assert.equal(at4.remaining, undefined, 'b is deleted at 4: nothing remains');
    await s.compact(3);
    await assert.rejects(async () => s.list('/registry/pods/', { revision: 2 }), (e: any) => e.code === 'Expired');
    await assert.rejects(async () => s.list('/registry/pods/', { continue: at2.continue ?? Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 2, start: key('a\u0000') })).toString('base64url') }), (e: any) => e.code === 'Expired');
    assert.equal(s.list('/registry/pods/', { revision: 3 }).items.length, 2);
  } finally {
    await s.close();
  }
});

test('automatic compaction keeps at most maxHistory events', async () => {
  const s = await openStore(tmp(), { maxHistory: 10, compactIntervalMs: 20 });
  try {
    for (let i = 0; i < 40; i++) await s.create(key(`m${i}`), pod(`m${i}`));
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(s.compactedRevision, 30);
    assert.throws(() => s.watch('', 29, () => undefined), (e: any) => e.code === 'Expired');
    assert.equal(s.list('/registry/pods/').items.length, 40, 'compaction drops history, not objects');
  } finally {
    await s.close();
  }
});

test('a second open of the same dir is refused while the first is open', async () => {
  const dir = tmp();
  const s = await openStore(dir);
  try {
    await assert.rejects(openStore(dir), /in use by process/);
  } finally {
    await s.close();
  }
  const again = await openStore(dir);
  await again.close();
});
