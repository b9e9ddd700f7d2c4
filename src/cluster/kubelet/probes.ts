// Liveness, readiness and startup probes, and the lifecycle hook handlers (postStart/preStop)
// that share their mechanisms: exec (runtime execSync), httpGet, tcpSocket, sleep.
//
// How httpGet/tcpSocket reach the pod: through runtime.portForward(), the same "TCP
// connection from inside the pod's network namespace" that `kubectl port-forward` uses. On
// Linux the Docker runtime connects from the host to podIP:port directly; on Docker Desktop
// (macOS/Windows) the host cannot route to container IPs, so the runtime goes through the
// service proxy container's dial port (or, before it runs, an `nc` exec in the pod). The
// prober never needs to know which, and HTTP is spoken by hand
// over the socket (a GET with the probe's headers; 200–399 is success, as in Kubernetes).
// Not implemented: gRPC probes, HTTPS certificate checks (https is attempted as plain TLS).
import type { Container, LifecycleHandler, Pod, Probe } from 'kubernetes-types/core/v1';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { ContainerStatus, Runtime, SandboxStatus } from './runtime';

type Handler = Pick<Probe, 'exec' | 'httpGet' | 'tcpSocket'> & Pick<LifecycleHandler, 'sleep'>;

export interface HandlerResult { ok: boolean; why: string }

/** Runs one probe or hook; `why` is the failure as the kubelet words it in Unhealthy events. */
export async function runHandler(rt: Runtime, containerId: string, sandbox: SandboxStatus | undefined, h: Handler, timeoutSeconds: number, spec?: Container): Promise<HandlerResult> {
  if (h.exec) {
    const r = await rt.execSync(containerId, h.exec.command ?? [], timeoutSeconds);
    return { ok: r.exitCode === 0, why: r.output.trim() };
  }
  if (h.sleep) { await new Promise((r) => setTimeout(r, Math.min(h.sleep!.seconds, timeoutSeconds) * 1000)); return { ok: true, why: '' }; }
  if (!sandbox) return { ok: false, why: 'no pod sandbox' };
  const port = (p: number | string) => (typeof p === 'number' ? p : Number((spec?.ports ?? []).find((x) => x.name === p)?.containerPort ?? p));
  if (h.tcpSocket) {
    const target = `${sandbox.ip}:${port(h.tcpSocket.port)}`;
    const sock = await withTimeout(rt.portForward(sandbox, containerId, port(h.tcpSocket.port)), timeoutSeconds).catch(() => undefined);
    if (!sock) return { ok: false, why: `dial tcp ${target}: connect: connection refused` };
    // A forwarded stream that closes at once means nothing listened (the exec fallback cannot say sooner).
    const ok = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(true), 150);
      sock.once('close', () => { clearTimeout(t); resolve(false); });
      sock.once('error', () => { clearTimeout(t); resolve(false); });
    });
    sock.destroy();
    return { ok, why: ok ? '' : `dial tcp ${target}: connect: connection refused` };
  }
  if (h.httpGet) {
    const g = h.httpGet;
    const url = `${(g.scheme ?? 'HTTP').toLowerCase()}://${sandbox.ip}:${port(g.port)}${g.path ?? '/'}`;
    let sock: Duplex | undefined = await withTimeout(rt.portForward(sandbox, containerId, port(g.port)), timeoutSeconds).catch(() => undefined);
    if (!sock) return { ok: false, why: `Get "${url}": dial tcp ${sandbox.ip}:${port(g.port)}: connect: connection refused` };
    if (g.scheme === 'HTTPS') sock = tlsConnect({ socket: sock as any, rejectUnauthorized: false });
    const headers = [`GET ${g.path ?? '/'} HTTP/1.1`, `Host: ${g.host ?? sandbox.ip}:${port(g.port)}`, 'User-Agent: kube-probe/1.32', 'Accept: */*', 'Connection: close',
      ...(g.httpHeaders ?? []).map((x) => `${x.name}: ${x.value}`)];
    const s = sock;
    const eof = { ok: false, why: `Get "${url}": EOF` };
    return withTimeout(new Promise<HandlerResult>((resolve) => {
      let buf = '';
      s.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf);
        if (!m) return;
        const code = Number(m[1]);
        resolve(code >= 200 && code < 400 ? { ok: true, why: '' } : { ok: false, why: `HTTP probe failed with statuscode: ${code}` });
        s.destroy();
      });
      s.on('error', () => resolve(eof));
      s.on('close', () => resolve(eof));
      s.write(headers.join('\r\n') + '\r\n\r\n');
    }), timeoutSeconds).catch(() => { s.destroy(); return { ok: false, why: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` }; });
  }
  return { ok: true, why: '' };
}

function withTimeout<T>(p: Promise<T>, seconds: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), Math.max(1, seconds) * 1000);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

export type Kind = 'liveness' | 'readiness' | 'startup';

interface Worker {
  podUid: string;
  kind: Kind;
  timer?: NodeJS.Timeout;
  stopped: boolean;
  successes: number;
  failures: number;
}

interface Probed {
  podUid: string;
  workers: Worker[];
  ready: boolean;
  started: boolean;
  livenessFailed: boolean;
  hasReadiness: boolean;
  hasStartup: boolean;
}

export class ProbeManager {
  private containers = new Map<string, Probed>();

  constructor(
    private rt: Runtime, private changed: (podUid: string) => void, private log: (l: string) => void,
    /** Reports a failed probe (the kubelet turns it into an Unhealthy event). */
    private unhealthy: (podUid: string, container: string, kind: Kind, why: string) => void = () => undefined,
  ) {}

  ready(id: string): boolean { const p = this.containers.get(id); return !p || !p.hasReadiness || p.ready; }
  started(id: string): boolean { const p = this.containers.get(id); return !p || !p.hasStartup || p.started; }
  livenessFailed(id: string): boolean { return !!this.containers.get(id)?.livenessFailed; }

  /** Starts probing newly running containers of a pod; stops probing the ones that are gone. */
  sync(pod: Pod, sandbox: SandboxStatus, running: ContainerStatus[], _requeue: (uid: string) => void): void {
    const uid = pod.metadata!.uid!;
    const ids = new Set(running.map((c) => c.id));
    for (const [id, p] of this.containers) if (p.podUid === uid && !ids.has(id)) this.forgetContainer(id);
    for (const c of running) {
      if (this.containers.has(c.id)) continue;
      const spec = pod.spec!.containers.find((x) => x.name === c.name);
      if (!spec) continue;
      const p: Probed = { podUid: uid, workers: [], ready: false, started: false, livenessFailed: false, hasReadiness: !!spec.readinessProbe, hasStartup: !!spec.startupProbe };
      this.containers.set(c.id, p);
      if (this.rt.type === 'simulated') { p.ready = true; p.started = true; continue; }
      for (const kind of ['startup', 'readiness', 'liveness'] as Kind[]) {
        const probe = spec[`${kind}Probe` as const];
        if (probe) this.startWorker(c.id, p, kind, probe, sandbox, spec);
      }
    }
  }

  private startWorker(id: string, p: Probed, kind: Kind, probe: Probe, sandbox: SandboxStatus, spec: Container): void {
    const w: Worker = { podUid: p.podUid, kind, stopped: false, successes: 0, failures: 0 };
    p.workers.push(w);
    const period = (probe.periodSeconds ?? 10) * 1000;
    const tick = async () => {
      if (w.stopped) return;
      if (kind !== 'startup' && p.hasStartup && !p.started) { schedule(period); return; }
      if (kind === 'startup' && p.started) return;
      const r = await runHandler(this.rt, id, sandbox, probe, probe.timeoutSeconds ?? 1, spec).catch((e) => ({ ok: false, why: (e as Error).message }));
      const ok = r.ok;
      if (w.stopped) return;
      if (!ok) this.unhealthy(p.podUid, spec.name, kind, r.why);
      if (ok) { w.successes++; w.failures = 0; } else { w.failures++; w.successes = 0; }
      const success = w.successes >= (probe.successThreshold ?? 1);
      const failed = w.failures >= (probe.failureThreshold ?? 3);
      if (kind === 'readiness' && success !== p.ready && (success || failed)) { p.ready = success; this.changed(p.podUid); }
      if (kind === 'startup' && success) { p.started = true; this.changed(p.podUid); }
      if ((kind === 'liveness' || kind === 'startup') && failed && !p.livenessFailed) {
        p.livenessFailed = true;
        this.log(`probe: ${kind} failed ${w.failures} times for container ${id.slice(0, 12)}`);
        this.changed(p.podUid);
        return;
      }
      schedule(period);
    };
    const schedule = (ms: number) => { w.timer = setTimeout(() => void tick(), ms); w.timer.unref?.(); };
    schedule((probe.initialDelaySeconds ?? 0) * 1000);
  }

  forgetContainer(id: string): void {
    const p = this.containers.get(id);
    if (!p) return;
    for (const w of p.workers) { w.stopped = true; clearTimeout(w.timer); }
    this.containers.delete(id);
  }

  forgetPod(uid: string): void {
    for (const [id, p] of this.containers) if (p.podUid === uid) this.forgetContainer(id);
  }

  stopAll(): void {
    for (const id of [...this.containers.keys()]) this.forgetContainer(id);
  }
}
