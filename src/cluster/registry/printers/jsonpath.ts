// The simple JSONPath subset CRDs use for printer columns and scale paths:
// `.spec.replicas`, `.status.conditions[0].type`, `.items[*].name`, `.metadata.labels['app.kubernetes.io/name']`,
// and the `{...}` wrapping kubectl templates allow. Not here: filters, ranges, recursive descent.

type Step = { key: string } | { index: number } | { all: true };

const compiled = new Map<string, Step[] | null>();

function parse(path: string): Step[] | null {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1).trim();
  if (p.startsWith('$')) p = p.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < p.length) {
    if (p[i] === '.') {
      i++;
      const m = /^[^.[\]]+/.exec(p.slice(i));
      if (!m) { if (i >= p.length) break; continue; }
      steps.push({ key: m[0] });
      i += m[0].length;
    } else if (p[i] === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) return null;
      const inner = p.slice(i + 1, end).trim();
      if (inner === '*') steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ key: inner.slice(1, -1) });
      else return null;
      i = end + 1;
    } else {
      const m = /^[^.[\]]+/.exec(p.slice(i));
      if (!m) return null;
      steps.push({ key: m[0] });
      i += m[0].length;
    }
  }
  return steps;
}

/** Every value the path selects (empty when nothing matches or the path is not understood). */
export function jsonPathValues(obj: unknown, path: string): unknown[] {
  let steps = compiled.get(path);
  if (steps === undefined) { steps = parse(path); compiled.set(path, steps); }
  if (!steps) return [];
  let cur: unknown[] = [obj];
  for (const s of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || v === undefined) continue;
      if ('key' in s) { if (typeof v === 'object' && !Array.isArray(v) && (v as any)[s.key] !== undefined) next.push((v as any)[s.key]); }
      else if ('index' in s) { if (Array.isArray(v)) { const x = v[s.index < 0 ? v.length + s.index : s.index]; if (x !== undefined) next.push(x); } }
      else if (Array.isArray(v)) next.push(...v);
      else if (typeof v === 'object') next.push(...Object.values(v as object));
    }
    cur = next;
  }
  return cur;
}

export function jsonPathValue(obj: unknown, path: string): unknown {
  return jsonPathValues(obj, path)[0];
}

/** Sets a value at a plain dotted path (`.spec.replicas`), creating objects on the way. */
export function jsonPathSet(obj: any, path: string, value: unknown): void {
  const steps = parse(path);
  if (!steps || !steps.length || steps.some((s) => !('key' in s))) return;
  let cur = obj;
  for (const s of steps.slice(0, -1)) {
    const k = (s as { key: string }).key;
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k];
  }
  cur[(steps[steps.length - 1] as { key: string }).key] = value;
}
