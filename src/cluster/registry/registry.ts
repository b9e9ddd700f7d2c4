// The Registry: every served resource, looked up the ways the API server, discovery and the
// editor need (by group-qualified plural, by URL parts, by kind, by short name).
// Not here: storage, conversion between versions beyond what a ResourceDef declares.
import type { GroupVersions, ResourceDef } from './types';
import { builtinResources } from './kinds';

export type RegistryChange = { type: 'registered' | 'unregistered'; def: ResourceDef };

/** Group order Kubernetes uses in discovery: core first, then the built-in groups, then the rest. */
const GROUP_ORDER = ['', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'networking.k8s.io', 'policy',
  'rbac.authorization.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'apiextensions.k8s.io', 'metrics.k8s.io'];

export class Registry {
  private defs: ResourceDef[] = [];
  private listeners = new Set<(c: RegistryChange) => void>();

  constructor(defs: ResourceDef[] = []) {
    for (const d of defs) this.add(d);
  }

  all(): ResourceDef[] {
    return this.defs.slice();
  }

  /** The preferred version of a group-qualified plural ('pods', 'deployments.apps'). */
  byResource(gr: string): ResourceDef | undefined {
    let first: ResourceDef | undefined;
    for (const d of this.defs) {
      if (d.gr !== gr) continue;
      if (d.preferred) return d;
      first ??= d;
    }
    return first;
  }

  /** Every served version of a group-qualified plural, preferred first. */
  versionsOf(gr: string): ResourceDef[] {
    return this.defs.filter((d) => d.gr === gr).sort((a, b) => Number(b.preferred) - Number(a.preferred));
  }

  lookup(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.defs.find((d) => d.group === group && d.version === version && d.plural === plural);
  }

  /** By kind; with a version the exact one, otherwise the preferred. */
  byKind(group: string, kind: string, version?: string): ResourceDef | undefined {
    const hits = this.defs.filter((d) => d.group === group && d.kind === kind && (!version || d.version === version));
    return hits.find((d) => d.preferred) ?? hits[0];
  }

  /** By apiVersion ('apps/v1', 'v1') and kind, as found in a manifest. */
  byApiVersionKind(apiVersion: string, kind: string): ResourceDef | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
    return this.byKind(group, kind, version);
  }

  /** Resolves what a user types: 'po', 'pods', 'pod', 'deploy', 'deployments.apps', 'Deployment'. */
  resolve(name: string): ResourceDef | undefined {
    const lower = name.toLowerCase();
    const dot = lower.indexOf('.');
    const base = dot < 0 ? lower : lower.slice(0, dot);
    const group = dot < 0 ? undefined : lower.slice(dot + 1);
    const match = (d: ResourceDef) => (group === undefined || d.group === group)
      && (d.plural === base || d.singular === base || d.shortNames.includes(base) || d.kind.toLowerCase() === base);
    const hits = this.defs.filter(match);
    return hits.find((d) => d.preferred && d.group === '') ?? hits.find((d) => d.preferred) ?? hits[0];
  }

  byShortName(short: string): ResourceDef | undefined {
    return this.defs.find((d) => d.preferred && d.shortNames.includes(short));
  }

  /** Discovery: group → served versions (preferred first) and the preferred version. */
  groups(): GroupVersions[] {
    const map = new Map<string, GroupVersions>();
    for (const d of this.defs) {
      let g = map.get(d.group);
      if (!g) { g = { group: d.group, versions: [], preferredVersion: d.version }; map.set(d.group, g); }
      if (!g.versions.includes(d.version)) g.versions.push(d.version);
      if (d.preferred) g.preferredVersion = d.version;
    }
    for (const g of map.values()) {
      g.versions.sort((a, b) => (a === g.preferredVersion ? -1 : b === g.preferredVersion ? 1 : compareVersions(b, a)));
    }
    const rank = (g: string) => { const i = GROUP_ORDER.indexOf(g); return i < 0 ? GROUP_ORDER.length : i; };
    return [...map.values()].sort((a, b) => rank(a.group) - rank(b.group) || a.group.localeCompare(b.group));
  }

  /** Resources of one group-version, in registration order. */
  resourcesOf(group: string, version: string): ResourceDef[] {
    return this.defs.filter((d) => d.group === group && d.version === version);
  }

  register(def: ResourceDef): void {
    this.defs = this.defs.filter((d) => !(d.group === def.group && d.version === def.version && d.plural === def.plural));
    this.add(def);
    this.emit({ type: 'registered', def });
  }

  /** Removes every version of a group-qualified plural (a deleted CRD). */
  unregister(gr: string): void {
    const gone = this.defs.filter((d) => d.gr === gr);
    this.defs = this.defs.filter((d) => d.gr !== gr);
    for (const def of gone) this.emit({ type: 'unregistered', def });
  }

  onChange(cb: (c: RegistryChange) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private add(def: ResourceDef): void {
    this.defs.push(def);
  }

  private emit(c: RegistryChange): void {
    for (const l of [...this.listeners]) {
      try { l(c); } catch { /* a listener's failure must not break registration */ }
    }
  }
}

/** Kubernetes' version priority: GA > beta > alpha, then by number. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    return [m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [ka, ma, na] = parse(a); const [kb, mb, nb] = parse(b);
  return ka - kb || ma - mb || na - nb;
}

export function createRegistry(): Registry {
  return new Registry(builtinResources());
}
