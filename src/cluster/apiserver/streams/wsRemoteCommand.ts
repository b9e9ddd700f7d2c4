// exec/attach over WebSocket (kubelet's remotecommand websocket.go): channels 0 stdin,
// 1 stdout, 2 stderr, 3 error/status, 4 resize; v5 adds 255 = close (next byte: which
// stream; kubectl sends 255 0 at its stdin's EOF). Subprotocols in the client's order of
// preference: v5/v4 (status as JSON), channel.k8s.io and the v2/v3 names client-node offers
// (status as text, failure only), and their base64 text variants.
import type * as http from 'node:http';
import { PassThrough, type Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { StreamSession } from '../../api/podStreams';
import { encodeStatus, errorStatus, exitStatus, parseRemoteCommand, runSession, startSession, type RemoteCommandRequest } from './remoteCommand';
import type { PodStreamContext } from './types';
import { CLOSE_CHANNEL, channelWriter, decodeFrame, isBase64Protocol, sendFrame, upgradeWebSocket } from './wsChannels';
import { sendStatus } from './upgrade';

export const REMOTE_COMMAND_WS_PROTOCOLS = [
  'v5.channel.k8s.io', 'v5.base64.channel.k8s.io', 'v4.channel.k8s.io', 'v4.base64.channel.k8s.io',
  'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io', 'base64.channel.k8s.io',
];
const STDIN = 0, STDOUT = 1, STDERR = 2, ERROR = 3, RESIZE = 4;

/** wsstream picks the first protocol in the client's list that it supports. */
export function pickProtocol(offered: Set<string>, supported: readonly string[]): string | false {
  for (const p of offered) if (supported.includes(p)) return p;
  return false;
}

const wss = new WebSocketServer({
  noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024,
  handleProtocols: (offered) => pickProtocol(offered, REMOTE_COMMAND_WS_PROTOCOLS),
});

export async function handleRemoteCommandWebSocket(ctx: PodStreamContext & { socket: Duplex }): Promise<void> {
  // The session starts before the upgrade, as behind a real kubelet: a container that is
  // not there or not running is a plain Status answer that kubectl prints as such.
  let r: RemoteCommandRequest;
  let session: StreamSession;
  try {
    r = parseRemoteCommand(ctx);
    session = await startSession(ctx, r);
  } catch (e) {
    sendStatus(ctx, e);
    return;
  }
  const ws = await upgradeWebSocket(wss, ctx.req as http.IncomingMessage, ctx.socket, ctx.head);
  if (!ws) { session.close(); return; }
  const protocol = ws.protocol; // '' when the client offered none: binary, v1 semantics
  const base64 = isBase64Protocol(protocol);
  const v5 = protocol.startsWith('v5.');

  const stdin = r.opts.stdin ? new PassThrough({ highWaterMark: 64 * 1024 }) : undefined;
  let exited = false;
  let paused = false;
  ws.on('message', (data, isBinary) => {
    const f = decodeFrame(base64, data, isBinary);
    if (!f) return;
    if (f.channel === STDIN && stdin && !stdin.writableEnded) {
      if (!stdin.write(f.data) && !paused) {
        paused = true;
        ws.pause();
        stdin.once('drain', () => { paused = false; ws.resume(); });
      }
    } else if (f.channel === RESIZE) {
      const size = parseResize(f.data);
      if (size) session.resize(size.w, size.h);
    } else if (f.channel === CLOSE_CHANNEL && v5 && f.data[0] === STDIN) {
      stdin?.end();
    }
  });
  const gone = new Promise<undefined>((resolve) => ws.once('close', () => {
    stdin?.end();
    if (!exited) session.close();
    resolve(undefined);
  }));
  ws.on('error', () => ws.terminate());

  let status;
  try {
    // Tell the client the streams are ready: an empty frame on the lowest writable channel.
    await sendFrame(ws, base64, r.opts.stdout ? STDOUT : r.opts.stderr ? STDERR : ERROR, Buffer.alloc(0));
    const code = await Promise.race([
      runSession(session, {
        stdin,
        stdout: r.opts.stdout ? channelWriter(ws, base64, STDOUT) : undefined,
        stderr: r.opts.stderr ? channelWriter(ws, base64, STDERR) : undefined,
      }),
      gone,
    ]);
    if (code === undefined) return;
    exited = true;
    status = exitStatus(r, code);
  } catch (e) {
    session.close();
    status = errorStatus(e);
  }
  if (ws.readyState !== WebSocket.OPEN) return;
  const payload = encodeStatus(protocol, status);
  if (payload.length) await sendFrame(ws, base64, ERROR, payload);
  ws.close(1000);
  // A client that never answers the close handshake must not keep the socket.
  const t = setTimeout(() => ws.terminate(), 5000);
  ws.once('close', () => clearTimeout(t));
}

export function parseResize(data: Buffer): { w: number; h: number } | undefined {
  try {
    const v = JSON.parse(data.toString('utf8')) as { Width?: number; Height?: number };
    if (typeof v.Width === 'number' && typeof v.Height === 'number') return { w: v.Width, h: v.Height };
  } catch { /* ignore malformed resize events, as the kubelet does */ }
  return undefined;
}
