// The playground's Ingress controller, in the cluster process: IngressClass `playground`
// (controller playground.local/ingress, made the default class at start) served on
// 127.0.0.1:<ingressPort> (HTTP, default 8080) and <ingressTLSPort> (HTTPS, default 8443, the
// certificate picked by SNI from the Ingresses' spec.tls Secrets). Routing follows the
// Ingress spec: host rules (exact or `*.` wildcard of one label) before host-less rules, then
// the longest matching path (Exact before Prefix at equal length; ImplementationSpecific is
// Prefix; Prefix matches whole path elements), else a defaultBackend, else 404; a backend
// without ready endpoints answers 503. Each request is routed on its head (httpHead.ts) and then
// relayed as bytes to a pod through the shared dialer, one backend connection per request.
// Not implemented: resource backends, annotations (rewrite, auth…), HTTP/2, pipelined requests.
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTLSServer, createSecureContext, type SecureContext, type Server as TLSServer } from 'node:tls';
import type { Endpoints, Secret, Service } from 'kubernetes-types/core/v1';
import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1';
import type { KubeObject } from '../api/types';
import type { ApiClient } from '../client/types';
import type { EventRecorder } from '../client/events';
import type { InformerFactory, SharedInformer } from '../client/informer';
import { endpointsFor } from './config';
import type { Dial } from './dialer';
import { SIMULATED_ANSWER } from './hostPorts';
import { backendHead, hostAndPath, plainResponse, readHead } from './httpHead';

export const INGRESS_CLASS = 'playground';
export const INGRESS_CONTROLLER = 'playground.local/ingress';

type Ing = Ingress & KubeObject;
interface Route { ing: Ing; hostRank: number; exact: boolean; path: string; backend: IngressBackend }

export function hostMatches(ruleHost: string | undefined, host: string): number {
  if (!ruleHost) return 0;
  if (ruleHost === host) return 2;
  if (ruleHost.startsWith('*.')) { const i = host.indexOf('.'); if (i > 0 && host.slice(i + 1) === ruleHost.slice(2)) return 1; }
  return -1;
}

export function pathMatches(type: string, path: string, reqPath: string): boolean {
  if (type === 'Exact') return reqPath === path;
  const p = path.replace(/\/+$/, '');
  if (p === '') return true;
  return reqPath === p || reqPath.startsWith(`${p}/`);
}

/** The backend for a request among the given Ingresses, or undefined (404). */
export function route(ingresses: Ing[], host: string, reqPath: string): { ing: Ing; backend: IngressBackend } | undefined {
  const found: Route[] = [];
  for (const ing of ingresses) for (const r of ing.spec?.rules ?? []) {
    const hostRank = hostMatches(r.host, host);
    if (hostRank < 0) continue;
    for (const p of r.http?.paths ?? []) {
      const type = p.pathType ?? 'ImplementationSpecific';
      const path = p.path ?? '/';
      if (pathMatches(type, path, reqPath)) found.push({ ing, hostRank, exact: type === 'Exact', path, backend: p.backend });
    }
  }
  found.sort((a, b) => b.hostRank - a.hostRank || b.path.length - a.path.length || Number(b.exact) - Number(a.exact));
  if (found.length) return { ing: found[0].ing, backend: found[0].backend };
  const d = ingresses.find((i) => i.spec?.defaultBackend);
  return d ? { ing: d, backend: d.spec!.defaultBackend! } : undefined;
}

export class IngressController {
  port: number;
  tlsPort: number;
  private http?: Server;
  private https?: TLSServer;
  private readonly ingresses: SharedInformer<Ing>;
  private readonly secrets: SharedInformer<Secret & KubeObject>;
  private readonly classes: SharedInformer;
  private readonly rr = new Map<string, { n: number }>();
  private readonly contexts = new Map<string, { rv: string; ctx: SecureContext }>();
  private listeners: Array<() => void> = [];
  private readonly sockets = new Set<Socket>();

  constructor(private readonly o: {
    client: ApiClient; informers: InformerFactory; services: SharedInformer<Service & KubeObject>; endpoints: SharedInformer<Endpoints & KubeObject>;
    dial: Dial; simulated: boolean; events: EventRecorder; log: (l: string) => void; port: number; tlsPort?: number;
  }) {
    this.port = o.port;
    this.tlsPort = o.tlsPort ?? (o.port ? o.port + 363 : 0);
    this.ingresses = o.informers.informer<Ing>('ingresses.networking.k8s.io');
    this.secrets = o.informers.informer<Secret & KubeObject>('secrets');
    this.classes = o.informers.informer('ingressclasses.networking.k8s.io');
    const kick = () => { for (const l of this.listeners) l(); };
    this.ingresses.addEventHandler({ onAdd: kick, onUpdate: kick, onDelete: kick });
    this.classes.addEventHandler({ onAdd: kick, onUpdate: kick, onDelete: kick });
  }

  onChange(fn: () => void): void { this.listeners.push(fn); }

  async start(): Promise<void> {
    const cls = {
      apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass',
      metadata: { name: INGRESS_CLASS, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: INGRESS_CONTROLLER },
    };
    await this.o.client.create('ingressclasses.networking.k8s.io', undefined, cls as KubeObject).catch(() => undefined);
    this.http = createServer((s) => void this.serve(s, 'http'));
    this.port = await listenOrAny(this.http, this.port, this.o.log, 'ingress HTTP');
    this.https = createTLSServer({ SNICallback: (name, cb) => cb(null, this.contextFor(name)) }, (s) => void this.serve(s, 'https'));
    this.tlsPort = await listenOrAny(this.https, this.tlsPort, this.o.log, 'ingress HTTPS');
    for (const srv of [this.http, this.https]) srv.on('connection', (s: Socket) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
  }

  private isDefaultClass(): boolean {
    const c = this.classes.getByName(undefined, INGRESS_CLASS);
    return c?.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true';
  }

  private ours(): Ing[] {
    const dflt = this.isDefaultClass();
    return this.ingresses.list().filter((i) => {
      const c = i.spec?.ingressClassName ?? i.metadata.annotations?.['kubernetes.io/ingress.class'];
      return c ? c === INGRESS_CLASS : dflt;
    });
  }

  private contextFor(servername: string): SecureContext | undefined {
    let fallback: SecureContext | undefined;
    for (const ing of this.ours()) for (const t of ing.spec?.tls ?? []) {
      if (!t.secretName) continue;
      const ctx = this.secretContext(ing.metadata.namespace!, t.secretName);
      if (!ctx) continue;
      fallback ??= ctx;
      if ((t.hosts ?? []).some((h) => hostMatches(h, servername.toLowerCase()) > 0)) return ctx;
    }
    return fallback;
  }

  private secretContext(ns: string, name: string): SecureContext | undefined {
    const s = this.secrets.getByName(ns, name);
    const crt = s?.data?.['tls.crt'], key = s?.data?.['tls.key'];
    if (!s || !crt || !key) return undefined;
    const id = `${ns}/${name}`;
    const hit = this.contexts.get(id);
    if (hit && hit.rv === s.metadata.resourceVersion) return hit.ctx;
    try {
      const ctx = createSecureContext({ cert: Buffer.from(crt, 'base64'), key: Buffer.from(key, 'base64') });
      this.contexts.set(id, { rv: s.metadata.resourceVersion ?? '', ctx });
      return ctx;
    } catch (e) {
      this.o.log(`ingress: secret ${id}: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** One request per client connection: route on its head, then relay bytes both ways. */
  private async serve(sock: Socket, scheme: string): Promise<void> {
    sock.on('error', () => sock.destroy());
    sock.setNoDelay(true);
    const head = await readHead(sock);
    if (!head) { sock.destroy(); return; }
    const fail = (code: number, reason: string, msg: string) => { sock.end(plainResponse(code, reason, `${msg}\n`)); };
    const { host, path } = hostAndPath(head);
    const hit = route(this.ours(), host, path);
    if (!hit?.backend.service) return fail(404, 'Not Found', 'default backend - 404');
    if (this.o.simulated) { sock.end(SIMULATED_ANSWER); return; }
    const ns = hit.ing.metadata.namespace!;
    const name = hit.backend.service.name;
    const want = hit.backend.service.port;
    const sp = this.o.services.getByName(ns, name)?.spec?.ports?.find((p) => (want?.name ? p.name === want.name : p.port === want?.number));
    const backends = sp ? endpointsFor(this.o.endpoints.getByName(ns, name), sp) : [];
    if (!backends.length) return fail(503, 'Service Unavailable', `503 Service Unavailable: no ready endpoints for ${ns}/${name}`);
    const key = `${ns}/${name}/${sp!.port}`;
    let rr = this.rr.get(key);
    if (!rr) this.rr.set(key, (rr = { n: 0 }));
    const b = backends[rr.n++ % backends.length];
    let up: Socket;
    try { up = await this.o.dial(b.ip, b.port); } catch (e) { return fail(502, 'Bad Gateway', `502 Bad Gateway: ${(e as Error).message}`); }
    up.on('error', () => { up.destroy(); sock.destroy(); });
    sock.on('close', () => up.destroy());
    // A clean close ends the client after what is buffered; destroy() could cut the response.
    up.on('close', (hadError) => (hadError ? sock.destroy() : sock.end()));
    up.write(backendHead(head, { addr: sock.remoteAddress ?? '', proto: scheme }));
    if (head.rest.length) up.write(head.rest);
    sock.pipe(up); up.pipe(sock);
    sock.resume();
  }

  /** Status of our Ingresses: the address they answer on. */
  async sync(): Promise<void> {
    // ports say where the controller listens (ingressPort may fall back to a free one).
    const ingress = [{ ip: '127.0.0.1', ports: [{ port: this.port, protocol: 'TCP' }, { port: this.tlsPort, protocol: 'TCP' }] }];
    for (const ing of this.ours()) {
      if (JSON.stringify(ing.status?.loadBalancer?.ingress ?? []) === JSON.stringify(ingress)) continue;
      await this.o.client.patch('ingresses.networking.k8s.io', ing.metadata.namespace, ing.metadata.name!, 'merge', { status: { loadBalancer: { ingress } } }, { subresource: 'status' })
        .catch((e) => this.o.log(`ingress: status of ${ing.metadata.namespace}/${ing.metadata.name}: ${(e as Error).message}`));
    }
  }

  async close(): Promise<void> {
    const closed = Promise.all([this.http, this.https].map((s) => new Promise<void>((r) => { if (!s) return r(); s.close(() => r()); })));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

function listenOrAny(server: Server, port: number, log: (l: string) => void, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onErr = (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EADDRINUSE' || port === 0) return reject(e);
      server.listen(0, '127.0.0.1', () => {
        const chosen = (server.address() as { port: number }).port;
        log(`${what}: 127.0.0.1:${port} is in use; listening on 127.0.0.1:${chosen} instead`);
        resolve(chosen);
      });
    };
    server.once('error', onErr);
    server.listen(port, '127.0.0.1', () => { server.removeListener('error', onErr); resolve((server.address() as { port: number }).port); });
  });
}
