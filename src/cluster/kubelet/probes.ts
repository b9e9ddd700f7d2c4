// Liveness, readiness and startup probes, and the lifecycle hook handlers (postStart/preStop)
// that share their mechanisms: exec (runtime execSync), httpGet, tcpSocket, sleep.
//
// How httpGet/tcpSocket reach the pod: through runtime.portForward(), the same "TCP
// connection from inside the pod's network namespace" that `kubectl port-forward` uses. On
// Linux the Docker runtime connects from the host to podIP:port directly; on Docker Desktop
// (macOS/Windows) the host cannot route to container IPs, so the runtime tunnels through an
// exec in the pod instead. The prober never needs to know which, and HTTP is spoken by hand
// over the socket (a GET with the probe's headers; 200–399 is success, as in Kubernetes).
// Not implemented: gRPC probes, HTTPS certificate checks (https is attempted as plain TLS).
import type { Container, LifecycleHandler, Pod, Probe } from 'kubernetes-types/core/v1';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { ContainerStatus, Runtime, SandboxStatus } from './runtime';

type Handler = Pick<Probe, 'exec' | 'httpGet' | 'tcpSocket'> & Pick<LifecycleHandler, 'sleep'>;

/** Runs one probe or hook; resolves true on success. */
export async function runHandler(rt: Runtime, containerId: string, sandbox: SandboxStatus | undefined, h: Handler, timeoutSeconds: number, spec?: Container): Promise<boolean> {
  if (h.exec) {
    const r = await rt.execSync(containerId, h.exec.command ?? [], timeoutSeconds);
    return r.exitCode === 0;
  }
  if (h.sleep) { await new Promise((r) => setTimeout(r, Math.min(h.sleep!.seconds, timeoutSeconds) * 1000)); return true; }
  if (!sandbox) return false;
  const port = (p: number | string) => (typeof p === 'number' ? p : Number((spec?.ports ?? []).find((x) => x.name === p)?.containerPort ?? p));
  if (h.tcpSocket) {
    const sock = await withTimeout(rt.portForward(sandbox, containerId, port(h.tcpSocket.port)), timeoutSeconds).catch(() => undefined);
    if (!sock) return false;
    // A forwarded stream that closes at once means nothing listened (the exec fallback cannot say sooner).
    const ok = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(true), 150);
      sock.once('close', () => { clearTimeout(t); resolve(false); });
      sock.once('error', () => { clearTimeout(t); resolve(false); });
    });
    sock.destroy();
    return ok;
  }
  if (h.httpGet) {
    const g = h.httpGet;
    let sock: Duplex | undefined = await withTimeout(rt.portForward(sandbox, containerId, port(g.port)), timeoutSeconds).catch(() => undefined);
    if (!sock) return false;
    if (g.scheme === 'HTTPS') sock = tlsConnect({ socket: sock as any, rejectUnauthorized: false });
    const headers = [`GET ${g.path ?? '/'} HTTP/1.1`, `Host: ${g.host ?? sandbox.ip}:${port(g.port)}`, 'User-Agent: kube-probe/1.32', 'Accept: */*', 'Connection: close',
      ...(g.httpHeaders ?? []).map((x) => `${x.name}: ${x.value}`)];
    const s = sock;
    return withTimeout(new Promise<boolean>((resolve) => {
      let buf = '';
      s.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf);
        if (m) { resolve(Number(m[1]) >= 200 && Number(m[1]) < 400); s.destroy(); }
      });
      s.on('error', () => resolve(false));
      s.on('close', () => resolve(false));
      s.write(headers.join('\r\n') + '\r\n\r\n');
    }), timeoutSeconds).catch(() => { s.destroy(); return false; });
  }
  return true;
}

function withTimeout<T>(p: Promise<T>, seconds: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), Math.max(1, seconds) * 1000);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

type Kind = 'liveness' | 'readiness' | 'startup';

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

  constructor(private rt: Runtime, private changed: (podUid: string) => void, private log: (l: string) => void) {}

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
      const ok = await runHandler(this.rt, id, sandbox, probe, probe.timeoutSeconds ?? 1, spec).catch(() => false);
      if (w.stopped) return;
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
