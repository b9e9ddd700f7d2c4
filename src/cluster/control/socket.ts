// The playground's control channel: operations on the running process that are not
// Kubernetes API calls (add, remove, stop and start a node; snapshot). An HTTP server on a
// local socket in the data dir (a named pipe on Windows), so only the user who owns the data
// dir reaches it, and the CLI and the extension talk to a playground the other one started.
import * as http from 'node:http';
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { RunningCluster } from '../types';

export function controlSocketPath(dataDir: string): string {
  const root = path.resolve(dataDir);
  if (process.platform === 'win32') return `\\\\.\\pipe\\kube-playground-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`;
  return path.join(root, 'control.sock');
}

type Handler = (cluster: RunningCluster, body: any) => Promise<unknown>;

// Routes as METHOD path → handler; `:name` is the node name.
const routes: Record<string, Handler> = {
  'GET /nodes': async (c) => c.nodes(),
  'POST /nodes': async (c) => ({ name: await c.addNode() }),
  'DELETE /nodes/:name': async (c, b) => { await c.removeNode(b.name); return { name: b.name }; },
  'POST /nodes/:name/stop': async (c, b) => { await c.stopNode(b.name); return { name: b.name }; },
  'POST /nodes/:name/start': async (c, b) => { await c.startNode(b.name); return { name: b.name }; },
  'POST /snapshot': async (c, b) => { await c.saveSnapshot(String(b.file)); return { file: b.file }; },
};

export async function startControlServer(dataDir: string, cluster: RunningCluster): Promise<{ close(): Promise<void> }> {
  const sock = controlSocketPath(dataDir);
  if (process.platform !== 'win32') fs.rmSync(sock, { force: true });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://control');
      const m = /^\/nodes\/([^/]+)(\/.*)?$/.exec(url.pathname);
      const key = m ? `${req.method} /nodes/:name${m[2] ?? ''}` : `${req.method} ${url.pathname}`;
      const handler = routes[key];
      const reply = (code: number, body: unknown) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
      if (!handler) return reply(404, { error: `no such operation: ${req.method} ${url.pathname}` });
      let body: any = {};
      try { body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}; } catch { return reply(400, { error: 'body is not JSON' }); }
      if (m) body.name = decodeURIComponent(m[1]);
      handler(cluster, body).then((r) => reply(200, r), (e) => reply(409, { error: (e as Error).message }));
    });
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(sock, () => resolve()); });
  if (process.platform !== 'win32') fs.chmodSync(sock, 0o600);
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Calls the running playground of dataDir; rejects with the playground's own message. */
export function callControl(dataDir: string, method: string, pathname: string, body?: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: controlSocketPath(dataDir), method, path: pathname, headers: { 'content-type': 'application/json' }, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let parsed: any;
        try { parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { parsed = {}; }
        if ((res.statusCode ?? 500) >= 300) reject(new Error(parsed.error ?? `control: HTTP ${res.statusCode}`));
        else resolve(parsed);
      });
    });
    req.on('timeout', () => req.destroy(new Error('control: no answer within 60 s')));
    req.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? new Error(`no playground is running on ${dataDir}`) : e));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
