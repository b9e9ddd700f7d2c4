// The code lens' state: is a manifest applied as written? Compared field by field against the
// live object, which also holds server defaults and status, so only the manifest's fields count.
// Quantities count by value: the server stores `cpu: 0.5` as "500m" (the Diff lens, a server
// dry run, shows no difference there either).
import { parseQuantity } from '../../cluster/kubelet/quantity';

export function inSync(local: unknown, live: unknown): boolean {
  if (local === null || local === undefined) return true;
  if (Array.isArray(local)) {
    return Array.isArray(live) && local.length === live.length && local.every((v, i) => inSync(v, live[i]));
  }
  if (typeof local === 'object') {
    if (!live || typeof live !== 'object') return false;
    return Object.entries(local as object).every(([k, v]) => inSync(v, (live as any)[k]));
  }
  if (String(local) === String(live)) return true;
  return typeof live === 'string' && sameQuantity(local, live);
}

function sameQuantity(local: unknown, live: string): boolean {
  if (typeof local !== 'string' && typeof local !== 'number') return false;
  const a = parseQuantity(local), b = parseQuantity(live);
  return a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}
