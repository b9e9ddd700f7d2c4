// Renders an object in `kubectl describe` style: aligned "Key:  value" lines, nested sections
// indented by two, and the object's events at the end. Kind-specific sections for Pods,
// Deployments/ReplicaSets, Services and Nodes; every other kind shows its spec and status as
// nested fields. Not a byte-exact copy of kubectl's output (that is generated per kind in Go).
import type { Obj } from '../kube/objectCache';

type Line = [indent: number, key: string, value?: string];

function field(lines: Line[], indent: number, key: string, value: unknown): void {
  if (value === undefined || value === null) { lines.push([indent, key, '<none>']); return; }
  if (Array.isArray(value)) {
    if (!value.length) { lines.push([indent, key, '<none>']); return; }
    if (value.every((v) => typeof v !== 'object')) { lines.push([indent, key, value.join(', ')]); return; }
    lines.push([indent, key]);
    value.forEach((v, i) => field(lines, indent + 1, `[${i}]`, v));
    return;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as object);
    if (!entries.length) { lines.push([indent, key, '<none>']); return; }
    lines.push([indent, key]);
    for (const [k, v] of entries) field(lines, indent + 1, k, v);
    return;
  }
  lines.push([indent, key, String(value)]);
}

function map(m: Record<string, unknown> | undefined): string {
  const e = Object.entries(m ?? {});
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join('\n') : '<none>';
}

function render(lines: Line[]): string {
  const out: string[] = [];
  // kubectl aligns values of one block; a block is consecutive lines of the same indent
  let i = 0;
  while (i < lines.length) {
    let j = i;
    while (j < lines.length && lines[j][0] === lines[i][0]) j++;
    const width = Math.max(...lines.slice(i, j).map((l) => l[1].length)) + 2;
    for (const [indent, key, value] of lines.slice(i, j)) {
      const pad = '  '.repeat(indent);
      if (value === undefined) { out.push(`${pad}${key}:`); continue; }
      const [first, ...rest] = String(value).split('\n');
      out.push(`${pad}${(key + ':').padEnd(width)}${first}`);
      for (const r of rest) out.push(`${pad}${' '.repeat(width)}${r}`);
    }
    i = j;
  }
  return out.join('\n');
}

function podSection(lines: Line[], p: Obj): void {
  lines.push([0, 'Node', p.spec?.nodeName ?? '<none>']);
  lines.push([0, 'Status', p.metadata.deletionTimestamp ? 'Terminating' : p.status?.phase ?? 'Pending']);
  lines.push([0, 'IP', p.status?.podIP ?? '<none>']);
  lines.push([0, 'Controlled By', (p.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`).join(', ') || '<none>']);
  lines.push([0, 'Containers']);
  for (const c of p.spec?.containers ?? []) {
    const st = (p.status?.containerStatuses ?? []).find((s: any) => s.name === c.name);
    lines.push([1, c.name]);
    lines.push([2, 'Image', c.image]);
    lines.push([2, 'Ports', (c.ports ?? []).map((x: any) => `${x.containerPort}/${x.protocol ?? 'TCP'}`).join(', ') || '<none>']);
    const state = st?.state ? Object.keys(st.state)[0] : 'Waiting';
    const reason = st?.state?.[state]?.reason;
    lines.push([2, 'State', `${state[0].toUpperCase()}${state.slice(1)}${reason ? `\n  Reason: ${reason}` : ''}`]);
    lines.push([2, 'Ready', String(st?.ready ?? false)]);
    lines.push([2, 'Restart Count', String(st?.restartCount ?? 0)]);
    if (c.env?.length) field(lines, 2, 'Environment', Object.fromEntries(c.env.map((e: any) => [e.name, e.value ?? '(from source)'])));
  }
  lines.push([0, 'Conditions']);
  for (const c of p.status?.conditions ?? []) lines.push([1, c.type, c.status]);
}

function replicaSection(lines: Line[], o: Obj): void {
  lines.push([0, 'Selector', map(o.spec?.selector?.matchLabels).replace(/\n/g, ',')]);
  const s = o.status ?? {};
  lines.push([0, 'Replicas', `${o.spec?.replicas ?? 1} desired | ${s.updatedReplicas ?? s.replicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? s.readyReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable`]);
  if (o.kind === 'Deployment') lines.push([0, 'StrategyType', o.spec?.strategy?.type ?? 'RollingUpdate']);
  lines.push([0, 'Pod Template']);
  field(lines, 1, 'Labels', o.spec?.template?.metadata?.labels);
  for (const c of o.spec?.template?.spec?.containers ?? []) { lines.push([1, c.name]); lines.push([2, 'Image', c.image]); }
}

function serviceSection(lines: Line[], s: Obj, endpoints?: Obj): void {
  lines.push([0, 'Selector', map(s.spec?.selector).replace(/\n/g, ',')]);
  lines.push([0, 'Type', s.spec?.type ?? 'ClusterIP']);
  lines.push([0, 'IP', s.spec?.clusterIP ?? '<none>']);
  for (const p of s.spec?.ports ?? []) {
    lines.push([0, 'Port', `${p.name ?? '<unset>'}  ${p.port}/${p.protocol ?? 'TCP'}`]);
    lines.push([0, 'TargetPort', `${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`]);
    if (p.nodePort) lines.push([0, 'NodePort', `${p.name ?? '<unset>'}  ${p.nodePort}/${p.protocol ?? 'TCP'}`]);
  }
  const addrs = (endpoints?.subsets ?? []).flatMap((ss: any) => (ss.addresses ?? []).flatMap((a: any) => (ss.ports ?? [{}]).map((pt: any) => `${a.ip}${pt.port ? ':' + pt.port : ''}`)));
  lines.push([0, 'Endpoints', addrs.join(',') || '<none>']);
}

/** Oldest first. Timestamps have whole seconds, so events of one second (Scheduled, Pulled,
 * Created, Started) keep kubectl's order: the list's, which is name order, and an event is named
 * for its object and the time it happened (`web-0.17f3a…`, client-go's form); a write can come
 * later than the happening, so resourceVersion only breaks what names do not. */
export function eventOrder(a: Obj, b: Obj): number {
  const t = (e: Obj) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '') || 0;
  const rv = (e: Obj) => (/^\d+$/.test(e.metadata.resourceVersion ?? '') ? Number(e.metadata.resourceVersion) : 0);
  const an = a.metadata.name ?? '', bn = b.metadata.name ?? '';
  return t(a) - t(b) || (an < bn ? -1 : an > bn ? 1 : 0) || rv(a) - rv(b);
}

export function describe(o: Obj, events: Obj[], related?: { endpoints?: Obj }): string {
  const lines: Line[] = [];
  lines.push([0, 'Name', o.metadata.name]);
  if (o.metadata.namespace) lines.push([0, 'Namespace', o.metadata.namespace]);
  lines.push([0, 'Kind', `${o.kind} (${o.apiVersion})`]);
  lines.push([0, 'Labels', map(o.metadata.labels)]);
  lines.push([0, 'Annotations', map(Object.fromEntries(Object.entries(o.metadata.annotations ?? {}).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration')))]);
  lines.push([0, 'CreationTimestamp', o.metadata.creationTimestamp ?? '<unknown>']);
  switch (o.kind) {
    case 'Pod': podSection(lines, o); break;
    case 'Deployment': case 'ReplicaSet': case 'StatefulSet': replicaSection(lines, o); break;
    case 'Service': serviceSection(lines, o, related?.endpoints); break;
    case 'ConfigMap': field(lines, 0, 'Data', o.data); break;
    case 'Secret': field(lines, 0, 'Data', Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, `${Buffer.from(String(v), 'base64').length} bytes`]))); break;
    default:
      if (o.spec !== undefined) field(lines, 0, 'Spec', o.spec);
      if (o.status !== undefined) field(lines, 0, 'Status', o.status);
  }
  let text = render(lines);
  const ev = events.sort(eventOrder);
  text += '\nEvents:';
  if (!ev.length) return text + '  <none>\n';
  // columns padded to their widest cell, as kubectl's tabwriter does
  const rows = [['Type', 'Reason', 'From', 'Message'], ['----', '------', '----', '-------'],
    ...ev.map((e) => [e.type ?? 'Normal', e.reason ?? '', e.source?.component ?? e.reportingComponent ?? '', e.message ?? ''])];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)) + 2);
  text += '\n' + rows.map((r) => '  ' + r.slice(0, 3).map((cell, c) => cell.padEnd(widths[c])).join('') + r[3]).join('\n') + '\n';
  return text;
}
