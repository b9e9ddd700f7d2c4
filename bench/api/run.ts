// API server benchmark: GET one object and LIST 1,000 at 32 connections (requests/s, p99),
// durable creates/s at 16 connections, watch latency with 100 watchers — each next to a bare
// node:https server answering the same bytes in the same run (for watches: writing the same
// event line to 100 open chunked responses), printed as a ratio.
// Medians over RUNS runs. Usage: node --import tsx bench/api/run.ts [runs] [seconds]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from '../../src/cluster/apiserver';
import { loadOrCreatePki } from '../../src/cluster/apiserver/pki';
import { createRegistry } from '../../src/cluster/registry';
import { openStore } from '../../src/cluster/store';

const RUNS = Number(process.argv[2] ?? 3);
const SECONDS = Number(process.argv[3] ?? 3);

function load(job: Record<string, unknown>, extra: string[] = []): Promise<any> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', join(__dirname, 'load.ts'), JSON.stringify(job), ...extra], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(stderr || String(err))); else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'kpg-bench-'));
  const store = await openStore(join(dataDir, 'store'));
  const api = await startApiServer({ dataDir, store, registry: createRegistry(), port: 0 });
  const c = api.client;
  await c.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  await c.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'creates' } });
  for (let i = 0; i < 1000; i++) {
    await c.create('configmaps', 'bench', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(4, '0')}`, labels: { app: 'bench' } }, data: { key: 'value'.repeat(10) } });
  }
  await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' }, data: { seq: '-' } });

  // The bare server answers with exactly the bytes the API server sends.
  const pki = await loadOrCreatePki(dataDir);
  const getBytes = Buffer.from(JSON.stringify(await c.get('configmaps', 'bench', 'cm-0001')));
  const l = await c.list('configmaps', 'bench');
  const listBytes = Buffer.from(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: l.metadata, items: l.items }));
  // Watch baseline: open watches held as chunked responses; a PATCH writes one event line,
  // the stored object's bytes with the patched data, to each of them, then answers.
  const watchedBytes = JSON.stringify(await c.get('configmaps', 'default', 'watched'));
  const bareWatches = new Set<import('node:http').ServerResponse>();
  const bare = createServer({ cert: pki.certPem, key: pki.keyPem, keepAliveTimeout: 60_000 }, (req, res) => {
    if (req.url!.includes('watch=true')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
      res.socket?.setNoDelay(true);
      bareWatches.add(res);
      res.on('close', () => bareWatches.delete(res));
      return;
    }
    if (req.method === 'PATCH') {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        const obj = JSON.parse(watchedBytes);
        obj.data = JSON.parse(body).data;
        const line = `{"type":"MODIFIED","object":${JSON.stringify(obj)}}\n`;
        for (const w of bareWatches) w.write(line);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(obj));
      });
      return;
    }
    const b = req.url!.includes('/cm-') ? getBytes : listBytes;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': b.length });
    res.end(b);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `https://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  const common = { token: api.token, ca: api.caPem, seconds: SECONDS };

  const rows: Record<string, { api: number[]; bare: number[]; p99: number[]; bareP99: number[] }> = {};
  const add = (k: string, a: any, b?: any) => {
    rows[k] ??= { api: [], bare: [], p99: [], bareP99: [] };
    rows[k].api.push(a.rps); rows[k].p99.push(a.p99);
    if (b) { rows[k].bare.push(b.rps); rows[k].bareP99.push(b.p99); }
  };
  const watchP99: number[] = [], watchP50: number[] = [], bareWatchP99: number[] = [], bareWatchP50: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const getPath = '/api/v1/namespaces/bench/configmaps/cm-0001';
    add('GET one object (32 conn)', await load({ ...common, kind: 'get', connections: 32, url: api.server + getPath }), await load({ ...common, kind: 'get', connections: 32, url: bareUrl + getPath }));
    const listPath = '/api/v1/namespaces/bench/configmaps';
    add('LIST 1,000 objects (32 conn)', await load({ ...common, kind: 'get', connections: 32, url: api.server + listPath }), await load({ ...common, kind: 'get', connections: 32, url: bareUrl + listPath }));
    add('durable CREATE (16 conn)', await load({ ...common, kind: 'create', connections: 16, url: `${api.server}/api/v1/namespaces/creates/configmaps` }));
    const w = await load({ ...common, kind: 'watch', connections: 4, watchers: 100, writes: 200, url: `${api.server}/api/v1/namespaces/default/configmaps` }, [String(store.revision)]);
    watchP99.push(w.p99); watchP50.push(w.p50);
    const bw = await load({ ...common, kind: 'watch', connections: 4, watchers: 100, writes: 200, url: `${bareUrl}/api/v1/namespaces/default/configmaps` });
    bareWatchP99.push(bw.p99); bareWatchP50.push(bw.p50);
    process.stderr.write(`run ${run + 1}/${RUNS} done\n`);
  }
  console.log(`API server benchmark (${RUNS} runs x ${SECONDS}s, medians; store: durable sql.js)`);
  console.log('operation                        req/s      p99 ms   bare req/s  bare p99   ratio');
  for (const [k, r] of Object.entries(rows)) {
    const a = median(r.api), b = r.bare.length ? median(r.bare) : NaN;
    console.log(`${k.padEnd(32)} ${a.toFixed(0).padStart(7)} ${median(r.p99).toFixed(2).padStart(10)} ${Number.isNaN(b) ? '         -' : b.toFixed(0).padStart(11)} ${r.bareP99.length ? median(r.bareP99).toFixed(2).padStart(9) : '        -'} ${Number.isNaN(b) ? '      -' : ((a / b) * 100).toFixed(0).padStart(6) + '%'}`);
  }
  console.log(`watch latency, 100 watchers, 200 writes: p50 ${median(watchP50).toFixed(2)} ms, p99 ${median(watchP99).toFixed(2)} ms; bare fan-out of the same lines: p50 ${median(bareWatchP50).toFixed(2)} ms, p99 ${median(bareWatchP99).toFixed(2)} ms (p99 ${(median(watchP99) / median(bareWatchP99)).toFixed(2)}x bare)`);
  bare.closeAllConnections();
  bare.close();
  await api.close();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
