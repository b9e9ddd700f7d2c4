// Starts a throwaway etcd on 127.0.0.1 (temp data dir, free ports) for comparison, and
// writes through its HTTP/JSON gateway (/v3/kv/put) with keep-alive. Killed by its PID.
import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export function etcdAvailable(): boolean {
  try { execFileSync('etcd', ['--version'], { stdio: 'pipe' }); return true; } catch { return false; }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Etcd { put(key: string, value: string): Promise<void>; stop(): Promise<void> }

export async function startEtcd(): Promise<Etcd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-etcd-'));
  const client = await freePort();
  const peer = await freePort();
  const child: ChildProcess = spawn('etcd', [
    '--data-dir', dir, '--name', 'bench',
    '--listen-client-urls', `http://127.0.0.1:${client}`, '--advertise-client-urls', `http://127.0.0.1:${client}`,
    '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
    '--initial-cluster', `bench=http://127.0.0.1:${peer}`, '--log-level', 'error',
  ], { stdio: 'ignore' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (p: string, body: object) => new Promise<string>((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port: client, path: p, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let out = '';
      res.on('data', (d) => { out += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(out) : reject(new Error(`etcd ${res.statusCode}: ${out}`))));
    });
    req.on('error', reject);
    req.end(data);
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try { await post('/v3/kv/range', { key: Buffer.from('x').toString('base64') }); break; } catch (e) {
      if (Date.now() > deadline) { child.kill('SIGKILL'); throw e; }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    put: async (key, value) => { await post('/v3/kv/put', { key: Buffer.from(key).toString('base64'), value: Buffer.from(value).toString('base64') }); },
    stop: async () => {
      agent.destroy();
      const exited = new Promise((r) => child.once('exit', r));
      if (child.pid) process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
