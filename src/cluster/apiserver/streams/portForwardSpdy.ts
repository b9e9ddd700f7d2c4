// port-forward over SPDY/3.1 (kubelet's portforward httpstream.go), on a raw upgraded socket
// or tunnelled through a WebSocket. Per forwarded connection the client opens an `error` and
// a `data` stream with the same `requestid` and `port`; once both are there we dial the pod's
// port through PodStreams and copy both ways. A failed dial is reported on the error stream in
// the kubelet's words (kubectl prefixes "an error occurred forwarding L -> P: ").
// The error stream is FINed when the pod side is done: the client waits for it before it
// closes its local connection.
import type { Duplex } from 'node:stream';
import type { PodStreams } from '../../api/podStreams';
import type { SpdySession, SpdyStream } from './spdy/session';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** The kubelet's stream creation timeout: a pair must complete within it. */
const PAIR_WAIT_MS = 30_000;

export interface PortForwardTarget {
  namespace: string;
  name: string;
  uid: string;
  streams: PodStreams;
}

interface Pair { error?: SpdyStream; data?: SpdyStream; timer: NodeJS.Timeout }

export function servePortForwardSpdy(conn: SpdySession, target: PortForwardTarget): void {
  const pairs = new Map<string, Pair>();
  conn.on('close', () => {
    for (const p of pairs.values()) clearTimeout(p.timer);
    pairs.clear();
  });
  conn.on('stream', (s) => {
    const type = s.header('streamtype');
    if (type !== 'error' && type !== 'data') { s.destroy(); return; }
    // Old clients sent no requestID: the data stream then follows its error stream (id - 2).
    const requestId = s.header('requestid') ?? String(type === 'error' ? s.id : s.id - 2);
    let pair = pairs.get(requestId);
    if (!pair) {
      const timer = setTimeout(() => {
        pairs.delete(requestId);
        const p = pair!;
        p.error?.end(`timed out waiting for streams of request ${requestId}`);
        p.data?.destroy();
      }, PAIR_WAIT_MS);
      pair = { timer };
      pairs.set(requestId, pair);
    }
    if (pair[type]) { s.destroy(); return; }
    pair[type] = s;
    if (type === 'error') s.resume(); // the client never writes to it
    if (pair.error && pair.data) {
      clearTimeout(pair.timer);
      pairs.delete(requestId);
      void forward(pair.error, pair.data, target);
    }
  });
}

async function forward(errorStream: SpdyStream, data: SpdyStream, t: PortForwardTarget): Promise<void> {
  const portHeader = errorStream.header('port') ?? data.header('port') ?? '';
  const port = Number(portHeader);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    errorStream.end(`invalid port "${portHeader}"`);
    data.end();
    return;
  }
  let pod: Duplex;
  try {
    pod = await t.streams.portForward(t.namespace, t.name, port);
  } catch (e) {
    errorStream.end(forwardError(t, port, e));
    data.end();
    return;
  }
  if (data.destroyed) { pod.destroy(); errorStream.end(); return; }
  let reported = false;
  pod.on('error', (e) => {
    if (!reported && !errorStream.writableEnded) { reported = true; errorStream.write(forwardError(t, port, e)); }
    data.end();
  });
  pod.once('close', () => { if (!errorStream.writableEnded) errorStream.end(); });
  data.on('close', () => pod.destroy());
  data.pipe(pod);
  pod.pipe(data);
}

export function forwardError(t: PortForwardTarget, port: number, e: unknown): string {
  const why = e instanceof Error ? e.message : String(e);
  return `error forwarding port ${port} to pod ${t.name}, uid ${t.uid}: ${why}`;
}
