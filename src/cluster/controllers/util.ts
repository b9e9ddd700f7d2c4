// Helpers the workload controllers share: controller references, pod readiness and
// availability, pod-template hashing (FNV-32a + the safe alphabet, as kube's
// ComputeHash/SafeEncodeString), deep equality, pods made from templates.
import type { KubeObject, OwnerReference } from '../api/types';

export const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function getControllerOf(o: KubeObject): OwnerReference | undefined {
  return (o.metadata.ownerReferences ?? []).find((r) => r.controller);
}

export function isPodActive(p: KubeObject): boolean {
  return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

export function podReadyCondition(p: KubeObject): any {
  return (p.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
}

export function isPodReady(p: KubeObject): boolean {
  return podReadyCondition(p)?.status === 'True';
}

/** Ready for at least minReadySeconds (the definition of "available"). */
export function isPodAvailable(p: KubeObject, minReadySeconds = 0, at = Date.now()): boolean {
  const c = podReadyCondition(p);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(c.lastTransitionTime ?? '');
  return Number.isNaN(since) || since + minReadySeconds * 1000 <= at;
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(s, 'utf8');
  for (const b of bytes) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}

/** Deterministic JSON (sorted keys) so equal objects hash equally. */
export function canonical(o: unknown): string {
  if (o === null || typeof o !== 'object') return JSON.stringify(o) ?? 'null';
  if (Array.isArray(o)) return `[${o.map(canonical).join(',')}]`;
  const keys = Object.keys(o as object).filter((k) => (o as any)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((o as any)[k])}`).join(',')}}`;
}

export function deepEqual(a: unknown, b: unknown): boolean { return canonical(a) === canonical(b); }

/** pod-template-hash: ComputeHash(template, collisionCount) encoded with the safe alphabet. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let s = canonical(template);
  if (collisionCount) s += String(collisionCount);
  return [...String(fnv32a(s))].map((c) => SAFE[c.charCodeAt(0) % SAFE.length]).join('');
}

/** A random 5-character suffix like the API server's generateName. */
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += SAFE[Math.floor(Math.random() * SAFE.length)];
  return s;
}

/** A pod from a template, owned by `owner` (copies labels, annotations, spec). */
export function podFromTemplate(template: any, owner: KubeObject, name?: string): KubeObject {
  const t = structuredClone(template ?? {});
  const meta = t.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      ...(name ? { name } : {}),
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: meta.labels ?? {},
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: t.spec ?? {},
  };
  if (meta.finalizers) pod.metadata.finalizers = meta.finalizers;
  return pod;
}

/** intstr: "25%" of total (rounded up or down) or an integer. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, dflt: number | string): number {
  const x = v ?? dflt;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) return Number(x) || 0;
  const f = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

export function setCondition(conds: any[] | undefined, c: any): any[] {
  const list = [...(conds ?? [])];
  const i = list.findIndex((x) => x.type === c.type);
  if (i >= 0) {
    const old = list[i];
    const next = { ...c };
    if (old.status === c.status && next.lastTransitionTime) next.lastTransitionTime = old.lastTransitionTime;
    list[i] = next;
  } else list.push(c);
  return list;
}

/** Tracks creates/deletes not yet seen by the informer (client-go's ControllerExpectations). */
export class Expectations {
  private readonly m = new Map<string, { add: number; del: number; at: number }>();
  expect(key: string, add: number, del: number): void { this.m.set(key, { add, del, at: Date.now() }); }
  observeAdd(key: string): void { const e = this.m.get(key); if (e) e.add--; }
  observeDelete(key: string): void { const e = this.m.get(key); if (e) e.del--; }
  lowerAdd(key: string, n = 1): void { const e = this.m.get(key); if (e) e.add -= n; }
  satisfied(key: string): boolean {
    const e = this.m.get(key);
    return !e || (e.add <= 0 && e.del <= 0) || Date.now() - e.at > 30_000;
  }
  delete(key: string): void { this.m.delete(key); }
}
