// What exec and attach share across WebSocket and SPDY: reading the request (command,
// container, which streams), starting the session through PodStreams, copying the streams
// with back-pressure (pipe), and the final status in the kubelet's words
// (remotecommand's NonZeroExitCode Status with an ExitCode cause).
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { badRequest } from '../../api/errors';
import type { ExecOptions, StreamSession } from '../../api/podStreams';
import { resolveContainer } from './container';
import { bool } from './logs';
import type { PodStreamContext } from './types';
import { toApiError } from './upgrade';

export interface RemoteCommandRequest {
  kind: 'exec' | 'attach';
  container: string;
  command: string[];
  opts: ExecOptions;
}

/** Validates before any upgrade, so failures are plain Status responses. */
export function parseRemoteCommand(ctx: PodStreamContext): RemoteCommandRequest {
  const kind = ctx.subresource === 'attach' ? 'attach' : 'exec';
  const q = ctx.query;
  const tty = bool(q, 'tty');
  const opts: ExecOptions = { stdin: bool(q, 'stdin'), stdout: bool(q, 'stdout'), stderr: bool(q, 'stderr') && !tty, tty };
  if (!opts.stdin && !opts.stdout && !bool(q, 'stderr')) {
    throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  }
  const command = q.getAll('command');
  if (kind === 'exec' && command.length === 0) throw badRequest('you must specify at least one command for the container');
  const phase = (ctx.pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw badRequest(`cannot ${kind} into a container in a completed pod; current phase is ${phase}`);
  }
  return { kind, container: resolveContainer(ctx.pod, q.get('container')), command, opts };
}

/**
 * Starts the session (before the upgrade, so failures are plain Status answers) and takes
 * hold of its output at once through bounded buffers: a Readable nobody reads yet may be
 * discarded by its owner (Node's child_process drains unread pipes when the child exits),
 * while the client's streams are still being set up. pipe() keeps the back-pressure.
 */
export async function startSession(ctx: PodStreamContext, r: RemoteCommandRequest): Promise<StreamSession> {
  const s = r.kind === 'exec'
    ? await ctx.streams.exec(ctx.namespace, ctx.name, r.container, r.command, r.opts)
    : await ctx.streams.attach(ctx.namespace, ctx.name, r.container, r.opts);
  const hold = (from: Readable | undefined) => (from ? from.pipe(new PassThrough({ highWaterMark: 64 * 1024 })) : undefined);
  return {
    stdin: s.stdin, stdout: hold(s.stdout), stderr: hold(s.stderr),
    resize: (w, h) => s.resize(w, h), exit: s.exit, close: () => s.close(),
  };
}

/** The client's side of each stream; absent ones are not copied (session output is drained). */
export interface ClientStreams {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
}

/**
 * Copies until the process has exited and its output is fully written to the client.
 * Resolves with the exit code; rejects if the session fails.
 */
export async function runSession(session: StreamSession, client: ClientStreams): Promise<number> {
  if (client.stdin && session.stdin) {
    session.stdin.on('error', () => { /* process gone before reading all of stdin */ });
    client.stdin.pipe(session.stdin);
  } else {
    client.stdin?.resume();
  }
  const outputs: Promise<unknown>[] = [];
  for (const [from, to] of [[session.stdout, client.stdout], [session.stderr, client.stderr]] as const) {
    if (!from) { to?.end(); continue; }
    if (!to) { from.resume(); continue; }
    from.pipe(to);
    outputs.push(finished(to, { readable: false }).catch(() => undefined));
  }
  const code = await session.exit;
  await Promise.all(outputs);
  return code;
}

export type RemoteCommandStatus = Record<string, unknown> & { status: 'Success' | 'Failure'; message?: string };

export function successStatus(): RemoteCommandStatus {
  return { metadata: {}, status: 'Success' };
}

export function exitStatus(r: RemoteCommandRequest, code: number): RemoteCommandStatus {
  if (code === 0) return successStatus();
  const what = r.kind === 'exec'
    ? `error executing command [${r.command.join(' ')}], exit code ${code}`
    : `container ${r.container} exited with exit code ${code}`;
  return {
    metadata: {}, status: 'Failure',
    message: `command terminated with non-zero exit code: ${what}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

export function errorStatus(e: unknown): RemoteCommandStatus {
  const s = toApiError(e).toStatus();
  return { metadata: {}, status: 'Failure', message: s.message, reason: s.reason, code: s.code, ...(s.details ? { details: s.details } : {}) };
}

/**
 * The error-stream payload per protocol version: v4 and v5 carry the Status as JSON (also
 * on success); channel.k8s.io v1–v3 carry only a failure's message as text, nothing on success.
 */
export function encodeStatus(protocol: string, status: RemoteCommandStatus): Buffer {
  if (/^v[45]\./.test(protocol)) return Buffer.from(JSON.stringify(status));
  return Buffer.from(status.status === 'Success' ? '' : status.message ?? 'error');
}
