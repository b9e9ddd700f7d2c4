// exec/attach over SPDY/3.1 (kubelet's remotecommand httpstream.go): after the 101 the client
// opens one stream per purpose, named by the `streamtype` header (error, stdin, stdout,
// stderr, resize). We wait for the streams the query asked for, run the command, FIN the
// output streams when the output ends, then write the status on the error stream and close
// the connection. Protocols: v4 (JSON status), v3 (resize), v2, channel.k8s.io; v5 is
// WebSocket-only, so kubectl's "v5, v4, …" offer settles on v4 here as with a real kubelet.
import type { Duplex } from 'node:stream';
import { badRequest, forbidden } from '../../api/errors';
import type { StreamSession } from '../../api/podStreams';
import { encodeStatus, errorStatus, exitStatus, parseRemoteCommand, runSession, startSession, type RemoteCommandRequest } from './remoteCommand';
import { SpdySession, type SpdyStream } from './spdy/session';
import type { PodStreamContext } from './types';
import { acceptSpdyUpgrade, headerList, negotiate, sendStatus, STREAM_PROTOCOL_HEADER } from './upgrade';
import { parseResize } from './wsRemoteCommand';

export const REMOTE_COMMAND_SPDY_PROTOCOLS = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
/** The kubelet's stream creation timeout. */
const STREAM_WAIT_MS = 30_000;

type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

export async function handleRemoteCommandSpdy(ctx: PodStreamContext & { socket: Duplex }): Promise<void> {
  let r: RemoteCommandRequest;
  let protocol: string | undefined;
  let session: StreamSession;
  try {
    r = parseRemoteCommand(ctx);
    protocol = negotiate(ctx.req, REMOTE_COMMAND_SPDY_PROTOCOLS);
    if (protocol === undefined) {
      throw forbidden(`unable to upgrade: unable to negotiate protocol: client supports [${headerList(ctx.req, STREAM_PROTOCOL_HEADER).join(' ')}], server supports [${REMOTE_COMMAND_SPDY_PROTOCOLS.join(' ')}]`);
    }
    // Started before the upgrade (see wsRemoteCommand.ts); its output waits in its pipes.
    session = await startSession(ctx, r);
  } catch (e) {
    sendStatus(ctx, e);
    return;
  }
  if (ctx.socket.destroyed) { session.close(); return; }
  const version = protocol || 'channel.k8s.io';
  acceptSpdyUpgrade(ctx.socket, ctx.head, protocol);
  const conn = new SpdySession(ctx.socket);

  const expected = new Set<StreamType>(['error']);
  if (r.opts.stdin) expected.add('stdin');
  if (r.opts.stdout) expected.add('stdout');
  if (r.opts.stderr) expected.add('stderr');
  if (r.opts.tty && version !== 'v2.channel.k8s.io' && version !== 'channel.k8s.io') expected.add('resize');

  const got = new Map<StreamType, SpdyStream>();
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), STREAM_WAIT_MS);
    conn.on('close', () => { clearTimeout(timer); resolve(false); });
    conn.on('stream', (s) => {
      const type = s.header('streamtype') as StreamType | undefined;
      if (!type || !expected.has(type) || got.has(type)) { s.destroy(); return; }
      got.set(type, s);
      if (type === 'resize') watchResize(s, (size) => session.resize(size.w, size.h));
      if (type === 'error' || type === 'stdout' || type === 'stderr') s.resume(); // the client writes nothing there
      if (got.size === expected.size) { clearTimeout(timer); resolve(true); }
    });
  });
  if (!(await ready)) {
    session.close();
    const err = got.get('error');
    if (err && !conn.isClosed) {
      err.end(encodeStatus(version, errorStatus(badRequest('timed out waiting for client to create streams'))));
    }
    setTimeout(() => conn.close(), 100).unref();
    return;
  }
  const errorStream = got.get('error')!;
  let exited = false;
  const gone = new Promise<undefined>((resolve) => conn.on('close', () => { if (!exited) session.close(); resolve(undefined); }));
  let status;
  try {
    const code = await Promise.race([
      runSession(session, { stdin: got.get('stdin'), stdout: got.get('stdout'), stderr: got.get('stderr') }),
      gone,
    ]);
    if (code === undefined) return;
    exited = true;
    status = exitStatus(r, code);
  } catch (e) {
    session.close();
    status = errorStatus(e);
  }
  if (conn.isClosed) return;
  const payload = encodeStatus(version, status);
  errorStream.end(payload.length ? payload : undefined, () => {
    // Let the client read its streams to the end before the connection goes.
    setTimeout(() => conn.close(), 50).unref();
  });
}

/** The resize stream carries one JSON TerminalSize per line ({"Width":W,"Height":H}). */
function watchResize(s: SpdyStream, onSize: (size: { w: number; h: number }) => void): void {
  let buf = '';
  s.setEncoding('utf8');
  s.on('data', (chunk: string) => {
    buf += chunk;
    if (buf.length > 64 * 1024) buf = '';
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const size = parseResize(Buffer.from(buf.slice(0, nl)));
      buf = buf.slice(nl + 1);
      if (size) onSize(size);
    }
    // client-go writes one object per Encode without guaranteeing a newline split per frame
    const size = buf.trim() ? parseResize(Buffer.from(buf)) : undefined;
    if (size) { buf = ''; onSize(size); }
  });
}
