// Scheduler benchmark: 10,000 pods onto 100 simulated nodes.
//   node --import tsx bench/scheduler/run.ts [--pods 10000] [--nodes 100] [--runs 3] [--fake]
// Default: the real in-process API server (test playground, memory store) — pods are created
// first, then the scheduler starts; we time until every pod is bound (watching pods), then a
// minimal simulated kubelet marks bound pods Running through the status subresource and we time
// until all are Running. --fake uses the FakeClient instead (scheduler cost alone).
// Prints per-run figures and medians: bound pods/s, time to all bound, time to all Running,
// heap bytes per pod, and API writes per pod (store revisions from scheduler start to all Running,
// divided by pods: binding, Scheduled event, status update).
import { Scheduler } from '../../src/cluster/scheduler/scheduler';
import { SharedInformer } from '../../src/cluster/client/informer';
import type { ApiClient } from '../../src/cluster/client/types';
import { FakeClient } from '../../test/unit/controllers/fakeClient';

const arg = (n: string, d: number) => { const i = process.argv.indexOf(`--${n}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
const PODS = arg('pods', 10_000);
const NODES = arg('nodes', 100);
const RUNS = arg('runs', 3);
const FAKE = process.argv.includes('--fake');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function cluster(): Promise<{ client: ApiClient; stop(): Promise<void>; revision(): number }> {
  if (FAKE) return { client: new FakeClient(), stop: async () => {}, revision: () => NaN };
  const { startPlayground } = await import('../../test/helpers/playground');
  const pg = await startPlayground({ memoryStore: process.argv.includes('--memory-store') });
  return { client: pg.client, stop: () => pg.stop(), revision: () => pg.store.revision };
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++]); }));
}

async function once(): Promise<{ bindPerSec: number; boundMs: number; runningMs: number; bytesPerPod: number; createMs: number; decidePerSec: number; writesPerPod: number }> {
  const { client, stop, revision } = await cluster();
  for (let i = 0; i < NODES; i++) {
    const name = `node-${i}`;
    await client.create('nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } });
    await client.patch('nodes', undefined, name, 'merge', { status: { allocatable: { cpu: '64', memory: '256Gi', pods: '250' }, conditions: [{ type: 'Ready', status: 'True' }] } }, { subresource: 'status' });
  }
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = Date.now();
  await pool(Array.from({ length: PODS }, (_, i) => i), 64, (i) => client.create('pods', 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default', labels: { app: `a${i % 50}` } },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  }));
  const createMs = Date.now() - t0;

  // Count bound and Running pods from a watch, as a client would see them.
  const watch = new SharedInformer(client, 'pods');
  let bound = 0; let running = 0;
  let tBound = 0; let tRunning = 0;
  const ac = new AbortController();
  const kubelet = (p: any) => {
    void client.patch('pods', p.metadata.namespace, p.metadata.name, 'merge', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, { subresource: 'status' }).catch(() => {});
  };
  watch.addEventHandler({
    onUpdate: (o, n) => {
      if (!o.spec?.nodeName && n.spec?.nodeName) { bound++; if (bound === PODS) tBound = Date.now(); kubelet(n); }
      if (o.status?.phase !== 'Running' && n.status?.phase === 'Running') { running++; if (running === PODS) { tRunning = Date.now(); revRunning = revision(); } }
    },
  });
  watch.start(ac.signal);
  await watch.waitForSync();
  const sched = new Scheduler({ client });
  const s0 = Date.now();
  const rev0 = revision();
  let revRunning = NaN;
  await sched.start(ac.signal);
  const deadline = Date.now() + 120_000;
  while ((!tBound || !tRunning) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  global.gc?.();
  const heap1 = process.memoryUsage().heapUsed;
  ac.abort();
  await stop();
  if (!tBound || !tRunning) throw new Error(`incomplete: bound ${bound}/${PODS}, running ${running}/${PODS}`);
  const boundMs = tBound - s0;
  return { decidePerSec: Math.round(PODS / (sched.stats.decideMs / 1000)), bindPerSec: Math.round(PODS / (boundMs / 1000)), boundMs, runningMs: tRunning - s0, bytesPerPod: Math.round((heap1 - heap0) / PODS), createMs, writesPerPod: (revRunning - rev0) / PODS };
}

async function main(): Promise<void> {
  console.log(`scheduler bench: ${PODS} pods, ${NODES} nodes, ${FAKE ? 'FakeClient' : 'in-process API server'}, ${RUNS} runs`);
  const rs = [];
  for (let r = 0; r < RUNS; r++) {
    const x = await once();
    rs.push(x);
    console.log(`run ${r + 1}: created in ${x.createMs} ms; all bound in ${x.boundMs} ms (${x.bindPerSec} pods/s); all Running in ${x.runningMs} ms; scheduling decisions alone ${x.decidePerSec} pods/s; ~${x.bytesPerPod} heap bytes/pod (pod objects in store, caches, scheduler); ${x.writesPerPod.toFixed(2)} API writes/pod`);
  }
  console.log(`median: ${median(rs.map((x) => x.bindPerSec))} pods/s bound (decisions alone ${median(rs.map((x) => x.decidePerSec))} pods/s); all bound ${median(rs.map((x) => x.boundMs))} ms; all Running ${median(rs.map((x) => x.runningMs))} ms; ${median(rs.map((x) => x.bytesPerPod))} bytes/pod; ${median(rs.map((x) => x.writesPerPod)).toFixed(2)} writes/pod`);
}

void main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
