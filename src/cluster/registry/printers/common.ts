// Column building blocks shared by the kinds: NAME, AGE, the CONTAINERS/IMAGES/SELECTOR
// trio of workload controllers, and kubectl's formatting of selectors and lists.
import type { KubeObject } from '../../api/types';
import type { Cell, CellContext, PrinterColumn } from '../types';
import { since } from './duration';

const NAME_DOC = 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const CREATION_DOC = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function column(name: string, description: string, cell: (o: KubeObject, ctx: CellContext) => Cell,
  opts: { type?: PrinterColumn['type']; priority?: 0 | 1; format?: string } = {}): PrinterColumn {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.priority ?? 0, cell };
}

export const wide = { priority: 1 as const };

export function nameColumn(): PrinterColumn {
  return column('Name', NAME_DOC, (o) => o.metadata?.name ?? '', { format: 'name' });
}

export function ageColumn(): PrinterColumn {
  return column('Age', CREATION_DOC, (o, ctx) => since(o.metadata?.creationTimestamp, ctx.now));
}

/** metav1.FormatLabelSelector: requirements sorted by key; '<none>' when empty. */
export function formatLabelSelector(sel: any): string {
  if (!sel) return '<none>';
  const reqs: [string, string][] = [];
  for (const [k, v] of Object.entries<string>(sel.matchLabels ?? {})) reqs.push([k, `${k}=${v}`]);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In': reqs.push([e.key, `${e.key} in (${vals})`]); break;
      case 'NotIn': reqs.push([e.key, `${e.key} notin (${vals})`]); break;
      case 'Exists': reqs.push([e.key, e.key]); break;
      case 'DoesNotExist': reqs.push([e.key, `!${e.key}`]); break;
    }
  }
  reqs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const s = reqs.map((r) => r[1]).join(',');
  return s || '<none>';
}

/** labels.FormatLabels: 'k=v,k2=v2' sorted by key; '<none>' when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
}

export function orNone(s: string | undefined | null): string {
  return s ? s : '<none>';
}

/** CONTAINERS, IMAGES (and SELECTOR) of a pod template, the `-o wide` columns of controllers. */
export function templateColumns(templatePath: (o: KubeObject) => any, selector?: (o: KubeObject) => string): PrinterColumn[] {
  const containers = (o: KubeObject): any[] => templatePath(o)?.spec?.containers ?? [];
  const cols = [
    column('Containers', 'Names of each container in the template.', (o) => containers(o).map((c) => c.name).join(','), wide),
    column('Images', 'Images referenced by each container in the template.', (o) => containers(o).map((c) => c.image).join(','), wide),
  ];
  if (selector) cols.push(column('Selector', 'A label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this controller.', selector, wide));
  return cols;
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/**
 * "Created At" of kinds without a printer (CRDs, roles): the server's default table sends the
 * RFC 3339 timestamp at second precision and kubectl prints it as is.
 */
export function createdAt(o: KubeObject): string | null {
  const ts = o.metadata?.creationTimestamp;
  if (!ts) return null;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? ts : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
