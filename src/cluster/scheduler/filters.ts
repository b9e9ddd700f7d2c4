// Filter plugins, in the default profile's order: NodeUnschedulable, NodeName,
// TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, VolumeBinding (node affinity of
// bound PVs), InterPodAffinity. Each returns the reasons Kubernetes 1.32 prints in
// FailedScheduling ("Insufficient cpu", "node(s) had untolerated taint {k: v}", …) or none.
// Not implemented: PodTopologySpread constraints, volume limits, zones, extended resources.
import type { NodeInfo, SchedulerCache } from './cache';
import type { Requests } from './resources';
import { matchesSelector, matchesRequirement } from '../client/labels';
import { parseQuantity } from './resources';

export interface Taint { key: string; value?: string; effect: string }
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

export function tolerated(tols: Toleration[] | undefined, taint: Taint): boolean {
  return (tols ?? []).some((t) => tolerates(t, taint));
}

/** Taints of a node, plus the not-ready taint for a node whose Ready is not True and has no such taint yet. */
export function effectiveTaints(node: any): Taint[] {
  const taints: Taint[] = node?.spec?.taints ?? [];
  const ready = (node?.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  if (ready?.status === 'True') return taints;
  if (taints.some((t) => t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable')) return taints;
  return [...taints, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }];
}

/** One nodeSelectorTerm: matchExpressions on labels AND matchFields (metadata.name). */
export function matchesNodeSelectorTerm(term: any, node: any): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  const labels = node.metadata?.labels ?? {};
  for (const r of exprs) if (!matchNodeRequirement(r, labels)) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (!matchNodeRequirement(r, { 'metadata.name': node.metadata.name })) return false;
  }
  return true;
}

function matchNodeRequirement(r: any, labels: Record<string, string>): boolean {
  if (r.operator === 'Gt' || r.operator === 'Lt') {
    if (!(r.key in labels)) return false;
    const v = Number(labels[r.key]);
    const want = Number((r.values ?? [])[0]);
    if (!Number.isInteger(v) || !Number.isInteger(want)) return false;
    return r.operator === 'Gt' ? v > want : v < want;
  }
  return matchesRequirement(r, labels);
}

export function matchesNodeAffinity(pod: any, node: any): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req?.nodeSelectorTerms) {
    if (!req.nodeSelectorTerms.some((t: any) => matchesNodeSelectorTerm(t, node))) return false;
  }
  return true;
}

/** Per-pod data computed once per scheduling attempt (PreFilter). */
export interface PodState {
  pod: any;
  req: Requests;
  ports: string[];
  /** Bound PVs' required node affinity terms (each must match). */
  pvNodeAffinities: any[];
  affinity?: AffinityState;
}

export interface AffinityState {
  /** For each required affinity term: topology values that hold a matching pod (undefined: none anywhere). */
  affinity: Array<{ key: string; values: Set<string>; selfMatch: boolean; anyMatch: boolean }>;
  antiAffinity: Array<{ key: string; values: Set<string> }>;
  /** topologyKey → values where an existing pod's anti-affinity forbids this pod. */
  existingAnti: Array<{ key: string; values: Set<string> }>;
}

export function filterNode(s: PodState, ni: NodeInfo): string[] {
  const node = ni.node;
  const pod = s.pod;
  const tols: Toleration[] = pod.spec?.tolerations ?? [];
  if (node.spec?.unschedulable && !tolerated(tols, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return ['node(s) were unschedulable'];
  }
  if (pod.spec?.nodeName && pod.spec.nodeName !== ni.name) return ["node(s) didn't match the requested node name"];
  for (const t of effectiveTaints(node)) {
    if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
    if (!tolerated(tols, t)) return [`node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`];
  }
  if (!matchesNodeAffinity(pod, node)) return ["node(s) didn't match Pod's node affinity/selector"];
  for (const p of s.ports) {
    if (ni.usedPorts.has(p) || conflictsWildcard(p, ni)) return ["node(s) didn't have free ports for the requested pod ports"];
  }
  const reasons: string[] = [];
  if (ni.podCount + 1 > ni.allocatable.pods) reasons.push('Too many pods');
  if (s.req.milliCPU > 0 && ni.requested.milliCPU + s.req.milliCPU > ni.allocatable.milliCPU) reasons.push('Insufficient cpu');
  if (s.req.memory > 0 && ni.requested.memory + s.req.memory > ni.allocatable.memory) reasons.push('Insufficient memory');
  if (reasons.length) return reasons;
  for (const terms of s.pvNodeAffinities) {
    if (!(terms ?? []).some((t: any) => matchesNodeSelectorTerm(t, node))) return ['node(s) had volume node affinity conflict'];
  }
  if (s.affinity) {
    const labels = node.metadata?.labels ?? {};
    for (const a of s.affinity.affinity) {
      // The first pod of a group that selects itself may go anywhere with the topology key.
      if (!a.anyMatch && a.selfMatch) { if (!(a.key in labels)) return ["node(s) didn't match pod affinity rules"]; continue; }
      if (!(a.key in labels) || !a.values.has(labels[a.key])) return ["node(s) didn't match pod affinity rules"];
    }
    for (const a of s.affinity.antiAffinity) {
      if (a.key in labels && a.values.has(labels[a.key])) return ["node(s) didn't match pod anti-affinity rules"];
    }
    for (const e of s.affinity.existingAnti) {
      if (e.key in labels && e.values.has(labels[e.key])) return ["node(s) didn't satisfy existing pods anti-affinity rules"];
    }
  }
  return [];
}

function conflictsWildcard(p: string, ni: NodeInfo): boolean {
  // TCP/0.0.0.0/80 conflicts with TCP/<any ip>/80 and vice versa.
  const [proto, ip, port] = p.split('/');
  for (const used of ni.usedPorts.keys()) {
    const [up, uip, uport] = used.split('/');
    if (up === proto && uport === port && (ip === '0.0.0.0' || uip === '0.0.0.0' || ip === uip)) return true;
  }
  return false;
}

function termNamespaces(term: any, podNs: string): Set<string> | undefined {
  if (term.namespaceSelector && !Object.keys(term.namespaceSelector).length) return undefined; // all namespaces
  return new Set(term.namespaces?.length ? term.namespaces : [podNs]);
}

/** PreFilter for InterPodAffinity: one pass over bound pods per term. Undefined when nothing applies. */
export function computeAffinityState(pod: any, cache: SchedulerCache): AffinityState | undefined {
  const aff = pod.spec?.affinity;
  const reqAff: any[] = aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const reqAnti: any[] = aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (!reqAff.length && !reqAnti.length && !cache.antiAffinityPods.size) return undefined;
  const ns = pod.metadata.namespace;
  const st: AffinityState = { affinity: [], antiAffinity: [], existingAnti: [] };
  const nodeLabel = (node: string, key: string): string | undefined => cache.nodes.get(node)?.node?.metadata?.labels?.[key];
  const scan = (term: any) => {
    const nss = termNamespaces(term, ns);
    const values = new Set<string>();
    let any = false;
    for (const ni of cache.nodes.values()) {
      for (const e of ni.pods.values()) {
        if (nss && !nss.has(e.pod.metadata.namespace)) continue;
        if (!matchesSelector(term.labelSelector, e.pod.metadata.labels)) continue;
        any = true;
        const v = nodeLabel(ni.name, term.topologyKey);
        if (v !== undefined) values.add(v);
      }
    }
    return { values, any };
  };
  for (const t of reqAff) {
    const { values, any } = scan(t);
    const nss = termNamespaces(t, ns);
    const selfMatch = (!nss || nss.has(ns)) && matchesSelector(t.labelSelector, pod.metadata.labels);
    st.affinity.push({ key: t.topologyKey, values, selfMatch, anyMatch: any });
  }
  for (const t of reqAnti) st.antiAffinity.push({ key: t.topologyKey, values: scan(t).values });
  for (const e of cache.antiAffinityPods.values()) {
    for (const t of e.pod.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution) {
      const nss = termNamespaces(t, e.pod.metadata.namespace);
      if (nss && !nss.has(ns)) continue;
      if (!matchesSelector(t.labelSelector, pod.metadata.labels)) continue;
      const v = nodeLabel(e.node, t.topologyKey);
      if (v !== undefined) st.existingAnti.push({ key: t.topologyKey, values: new Set([v]) });
    }
  }
  return st;
}

export { parseQuantity };
