// resource.Quantity as the kubelet needs it: a number from "100m", "1.5", "128Mi", "1G", "2e3".
// Not implemented: canonical re-formatting (the API server's job).
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

export function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined || q === null) return undefined;
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m || !(m[2] in SUFFIX)) return undefined;
  return Number(m[1]) * SUFFIX[m[2]];
}

/** CPU cores as millicores, the form metrics and node status print ("250m"). */
export function formatMilli(cores: number): string {
  return `${Math.round(cores * 1000)}m`;
}

export function formatKi(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}
