// Durability: acknowledged writes survive SIGKILL; a torn last journal line is tolerated;
// damaged snapshots and journals are refused with file and offset, kept aside, never
// silently replaced by an empty store; snapshot save/restore round-trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { openStore, restoreSnapshot, StoreError } from '../../../src/cluster/store';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'store-dur-'));
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: name } });
const key = (name: string) => `/registry/configmaps/default/${name}`;
const files = (dir: string, re: RegExp) => fs.readdirSync(dir).filter((f) => re.test(f)).map((f) => path.join(dir, f));

test('every write acknowledged before SIGKILL is there after reopening', { timeout: 60_000 }, async () => {
  const dir = tmp();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crashWriter.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acked = new Map<string, number>();
  let buf = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('child wrote too little')), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        const [k, rev] = l.split(' ');
        acked.set(k, Math.max(acked.get(k) ?? 0, Number(rev)));
      }
      // Enough writes to have crossed several snapshots (snapshotEvery 300) and be mid-storm.
      if (acked.size >= 2500 && child.exitCode === null && !child.killed) {
        clearTimeout(timer);
        child.kill('SIGKILL');
      }
    });
    child.on('exit', () => { clearTimeout(timer); resolve(); });
  });
  assert.ok(acked.size >= 2500, `only ${acked.size} writes acknowledged`);
  const s = await openStore(dir);
  try {
    let missing = 0;
    for (const [k, rev] of acked) {
      const o = s.get(k);
      if (!o || o.modRevision < rev) missing++;
    }
    assert.equal(missing, 0, `${missing} of ${acked.size} acknowledged writes lost`);
    assert.ok(files(dir, /^snapshot-.*\.db$/).length >= 1, 'snapshots were taken during the storm');
    // The store keeps working after recovery.
    const o = await s.create(key('after-crash'), cm('after-crash'));
    assert.equal(o.modRevision, s.revision);
  } finally {
    await s.close();
  }
});

test('a torn last journal line is dropped; the store opens and appends cleanly', async () => {
  const dir = tmp();
  let s = await openStore(dir);
  for (let i = 0; i < 5; i++) await s.create(key(`t${i}`), cm(`t${i}`));
  await s.close();
  const [journal] = files(dir, /^journal-.*\.log$/);
  fs.appendFileSync(journal, '1a2b3c4d {"r":6,"t":"c","k":"/registry/configmaps/default/t5","c":6,"v":{"meta');
  s = await openStore(dir);
  try {
    assert.equal(s.revision, 5);
    assert.equal(s.get(key('t5')), undefined);
    await s.create(key('t5'), cm('t5'));
  } finally {
    await s.close();
  }
  s = await openStore(dir);
  assert.equal(s.get(key('t5'))?.modRevision, 6, 'the journal was cut at the torn line before appending');
  await s.close();
});

test('a corrupt journal entry is refused with file and offset, kept aside, and never starts empty', async () => {
  const dir = tmp();
  const s = await openStore(dir);
  for (let i = 0; i < 5; i++) await s.create(key(`j${i}`), cm(`j${i}`));
  await s.close();
  const [journal] = files(dir, /^journal-.*\.log$/);
  const text = fs.readFileSync(journal, 'utf8');
  const lines = text.split('\n');
  const offset = lines[0].length + 1 + lines[1].length + 1; // third line
  const damaged = text.slice(0, offset + 30) + 'X' + text.slice(offset + 31);
  fs.writeFileSync(journal, damaged);
  const err = await openStore(dir).then(() => undefined, (e) => e);
  assert.ok(err instanceof StoreError && err.code === 'Corrupt', String(err));
  assert.match(err.message, new RegExp(`${path.basename(journal)}: corrupt journal entry at byte offset ${offset}`));
  assert.match(err.message, /kept aside as .*\.corrupt-/);
  const kept = files(dir, /\.corrupt-/);
  assert.equal(kept.length, 1);
  assert.equal(fs.readFileSync(kept[0], 'utf8'), damaged, 'the bad file is kept as it was');
  // Starting again must not come up empty over the lost data.
  await assert.rejects(openStore(dir), /kept aside/);
});

test('a corrupt snapshot is refused with file and offset; the gap is noticed on the next start', async () => {
  const dir = tmp();
  const s = await openStore(dir, { snapshotEvery: 10 });
  for (let i = 0; i < 25; i++) await s.create(key(`s${i}`), cm(`s${i}`));
  await s.snapshot();
  await s.close();
  const [snap] = files(dir, /^snapshot-.*\.db$/);
  const bytes = fs.readFileSync(snap);
  const at = bytes.length - 100;
  bytes[at] ^= 0xff;
  fs.writeFileSync(snap, bytes);
  const err = await openStore(dir).then(() => undefined, (e) => e);
  assert.ok(err instanceof StoreError && err.code === 'Corrupt', String(err));
  const blockStart = at - (at % (1 << 20));
  assert.match(err.message, new RegExp(`${path.basename(snap)}: corrupt snapshot at byte offset ${blockStart}`));
  assert.ok(fs.existsSync(err.message.match(/kept aside as (\S+?);/)![1]));
  // Remove the kept-aside file: the journal now starts after a revision nobody has.
  for (const f of files(dir, /\.corrupt-/)) fs.rmSync(f);
  await assert.rejects(openStore(dir), /data in between is missing/);
});

test('a snapshot that is not a database at all names the header offset', async () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'snapshot-000000000007.db'), 'SQLite format 2 and then garbage, long enough to pass the first length check.'.repeat(3));
  const err = await openStore(dir).then(() => undefined, (e) => e);
  assert.match(String(err), /snapshot-000000000007\.db: corrupt snapshot at byte offset 14: not a SQLite database/);
});

test('saveSnapshot then restoreSnapshot into a stopped data dir brings back that state', async () => {
  const dataDir = tmp();
  const storeDir = path.join(dataDir, 'store');
  let s = await openStore(storeDir);
  for (let i = 0; i < 20; i++) await s.create(key(`b${i}`), cm(`b${i}`));
  await s.delete(key('b3'));
  const backup = path.join(tmp(), 'backup.db');
  const saved = await s.saveSnapshot(backup);
  assert.equal(saved.revision, 21);
  await s.create(key('after-backup'), cm('after-backup'));
  await assert.rejects(restoreSnapshot(backup, dataDir), /is running/);
  await s.close();

  // A damaged backup is refused before anything is replaced.
  const bad = path.join(tmp(), 'bad.db');
  fs.writeFileSync(bad, fs.readFileSync(backup).subarray(0, 3000));
  await assert.rejects(restoreSnapshot(bad, dataDir), /bad\.db: corrupt snapshot at byte offset/);

  const r = await restoreSnapshot(backup, dataDir);
  assert.deepEqual(r, { revision: 21, objects: 19 });
  s = await openStore(storeDir);
  try {
    assert.equal(s.revision, 21);
    assert.equal(s.get(key('after-backup')), undefined);
    assert.equal(s.get(key('b3')), undefined);
    assert.equal(s.get(key('b4'))?.value.data.k, 'b4');
    assert.equal(s.list('/registry/configmaps/').items.length, 19);
    const next = await s.create(key('new'), cm('new'));
    assert.equal(next.modRevision, 22);
  } finally {
    await s.close();
  }
  assert.ok(fs.existsSync(path.join(dataDir, 'store.before-restore')), 'the replaced store is kept once');
});
