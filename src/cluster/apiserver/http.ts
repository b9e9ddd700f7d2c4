// The HTTPS front end: authenticates (bearer token; /healthz, /readyz, /livez and /version are
// anonymous), reads bodies (413 over 3 MiB), calls the core (router.ts) and writes its answer
// as JSON (YAML when asked first), gzip when asked and big, watches as flushed
// newline-delimited JSON, hands pods/log|exec|attach|portforward (plain and upgrade
// requests) to the streams component, and pods|services/proxy to proxy.ts.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Duplex } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { stringify as toYaml } from 'yaml';
import { ApiError } from '../api/errors';
import type { ServerContext } from './context';
import { MAX_BODY } from './decode';
import { encodeEvent, encodeJsonBuffer } from './encode';
import type { ApiRequest, ApiResponse } from './request';
import { handle } from './router';
import { isProxyPath, serveProxy } from './proxy';
import { podStreamHandler } from './seams';

const ANONYMOUS = new Set(['/healthz', '/readyz', '/livez', '/version']);
const GZIP_MIN = 128 * 1024;

export interface HttpOptions { certPem: string; keyPem: string; token: string }

function authorized(req: IncomingMessage, token: string, path: string): boolean {
  if (ANONYMOUS.has(path)) return true;
  const h = req.headers.authorization;
  if (!h || !h.startsWith('Bearer ')) return false;
  const a = Buffer.from(h.slice(7).trim()), b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const unauthorized = () => new ApiError(401, 'Unauthorized', 'Unauthorized');

function statusBody(e: ApiError): string {
  return JSON.stringify(e.toStatus());
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > MAX_BODY) { tooBig = true; chunks.length = 0; return; }
      chunks.push(c);
    });
    req.on('end', () => (tooBig ? reject(new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728')) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function wantsYaml(accept: string | undefined): boolean {
  return !!accept && accept.split(',')[0].trim().startsWith('application/yaml');
}

function writeResponse(req: IncomingMessage, res: ServerResponse, r: ApiResponse): void {
  const headers: Record<string, string | string[]> = { 'Cache-Control': 'no-cache, private', ...(r.headers ?? {}) };
  if (r.warnings?.length) headers.Warning = r.warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  let body: Buffer;
  if (Buffer.isBuffer(r.body)) { body = r.body; headers['Content-Type'] = r.contentType ?? 'application/octet-stream'; }
  else if (typeof r.body === 'string') { body = Buffer.from(r.body); headers['Content-Type'] = r.contentType ?? 'text/plain; charset=utf-8'; }
  else if (wantsYaml(req.headers.accept) && !r.contentType) { body = Buffer.from(toYaml(r.body)); headers['Content-Type'] = 'application/yaml'; }
  else { body = encodeJsonBuffer(r.body); headers['Content-Type'] = r.contentType ?? 'application/json'; }
  if (body.length >= GZIP_MIN && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    body = gzipSync(body, { level: 1 });
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = String(body.length);
  res.writeHead(r.status, headers);
  res.end(body);
}

function toApiRequest(req: IncomingMessage, url: URL, body?: Buffer): ApiRequest {
  return {
    method: req.method ?? 'GET', path: url.pathname, query: url.searchParams,
    accept: req.headers.accept, contentType: req.headers['content-type'], body, user: 'kube-playground', userAgent: req.headers['user-agent'],
  };
}

function startWatch(req: IncomingMessage, res: ServerResponse, r: ApiResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  // kubectl wait/rollout status hang unless the headers go out before the first event.
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  let ended = false;
  const stop = r.watch!({
    event: (e) => { if (!ended) res.write(encodeEvent(e)); },
    end: () => { if (!ended) { ended = true; res.end(); } },
  });
  const close = () => { if (!ended) { ended = true; stop(); } else stop(); };
  req.on('close', close);
  res.on('close', close);
}

async function streamRequest(sc: ServerContext, r: ApiResponse, url: URL, io: { req: IncomingMessage; res?: ServerResponse; socket?: Duplex; head?: Buffer }): Promise<void> {
  const handler = podStreamHandler();
  const ps = r.podStream!;
  if (!handler || !sc.podStreams) throw new ApiError(503, 'ServiceUnavailable', `${ps.subresource} is not available: no node serves pod streams`);
  await handler({ ...io, subresource: ps.subresource, namespace: ps.namespace, name: ps.name, query: url.searchParams, pod: ps.pod, streams: sc.podStreams });
}

export function createHttpsServer(sc: ServerContext, o: HttpOptions): Server {
  const server = createServer({ cert: o.certPem, key: o.keyPem, keepAliveTimeout: 60_000 }, (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      try {
        if (!authorized(req, o.token, url.pathname)) throw unauthorized();
        if (isProxyPath(url.pathname)) return await serveProxy(sc, req, res, url);
        const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
        const body = hasBody ? await readBody(req) : undefined;
        const r = await handle(sc, toApiRequest(req, url, body));
        if (r.watch) return startWatch(req, res, r);
        if (r.podStream) return await streamRequest(sc, r, url, { req, res });
        writeResponse(req, res, r);
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`);
        if (res.headersSent) { res.destroy(); return; }
        writeResponse(req, res, { status: err.code, body: err.toStatus() });
      }
    })();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      try {
        if (!authorized(req, o.token, url.pathname)) throw unauthorized();
        const r = await handle(sc, toApiRequest(req, url, Buffer.alloc(0)));
        if (!r.podStream) {
          if (r.status >= 400) throw new ApiError(r.status, ((r.body as { reason?: string })?.reason ?? 'BadRequest') as never, (r.body as { message?: string })?.message ?? 'upgrade failed');
          throw new ApiError(400, 'BadRequest', 'upgrade is only supported for pods/exec, attach and portforward');
        }
        await streamRequest(sc, r, url, { req, socket, head });
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', String(e));
        const body = statusBody(err);
        socket.end(`HTTP/1.1 ${err.code} ${err.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      }
    })();
  });
  server.on('clientError', (_e, socket) => { try { socket.destroy(); } catch { /* gone */ } });
  return server;
}
