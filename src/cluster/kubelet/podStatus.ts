// generatePodStatus: the pod status the kubelet reports, computed from what the runtime says
// (sandbox + container instances), what the sync loop is waiting on (CrashLoopBackOff,
// ImagePullBackOff...) and the probes. Pure: same inputs, same status, so an unchanged pod
// produces no write. Phase logic follows kubelet_pods.go getPhase.
// Not implemented: resize status, resource claims, ephemeral containers, readiness gates.
import type { Container, ContainerStatus as K8sContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { qosClass } from './qos';
import type { ContainerStatus, SandboxStatus } from './runtime';

export interface Waiting { reason: string; message?: string }

export interface StatusInputs {
  pod: Pod;
  sandbox?: SandboxStatus;
  /** Every instance of every container of the pod, newest first. */
  containers: ContainerStatus[];
  waiting: Map<string, Waiting>;
  ready: (containerId: string) => boolean;
  started: (containerId: string) => boolean;
  hostIP: string;
  runtimeType: 'docker' | 'simulated';
  now: string;
}

export function generatePodStatus(i: StatusInputs): PodStatus {
  const { pod } = i;
  const old = pod.status ?? {};
  const spec = pod.spec!;
  const policy = spec.restartPolicy ?? 'Always';
  const inits = (spec.initContainers ?? []).map((c) => containerStatus(i, c, true));
  const apps = spec.containers.map((c) => containerStatus(i, c, false));
  const initsDone = inits.every((s) => s.state?.terminated?.exitCode === 0);
  if (!initsDone) for (const s of apps) if (s.state?.waiting?.reason === 'ContainerCreating') s.state.waiting.reason = 'PodInitializing';

  const initFailed = inits.some((s) => (s.state?.terminated && s.state.terminated.exitCode !== 0) || s.lastState?.terminated);
  let phase: string;
  if (!initsDone) phase = policy === 'Never' && initFailed ? 'Failed' : 'Pending';
  else phase = appPhase(apps, policy);

  const notReady = apps.filter((s) => !s.ready).map((s) => s.name);
  const incompleteInit = inits.filter((s) => s.state?.terminated?.exitCode !== 0).map((s) => s.name);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const cond = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
    const prev = (old.conditions ?? []).find((c) => c.type === type);
    const status = ok ? 'True' : 'False';
    const c: PodCondition = { type, status, lastProbeTime: null as any, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : i.now };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  };
  const containersReady = !terminal && notReady.length === 0;
  const unreadyWhy = terminal ? ['PodCompleted', undefined] : ['ContainersNotReady', `containers with unready status: [${notReady.join(' ')}]`];
  const conditions: PodCondition[] = [
    cond('PodReadyToStartContainers', !!i.sandbox?.ready),
    incompleteInit.length === 0 ? cond('Initialized', true, terminal && inits.length ? 'PodCompleted' : undefined)
      : cond('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`),
    containersReady ? cond('Ready', true) : cond('Ready', false, unreadyWhy[0], unreadyWhy[1]),
    containersReady ? cond('ContainersReady', true) : cond('ContainersReady', false, unreadyWhy[0], unreadyWhy[1]),
    (old.conditions ?? []).find((c) => c.type === 'PodScheduled') ?? cond('PodScheduled', true),
  ];

  const status: PodStatus = {
    phase, conditions, hostIP: i.hostIP, hostIPs: [{ ip: i.hostIP }],
    startTime: old.startTime ?? i.now, qosClass: qosClass(pod),
  };
  const ip = i.sandbox?.ready ? i.sandbox.ip : old.podIP;
  if (ip) { status.podIP = ip; status.podIPs = [{ ip }]; }
  if (inits.length) status.initContainerStatuses = inits;
  status.containerStatuses = apps;
  return status;
}

function appPhase(apps: K8sContainerStatus[], policy: string): string {
  let waiting = 0; let running = 0; let stopped = 0; let succeeded = 0;
  for (const s of apps) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) { stopped++; if (s.state.terminated.exitCode === 0) succeeded++; }
    else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'Never' ? 'Failed' : 'Running';
}

function containerStatus(i: StatusInputs, spec: Container, init: boolean): K8sContainerStatus {
  const mine = i.containers.filter((c) => c.name === spec.name);
  const [cur, prev] = mine;
  const waiting = i.waiting.get(spec.name);
  const s: K8sContainerStatus = {
    name: spec.name, image: spec.image ?? '', imageID: cur?.imageID ?? '',
    ready: false, restartCount: cur?.restartCount ?? 0, started: false, state: {}, lastState: {},
  };
  if (cur) s.containerID = `${i.runtimeType}://${cur.id}`;
  const term = (c: ContainerStatus) => ({
    terminated: {
      exitCode: c.exitCode ?? 0, reason: c.oomKilled ? 'OOMKilled' : c.exitCode === 0 ? 'Completed' : 'Error',
      startedAt: c.startedAt ?? null, finishedAt: c.finishedAt ?? null, containerID: `${i.runtimeType}://${c.id}`,
    } as any,
  });
  if (waiting && (!cur || cur.state === 'exited')) {
    s.state = { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } };
    if (cur?.state === 'exited') s.lastState = term(cur);
    return s;
  }
  if (prev?.state === 'exited') s.lastState = term(prev);
  if (!cur || cur.state === 'created' || cur.state === 'unknown') {
    s.state = { waiting: { reason: 'ContainerCreating' } };
  } else if (cur.state === 'running') {
    s.state = { running: { startedAt: cur.startedAt } };
    s.started = i.started(cur.id);
    s.ready = s.started && i.ready(cur.id);
  } else {
    s.state = term(cur);
  }
  if (init) s.started = s.state.running !== undefined;
  if (init) s.ready = s.state.terminated?.exitCode === 0;
  return s;
}
