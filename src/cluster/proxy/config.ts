// What the in-network service proxy (native/proxy.c) should serve, computed from Services,
// Endpoints and Pods: the ClusterIPs it holds, each TCP service port with its ready endpoints
// (kube-proxy's job: targetPort already resolved by the Endpoints controller, named ports
// included), and the DNS records kube-dns would answer (Kubernetes' DNS spec):
//   <svc>.<ns>.svc.<domain>            A → ClusterIP, or the ready pod IPs when headless
//   <hostname>.<svc>.<ns>.svc.<domain> A → pod IP (Endpoints hostname, e.g. StatefulSet pods,
//                                      and pods with spec.hostname + spec.subdomain)
//   <svc>.<ns>.svc.<domain>            CNAME → spec.externalName for ExternalName Services
// Short names (`svc`, `svc.ns`, `svc.ns.svc`) work through the pods' resolv.conf search list.
// Also the pure lookup the host side uses: endpointsFor(service, port).
// Not implemented: SRV records, pod A records (a-b-c-d.ns.pod), UDP/SCTP service ports.
import type { Endpoints, Pod, Service, ServicePort } from 'kubernetes-types/core/v1';

export const CLUSTER_DOMAIN = 'cluster.local';
/** kube-dns' address in every kubeadm cluster; the proxy container's own IP. */
export const CLUSTER_DNS_IP = '10.96.0.10';

export interface Backend { ip: string; port: number }

/** Ready endpoints of one service port (matched by port name, as kube-proxy does). */
export function endpointsFor(ep: Endpoints | undefined, sp: ServicePort): Backend[] {
  const out: Backend[] = [];
  for (const ss of ep?.subsets ?? []) {
    const p = (ss.ports ?? []).find((x) => (x.name ?? '') === (sp.name ?? '') && (x.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
    if (!p) continue;
    for (const a of ss.addresses ?? []) out.push({ ip: a.ip, port: p.port });
  }
  return out;
}

export interface ProxyState {
  services: Service[];
  endpoints: (namespace: string, name: string) => Endpoints | undefined;
  pods: Pod[];
}

export function proxyConfig(s: ProxyState, domain = CLUSTER_DOMAIN): string {
  const lines: string[] = [];
  const headless = new Set<string>();
  for (const svc of s.services) {
    const ns = svc.metadata?.namespace ?? 'default';
    const name = svc.metadata?.name ?? '';
    const fqdn = `${name}.${ns}.svc.${domain}`;
    const spec = svc.spec ?? {};
    if (spec.type === 'ExternalName') {
      if (spec.externalName) lines.push(`cname ${fqdn} ${spec.externalName.replace(/\.$/, '')}`);
      continue;
    }
    const ep = s.endpoints(ns, name);
    const ip = spec.clusterIP;
    if (ip && ip !== 'None') {
      lines.push(`a ${fqdn} ${ip}`, `addr ${ip}`);
      // The proxy's own address serves DNS itself (kube-system/kube-dns).
      if (ip !== CLUSTER_DNS_IP) {
        for (const sp of spec.ports ?? []) {
          if ((sp.protocol ?? 'TCP') !== 'TCP') continue;
          lines.push(`svc ${ip} ${sp.port} ${endpointsFor(ep, sp).map((b) => `${b.ip}:${b.port}`).join(' ')}`.trimEnd());
        }
      }
    } else if (ip === 'None') {
      headless.add(`${ns}/${name}`);
      const ips = new Set<string>();
      for (const ss of ep?.subsets ?? []) for (const a of ss.addresses ?? []) ips.add(a.ip);
      for (const a of ips) lines.push(`a ${fqdn} ${a}`);
    }
    for (const ss of ep?.subsets ?? []) for (const a of ss.addresses ?? []) if (a.hostname) lines.push(`a ${a.hostname}.${fqdn} ${a.ip}`);
  }
  // spec.hostname + spec.subdomain give a pod its own name once a headless Service of that name exists.
  for (const p of s.pods) {
    const ns = p.metadata?.namespace ?? 'default';
    const h = p.spec?.hostname, sub = p.spec?.subdomain, ip = p.status?.podIP;
    if (h && sub && ip && headless.has(`${ns}/${sub}`)) lines.push(`a ${h}.${sub}.${ns}.svc.${domain} ${ip}`);
  }
  return [...new Set(lines)].join('\n') + '\n';
}
