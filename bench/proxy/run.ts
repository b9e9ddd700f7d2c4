// Service networking throughput and latency from the host: requests/s and p99 through the
// NodePort listener, the Ingress controller, the ClusterIP (in-network proxy container; Linux
// only, where the host routes to the pod network) and the no-route path (the proxy's dial
// port, as on Docker Desktop), each next to the same request sent straight to the pod in the
// same run, as ratios. One busybox httpd pod, bounded request counts, median of RUNS runs.
// Run: node --import tsx bench/proxy/run.ts
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterIdOf, startCluster } from '../../src/cluster/cluster';
import { dockerAvailable } from '../../test/helpers/env';
import { BUSYBOX_IMAGE, ensureTestImages } from '../../test/helpers/images';

const REQUESTS = Number(process.env.REQUESTS ?? 1500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const RUNS = Number(process.env.RUNS ?? 3);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const median = (xs: number[]) => pct(xs, 50);

interface Target { name: string; host: string; port: number; hostHeader?: string; viaDial?: { dialPort: number; ip: string; port: number } }

// The load runs in a worker thread: its own event loop, so the cluster process's loop (where
// the NodePort and Ingress listeners live) is not also busy generating the requests.
const LOADER = `
const { parentPort, workerData: { t, REQUESTS, CONCURRENCY } } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const net = require('node:net');
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const lat = []; let next = 0;
const viaDial = (cb) => { const s = net.connect(t.viaDial.dialPort, '127.0.0.1', () => { s.write(t.viaDial.ip + ' ' + t.viaDial.port + '\\n'); cb(null, s); }); s.on('error', cb); };
const one = () => new Promise((resolve, reject) => {
  const t0 = performance.now();
  const req = request({ host: t.host, port: t.port, path: '/', headers: t.hostHeader ? { host: t.hostHeader } : {},
    ...(t.viaDial ? { createConnection: (_o, cb) => { viaDial(cb); } } : { agent }), timeout: 10000 },
    (res) => { res.resume(); res.on('end', () => { if (res.statusCode !== 200) reject(new Error('HTTP ' + res.statusCode)); else { lat.push(performance.now() - t0); resolve(); } }); });
  req.on('error', reject); req.end();
});
const t0 = performance.now();
Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next++ < REQUESTS) await one(); }))
  .then(() => { lat.sort((a, b) => a - b); parentPort.postMessage({ rps: REQUESTS / ((performance.now() - t0) / 1000), p99: lat[Math.min(lat.length - 1, Math.ceil(0.99 * lat.length) - 1)] }); agent.destroy(); },
        (e) => parentPort.postMessage({ error: String(e) }));
`;

function load(t: Target): Promise<{ rps: number; p99: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOADER, { eval: true, workerData: { t, REQUESTS, CONCURRENCY } });
    w.once('message', (m) => { void w.terminate(); if (m.error) reject(new Error(`${t.name}: ${m.error}`)); else resolve(m); });
    w.once('error', reject);
  });
}

async function main(): Promise<void> {
  if (!dockerAvailable()) { console.log('bench/proxy: needs Docker'); return; }
  ensureTestImages();
  const dataDir = mkdtempSync(join(tmpdir(), 'kpg-bench-proxy-'));
  const c = await startCluster({ dataDir, runtime: 'docker', nodes: 1, ingressPort: 0 });
  // Async: the API server runs in this process, a synchronous kubectl would deadlock it.
  const k = (args: string[], input?: string) => new Promise<string>((resolve, reject) => {
    const ch = execFile('kubectl', args, { env: { ...process.env, KUBECONFIG: c.kubeconfigPath } }, (e, out, err) => (e ? reject(new Error(err || e.message)) : resolve(out)));
    ch.stdin?.end(input ?? '');
  });
  try {
    await k(['apply', '-f', '-'], `
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - name: httpd
    image: ${BUSYBOX_IMAGE}
    command: [sh, -c, 'mkdir -p /www && head -c 1024 /dev/zero | tr "\\\\0" x > /www/index.html && exec httpd -f -p 8080 -h /www']
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: NodePort, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec: {rules: [{host: web.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}
`);
    const end = Date.now() + 120_000;
    let ingressPort = 0;
    while (Date.now() < end) {
      const ep = await k(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[*].addresses[*].ip}']);
      ingressPort = Number(await k(['get', 'ing', 'web', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ports[0].port}'])) || 0;
      if (ep && ingressPort) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const podIP = await k(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}']);
    const svc = JSON.parse(await k(['get', 'svc', 'web', '-o', 'json']));
    const dialPort = Number(execFileSync('docker', ['port', `kube-playground-proxy-${clusterIdOf(c.dataDir)}`, '1080/tcp'], { encoding: 'utf8' }).trim().split('\n')[0].split(':').pop());
    const direct: Target = { name: 'direct to pod', host: podIP, port: 8080 };
    const targets: Target[] = [
      { name: 'NodePort 127.0.0.1', host: '127.0.0.1', port: svc.spec.ports[0].nodePort },
      { name: 'Ingress 127.0.0.1', host: '127.0.0.1', port: ingressPort, hostHeader: 'web.example' },
      { name: 'ClusterIP (in-network proxy)', host: svc.spec.clusterIP, port: 80 },
      { name: 'dial port (no-route path)', host: '127.0.0.1', port: 0, viaDial: { dialPort, ip: podIP, port: 8080 } },
    ];
    await load({ ...direct }); // warm-up
    const res = new Map<string, Array<{ rps: number; p99: number }>>();
    for (let r = 0; r < RUNS; r++) for (const t of [direct, ...targets]) {
      const x = await load(t);
      res.set(t.name, [...(res.get(t.name) ?? []), x]);
    }
    const base = median(res.get(direct.name)!.map((x) => x.rps));
    console.log(`bench/proxy: ${REQUESTS} GETs of 1 KiB x ${RUNS} runs, ${CONCURRENCY} concurrent, busybox httpd (one connection per request: httpd closes)`);
    console.log(`${'path'.padEnd(32)}${'req/s'.padStart(10)}${'p99 ms'.padStart(10)}${'vs direct'.padStart(12)}`);
    for (const t of [direct, ...targets]) {
      const xs = res.get(t.name)!;
      const rps = median(xs.map((x) => x.rps));
      console.log(`${t.name.padEnd(32)}${rps.toFixed(0).padStart(10)}${median(xs.map((x) => x.p99)).toFixed(1).padStart(10)}${`${((rps / base) * 100).toFixed(0)}%`.padStart(12)}`);
    }
  } finally {
    await c.stop({ removeContainers: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((e) => { console.error(e); process.exitCode = 1; });
