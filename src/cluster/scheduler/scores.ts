// Score plugins (each 0–100 per node, summed with the default weights): least allocated
// and balanced allocation (NodeResourcesFit/BalancedAllocation, with the non-zero request
// defaults 100m / 200Mi), preferred node affinity (weight 2), taint toleration of
// PreferNoSchedule (weight 3), preferred inter-pod (anti-)affinity (weight 2), and spreading of
// one controller's pods across nodes (weight 2, like PodTopologySpread's default constraint).
import type { NodeInfo, SchedulerCache } from './cache';
import { DEFAULT_MEMORY, DEFAULT_MILLI_CPU, controllerUid } from './cache';
import type { PodState } from './filters';
import { matchesNodeSelectorTerm, tolerated, effectiveTaints } from './filters';
import { matchesSelector } from '../client/labels';

export function scoreNodes(s: PodState, nodes: NodeInfo[], cache: SchedulerCache): number[] {
  const pod = s.pod;
  const cpu = s.req.milliCPU || DEFAULT_MILLI_CPU;
  const mem = s.req.memory || DEFAULT_MEMORY;
  const owner = controllerUid(pod);
  const prefNode: any[] = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const prefAff: any[] = pod.spec?.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const prefAnti: any[] = pod.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const tols = pod.spec?.tolerations ?? [];

  const base: number[] = [];
  const nodeAff: number[] = [];
  const taintCnt: number[] = [];
  const spread: number[] = [];
  const podAff: number[] = [];
  let maxSpread = 0;
  const topo = prefAff.length || prefAnti.length ? preferredTopology(pod, prefAff, prefAnti, cache) : undefined;

  for (const ni of nodes) {
    const a = ni.allocatable;
    const fc = a.milliCPU > 0 ? Math.min(1, (ni.nonZero.milliCPU + cpu) / a.milliCPU) : 1;
    const fm = a.memory > 0 ? Math.min(1, (ni.nonZero.memory + mem) / a.memory) : 1;
    const least = ((1 - fc) + (1 - fm)) / 2 * 100;
    const balanced = (1 - Math.abs(fc - fm) / 2) * 100;
    base.push(least + balanced);
    let w = 0;
    for (const p of prefNode) if (p.preference && matchesNodeSelectorTerm(p.preference, ni.node)) w += p.weight ?? 0;
    nodeAff.push(w);
    let t = 0;
    for (const taint of effectiveTaints(ni.node)) if (taint.effect === 'PreferNoSchedule' && !tolerated(tols, taint)) t++;
    taintCnt.push(t);
    const c = owner ? ni.ownerCounts.get(owner) ?? 0 : 0;
    spread.push(c);
    if (c > maxSpread) maxSpread = c;
    podAff.push(topo ? topo(ni) : 0);
  }
  const norm = (xs: number[], reverse = false) => {
    const max = Math.max(0, ...xs);
    const min = Math.min(0, ...xs);
    return xs.map((x) => {
      if (max === min) return reverse ? 100 : 0;
      const v = ((x - min) / (max - min)) * 100;
      return reverse ? 100 - v : v;
    });
  };
  const na = norm(nodeAff);
  const tc = norm(taintCnt, true);
  const pa = norm(podAff);
  return nodes.map((_, i) => base[i] + 2 * na[i] + 3 * tc[i] + 2 * pa[i] + (maxSpread ? 2 * 100 * (maxSpread - spread[i]) / maxSpread : 200));
}

function preferredTopology(pod: any, prefAff: any[], prefAnti: any[], cache: SchedulerCache): (ni: NodeInfo) => number {
  // topologyKey → value → summed weight
  const weights = new Map<string, Map<string, number>>();
  const add = (key: string, value: string, w: number) => {
    let m = weights.get(key);
    if (!m) { m = new Map(); weights.set(key, m); }
    m.set(value, (m.get(value) ?? 0) + w);
  };
  const ns = pod.metadata.namespace;
  for (const ni of cache.nodes.values()) {
    const labels = ni.node?.metadata?.labels ?? {};
    for (const e of ni.pods.values()) {
      for (const [terms, sign] of [[prefAff, 1], [prefAnti, -1]] as const) {
        for (const wt of terms) {
          const t = wt.podAffinityTerm;
          if (!t) continue;
          const nss: string[] = t.namespaces?.length ? t.namespaces : [ns];
          if (!nss.includes(e.pod.metadata.namespace)) continue;
          if (!matchesSelector(t.labelSelector, e.pod.metadata.labels)) continue;
          if (t.topologyKey in labels) add(t.topologyKey, labels[t.topologyKey], sign * (wt.weight ?? 1));
        }
      }
    }
  }
  return (ni) => {
    const labels = ni.node?.metadata?.labels ?? {};
    let s = 0;
    for (const [k, m] of weights) if (k in labels) s += m.get(labels[k]) ?? 0;
    return s;
  };
}
