// A PodStreams for protocol tests: exec runs a real local process, portForward dials a local
// TCP echo server (port 8080 of the fake pod; any other port is refused), logs are canned
// lines — with follow the stream stays open until the test calls endFollow().
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { PassThrough, Readable, type Duplex } from 'node:stream';
import { badRequest } from '../../../src/cluster/api/errors';
import type { ExecOptions, LogOptions, PodStreams, StreamSession } from '../../../src/cluster/api/podStreams';

export const LOG_LINES = ['line one', 'line two', 'line three'];

export class FakePodStreams implements PodStreams {
  readonly calls: string[] = [];
  readonly resizes: { w: number; h: number }[] = [];
  private follows: PassThrough[] = [];
  aborted = 0;
  /** Sessions the server closed (client gone), and exit codes of finished processes. */
  closes = 0;
  readonly exitCodes: number[] = [];

  constructor(private readonly echoPort: number, private readonly refusedPort: number) {}

  async logs(ns: string, pod: string, container: string, opts: LogOptions, signal: AbortSignal): Promise<Readable> {
    this.calls.push(`logs ${ns}/${pod}/${container} ${JSON.stringify(opts)}`);
    let lines = LOG_LINES;
    if (opts.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - opts.tailLines));
    const text = lines.map((l) => (opts.timestamps ? `2026-01-01T00:00:00.000000000Z ${l}` : l) + '\n').join('');
    if (!opts.follow) return Readable.from([Buffer.from(text)]);
    const out = new PassThrough();
    out.write(text);
    this.follows.push(out);
    signal.addEventListener('abort', () => { this.aborted++; out.end(); });
    return out;
  }

  /** Writes a line to every open follow stream, then (optionally) ends them. */
  followWrite(line: string, end = false): void {
    for (const f of this.follows) { f.write(line + '\n'); if (end) f.end(); }
    if (end) this.follows = [];
  }

  async exec(ns: string, pod: string, container: string, command: string[], opts: ExecOptions): Promise<StreamSession> {
    this.calls.push(`exec ${ns}/${pod}/${container} ${JSON.stringify(command)} ${JSON.stringify(opts)}`);
    // A stand-in for a container the kubelet cannot exec into yet.
    if (command[0] === '__waiting__') throw badRequest(`container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`);
    return this.run(command, opts);
  }

  async attach(ns: string, pod: string, container: string, opts: ExecOptions): Promise<StreamSession> {
    this.calls.push(`attach ${ns}/${pod}/${container} ${JSON.stringify(opts)}`);
    return this.run(['cat'], opts);
  }

  async portForward(ns: string, pod: string, port: number): Promise<Duplex> {
    this.calls.push(`portforward ${ns}/${pod} ${port}`);
    const target = port === 8080 ? this.echoPort : this.refusedPort;
    return new Promise((resolve, reject) => {
      const c = net.connect(target, '127.0.0.1');
      c.once('connect', () => { c.off('error', reject); resolve(c); });
      c.once('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code === 'ECONNREFUSED' ? 'connection refused' : e.message)));
    });
  }

  private run(command: string[], opts: ExecOptions): StreamSession {
    const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const exit = new Promise<number>((resolve) => {
      child.once('error', () => resolve(126));
      child.once('close', (code, sig) => resolve(code ?? (sig ? 137 : 1)));
    });
    void exit.then((c) => this.exitCodes.push(c));
    if (!opts.stdin) child.stdin.end();
    return {
      stdin: opts.stdin ? child.stdin : undefined,
      stdout: child.stdout,
      stderr: opts.tty ? undefined : child.stderr,
      resize: (w, h) => { this.resizes.push({ w, h }); },
      exit,
      close: () => { this.closes++; child.kill('SIGKILL'); },
    };
  }
}

/** A TCP echo server on 127.0.0.1 and a port nobody listens on. */
export async function echoServer(): Promise<{ port: number; refusedPort: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); s.pipe(s); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const spare = net.createServer();
  await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
  const refusedPort = (spare.address() as net.AddressInfo).port;
  await new Promise<void>((r) => spare.close(() => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    refusedPort,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
