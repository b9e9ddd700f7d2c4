// Shared set-up for the kubelet's Docker tests: a node pool on the real engine over the
// in-memory FakeClient (the API server is exercised in test/api), pod builders, waiting.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { startNodes, type NodePool } from '../../../src/cluster/kubelet/nodePool';
import { BUSYBOX_IMAGE, ensureTestImages } from '../../helpers/images';
import { FakeClient } from '../../unit/controllers/fakeClient';

export { BUSYBOX_IMAGE };

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} ${last ?? ''}`);
}

export interface Harness { client: FakeClient; pool: NodePool; dataDir: string; clusterId: string }

export async function startHarness(opts: { client?: FakeClient; dataDir?: string; clusterId?: string } = {}): Promise<Harness> {
  ensureTestImages();
  const client = opts.client ?? new FakeClient();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kp-kubelet-'));
  const clusterId = opts.clusterId ?? `t${Math.random().toString(36).slice(2, 8)}`;
  const pool = await startNodes(client, { dataDir, clusterId, runtime: 'docker', workers: 1, log: () => undefined, backoffBaseMs: 500, resyncMs: 1000 });
  return { client, pool, dataDir, clusterId };
}

export function busyboxPod(name: string, script: string, extra: Record<string, any> = {}): any {
  const { container, ...spec } = extra;
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      nodeName: 'playground-worker', terminationGracePeriodSeconds: 1, restartPolicy: 'Always',
      containers: [{ name: 'main', image: BUSYBOX_IMAGE, command: ['sh', '-c', script], ...(container ?? {}) }],
      ...spec,
    },
  };
}

export async function podWhere(c: FakeClient, name: string, pred: (p: any) => boolean, what: string, ms?: number): Promise<any> {
  return waitFor(`${name}: ${what}`, async () => { const p = await c.get('pods', 'default', name); return pred(p) ? p : undefined; }, ms);
}

export const isReady = (p: any) => p.status?.conditions?.find((x: any) => x.type === 'Ready')?.status === 'True';

export async function readAll(r: Readable): Promise<string> {
  let s = '';
  for await (const d of r) s += d.toString();
  return s;
}

export async function execText(pool: NodePool, pod: string, container: string, cmd: string[]): Promise<{ code: number; out: string }> {
  const s = await pool.streams.exec('default', pod, container, cmd, { stdin: false, stdout: true, stderr: true, tty: false });
  const [out, err] = await Promise.all([readAll(s.stdout!), readAll(s.stderr!)]);
  return { code: await s.exit, out: out + err };
}
