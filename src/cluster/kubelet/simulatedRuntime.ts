// The simulated runtime: no containers, only records that move through a small table of
// stages (kwok's Stage idea, as data rather than scattered timers). It lets a playground run
// without Docker and lets a thousand pods fit on a laptop.
//
// Knobs, per pod annotation:
//   playground.local/simulate-exit-after-seconds  a running container exits after N seconds
//   playground.local/simulate-exit-code           ...with this code (default 0)
//   playground.local/simulate-image-pull-error    ensureImage fails with this message
// Without the annotation, init containers and containers of pods whose restartPolicy is not
// Always (a Job's) exit 0 after `defaultExitAfterMs`; others run until stopped.
// Not simulated: exec and attach (they fail with a clear BadRequest). A port-forward connects,
// and answers its first bytes with an HTTP 503 saying no process serves the port, as the host
// listeners of Services on simulated nodes do (proxy/hostPorts.ts): the forward itself works.
import { Duplex, PassThrough, type Readable } from 'node:stream';
import { badRequest } from '../api/errors';
import type { ExecOptions, LogOptions, StreamSession } from '../api/podStreams';
import {
  ImagePullError, type ContainerConfig, type ContainerStatus, type ExecResult, type PodRef, type Runtime,
  type RuntimeStats, type SandboxConfig, type SandboxStatus,
} from './runtime';

export const SIMULATE_EXIT_AFTER = 'playground.local/simulate-exit-after-seconds';
export const SIMULATE_EXIT_CODE = 'playground.local/simulate-exit-code';
export const SIMULATE_PULL_ERROR = 'playground.local/simulate-image-pull-error';

export interface SimulatedTiming {
  /** created → running (image pull + start). */
  startDelayMs: number;
  /** running → exited for containers expected to finish. */
  defaultExitAfterMs: number;
  /**
   * running → exited after a stop (at most the grace period): a process takes a moment to end
   * on SIGTERM. Without it a deleted pod vanished within milliseconds, and a StatefulSet pod
   * was back under the same name before `kubectl delete` began to watch for its deletion
   * (kubectl then waits for a DELETED event that never comes).
   */
  stopDelayMs: number;
}

/** One transition of the lifecycle table: when a record is in `from`, after `delayMs` it moves to `to`. */
export interface Stage {
  name: string;
  from: 'created' | 'running';
  to: 'running' | 'exited';
  /** undefined: this stage does not apply to the container. */
  delayMs(c: SimContainer, t: SimulatedTiming): number | undefined;
  exitCode?(c: SimContainer): number;
}

export const STAGES: Stage[] = [
  { name: 'start', from: 'created', to: 'running', delayMs: (_c, t) => t.startDelayMs },
  {
    name: 'exit', from: 'running', to: 'exited',
    delayMs: (c, t) => {
      const after = c.cfg.annotations[SIMULATE_EXIT_AFTER];
      if (after !== undefined && !Number.isNaN(Number(after))) return Number(after) * 1000;
      return c.cfg.init || c.cfg.podRestartPolicy !== 'Always' ? t.defaultExitAfterMs : undefined;
    },
    exitCode: (c) => Number(c.cfg.annotations[SIMULATE_EXIT_CODE] ?? 0) || 0,
  },
];

export interface SimContainer {
  status: ContainerStatus;
  cfg: ContainerConfig;
  nodeName: string;
  started: boolean;
  timer?: NodeJS.Timeout;
}

let ipCounter = 0;

export class SimulatedRuntime implements Runtime {
  readonly type = 'simulated' as const;
  readonly version = 'simulated://0.1.0';
  readonly podNetworkReachable = false;
  private sandboxes = new Map<string, SandboxStatus & { nodeName: string }>();
  private containers = new Map<string, SimContainer>();
  private listeners: Array<(uid: string) => void> = [];
  private paused = new Set<string>();
  private seq = 0;
  readonly timing: SimulatedTiming;

  constructor(timing: Partial<SimulatedTiming> = {}) {
    this.timing = { startDelayMs: 300, defaultExitAfterMs: 2000, stopDelayMs: 250, ...timing };
  }

  async ensureImage(image: string, _policy: string, annotations: Record<string, string>): Promise<{ pulled: boolean }> {
    const err = annotations[SIMULATE_PULL_ERROR];
    if (err) throw new ImagePullError(`failed to pull and unpack image "${image}": ${err}`);
    return { pulled: false };
  }

  async runSandbox(cfg: SandboxConfig): Promise<SandboxStatus> {
    const n = ++ipCounter;
    const sb = {
      id: `sim-${(++this.seq).toString(16).padStart(12, '0')}`, uid: cfg.uid, namespace: cfg.namespace, name: cfg.name,
      attempt: cfg.attempt, ready: true, ip: `10.244.${(n >> 8) & 255}.${(n & 255) || 1}`,
      createdAt: new Date().toISOString(), nodeName: cfg.nodeName,
    };
    this.sandboxes.set(sb.id, sb);
    return sb;
  }

  async listSandboxes(nodeName: string, uid?: string): Promise<SandboxStatus[]> {
    return [...this.sandboxes.values()].filter((s) => s.nodeName === nodeName && (!uid || s.uid === uid)).reverse();
  }

  async removeSandbox(id: string): Promise<void> {
    this.sandboxes.delete(id);
  }

  async createContainer(_sb: SandboxStatus, pod: PodRef, cfg: ContainerConfig): Promise<string> {
    const id = `sim-${(++this.seq).toString(16).padStart(12, '0')}`;
    this.containers.set(id, {
      cfg, nodeName: pod.nodeName, started: false,
      status: {
        id, podUid: pod.uid, name: cfg.name, restartCount: cfg.restartCount, state: 'created',
        image: cfg.image, imageID: `simulated://${cfg.image}`, createdAt: new Date().toISOString(),
      },
    });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.must(id);
    c.started = true;
    this.advance(c);
  }

  /** Schedules the next applicable stage for a container. */
  private advance(c: SimContainer): void {
    clearTimeout(c.timer);
    const stage = STAGES.find((s) => s.from === c.status.state && s.delayMs(c, this.timing) !== undefined);
    if (!stage || !c.started) return;
    c.timer = setTimeout(() => {
      if (this.paused.has(c.nodeName)) return;
      const now = new Date().toISOString();
      c.status.state = stage.to;
      if (stage.to === 'running') c.status.startedAt = now;
      if (stage.to === 'exited') { c.status.finishedAt = now; c.status.exitCode = stage.exitCode?.(c) ?? 0; }
      this.emit(c.status.podUid);
      this.advance(c);
    }, stage.delayMs(c, this.timing));
    c.timer.unref?.();
  }

  async stopContainer(id: string, graceSeconds = 0): Promise<void> {
    let c = this.containers.get(id);
    if (!c || c.status.state === 'exited') return;
    clearTimeout(c.timer);
    const wait = c.status.state === 'running' ? Math.min(this.timing.stopDelayMs, graceSeconds * 1000) : 0;
    if (wait > 0) {
      await new Promise((r) => setTimeout(r, wait));
      c = this.containers.get(id);
      if (!c || c.status.state === 'exited') return;
    }
    c.status.state = 'exited';
    c.status.exitCode = c.status.startedAt ? 137 : 0;
    c.status.finishedAt = new Date().toISOString();
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (c) clearTimeout(c.timer);
    this.containers.delete(id);
  }

  async listContainers(nodeName: string, uid?: string): Promise<ContainerStatus[]> {
    const out: ContainerStatus[] = [];
    for (const c of this.containers.values()) {
      if (c.nodeName === nodeName && (!uid || c.status.podUid === uid)) out.push({ ...c.status, paused: this.paused.has(nodeName) });
    }
    return out.reverse();
  }

  async execSync(): Promise<ExecResult> {
    return { exitCode: 0, output: '' };
  }

  async exec(): Promise<StreamSession> {
    throw badRequest('simulated node: no containers');
  }

  async attach(_id: string, _opts: ExecOptions): Promise<StreamSession> {
    throw badRequest('simulated node: no containers');
  }

  async logs(id: string, opts: LogOptions): Promise<Readable> {
    const c = this.must(id);
    const t = c.status.startedAt ?? c.status.createdAt;
    let lines = [
      `simulated container ${c.cfg.name} (image ${c.cfg.image}) started`,
      `command: ${[...(c.cfg.command ?? []), ...(c.cfg.args ?? [])].join(' ') || '(image default)'}`,
      'this node is simulated: no process runs, so there is no real output',
    ].map((l) => (opts.timestamps ? `${t} ${l}\n` : `${l}\n`));
    if (opts.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - opts.tailLines));
    const out = new PassThrough();
    out.end(lines.join(''));
    return out;
  }

  async portForward(sandbox: SandboxStatus, _containerId: string | undefined, port: number): Promise<Duplex> {
    return simulatedPortAnswer(`kube-playground: pod ${sandbox.namespace}/${sandbox.name} runs on a simulated node; no process listens on port ${port}.\n`);
  }

  async pauseNode(nodeName: string): Promise<void> {
    this.paused.add(nodeName);
  }

  async unpauseNode(nodeName: string): Promise<void> {
    this.paused.delete(nodeName);
    for (const c of this.containers.values()) if (c.nodeName === nodeName) this.advance(c);
  }

  async stats(nodeName: string): Promise<RuntimeStats> {
    const containers = new Map<string, { cpuNano: number; memoryBytes: number }>();
    for (const c of this.containers.values()) {
      if (c.nodeName !== nodeName || c.status.state !== 'running') continue;
      // Stable pseudo-usage per container so `kubectl top` shows plausible, steady figures.
      const h = [...c.status.id].reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) >>> 0, 7);
      containers.set(c.status.id, { cpuNano: 1_000_000 + (h % 5) * 1_000_000, memoryBytes: (8 + (h % 24)) * 1024 * 1024 });
    }
    return { containers };
  }

  onPodEvent(listener: (podUid: string) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    for (const c of this.containers.values()) clearTimeout(c.timer);
  }

  private emit(uid: string): void {
    for (const l of this.listeners) l(uid);
  }

  private must(id: string): SimContainer {
    const c = this.containers.get(id);
    if (!c) throw badRequest(`container ${id} not found`);
    return c;
  }
}

/**
 * A connection that answers the client's first bytes with a 503 carrying `body`, then closes
 * (allowHalfOpen false: the end of the answer finishes the whole stream, so forwards close too).
 */
export function simulatedPortAnswer(body: string): Duplex {
  const answer = `HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  let answered = false;
  const conn: Duplex = new Duplex({
    allowHalfOpen: false,
    read() { /* pushed on the first write */ },
    write(_chunk, _enc, cb) {
      if (!answered) { answered = true; conn.push(answer); conn.push(null); }
      cb();
    },
    final(cb) { if (!answered) { answered = true; conn.push(null); } cb(); },
  });
  return conn;
}
