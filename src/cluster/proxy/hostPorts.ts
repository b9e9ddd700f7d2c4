// The host side of Services, in the cluster process: every NodePort answers on
// 127.0.0.1:<nodePort>, and a LoadBalancer Service also on 127.0.0.1:<port> with
// status.loadBalancer.ingress[0].ip 127.0.0.1 (as k3s' servicelb or `minikube tunnel` do).
// A LoadBalancer port that is privileged (< 1024) or taken is not bound: the ingress entry's
// ports[].error says why, a Warning Event says where it answers instead (its NodePort).
// Connections go round robin to ready endpoints through the shared dialer; a Service without
// ready endpoints closes the connection (kube-proxy rejects); on simulated nodes there is no
// process to reach, so the answer is a plain HTTP 503 saying so.
// Not implemented: UDP/SCTP ports, externalTrafficPolicy, loadBalancerSourceRanges.
import { createServer, type Server, type Socket } from 'node:net';
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import type { ApiClient } from '../client/types';
import type { EventRecorder } from '../client/events';
import type { SharedInformer } from '../client/informer';
import { endpointsFor, type Backend } from './config';
import type { Dial } from './dialer';

const SIMULATED_BODY = 'kube-playground: this Service runs on simulated nodes; no process serves it.\n';
export const SIMULATED_ANSWER = `HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(SIMULATED_BODY)}\r\n\r\n${SIMULATED_BODY}`;

interface Binding { key: string; portName: string; server: Server; kind: 'NodePort' | 'LoadBalancer' }

export function pipeTo(client: Socket, backends: Backend[], rr: { n: number }, dial: Dial): void {
  client.setNoDelay(true);
  client.on('error', () => client.destroy());
  if (!backends.length) { client.destroy(); return; }
  const start = rr.n++;
  const attempt = (i: number): void => {
    if (i >= backends.length) { client.destroy(); return; }
    const b = backends[(start + i) % backends.length];
    dial(b.ip, b.port).then((up) => {
      up.on('error', () => { up.destroy(); client.destroy(); });
      client.on('close', () => up.destroy());
      up.on('close', (hadError) => (hadError ? client.destroy() : client.end()));
      client.pipe(up); up.pipe(client);
    }, () => attempt(i + 1));
  };
  attempt(0);
}

export class HostPorts {
  private readonly bound = new Map<number, Binding>();
  private readonly failed = new Map<string, string>();
  private readonly rr = new Map<string, { n: number }>();

  constructor(private readonly o: {
    client: ApiClient; services: SharedInformer<Service & KubeObject>; endpoints: SharedInformer<Endpoints & KubeObject>;
    dial: Dial; simulated: boolean; events: EventRecorder; log: (l: string) => void;
  }) {}

  private backends(key: string, portName: string): Backend[] {
    const svc = this.o.services.get(key);
    const sp = svc?.spec?.ports?.find((p) => (p.name ?? '') === portName);
    if (!svc || !sp) return [];
    return endpointsFor(this.o.endpoints.get(key), sp);
  }

  private handle(key: string, portName: string, c: Socket): void {
    if (this.o.simulated) { c.on('error', () => c.destroy()); c.end(SIMULATED_ANSWER); return; }
    let rr = this.rr.get(`${key}/${portName}`);
    if (!rr) this.rr.set(`${key}/${portName}`, (rr = { n: 0 }));
    pipeTo(c, this.backends(key, portName), rr, this.o.dial);
  }

  private listen(port: number, b: Omit<Binding, 'server'>): Promise<string | undefined> {
    const cur = this.bound.get(port);
    if (cur && cur.key === b.key && cur.portName === b.portName && cur.kind === b.kind) return Promise.resolve(undefined);
    if (cur) { cur.server.close(); this.bound.delete(port); }
    return new Promise((resolve) => {
      const server = createServer((c) => this.handle(b.key, b.portName, c));
      server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE' ? `port ${port} is in use on 127.0.0.1` : e.message));
      server.listen(port, '127.0.0.1', () => { this.bound.set(port, { ...b, server }); resolve(undefined); });
    });
  }

  /** Brings listeners and LoadBalancer statuses in line with the Services. */
  async sync(): Promise<void> {
    const want = new Map<number, Omit<Binding, 'server'>>();
    const lbs: Array<{ svc: Service & KubeObject; key: string; errors: Map<number, string> }> = [];
    const services = this.o.services.list().filter((s) => s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer');
    for (const svc of services) {
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      for (const p of svc.spec?.ports ?? []) if (p.nodePort && (p.protocol ?? 'TCP') === 'TCP') want.set(p.nodePort, { key, portName: p.name ?? '', kind: 'NodePort' });
    }
    for (const svc of services) {
      if (svc.spec?.type !== 'LoadBalancer') continue;
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      const errors = new Map<number, string>();
      for (const p of svc.spec?.ports ?? []) {
        const protocol = p.protocol ?? 'TCP';
        const other = want.get(p.port);
        if (protocol !== 'TCP') errors.set(p.port, `${protocol} is not supported by the playground load balancer`);
        else if (p.port < 1024) errors.set(p.port, `port ${p.port} is privileged; the playground binds no privileged ports`);
        else if (other && other.key !== key) errors.set(p.port, `port ${p.port} on 127.0.0.1 already serves Service ${other.key}`);
        else if (!other) want.set(p.port, { key, portName: p.name ?? '', kind: 'LoadBalancer' });
      }
      lbs.push({ svc, key, errors });
    }
    for (const [port, b] of [...this.bound]) {
      const w = want.get(port);
      if (!w || w.key !== b.key || w.portName !== b.portName || w.kind !== b.kind) { b.server.close(); this.bound.delete(port); }
    }
    for (const [port, b] of want) {
      const err = await this.listen(port, b);
      if (err) {
        if (b.kind === 'LoadBalancer') lbs.find((l) => l.key === b.key)?.errors.set(port, err);
        else this.o.log(`service proxy: NodePort ${port} of ${b.key}: ${err}`);
      }
    }
    for (const l of lbs) await this.syncLoadBalancer(l.svc, l.key, l.errors);
  }

  private async syncLoadBalancer(svc: Service & KubeObject, key: string, errors: Map<number, string>): Promise<void> {
    const ports = (svc.spec?.ports ?? []).map((p) => {
      const error = errors.get(p.port);
      const id = `${key}/${p.port}`;
      if (error && this.failed.get(id) !== error) {
        this.failed.set(id, error);
        this.o.events.event(svc, 'Warning', 'PortUnavailable', `${error}; reach it at 127.0.0.1:${p.nodePort ?? '?'} (its NodePort)`);
      }
      if (!error) this.failed.delete(id);
      return { port: p.port, protocol: p.protocol ?? 'TCP', ...(error ? { error: 'PortUnavailable' } : {}) };
    });
    const ingress = [{ ip: '127.0.0.1', ipMode: 'VIP', ports }];
    if (JSON.stringify(svc.status?.loadBalancer?.ingress ?? []) === JSON.stringify(ingress)) return;
    await this.o.client.patch('services', svc.metadata.namespace, svc.metadata.name!, 'merge', { status: { loadBalancer: { ingress } } }, { subresource: 'status' })
      .catch((e) => this.o.log(`service proxy: status of ${key}: ${(e as Error).message}`));
  }

  close(): void {
    for (const b of this.bound.values()) b.server.close();
    this.bound.clear();
  }
}
