// The store's entry points: openStore (cold start from a store dir) and restoreSnapshot
// (replace a stopped playground's store with a backup). See store.ts for the design.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DurableStore, type StoreOptions } from './store';
import { JournalWriter } from './journal';
import { journalName, lock, lockHolder, snapshotName } from './files';
import { load } from './load';
import { readSnapshot, verifySnapshot, writeSnapshotFile } from './snapshot';
import { writeSnapshot } from './snapshotWriter';
import { StoreError } from './types';

export * from './types';
export type { StoreOptions } from './store';
export { DurableStore } from './store';

/** Opens (creating if needed) the store in `dir`. Rejects with StoreError('Corrupt') over damaged data, never starting empty over it. */
export async function openStore(dir: string, opts: StoreOptions = {}): Promise<DurableStore> {
  fs.mkdirSync(dir, { recursive: true });
  const unlock = lock(dir);
  try {
    const loaded = await load(dir);
    const store = new DurableStore(dir, loaded.mvcc, undefined, loaded.snapshotRevision, unlock, opts);
    const file = loaded.lastJournal ?? path.join(dir, journalName(loaded.mvcc.revision + 1));
    store.attach(await JournalWriter.open(file, store.onDurable));
    return store;
  } catch (e) {
    unlock();
    throw e;
  }
}

/** The store directory inside a playground data dir. */
export const storeDirOf = (dataDir: string) => path.join(dataDir, 'store');

/**
 * Replaces the store of a stopped playground with a snapshot file, after checking the file
 * completely. The previous store is kept as `store.before-restore` (one level of undo).
 */
export async function restoreSnapshot(file: string, dataDir: string): Promise<{ revision: number; objects: number }> {
  const dir = storeDirOf(dataDir);
  const holder = fs.existsSync(dir) ? lockHolder(dir) : undefined;
  if (holder !== undefined) throw new Error(`the playground in ${dataDir} is running (pid ${holder}); stop it before restoring a snapshot`);
  const bytes = await fs.promises.readFile(file);
  await verifySnapshot(file, bytes);
  const live = new Set<string>();
  const meta = await readSnapshot(file, bytes, () => undefined, (row) => {
    // A backup has no .sum: parse every value, so a damaged one is found now, not after the restore.
    try { JSON.parse(Buffer.from(row.json).toString('utf8')); } catch (e) { throw new StoreError('Corrupt', `${file}: corrupt snapshot at byte offset 0: row id ${row.id}: ${(e as Error).message}`); }
    if (row.deleted) live.delete(row.name); else live.add(row.name);
  }, true);
  if (meta.rows === 0 && meta.revision > 0 && meta.compactedRevision < meta.revision) {
    throw new StoreError('Corrupt', `${file}: corrupt snapshot at byte offset 0: no rows for revision ${meta.revision}`);
  }
  const backup = path.join(dataDir, 'store.before-restore');
  fs.rmSync(backup, { recursive: true, force: true });
  if (fs.existsSync(dir)) fs.renameSync(dir, backup);
  fs.mkdirSync(dir, { recursive: true });
  await writeSnapshotFile(path.join(dir, snapshotName(meta.revision)), bytes, true);
  return { revision: meta.revision, objects: live.size };
}

/**
 * Writes a snapshot of the store in `storeDir` from its files, without opening it for writing:
 * works while another process (a running playground) has it open. It holds every write that
 * process had acknowledged when the files were read. Retries if a snapshot rotation deletes a
 * file under it.
 */
export async function saveSnapshotFromDir(storeDir: string, file: string): Promise<{ revision: number; bytes: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const { mvcc } = await load(storeDir, true);
      const content = { revision: mvcc.revision, compactedRevision: mvcc.compactedRevision, objects: [...mvcc.current.values()], history: mvcc.history };
      const bytes = await writeSnapshot(content, path.resolve(file), false);
      return { revision: mvcc.revision, bytes };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw e;
    }
  }
}
