// Kubernetes' defaulting of PodSpec and Container (SetDefaults_PodSpec, _Container, _Probe,
// _Volume ...), shared by pods and every pod template. Pod-only defaults (priority,
// service account) live in kinds/pod.ts. Not here: admission-added tolerations.

function set<T extends object, K extends keyof T>(o: T, k: K, v: T[K]): void {
  if ((o as any)[k] === undefined || (o as any)[k] === null) (o as any)[k] = v;
}

/** Always for ':latest' or no tag (unless pinned by digest), else IfNotPresent. */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= lastSlash) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: any): void {
  if (!p) return;
  set(p, 'timeoutSeconds', 1);
  set(p, 'periodSeconds', 10);
  set(p, 'successThreshold', 1);
  set(p, 'failureThreshold', 3);
  if (p.httpGet) set(p.httpGet, 'scheme', 'HTTP');
  if (p.httpGet) set(p.httpGet, 'path', '/');
  if (p.grpc) set(p.grpc, 'service', '');
}

export function defaultContainer(c: any): void {
  if (!c || typeof c !== 'object') return;
  set(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  set(c, 'terminationMessagePath', '/dev/termination-log');
  set(c, 'terminationMessagePolicy', 'File');
  set(c, 'resources', {});
  for (const p of c.ports ?? []) if (p && typeof p === 'object') set(p, 'protocol', 'TCP');
  for (const e of c.env ?? []) {
    const ref = e?.valueFrom?.fieldRef;
    if (ref) set(ref, 'apiVersion', 'v1');
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  // Limits without requests: requests default to the limits.
  const r = c.resources;
  if (r?.limits && typeof r.limits === 'object') {
    r.requests ??= {};
    for (const [k, v] of Object.entries(r.limits)) if (r.requests[k] === undefined) r.requests[k] = v;
  }
}

function defaultVolume(v: any): void {
  if (!v || typeof v !== 'object') return;
  const hasSource = Object.keys(v).some((k) => k !== 'name');
  if (!hasSource) v.emptyDir = {};
  if (v.configMap) set(v.configMap, 'defaultMode', 420);
  if (v.secret) set(v.secret, 'defaultMode', 420);
  if (v.projected) set(v.projected, 'defaultMode', 420);
  if (v.downwardAPI) set(v.downwardAPI, 'defaultMode', 420);
  if (v.hostPath) set(v.hostPath, 'type', '');
}

export function defaultPodSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return;
  set(spec, 'restartPolicy', 'Always');
  set(spec, 'dnsPolicy', 'ClusterFirst');
  set(spec, 'terminationGracePeriodSeconds', 30);
  set(spec, 'securityContext', {});
  set(spec, 'schedulerName', 'default-scheduler');
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) {
    if (!c) continue;
    set(c, 'imagePullPolicy', defaultPullPolicy(c.image));
    set(c, 'terminationMessagePath', '/dev/termination-log');
    set(c, 'terminationMessagePolicy', 'File');
  }
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

/** A pod template inside a workload: PodSpec defaults only. */
export function defaultPodTemplate(template: any): void {
  if (template && typeof template === 'object') defaultPodSpec(template.spec);
}
