// Simulated nodes end to end over the in-memory FakeClient: registration, leases, the stage
// table driving pods to Running/Succeeded/Failed, image pull errors, teardown on delete.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseRuntime, startNodes, type NodePool } from '../../../src/cluster/kubelet/nodePool';
import { FakeClient } from '../controllers/fakeClient';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what} ${last ?? ''}`);
}

function pod(name: string, extra: any = {}): any {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', annotations: extra.annotations },
    spec: { nodeName: 'playground-worker', restartPolicy: extra.restartPolicy ?? 'Always', containers: [{ name: 'main', image: 'nginx:1.27', ...(extra.container ?? {}) }], initContainers: extra.initContainers },
  };
}

async function pool(client: FakeClient): Promise<NodePool> {
  return startNodes(client, { dataDir: mkdtempSync(join(tmpdir(), 'kp-sim-')), clusterId: 'sim', runtime: 'simulated', workers: 2, log: () => undefined, simulatedTiming: { startDelayMs: 20, defaultExitAfterMs: 100 }, backoffBaseMs: 100 });
}

test('simulated nodes register with roles, taints, capacity, conditions and leases', async () => {
  const c = new FakeClient();
  const p = await pool(c);
  try {
    const nodes = c.stored('nodes');
    assert.deepEqual(nodes.map((n) => n.metadata.name).sort(), ['playground-control-plane', 'playground-worker', 'playground-worker2']);
    const cp = nodes.find((n) => n.metadata.name === 'playground-control-plane')!;
    assert.equal(cp.metadata.labels!['node-role.kubernetes.io/control-plane'], '');
    assert.deepEqual(cp.spec.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    const w = nodes.find((n) => n.metadata.name === 'playground-worker')!;
    assert.equal(w.spec.taints, undefined);
    assert.equal(w.metadata.labels!['kubernetes.io/hostname'], 'playground-worker');
    assert.equal(w.status.capacity.pods, '110');
    assert.equal(w.status.conditions.find((x: any) => x.type === 'Ready').status, 'True');
    assert.match(w.status.nodeInfo.kubeletVersion, /^v1\.32\./);
    assert.equal(w.status.nodeInfo.containerRuntimeVersion, 'simulated://0.1.0');
    assert.deepEqual(w.status.addresses.map((a: any) => a.type), ['InternalIP', 'Hostname']);
    const leases = c.stored('leases.coordination.k8s.io', 'kube-node-lease');
    assert.equal(leases.length, 3);
    assert.equal(leases[0].spec.leaseDurationSeconds, 40);
    assert.deepEqual(p.nodes().map((n) => n.role), ['control-plane', 'worker', 'worker']);
    assert.equal(await p.addNode(), 'playground-worker3');
    await p.stopNode('playground-worker3');
    assert.equal(p.nodes().find((n) => n.name === 'playground-worker3')!.state, 'stopped');
    await p.removeNode('playground-worker3');
    assert.equal(c.stored('nodes').length, 3);
  } finally { await p.stop(); }
});

test('a simulated pod goes Pending → Running and Ready with IPs, conditions and QoS', async () => {
  const c = new FakeClient();
  const p = await pool(c);
  try {
    await c.create('pods', 'default', pod('web'));
    const running = await waitFor('Running', async () => {
      const o = await c.get('pods', 'default', 'web');
      return o.status?.phase === 'Running' && o.status.conditions.find((x: any) => x.type === 'Ready')?.status === 'True' ? o : undefined;
    });
    assert.match(running.status.podIP, /^10\.244\./);
    assert.deepEqual(running.status.podIPs, [{ ip: running.status.podIP }]);
    assert.equal(running.status.qosClass, 'BestEffort');
    const cs = running.status.containerStatuses[0];
    assert.equal(cs.ready, true);
    assert.equal(cs.started, true);
    assert.ok(cs.state.running.startedAt);
    assert.match(cs.containerID, /^simulated:\/\//);
    assert.deepEqual(running.status.conditions.map((x: any) => x.type).sort(), ['ContainersReady', 'Initialized', 'PodReadyToStartContainers', 'PodScheduled', 'Ready']);
    await assert.rejects(p.streams.exec('default', 'web', 'main', ['env'], { stdin: false, stdout: true, stderr: true, tty: false }), /simulated node: no containers/);
    // a forward connects; its first bytes get a 503 that says why nothing answers
    const fwd = await p.streams.portForward('default', 'web', 80);
    let answer = '';
    fwd.on('data', (d: Buffer) => { answer += d.toString(); });
    const closed = new Promise((r) => fwd.once('close', r));
    fwd.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    assert.match(answer, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
    assert.match(answer, /pod default\/web runs on a simulated node; no process listens on port 80\.\n$/);
    const logs = await p.streams.logs('default', 'web', 'main', {}, new AbortController().signal);
    let text = '';
    for await (const d of logs) text += d;
    assert.match(text, /simulated container main/);
    const events = await waitFor('events', () => {
      const evs = c.stored('events', 'default').filter((e) => e.involvedObject.name === 'web');
      return evs.length >= 3 ? evs : undefined;
    });
    assert.deepEqual(events.map((e) => e.reason), ['Pulled', 'Created', 'Started']);
    assert.equal(events[1].message, 'Created container main');
    assert.equal(events[0].source.host, 'playground-worker');
    await c.delete('pods', 'default', 'web');
    await waitFor('teardown', async () => (await p.runtime.listContainers('playground-worker')).length === 0);
  } finally { await p.stop(); }
});

test('init containers run first; a Job-like pod Succeeds; a failing one Fails with Error', async () => {
  const c = new FakeClient();
  const p = await pool(c);
  try {
    await c.create('pods', 'default', pod('job', { restartPolicy: 'Never', initContainers: [{ name: 'setup', image: 'busybox' }] }));
    await c.create('pods', 'default', pod('bad', { restartPolicy: 'Never', annotations: { 'playground.local/simulate-exit-after-seconds': '0.05', 'playground.local/simulate-exit-code': '3' } }));
    const job = await waitFor('Succeeded', async () => { const o = await c.get('pods', 'default', 'job'); return o.status?.phase === 'Succeeded' ? o : undefined; });
    assert.equal(job.status.initContainerStatuses[0].state.terminated.reason, 'Completed');
    assert.equal(job.status.containerStatuses[0].state.terminated.exitCode, 0);
    assert.equal(job.status.conditions.find((x: any) => x.type === 'Ready').reason, 'PodCompleted');
    const bad = await waitFor('Failed', async () => { const o = await c.get('pods', 'default', 'bad'); return o.status?.phase === 'Failed' ? o : undefined; });
    assert.equal(bad.status.containerStatuses[0].state.terminated.reason, 'Error');
    assert.equal(bad.status.containerStatuses[0].state.terminated.exitCode, 3);
  } finally { await p.stop(); }
});

test('a crashing container restarts with back-off; a pull error gives ErrImagePull then ImagePullBackOff', async () => {
  const c = new FakeClient();
  const p = await pool(c);
  try {
    await c.create('pods', 'default', pod('crash', { annotations: { 'playground.local/simulate-exit-after-seconds': '0.05', 'playground.local/simulate-exit-code': '1' } }));
    await c.create('pods', 'default', pod('pull', { annotations: { 'playground.local/simulate-image-pull-error': 'not found' } }));
    const seen = new Set<string>();
    const crash = await waitFor('CrashLoopBackOff after restarts', async () => {
      const o = await c.get('pods', 'default', 'crash');
      const s = o.status?.containerStatuses?.[0];
      if (s?.state?.waiting) seen.add(s.state.waiting.reason);
      return s?.restartCount >= 2 && s.state.waiting?.reason === 'CrashLoopBackOff' ? o : undefined;
    });
    assert.equal(crash.status.containerStatuses[0].lastState.terminated.exitCode, 1);
    assert.match(crash.status.containerStatuses[0].state.waiting.message, /back-off .* restarting failed container=main/);
    const reasons = new Set<string>();
    await waitFor('ImagePullBackOff', async () => {
      const o = await c.get('pods', 'default', 'pull');
      const w = o.status?.containerStatuses?.[0]?.state?.waiting;
      if (w) reasons.add(w.reason);
      return w?.reason === 'ImagePullBackOff' ? o : undefined;
    });
    assert.ok(reasons.has('ImagePullBackOff'));
    const o = await c.get('pods', 'default', 'pull');
    assert.equal(o.status.phase, 'Pending');
    assert.match(o.status.containerStatuses[0].state.waiting.message, /nginx:1\.27.*not found/);
  } finally { await p.stop(); }
});

test('chooseRuntime: explicit choices stand; auto without an engine says simulated and why', async () => {
  assert.equal(await chooseRuntime('simulated'), 'simulated');
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
  try {
    const lines: string[] = [];
    assert.equal(await chooseRuntime('auto', (l) => lines.push(l)), 'simulated');
    assert.match(lines.join('\n'), /no Docker engine .*simulated/);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST; else process.env.DOCKER_HOST = saved;
  }
});
