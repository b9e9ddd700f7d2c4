// meta.k8s.io/v1 Table responses for `kubectl get` (and Table watch events for `get -w`).
// Columns come from the registry's printer columns; priority 1 columns are `-o wide`'s.
// Rows carry PartialObjectMetadata, or the whole object with ?includeObject=Object.
import type { KubeObject } from '../api/types';
import type { ResourceDef } from './registryTypes';

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

function columnsOf(def: ResourceDef) {
  return def.columns?.length ? def.columns : [
    { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0, cell: (o: KubeObject) => o.metadata.name },
    { name: 'Created At', type: 'date', description: 'CreationTimestamp', priority: 0, cell: (o: KubeObject) => o.metadata.creationTimestamp },
  ];
}

export function toTable(def: ResourceDef, items: KubeObject[], listMeta: Record<string, unknown>, include: IncludeObject, version = 'v1', noHeaders = false): Record<string, unknown> {
  const cols = columnsOf(def);
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
