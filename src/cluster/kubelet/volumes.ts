// Pod volumes as host directories under <dataDir>/kubelet/pods/<uid>/volumes/<name>, bind-
// mounted into containers: emptyDir, hostPath, configMap, secret, downwardAPI and projected
// (files written with items and modes, rewritten on every sync so a changed ConfigMap shows
// up in the running container), persistentVolumeClaim (the bound PV's hostPath/local path).
// serviceAccountToken projections ask the API for a token (TokenRequest) and fall back to an
// empty file. Also the kubelet-managed /etc/resolv.conf and /etc/hosts (pod FQDN, hostAliases)
// of every container. Not implemented: emptyDir medium Memory as tmpfs (a plain dir), sizeLimit,
// CSI/NFS/other in-tree sources, subPathExpr, mount propagation.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigMap, Container, DownwardAPIVolumeFile, KeyToPath, Pod, Secret } from 'kubernetes-types/core/v1';
import { isApiError } from '../api/errors';
import { fieldPath, resourceField, type ObjectSource } from './env';
import type { Kubelet } from './kubelet';
import type { Mount } from './runtime';

/** Per-sync cache of ConfigMaps/Secrets read from the API. */
export class ObjectCache {
  private m = new Map<string, Promise<any>>();
  source(k: Kubelet): ObjectSource {
    const get = (res: string, ns: string, name: string) => {
      const id = `${res}/${ns}/${name}`;
      if (!this.m.has(id)) this.m.set(id, k.client.get(res, ns, name).catch((e) => { if (isApiError(e, 'NotFound')) return undefined; throw e; }));
      return this.m.get(id)!;
    };
    return { configMap: (ns, n) => get('configmaps', ns, n) as Promise<ConfigMap | undefined>, secret: (ns, n) => get('secrets', ns, n) as Promise<Secret | undefined> };
  }
}

export interface PodVolume { path: string; readOnly: boolean }

function podDir(k: Kubelet, uid: string): string {
  return join(k.opts.dataDir, 'kubelet', 'pods', uid);
}

export async function prepareVolumes(k: Kubelet, pod: Pod, cache: ObjectCache): Promise<Map<string, PodVolume>> {
  const out = new Map<string, PodVolume>();
  const uid = pod.metadata!.uid!;
  const ns = pod.metadata!.namespace!;
  const src = cache.source(k);
  for (const v of pod.spec?.volumes ?? []) {
    const dir = join(podDir(k, uid), 'volumes', v.name);
    if (v.hostPath) {
      const t = v.hostPath.type ?? '';
      if (t === 'DirectoryOrCreate') await fs.mkdir(v.hostPath.path, { recursive: true });
      if (t === 'FileOrCreate') { await fs.mkdir(dirname(v.hostPath.path), { recursive: true }); await (await fs.open(v.hostPath.path, 'a')).close(); }
      out.set(v.name, { path: v.hostPath.path, readOnly: false });
      continue;
    }
    if (v.persistentVolumeClaim) {
      out.set(v.name, { path: await pvcPath(k, ns, v.persistentVolumeClaim.claimName), readOnly: !!v.persistentVolumeClaim.readOnly });
      continue;
    }
    const files = new Map<string, { data: Buffer; mode: number }>();
    if (v.configMap) {
      const cm = await src.configMap(ns, v.configMap.name ?? '');
      if (!cm && !v.configMap.optional) throw new Error(`MountVolume.SetUp failed for volume "${v.name}" : configmap "${v.configMap.name}" not found`);
      addKeys(files, dataOf(cm), v.configMap.items, v.configMap.defaultMode ?? 0o644);
    } else if (v.secret) {
      const s = await src.secret(ns, v.secret.secretName ?? '');
      if (!s && !v.secret.optional) throw new Error(`MountVolume.SetUp failed for volume "${v.name}" : secret "${v.secret.secretName}" not found`);
      addKeys(files, dataOf(s), v.secret.items, v.secret.defaultMode ?? 0o644);
    } else if (v.downwardAPI) {
      addDownward(files, pod, k, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode ?? 0o644);
    } else if (v.projected) {
      const mode = v.projected.defaultMode ?? 0o644;
      for (const p of v.projected.sources ?? []) {
        if (p.configMap) addKeys(files, dataOf(await src.configMap(ns, p.configMap.name ?? '')), p.configMap.items, mode);
        if (p.secret) addKeys(files, dataOf(await src.secret(ns, p.secret.name ?? '')), p.secret.items, mode);
        if (p.downwardAPI) addDownward(files, pod, k, p.downwardAPI.items ?? [], mode);
        if (p.serviceAccountToken) files.set(p.serviceAccountToken.path, { data: Buffer.from(await token(k, pod, p.serviceAccountToken.expirationSeconds)), mode });
      }
    } else if (!v.emptyDir) {
      continue; // unsupported source: leave it unmounted rather than fail the pod
    }
    await fs.mkdir(dir, { recursive: true });
    if (!v.emptyDir) await writeFiles(dir, files);
    out.set(v.name, { path: dir, readOnly: !v.emptyDir });
  }
  return out;
}

function dataOf(o: ConfigMap | Secret | undefined): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  if (!o) return m;
  if ((o as Secret).type !== undefined || (o as any).kind === 'Secret') {
    for (const [key, v] of Object.entries((o as Secret).data ?? {})) m.set(key, Buffer.from(v, 'base64'));
  } else {
    for (const [key, v] of Object.entries((o as ConfigMap).data ?? {})) m.set(key, Buffer.from(v));
    for (const [key, v] of Object.entries((o as ConfigMap).binaryData ?? {})) m.set(key, Buffer.from(v, 'base64'));
  }
  return m;
}

function addKeys(files: Map<string, { data: Buffer; mode: number }>, data: Map<string, Buffer>, items: KeyToPath[] | undefined, mode: number): void {
  if (!items) { for (const [key, v] of data) files.set(key, { data: v, mode }); return; }
  for (const it of items) { const v = data.get(it.key); if (v) files.set(it.path, { data: v, mode: it.mode ?? mode }); }
}

function addDownward(files: Map<string, { data: Buffer; mode: number }>, pod: Pod, k: Kubelet, items: DownwardAPIVolumeFile[], mode: number): void {
  const facts = { podIP: pod.status?.podIP, hostIP: k.opts.node.hostIP, nodeCpuCores: k.opts.node.cpuCores, nodeMemoryBytes: k.opts.node.memoryBytes };
  for (const it of items) {
    let v = '';
    if (it.fieldRef) v = fieldPath(pod, it.fieldRef.fieldPath, facts);
    else if (it.resourceFieldRef) {
      const c = pod.spec!.containers.find((x) => x.name === it.resourceFieldRef!.containerName) ?? pod.spec!.containers[0];
      v = resourceField(c, it.resourceFieldRef.resource, it.resourceFieldRef.divisor as string | undefined, facts);
    }
    files.set(it.path, { data: Buffer.from(v), mode: it.mode ?? mode });
  }
}

async function token(k: Kubelet, pod: Pod, expirationSeconds = 3600): Promise<string> {
  try {
    const r = await k.client.createSubresource('serviceaccounts', pod.metadata!.namespace, pod.spec?.serviceAccountName ?? 'default', 'token', {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {},
      spec: { expirationSeconds, audiences: [], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata!.name, uid: pod.metadata!.uid } },
    } as any);
    return (r as any).status?.token ?? '';
  } catch {
    return '';
  }
}

/** Writes the wanted files, rewrites the changed ones and removes those no longer wanted. */
async function writeFiles(dir: string, files: Map<string, { data: Buffer; mode: number }>): Promise<void> {
  for (const [rel, f] of files) {
    const p = join(dir, rel);
    const cur = await fs.readFile(p).catch(() => undefined);
    if (!cur || !cur.equals(f.data)) {
      await fs.mkdir(dirname(p), { recursive: true });
      await fs.writeFile(`${p}.tmp`, f.data, { mode: f.mode });
      await fs.rename(`${p}.tmp`, p);
    }
    await fs.chmod(p, f.mode);
  }
  for (const name of await fs.readdir(dir)) if (!files.has(name) && ![...files.keys()].some((r) => r.startsWith(`${name}/`))) await fs.rm(join(dir, name), { recursive: true, force: true });
}

async function pvcPath(k: Kubelet, ns: string, claim: string): Promise<string> {
  const pvc = await k.client.get<any>('persistentvolumeclaims', ns, claim);
  const pvName = pvc.spec?.volumeName;
  if (!pvName || pvc.status?.phase !== 'Bound') throw new Error(`persistentvolumeclaim "${claim}" is not bound`);
  const pv = await k.client.get<any>('persistentvolumes', undefined, pvName);
  const path = pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
  if (!path) throw new Error(`persistentvolume "${pvName}" has no hostPath or local path`);
  await fs.mkdir(path, { recursive: true });
  return path;
}

/** The pod's resolv.conf under its pod dir (mounted into every container when the pod has DNS settings). */
export const RESOLV_CONF = '\0resolv.conf';

export async function writeResolvConf(k: Kubelet, uid: string, dns: { servers: string[]; searches: string[]; options: string[] }): Promise<string> {
  const p = join(podDir(k, uid), 'etc-resolv.conf');
  const text = [...(dns.searches.length ? [`search ${dns.searches.join(' ')}`] : []), ...dns.servers.map((s) => `nameserver ${s}`),
    ...(dns.options.length ? [`options ${dns.options.join(' ')}`] : [])].join('\n') + '\n';
  await fs.mkdir(dirname(p), { recursive: true });
  await fs.writeFile(p, text);
  return p;
}

/** The pod's /etc/hosts under its pod dir (kubelet's managed hosts file; not for hostNetwork pods). */
export const ETC_HOSTS = '\0hosts';

/**
 * Kubernetes' managed hosts file (kubelet_pods.go managedHostsFileContent): localhost lines, the
 * pod's IP with `<hostname>.<subdomain>.<ns>.svc.<domain>` first when it has a subdomain (so
 * `hostname -f` gives the FQDN, as StatefulSet pods expect), then spec.hostAliases.
 */
export function hostsFileContent(pod: Pod, podIP: string, domain: string): string {
  const hostname = pod.spec?.hostname ?? pod.metadata?.name ?? '';
  const sub = pod.spec?.subdomain;
  const lines = ['# Kubernetes-managed hosts file.', '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet', 'fe00::0\tip6-mcastprefix', 'fe00::1\tip6-allnodes', 'fe00::2\tip6-allrouters'];
  if (podIP) lines.push(sub ? `${podIP}\t${hostname}.${sub}.${pod.metadata?.namespace ?? 'default'}.svc.${domain}\t${hostname}` : `${podIP}\t${hostname}`);
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length) lines.push('', '# Entries added by HostAliases.', ...aliases.map((a) => `${a.ip}\t${(a.hostnames ?? []).join('\t')}`));
  return `${lines.join('\n')}\n`;
}

export async function writeHostsFile(k: Kubelet, pod: Pod, podIP: string, domain: string): Promise<string> {
  const p = join(podDir(k, pod.metadata!.uid!), 'etc-hosts');
  const text = hostsFileContent(pod, podIP, domain);
  if (await fs.readFile(p, 'utf8').catch(() => '') !== text) {
    await fs.mkdir(dirname(p), { recursive: true });
    await fs.writeFile(p, text);
  }
  return p;
}

export function mountsFor(c: Container, volumes: Map<string, PodVolume>): Mount[] {
  const out: Mount[] = [];
  const resolv = volumes.get(RESOLV_CONF);
  if (resolv) out.push({ hostPath: resolv.path, containerPath: '/etc/resolv.conf', readOnly: false });
  const hosts = volumes.get(ETC_HOSTS);
  if (hosts) out.push({ hostPath: hosts.path, containerPath: '/etc/hosts', readOnly: false });
  for (const m of c.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) continue;
    out.push({ hostPath: m.subPath ? join(v.path, m.subPath) : v.path, containerPath: m.mountPath, readOnly: !!m.readOnly || v.readOnly });
  }
  return out;
}

export async function cleanupVolumes(k: Kubelet, uid: string): Promise<void> {
  await fs.rm(podDir(k, uid), { recursive: true, force: true }).catch(() => undefined);
}
