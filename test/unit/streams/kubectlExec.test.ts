// Real kubectl 1.32 against the stream handlers: exec over WebSocket v5 and, with the
// WebSocket upgrade refused, over the SPDY/3.1 fallback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectl, startHarness, startKubectl, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

for (const transport of ['websocket', 'spdy'] as const) {
  describe(`kubectl exec over ${transport}`, () => {
    before(() => { h.refuseWebSocket = transport === 'spdy'; });

    test('echo hi prints hi and exits 0', async () => {
      h.requests.length = 0;
      const r = await kubectl(h, ['exec', 'p1', '--', 'echo', 'hi']);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'hi\n');
      assert.equal(r.code, 0);
      const upgrades = h.requests.filter((x) => x.includes('/exec'));
      if (transport === 'spdy') assert.match(upgrades.at(-1)!, /^POST .*\[SPDY\/3.1\]$/);
      else assert.deepEqual(upgrades, ['GET /api/v1/namespaces/default/pods/p1/exec?command=echo&command=hi&container=c&stderr=true&stdout=true [websocket]']);
    });

    test('a non-zero exit code comes through', async () => {
      const r = await kubectl(h, ['exec', 'p1', '--', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
      assert.equal(r.code, 7);
      assert.equal(r.stdout, 'out\n');
      assert.match(r.stderr, /^err\n/);
      assert.match(r.stderr, /command terminated with exit code 7/);
    });

    test('exec -i feeds stdin and ends it at EOF', async () => {
      const r = await kubectl(h, ['exec', '-i', 'p1', '--', 'sh'], { input: 'echo hi\necho there\n' });
      assert.equal(r.stdout, 'hi\nthere\n');
      assert.equal(r.code, 0);
    });

    test('large output arrives intact', async () => {
      const r = await kubectl(h, ['exec', 'p1', '--', 'sh', '-c', 'head -c 3000000 /dev/zero | tr "\\0" x']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout.length, 3_000_000);
      assert.match(r.stdout, /^x+$/);
    });

    test('attach -i reaches PodStreams.attach and ends with stdin', async () => {
      const r = await kubectl(h, ['attach', '-i', 'p1'], { input: 'hello attach\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'hello attach\n');
      assert.match(h.streams.calls.at(-1)!, /^attach default\/p1\/c /);
    });

    test('a container the kubelet cannot exec into is a Status answer before the upgrade', async () => {
      const r = await kubectl(h, ['exec', 'p1', '--', '__waiting__']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /container "c" in pod "p1" is waiting to start: ContainerCreating/);
    });

    test('killing kubectl mid-command ends the process in the pod', async () => {
      const closes = h.streams.closes, exits = h.streams.exitCodes.length;
      const child = startKubectl(h, ['exec', 'p1', '--', 'sh', '-c', 'echo started; exec sleep 30']);
      let out = '';
      child.stdout!.on('data', (d) => { out += d; });
      for (let i = 0; i < 200 && !out.includes('started'); i++) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGKILL');
      for (let i = 0; i < 200 && h.streams.exitCodes.length === exits; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(h.streams.closes, closes + 1);
      assert.deepEqual(h.streams.exitCodes.slice(exits), [137]);
    });
  });
}
