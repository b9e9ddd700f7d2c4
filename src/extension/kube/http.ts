// Raw Kubernetes REST calls over a client-node KubeConfig (its TLS and auth applied to node's
// http/https): lists of thousands of objects parsed in one go, and any path (scale, apply with
// a fallback) without the generated clients' per-kind classes. Watches use client-node's Watch.
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface RawResponse { status: number; body: any; text: string }

export class KubeHttpError extends Error {
  constructor(readonly status: number, readonly body: any, message: string) { super(message); }
}

async function options(kc: KubeConfig, method: string, path: string, headers: Record<string, string>): Promise<{ mod: typeof http | typeof https; opts: https.RequestOptions }> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const url = new URL(path, cluster.server.endsWith('/') ? cluster.server : cluster.server + '/');
  const opts: https.RequestOptions = { method, protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: { Accept: 'application/json', ...headers } };
  await kc.applyToHTTPSOptions(opts);
  return { mod: url.protocol === 'http:' ? http : https, opts };
}

export async function request(kc: KubeConfig, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<RawResponse> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = payload !== undefined ? { 'Content-Type': contentType } : {};
  const { mod, opts } = await options(kc, method, path, headers);
  return new Promise((resolve, reject) => {
    const req = mod.request({ ...opts, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: any;
        try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
        resolve({ status: res.statusCode ?? 0, body: parsed, text });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Like request, but a non-2xx answer throws with the server's Status message. */
export async function call(kc: KubeConfig, method: string, path: string, body?: unknown, contentType?: string): Promise<any> {
  const r = await request(kc, method, path, body, contentType);
  if (r.status < 200 || r.status > 299) throw new KubeHttpError(r.status, r.body, r.body?.message ?? (r.text || `HTTP ${r.status}`));
  return r.body;
}
