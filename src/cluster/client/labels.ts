// Label selectors as controllers and the scheduler evaluate them: metav1.LabelSelector
// (matchLabels + matchExpressions In/NotIn/Exists/DoesNotExist) and the string form
// (`a=b,c!=d,e in (x,y),!f`). Node selector terms (Gt/Lt, matchFields) live in the scheduler.
export interface LabelSelectorRequirement { key: string; operator: string; values?: string[] }
export interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] }

type Labels = Record<string, string> | undefined;

/** An absent selector matches nothing (as for workload selectors); an empty one matches everything. */
export function matchesSelector(sel: LabelSelector | undefined | null, labels: Labels): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of sel.matchExpressions ?? []) if (!matchesRequirement(r, l)) return false;
  return true;
}

export function matchesRequirement(r: LabelSelectorRequirement, l: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(l, r.key);
  switch (r.operator) {
    case 'In': return has && (r.values ?? []).includes(l[r.key]);
    case 'NotIn': return !has || !(r.values ?? []).includes(l[r.key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return false;
  }
}

export function selectorIsEmpty(sel: LabelSelector | undefined | null): boolean {
  return !!sel && !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length;
}

/** The string form kubectl and list calls use. */
export function selectorToString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of sel.matchExpressions ?? []) {
    const vs = [...(r.values ?? [])].sort().join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${vs})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${vs})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
  }
  return parts.join(',');
}

export function labelsMatchMap(want: Record<string, string> | undefined, labels: Labels): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(want ?? {})) if (l[k] !== v) return false;
  return true;
}
