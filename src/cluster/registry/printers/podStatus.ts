// The pod row kubectl prints: READY, STATUS (kubectl's reason logic: Init:x/y, Init:Error,
// CrashLoopBackOff, Completed, Terminating, NotReady, SchedulingGated ...), RESTARTS with
// "(30s ago)", and the -o wide IP / NODE / NOMINATED NODE / READINESS GATES.
import type { KubeObject } from '../../api/types';
import { humanDuration } from './duration';

export interface PodRow {
  ready: string;
  status: string;
  restarts: string;
}

const isRestartable = (c: any) => c?.restartPolicy === 'Always';

// READY, STATUS and RESTARTS come from one pass; a table asks for them one cell at a time.
const rows = new WeakMap<KubeObject, { now: number; rv: string | undefined; row: PodRow }>();

export function podRow(pod: KubeObject, now: number): PodRow {
  const hit = rows.get(pod);
  const rv = pod.metadata?.resourceVersion;
  if (hit && hit.now === now && hit.rv === rv && rv !== undefined) return hit.row;
  const row = computePodRow(pod, now);
  rows.set(pod, { now, rv, row });
  return row;
}

function computePodRow(pod: KubeObject, now: number): PodRow {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initContainers: any[] = spec.initContainers ?? [];
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = (spec.containers ?? []).length;
  let ready = 0;
  let lastRestart = 0;
  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const initByName = new Map<string, any>(initContainers.map((c) => [c.name, c]));
  for (const c of initContainers) if (isRestartable(c)) total++;

  const noteRestart = (cs: any) => {
    const finished = cs.lastState?.terminated?.finishedAt;
    if (finished) { const t = Date.parse(finished); if (t > lastRestart) lastRestart = t; }
  };

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    noteRestart(cs);
    if (isRestartable(initByName.get(cs.name))) {
      restartableInitRestarts += cs.restartCount ?? 0;
      if (cs.started && cs.ready) ready++;
      continue;
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some((c: any) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestart = 0;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      noteRestart(cs);
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) { hasRunning = true; ready++; }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart > 0) restartsStr = `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsStr };
}

export function podIP(pod: KubeObject): string {
  return pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
}

export function readinessGates(pod: KubeObject): string {
  const gates: any[] = pod.spec?.readinessGates ?? [];
  if (!gates.length) return '<none>';
  let trueCount = 0;
  for (const g of gates) {
    const c = (pod.status?.conditions ?? []).find((x: any) => x.type === g.conditionType);
    if (c?.status === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}
