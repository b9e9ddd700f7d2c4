// meta.k8s.io/v1 Table responses for `kubectl get` (and Table watch events for `get -w`).
// Columns come from the registry's printer columns; priority 1 columns are `-o wide`'s.
// Rows carry PartialObjectMetadata, or the whole object with ?includeObject=Object.
import type { KubeObject } from '../api/types';
import type { PrinterColumn, ResourceDef } from './registryTypes';

/** Kubernetes' HumanDuration as printed in AGE columns. */
export function age(ts: string | null | undefined, now: number): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  return d % 365 ? `${y}y${d % 365}d` : `${y}y`;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

export function tableVersion(accept: string): 'v1' | 'v1beta1' {
  const first = accept.split(',').find((p) => /as=Table/.test(p)) ?? '';
  return /v=v1beta1/.test(first) ? 'v1beta1' : 'v1';
}

function columnsOf(def: ResourceDef): PrinterColumn[] {
  return def.columns?.length ? def.columns : [
    { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0, cell: (o: KubeObject) => o.metadata.name ?? '' },
    { name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp', priority: 0, cell: (o: KubeObject) => o.metadata.creationTimestamp ?? '' },
  ];
}

export function toTable(def: ResourceDef, items: KubeObject[], listMeta: Record<string, unknown>, include: IncludeObject, version = 'v1', noHeaders = false): Record<string, unknown> {
  return tableOf(columnsOf(def), items, listMeta, include, version, noHeaders);
}

// autoscaling/v1 Scale as Kubernetes prints it (`kubectl get deploy web --subresource=scale`).
const SCALE_COLUMNS: PrinterColumn[] = [
  { name: 'Name', type: 'string', format: '', description: 'Name must be unique within a namespace.', priority: 0, cell: (o) => o.metadata?.name ?? '' },
  { name: 'Desired', type: 'integer', format: '', description: 'replicas is the desired number of instances for the scaled object.', priority: 0, cell: (o) => o.spec?.replicas ?? 0 },
  { name: 'Available', type: 'integer', format: '', description: 'replicas is the actual number of observed instances of the scaled object.', priority: 0, cell: (o) => o.status?.replicas ?? 0 },
  { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0, cell: (o, c) => age(o.metadata?.creationTimestamp, c.now) },
];

export function toScaleTable(scale: KubeObject, include: IncludeObject, version = 'v1'): Record<string, unknown> {
  return tableOf(SCALE_COLUMNS, [scale], { resourceVersion: scale.metadata?.resourceVersion }, include, version, false);
}

function tableOf(cols: PrinterColumn[], items: KubeObject[], listMeta: Record<string, unknown>, include: IncludeObject, version: string, noHeaders: boolean): Record<string, unknown> {
  const now = Date.now();
  return {
    kind: 'Table', apiVersion: `meta.k8s.io/${version}`, metadata: listMeta,
    columnDefinitions: noHeaders ? [] : cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 })),
    rows: items.map((o) => ({
      cells: cols.map((c) => { try { const v = c.cell(o, { now }); return v ?? ''; } catch { return ''; } }),
      object: include === 'Object' ? o : include === 'None' ? undefined : partial(o, version),
    })),
  };
}

function partial(o: KubeObject, version: string): Record<string, unknown> {
  const metadata = { ...o.metadata };
  delete metadata.managedFields;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata };
}
