// SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00, plus 3.1's session-level WINDOW_UPDATE):
// the 8-byte frame header, the control frames Kubernetes' spdystream peers exchange
// (SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE) and DATA.
// Not implemented: CREDENTIAL (never used by Kubernetes clients); unknown control frames are
// skipped as the spec asks.
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './headerCompression';

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;
export const SETTINGS_INITIAL_WINDOW_SIZE = 7;
/** RST_STREAM status codes used here. */
export const RST = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, CANCEL: 5, INTERNAL_ERROR: 6, FLOW_CONTROL_ERROR: 7, STREAM_IN_USE: 8 } as const;
export const GOAWAY = { OK: 0, PROTOCOL_ERROR: 1, INTERNAL_ERROR: 2 } as const;
const TYPE = { SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9 } as const;

export type Frame =
  | { type: 'data'; streamId: number; fin: boolean; data: Buffer }
  | { type: 'synStream'; streamId: number; associatedTo: number; priority: number; fin: boolean; unidirectional: boolean; headers: SpdyHeaders }
  | { type: 'synReply'; streamId: number; fin: boolean; headers: SpdyHeaders }
  | { type: 'rstStream'; streamId: number; status: number }
  | { type: 'settings'; clear: boolean; entries: { flags: number; id: number; value: number }[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'headers'; streamId: number; fin: boolean; headers: SpdyHeaders }
  | { type: 'windowUpdate'; streamId: number; delta: number };

export class SpdyProtocolError extends Error {}

/** Encodes frames; owns the compressing half of the connection's header zlib stream. */
export class FrameEncoder {
  private readonly compressor = new HeaderCompressor();

  encode(f: Frame): Buffer {
    switch (f.type) {
      case 'data': {
        const h = Buffer.alloc(8);
        h.writeUInt32BE(f.streamId & 0x7fffffff, 0);
        h.writeUInt32BE(((f.fin ? FLAG_FIN : 0) << 24) | f.data.length, 4);
        return Buffer.concat([h, f.data]);
      }
      case 'synStream': {
        const p = Buffer.alloc(10);
        p.writeUInt32BE(f.streamId & 0x7fffffff, 0);
        p.writeUInt32BE(f.associatedTo & 0x7fffffff, 4);
        p[8] = (f.priority & 7) << 5;
        const flags = (f.fin ? FLAG_FIN : 0) | (f.unidirectional ? FLAG_UNIDIRECTIONAL : 0);
        return control(TYPE.SYN_STREAM, flags, Buffer.concat([p, this.compressor.compress(f.headers)]));
      }
      case 'synReply':
        return control(TYPE.SYN_REPLY, f.fin ? FLAG_FIN : 0, Buffer.concat([u32(f.streamId), this.compressor.compress(f.headers)]));
      case 'headers':
        return control(TYPE.HEADERS, f.fin ? FLAG_FIN : 0, Buffer.concat([u32(f.streamId), this.compressor.compress(f.headers)]));
      case 'rstStream':
        return control(TYPE.RST_STREAM, 0, Buffer.concat([u32(f.streamId), u32(f.status)]));
      case 'settings': {
        const p = Buffer.alloc(4 + 8 * f.entries.length);
        p.writeUInt32BE(f.entries.length, 0);
        f.entries.forEach((e, i) => {
          p.writeUInt32BE(((e.flags & 0xff) << 24 | (e.id & 0xffffff)) >>> 0, 4 + 8 * i);
          p.writeUInt32BE(e.value >>> 0, 8 + 8 * i);
        });
        return control(TYPE.SETTINGS, f.clear ? 1 : 0, p);
      }
      case 'ping':
        return control(TYPE.PING, 0, u32(f.id));
      case 'goaway':
        return control(TYPE.GOAWAY, 0, Buffer.concat([u32(f.lastGoodStreamId), u32(f.status)]));
      case 'windowUpdate':
        return control(TYPE.WINDOW_UPDATE, 0, Buffer.concat([u32(f.streamId), u32(f.delta)]));
    }
  }
}

/**
 * Turns a byte stream into frames; owns the inflating half of the header zlib stream.
 * Buffers at most one frame (≤ 16 MiB by the 24-bit length) beyond what it returns.
 */
export class FrameDecoder {
  private readonly decompressor = new HeaderDecompressor();
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4) & 0xffffff;
      if (this.buf.length < 8 + len) break;
      const frame = this.parse(this.buf.subarray(0, 8), this.buf.subarray(8, 8 + len));
      this.buf = this.buf.subarray(8 + len);
      if (frame) frames.push(frame);
    }
    return frames;
  }

  private parse(h: Buffer, p: Buffer): Frame | undefined {
    const flags = h[4];
    if (!(h[0] & 0x80)) {
      return { type: 'data', streamId: h.readUInt32BE(0) & 0x7fffffff, fin: !!(flags & FLAG_FIN), data: Buffer.from(p) };
    }
    const version = h.readUInt16BE(0) & 0x7fff;
    if (version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
    const type = h.readUInt16BE(2);
    const need = (n: number) => { if (p.length < n) throw new SpdyProtocolError(`short control frame type ${type}`); };
    const id = () => p.readUInt32BE(0) & 0x7fffffff;
    switch (type) {
      case TYPE.SYN_STREAM:
        need(10);
        return {
          type: 'synStream', streamId: id(), associatedTo: p.readUInt32BE(4) & 0x7fffffff, priority: p[8] >> 5,
          fin: !!(flags & FLAG_FIN), unidirectional: !!(flags & FLAG_UNIDIRECTIONAL),
          headers: this.decompressor.decompress(p.subarray(10)),
        };
      case TYPE.SYN_REPLY:
        need(4);
        return { type: 'synReply', streamId: id(), fin: !!(flags & FLAG_FIN), headers: this.decompressor.decompress(p.subarray(4)) };
      case TYPE.HEADERS:
        need(4);
        return { type: 'headers', streamId: id(), fin: !!(flags & FLAG_FIN), headers: this.decompressor.decompress(p.subarray(4)) };
      case TYPE.RST_STREAM:
        need(8);
        return { type: 'rstStream', streamId: id(), status: p.readUInt32BE(4) };
      case TYPE.SETTINGS: {
        need(4);
        const n = p.readUInt32BE(0);
        need(4 + 8 * n);
        const entries = [];
        for (let i = 0; i < n; i++) {
          const w = p.readUInt32BE(4 + 8 * i);
          entries.push({ flags: w >>> 24, id: w & 0xffffff, value: p.readUInt32BE(8 + 8 * i) });
        }
        return { type: 'settings', clear: !!(flags & 1), entries };
      }
      case TYPE.PING:
        need(4);
        return { type: 'ping', id: p.readUInt32BE(0) };
      case TYPE.GOAWAY:
        need(4);
        return { type: 'goaway', lastGoodStreamId: id(), status: p.length >= 8 ? p.readUInt32BE(4) : 0 };
      case TYPE.WINDOW_UPDATE:
        need(8);
        return { type: 'windowUpdate', streamId: id(), delta: p.readUInt32BE(4) & 0x7fffffff };
      default:
        return undefined;
    }
  }
}

function control(type: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  h.writeUInt16BE(type, 2);
  h.writeUInt32BE(((flags & 0xff) << 24 | payload.length) >>> 0, 4);
  return Buffer.concat([h, payload]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
