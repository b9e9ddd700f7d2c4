// port-forward over plain WebSocket channels (kubelet's portforward websocket.go, used by
// @kubernetes/client-node's PortForward): `?ports=P1,P2…`; for the i-th port channel 2i carries
// data and 2i+1 errors; the server opens each channel with the port as 2 bytes little-endian.
// One pod connection per port, for the life of the WebSocket.
// Also serves the SPDY tunnel (kubectl ≥ 1.30: subprotocol SPDY/3.1+portforward.k8s.io).
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { badRequest } from '../../api/errors';
import { forwardError, servePortForwardSpdy, type PortForwardTarget } from './portForwardSpdy';
import { SpdySession } from './spdy/session';
import type { PodStreamContext } from './types';
import { sendStatus } from './upgrade';
import { channelWriter, decodeFrame, isBase64Protocol, sendFrame } from './wsChannels';
import { pickProtocol } from './wsRemoteCommand';
import { webSocketDuplex } from './wsDuplex';

export const SPDY_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
export const PORT_FORWARD_WS_PROTOCOLS = [
  SPDY_TUNNEL_PROTOCOL, 'v4.channel.k8s.io', 'v4.base64.channel.k8s.io', 'portforward.k8s.io',
  'channel.k8s.io', 'base64.channel.k8s.io',
];

// ws rejects subprotocols that are not RFC 7230 tokens, and '/' is not a token character.
// The tunnel's name travels through ws under this alias; the 101 still names the real one.
const TUNNEL_ALIAS = 'spdy-3.1-tunnel.portforward.k8s.io';

const wss = new WebSocketServer({
  noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024,
  handleProtocols: (offered) => {
    const p = pickProtocol(new Set([...offered].map((o) => (o === TUNNEL_ALIAS ? SPDY_TUNNEL_PROTOCOL : o))), PORT_FORWARD_WS_PROTOCOLS);
    return p;
  },
});

export function portForwardTarget(ctx: PodStreamContext): PortForwardTarget {
  return { namespace: ctx.namespace, name: ctx.name, uid: ctx.pod.metadata.uid ?? '', streams: ctx.streams };
}

export async function handlePortForwardWebSocket(ctx: PodStreamContext & { socket: Duplex }): Promise<void> {
  const offered = String(ctx.req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
  const tunnel = offered.includes(SPDY_TUNNEL_PROTOCOL);
  let ports: number[] = [];
  if (!tunnel) {
    try {
      ports = parsePorts(ctx.query);
    } catch (e) {
      sendStatus(ctx, e);
      return;
    }
  }
  if (tunnel) {
    ctx.req.headers['sec-websocket-protocol'] = offered.map((o) => (o === SPDY_TUNNEL_PROTOCOL ? TUNNEL_ALIAS : o)).join(', ');
  }
  const ws = await new Promise<WebSocket>((resolve) => {
    wss.handleUpgrade(ctx.req as http.IncomingMessage, ctx.socket, ctx.head ?? Buffer.alloc(0), resolve);
  });
  ws.on('error', () => ws.terminate());
  const target = portForwardTarget(ctx);
  if (ws.protocol === SPDY_TUNNEL_PROTOCOL) {
    servePortForwardSpdy(new SpdySession(webSocketDuplex(ws)), target);
    return;
  }
  serveChannels(ws, ports, target);
}

function parsePorts(q: URLSearchParams): number[] {
  const ports = q.getAll('ports').flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean).map(Number);
  if (ports.length === 0) throw badRequest('query parameter "port" is required');
  for (const p of ports) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw badRequest(`port "${p}" must be in the range 1-65535`);
  }
  return ports;
}

function serveChannels(ws: WebSocket, ports: number[], t: PortForwardTarget): void {
  const base64 = isBase64Protocol(ws.protocol);
  const conns: (Duplex | undefined)[] = [];
  const waiting: Buffer[][] = ports.map(() => []);
  const settled: boolean[] = ports.map(() => false);
  const settle = (i: number) => {
    settled[i] = true;
    if (settled.every(Boolean)) ws.resume();
  };
  let open = ports.length;
  const done = () => { if (--open === 0) ws.close(1000); };
  ws.on('message', (data, isBinary) => {
    const f = decodeFrame(base64, data, isBinary);
    if (!f || f.channel % 2 === 1 || f.channel / 2 >= ports.length) return;
    const i = f.channel / 2;
    const c = conns[i];
    if (c) {
      if (!c.write(f.data)) { ws.pause(); c.once('drain', () => ws.resume()); }
    } else if (!settled[i]) {
      waiting[i].push(f.data); // until the dial completes; reading waits meanwhile
      ws.pause();
    }
  });
  ws.on('close', () => { for (const c of conns) c?.destroy(); });
  ports.forEach(async (port, i) => {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16LE(port);
    await sendFrame(ws, base64, 2 * i, prefix);
    await sendFrame(ws, base64, 2 * i + 1, prefix);
    let pod: Duplex;
    try {
      pod = await t.streams.portForward(t.namespace, t.name, port);
    } catch (e) {
      waiting[i] = [];
      settle(i);
      await sendFrame(ws, base64, 2 * i + 1, Buffer.from(forwardError(t, port, e)));
      done();
      return;
    }
    if (ws.readyState !== ws.OPEN) { pod.destroy(); return; }
    conns[i] = pod;
    for (const b of waiting[i].splice(0)) pod.write(b);
    settle(i);
    pod.on('error', (e) => { void sendFrame(ws, base64, 2 * i + 1, Buffer.from(forwardError(t, port, e))); });
    pod.once('close', done);
    pod.pipe(channelWriter(ws, base64, 2 * i), { end: false });
  });
}
