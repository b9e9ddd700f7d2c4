// The append-only journal: one line per write, `<crc32 hex> <json>\n`, with group commit.
// A write is handed back only after its line is on disk (fdatasync). There is no timer: the
// first write in a quiet moment is written at once; writes arriving while that fsync runs
// queue up and share the next one, so one writer pays one fsync per write and many writers
// share them. rotate() switches to a new file between two batches (snapshots use it to know
// exactly which writes the old file holds). Reading checks every line's checksum; only a
// torn last line (no newline) is tolerated.
import * as fs from 'node:fs';
import { crc32 } from 'node:zlib';
import { StoreError } from './types';
import { Slicer } from './slicer';
import type { Write } from './mvcc';

/** One journal line: the write's header, and the value's JSON text kept unparsed (see mvcc.storedObject). */
export type JournalEntry = Write;

/** `<crc32 of the rest> <header JSON>[TAB<value JSON>]` (JSON text never holds a raw TAB or newline). */
export function encodeLine(header: string, valueJson?: string): string {
  const body = valueJson === undefined ? header : header + '\t' + valueJson;
  return crc32(body).toString(16).padStart(8, '0') + ' ' + body + '\n';
}

interface Pending { line: string; revision: number; done: (err?: Error) => void }
interface Rotation { rotateTo: string; done: (err?: Error) => void }

/**
 * Journal files are grown in zero-filled steps ahead of the writes (as etcd's WAL does): an
 * fdatasync after overwriting blocks that already exist only flushes data, while one after
 * an append must also commit the new file size, which costs several times more on ext4.
 * A journal therefore ends in NUL bytes until it is closed (then it is truncated).
 */
// Small steps: the batch that grows the file also flushes the zeros, so a step costs one slower fsync.
const GROW = 1 << 20;
let zeros: Buffer | undefined;

/** An open journal file: fd, the write position, and how far it is zero-filled. */
interface Segment { fd: number; file: string; pos: number; allocated: number }

async function openSegment(file: string): Promise<Segment> {
  // A plain fd, not a FileHandle: a FileHandle that is garbage-collected closes its fd.
  const existed = fs.existsSync(file);
  const fd = await new Promise<number>((res, rej) => fs.open(file, existed ? 'r+' : 'w+', (e, fd) => (e ? rej(e) : res(fd))));
  const size = await new Promise<number>((res, rej) => fs.fstat(fd, (e, st) => (e ? rej(e) : res(st.size))));
  if (!existed) await fsyncDir(file);
  return { fd, file, pos: size, allocated: size };
}

export class JournalWriter {
  private queue: Array<Pending | Rotation> = [];
  private busy = false;
  private failed: Error | undefined;

  private constructor(private seg: Segment | undefined, private readonly onDurable: (revision: number) => void) {}

  get file(): string { return this.seg?.file ?? ''; }

  /** Opens (or creates) a journal for appending at its end; onDurable(rev) runs after each fsync, before the writes resolve. */
  static async open(file: string, onDurable: (revision: number) => void): Promise<JournalWriter> {
    return new JournalWriter(await openSegment(file), onDurable);
  }

  append(line: string, revision: number): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ line, revision, done: (e) => (e ? reject(e) : resolve()) });
      if (!this.busy) void this.run();
    });
  }

  /** Every write queued so far goes to the current file; every later one to `file`. */
  rotate(file: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rotateTo: file, done: (e) => (e ? reject(e) : resolve()) });
      if (!this.busy) void this.run();
    });
  }

  /** Waits for queued writes, then closes the file. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.rotate('').then(resolve, () => resolve()));
  }

  private async run(): Promise<void> {
    this.busy = true;
    while (this.queue.length) {
      const head = this.queue[0];
      if ('rotateTo' in head) {
        this.queue.shift();
        try {
          if (this.seg) await closeSegment(this.seg);
          this.seg = undefined;
          if (head.rotateTo) this.seg = await openSegment(head.rotateTo);
          else this.failed = new StoreError('Closed', 'store is closed');
          head.done();
        } catch (e) {
          this.fail(e as Error);
          head.done(e as Error);
        }
        continue;
      }
      let n = 0;
      while (n < this.queue.length && !('rotateTo' in this.queue[n])) n++;
      const batch = this.queue.splice(0, n) as Pending[];
      try {
        if (this.failed) throw this.failed;
        const seg = this.seg!;
        const buf = Buffer.from(batch.length === 1 ? batch[0].line : batch.map((p) => p.line).join(''));
        if (seg.pos + buf.length > seg.allocated) {
          const grow = Math.max(GROW, buf.length);
          zeros ??= Buffer.alloc(GROW);
          await writeAll(seg.fd, grow === GROW ? zeros : Buffer.alloc(grow), seg.allocated);
          seg.allocated += grow;
        }
        await writeAll(seg.fd, buf, seg.pos);
        seg.pos += buf.length;
        await new Promise<void>((res, rej) => fs.fdatasync(seg.fd, (e) => (e ? rej(e) : res())));
      } catch (e) {
        this.fail(e as Error);
        for (const p of batch) p.done(this.failed);
        continue;
      }
      this.onDurable(batch[batch.length - 1].revision);
      for (const p of batch) p.done();
    }
    this.busy = false;
  }

  /** After a failed write the memory state is ahead of the disk: refuse everything from now on. */
  private fail(e: Error): void {
    if (!this.failed) this.failed = new StoreError('Closed', `journal ${this.file} failed: ${e.message}; the store refuses further writes`);
  }
}

/** Cuts the zero-filled tail off, so a closed journal ends with its last line. */
async function closeSegment(seg: Segment): Promise<void> {
  await new Promise<void>((res, rej) => fs.ftruncate(seg.fd, seg.pos, (e) => (e ? rej(e) : res())));
  await new Promise<void>((res, rej) => fs.fsync(seg.fd, (e) => (e ? rej(e) : res())));
  await new Promise<void>((res, rej) => fs.close(seg.fd, (e) => (e ? rej(e) : res())));
}

async function writeAll(fd: number, buf: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    off += await new Promise<number>((res, rej) => fs.write(fd, buf, off, buf.length - off, position + off, (e, n) => (e ? rej(e) : res(n))));
  }
}

/** A new file's name is durable only once its directory is synced. */
export async function fsyncDir(file: string): Promise<void> {
  const dir = file.replace(/[/\\][^/\\]*$/, '') || '.';
  const fd = await fs.promises.open(dir, 'r');
  try { await fd.sync(); } finally { await fd.close(); }
}

export interface ReadResult {
  entries: JournalEntry[];
  /** Byte offset of each entry's line. */
  offsets: number[];
  /** Byte length of the valid part; a torn tail after it is to be cut off. */
  validBytes: number;
  torn: boolean;
}

/**
 * Parses a whole journal; a bad line other than a torn last one throws StoreError('Corrupt')
 * naming file and offset. The data ends at the first NUL byte (lines never contain one); the
 * zero-filled tail after it must be all NULs.
 */
export async function parseJournal(file: string, buf: Buffer): Promise<ReadResult> {
  const entries: JournalEntry[] = [];
  const offsets: number[] = [];
  const slicer = new Slicer();
  let end = buf.indexOf(0);
  if (end < 0) end = buf.length;
  const stray = firstNonZero(buf, end);
  if (stray >= 0) throw new StoreError('Corrupt', `${file}: corrupt journal: unexpected data at byte offset ${stray} after the end of the entries at ${end}`);
  let off = 0;
  while (off < end) {
    await slicer.maybeYield();
    const nl = buf.indexOf(10, off);
    if (nl < 0 || nl >= end) {
      // The last write never completed: it was never acknowledged.
      return { entries, offsets, validBytes: off, torn: true };
    }
    const entry = decodeLine(buf, off, nl);
    if (typeof entry === 'string') {
      throw new StoreError('Corrupt', `${file}: corrupt journal entry at byte offset ${off}: ${entry}`);
    }
    entries.push(entry);
    offsets.push(off);
    off = nl + 1;
  }
  return { entries, offsets, validBytes: off, torn: false };
}

function firstNonZero(buf: Buffer, from: number): number {
  const CH = 1 << 16;
  zeros ??= Buffer.alloc(GROW);
  for (let off = from; off < buf.length; off += CH) {
    const len = Math.min(CH, buf.length - off);
    if (!buf.subarray(off, off + len).equals(zeros.subarray(0, len))) {
      for (let i = off; i < off + len; i++) if (buf[i] !== 0) return i;
    }
  }
  return -1;
}

/** Decodes buf[start, nl); the value stays a slice of buf (parsed when first read). */
function decodeLine(buf: Buffer, start: number, nl: number): JournalEntry | string {
  const bodyStart = start + 9;
  if (nl - start < 10 || buf[start + 8] !== 32) return 'not a journal line';
  if (crc32(buf.subarray(bodyStart, nl)).toString(16).padStart(8, '0') !== buf.toString('latin1', start, start + 8)) return 'checksum mismatch';
  let tab = buf.indexOf(9, bodyStart);
  if (tab >= nl) tab = -1;
  try {
    const e = JSON.parse(buf.toString('utf8', bodyStart, tab < 0 ? nl : tab));
    if (!Number.isInteger(e.r) || typeof e.k !== 'string' || !/^[cud]$/.test(e.t) || !Number.isInteger(e.c)) return 'missing fields';
    if (e.t !== 'd') {
      if (tab < 0) return 'no value';
      e.vj = buf.subarray(tab + 1, nl);
    }
    return e;
  } catch (err) {
    return (err as Error).message;
  }
}
