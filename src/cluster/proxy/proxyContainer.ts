// The in-network half of Service networking: the pod network sized to hold the Service range,
// and one container running the static proxy (native/proxy.c) at kube-dns' address 10.96.0.10
// that holds every ClusterIP and answers cluster DNS. Configuration reaches it as a file in a
// bind-mounted directory plus SIGHUP (`docker kill --signal HUP`): neither needs a route from
// the host to container IPs, so Docker Desktop works the same. Its "dial" port is published on
// 127.0.0.1 for the host side when the host cannot route to pods (see dialer.ts).
// Not implemented: more than one playground owning the Service range at once (Docker refuses
// overlapping subnets: the second one runs without in-network Services and says so).
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { tarArchive } from '../kubelet/pauseImage';
import { CLUSTER_DNS_IP } from './config';

/** Pods get addresses from POD_RANGE; the rest of the subnet (10.96.0.0/12) is the Service range. */
export const POD_NETWORK = { Subnet: '10.96.0.0/11', IPRange: '10.112.0.0/12', Gateway: '10.112.0.1' };
export const DIAL_PORT = 1080;
const LABEL_CLUSTER = 'io.kube-playground.cluster';
// Not the cluster label: the kubelet and its tests account for every container carrying it as a pod's.
const LABEL_PROXY = 'io.kube-playground.service-proxy-for';
const LABEL_DATA_DIR = 'io.kube-playground.data-dir';

export const networkName = (clusterId: string) => `kube-playground-${clusterId}`;
export const proxyContainerName = (clusterId: string) => `kube-playground-proxy-${clusterId}`;

/**
 * Makes the playground's pod network (before the kubelets, which reuse it by name) with a
 * subnet covering the Service range. Returns false when ClusterIPs cannot be routed in it
 * (an older network of this playground, or another playground holding the range).
 */
export async function ensureServiceNetwork(docker: Docker, clusterId: string, log: (l: string) => void): Promise<boolean> {
  const name = networkName(clusterId);
  const create = () => docker.createNetwork({ Name: name, Driver: 'bridge', Labels: { [LABEL_CLUSTER]: clusterId }, IPAM: { Driver: 'default', Config: [POD_NETWORK] } } as any);
  const existing = (await docker.listNetworks({ filters: { name: [name] } })).find((n) => n.Name === name);
  if (existing) {
    const ok = (existing.IPAM?.Config ?? []).some((c: any) => c.Subnet === POD_NETWORK.Subnet);
    if (!ok) log(`service proxy: network ${name} predates Service networking (subnet ${existing.IPAM?.Config?.[0]?.Subnet}); ClusterIPs and cluster DNS need a reset of the playground`);
    return ok;
  }
  try {
    await create();
    return true;
  } catch (e) {
    if (/already exists/.test(String((e as Error).message))) return ensureServiceNetwork(docker, clusterId, log);
    if (!/overlap/i.test(String((e as Error).message))) throw e;
  }
  // The range is taken. A playground whose data dir is gone (a finished test, a deleted
  // playground) left it behind: its containers and network are reclaimed. A network without
  // containers that is older than a minute is a killed run's. Anything else is a live playground.
  for (const n of await docker.listNetworks({ filters: { label: [LABEL_CLUSTER] } })) {
    if (!(n.IPAM?.Config ?? []).some((c: any) => c.Subnet === POD_NETWORK.Subnet)) continue;
    const info = await docker.getNetwork(n.Id).inspect().catch(() => undefined);
    if (!info) continue;
    const owner = (await docker.listContainers({ all: true, filters: { label: [`${LABEL_PROXY}=${n.Labels?.[LABEL_CLUSTER] ?? ''}`] } }))[0];
    const dir = owner?.Labels?.[LABEL_DATA_DIR];
    const gone = !!dir && !existsSync(dir);
    const empty = Object.keys(info.Containers ?? {}).length === 0 && Date.now() - Date.parse(info.Created) > 60_000;
    if (!gone && !empty) continue;
    log(`service proxy: reclaiming ${n.Name} (${gone ? `its data dir ${dir} is gone` : 'left empty'})`);
    const ids = new Set([...Object.keys(info.Containers ?? {}), ...(owner ? [owner.Id] : [])]);
    await Promise.all([...ids].map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
    await docker.getNetwork(n.Id).remove().catch(() => undefined);
  }
  try {
    await create();
    return true;
  } catch (e) {
    log(`service proxy: ${POD_NETWORK.Subnet} is held by another playground or network (${(e as Error).message}); pods here get no ClusterIPs or cluster DNS, Services stay reachable from the host`);
    await docker.createNetwork({ Name: name, Driver: 'bridge', Labels: { [LABEL_CLUSTER]: clusterId } }).catch(() => undefined);
    return false;
  }
}

async function ensureImage(docker: Docker, binary: Buffer): Promise<string> {
  const tag = createHash('sha256').update(binary).digest('hex').slice(0, 12);
  const image = `kube-playground/service-proxy:${tag}`;
  if (await docker.getImage(image).inspect().then(() => true, () => false)) return image;
  const tar = tarArchive([{ name: 'proxy', data: binary, mode: 0o755 }]);
  const stream: any = await docker.importImage(Readable.from([tar]) as any, { repo: 'kube-playground/service-proxy', tag, changes: ['ENTRYPOINT ["/proxy", "/config/proxy.conf"]'] } as any);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
  return image;
}

export interface ProxyContainer {
  /** 127.0.0.1 port published for the container's dial port. */
  readonly dialPort: number;
  /** Writes the configuration and signals the proxy (it also re-reads on mtime change). */
  apply(config: string): Promise<void>;
  remove(): Promise<void>;
}

export async function startProxyContainer(docker: Docker, opts: { clusterId: string; binary: string; configDir: string; log: (l: string) => void }): Promise<ProxyContainer> {
  const image = await ensureImage(docker, readFileSync(opts.binary));
  mkdirSync(opts.configDir, { recursive: true });
  const file = join(opts.configDir, 'proxy.conf');
  if (!existsSync(file)) writeFileSync(file, '');
  const name = proxyContainerName(opts.clusterId);
  const c = docker.getContainer(name);
  const cur = await c.inspect().catch(() => undefined);
  // Re-adopt a running proxy of the same build (pods keep their Services across a restart).
  if (!(cur && cur.State.Running && cur.Config.Image === image)) {
    if (cur) await c.remove({ force: true }).catch(() => undefined);
    await docker.createContainer({
      name, Image: image, Labels: { [LABEL_PROXY]: opts.clusterId, [LABEL_DATA_DIR]: dirname(opts.configDir) },
      ExposedPorts: { [`${DIAL_PORT}/tcp`]: {} },
      HostConfig: {
        NetworkMode: networkName(opts.clusterId), CapAdd: ['NET_ADMIN'], Binds: [`${opts.configDir}:/config:ro`],
        PortBindings: { [`${DIAL_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] }, RestartPolicy: { Name: 'unless-stopped' },
        LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
      },
      NetworkingConfig: { EndpointsConfig: { [networkName(opts.clusterId)]: { IPAMConfig: { IPv4Address: CLUSTER_DNS_IP } } } },
    } as any);
    await c.start();
  }
  const info = await c.inspect();
  const dialPort = Number(info.NetworkSettings.Ports?.[`${DIAL_PORT}/tcp`]?.[0]?.HostPort ?? 0);
  let last = '';
  return {
    dialPort,
    async apply(config) {
      if (config === last) return;
      last = config;
      writeFileSync(`${file}.tmp`, config);
      renameSync(`${file}.tmp`, file);
      await c.kill({ signal: 'HUP' }).catch((e) => opts.log(`service proxy: signal: ${(e as Error).message}`));
    },
    remove: () => c.remove({ force: true }).then(() => undefined, () => undefined),
  };
}
