// Real kubectl 1.32 port-forward through the stream handlers: SPDY/3.1 tunnelled in a
// WebSocket (kubectl's first choice) and raw SPDY/3.1 (when the WebSocket upgrade is refused).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { startHarness, startKubectl, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

/** Starts `kubectl port-forward` and waits for its "Forwarding from" line. */
async function portForward(ports: string): Promise<{ child: ChildProcess; stderr: () => string; stop(): Promise<void> }> {
  const child = startKubectl(h, ['port-forward', 'pod/p1', ports]);
  let out = '', err = '';
  child.stderr!.on('data', (d) => { err += d; });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`port-forward did not start: ${out} ${err}`)), 15_000);
    child.stdout!.on('data', (d) => { out += d; if (out.includes('Forwarding from')) { clearTimeout(t); resolve(); } });
    child.once('exit', () => { clearTimeout(t); reject(new Error(`port-forward exited: ${out} ${err}`)); });
  });
  return {
    child, stderr: () => err,
    stop: () => new Promise((r) => { if (child.exitCode !== null) { r(); return; } child.once('exit', () => r()); child.kill('SIGTERM'); }),
  };
}

/** Sends bytes through the local port and collects what comes back until `expect` bytes. */
async function roundTrip(port: number, payload: Buffer): Promise<Buffer> {
  const s = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let got = 0;
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { s.destroy(); reject(new Error(`echo timed out after ${got} bytes`)); }, 15_000);
    s.on('data', (d) => { chunks.push(d); got += d.length; if (got >= payload.length) { clearTimeout(t); s.end(); resolve(Buffer.concat(chunks)); } });
    s.on('error', (e) => { clearTimeout(t); reject(e); });
    s.write(payload);
  });
}

for (const transport of ['websocket-tunnelled SPDY', 'raw SPDY'] as const) {
  describe(`kubectl port-forward over ${transport}`, () => {
    before(() => { h.refuseWebSocket = transport === 'raw SPDY'; });

    test('bytes echo through the forwarded port, on several connections', async () => {
      h.requests.length = 0;
      const local = await freePort();
      const pf = await portForward(`${local}:8080`);
      try {
        assert.deepEqual((await roundTrip(local, Buffer.from('hello pod\n'))).toString(), 'hello pod\n');
        const big = Buffer.alloc(1_000_000, 'abcdefghij');
        assert.ok((await roundTrip(local, big)).equals(big), 'a megabyte comes back unchanged');
        const again = await Promise.all([1, 2, 3].map((i) => roundTrip(local, Buffer.from(`conn ${i}`))));
        assert.deepEqual(again.map(String), ['conn 1', 'conn 2', 'conn 3']);
      } finally {
        await pf.stop();
      }
      const pfReqs = h.requests.filter((r) => r.includes('/portforward'));
      if (transport === 'raw SPDY') assert.match(pfReqs.at(-1)!, /^POST .*\[SPDY\/3.1\]$/);
      else assert.deepEqual(pfReqs, ['GET /api/v1/namespaces/default/pods/p1/portforward [websocket]']);
    });

    test('a refused pod port is reported in the kubelet\'s words', async () => {
      const local = await freePort();
      const pf = await portForward(`${local}:9999`);
      try {
        const s = net.connect(local, '127.0.0.1');
        s.on('error', () => {});
        await new Promise<void>((r) => {
          const t = setTimeout(() => { s.destroy(); r(); }, 10_000);
          s.on('close', () => { clearTimeout(t); r(); });
        });
        await new Promise((r) => setTimeout(r, 200));
        assert.match(pf.stderr(), /an error occurred forwarding \d+ -> 9999: error forwarding port 9999 to pod p1, uid [0-9a-f-]+: connection refused/);
      } finally {
        await pf.stop();
      }
    });
  });
}
