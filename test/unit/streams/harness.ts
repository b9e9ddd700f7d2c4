// A minimal https API server for the stream protocols: it answers `GET pod` for one fake pod
// (default/p1, container c) and hands log/exec/attach/portforward to the real
// handlePodStreamRequest over a FakePodStreams. `refuseWebSocket` answers WebSocket upgrades
// with 400, as a server without WebSocket support does, so kubectl falls back to SPDY.
import * as https from 'node:https';
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { handlePodStreamRequest, type PodStreamSubresource } from '../../../src/cluster/apiserver/streams';
import { badRequest, notFound } from '../../../src/cluster/api/errors';
import type { KubeObject } from '../../../src/cluster/api/types';
import { kubectlPath } from '../../helpers/env';
import { echoServer, FakePodStreams } from './fakePodStreams';
import { selfSignedCert } from './tls';

export const POD: KubeObject = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'p1', namespace: 'default', uid: '3f1c2a9e-0000-4000-8000-000000000001', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], podIP: '10.0.0.5', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'busybox', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] },
};

export interface Harness {
  url: string;
  streams: FakePodStreams;
  refuseWebSocket: boolean;
  requests: string[];
  kubeconfig: string;
  caPem: string;
  home: string;
  close(): Promise<void>;
}

/** Legacy (non-aggregated) discovery: just enough for kubectl to map `pods`. */
const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList', groupVersion: 'v1', resources: [
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] },
      ...['log', 'exec', 'attach', 'portforward'].map((s) => ({ name: `pods/${s}`, singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'create'] })),
    ],
  },
};

const ROUTE = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(?:\/(log|exec|attach|portforward))?$/;

export async function startHarness(): Promise<Harness> {
  const echo = await echoServer();
  const { cert, key } = await selfSignedCert();
  const streams = new FakePodStreams(echo.port, echo.refusedPort);
  const sockets = new Set<net.Socket | Duplex>();
  const h = { streams, refuseWebSocket: false, requests: [] as string[] } as Harness;

  const route = (req: import('node:http').IncomingMessage) => {
    const u = new URL(req.url ?? '/', 'https://x');
    h.requests.push(`${req.method} ${u.pathname}${u.search}${req.headers.upgrade ? ` [${req.headers.upgrade}]` : ''}`);
    const m = ROUTE.exec(u.pathname);
    if (!m) return { error: notFound('paths', u.pathname) };
    const [, namespace, name, sub] = m;
    if (namespace !== 'default' || name !== 'p1') return { error: notFound('pods', name) };
    return { namespace, name, sub: sub as PodStreamSubresource | undefined, query: u.searchParams };
  };
  const server = https.createServer({ cert, key }, (req, res) => {
    const disc = DISCOVERY[new URL(req.url ?? '/', 'https://x').pathname];
    if (disc) { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(disc)); return; }
    const r = route(req);
    if ('error' in r) { const s = r.error!.toStatus(); res.writeHead(s.code, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(s)); return; }
    if (!r.sub) { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(POD)); return; }
    void handlePodStreamRequest({ req, res, subresource: r.sub, namespace: r.namespace, name: r.name, query: r.query, pod: POD, streams });
  });
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const r = route(req);
    const refuse = (err: ReturnType<typeof badRequest>) => {
      const body = JSON.stringify(err.toStatus());
      socket.end(`HTTP/1.1 ${err.code} Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    };
    if ('error' in r) { refuse(r.error!); return; }
    if (!r.sub) { refuse(badRequest('no upgrade here')); return; }
    if (h.refuseWebSocket && String(req.headers.upgrade).toLowerCase() === 'websocket') {
      refuse(badRequest('test harness: websocket upgrade refused'));
      return;
    }
    void handlePodStreamRequest({ req, socket, head, subresource: r.sub, namespace: r.namespace, name: r.name, query: r.query, pod: POD, streams });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'streams-test-'));
  const kubeconfig = path.join(home, 'kubeconfig');
  fs.writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: test',
    'clusters:', '- name: test', '  cluster:', `    server: https://127.0.0.1:${port}`,
    `    certificate-authority-data: ${Buffer.from(cert).toString('base64')}`,
    'users:', '- name: test', '  user:', '    token: test-token',
    'contexts:', '- name: test', '  context:', '    cluster: test', '    user: test', '    namespace: default', '',
  ].join('\n'));

  return Object.assign(h, {
    url: `https://127.0.0.1:${port}`,
    kubeconfig, caPem: cert, home,
    close: async () => {
      for (const s of sockets) s.destroy();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await echo.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  });
}

export interface KubectlResult { code: number | null; stdout: string; stderr: string }

/** Runs kubectl 1.32 against the harness; kills it after timeoutMs. */
export function kubectl(h: Harness, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
  const child = startKubectl(h, args);
  let stdout = '', stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  if (opts.input !== undefined) child.stdin!.end(opts.input); else child.stdin!.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
  return new Promise((resolve) => child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); }));
}

export function startKubectl(h: Harness, args: string[]): ChildProcess {
  return spawn(kubectlPath(), ['--kubeconfig', h.kubeconfig, ...args], {
    env: { ...process.env, HOME: h.home, KUBECONFIG: h.kubeconfig },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
