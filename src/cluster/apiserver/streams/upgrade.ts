// HTTP plumbing shared by the stream handlers: Status answers on a plain response or a raw
// upgrade socket, the 101 for SPDY, and httpstream's protocol negotiation
// (X-Stream-Protocol-Version: the first protocol the client lists that we speak).
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, internalError } from '../../api/errors';
import type { Status } from '../../api/types';

export const STREAM_PROTOCOL_HEADER = 'x-stream-protocol-version';

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return internalError(e instanceof Error ? e.message : String(e));
}

/** Answers a failed request with a Status, on whichever of res/socket the request has. */
export function sendStatus(target: { res?: http.ServerResponse; socket?: Duplex }, err: unknown): void {
  const status = toApiError(err).toStatus();
  if (target.res) {
    const res = target.res;
    if (res.headersSent) { res.destroy(); return; }
    const body = JSON.stringify(status);
    res.writeHead(status.code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } else if (target.socket) {
    writeRawStatus(target.socket, status);
  }
}

export function writeRawStatus(socket: Duplex, status: Status): void {
  const body = JSON.stringify(status);
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status.code} ${reasonPhrase(status.code)}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' + body,
    );
  }
  socket.on('error', () => { /* the client may already be gone */ });
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The header values, split on commas, trimmed (repeated headers arrive joined by ", "). */
export function headerList(req: http.IncomingMessage, name: string): string[] {
  const v = req.headers[name];
  const raw = Array.isArray(v) ? v.join(',') : v ?? '';
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** httpstream.Handshake: the client's first protocol we support; '' when the client sent none. */
export function negotiate(req: http.IncomingMessage, supported: readonly string[]): string | undefined {
  const offered = headerList(req, STREAM_PROTOCOL_HEADER);
  if (offered.length === 0) return '';
  return offered.find((p) => supported.includes(p));
}

export function isSpdyUpgrade(req: http.IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase().startsWith('spdy/3');
}

export function isWebSocketUpgrade(req: http.IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** Completes a SPDY/3.1 upgrade: writes the 101 and puts back bytes read past the headers. */
export function acceptSpdyUpgrade(socket: Duplex, head: Buffer | undefined, protocol: string): void {
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
    'Connection: Upgrade\r\n' +
    'Upgrade: SPDY/3.1\r\n' +
    (protocol ? `X-Stream-Protocol-Version: ${protocol}\r\n` : '') +
    '\r\n',
  );
  if (head && head.length) socket.unshift(head);
  const s = socket as Duplex & { setNoDelay?: (v: boolean) => void; setTimeout?: (ms: number) => void };
  s.setNoDelay?.(true);
  s.setTimeout?.(0);
}

function reasonPhrase(code: number): string {
  return ({ 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' } as Record<number, string>)[code] ?? 'Error';
}
