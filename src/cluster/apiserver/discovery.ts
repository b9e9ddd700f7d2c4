// Discovery: /api, /apis (legacy APIVersions/APIGroupList, or aggregated APIGroupDiscoveryList
// in the apidiscovery.k8s.io version the client asked for: v2 or v2beta1), /api/v1,
// /apis/<g>, /apis/<g>/<v>. Built from the registry on every call (cheap: tens of kinds),
// so CRDs appear and disappear at once.
import { notFound } from '../api/errors';
import type { ApiResponse } from './request';
import type { Registry, ResourceDef } from './registryTypes';

const SUB_VERBS: Record<string, string[]> = { status: ['get', 'patch', 'update'], scale: ['get', 'patch', 'update'] };

function subresourcesOf(def: ResourceDef): { name: string; kind: string; group: string; version: string; verbs: string[] }[] {
  const out: { name: string; kind: string; group: string; version: string; verbs: string[] }[] = [];
  if (def.subresources?.status) out.push({ name: 'status', kind: def.kind, group: def.group, version: def.version, verbs: SUB_VERBS.status });
  if (def.subresources?.scale) out.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: SUB_VERBS.scale });
  if (def.gr === 'pods') {
    out.push({ name: 'binding', kind: 'Binding', group: '', version: 'v1', verbs: ['create'] });
    out.push({ name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] });
    for (const c of ['log']) out.push({ name: c, kind: 'Pod', group: '', version: 'v1', verbs: ['get'] });
    for (const c of ['exec', 'attach', 'portforward']) out.push({ name: c, kind: c === 'portforward' ? 'PodPortForwardOptions' : c === 'exec' ? 'PodExecOptions' : 'PodAttachOptions', group: '', version: 'v1', verbs: ['create', 'get'] });
  }
  if (def.gr === 'serviceaccounts') out.push({ name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] });
  if (def.gr === 'namespaces') out.push({ name: 'finalize', kind: 'Namespace', group: '', version: 'v1', verbs: ['update'] });
  return out;
}

interface GroupInfo { name: string; versions: string[]; preferred: string }

export function groupsOf(reg: Registry): GroupInfo[] {
  const map = new Map<string, GroupInfo>();
  for (const d of reg.all()) {
    let g = map.get(d.group);
    if (!g) { g = { name: d.group, versions: [], preferred: d.version }; map.set(d.group, g); }
    if (!g.versions.includes(d.version)) g.versions.push(d.version);
    if (d.preferred) g.preferred = d.version;
  }
  for (const g of map.values()) g.versions.sort((a, b) => (a === g.preferred ? -1 : b === g.preferred ? 1 : 0));
  return [...map.values()];
}

export function apiResourceList(reg: Registry, group: string, version: string): Record<string, unknown> | undefined {
  const defs = reg.all().filter((d) => d.group === group && d.version === version);
  if (!defs.length) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const d of defs) {
    resources.push({ name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs, ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}), ...(d.categories?.length ? { categories: d.categories } : {}), storageVersionHash: '' });
    for (const s of subresourcesOf(d)) {
      resources.push({ name: `${d.plural}/${s.name}`, singularName: '', namespaced: d.namespaced, ...(s.group !== group ? { group: s.group, version: s.version } : {}), kind: s.kind, verbs: s.verbs });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

function aggregatedResource(d: ResourceDef): Record<string, unknown> {
  return {
    resource: d.plural, responseKind: { group: d.group, version: d.version, kind: d.kind },
    scope: d.namespaced ? 'Namespaced' : 'Cluster', singularResource: d.singular, verbs: d.verbs,
    ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}), ...(d.categories?.length ? { categories: d.categories } : {}),
    subresources: subresourcesOf(d).map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs })),
  };
}

/** Which aggregated discovery version the Accept header asks for first, if any. */
export function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    if (/as=APIGroupDiscoveryList/.test(part) && /g=apidiscovery\.k8s\.io/.test(part)) {
      const v = /v=(v2beta1|v2)\b/.exec(part)?.[1];
      if (v === 'v2' || v === 'v2beta1') return v;
    }
  }
  return undefined;
}

function aggregated(reg: Registry, legacy: boolean, v: 'v2' | 'v2beta1'): ApiResponse {
  const groups = groupsOf(reg).filter((g) => (g.name === '') === legacy);
  const items = groups.map((g) => ({
    metadata: legacy ? { creationTimestamp: null } : { name: g.name, creationTimestamp: null },
    versions: g.versions.map((ver) => ({
      version: ver,
      resources: reg.all().filter((d) => d.group === g.name && d.version === ver).map(aggregatedResource),
      freshness: 'Current',
    })),
  }));
  return {
    status: 200,
    body: { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items },
    contentType: `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`,
    headers: { Vary: 'Accept' },
  };
}

export function discovery(reg: Registry, path: string, accept: string | undefined, address: string): ApiResponse | undefined {
  const parts = path.split('/').filter(Boolean);
  const agg = aggregatedVersion(accept);
  if (parts.length === 1 && parts[0] === 'api') {
    if (agg) return aggregated(reg, true, agg);
    return { status: 200, body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] }, headers: { Vary: 'Accept' } };
  }
  if (parts.length === 1 && parts[0] === 'apis') {
    if (agg) return aggregated(reg, false, agg);
    const groups = groupsOf(reg).filter((g) => g.name !== '').map(groupJson);
    return { status: 200, body: { kind: 'APIGroupList', apiVersion: 'v1', groups }, headers: { Vary: 'Accept' } };
  }
  if (parts.length === 2 && parts[0] === 'api') {
    const l = apiResourceList(reg, '', parts[1]);
    if (!l) throw notFound('', '');
    return { status: 200, body: l };
  }
  if (parts.length === 2 && parts[0] === 'apis') {
    const g = groupsOf(reg).find((x) => x.name === parts[1]);
    if (!g) return undefined;
    return { status: 200, body: { kind: 'APIGroup', apiVersion: 'v1', ...groupJson(g) } };
  }
  if (parts.length === 3 && parts[0] === 'apis') {
    const l = apiResourceList(reg, parts[1], parts[2]);
    return l ? { status: 200, body: l } : undefined;
  }
  return undefined;
}

function groupJson(g: GroupInfo) {
  const gv = (v: string) => ({ groupVersion: `${g.name}/${v}`, version: v });
  return { name: g.name, versions: g.versions.map(gv), preferredVersion: gv(g.preferred) };
}
