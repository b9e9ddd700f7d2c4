// Shared pieces of the store benchmarks: a realistic object, percentiles, the stall probe.
import { performance } from 'node:perf_hooks';

export function podObject(i: number): any {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `web-${i}`, namespace: 'default', uid: `0f0f0f0f-0000-4000-8000-${String(i).padStart(12, '0')}`,
      labels: { app: 'web', 'pod-template-hash': '5d9c8b7f6' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d9c8b7f6', uid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', controller: true, blockOwnerDeletion: true }],
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '64Mi' } }, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' }],
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', serviceAccountName: 'default', nodeName: `node-${i % 3}`, schedulerName: 'default-scheduler',
    },
    status: {
      phase: 'Running', podIP: `10.244.${(i >> 8) & 255}.${i & 255}`, hostIP: '172.18.0.2', startTime: '2026-01-01T00:00:01Z', qosClass: 'Burstable',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: '2026-01-01T00:00:02Z' })),
      containerStatuses: [{ name: 'web', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: 'docker://sha256:abc', containerID: 'docker://0123456789abcdef', state: { running: { startedAt: '2026-01-01T00:00:02Z' } } }],
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `writes` operations with `concurrency` writers; returns writes/s and latency percentiles (ms). */
export async function writeLoad(op: (i: number) => Promise<unknown>, writes: number, concurrency: number): Promise<{ perSec: number; p50: number; p99: number }> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < writes) {
      const i = next++;
      const s = performance.now();
      await op(i);
      lat.push(performance.now() - s);
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { perSec: writes / secs, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

/** Measures the longest gap between event-loop turns while `work` runs. */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ stallMs: number; result: T }> {
  let last = performance.now();
  let worst = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work();
  running = false;
  return { stallMs: worst, result };
}
