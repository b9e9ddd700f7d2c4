// The Docker runtime (dockerode). A pod is a sandbox container running kube-playground/pause
// on the playground's own bridge network (one IP per pod) plus app containers that join its
// network and IPC namespaces (`container:<sandbox>`), so containers of a pod share localhost.
// Every container carries io.kube-playground.* labels (cluster, node, pod namespace/name/uid,
// container name, restart count): listing by label is how the kubelet learns what runs, which
// is what makes a restarted playground re-adopt its pods, and two playgrounds with different
// cluster ids never see each other's containers.
// Not implemented: image garbage collection, seccomp/capabilities/securityContext users,
// ephemeral containers, per-container log rotation (Docker's json-file logs are the log files).
import Docker from 'dockerode';
import { connect } from 'node:net';
import { Writable, type Duplex, type Readable } from 'node:stream';
import { badRequest } from '../api/errors';
import type { ExecOptions, LogOptions, StreamSession } from '../api/podStreams';
import { containerLogs, execTunnel, sessionOver } from './dockerStreams';
import { ensurePauseImage, PAUSE_IMAGE } from './pauseImage';
import {
  ImagePullError, type ContainerConfig, type ContainerStatus, type ExecResult, type PodRef, type Runtime,
  type RuntimeStats, type SandboxConfig, type SandboxStatus,
} from './runtime';

export const L = {
  cluster: 'io.kube-playground.cluster',
  node: 'io.kube-playground.node',
  kind: 'io.kube-playground.kind',
  namespace: 'io.kube-playground.pod-namespace',
  pod: 'io.kube-playground.pod-name',
  uid: 'io.kube-playground.pod-uid',
  container: 'io.kube-playground.container-name',
  restartCount: 'io.kube-playground.restart-count',
  attempt: 'io.kube-playground.sandbox-attempt',
} as const;

const PULL_TIMEOUT_MS = 60_000;

export interface DockerRuntimeOptions {
  clusterId: string;
  log: (line: string) => void;
  docker?: Docker;
}

export class DockerRuntime implements Runtime {
  readonly type = 'docker' as const;
  version = 'docker://unknown';
  podNetworkReachable = true;
  /**
   * Where the host has no route to pods: a TCP connection to podIP:port through the service
   * proxy's dial port (set once the proxy runs). Without it, port-forward and httpGet/tcpSocket
   * probes tunnel through `nc` inside the pod, which many images lack.
   */
  podDialer?: (ip: string, port: number) => Promise<Duplex>;
  readonly docker: Docker;
  readonly network: string;
  private listeners: Array<(uid: string) => void> = [];
  private inspectCache = new Map<string, { state: string; status: ContainerStatus }>();
  private events?: Readable;
  private closed = false;

  constructor(readonly opts: DockerRuntimeOptions) {
    this.docker = opts.docker ?? new Docker();
    this.network = `kube-playground-${opts.clusterId}`;
  }

  /** Checks the engine, builds the pause image, makes the pod network, follows container events. */
  async init(): Promise<void> {
    const info = await this.docker.info();
    this.version = `docker://${info.ServerVersion}`;
    // Docker Desktop runs the engine in a VM: the host has no route to container IPs.
    this.podNetworkReachable = process.platform === 'linux' && !/Docker Desktop/i.test(info.OperatingSystem ?? '');
    await ensurePauseImage(this.docker, info.Architecture);
    const nets = await this.docker.listNetworks({ filters: { name: [this.network] } });
    if (!nets.some((n) => n.Name === this.network)) {
      await this.docker.createNetwork({ Name: this.network, Driver: 'bridge', Labels: { [L.cluster]: this.opts.clusterId } })
        .catch((e) => { if (!/already exists/.test(String(e.message))) throw e; });
    }
    void this.followEvents();
  }

  private async followEvents(): Promise<void> {
    while (!this.closed) {
      try {
        const s = (await this.docker.getEvents({ filters: { type: ['container'], label: [`${L.cluster}=${this.opts.clusterId}`], event: ['die', 'start', 'oom', 'destroy', 'pause', 'unpause'] } as any })) as unknown as Readable;
        this.events = s;
        let buf = '';
        await new Promise<void>((resolve) => {
          s.on('data', (d: Buffer) => {
            buf += d.toString();
            let i: number;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i); buf = buf.slice(i + 1);
              try {
                const ev = JSON.parse(line);
                const uid = ev.Actor?.Attributes?.[L.uid];
                if (ev.id) this.inspectCache.delete(ev.id);
                if (uid) for (const l of this.listeners) l(uid);
              } catch { /* partial line */ }
            }
          });
          s.on('end', resolve); s.on('close', resolve); s.on('error', () => resolve());
        });
      } catch (e) {
        if (!this.closed) this.opts.log(`docker events: ${(e as Error).message}`);
      }
      if (!this.closed) await new Promise((r) => setTimeout(r, 1000));
    }
  }

  private labels(ref: PodRef, kind: 'sandbox' | 'container', extra: Record<string, string>): Record<string, string> {
    return { [L.cluster]: this.opts.clusterId, [L.node]: ref.nodeName, [L.kind]: kind, [L.namespace]: ref.namespace, [L.pod]: ref.name, [L.uid]: ref.uid, ...extra };
  }

  private filters(kind: string, node: string, uid?: string): any {
    const label = [`${L.cluster}=${this.opts.clusterId}`, `${L.kind}=${kind}`];
    if (node) label.push(`${L.node}=${node}`);
    if (uid) label.push(`${L.uid}=${uid}`);
    return { label };
  }

  async ensureImage(image: string, pullPolicy: string): Promise<{ pulled: boolean }> {
    const present = await this.docker.getImage(image).inspect().then(() => true, () => false);
    if (present && pullPolicy !== 'Always') return { pulled: false };
    if (!present && pullPolicy === 'Never') throw new ImagePullError(`Container image "${image}" is not present with pull policy of Never`);
    try {
      await this.pull(image);
      return { pulled: true };
    } catch (e) {
      // No registry may be reachable: a local image still satisfies Always (logged, not hidden).
      if (present) { this.opts.log(`docker: pull ${image} failed (${(e as Error).message}); using the local image`); return { pulled: false }; }
      throw new ImagePullError(`Failed to pull image "${image}": ${(e as Error).message}`);
    }
  }

  private async pull(image: string): Promise<void> {
    const stream: any = await this.docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => { stream.destroy?.(); reject(new Error(`pull timed out after ${PULL_TIMEOUT_MS / 1000}s`)); }, PULL_TIMEOUT_MS);
      this.docker.modem.followProgress(stream, (err: Error | null) => { clearTimeout(t); if (err) reject(err); else resolve(); });
    });
  }

  async runSandbox(cfg: SandboxConfig): Promise<SandboxStatus> {
    if (this.closed) throw new Error('runtime closed');
    const name = `k8s_POD_${cfg.name}_${cfg.namespace}_${cfg.uid}_${cfg.attempt}`;
    const create = () => this.docker.createContainer({
      name, Image: PAUSE_IMAGE, ...(cfg.hostNetwork ? {} : { Hostname: cfg.hostname.slice(0, 63) }),
      Labels: this.labels(cfg, 'sandbox', { [L.attempt]: String(cfg.attempt), [L.container]: 'POD' }),
      HostConfig: {
        NetworkMode: cfg.hostNetwork ? 'host' : this.network, IpcMode: 'shareable', Init: false,
      },
    });
    const c = await create().catch(async (e) => {
      if (e.statusCode !== 409) throw e;
      await this.docker.getContainer(name).remove({ force: true }).catch(() => undefined);
      return create();
    });
    await c.start();
    const [s] = await this.listSandboxes(cfg.nodeName, cfg.uid);
    if (!s || s.id !== c.id) throw new Error(`sandbox ${name} did not start`);
    return s;
  }

  async listSandboxes(nodeName: string, uid?: string): Promise<SandboxStatus[]> {
    const list = await this.docker.listContainers({ all: true, filters: this.filters('sandbox', nodeName, uid) });
    return list.map((c) => ({
      id: c.Id, uid: c.Labels[L.uid], namespace: c.Labels[L.namespace], name: c.Labels[L.pod],
      attempt: Number(c.Labels[L.attempt] ?? 0), ready: c.State === 'running' || c.State === 'paused',
      ip: (c.NetworkSettings?.Networks as any)?.[this.network]?.IPAddress ?? '',
      createdAt: new Date(c.Created * 1000).toISOString(),
    })).sort((a, b) => b.attempt - a.attempt);
  }

  async removeSandbox(id: string): Promise<void> {
    await this.docker.getContainer(id).remove({ force: true }).catch((e) => { if (e.statusCode !== 404) throw e; });
  }

  async createContainer(sandbox: SandboxStatus, pod: PodRef, cfg: ContainerConfig): Promise<string> {
    if (this.closed) throw new Error('runtime closed');
    const name = `k8s_${cfg.name}_${pod.name}_${pod.namespace}_${pod.uid}_${cfg.restartCount}`;
    const create = () => this.docker.createContainer({
      name, Image: cfg.image,
      ...(cfg.command ? { Entrypoint: cfg.command, Cmd: cfg.args ?? [] } : cfg.args ? { Cmd: cfg.args } : {}),
      Env: cfg.env.map(([k, v]) => `${k}=${v}`), WorkingDir: cfg.workingDir,
      Tty: cfg.tty, OpenStdin: cfg.stdin, StdinOnce: cfg.stdinOnce, AttachStdin: false,
      Labels: this.labels(pod, 'container', { [L.container]: cfg.name, [L.restartCount]: String(cfg.restartCount), ...(cfg.init ? { 'io.kube-playground.init': 'true' } : {}) }),
      HostConfig: {
        NetworkMode: `container:${sandbox.id}`, IpcMode: `container:${sandbox.id}`,
        Binds: cfg.mounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? ':ro' : ''}`),
        ...(cfg.nanoCpus ? { NanoCpus: cfg.nanoCpus } : {}),
        ...(cfg.memoryBytes ? { Memory: Math.max(6 * 1024 * 1024, Math.round(cfg.memoryBytes)), MemorySwap: Math.max(6 * 1024 * 1024, Math.round(cfg.memoryBytes)) } : {}),
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
      },
    });
    const c = await create().catch(async (e) => {
      if (e.statusCode !== 409) throw e;
      await this.docker.getContainer(name).remove({ force: true }).catch(() => undefined);
      return create();
    });
    return c.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.docker.getContainer(id).start();
  }

  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    const c = this.docker.getContainer(id);
    await c.unpause().catch(() => undefined);
    await c.stop({ t: Math.max(0, Math.round(graceSeconds)) }).catch((e) => { if (e.statusCode !== 304 && e.statusCode !== 404) throw e; });
  }

  async removeContainer(id: string): Promise<void> {
    this.inspectCache.delete(id);
    await this.docker.getContainer(id).remove({ force: true }).catch((e) => { if (e.statusCode !== 404) throw e; });
  }

  async listContainers(nodeName: string, uid?: string): Promise<ContainerStatus[]> {
    const list = await this.docker.listContainers({ all: true, filters: this.filters('container', nodeName, uid) });
    const out = await Promise.all(list.map((c) => this.status(c)));
    return out.filter((s): s is ContainerStatus => !!s).sort((a, b) => b.restartCount - a.restartCount || b.createdAt.localeCompare(a.createdAt));
  }

  /** Inspects a container once per state change (list lacks exit codes and times). */
  private async status(c: Docker.ContainerInfo): Promise<ContainerStatus | undefined> {
    const hit = this.inspectCache.get(c.Id);
    if (hit && hit.state === c.State) return hit.status;
    const i = await this.docker.getContainer(c.Id).inspect().catch(() => undefined);
    if (!i) return undefined;
    const t = (s: string) => (s && !s.startsWith('0001') ? new Date(s).toISOString().replace(/\.\d+Z$/, 'Z') : undefined);
    const state = i.State.Running || i.State.Paused ? 'running' : i.State.Status === 'created' ? 'created' : i.State.Status === 'exited' || i.State.Status === 'dead' ? 'exited' : 'unknown';
    const status: ContainerStatus = {
      id: i.Id, podUid: c.Labels[L.uid], name: c.Labels[L.container], restartCount: Number(c.Labels[L.restartCount] ?? 0),
      state, image: i.Config.Image, imageID: `docker-pullable://${i.Config.Image}@${i.Image}`, createdAt: i.Created,
      startedAt: t(i.State.StartedAt), finishedAt: state === 'exited' ? t(i.State.FinishedAt) : undefined,
      exitCode: state === 'exited' ? i.State.ExitCode : undefined, oomKilled: i.State.OOMKilled, paused: i.State.Paused,
    };
    // A container whose executable could not start never ran: Docker leaves it "created" with an error.
    if (i.State.Status === 'created' && i.State.Error) { status.state = 'exited'; status.exitCode = i.State.ExitCode || 128; status.finishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z'); }
    this.inspectCache.set(c.Id, { state: c.State, status });
    return status;
  }

  async execSync(id: string, command: string[], timeoutSeconds: number): Promise<ExecResult> {
    const exec = await this.docker.getContainer(id).exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
    const stream: any = await exec.start({ hijack: true, stdin: false } as any);
    let output = '';
    const sink = new Writable({ write: (c: Buffer, _e, cb) => { if (output.length < 65536) output += c.toString(); cb(); } });
    this.docker.modem.demuxStream(stream, sink, sink);
    const finished = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => { stream.destroy(); resolve(false); }, Math.max(1, timeoutSeconds) * 1000);
      stream.on('end', () => { clearTimeout(t); resolve(true); });
      stream.on('close', () => { clearTimeout(t); resolve(true); });
    });
    if (!finished) return { exitCode: -1, output: `command timed out after ${timeoutSeconds}s` };
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, output };
  }

  async exec(id: string, command: string[], opts: ExecOptions): Promise<StreamSession> {
    const exec = await this.docker.getContainer(id).exec({ Cmd: command, AttachStdin: opts.stdin, AttachStdout: opts.stdout, AttachStderr: opts.stderr, Tty: opts.tty });
    const stream: any = await exec.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty } as any);
    return sessionOver(this.docker.modem, stream, opts, async () => (await exec.inspect()).ExitCode ?? 1,
      (w, h) => { Promise.resolve(exec.resize({ w, h } as any)).catch(() => undefined); });
  }

  async attach(id: string, opts: ExecOptions): Promise<StreamSession> {
    const c = this.docker.getContainer(id);
    const info = await c.inspect();
    const stream: any = await c.attach({ stream: true, stdin: opts.stdin, stdout: opts.stdout, stderr: opts.stderr, hijack: true } as any);
    return sessionOver(this.docker.modem, stream, { ...opts, tty: info.Config.Tty }, async () => (await c.inspect()).State.ExitCode,
      (w, h) => { Promise.resolve(c.resize({ w, h } as any)).catch(() => undefined); });
  }

  logs(id: string, opts: LogOptions, signal: AbortSignal): Promise<Readable> {
    return containerLogs(this.docker, id, opts, signal);
  }

  async portForward(sandbox: SandboxStatus, containerId: string | undefined, port: number): Promise<Duplex> {
    if (!this.podNetworkReachable) {
      if (this.podDialer && sandbox.ip) return this.podDialer(sandbox.ip, port);
      if (!containerId) throw badRequest('port-forward needs a running container in the pod on this engine');
      return execTunnel(this.docker, containerId, port);
    }
    return new Promise((resolve, reject) => {
      const s = connect({ host: sandbox.ip, port });
      s.once('connect', () => { s.removeListener('error', reject); resolve(s); });
      s.once('error', reject);
    });
  }

  async pauseNode(nodeName: string): Promise<void> {
    for (const kind of ['container', 'sandbox']) {
      const list = await this.docker.listContainers({ filters: { ...this.filters(kind, nodeName), status: ['running'] } });
      await Promise.all(list.map((c) => this.docker.getContainer(c.Id).pause().catch(() => undefined)));
    }
  }

  async unpauseNode(nodeName: string): Promise<void> {
    for (const kind of ['sandbox', 'container']) {
      const list = await this.docker.listContainers({ filters: { ...this.filters(kind, nodeName), status: ['paused'] } });
      await Promise.all(list.map((c) => this.docker.getContainer(c.Id).unpause().catch(() => undefined)));
    }
  }

  async stats(nodeName: string): Promise<RuntimeStats> {
    const list = await this.docker.listContainers({ filters: { ...this.filters('container', nodeName), status: ['running'] } });
    const containers = new Map<string, { cpuNano: number; memoryBytes: number }>();
    await Promise.all(list.map(async (c) => {
      const s: any = await this.docker.getContainer(c.Id).stats({ stream: false }).catch(() => undefined);
      if (!s) return;
      const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
      const sysDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
      const cpus = s.cpu_stats?.online_cpus ?? 1;
      const cpuNano = sysDelta > 0 && cpuDelta > 0 ? (cpuDelta / sysDelta) * cpus * 1e9 : 0;
      const usage = s.memory_stats?.usage ?? 0;
      const inactive = s.memory_stats?.stats?.inactive_file ?? s.memory_stats?.stats?.total_inactive_file ?? 0;
      containers.set(c.Id, { cpuNano, memoryBytes: Math.max(0, usage - inactive) });
    }));
    return { containers };
  }

  /** Every container and sandbox of this playground (reset), or of one node (removeNode). */
  async removeAll(nodeName = ''): Promise<void> {
    for (const kind of ['container', 'sandbox']) {
      const list = await this.docker.listContainers({ all: true, filters: this.filters(kind, nodeName) });
      await Promise.all(list.map((c) => this.docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    }
    if (!nodeName) await this.docker.getNetwork(this.network).remove().catch(() => undefined);
  }

  onPodEvent(listener: (podUid: string) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    (this.events as any)?.destroy?.();
  }
}
