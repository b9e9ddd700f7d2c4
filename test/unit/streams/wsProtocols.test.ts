// The WebSocket channel protocols byte by byte with a raw ws client: the status encoding per
// protocol version, base64 framing, resize, tty, attach, and that a client going away ends
// the process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startHarness, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

interface Session { ws: WebSocket; protocol: string; messages: (Buffer | string)[]; closed: Promise<void> }

async function open(path: string, protocols: string[]): Promise<Session> {
  const ws = new WebSocket(`${h.url.replace('https', 'wss')}${path}`, protocols, { ca: h.caPem, headers: { Authorization: 'Bearer t' } });
  const messages: (Buffer | string)[] = [];
  ws.on('message', (d, isBinary) => messages.push(isBinary ? (d as Buffer) : d.toString()));
  const closed = new Promise<void>((r) => ws.on('close', () => r()));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return { ws, protocol: ws.protocol, messages, closed };
}

const binary = (m: (Buffer | string)[], ch: number) =>
  Buffer.concat(m.filter((x): x is Buffer => Buffer.isBuffer(x) && x[0] === ch).map((x) => x.subarray(1))).toString();

const execPath = (cmd: string[], extra = 'stdout=true&stderr=true') =>
  `/api/v1/namespaces/default/pods/p1/exec?${cmd.map((c) => `command=${encodeURIComponent(c)}`).join('&')}&${extra}`;

test('v4.channel.k8s.io: Status JSON on channel 3, also on success', async () => {
  const s = await open(execPath(['sh', '-c', 'echo four']), ['v4.channel.k8s.io']);
  await s.closed;
  assert.equal(s.protocol, 'v4.channel.k8s.io');
  assert.equal(binary(s.messages, 1), 'four\n');
  assert.deepEqual(JSON.parse(binary(s.messages, 3)), { metadata: {}, status: 'Success' });
});

test('channel.k8s.io (v1): no status on success, the message as text on failure', async () => {
  const ok = await open(execPath(['true']), ['channel.k8s.io']);
  await ok.closed;
  assert.equal(binary(ok.messages, 3), '');
  const bad = await open(execPath(['sh', '-c', 'exit 2']), ['channel.k8s.io']);
  await bad.closed;
  assert.equal(binary(bad.messages, 3), 'command terminated with non-zero exit code: error executing command [sh -c exit 2], exit code 2');
});

test('base64.channel.k8s.io: text frames, channel digit then base64', async () => {
  const s = await open(execPath(['sh', '-c', 'printf b64']), ['base64.channel.k8s.io']);
  await s.closed;
  const out = s.messages.filter((m): m is string => typeof m === 'string' && m[0] === '1').map((m) => Buffer.from(m.slice(1), 'base64').toString()).join('');
  assert.equal(out, 'b64');
});

test('the server picks the first protocol the client offers that it knows', async () => {
  const s = await open(execPath(['true']), ['x.unknown', 'v4.channel.k8s.io', 'v5.channel.k8s.io']);
  assert.equal(s.protocol, 'v4.channel.k8s.io');
  await s.closed;
});

test('v5 with tty: no stderr, resize reaches the session, 255 0 ends stdin', async () => {
  const s = await open(execPath(['cat'], 'stdin=true&stdout=true&tty=true'), ['v5.channel.k8s.io']);
  s.ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":120,"Height":40}')]));
  s.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('typed\n')]));
  s.ws.send(Buffer.from([255, 0]));
  await s.closed;
  assert.equal(binary(s.messages, 1), 'typed\n');
  assert.equal(binary(s.messages, 2), '');
  assert.deepEqual(JSON.parse(binary(s.messages, 3)).status, 'Success');
  assert.deepEqual(h.streams.resizes.at(-1), { w: 120, h: 40 });
  assert.match(h.streams.calls.at(-1)!, /"stderr":false,"tty":true/);
});

test('attach uses PodStreams.attach', async () => {
  const s = await open('/api/v1/namespaces/default/pods/p1/attach?container=c&stdin=true&stdout=true', ['v5.channel.k8s.io']);
  s.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('to attach\n')]));
  s.ws.send(Buffer.from([255, 0]));
  await s.closed;
  assert.equal(binary(s.messages, 1), 'to attach\n');
  assert.match(h.streams.calls.at(-1)!, /^attach default\/p1\/c /);
});

test('a client that goes away ends the process', async () => {
  const closesBefore = h.streams.closes;
  const exitsBefore = h.streams.exitCodes.length;
  const s = await open(execPath(['sh', '-c', 'echo started; exec sleep 30']), ['v5.channel.k8s.io']);
  for (let i = 0; i < 100 && !binary(s.messages, 1); i++) await new Promise((r) => setTimeout(r, 20));
  s.ws.terminate();
  for (let i = 0; i < 100 && h.streams.exitCodes.length === exitsBefore; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(h.streams.closes, closesBefore + 1);
  assert.deepEqual(h.streams.exitCodes.slice(exitsBefore), [137], 'the sleep was killed');
});

test('WebSocket port-forward channels: port prefixes, data per port, errors per port', async () => {
  const s = await open('/api/v1/namespaces/default/pods/p1/portforward?ports=8080,9999', ['portforward.k8s.io']);
  assert.equal(s.protocol, 'portforward.k8s.io');
  s.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('echo me')]));
  const text = (ch: number) => binary(s.messages, ch);
  for (let i = 0; i < 200 && !(text(0).endsWith('echo me') && text(3).includes('refused')); i++) await new Promise((r) => setTimeout(r, 20));
  const first = (ch: number) => (s.messages.find((m) => Buffer.isBuffer(m) && m[0] === ch) as Buffer).subarray(1);
  assert.deepEqual([...first(0)], [0x90, 0x1f], 'channel 0 opens with 8080 little-endian');
  assert.deepEqual([...first(3)], [0x0f, 0x27], 'channel 3 opens with 9999 little-endian');
  assert.equal(text(0).slice(2), 'echo me');
  assert.match(text(3).slice(2), /^error forwarding port 9999 to pod p1, uid [0-9a-f-]+: connection refused$/);
  assert.equal(text(1).slice(2), '');
  s.ws.close();
  await s.closed;
});

test('an exec query without command or streams is a 400 before the upgrade', async () => {
  await assert.rejects(open('/api/v1/namespaces/default/pods/p1/exec?stdout=true', ['v5.channel.k8s.io']), /400/);
  await assert.rejects(open('/api/v1/namespaces/default/pods/p1/exec?command=ls', ['v5.channel.k8s.io']), /400/);
});
