// Docker-links-style service environment variables, as the kubelet sets them
// (kubelet_pods.go getServiceEnvVarMap / envvars.FromServices): for each Service with a
// cluster IP in the pod's namespace (all of them only when enableServiceLinks is true, the
// default) and always the `kubernetes` Service of `default`:
//   FOO_SERVICE_HOST, FOO_SERVICE_PORT[_NAME], FOO_PORT, FOO_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]
import type { Pod, Service } from 'kubernetes-types/core/v1';

export function serviceEnv(pod: Pod, services: Service[]): Array<[string, string]> {
  const ns = pod.metadata?.namespace ?? 'default';
  const links = pod.spec?.enableServiceLinks ?? true;
  const chosen = new Map<string, Service>();
  for (const s of services) {
    const ip = s.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    const name = s.metadata?.name ?? '';
    const sns = s.metadata?.namespace;
    if (sns === 'default' && name === 'kubernetes') chosen.set(name, s);
    else if (links && sns === ns && !(ns !== 'default' && name === 'kubernetes')) chosen.set(name, s);
  }
  const out: Array<[string, string]> = [];
  for (const s of [...chosen.values()].sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1))) {
    const prefix = s.metadata!.name!.toUpperCase().replace(/-/g, '_');
    const ip = s.spec!.clusterIP!;
    const ports = s.spec?.ports ?? [];
    if (!ports.length) continue;
    out.push([`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, String(ports[0].port)]);
    for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
    const first = ports[0];
    out.push([`${prefix}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`]);
    for (const p of ports) {
      const proto = (p.protocol ?? 'TCP');
      const base = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      out.push([base, `${proto.toLowerCase()}://${ip}:${p.port}`], [`${base}_PROTO`, proto.toLowerCase()], [`${base}_PORT`, String(p.port)], [`${base}_ADDR`, ip]);
    }
  }
  return out;
}
