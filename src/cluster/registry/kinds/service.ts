// core/v1 Service: defaults (type ClusterIP, sessionAffinity None, targetPort = port,
// protocol TCP, traffic policies), validation of ports and type, kubectl's columns.
// Not here: ClusterIP / NodePort allocation (the API server's allocators).
import type { StatusCause } from '../../api/types';
import { defineResource } from '../define';
import { column, formatLabels, wide } from '../printers/common';
import { loadBalancerStatus } from '../printers/formats';
import { duplicate, invalid, notSupported, required } from '../validation/field';
import { dns1035Label, dns1123Label } from '../validation/names';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function externalIP(o: any, wideOutput: boolean): string {
  const spec = o.spec ?? {};
  const ext: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(o.status?.loadBalancer, wideOutput);
      if (ext.length) return [...ext, ...(lb ? [lb] : [])].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function ports(o: any): string {
  const list: string[] = (o.spec?.ports ?? []).map((p: any) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`));
  return list.length ? list.join(',') : '<none>';
}

function validateService(o: any, old?: any): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = o.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (!TYPES.includes(type)) causes.push(notSupported('spec.type', type, TYPES));
  const list: any[] = spec.ports ?? [];
  if (type !== 'ExternalName' && list.length === 0 && spec.clusterIP !== 'None') causes.push(required('spec.ports'));
  const names = new Set<string>();
  list.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if (list.length > 1 && !p.name) causes.push(required(`${f}.name`));
    if (p.name) {
      for (const m of dns1123Label(p.name)) causes.push(invalid(`${f}.name`, p.name, m));
      if (names.has(p.name)) causes.push(duplicate(`${f}.name`, p.name));
      names.add(p.name);
    }
    if (!(Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535)) causes.push(invalid(`${f}.port`, p.port ?? 0, 'must be between 1 and 65535, inclusive'));
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) causes.push(notSupported(`${f}.protocol`, p.protocol, PROTOCOLS));
    if (typeof p.targetPort === 'number' && !(p.targetPort >= 1 && p.targetPort <= 65535)) causes.push(invalid(`${f}.targetPort`, p.targetPort, 'must be between 1 and 65535, inclusive'));
    if (p.nodePort !== undefined && p.nodePort !== 0 && type === 'ClusterIP') causes.push({ reason: 'FieldValueForbidden', field: `${f}.nodePort`, message: 'Forbidden: may not be used when `type` is \'ClusterIP\'' });
  });
  if (type === 'ExternalName' && !spec.externalName) causes.push(required('spec.externalName'));
  if (old?.spec?.clusterIP && spec.clusterIP !== undefined && spec.clusterIP !== old.spec.clusterIP && type !== 'ExternalName') {
    causes.push(invalid('spec.clusterIPs[0]', spec.clusterIP, 'may not change once set'));
  }
  return causes;
}

export const service = defineResource({
  group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true,
  shortNames: ['svc'], categories: ['all'], subresources: { status: true },
  strategy: { bumpGenerationOnSpecChange: false },
  nameCheck: dns1035Label,
  columns: [
    column('Type', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.', (o) => o.spec?.type ?? ''),
    column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.', (o) => o.spec?.clusterIP || '<none>'),
    column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.', (o) => externalIP(o, false)),
    column('Port(s)', 'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies', ports),
    column('Selector', 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/', (o) => formatLabels(o.spec?.selector), wide),
  ],
  ageAt: 4,
  defaults(obj) {
    obj.spec ??= {};
    const s = obj.spec;
    s.type ??= 'ClusterIP';
    if (s.type !== 'ExternalName') {
      s.sessionAffinity ??= 'None';
      s.internalTrafficPolicy ??= 'Cluster';
      // What the IP allocator settles on a single-stack IPv4 cluster.
      s.ipFamilyPolicy ??= 'SingleStack';
      s.ipFamilies ??= ['IPv4'];
      if (s.clusterIP && !s.clusterIPs) s.clusterIPs = [s.clusterIP];
    }
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ??= 'Cluster';
    if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
    if (s.sessionAffinity === 'ClientIP') s.sessionAffinityConfig ??= { clientIP: { timeoutSeconds: 10800 } };
    for (const p of s.ports ?? []) {
      if (!p || typeof p !== 'object') continue;
      p.protocol ??= 'TCP';
      if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
    }
  },
  validate: validateService,
});
