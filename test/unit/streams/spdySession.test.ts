// The server-side SPDY session against a scripted client over a real TCP connection:
// stream accept, data both ways with FIN, PING echo, RST, window updates and flow control.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { FrameDecoder, FrameEncoder, type Frame } from '../../../src/cluster/apiserver/streams/spdy/frames';
import { SpdySession, type SpdyStream } from '../../../src/cluster/apiserver/streams/spdy/session';

let server: net.Server;
const sessions: SpdySession[] = [];
let onStream: (s: SpdyStream, session: SpdySession) => void = () => {};

before(async () => {
  server = net.createServer((sock) => {
    const s = new SpdySession(sock);
    sessions.push(s);
    s.on('stream', (st) => onStream(st, s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
after(async () => {
  for (const s of sessions) s.close();
  await new Promise<void>((r) => server.close(() => r()));
});

/** A client that sends frames and collects the server's. */
async function client() {
  const sock = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise<void>((r) => sock.once('connect', () => r()));
  const enc = new FrameEncoder(), dec = new FrameDecoder();
  const frames: Frame[] = [];
  let closed = false;
  sock.on('data', (d) => frames.push(...dec.push(d)));
  sock.on('close', () => { closed = true; });
  return {
    frames,
    send: (f: Frame) => sock.write(enc.encode(f)),
    async waitFor(pred: (f: Frame) => boolean, what: string): Promise<Frame> {
      for (let i = 0; i < 200; i++) {
        const f = frames.find(pred);
        if (f) return f;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no ${what}; got ${JSON.stringify(frames.map((f) => f.type))}`);
    },
    get closed() { return closed; },
    destroy: () => sock.destroy(),
  };
}

const syn = (streamId: number, headers: Record<string, string[]>, fin = false): Frame =>
  ({ type: 'synStream', streamId, associatedTo: 0, priority: 0, fin, unidirectional: false, headers });

test('streams are accepted with SYN_REPLY; data flows both ways and FIN ends each side', async () => {
  onStream = (s) => {
    assert.equal(s.header('streamtype'), 'stdin');
    let got = '';
    s.on('data', (d) => { got += d; });
    s.on('end', () => s.end(`echo:${got}`));
  };
  const c = await client();
  c.send(syn(1, { streamtype: ['stdin'] }));
  await c.waitFor((f) => f.type === 'synReply' && f.streamId === 1, 'SYN_REPLY');
  c.send({ type: 'data', streamId: 1, fin: false, data: Buffer.from('abc') });
  c.send({ type: 'data', streamId: 1, fin: true, data: Buffer.from('def') });
  const fin = await c.waitFor((f) => f.type === 'data' && f.fin, 'FIN');
  const data = c.frames.filter((f): f is Extract<Frame, { type: 'data' }> => f.type === 'data').map((f) => f.data.toString()).join('');
  assert.equal(data, 'echo:abcdef');
  assert.equal(fin.type === 'data' && fin.streamId, 1);
  c.destroy();
});

test('PINGs from the client are echoed', async () => {
  const c = await client();
  c.send({ type: 'ping', id: 5 });
  assert.deepEqual(await c.waitFor((f) => f.type === 'ping', 'PING'), { type: 'ping', id: 5 });
  c.destroy();
});

test('RST_STREAM from the client destroys our stream', async () => {
  let stream!: SpdyStream;
  onStream = (s) => { stream = s; };
  const c = await client();
  c.send(syn(1, { streamtype: ['data'] }));
  await c.waitFor((f) => f.type === 'synReply', 'SYN_REPLY');
  c.send({ type: 'rstStream', streamId: 1, status: 5 });
  for (let i = 0; i < 100 && !stream.destroyed; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(stream.destroyed);
  c.destroy();
});

test('consumed data is granted back with WINDOW_UPDATE for the stream and the session', async () => {
  onStream = (s) => { s.resume(); };
  const c = await client();
  c.send(syn(1, { streamtype: ['data'] }));
  await c.waitFor((f) => f.type === 'synReply', 'SYN_REPLY');
  c.send({ type: 'data', streamId: 1, fin: false, data: Buffer.alloc(40_000) });
  await c.waitFor((f) => f.type === 'windowUpdate' && f.streamId === 1, 'stream WINDOW_UPDATE');
  await c.waitFor((f) => f.type === 'windowUpdate' && f.streamId === 0, 'session WINDOW_UPDATE');
  c.destroy();
});

test('a peer that keeps a window holds our writes until it grants more', async () => {
  let stream!: SpdyStream;
  onStream = (s) => { stream = s; s.write(Buffer.alloc(100, 'x')); };
  const c = await client();
  c.send({ type: 'settings', clear: false, entries: [{ flags: 0, id: 7, value: 30 }] });
  c.send(syn(1, { streamtype: ['data'] }));
  await c.waitFor((f) => f.type === 'synReply', 'SYN_REPLY');
  await new Promise((r) => setTimeout(r, 100));
  const sent = () => c.frames.reduce((n, f) => n + (f.type === 'data' ? f.data.length : 0), 0);
  assert.equal(sent(), 30);
  c.send({ type: 'windowUpdate', streamId: 1, delta: 100 });
  await c.waitFor(() => sent() === 100, 'the rest');
  assert.ok(stream.writable);
  c.destroy();
});

test('the client going away ends the session and aborts its streams', async () => {
  let stream!: SpdyStream, session!: SpdySession;
  onStream = (s, sess) => { stream = s; session = sess; };
  const c = await client();
  c.send(syn(1, { streamtype: ['data'] }));
  await c.waitFor((f) => f.type === 'synReply', 'SYN_REPLY');
  c.destroy();
  for (let i = 0; i < 100 && !session.isClosed; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(session.isClosed);
  assert.ok(stream.destroyed);
});

test('GOAWAY from the client closes the connection', async () => {
  const c = await client();
  c.send({ type: 'goaway', lastGoodStreamId: 0, status: 0 });
  for (let i = 0; i < 100 && !c.closed; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(c.closed);
});
