// Service IP and NodePort allocation at admission, as the API server's service REST does:
// ClusterIPs from 10.96.0.0/12 (10.96.0.1 belongs to default/kubernetes), NodePorts from
// 30000–32767 for NodePort and LoadBalancer services. User-chosen values are checked and
// conflicts rejected with Kubernetes' 422 messages. What is allocated is read back from stored
// Services (so a deleted Service frees its IP and ports); values handed out but not yet stored
// are held as reservations until afterWrite. Headless (None) and ExternalName get no IP.
// Not implemented: IPv6/dual-stack, healthCheckNodePort, allocation bitmaps persisted apart.
import type { AdmissionContext, AdmissionPlugin } from './types';
import type { KubeObject } from '../api/types';
import { invalid } from '../api/errors';

const BASE = ipToInt('10.96.0.0');
const SIZE = 1 << 20; // /12
const KUBERNETES_IP = '10.96.0.1';
const PORT_MIN = 30000;
const PORT_MAX = 32767;

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return NaN;
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}
function intToIp(n: number): string { return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'); }

const needsNodePorts = (svc: KubeObject) => svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';

export function serviceAllocatorPlugin(): AdmissionPlugin {
  const pendingIPs = new Map<AdmissionContext, string[]>();
  const pendingPorts = new Map<AdmissionContext, number[]>();
  const reservedIPs = () => new Set([...pendingIPs.values()].flat());
  const reservedPorts = () => new Set([...pendingPorts.values()].flat());

  function usedBy(ctx: AdmissionContext): { ips: Map<string, string>; ports: Map<number, string> } {
    const ips = new Map<string, string>();
    const ports = new Map<number, string>();
    for (const s of ctx.list('services')) {
      const id = `${s.metadata.namespace}/${s.metadata.name}`;
      for (const ip of s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])) if (ip && ip !== 'None') ips.set(ip, id);
      for (const p of s.spec?.ports ?? []) if (p.nodePort) ports.set(p.nodePort, id);
    }
    return { ips, ports };
  }

  return {
    name: 'ServiceIPAllocator',
    resources: ['services'],
    admit(ctx) {
      if ((ctx.operation !== 'CREATE' && ctx.operation !== 'UPDATE') || ctx.subresource || !ctx.object) return;
      const svc = ctx.object;
      const old = ctx.operation === 'UPDATE' ? ctx.oldObject : undefined;
      const name = svc.metadata.name ?? '';
      const self = `${svc.metadata.namespace ?? ctx.namespace}/${name}`;
      const spec = (svc.spec ??= {});
      const { ips, ports } = usedBy(ctx);
      const myIPs: string[] = [];
      const myPorts: number[] = [];

      if (spec.type === 'ExternalName') {
        delete spec.clusterIP; delete spec.clusterIPs;
      } else {
        if (old && !spec.clusterIP && old.spec?.clusterIP) { spec.clusterIP = old.spec.clusterIP; spec.clusterIPs = old.spec.clusterIPs; }
        const wanted: string | undefined = spec.clusterIP || spec.clusterIPs?.[0];
        if (wanted === 'None') {
          spec.clusterIP = 'None'; spec.clusterIPs = ['None'];
        } else if (wanted) {
          const owner = ips.get(wanted);
          if (owner !== self) {
            const n = ipToInt(wanted);
            const fail = (why: string) => invalid('Service', '', name, [{ field: 'spec.clusterIPs', reason: 'FieldValueInvalid', message: `Invalid value: []string{"${wanted}"}: failed to allocate IP ${wanted}: ${why}` }]);
            if (Number.isNaN(n) || n <= BASE || n >= BASE + SIZE - 1) throw fail('the provided IP (' + wanted + ') is not in the valid range. The range of valid IPs is 10.96.0.0/12');
            if (owner || reservedIPs().has(wanted) || (wanted === KUBERNETES_IP && self !== 'default/kubernetes')) throw fail('provided IP is already allocated');
            myIPs.push(wanted);
          }
          spec.clusterIP = wanted; spec.clusterIPs = [wanted];
        } else {
          const taken = reservedIPs();
          const start = Math.floor(Math.random() * (SIZE - 3)) + 2;
          let ip: string | undefined;
          for (let i = 0; i < SIZE - 3; i++) {
            const c = intToIp(BASE + 2 + ((start - 2 + i) % (SIZE - 3)));
            if (!ips.has(c) && !taken.has(c)) { ip = c; break; }
          }
          if (!ip) throw invalid('Service', '', name, [{ field: 'spec.clusterIPs', reason: 'FieldValueInvalid', message: 'Invalid value: []string{}: failed to allocate IP: range is full' }]);
          spec.clusterIP = ip; spec.clusterIPs = [ip]; myIPs.push(ip);
        }
        if (spec.clusterIP !== 'None') { spec.ipFamilies ??= ['IPv4']; spec.ipFamilyPolicy ??= 'SingleStack'; }
      }

      if (needsNodePorts(svc)) {
        const taken = reservedPorts();
        const oldPorts = new Map<string, number>();
        for (const p of old?.spec?.ports ?? []) if (p.nodePort) oldPorts.set(`${p.protocol ?? 'TCP'}/${p.port}`, p.nodePort);
        const list: any[] = spec.ports ?? [];
        for (let i = 0; i < list.length; i++) {
          const p = list[i];
          if (!p.nodePort) { const o = oldPorts.get(`${p.protocol ?? 'TCP'}/${p.port}`); if (o) p.nodePort = o; }
          if (p.nodePort) {
            const owner = ports.get(p.nodePort);
            if (owner === self) continue;
            const fail = (why: string) => invalid('Service', '', name, [{ field: `spec.ports[${i}].nodePort`, reason: 'FieldValueInvalid', message: `Invalid value: ${p.nodePort}: ${why}` }]);
            if (p.nodePort < PORT_MIN || p.nodePort > PORT_MAX) throw fail(`provided port is not in the valid range. The range of valid ports is ${PORT_MIN}-${PORT_MAX}`);
            if (owner || taken.has(p.nodePort) || myPorts.includes(p.nodePort)) throw fail('provided port is already allocated');
            myPorts.push(p.nodePort);
            continue;
          }
          const span = PORT_MAX - PORT_MIN + 1;
          const start = Math.floor(Math.random() * span);
          for (let k = 0; k < span; k++) {
            const c = PORT_MIN + ((start + k) % span);
            if (!ports.has(c) && !taken.has(c) && !myPorts.includes(c)) { p.nodePort = c; myPorts.push(c); break; }
          }
          if (!p.nodePort) throw invalid('Service', '', name, [{ field: `spec.ports[${i}].nodePort`, reason: 'FieldValueInvalid', message: 'Invalid value: 0: range is full' }]);
        }
      } else {
        for (const p of spec.ports ?? []) delete p.nodePort;
      }
      if (!ctx.dryRun) {
        if (myIPs.length) pendingIPs.set(ctx, myIPs);
        if (myPorts.length) pendingPorts.set(ctx, myPorts);
      }
    },
    afterWrite(ctx) {
      // Stored (now visible to usedBy) or failed (released): either way the reservation ends.
      pendingIPs.delete(ctx);
      pendingPorts.delete(ctx);
    },
  };
}
