// SPDY/3.1 remote command and port-forward with a scripted client (our own codec as the
// client side): protocol negotiation, tty + resize stream, the v4 status on the error stream.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { FrameDecoder, FrameEncoder, type Frame } from '../../../src/cluster/apiserver/streams/spdy/frames';
import { startHarness, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

function upgrade(path: string, protocols: string[]): Promise<{ status: number; headers: Record<string, unknown>; body?: string; socket?: Duplex }> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${h.url}${path}`, {
      method: 'POST', ca: h.caPem,
      headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', ...(protocols.length ? { 'X-Stream-Protocol-Version': protocols } : {}) },
    });
    req.on('upgrade', (res, socket) => resolve({ status: res.statusCode!, headers: res.headers, socket }));
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function spdyClient(socket: Duplex) {
  const enc = new FrameEncoder(), dec = new FrameDecoder();
  const frames: Frame[] = [];
  socket.on('data', (d: Buffer) => frames.push(...dec.push(d)));
  const send = (f: Frame) => socket.write(enc.encode(f));
  const data = (id: number) => Buffer.concat(frames.filter((f): f is Extract<Frame, { type: 'data' }> => f.type === 'data' && f.streamId === id).map((f) => f.data)).toString();
  const finned = (id: number) => frames.some((f) => f.type === 'data' && f.streamId === id && f.fin);
  const open = (id: number, headers: Record<string, string>) =>
    send({ type: 'synStream', streamId: id, associatedTo: 0, priority: 0, fin: false, unidirectional: false, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])) });
  return { frames, send, data, finned, open };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond(), what);
}

test('no protocol in common is a 403 Status naming both sides', async () => {
  const r = await upgrade('/api/v1/namespaces/default/pods/p1/exec?command=true&stdout=true', ['v9.channel.k8s.io']);
  assert.equal(r.status, 403);
  const s = JSON.parse(r.body!);
  assert.equal(s.reason, 'Forbidden');
  assert.match(s.message, /unable to negotiate protocol: client supports \[v9.channel.k8s.io\], server supports \[v4.channel.k8s.io/);
});

test('v4 with tty: streams by streamtype, resize reaches the session, status JSON then FIN', async () => {
  const r = await upgrade('/api/v1/namespaces/default/pods/p1/exec?command=cat&stdin=true&stdout=true&tty=true', ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
  assert.equal(r.status, 101);
  assert.equal(r.headers['x-stream-protocol-version'], 'v4.channel.k8s.io');
  assert.equal(r.headers.upgrade, 'SPDY/3.1');
  const c = spdyClient(r.socket!);
  c.open(1, { streamtype: 'error' });
  c.open(3, { streamtype: 'stdin' });
  c.open(5, { streamtype: 'stdout' });
  c.open(7, { streamtype: 'resize' });
  await until(() => c.frames.filter((f) => f.type === 'synReply').length === 4, 'four SYN_REPLYs');
  c.send({ type: 'data', streamId: 7, fin: false, data: Buffer.from('{"Width":100,"Height":30}\n') });
  c.send({ type: 'data', streamId: 3, fin: true, data: Buffer.from('over spdy\n') });
  await until(() => c.finned(1), 'error stream FIN');
  assert.equal(c.data(5), 'over spdy\n');
  assert.ok(c.finned(5), 'stdout FIN before the status');
  assert.deepEqual(JSON.parse(c.data(1)), { metadata: {}, status: 'Success' });
  assert.deepEqual(h.streams.resizes.at(-1), { w: 100, h: 30 });
  await until(() => c.frames.some((f) => f.type === 'goaway'), 'GOAWAY at the end');
  r.socket!.destroy();
});

test('channel.k8s.io (v1): a failure is the message as text', async () => {
  const r = await upgrade('/api/v1/namespaces/default/pods/p1/exec?command=false&stdout=true', ['channel.k8s.io']);
  assert.equal(r.status, 101);
  const c = spdyClient(r.socket!);
  c.open(1, { streamtype: 'error' });
  c.open(3, { streamtype: 'stdout' });
  await until(() => c.finned(1), 'error stream FIN');
  assert.equal(c.data(1), 'command terminated with non-zero exit code: error executing command [false], exit code 1');
  r.socket!.destroy();
});

test('port-forward pairs streams by requestid and echoes data', async () => {
  const r = await upgrade('/api/v1/namespaces/default/pods/p1/portforward', ['portforward.k8s.io']);
  assert.equal(r.status, 101);
  assert.equal(r.headers['x-stream-protocol-version'], 'portforward.k8s.io');
  const c = spdyClient(r.socket!);
  c.open(1, { streamtype: 'error', port: '8080', requestid: '0' });
  c.open(3, { streamtype: 'data', port: '8080', requestid: '0' });
  c.open(5, { streamtype: 'error', port: '8080', requestid: '1' });
  c.send({ type: 'data', streamId: 3, fin: true, data: Buffer.from('pf bytes') });
  await until(() => c.finned(3) && c.finned(1), 'data and error FIN once the pod side closed');
  assert.equal(c.data(3), 'pf bytes');
  assert.equal(c.data(1), '');
  assert.ok(!c.finned(5), 'an unpaired stream waits for its partner');
  r.socket!.destroy();
});
