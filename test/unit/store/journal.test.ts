// Journal format details: zero-filled tail, stray bytes after it, lazily parsed values, and
// history that survives a restart (watch from a revision before it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStore, StoreError } from '../../../src/cluster/store';
import { parseJournal, encodeLine } from '../../../src/cluster/store/journal';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'store-journal-'));
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: name } });
const key = (name: string) => `/registry/configmaps/default/${name}`;

test('a journal ends in zeros while open; data after the zeros is corruption, not a torn line', async () => {
  const line = encodeLine('{"r":1,"t":"c","k":"/a","c":1}', '{"metadata":{"name":"a"}}');
  const ok = Buffer.concat([Buffer.from(line), Buffer.alloc(4096)]);
  const r = await parseJournal('j.log', ok);
  assert.equal(r.entries.length, 1);
  assert.equal(r.validBytes, line.length);
  assert.equal(Buffer.from(r.entries[0].vj as Uint8Array).toString(), '{"metadata":{"name":"a"}}');
  const bad = Buffer.concat([Buffer.from(line), Buffer.alloc(100), Buffer.from('garbage'), Buffer.alloc(10)]);
  await assert.rejects(parseJournal('j.log', bad), (e: any) => e instanceof StoreError && e.message.includes(`j.log: corrupt journal: unexpected data at byte offset ${line.length + 100} `));
});

test('values survive reopening and read like plain objects (spread, JSON.stringify)', async () => {
  const dir = tmp();
  let s = await openStore(dir);
  await s.create(key('a'), cm('a'));
  await s.update(key('a'), { ...cm('a'), data: { k: 'changed' } });
  await s.close();
  s = await openStore(dir);
  try {
    const o = s.get(key('a'))!;
    assert.equal(o.value.data.k, 'changed');
    assert.equal(o.value.metadata.resourceVersion, '2');
    assert.deepEqual({ ...o }.value, o.value);
    assert.equal(JSON.parse(JSON.stringify(o)).value.data.k, 'changed');
  } finally {
    await s.close();
  }
});

test('history survives a restart: a watch from before it replays the same events', async () => {
  const dir = tmp();
  let s = await openStore(dir, { snapshotEvery: 4 });
  for (let i = 0; i < 6; i++) await s.create(key(`h${i}`), cm(`h${i}`));
  await s.delete(key('h0'));
  await s.snapshot();
  await s.update(key('h1'), cm('h1'));
  await s.close();
  s = await openStore(dir);
  try {
    const seen: string[] = [];
    s.watch('/registry/configmaps/', 2, (e) => seen.push(`${e.type} ${e.key.split('/').pop()} ${e.revision} ${e.value.metadata.resourceVersion}`));
    assert.deepEqual(seen, ['ADDED h2 3 3', 'ADDED h3 4 4', 'ADDED h4 5 5', 'ADDED h5 6 6', 'DELETED h0 7 7', 'MODIFIED h1 8 8']);
    assert.deepEqual(s.list('/registry/configmaps/', { revision: 1 }).items.map((o) => o.key), [key('h0')]);
  } finally {
    await s.close();
  }
});
