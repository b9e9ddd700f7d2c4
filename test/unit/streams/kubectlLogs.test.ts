// Real kubectl 1.32 logs through the stream handlers, plus the Status answers for bad
// requests (wrong container, no upgrade) as Kubernetes words them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import { kubectl, startHarness, startKubectl, type Harness } from './harness';
import { LOG_LINES } from './fakePodStreams';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

test('kubectl logs prints the container log', async () => {
  const r = await kubectl(h, ['logs', 'p1']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, LOG_LINES.join('\n') + '\n');
  assert.match(h.streams.calls.at(-1)!, /^logs default\/p1\/c \{\}$/);
});

test('kubectl logs --tail=2 --timestamps passes the options through', async () => {
  const r = await kubectl(h, ['logs', 'p1', '--tail=2', '--timestamps']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, LOG_LINES.slice(1).map((l) => `2026-01-01T00:00:00.000000000Z ${l}`).join('\n') + '\n');
  assert.match(h.streams.calls.at(-1)!, /"tailLines":2/);
});

test('kubectl logs -f streams lines as they come and exits when the log ends', async () => {
  const child = startKubectl(h, ['logs', '-f', 'p1']);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  const waitFor = async (s: string) => {
    for (let i = 0; i < 100 && !out.includes(s); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(out.includes(s), `expected ${JSON.stringify(s)} in ${JSON.stringify(out)}`);
  };
  await waitFor('line three\n');
  h.streams.followWrite('live line');
  await waitFor('live line\n'); // flushed while the response is still open
  h.streams.followWrite('last line', true);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  assert.equal(await exited, 0);
  clearTimeout(timer);
  assert.ok(out.endsWith('live line\nlast line\n'));
});

test('a client that goes away during logs -f aborts the kubelet side', async () => {
  const before = h.streams.aborted;
  const child = startKubectl(h, ['logs', '-f', 'p1']);
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  for (let i = 0; i < 100 && !out.includes('line three'); i++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGTERM');
  for (let i = 0; i < 100 && h.streams.aborted === before; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(h.streams.aborted, before + 1);
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${h.url}${path}`, { ca: h.caPem, headers }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('an unknown container is a 400 Status in Kubernetes\' words', async () => {
  const r = await get('/api/v1/namespaces/default/pods/p1/log?container=nope');
  assert.equal(r.status, 400);
  const s = JSON.parse(r.body);
  assert.deepEqual([s.kind, s.status, s.reason, s.message], ['Status', 'Failure', 'BadRequest', 'container nope is not valid for pod p1']);
  // kubectl logs checks the container itself; exec leaves it to the server.
  const k = await kubectl(h, ['exec', 'p1', '-c', 'nope', '--', 'true']);
  assert.equal(k.code, 1);
  assert.match(k.stderr, /container nope is not valid for pod p1/);
});

test('exec without an upgrade is a 400 "Upgrade request required"', async () => {
  const r = await get('/api/v1/namespaces/default/pods/p1/exec?command=ls&stdout=true');
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).message, 'Upgrade request required');
});

test('bad log options are a 400', async () => {
  const r = await get('/api/v1/namespaces/default/pods/p1/log?tailLines=abc');
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).reason, 'BadRequest');
});

test('limitBytes cuts the log', async () => {
  const r = await get('/api/v1/namespaces/default/pods/p1/log?limitBytes=6');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'line o');
});
