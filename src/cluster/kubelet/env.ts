// A container's environment, as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables):
// envFrom first (ConfigMap / Secret keys, with prefix), then env in order, where each value may
// reference earlier variables as $(NAME) ($$ escapes), or come from valueFrom: configMapKeyRef,
// secretKeyRef (base64-decoded), fieldRef and resourceFieldRef. command and args are expanded
// against the result the same way.
// Service variables (FOO_SERVICE_HOST...) come from serviceEnv.ts. Not implemented: fileKeyRef.
import type { ConfigMap, Container, EnvVar, Pod, Secret } from 'kubernetes-types/core/v1';
import { parseQuantity } from './quantity';

/** What a missing reference turns into: the container waits with this reason. */
export class ContainerConfigError extends Error {
  readonly reason = 'CreateContainerConfigError';
}

export interface ObjectSource {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

export interface PodRuntimeFacts {
  podIP?: string;
  hostIP?: string;
  /** Node allocatable, for resourceFieldRef when no limit is set. */
  nodeCpuCores: number;
  nodeMemoryBytes: number;
}

export async function containerEnv(pod: Pod, c: Container, src: ObjectSource, facts: PodRuntimeFacts, serviceVars: Array<[string, string]> = []): Promise<Array<[string, string]>> {
  const ns = pod.metadata?.namespace ?? 'default';
  // Service variables come first so that the pod's own envFrom/env override them.
  const vars = new Map<string, string>(serviceVars);
  for (const from of c.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = await src.configMap(ns, from.configMapRef.name ?? '');
      if (!cm) { if (from.configMapRef.optional) continue; throw new ContainerConfigError(`configmap "${from.configMapRef.name}" not found`); }
      for (const [k, v] of Object.entries(cm.data ?? {})) vars.set(prefix + k, v);
    }
    if (from.secretRef) {
      const s = await src.secret(ns, from.secretRef.name ?? '');
      if (!s) { if (from.secretRef.optional) continue; throw new ContainerConfigError(`secret "${from.secretRef.name}" not found`); }
      for (const [k, v] of Object.entries(s.data ?? {})) vars.set(prefix + k, Buffer.from(v, 'base64').toString('utf8'));
      for (const [k, v] of Object.entries(s.stringData ?? {})) vars.set(prefix + k, v);
    }
  }
  for (const e of c.env ?? []) {
    if (e.valueFrom) {
      const v = await valueFrom(pod, c, e, src, facts);
      if (v !== undefined) vars.set(e.name, v);
    } else {
      vars.set(e.name, expand(e.value ?? '', vars));
    }
  }
  return [...vars.entries()];
}

async function valueFrom(pod: Pod, c: Container, e: EnvVar, src: ObjectSource, facts: PodRuntimeFacts): Promise<string | undefined> {
  const ns = pod.metadata?.namespace ?? 'default';
  const vf = e.valueFrom!;
  if (vf.configMapKeyRef) {
    const { name = '', key, optional } = vf.configMapKeyRef;
    const cm = await src.configMap(ns, name);
    const v = cm?.data?.[key];
    if (v === undefined && !optional) throw new ContainerConfigError(cm ? `couldn't find key ${key} in ConfigMap ${ns}/${name}` : `configmap "${name}" not found`);
    return v;
  }
  if (vf.secretKeyRef) {
    const { name = '', key, optional } = vf.secretKeyRef;
    const s = await src.secret(ns, name);
    const raw = s?.data?.[key];
    const v = raw !== undefined ? Buffer.from(raw, 'base64').toString('utf8') : s?.stringData?.[key];
    if (v === undefined && !optional) throw new ContainerConfigError(s ? `couldn't find key ${key} in Secret ${ns}/${name}` : `secret "${name}" not found`);
    return v;
  }
  if (vf.fieldRef) return fieldPath(pod, vf.fieldRef.fieldPath, facts);
  if (vf.resourceFieldRef) {
    const target = vf.resourceFieldRef.containerName ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((x) => x.name === vf.resourceFieldRef!.containerName) ?? c : c;
    return resourceField(target, vf.resourceFieldRef.resource, vf.resourceFieldRef.divisor as string | undefined, facts);
  }
  return undefined;
}

/** Downward API field paths (also used by downwardAPI volumes). */
export function fieldPath(pod: Pod, path: string, facts: Pick<PodRuntimeFacts, 'podIP' | 'hostIP'>): string {
  const m = pod.metadata ?? {};
  const sub = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (sub) return (sub[1] === 'labels' ? m.labels : m.annotations)?.[sub[2]] ?? '';
  switch (path) {
    case 'metadata.name': return m.name ?? '';
    case 'metadata.namespace': return m.namespace ?? '';
    case 'metadata.uid': return m.uid ?? '';
    case 'metadata.labels': return formatMap(m.labels);
    case 'metadata.annotations': return formatMap(m.annotations);
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP': return facts.podIP ?? '';
    case 'status.podIPs': return facts.podIP ?? '';
    case 'status.hostIP': return facts.hostIP ?? '';
    case 'status.hostIPs': return facts.hostIP ?? '';
    default: throw new ContainerConfigError(`unsupported fieldPath: ${path}`);
  }
}

function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {}).sort().map((k) => `${k}="${m![k]}"`).join('\n');
}

export function resourceField(c: Container, resource: string, divisor: string | undefined, facts: PodRuntimeFacts): string {
  const [kind, res] = resource.split('.');
  const map = (kind === 'limits' ? c.resources?.limits : c.resources?.requests) ?? {};
  let v = parseQuantity(map[res] as string | undefined);
  if (v === undefined) v = kind === 'limits' ? (res === 'cpu' ? facts.nodeCpuCores : res === 'memory' ? facts.nodeMemoryBytes : 0) : 0;
  const d = parseQuantity(divisor ?? '1') || 1;
  return String(Math.ceil(v / d));
}

/** $(VAR) expansion as Kubernetes does it: unknown references stay as written, $$ is a literal $. */
export function expand(s: string, vars: Map<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return vars.has(name!) ? vars.get(name!)! : whole;
  });
}
