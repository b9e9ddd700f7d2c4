// Docker's hijacked streams turned into the shapes PodStreams promises: exec/attach sessions
// (stdin, stdout, stderr demultiplexed from Docker's 8-byte frame headers unless a TTY, resize,
// exit code), log streams (options mapped to the engine's, limitBytes enforced here), and
// port-forward via `nc` inside the pod when the host cannot reach pod IPs (Docker Desktop) and
// the service proxy's dial port is not there to use instead.
import type Docker from 'dockerode';
import { Duplex, PassThrough, Readable, Writable } from 'node:stream';
import type { ExecOptions, LogOptions, StreamSession } from '../api/podStreams';

/** Wraps a hijacked Docker connection. `exited` resolves with the process's exit code after the stream ends. */
export function sessionOver(modem: any, stream: Duplex, opts: ExecOptions, exited: () => Promise<number>, resize: (w: number, h: number) => void): StreamSession {
  const stdout = opts.stdout || opts.tty ? new PassThrough() : undefined;
  const stderr = opts.stderr && !opts.tty ? new PassThrough() : undefined;
  if (opts.tty) stream.pipe(stdout!);
  else modem.demuxStream(stream, stdout ?? new PassThrough().resume(), stderr ?? new PassThrough().resume());
  let done = false;
  const exit = new Promise<number>((resolve) => {
    const finish = () => {
      if (done) return;
      done = true;
      stdout?.end(); stderr?.end();
      exited().then(resolve, () => resolve(1));
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
  const stdin = opts.stdin ? new Writable({
    write(chunk, _enc, cb) { stream.write(chunk, cb); },
    final(cb) { try { (stream as any).end?.(); } catch { /* already closed */ } cb(); },
  }) : undefined;
  return { stdin, stdout, stderr, exit, resize, close: () => stream.destroy() };
}

/** Docker's log API with Kubernetes' options; stdout and stderr interleaved into one stream. */
export async function containerLogs(docker: Docker, id: string, opts: LogOptions, signal: AbortSignal): Promise<Readable> {
  const c = docker.getContainer(id);
  const info = await c.inspect();
  let since = 0;
  if (opts.sinceSeconds) since = Math.floor(Date.now() / 1000) - opts.sinceSeconds;
  if (opts.sinceTime) since = Math.floor(Date.parse(opts.sinceTime) / 1000);
  const params: any = { stdout: true, stderr: true, timestamps: !!opts.timestamps, follow: !!opts.follow, since };
  if (opts.tailLines !== undefined) params.tail = opts.tailLines;
  const out = new PassThrough();
  const raw: any = await c.logs(params);
  let src: Readable;
  if (Buffer.isBuffer(raw)) src = Readable.from([raw]);
  else src = raw as Readable;
  const body = new PassThrough();
  if (info.Config.Tty) src.pipe(body);
  else {
    docker.modem.demuxStream(src, body, body);
    src.on('end', () => body.end());
    src.on('close', () => body.end());
  }
  let left = opts.limitBytes ?? Infinity;
  body.on('data', (d: Buffer) => {
    if (left <= 0) return;
    const part = d.length > left ? d.subarray(0, left) : d;
    left -= part.length;
    out.write(part);
    if (left <= 0) { out.end(); (src as any).destroy?.(); }
  });
  body.on('end', () => out.end());
  const stop = () => { (src as any).destroy?.(); out.end(); };
  signal.addEventListener('abort', stop, { once: true });
  out.on('close', () => signal.removeEventListener('abort', stop));
  return out;
}

/** A Duplex from an exec of `nc 127.0.0.1 <port>` in a container of the pod. */
export async function execTunnel(docker: Docker, containerId: string, port: number): Promise<Duplex> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: ['nc', '127.0.0.1', String(port)], AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const stream: Duplex = await exec.start({ hijack: true, stdin: true } as any) as any;
  const out = new PassThrough();
  docker.modem.demuxStream(stream, out, new PassThrough().resume());
  stream.on('end', () => out.end());
  stream.on('close', () => out.end());
  const d = Duplex.from({ readable: out, writable: new Writable({ write: (c, _e, cb) => stream.write(c, cb), final: (cb) => { (stream as any).end?.(); cb(); } }) });
  d.on('close', () => stream.destroy());
  return d;
}
