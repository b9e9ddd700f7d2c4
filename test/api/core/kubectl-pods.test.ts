// kubectl on pods and nodes through the API server: describe (pod, node), logs and exec routed
// to the streams component over a fake PodStreams, delete with each cascade, get -A -o wide.
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { PodStreams, StreamSession } from '../../../src/cluster/api/podStreams';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => {
  pg = await startPlayground();
  const streams: PodStreams = {
    logs: async (_ns, pod, container) => Readable.from([`hello from ${pod}/${container}\n`]),
    exec: async (_ns, _pod, _c, command): Promise<StreamSession> => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      stdout.end(`ran ${command.join(' ')}\n`);
      stderr.end();
      return { stdout, stderr, resize: () => {}, exit: Promise.resolve(command.includes('fail') ? 3 : 0), close: () => {} };
    },
    attach: async () => { throw new Error('no attach'); },
    portForward: async () => { throw new Error('no port-forward'); },
  };
  pg.api.setPodStreams(streams);
  const c = pg.client;
  const node = await c.create('nodes', undefined, {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1', 'node-role.kubernetes.io/control-plane': '' } },
  });
  await c.update('nodes', undefined, { ...node,
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }], addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], nodeInfo: { kubeletVersion: 'v1.32.0' } },
  }, { subresource: 'status' });
  await c.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', labels: { app: 'p1' } }, spec: { containers: [{ name: 'c', image: 'playground/busybox:1' }] } });
  await c.createSubresource('pods', 'default', 'p1', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p1' }, target: { kind: 'Node', name: 'n1' } });
  const p = await c.get('pods', 'default', 'p1');
  await c.update('pods', 'default', { ...p, status: { ...p.status, phase: 'Running', podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'playground/busybox:1', imageID: '', started: true, state: { running: { startedAt: new Date().toISOString() } } }] } }, { subresource: 'status' });
});
after(async () => { await pg?.stop(); });

async function ok(args: string[]): Promise<string> {
  const r = await pg.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('kubectl on pods and nodes', () => {
  it('get pods and nodes with their columns', async () => {
    assert.match(await ok(['get', 'pods']), /^p1\s+1\/1\s+Running\s+0\s+\d+s$/m);
    assert.match(await ok(['get', 'pods', '-A', '-o', 'wide']), /^default\s+p1\s+1\/1\s+Running\s+0\s+\d+s\s+10\.0\.0\.5\s+n1\s/m);
    assert.match(await ok(['get', 'nodes']), /^n1\s+Ready\s+control-plane\s+\d+s\s+v1\.32\.0$/m);
    assert.match(await ok(['get', 'pods', '--field-selector', 'spec.nodeName=n1,status.phase!=Failed', '-o', 'name']), /^pod\/p1$/m);
  });

  it('describe pod and node', async () => {
    const pod = await ok(['describe', 'pod', 'p1']);
    assert.match(pod, /Name:\s+p1/);
    assert.match(pod, /Node:\s+n1/);
    assert.match(pod, /Status:\s+Running/);
    const node = await ok(['describe', 'node', 'n1']);
    assert.match(node, /Name:\s+n1/);
    assert.match(node, /Roles:\s+control-plane/);
    assert.match(node, /default\s+p1\s/);
  });

  it('logs and exec reach the pod streams', async () => {
    assert.equal(await ok(['logs', 'p1']), 'hello from p1/c\n');
    assert.equal(await ok(['exec', 'p1', '--', 'echo', 'hi']), 'ran echo hi\n');
    const r = await pg.kubectl(['exec', 'p1', '--', 'fail']);
    assert.equal(r.code, 3);
    const missing = await pg.kubectl(['logs', 'nope']);
    assert.match(missing.stderr, /pods "nope" not found/);
  });

  it('delete waits for a bound pod until the kubelet confirms', async () => {
    const del = pg.kubectl(['delete', 'pod', 'p1', '--timeout=10s']);
    for (let i = 0; i < 100; i++) {
      const p = await pg.client.get('pods', 'default', 'p1');
      if (p.metadata.deletionTimestamp) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await pg.client.delete('pods', 'default', 'p1', { gracePeriodSeconds: 0 });
    const r = await del;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pod "p1" deleted/);
  });

  it('delete with background and foreground cascades', async () => {
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bg' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } };
    await pg.client.create('deployments.apps', 'default', dep);
    assert.match(await ok(['delete', 'deploy', 'bg', '--cascade=background']), /deleted/);
    await pg.client.create('deployments.apps', 'default', { ...dep, metadata: { name: 'fg' } });
    assert.match(await ok(['delete', 'deploy', 'fg', '--cascade=foreground', '--wait=false']), /deleted/);
    assert.deepEqual((await pg.client.get('deployments.apps', 'default', 'fg')).metadata.finalizers, ['foregroundDeletion']);
  });
});
