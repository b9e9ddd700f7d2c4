// Helpers of the Service networking tests: kubectl on a RunningCluster, waiting, host HTTP GETs.
import { execFile } from 'node:child_process';
import { get as httpGet } from 'node:http';
import type { RunningCluster } from '../../../src/cluster/types';
import { kubectlPath } from '../../helpers/env';

export function kubectl(c: RunningCluster, args: string[], input?: string, timeout = 30_000): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const ch = execFile(kubectlPath(), args, { env: { PATH: process.env.PATH ?? '', KUBECONFIG: c.kubeconfigPath, HOME: c.dataDir }, timeout, maxBuffer: 8 << 20 },
      (e, out, err) => resolve({ code: e ? Number((e as any).code) || 1 : 0, out, err }));
    ch.stdin?.end(input ?? '');
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}: ${last ?? ''}`);
}

export function hostGet(port: number, path = '/', host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = httpGet({ host: '127.0.0.1', port, path, headers: host ? { host } : {}, agent: false, timeout: 5000 }, (res) => {
      let body = ''; res.on('data', (d) => (body += d)); res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    r.on('error', reject); r.on('timeout', () => r.destroy(new Error('timeout')));
  });
}

