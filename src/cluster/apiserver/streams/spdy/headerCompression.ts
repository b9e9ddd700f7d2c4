// SPDY/3 header blocks (§2.6.10): a count and length-prefixed name/value pairs (several
// values of one name joined by NUL), compressed with zlib primed with the SPDY dictionary.
//
// Each direction of a connection is ONE zlib stream: every header block is a sync-flushed
// piece of it and may refer back to any earlier block. Node's zlib streams are asynchronous
// and its synchronous helpers start a fresh context per call, so the shared context is
// carried here as its sliding window instead: a block is deflated/inflated raw with the
// window (dictionary + everything sent/received so far, last 32 KiB) as preset dictionary.
// That is byte-for-byte what a long-lived context sees, and keeps frame coding synchronous
// and in order. The zlib header (with FDICT and the dictionary's Adler-32) opens the stream;
// no trailer is ever written because the stream ends with the connection.
// Our own blocks are tiny (SYN_REPLYs carry no headers), so they are Huffman-coded without
// back-references: valid at any point of the shared stream, and re-priming a 32 KiB window
// per block (~0.6 ms at level 9) would cost more than it saves.
import * as zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary';

/** Header names are lowercase; a name may carry several values. */
export type SpdyHeaders = Record<string, string[]>;

const WINDOW = 32 * 1024;
/** Longest header block we accept after inflating (a guard against zlib bombs). */
const MAX_HEADER_BLOCK = 1 << 20;

export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = [u32(Object.keys(headers).length)];
  for (const [name, values] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(values.join('\0'), 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  const headers: SpdyHeaders = {};
  let off = 0;
  const need = (n: number) => {
    if (off + n > block.length) throw new Error('truncated SPDY header block');
  };
  need(4);
  const count = block.readUInt32BE(off); off += 4;
  for (let i = 0; i < count; i++) {
    need(4); const nl = block.readUInt32BE(off); off += 4;
    need(nl); const name = block.toString('utf8', off, off + nl).toLowerCase(); off += nl;
    need(4); const vl = block.readUInt32BE(off); off += 4;
    need(vl); const value = block.toString('utf8', off, off + vl); off += vl;
    (headers[name] ??= []).push(...value.split('\0'));
  }
  return headers;
}

/** The zlib stream header: deflate, 32 KiB window, best compression, FDICT + DICTID. */
function zlibHeader(): Buffer {
  const h = Buffer.alloc(6);
  h[0] = 0x78; h[1] = 0xf9; // (0x78f9 % 31 === 0)
  h.writeUInt32BE(adler32(SPDY3_DICTIONARY), 2);
  return h;
}

export class HeaderCompressor {
  private started = false;

  compress(headers: SpdyHeaders): Buffer {
    const body = zlib.deflateRawSync(encodeHeaderBlock(headers), {
      strategy: zlib.constants.Z_HUFFMAN_ONLY, finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
    if (this.started) return body;
    this.started = true;
    return Buffer.concat([zlibHeader(), body]);
  }
}

export class HeaderDecompressor {
  private headerLeft = 6;
  /** The inflater's history: the dictionary, then every header byte received, last 32 KiB. */
  private window: Buffer = SPDY3_DICTIONARY;

  /** Throws on corrupt input: the connection is then unusable (a GOAWAY protocol error). */
  decompress(compressed: Buffer): SpdyHeaders {
    let data = compressed;
    if (this.headerLeft > 0) {
      const take = Math.min(this.headerLeft, data.length);
      if (this.headerLeft === 6 && ((data[0] & 0x0f) !== 8 || (data.length > 1 && !(data[1] & 0x20)))) {
        throw new Error('SPDY header stream is not a zlib stream with the SPDY dictionary');
      }
      this.headerLeft -= take;
      data = data.subarray(take);
    }
    const plain = data.length === 0 ? Buffer.alloc(0) : zlib.inflateRawSync(data, {
      dictionary: this.window, finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: MAX_HEADER_BLOCK,
    });
    const w = Buffer.concat([this.window, plain]);
    this.window = w.length > WINDOW ? w.subarray(w.length - WINDOW) : w;
    return decodeHeaderBlock(plain);
  }
}

export function adler32(buf: Buffer): number {
  let a = 1, b = 0;
  for (let i = 0; i < buf.length; i++) {
    a = (a + buf[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
