// The small CRI-like interface the kubelet's pod sync loop drives (design.md rule 6): a pod
// sandbox (owns the pod's network namespace and IP) and containers inside it. Two
// implementations: dockerRuntime.ts (real containers) and simulatedRuntime.ts (kwok-style
// stages, no containers). The runtime is stateless towards the kubelet: everything it knows
// is read back from the engine by labels, which is what makes re-adoption after a restart work.
//
// Deliberately left out of CRI: image listing/removal, container update, checkpoints.
import type { Duplex, Readable } from 'node:stream';
import type { ExecOptions, LogOptions, StreamSession } from '../api/podStreams';

/** Identifies the pod a sandbox or container belongs to (all become engine labels). */
export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
  nodeName: string;
}

export interface SandboxConfig extends PodRef {
  hostname: string;
  /** Sandbox generation: a pod whose sandbox died gets a new one with attempt + 1. */
  attempt: number;
  /** Pod annotations: the simulated runtime reads its knobs from them. */
  annotations: Record<string, string>;
  /** spec.hostNetwork: the sandbox uses the host's network (its IP is the node's). */
  hostNetwork?: boolean;
  /** resolv.conf for the pod (dnsPolicy ClusterFirst with a cluster DNS, or spec.dnsConfig);
   *  the kubelet also writes it as a file mounted at /etc/resolv.conf, as Kubernetes does. */
  dns?: { servers: string[]; searches: string[]; options: string[] };
}

export interface SandboxStatus {
  id: string;
  uid: string;
  namespace: string;
  name: string;
  attempt: number;
  ready: boolean;
  ip: string;
  createdAt: string;
}

export interface Mount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ContainerConfig {
  name: string;
  image: string;
  /** Kubernetes semantics: command replaces the image ENTRYPOINT, args its CMD. */
  command?: string[];
  args?: string[];
  env: Array<[string, string]>;
  workingDir?: string;
  mounts: Mount[];
  /** Limits: NanoCpus and bytes. */
  nanoCpus?: number;
  memoryBytes?: number;
  tty: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  /** How many times this container was restarted before (kubelet's restartCount). */
  restartCount: number;
  init: boolean;
  /** The pod's restartPolicy: the simulated runtime lets non-Always containers exit. */
  podRestartPolicy: string;
  annotations: Record<string, string>;
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerStatus {
  id: string;
  podUid: string;
  name: string;
  restartCount: number;
  state: ContainerState;
  image: string;
  imageID: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  /** OOMKilled when the engine says so; otherwise derived from the exit code. */
  oomKilled?: boolean;
  paused?: boolean;
}

export interface ExecResult {
  exitCode: number;
  output: string;
}

/** Why an image could not be made available (kubelet: ErrImagePull). */
export class ImagePullError extends Error {}

export interface RuntimeStats {
  /** Per container id: CPU in nanocores, memory working set in bytes. */
  containers: Map<string, { cpuNano: number; memoryBytes: number }>;
}

export interface Runtime {
  readonly type: 'docker' | 'simulated';
  /** e.g. docker://20.10.24, simulated://0.1 */
  readonly version: string;
  /** Whether the host can open TCP connections to pod IPs (false on Docker Desktop). */
  readonly podNetworkReachable: boolean;

  /** Ensures the image exists locally per imagePullPolicy; throws ImagePullError. Says whether it pulled (for events). */
  ensureImage(image: string, pullPolicy: string, annotations: Record<string, string>): Promise<{ pulled: boolean }>;

  runSandbox(cfg: SandboxConfig): Promise<SandboxStatus>;
  /** Every sandbox of this node (ready or not); for one pod when uid is given. */
  listSandboxes(nodeName: string, uid?: string): Promise<SandboxStatus[]>;
  removeSandbox(id: string): Promise<void>;

  createContainer(sandbox: SandboxStatus, pod: PodRef, cfg: ContainerConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM, then SIGKILL after graceSeconds. */
  stopContainer(id: string, graceSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  /** Containers of this node, newest first; of one pod when uid is given. */
  listContainers(nodeName: string, uid?: string): Promise<ContainerStatus[]>;

  /** Runs a command to completion (probes, preStop hooks), bounded by timeoutSeconds. */
  execSync(id: string, command: string[], timeoutSeconds: number): Promise<ExecResult>;
  exec(id: string, command: string[], opts: ExecOptions): Promise<StreamSession>;
  attach(id: string, opts: ExecOptions): Promise<StreamSession>;
  logs(id: string, opts: LogOptions, signal: AbortSignal): Promise<Readable>;
  /** A TCP connection to port inside the sandbox's network namespace. */
  portForward(sandbox: SandboxStatus, containerId: string | undefined, port: number): Promise<Duplex>;

  /** Simulated node failure: freeze / resume every container of the node. */
  pauseNode(nodeName: string): Promise<void>;
  unpauseNode(nodeName: string): Promise<void>;

  stats(nodeName: string): Promise<RuntimeStats>;

  /** Called whenever something in the runtime changed for a pod (a container died...). */
  onPodEvent(listener: (podUid: string) => void): void;
  close(): Promise<void>;
}
