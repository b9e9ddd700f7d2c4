// @kubernetes/client-node 1.4's Exec and PortForward (plain WebSocket channel protocols)
// against the same handlers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable, Writable } from 'node:stream';
import { Exec, KubeConfig, PortForward, type V1Status } from '@kubernetes/client-node';
import type { WebSocket } from 'ws';
import { startHarness, type Harness } from './harness';

let h: Harness;
let kc: KubeConfig;
before(async () => {
  h = await startHarness();
  kc = new KubeConfig();
  kc.loadFromFile(h.kubeconfig);
});
after(async () => { await h.close(); });

function sink(): Writable & { text(): string } {
  let text = '';
  const w = new Writable({ write(c, _e, cb) { text += c; cb(); } }) as Writable & { text(): string };
  w.text = () => text;
  return w;
}

async function exec(command: string[], stdin: Readable | null): Promise<{ out: string; err: string; status: V1Status; protocol: string }> {
  const out = sink(), err = sink();
  let resolveStatus!: (s: V1Status) => void;
  const status = new Promise<V1Status>((r) => { resolveStatus = r; });
  const ws = await new Exec(kc).exec('default', 'p1', 'c', command, out, err, stdin, false, resolveStatus);
  const timer = setTimeout(() => ws.close(), 10_000);
  const s = await status;
  clearTimeout(timer);
  return { out: out.text(), err: err.text(), status: s, protocol: ws.protocol };
}

test('client-node Exec runs a command and reports Success over v5', async () => {
  const r = await exec(['sh', '-c', 'echo hi; echo oops >&2'], null);
  assert.equal(r.protocol, 'v5.channel.k8s.io');
  assert.equal(r.out, 'hi\n');
  assert.equal(r.err, 'oops\n');
  assert.equal(r.status.status, 'Success');
});

test('client-node Exec reports a non-zero exit code as NonZeroExitCode', async () => {
  const r = await exec(['sh', '-c', 'exit 3'], null);
  assert.equal(r.status.status, 'Failure');
  assert.equal(r.status.reason, 'NonZeroExitCode');
  assert.deepEqual(r.status.details?.causes, [{ reason: 'ExitCode', message: '3' }]);
  assert.equal(r.status.message, 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3');
});

test('client-node Exec with stdin: the v5 close signal ends the process stdin', async () => {
  const r = await exec(['cat'], Readable.from([Buffer.from('from stdin\n')]));
  assert.equal(r.out, 'from stdin\n');
  assert.equal(r.status.status, 'Success');
});

test('client-node PortForward echoes through the pod port', async () => {
  const input = new PassThrough();
  const out = sink(), err = sink();
  const ws = await new PortForward(kc).portForward('default', 'p1', [8080], out, err, input) as WebSocket;
  try {
    assert.equal(ws.protocol, 'v4.channel.k8s.io');
    input.write('ping through the tunnel');
    for (let i = 0; i < 100 && out.text().length < 23; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(out.text(), 'ping through the tunnel');
    assert.equal(err.text(), '');
  } finally {
    ws.close();
  }
});

test('client-node PortForward to a refused port gets the error on the error channel', async () => {
  const input = new PassThrough();
  const out = sink(), err = sink();
  const ws = await new PortForward(kc).portForward('default', 'p1', [9999], out, err, input) as WebSocket;
  try {
    for (let i = 0; i < 100 && !err.text(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(err.text(), /^error forwarding port 9999 to pod p1, uid [0-9a-f-]+: connection refused$/);
  } finally {
    ws.close();
  }
});
