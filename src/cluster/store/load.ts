// Cold start: the newest snapshot, then every journal after it, into a fresh Mvcc.
// Refuses to start over damaged or missing data: a corrupt file is renamed to
// `<file>.corrupt-<time>` and the error says where it is; a gap in the revisions (a snapshot
// that was kept aside, a journal deleted by hand) is an error too. Only a torn last line of
// the last journal is tolerated (cut off: that write was never acknowledged).
import * as fs from 'node:fs';
import { Mvcc, entryFor, storedObject } from './mvcc';
import { parseJournal } from './journal';
import { scan, keepAside, type StoreFiles } from './files';
import { readSnapshot, verifySnapshot } from './snapshot';
import { StoreError } from './types';

export interface Loaded {
  mvcc: Mvcc;
  files: StoreFiles;
  /** Revision of the snapshot loaded (0 if none). */
  snapshotRevision: number;
  /** The journal to keep appending to, if any. */
  lastJournal?: string;
  journalEntries: number;
}

/** readOnly: for reading the store of a running playground (no truncation, nothing moved aside). */
export async function load(dir: string, readOnly = false): Promise<Loaded> {
  const files = scan(dir, readOnly);
  if (files.keptAside.length) {
    throw new StoreError('Corrupt', `store ${dir} holds damaged files kept aside (${files.keptAside.join(', ')}); ` +
      'restore a snapshot (kube-playground snapshot restore FILE), or remove those files to accept the loss');
  }
  const mvcc = new Mvcc();
  const snap = files.snapshots[files.snapshots.length - 1];
  if (snap) await loadSnapshot(snap.file, mvcc, readOnly);
  let journalEntries = 0;
  for (let i = 0; i < files.journals.length; i++) {
    const j = files.journals[i];
    const last = i === files.journals.length - 1;
    if (j.firstRevision > mvcc.revision + 1) {
      throw new StoreError('Corrupt', `${j.file} starts at revision ${j.firstRevision} but the store only reaches revision ${mvcc.revision}: ` +
        'the data in between is missing (a snapshot kept aside or deleted?); restore a snapshot with `kube-playground snapshot restore FILE`');
    }
    // Read in one go: a bounded file, from the page cache, faster than many thread-pool round trips.
    const buf = fs.readFileSync(j.file);
    let read;
    try {
      read = await parseJournal(j.file, buf);
      if (read.torn && !last) throw new StoreError('Corrupt', `${j.file}: incomplete entry at byte offset ${read.validBytes} in a journal that is not the last one`);
      replay(j.file, read.entries, read.offsets, mvcc);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'Corrupt' && !readOnly) throw aside(j.file, e);
      throw e;
    }
    journalEntries += read.entries.length;
    // Cut a torn line and the zero-filled tail: the writer appends right after the last entry.
    if (!readOnly && buf.length > read.validBytes) {
      await fs.promises.truncate(j.file, read.validBytes);
    }
  }
  const lastJournal = files.journals[files.journals.length - 1]?.file;
  return { mvcc, files, snapshotRevision: snap?.revision ?? 0, lastJournal, journalEntries };
}

async function loadSnapshot(file: string, mvcc: Mvcc, readOnly: boolean): Promise<void> {
  try {
    const bytes = fs.readFileSync(file);
    const hasSum = fs.existsSync(file + '.sum');
    await verifySnapshot(file, bytes);
    let compacted = 0;
    let seeded = false;
    const meta = await readSnapshot(file, bytes, (m) => {
      compacted = m.compactedRevision;
      mvcc.revision = compacted;
      mvcc.compactedRevision = compacted;
    }, (row) => {
      if (row.id <= compacted) {
        if (!row.deleted) mvcc.seed(storedObject(row.name, row.createRevision, row.id, row.json));
        return;
      }
      if (!seeded) { mvcc.reindex(); seeded = true; }
      replayRow(file, row, mvcc);
    }, !hasSum);
    if (!seeded) mvcc.reindex();
    if (mvcc.revision !== meta.revision) {
      throw new StoreError('Corrupt', `${file}: corrupt snapshot at byte offset 0: history ends at revision ${mvcc.revision}, meta says ${meta.revision}`);
    }
  } catch (e) {
    if (e instanceof StoreError && e.code === 'Corrupt' && !readOnly) throw aside(file, e);
    throw e;
  }
}

function replayRow(file: string, row: { id: number; name: string; created: number; deleted: number; createRevision: number; json: Uint8Array }, mvcc: Mvcc): void {
  const prev = mvcc.current.get(row.name);
  const t = row.deleted ? 'd' : row.created ? 'c' : 'u';
  if (row.id !== mvcc.revision + 1 || (t === 'c') === !!prev) {
    throw new StoreError('Corrupt', `${file}: corrupt snapshot at byte offset 0: row id ${row.id} (${row.name}) does not follow revision ${mvcc.revision}`);
  }
  mvcc.apply(entryFor({ r: row.id, t, k: row.name, c: row.createRevision, vj: row.json }, prev));
}

function replay(file: string, entries: import('./journal').JournalEntry[], offsets: number[], mvcc: Mvcc): void {
  for (let i = 0; i < entries.length; i++) {
    const j = entries[i];
    if (j.r <= mvcc.revision) continue; // already in the snapshot
    const prev = mvcc.current.get(j.k);
    if (j.r !== mvcc.revision + 1) {
      throw new StoreError('Corrupt', `${file}: journal entry at byte offset ${offsets[i]} has revision ${j.r}, expected ${mvcc.revision + 1}`);
    }
    if ((j.t === 'c') === !!prev) {
      throw new StoreError('Corrupt', `${file}: journal entry at byte offset ${offsets[i]} (${j.t} ${j.k}) does not match the stored state`);
    }
    mvcc.apply(entryFor(j, prev));
  }
}

function aside(file: string, e: StoreError): StoreError {
  const kept = keepAside(file);
  return new StoreError('Corrupt', `${e.message}. The file was kept aside as ${kept}; the store refuses to start without it ` +
    '(restore a snapshot with `kube-playground snapshot restore FILE`)');
}
