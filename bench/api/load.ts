// Load generator for bench/api/run.ts, run in its own process so it does not share the
// server's event loop. Reads a JSON job from argv[2], prints a JSON result line.
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';

interface Job {
  kind: 'get' | 'create' | 'watch';
  url: string;
  token: string;
  ca: string;
  connections: number;
  seconds: number;
  /** create: collection URL; watch: collection URL to watch and object URL to patch. */
  watchers?: number;
  writes?: number;
}

const job = JSON.parse(process.argv[2]) as Job;
const agent = new Agent({ keepAlive: true, maxSockets: job.connections, ca: job.ca });

function send(method: string, url: string, body?: string, ct = 'application/json'): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string> = { Authorization: `Bearer ${job.token}`, Accept: 'application/json' };
    if (body) { headers['Content-Type'] = ct; headers['Content-Length'] = String(Buffer.byteLength(body)); }
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
}

async function closedLoop(op: (i: number) => Promise<number>): Promise<{ rps: number; p99: number; errors: number }> {
  const lat: number[] = [];
  let errors = 0, n = 0;
  const end = performance.now() + job.seconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: job.connections }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const code = await op(n++);
      lat.push(performance.now() - t);
      if (code >= 300) errors++;
    }
  }));
  return { rps: lat.length / ((performance.now() - t0) / 1000), p99: pct(lat, 0.99), errors };
}

async function watchLatency(): Promise<{ p99: number; p50: number; events: number }> {
  const sent = new Map<string, number>();
  const lat: number[] = [];
  const base = new URL(job.url);
  const reqs: ReturnType<typeof request>[] = [];
  const watchAgent = new Agent({ keepAlive: false, ca: job.ca, maxSockets: Infinity });
  await Promise.all(Array.from({ length: job.watchers ?? 100 }, () => new Promise<void>((resolve, reject) => {
    const r = request({ host: base.hostname, port: base.port, path: `${base.pathname}?watch=true&resourceVersion=${process.argv[3] ?? ''}`, headers: { Authorization: `Bearer ${job.token}` }, agent: watchAgent }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i); buf = buf.slice(i + 1);
          const ev = JSON.parse(line);
          const t = sent.get(ev.object?.data?.seq);
          if (t !== undefined) lat.push(performance.now() - t);
        }
      });
      resolve();
    });
    r.on('error', reject);
    r.end();
    reqs.push(r);
  })));
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < (job.writes ?? 200); i++) {
    const seq = String(i);
    sent.set(seq, performance.now());
    await send('PATCH', `${job.url}/watched`, JSON.stringify({ data: { seq } }), 'application/merge-patch+json');
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const r of reqs) r.destroy();
  return { p99: pct(lat, 0.99), p50: pct(lat, 0.5), events: lat.length };
}

(async () => {
  let out: unknown;
  if (job.kind === 'get') out = await closedLoop(() => send('GET', job.url));
  else if (job.kind === 'create') {
    const tag = Math.random().toString(36).slice(2, 8);
    out = await closedLoop((i) => send('POST', job.url, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `b-${tag}-${i}` }, data: { a: 'b' } })));
  } else out = await watchLatency();
  process.stdout.write(JSON.stringify(out) + '\n');
  agent.destroy();
})();
