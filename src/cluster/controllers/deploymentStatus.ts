// Deployment status and conditions as the deployment controller computes them: counts summed
// over its ReplicaSets, Available (MinimumReplicasAvailable/Unavailable) and Progressing
// (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable,
// ProgressDeadlineExceeded, DeploymentPaused/Resumed), which `kubectl rollout status` reads.
import type { KubeObject } from '../api/types';
import { now, scaledValue, setCondition } from './util';

export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

export function maxSurge(d: KubeObject): number {
  if (d.spec?.strategy?.type === 'Recreate') return 0;
  const r = d.spec?.strategy?.rollingUpdate ?? {};
  const replicas = d.spec?.replicas ?? 1;
  const surge = scaledValue(r.maxSurge, replicas, true, '25%');
  const unavail = scaledValue(r.maxUnavailable, replicas, false, '25%');
  return surge === 0 && unavail === 0 ? 0 : surge;
}

export function maxUnavailable(d: KubeObject): number {
  const replicas = d.spec?.replicas ?? 1;
  if (d.spec?.strategy?.type === 'Recreate' || replicas === 0) return 0;
  const r = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = scaledValue(r.maxSurge, replicas, true, '25%');
  let unavail = scaledValue(r.maxUnavailable, replicas, false, '25%');
  if (surge === 0 && unavail === 0) unavail = 1;
  return Math.min(unavail, replicas);
}

const sum = (rss: KubeObject[], f: (rs: KubeObject) => number) => rss.reduce((s, rs) => s + f(rs), 0);

export function calculateStatus(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): any {
  const replicas = d.spec?.replicas ?? 1;
  const available = sum(all, (rs) => rs.status?.availableReplicas ?? 0);
  const st: any = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum(all, (rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas: available,
  };
  if (d.status?.collisionCount) st.collisionCount = d.status.collisionCount;
  // Kubernetes: unavailable = totalReplicas(spec) - available, never negative.
  st.unavailableReplicas = Math.max(0, sumSpec(all) - available);
  let conds = d.status?.conditions ?? [];
  const t = now();
  if (available >= replicas - maxUnavailable(d)) {
    conds = setCondition(conds, { type: 'Available', status: 'True', lastUpdateTime: t, lastTransitionTime: t, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  } else {
    conds = setCondition(conds, { type: 'Available', status: 'False', lastUpdateTime: t, lastTransitionTime: t, reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  }
  st.conditions = keepTimes(d.status?.conditions ?? [], conds);
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (!st[k]) delete st[k];
  return st;
}

function sumSpec(all: KubeObject[]): number { return sum(all, (rs) => rs.spec?.replicas ?? 0); }

/** Keep lastUpdateTime when nothing in a condition changed, so status writes stay idempotent. */
function keepTimes(old: any[], next: any[]): any[] {
  return next.map((c) => {
    const o = old.find((x) => x.type === c.type);
    if (o && o.status === c.status && o.reason === c.reason && o.message === c.message) return o;
    return c;
  });
}

export function deploymentComplete(d: KubeObject, st: any): boolean {
  const r = d.spec?.replicas ?? 1;
  return (st.updatedReplicas ?? 0) === r && (st.replicas ?? 0) === r && (st.availableReplicas ?? 0) === r && st.observedGeneration >= (d.metadata.generation ?? 1);
}

function deploymentProgressing(d: KubeObject, st: any): boolean {
  const o = d.status ?? {};
  return (st.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) || (st.replicas ?? 0) < (o.replicas ?? 0)
    || (st.readyReplicas ?? 0) > (o.readyReplicas ?? 0) || (st.availableReplicas ?? 0) > (o.availableReplicas ?? 0);
}

/** Adds the Progressing condition (syncRolloutStatus). Returns seconds until the deadline check, if any. */
export function progressingCondition(d: KubeObject, st: any, newRS: KubeObject | undefined, created: boolean): number | undefined {
  const deadline = d.spec?.progressDeadlineSeconds ?? 600;
  if (d.spec?.paused) return undefined;
  const t = now();
  const cur = (d.status?.conditions ?? []).find((c: any) => c.type === 'Progressing');
  const set = (status: string, reason: string, message: string, touch = true) => {
    const c = { type: 'Progressing', status, reason, message, lastUpdateTime: touch || !cur ? t : cur.lastUpdateTime, lastTransitionTime: cur?.status === status ? cur.lastTransitionTime : t };
    st.conditions = [...st.conditions.filter((x: any) => x.type !== 'Progressing'), c];
  };
  const name = newRS?.metadata.name;
  if (created && name) { set('True', 'NewReplicaSetCreated', `Created new replica set "${name}"`); return deadline; }
  if (deploymentComplete(d, st)) {
    if (cur?.reason === 'NewReplicaSetAvailable' && cur.message?.includes(`"${name}"`)) { st.conditions = st.conditions.filter((x: any) => x.type !== 'Progressing').concat(cur); return undefined; }
    set('True', 'NewReplicaSetAvailable', `ReplicaSet "${name}" has successfully progressed.`);
    return undefined;
  }
  if (cur?.reason === 'ProgressDeadlineExceeded') { st.conditions = st.conditions.filter((x: any) => x.type !== 'Progressing').concat(cur); return undefined; }
  if (deploymentProgressing(d, st) || !cur) {
    if (name) set('True', cur ? 'ReplicaSetUpdated' : 'FoundNewReplicaSet', cur ? `ReplicaSet "${name}" is progressing.` : `Found new replica set "${name}"`);
    return deadline;
  }
  const last = Date.parse(cur.lastUpdateTime ?? cur.lastTransitionTime ?? '') || Date.now();
  const remaining = last / 1000 + deadline - Date.now() / 1000;
  if (remaining <= 0) {
    set('False', 'ProgressDeadlineExceeded', `ReplicaSet "${name}" has timed out progressing.`);
    return undefined;
  }
  st.conditions = st.conditions.filter((x: any) => x.type !== 'Progressing').concat(cur);
  return remaining;
}
