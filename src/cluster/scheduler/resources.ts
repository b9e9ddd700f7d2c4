// Pod resource requests as the scheduler sums them (NodeResourcesFit): the larger of the sum
// over containers and the largest init container, plus pod overhead. Quantities are parsed to
// millicores (cpu) and bytes (everything else). Not implemented: extended resources beyond
// cpu/memory/pods/ephemeral-storage, sidecar (restartable init) containers' special sum.
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

export function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return 0;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m || !(m[2] in SUFFIX)) return 0;
  return Number(m[1]) * SUFFIX[m[2]];
}

export interface Requests { milliCPU: number; memory: number }

export function podRequests(pod: any): Requests {
  const sum: Requests = { milliCPU: 0, memory: 0 };
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? {};
    sum.milliCPU += Math.round(parseQuantity(r.cpu) * 1000);
    sum.memory += parseQuantity(r.memory);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = c.resources?.requests ?? {};
    sum.milliCPU = Math.max(sum.milliCPU, Math.round(parseQuantity(r.cpu) * 1000));
    sum.memory = Math.max(sum.memory, parseQuantity(r.memory));
  }
  const o = pod.spec?.overhead ?? {};
  sum.milliCPU += Math.round(parseQuantity(o.cpu) * 1000);
  sum.memory += parseQuantity(o.memory);
  return sum;
}

/** Allocatable of a node (falls back to capacity). */
export function nodeAllocatable(node: any): { milliCPU: number; memory: number; pods: number } {
  const a = node.status?.allocatable ?? node.status?.capacity ?? {};
  return {
    milliCPU: Math.round(parseQuantity(a.cpu) * 1000),
    memory: parseQuantity(a.memory),
    pods: a.pods !== undefined ? parseQuantity(a.pods) : 110,
  };
}
