// The least of HTTP/1.x the Ingress controller needs to route a request without terminating
// it: read the request head off a socket, parse method, target and headers, and write a head
// for the backend with X-Forwarded-* added and `Connection: close` (each client request then
// has its own backend connection, so every request is routed on its own; Upgrade requests
// keep their Connection header, so WebSockets pass through). Bodies are relayed as bytes.
import type { Socket } from 'node:net';

const MAX_HEAD = 64 * 1024;

export interface RequestHead { method: string; target: string; version: string; headers: Array<[string, string]>; rest: Buffer }

/** Resolves with the parsed head and any bytes after it, or undefined (closed, too large, malformed). */
export function readHead(sock: Socket): Promise<RequestHead | undefined> {
  return new Promise((resolve) => {
    let buf: Buffer = Buffer.alloc(0);
    const done = (v: RequestHead | undefined) => { sock.removeListener('data', onData); sock.removeListener('end', onEnd); sock.pause(); resolve(v); };
    const onEnd = () => done(undefined);
    const onData = (d: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) { if (buf.length > MAX_HEAD) done(undefined); return; }
      done(parseHead(buf.subarray(0, end).toString('latin1'), buf.subarray(end + 4)));
    };
    sock.on('data', onData);
    sock.once('end', onEnd);
  });
}

export function parseHead(head: string, rest: Buffer = Buffer.alloc(0)): RequestHead | undefined {
  const lines = head.split('\r\n');
  const m = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(lines[0] ?? '');
  if (!m) return undefined;
  const headers: Array<[string, string]> = [];
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i <= 0) return undefined;
    headers.push([l.slice(0, i).trim(), l.slice(i + 1).trim()]);
  }
  return { method: m[1], target: m[2], version: m[3], headers, rest };
}

export function header(h: RequestHead, name: string): string | undefined {
  const n = name.toLowerCase();
  return h.headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

/** Host (without port, lower case) and path (without query) of a request, origin- or absolute-form. */
export function hostAndPath(h: RequestHead): { host: string; path: string } {
  let host = header(h, 'host') ?? '';
  let path = h.target;
  if (/^https?:\/\//i.test(path)) { const u = new URL(path); host = u.host; path = u.pathname; }
  return { host: host.replace(/:\d+$/, '').toLowerCase(), path: path.split('?')[0] || '/' };
}

export function backendHead(h: RequestHead, client: { addr: string; proto: string }): Buffer {
  const upgrade = !!header(h, 'upgrade');
  const drop = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', ...(upgrade ? [] : ['connection', 'keep-alive', 'proxy-connection'])]);
  const prior = header(h, 'x-forwarded-for');
  const lines = [`${h.method} ${h.target} ${h.version}`];
  for (const [k, v] of h.headers) if (!drop.has(k.toLowerCase())) lines.push(`${k}: ${v}`);
  lines.push(`X-Forwarded-For: ${prior ? `${prior}, ` : ''}${client.addr}`, `X-Forwarded-Host: ${header(h, 'host') ?? ''}`, `X-Forwarded-Proto: ${client.proto}`);
  if (!upgrade) lines.push('Connection: close');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

export function plainResponse(code: number, reason: string, body: string): string {
  return `HTTP/1.1 ${code} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
