// The files of one store directory, and how a bad one is kept aside.
//   snapshot-<rev>.db (+ .sum)   SQLite snapshot at revision rev
//   journal-<rev>.log            writes from revision rev on
//   LOCK                         pid of the process that has the store open
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlive } from '../dataDir';

const pad = (n: number) => String(n).padStart(12, '0');
export const snapshotName = (rev: number) => `snapshot-${pad(rev)}.db`;
export const journalName = (rev: number) => `journal-${pad(rev)}.log`;

export interface StoreFiles {
  snapshots: Array<{ file: string; revision: number }>;
  journals: Array<{ file: string; firstRevision: number }>;
  keptAside: string[];
}

/** Lists the files; leftover temp files are removed unless readOnly (another process may be writing them). */
export function scan(dir: string, readOnly = false): StoreFiles {
  const out: StoreFiles = { snapshots: [], journals: [], keptAside: [] };
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    let m: RegExpExecArray | null;
    if (name.endsWith('.tmp')) { if (!readOnly) fs.rmSync(full, { force: true }); }
    else if (name.includes('.corrupt-')) out.keptAside.push(full);
    else if ((m = /^snapshot-(\d+)\.db$/.exec(name))) out.snapshots.push({ file: full, revision: Number(m[1]) });
    else if ((m = /^journal-(\d+)\.log$/.exec(name))) out.journals.push({ file: full, firstRevision: Number(m[1]) });
  }
  return out;
}

/** Renames a bad file to `<file>.corrupt-<time>` (its .sum goes along) and returns the new path. */
export function keepAside(file: string): string {
  const to = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(file, to);
  if (fs.existsSync(file + '.sum')) fs.renameSync(file + '.sum', to + '.sum');
  return to;
}

/** One process at a time: a second opener (or `snapshot restore` while running) is refused. */
export function lock(dir: string): () => void {
  const file = path.join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = lockHolder(dir);
      if (holder !== undefined) throw new Error(`store ${dir} is in use by process ${holder}`);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock store ${dir}`);
}

/** The pid holding the store, if that process is alive. */
export function lockHolder(dir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8'));
  } catch {
    return undefined;
  }
  return isAlive(pid) ? pid : undefined;
}
