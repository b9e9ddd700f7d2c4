// Where a Service answers on the host, as `minikube service NAME --url` prints it: a
// LoadBalancer port bound on 127.0.0.1 (no error in status.loadBalancer.ingress[0].ports),
// else the NodePort. ClusterIP and headless Services are not exposed to the host.
import type { Service } from 'kubernetes-types/core/v1';

export function serviceURLs(svc: Service): { urls: string[]; error?: string } {
  const type = svc.spec?.type ?? 'ClusterIP';
  const name = svc.metadata?.name ?? '';
  if (type !== 'NodePort' && type !== 'LoadBalancer') {
    return { urls: [], error: `service ${name} is of type ${type} and not exposed on the host: use type NodePort or LoadBalancer, an Ingress, or kubectl port-forward svc/${name}` };
  }
  const status = svc.status?.loadBalancer?.ingress?.[0]?.ports ?? [];
  const urls: string[] = [];
  for (const p of svc.spec?.ports ?? []) {
    if ((p.protocol ?? 'TCP') !== 'TCP') continue;
    const lb = type === 'LoadBalancer' && status.some((s) => s.port === p.port && !s.error);
    const port = lb ? p.port : p.nodePort;
    if (port) urls.push(`http://127.0.0.1:${port}`);
  }
  return urls.length ? { urls } : { urls, error: `service ${name} has no TCP port with a NodePort yet` };
}
