// Snapshots: the whole store as a SQLite database file in kine's shape (the `kine` log table:
// every history row after the compacted revision, plus the latest row of each live key; a
// `meta` table holds the revision and compacted revision).
//
// Why built this way: the hot state lives in JS maps (mvcc.ts), so a snapshot is built into a
// fresh in-memory sql.js database from an immutable capture of that state (stored objects are
// replaced on write, never mutated). snapshotRows() serializes the rows in slices of a few ms;
// SnapshotBuilder inserts them and exports the file, on a worker thread (snapshotWriter.ts)
// or, without one, here between slices (then export() is the one step that runs in one go).
// The file is written to a temp name, fsynced and renamed. Beside it, `<file>.sum` holds a
// SHA-256 per 1 MiB block, so a damaged snapshot is reported with the byte offset of the bad
// block. Files without a .sum (backups) are checked with SQLite's header and quick_check.
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'sql.js';
import { loadSqlJs, SCHEMA, INDEX } from './sqlite';
import { Slicer } from './slicer';
import { fsyncDir } from './journal';
import { StoreError, type StoredObject } from './types';
import { jsonOf, type HistoryEntry } from './mvcc';

const BLOCK = 1 << 20;
const FORMAT = '1';

export interface SnapshotContent {
  revision: number;
  compactedRevision: number;
  /** Current objects; those with modRevision > compactedRevision are also in history. */
  objects: StoredObject[];
  history: HistoryEntry[];
}

/** One kine row: id, name, created, deleted, create_revision, prev_revision, value (JSON). */
export type Row = [number, string, number, number, number, number, string];

/**
 * The rows of a snapshot, in batches, each batch produced within one time slice (the
 * JSON.stringify of the values is the main cost on the calling thread).
 */
export async function* snapshotRows(c: SnapshotContent): AsyncGenerator<Row[]> {
  const slicer = new Slicer(4);
  let batch: Row[] = [];
  const take = () => {
    if (!slicer.due()) return undefined;
    const out = batch;
    batch = [];
    return out;
  };
  for (const o of c.objects) {
    if (o.modRevision > c.compactedRevision) continue;
    batch.push([o.modRevision, o.key, o.createRevision === o.modRevision ? 1 : 0, 0, o.createRevision, 0, jsonOf(o)]);
    const out = take();
    if (out) { yield out; await slicer.maybeYield(); }
  }
  for (const e of c.history) {
    if (e.revision > c.revision) break;
    const createRevision = (e.obj ?? e.prev)!.createRevision;
    batch.push([e.revision, e.key, e.type === 'ADDED' ? 1 : 0, e.type === 'DELETED' ? 1 : 0, createRevision, e.prev?.modRevision ?? 0, e.obj ? jsonOf(e.obj) : JSON.stringify(e.value)]);
    const out = take();
    if (out) { yield out; await slicer.maybeYield(); }
  }
  if (batch.length) yield batch;
}

/** Builds a snapshot database from row batches; used on a worker thread, or sliced on the main one. */
export class SnapshotBuilder {
  private readonly ins: Statement;
  private constructor(private readonly db: Database) {
    this.ins = db.prepare('INSERT INTO kine (id, name, created, deleted, create_revision, prev_revision, value) VALUES (?,?,?,?,?,?,?)');
  }

  static async create(): Promise<SnapshotBuilder> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    // No rollback journal: the database is thrown away if anything fails.
    // 64 KiB pages: a smaller file, and fewer page copies through sql.js' in-memory file system.
    db.run('PRAGMA page_size=65536; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;');
    db.run(SCHEMA);
    // Maintained row by row, so no single long CREATE INDEX at the end.
    db.run(INDEX);
    return new SnapshotBuilder(db);
  }

  add(rows: Row[]): void {
    this.db.run('BEGIN');
    for (const r of rows) this.ins.run(r);
    this.db.run('COMMIT');
  }

  finish(meta: { revision: number; compactedRevision: number }): Uint8Array {
    try {
      this.ins.free();
      const st = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      for (const [k, v] of [['format', FORMAT], ['revision', String(meta.revision)], ['compact_revision', String(meta.compactedRevision)]]) st.run([k, v]);
      st.free();
      return this.db.export();
    } finally {
      this.db.close();
    }
  }

  abort(): void {
    try { this.db.close(); } catch { /* already closed */ }
  }
}

/** Builds the database on this thread, in slices, and returns its bytes. */
export async function buildSnapshot(c: SnapshotContent): Promise<Uint8Array> {
  const b = await SnapshotBuilder.create();
  try {
    for await (const rows of snapshotRows(c)) {
      b.add(rows);
      await new Promise<void>((r) => setImmediate(r));
    }
  } catch (e) {
    b.abort();
    throw e;
  }
  return b.finish(c);
}

/** Writes bytes to file atomically and durably (temp file, fsync, rename, fsync dir), with its .sum beside it. */
export async function writeSnapshotFile(file: string, bytes: Uint8Array, withSum: boolean): Promise<void> {
  if (withSum) await writeDurably(file + '.sum', Buffer.from(JSON.stringify(await blockSums(bytes))));
  await writeDurably(file, bytes);
}

async function writeDurably(file: string, data: Uint8Array): Promise<void> {
  const tmp = file + '.tmp';
  const fh = await fs.promises.open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(tmp, file);
  await fsyncDir(file);
}

interface Sums { format: number; bytes: number; block: number; sha256: string[] }

async function blockSums(bytes: Uint8Array): Promise<Sums> {
  const sha256: string[] = [];
  for (let off = 0; off < bytes.length; off += BLOCK) {
    sha256.push(createHash('sha256').update(bytes.subarray(off, off + BLOCK)).digest('hex'));
    await new Promise<void>((r) => setImmediate(r));
  }
  return { format: 1, bytes: bytes.length, block: BLOCK, sha256 };
}

function corrupt(file: string, offset: number, why: string): StoreError {
  return new StoreError('Corrupt', `${file}: corrupt snapshot at byte offset ${offset}: ${why}`);
}

/** Checks a snapshot's bytes against its .sum if there is one, else SQLite's header; throws Corrupt with the offset. */
export async function verifySnapshot(file: string, bytes: Uint8Array): Promise<void> {
  let sums: Sums | undefined;
  try {
    sums = JSON.parse(await fs.promises.readFile(file + '.sum', 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw corrupt(file + '.sum', 0, (e as Error).message);
  }
  if (sums) {
    if (bytes.length !== sums.bytes) throw corrupt(file, Math.min(bytes.length, sums.bytes), `file is ${bytes.length} bytes, expected ${sums.bytes}`);
    for (let i = 0; i * sums.block < bytes.length; i++) {
      const off = i * sums.block;
      if (createHash('sha256').update(bytes.subarray(off, off + sums.block)).digest('hex') !== sums.sha256[i]) {
        throw corrupt(file, off, `checksum mismatch in bytes ${off}..${Math.min(off + sums.block, bytes.length) - 1}`);
      }
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  checkHeader(file, bytes);
}

function checkHeader(file: string, b: Uint8Array): void {
  const magic = 'SQLite format 3\u0000';
  if (b.length < 100) throw corrupt(file, b.length, 'file too short for a SQLite header');
  for (let i = 0; i < 16; i++) if (b[i] !== magic.charCodeAt(i)) throw corrupt(file, i, 'not a SQLite database (bad header)');
  let pageSize = (b[16] << 8) | b[17];
  if (pageSize === 1) pageSize = 65536;
  if (pageSize < 512 || (pageSize & (pageSize - 1))) throw corrupt(file, 16, `invalid page size ${pageSize}`);
  const pages = ((b[28] << 24) | (b[29] << 16) | (b[30] << 8) | b[31]) >>> 0;
  if (pages && pages * pageSize !== b.length) throw corrupt(file, Math.min(b.length, pages * pageSize), `header says ${pages} pages of ${pageSize} bytes, file has ${b.length} bytes`);
}

export interface SnapshotRow {
  id: number; name: string; created: number; deleted: number; createRevision: number; prevRevision: number;
  /** The value's JSON text as UTF-8 bytes (parsed by whoever needs it). */
  json: Uint8Array;
}

/**
 * Opens a verified snapshot and streams its rows in revision order (sliced). `deep` runs
 * SQLite's quick_check first (for files without a .sum). SQL or JSON errors become Corrupt.
 */
export async function readSnapshot(
  file: string, bytes: Uint8Array,
  onMeta: (m: { revision: number; compactedRevision: number }) => void,
  onRow: (r: SnapshotRow) => void, deep = false,
): Promise<{ revision: number; compactedRevision: number; rows: number }> {
  const SQL = await loadSqlJs();
  let db: Database | undefined;
  let at = 'opening';
  try {
    db = new SQL.Database(bytes);
    if (deep) {
      at = 'integrity check';
      const res = db.exec('PRAGMA quick_check')[0]?.values.map((v) => String(v[0])) ?? [];
      if (res.length && res[0] !== 'ok') {
        const page = /page (\d+)/i.exec(res[0]);
        const offset = page ? (Number(page[1]) - 1) * pageSizeOf(bytes) : 0;
        throw corrupt(file, offset, res.slice(0, 3).join('; '));
      }
    }
    at = 'reading meta';
    const meta = new Map<string, string>();
    for (const row of db.exec('SELECT key, value FROM meta')[0]?.values ?? []) meta.set(String(row[0]), String(row[1]));
    if (meta.get('format') !== FORMAT) throw new Error(`unknown snapshot format ${meta.get('format')}`);
    const revision = Number(meta.get('revision'));
    const compactedRevision = Number(meta.get('compact_revision'));
    if (!Number.isInteger(revision) || !Number.isInteger(compactedRevision)) throw new Error('meta table lacks revisions');
    onMeta({ revision, compactedRevision });
    at = 'reading rows';
    let rows = 0;
    // The value as a BLOB: its bytes land off the JS heap (see mvcc.storedObject).
    const st = db.prepare('SELECT id, name, created, deleted, create_revision, prev_revision, CAST(value AS BLOB) FROM kine ORDER BY id');
    const slicer = new Slicer();
    try {
      while (st.step()) {
        const [id, name, created, deleted, cr, pr, value] = st.get() as [number, string, number, number, number, number, Uint8Array];
        at = `reading row id ${id}`;
        if (!(value instanceof Uint8Array)) throw new Error(`row id ${id} has no value`);
        onRow({ id, name, created, deleted, createRevision: cr, prevRevision: pr, json: value });
        rows++;
        await slicer.maybeYield();
      }
    } finally {
      st.free();
    }
    return { revision, compactedRevision, rows };
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw corrupt(file, 0, `${at}: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
}

function pageSizeOf(b: Uint8Array): number {
  const p = (b[16] << 8) | b[17];
  return p === 1 ? 65536 : p;
}
