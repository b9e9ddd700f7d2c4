// Job pod tracking with the `batch.kubernetes.io/job-tracking` finalizer (Kubernetes, GA in
// 1.26). status.succeeded/failed are counters that only grow, never a count of the pods that
// still exist: a pod that finished (or was deleted before it succeeded) is first written into
// status.uncountedTerminatedPods, then its finalizer is removed, then its UID moves into the
// counter. So the API server keeps a pod until it has been counted, and deleting or evicting it
// afterwards changes nothing. These are the pure parts; job.ts does the writes.
// Not implemented: status.completedIndexes for Indexed Jobs, podReplacementPolicy and
// podFailurePolicy (they narrow what counts as failed), the 500-UID cap on the uncounted lists,
// and counting pods of Jobs created before tracking (their pods carry no finalizer).
import type { KubeObject } from '../api/types';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

export const hasTrackingFinalizer = (p: KubeObject): boolean => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

/**
 * Kubernetes' isPodFailed: phase Failed, or deleted without having succeeded — an evicted pod,
 * or one on a lost node, never reaches phase Failed, yet it ran (or was meant to) and is gone.
 */
export function isPodFailed(p: KubeObject): boolean {
  return p.status?.phase === 'Failed' || (!!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded');
}

/** Strategic merge patch that drops only this finalizer, so finalizers others added survive. */
export const removeTrackingFinalizerPatch = { metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] } };

export interface Uncounted { succeeded: string[]; failed: string[] }

export interface Tracking {
  /** status.succeeded/failed after moving in the uncounted UIDs whose finalizer is gone. */
  counted: { succeeded: number; failed: number };
  /** status.uncountedTerminatedPods: finished pods that still hold the finalizer. */
  uncounted: Uncounted;
  /** Pods to take the finalizer off (every pod in `uncounted`). */
  toRemove: KubeObject[];
}

/**
 * Counts a Job's pods against its status. `removing` holds UIDs whose finalizer removal was sent
 * but not yet seen in the informer: they count as finalizer-free, or a stale cache would count
 * them twice. `failActive`: the Job is failing, so pods still running count as failed (they are
 * being killed), as Kubernetes counts them.
 */
export function track(status: any, pods: KubeObject[], removing: ReadonlySet<string>, failActive = false): Tracking {
  const holding = new Set(pods.filter((p) => hasTrackingFinalizer(p) && !removing.has(p.metadata.uid!)).map((p) => p.metadata.uid!));
  const prev: Partial<Uncounted> = status?.uncountedTerminatedPods ?? {};
  const counted = { succeeded: status?.succeeded ?? 0, failed: status?.failed ?? 0 };
  const uncounted: Uncounted = { succeeded: [], failed: [] };
  for (const k of ['succeeded', 'failed'] as const) {
    for (const uid of prev[k] ?? []) if (holding.has(uid)) uncounted[k].push(uid); else counted[k]++;
  }
  const toRemove: KubeObject[] = [];
  for (const p of pods) {
    const uid = p.metadata.uid!;
    if (!holding.has(uid)) continue;
    if (uncounted.succeeded.includes(uid) || uncounted.failed.includes(uid)) toRemove.push(p);
    else if (p.status?.phase === 'Succeeded') { uncounted.succeeded.push(uid); toRemove.push(p); }
    else if (isPodFailed(p) || failActive) { uncounted.failed.push(uid); toRemove.push(p); }
  }
  return { counted, uncounted, toRemove };
}

/** Moves the UIDs whose finalizer is now off from the uncounted lists into the counters. */
export function settle(t: Tracking, removed: ReadonlySet<string>): Pick<Tracking, 'counted' | 'uncounted'> {
  const counted = { ...t.counted };
  const uncounted: Uncounted = { succeeded: [], failed: [] };
  for (const k of ['succeeded', 'failed'] as const) {
    for (const uid of t.uncounted[k]) if (removed.has(uid)) counted[k]++; else uncounted[k].push(uid);
  }
  return { counted, uncounted };
}

/** status.uncountedTerminatedPods as Kubernetes writes it: `{}` when empty, no empty lists. */
export function uncountedStatus(u: Uncounted): Partial<Uncounted> {
  return { ...(u.succeeded.length ? { succeeded: u.succeeded } : {}), ...(u.failed.length ? { failed: u.failed } : {}) };
}
