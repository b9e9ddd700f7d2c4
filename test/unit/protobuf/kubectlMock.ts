// A throwaway plain-HTTP server on 127.0.0.1 that records what real kubectl POSTs. It
// answers the little legacy discovery `create role` and `create job --from` need, serves
// one CronJob for `--from=cronjob/cj1`, and answers every POST with 201 and a small JSON
// object (kubectl accepts JSON even when it sent protobuf).
import http from 'node:http';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';

export interface Recorded { method: string; url: string; contentType: string; body: Buffer }

const resource = (name: string, kind: string) => ({ name, singularName: '', namespaced: true, kind, verbs: ['get', 'list', 'create'] });
const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': {
    kind: 'APIGroupList', apiVersion: 'v1',
    groups: ['apps', 'batch'].map((g) => ({ name: g, versions: [{ groupVersion: `${g}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${g}/v1`, version: 'v1' } })),
  },
  '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('pods', 'Pod'), resource('services', 'Service')] },
  '/apis/apps/v1': { kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [resource('deployments', 'Deployment')] },
  '/apis/batch/v1': { kind: 'APIResourceList', groupVersion: 'batch/v1', resources: [resource('jobs', 'Job'), resource('cronjobs', 'CronJob')] },
};

export class KubectlMock {
  readonly posts: Recorded[] = [];
  private server?: http.Server;

  constructor(private readonly objects: Record<string, unknown> = {}) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0];
        const json = (code: number, body: unknown) => {
          res.writeHead(code, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method === 'POST') {
          this.posts.push({ method: 'POST', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
          return json(201, { metadata: { name: 'x' }, status: { token: 'token' } });
        }
        const found = DISCOVERY[path] ?? this.objects[path];
        if (req.method === 'GET' && found) return json(200, found);
        json(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'not found' });
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** Runs kubectl with no kubeconfig and a private HOME, against `server`. */
export function runKubectl(kubectl: string, server: string, args: string[], cwd: string, home: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(kubectl, ['--server', server, '--insecure-skip-tls-verify', ...args], {
      cwd, timeout: 30_000, env: { ...process.env, KUBECONFIG: '/dev/null', HOME: home },
    }, (err, _stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr }));
  });
}
