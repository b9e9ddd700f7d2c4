// What both endpoint controllers need: the pods a Service selects, and each service port
// resolved against a pod (a named targetPort is looked up in that pod's container ports, so
// pods may resolve differently and land in different slices/subsets).
import type { KubeObject } from '../api/types';
import type { SharedInformer } from '../client/informer';
import { labelsMatchMap } from '../client/labels';

export interface ResolvedPort { name: string; port: number; protocol: string; appProtocol?: string }

export function selectsPods(svc: KubeObject): boolean {
  return svc.spec?.type !== 'ExternalName' && !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0;
}

/** Pods the service selects that can be endpoints: have an IP and are not finished. */
export function selectedPods(svc: KubeObject, pods: SharedInformer): KubeObject[] {
  const sel = svc.spec.selector as Record<string, string>;
  return pods.list(svc.metadata.namespace).filter((p) => labelsMatchMap(sel, p.metadata.labels)
    && p.status?.podIP && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

export function resolvePorts(svc: KubeObject, pod: KubeObject): ResolvedPort[] | undefined {
  const out: ResolvedPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const tp = sp.targetPort ?? sp.port;
    let port: number | undefined;
    if (typeof tp === 'number') port = tp;
    else if (/^\d+$/.test(String(tp))) port = Number(tp);
    else {
      for (const c of pod.spec?.containers ?? []) {
        const m = (c.ports ?? []).find((cp: any) => cp.name === tp && (cp.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
        if (m) { port = m.containerPort; break; }
      }
    }
    if (port === undefined) continue; // this port does not apply to this pod
    const r: ResolvedPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) r.appProtocol = sp.appProtocol;
    out.push(r);
  }
  return out;
}

export function portsKey(ports: ResolvedPort[]): string {
  return ports.map((p) => `${p.name}/${p.protocol}/${p.port}/${p.appProtocol ?? ''}`).sort().join(',');
}

export function podReady(p: KubeObject): boolean {
  return (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function serviceKeyForPod(services: SharedInformer, pod: KubeObject): string[] {
  return services.list(pod.metadata.namespace).filter((s) => selectsPods(s) && labelsMatchMap(s.spec.selector, pod.metadata.labels))
    .map((s) => `${s.metadata.namespace}/${s.metadata.name}`);
}
