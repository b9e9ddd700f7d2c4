// A playground with the control loop running: API server (test/helpers/playground.ts),
// admission plug-ins, scheduler, controllers, Node objects and a tiny fake kubelet that marks
// bound pods Running+Ready (with a pod IP) through the status subresource, and finishes
// deleted pods at once. Enough to watch controllers heal the cluster through real kubectl.
import assert from 'node:assert/strict';
import { startPlayground, type Playground } from '../../helpers/playground';
import { admissionPlugins } from '../../../src/cluster/admission/plugins';
import { startScheduler } from '../../../src/cluster/scheduler/scheduler';
import { startControllers, type ControllersOptions } from '../../../src/cluster/controllers';
import { SharedInformer } from '../../../src/cluster/client/informer';
import type { KubeObject } from '../../../src/cluster/api/types';

export interface ControlPlane extends Playground {
  /** Pod phase the fake kubelet gives a pod (default Running+Ready); tests may override. */
  podOutcome: (pod: KubeObject) => 'Running' | 'Succeeded' | 'Failed' | 'NotReady';
  addNode(name: string, opts?: { cpu?: string; taints?: any[]; labels?: Record<string, string> }): Promise<void>;
  /** Stops the fake kubelet of a node (its pods stay as they are). */
  stopKubelet(name: string): void;
  waitFor(what: string, fn: () => Promise<boolean> | boolean, timeoutMs?: number): Promise<void>;
}

export async function startControlPlane(opts: Partial<ControllersOptions> = {}): Promise<ControlPlane> {
  const pg = await startPlayground({ memoryStore: true });
  for (const p of admissionPlugins({ defaultTolerationSeconds: 2 })) pg.api.addAdmission(p);
  const client = pg.client;
  const port = Number(new URL(pg.server).port);
  const log = process.env.DEBUG_CONTROLLERS ? (l: string) => console.log(l) : () => {};
  const sched = startScheduler(client, { log });
  const ctrls = startControllers(client, { dataDir: pg.dataDir, log, apiServerPort: port, nodeMonitorGracePeriodSeconds: 3, ...opts });
  const stopped = new Set<string>();
  let ipSeq = 2;
  const cp: ControlPlane = Object.assign(pg, {
    podOutcome: (_p: KubeObject) => 'Running' as const,
    async addNode(name: string, o: { cpu?: string; taints?: any[]; labels?: Record<string, string> } = {}) {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      await client.create('nodes', undefined, {
        apiVersion: 'v1', kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(o.labels ?? {}) } },
        spec: o.taints ? { taints: o.taints } : {},
      });
      await client.create('leases.coordination.k8s.io', 'kube-node-lease', {
        apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' },
        spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date().toISOString() },
      });
      await client.patch('nodes', undefined, name, 'merge', { status: {
        allocatable: { cpu: o.cpu ?? '4', memory: '8Gi', pods: '110' }, capacity: { cpu: o.cpu ?? '4', memory: '8Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
      } }, { subresource: 'status' });
    },
    stopKubelet(name: string) { stopped.add(name); },
    async waitFor(what: string, fn: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        if (await fn()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}`);
    },
  });
  // The fake kubelet: heartbeats (Lease renewTime) every 500 ms for nodes not stopped.
  await client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-node-lease' } }).catch(() => {});
  const beat = setInterval(() => {
    void client.list('leases.coordination.k8s.io', 'kube-node-lease').then((l) => Promise.all(l.items
      .filter((x) => !stopped.has(x.metadata.name!))
      .map((x) => client.patch('leases.coordination.k8s.io', 'kube-node-lease', x.metadata.name!, 'merge', { spec: { renewTime: new Date().toISOString() } }))))
      .catch(() => {});
  }, 500);
  const pods = new SharedInformer(client, 'pods');
  const ac = new AbortController();
  const sync = async (p: KubeObject) => {
    const node = p.spec?.nodeName;
    if (!node || stopped.has(node)) return;
    try {
      if (p.metadata.deletionTimestamp) { await client.delete('pods', p.metadata.namespace, p.metadata.name!, { gracePeriodSeconds: 0 }); return; }
      if (p.status?.phase && p.status.phase !== 'Pending') return;
      const outcome = cp.podOutcome(p);
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const ready = outcome === 'Running' ? 'True' : 'False';
      const phase = outcome === 'NotReady' ? 'Running' : outcome;
      await client.patch('pods', p.metadata.namespace, p.metadata.name!, 'merge', { status: {
        phase, podIP: `10.244.0.${ipSeq++ % 250}`, hostIP: '172.18.0.2', startTime: now,
        conditions: [
          { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
          { type: 'Initialized', status: 'True', lastTransitionTime: now },
          { type: 'ContainersReady', status: ready, lastTransitionTime: now },
          { type: 'Ready', status: ready, lastTransitionTime: now },
        ],
        containerStatuses: (p.spec.containers ?? []).map((c: any) => ({ name: c.name, image: c.image, imageID: '', ready: ready === 'True', restartCount: 0, started: true,
          state: phase === 'Running' ? { running: { startedAt: now } } : { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error', startedAt: now, finishedAt: now } } })),
      } }, { subresource: 'status' });
    } catch { /* raced with a delete */ }
  };
  pods.addEventHandler({ onAdd: (p) => void sync(p), onUpdate: (_o, p) => void sync(p) });
  pods.start(ac.signal);
  const stop = pg.stop;
  cp.stop = async () => { clearInterval(beat); ac.abort(); sched.stop(); ctrls.stop(); await stop(); };
  return cp;
}

/** kubectl that must succeed (its stdout), and its `-o json` parsed: what the tests here run. */
export function mustKubectl(controlPlane: () => ControlPlane) {
  const k = async (...args: string[]): Promise<string> => {
    const r = await controlPlane().kubectl(args, { timeoutMs: 60_000 });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const json = async (...args: string[]): Promise<any> => JSON.parse(await k(...args, '-o', 'json'));
  return { k, json };
}
