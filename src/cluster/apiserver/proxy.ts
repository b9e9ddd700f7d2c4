// The pods/proxy and services/proxy subresources: an HTTP request to
//   /api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH
//   /api/v1/namespaces/NS/services/[http:]NAME[:PORT]/proxy/PATH
// is sent on to the pod's port (a Service's: one of its ready endpoints, on the target port
// the Endpoints controller resolved) and the answer streamed back. This is what `kubectl
// proxy` users curl in the Kubernetes Basics tutorial. The connection to the pod is the same
// one port-forward opens (PodStreams.portForward), so it works wherever port-forward does,
// Docker Desktop included; pods on simulated nodes answer their 503.
// Not implemented: https targets, upgrades (WebSocket) through the proxy, nodes/proxy, and the
// rewriting of absolute links in HTML answers that Kubernetes' proxy transport does.
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { ApiError, badRequest, notFound } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { ServerContext } from './context';
import { getObject } from './reads';

const PROXY_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/proxy(\/.*)?$/;

/** Headers that belong to one hop (RFC 9110), and the caller's credentials. */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'authorization', 'host']);

export function isProxyPath(path: string): boolean {
  return PROXY_PATH.test(path);
}

interface Target { pod: string; port: number }

export async function serveProxy(sc: ServerContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const m = PROXY_PATH.exec(url.pathname)!;
  const [ns, kind, ref] = [decodeURIComponent(m[1]), m[2], decodeURIComponent(m[3])];
  if (!sc.podStreams) throw new ApiError(503, 'ServiceUnavailable', 'proxy is not available: no node serves pod streams');
  const target = kind === 'pods' ? podTarget(sc, ns, ref) : serviceTarget(sc, ns, ref);
  const conn = await sc.podStreams.portForward(ns, target.pod, target.port);
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
  headers.host = `${target.pod}:${target.port}`;
  await new Promise<void>((resolve) => {
    const out = request({
      method: req.method, path: (m[4] ?? '/') + url.search, headers, createConnection: () => conn as never,
    }, (up: IncomingMessage) => {
      const h: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP.has(k)) h[k] = v;
      res.writeHead(up.statusCode ?? 502, up.statusMessage, h);
      up.pipe(res);
      up.on('end', resolve);
      up.on('error', () => { res.destroy(); resolve(); });
    });
    out.on('error', (e) => {
      if (!res.headersSent) {
        const err = new ApiError(503, 'ServiceUnavailable', `error trying to reach ${kind === 'pods' ? 'pod' : 'service'}: ${e.message}`);
        res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(err.toStatus()));
      } else res.destroy();
      resolve();
    });
    res.on('close', () => { out.destroy(); conn.destroy(); });
    req.pipe(out);
  });
}

const podDef = (sc: ServerContext) => sc.registry.lookup('', 'v1', 'pods')!;

/** NAME[:PORT]: PORT a number or a container port's name; none means the first container port. */
function podTarget(sc: ServerContext, ns: string, ref: string): Target {
  const [name, portRef = ''] = ref.split(':');
  const pod = getObject(sc, podDef(sc), ns, name);
  const ports = (pod.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []);
  let port: number | undefined;
  if (!portRef) port = ports[0]?.containerPort ?? 80;
  else if (/^\d+$/.test(portRef)) port = Number(portRef);
  else port = ports.find((p: any) => p.name === portRef)?.containerPort;
  if (!port || port > 65535) throw badRequest(`invalid port ${JSON.stringify(portRef)} for pod ${ns}/${name}`);
  return { pod: name, port };
}

/** [SCHEME:]NAME[:PORT]: PORT the Service port's name or number; none means its only port. */
function serviceTarget(sc: ServerContext, ns: string, ref: string): Target {
  const parts = ref.split(':');
  if (parts.length === 3 || (parts.length === 2 && (parts[0] === 'http' || parts[0] === 'https'))) {
    if (parts[0] === 'https') throw badRequest('https targets are not supported by the playground\'s proxy');
    parts.shift();
  }
  const [name, portRef = ''] = parts;
  const svc = getObject(sc, sc.registry.lookup('', 'v1', 'services')!, ns, name);
  const svcPorts: any[] = svc.spec?.ports ?? [];
  const sp = portRef ? svcPorts.find((p) => p.name === portRef || String(p.port) === portRef) : svcPorts.length === 1 ? svcPorts[0] : undefined;
  if (!sp) throw notFound('services', `${name}:${portRef}`, '', 'services');
  let ep: KubeObject;
  try { ep = getObject(sc, sc.registry.lookup('', 'v1', 'endpoints')!, ns, name); } catch { throw unavailable(name); }
  for (const subset of ep.subsets ?? []) {
    const port = (subset.ports ?? []).find((p: any) => (p.name ?? '') === (sp.name ?? ''));
    const ready = (subset.addresses ?? []).filter((a: any) => a.targetRef?.kind === 'Pod');
    if (port && ready.length) return { pod: ready[Math.floor(Math.random() * ready.length)].targetRef.name, port: port.port };
  }
  throw unavailable(name);
}

const unavailable = (name: string) => new ApiError(503, 'ServiceUnavailable', `no endpoints available for service "${name}"`);
