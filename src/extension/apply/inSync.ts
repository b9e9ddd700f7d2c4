// The code lens' state: is a manifest applied as written? Compared field by field against the
// live object, which also holds server defaults and status, so only the manifest's fields count.

export function inSync(local: unknown, live: unknown): boolean {
  if (local === null || local === undefined) return true;
  if (Array.isArray(local)) {
    return Array.isArray(live) && local.length === live.length && local.every((v, i) => inSync(v, live[i]));
  }
  if (typeof local === 'object') {
    if (!live || typeof live !== 'object') return false;
    return Object.entries(local as object).every(([k, v]) => inSync(v, (live as any)[k]));
  }
  return String(local) === String(live);
}
