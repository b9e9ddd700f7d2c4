// SPDY/3.1 frame codec and header compression, checked against Node's own zlib as the
// independent implementation (a long-lived inflate/deflate primed with the dictionary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from '../../../src/cluster/apiserver/streams/spdy/dictionary';
import { FrameDecoder, FrameEncoder, type Frame } from '../../../src/cluster/apiserver/streams/spdy/frames';
import { adler32, encodeHeaderBlock, HeaderCompressor, HeaderDecompressor } from '../../../src/cluster/apiserver/streams/spdy/headerCompression';

test('the dictionary is the SPDY/3 one: 1423 bytes, its Adler-32 as zlib computes it', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  const deflated = zlib.deflateSync(Buffer.from('x'), { dictionary: SPDY3_DICTIONARY });
  assert.equal(deflated.readUInt32BE(2), adler32(SPDY3_DICTIONARY), 'DICTID in a real zlib header');
  assert.ok(SPDY3_DICTIONARY.subarray(0, 11).equals(Buffer.from([0, 0, 0, 7, ...Buffer.from('options')])));
  assert.equal(SPDY3_DICTIONARY.subarray(-7).toString(), ',enq=0.');
});

test('our header blocks form one zlib stream a long-lived real inflate reads', async () => {
  const c = new HeaderCompressor();
  const blocks = [0, 1, 2, 3].map((i) => ({ streamtype: [i % 2 ? 'data' : 'error'], port: ['8080'], requestid: [String(i)] }));
  const compressed = blocks.map((b) => c.compress(b));
  const inflate = zlib.createInflate({ dictionary: SPDY3_DICTIONARY });
  const out: Buffer[] = [];
  inflate.on('data', (d: Buffer) => out.push(d));
  for (const b of compressed) inflate.write(b);
  await new Promise<void>((r) => inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => r()));
  inflate.close();
  assert.ok(Buffer.concat(out).equals(Buffer.concat(blocks.map(encodeHeaderBlock))));
});

test('we read header blocks from a long-lived real deflate (as Go clients send them)', async () => {
  const deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY, level: 9 });
  const d = new HeaderDecompressor();
  // Enough blocks that the history outgrows zlib's 32 KiB window.
  for (let i = 0; i < 600; i++) {
    const chunks: Buffer[] = [];
    const on = (x: Buffer) => chunks.push(x);
    deflate.on('data', on);
    const headers = { streamtype: ['stdout'], 'x-multi': ['a', 'b'], requestid: [String(i)], 'x-pad': [`${i}`.repeat(20 + (i % 7))] };
    deflate.write(encodeHeaderBlock(headers));
    await new Promise<void>((r) => deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => r()));
    deflate.off('data', on);
    assert.deepEqual(d.decompress(Buffer.concat(chunks)), headers);
  }
  deflate.close();
});

test('a header stream without the SPDY dictionary is refused', () => {
  const d = new HeaderDecompressor();
  assert.throws(() => d.decompress(zlib.deflateSync(encodeHeaderBlock({ a: ['b'] }))));
});

test('every frame type round-trips, also when split across reads', () => {
  const frames: Frame[] = [
    { type: 'synStream', streamId: 1, associatedTo: 0, priority: 3, fin: false, unidirectional: false, headers: { streamtype: ['error'] } },
    { type: 'synReply', streamId: 1, fin: false, headers: {} },
    { type: 'data', streamId: 1, fin: false, data: Buffer.from('hello') },
    { type: 'data', streamId: 1, fin: true, data: Buffer.alloc(0) },
    { type: 'headers', streamId: 3, fin: true, headers: { a: ['1'] } },
    { type: 'rstStream', streamId: 5, status: 5 },
    { type: 'settings', clear: false, entries: [{ flags: 1, id: 7, value: 65536 }, { flags: 0, id: 4, value: 100 }] },
    { type: 'ping', id: 7 },
    { type: 'goaway', lastGoodStreamId: 9, status: 0 },
    { type: 'windowUpdate', streamId: 0, delta: 32768 },
  ];
  const enc = new FrameEncoder();
  const wire = Buffer.concat(frames.map((f) => enc.encode(f)));
  const dec = new FrameDecoder();
  const got: Frame[] = [];
  for (let i = 0; i < wire.length; i += 7) got.push(...dec.push(wire.subarray(i, i + 7)));
  assert.deepEqual(got, frames);
});

test('control frames have the SPDY/3 header: control bit, version 3, type, flags, 24-bit length', () => {
  const b = new FrameEncoder().encode({ type: 'ping', id: 1 });
  assert.deepEqual([...b], [0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 1]);
  const d = new FrameEncoder().encode({ type: 'data', streamId: 3, fin: true, data: Buffer.from('ab') });
  assert.deepEqual([...d], [0, 0, 0, 3, 0x01, 0, 0, 2, 0x61, 0x62]);
});

test('unknown control frames are skipped; a wrong version is a protocol error', () => {
  const unknown = Buffer.from([0x80, 0x03, 0x00, 0x0a, 0, 0, 0, 2, 1, 2]);
  const ping = new FrameEncoder().encode({ type: 'ping', id: 3 });
  assert.deepEqual(new FrameDecoder().push(Buffer.concat([unknown, ping])), [{ type: 'ping', id: 3 }]);
  assert.throws(() => new FrameDecoder().push(Buffer.from([0x80, 0x02, 0x00, 0x06, 0, 0, 0, 4, 0, 0, 0, 1])));
});
