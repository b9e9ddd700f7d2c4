// One-line status of an object as `kubectl get` shows it (Running 2/2, CrashLoopBackOff, 3/3 ready),
// plus a health verdict the tree turns into an icon colour.
import type { Obj } from '../kube/objectCache';

export type Health = 'ok' | 'progressing' | 'bad' | 'neutral';
export interface Status { text: string; health: Health }

export function podStatus(p: Obj): Status {
  const statuses: any[] = p.status?.containerStatuses ?? [];
  const total = p.spec?.containers?.length ?? statuses.length;
  const ready = statuses.filter((c) => c.ready).length;
  if (p.metadata.deletionTimestamp) return { text: 'Terminating', health: 'progressing' };
  for (const c of statuses) {
    const reason = c.state?.waiting?.reason ?? (c.state?.terminated && p.status?.phase !== 'Succeeded' ? c.state.terminated.reason : undefined);
    if (reason && reason !== 'Completed') {
      const bad = /BackOff|Err|Invalid|OOM|Error/.test(reason);
      return { text: reason, health: bad ? 'bad' : 'progressing' };
    }
  }
  const phase: string = p.status?.phase ?? 'Pending';
  if (phase === 'Running') return { text: `Running ${ready}/${total}`, health: ready === total ? 'ok' : 'progressing' };
  if (phase === 'Succeeded') return { text: 'Completed', health: 'neutral' };
  if (phase === 'Failed') return { text: p.status?.reason ?? 'Failed', health: 'bad' };
  const unscheduled = (p.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled' && c.status === 'False');
  return { text: unscheduled?.reason ?? phase, health: unscheduled ? 'bad' : 'progressing' };
}

function replicas(desired: number | undefined, ready: number | undefined): Status {
  const d = desired ?? 0, r = ready ?? 0;
  return { text: `${r}/${d} ready`, health: r >= d ? 'ok' : 'progressing' };
}

const keys = (n: number) => `${n} key${n === 1 ? '' : 's'}`;

export function objectStatus(o: Obj): Status | undefined {
  switch (o.kind) {
    case 'Pod': return podStatus(o);
    case 'Deployment': case 'ReplicaSet': case 'StatefulSet': return replicas(o.spec?.replicas ?? 1, o.status?.readyReplicas);
    case 'DaemonSet': return replicas(o.status?.desiredNumberScheduled, o.status?.numberReady);
    case 'Job': {
      const done = o.status?.succeeded ?? 0, want = o.spec?.completions ?? 1;
      if ((o.status?.conditions ?? []).some((c: any) => c.type === 'Failed' && c.status === 'True')) return { text: 'Failed', health: 'bad' };
      return { text: `${done}/${want} complete`, health: done >= want ? 'ok' : 'progressing' };
    }
    case 'CronJob': return { text: `${o.spec?.schedule ?? ''}${o.spec?.suspend ? ' (suspended)' : ''}`, health: 'neutral' };
    case 'Node': {
      const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
      const sched = o.spec?.unschedulable ? ',SchedulingDisabled' : '';
      return ready?.status === 'True' ? { text: 'Ready' + sched, health: 'ok' } : { text: 'NotReady' + sched, health: 'bad' };
    }
    case 'Namespace': return { text: o.status?.phase ?? 'Active', health: o.status?.phase === 'Terminating' ? 'progressing' : 'neutral' };
    case 'Service': return { text: `${o.spec?.type ?? 'ClusterIP'} ${o.spec?.clusterIP ?? ''}`.trim(), health: 'neutral' };
    case 'PersistentVolumeClaim': case 'PersistentVolume':
      return { text: o.status?.phase ?? 'Pending', health: o.status?.phase === 'Bound' ? 'ok' : o.status?.phase === 'Lost' || o.status?.phase === 'Failed' ? 'bad' : 'progressing' };
    case 'Event': return { text: `${o.reason ?? ''} ${o.involvedObject?.kind ?? ''}/${o.involvedObject?.name ?? ''}`.trim(), health: o.type === 'Warning' ? 'bad' : 'neutral' };
    case 'ConfigMap': return { text: keys(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), health: 'neutral' };
    case 'Secret': return { text: `${o.type ?? 'Opaque'}, ${keys(Object.keys(o.data ?? {}).length)}`, health: 'neutral' };
    default: return undefined;
  }
}
