// JobController: runs pods until `completions` succeed (at most `parallelism` at once), or
// fails the Job after more than `backoffLimit` failed pods (new pods wait an exponential
// back-off, 10 s doubling, after failures) or after activeDeadlineSeconds. Conditions as 1.32
// writes them: SuccessCriteriaMet then Complete (CompletionsReached), FailureTarget then
// Failed (BackoffLimitExceeded / DeadlineExceeded), Suspended. Pods carry the labels
// batch.kubernetes.io/job-name, job-name, batch.kubernetes.io/controller-uid and
// controller-uid. ttlSecondsAfterFinished deletes a finished Job (the TTL-after-finished
// controller's job, done here). Counts come from pods tracked with the job-tracking finalizer
// (jobTracking.ts), so they never go backwards when a finished pod is deleted or evicted; pods
// of deleted or finished Jobs, and orphans, get the finalizer removed (keys `pod|ns/name`).
// Not implemented: Indexed completion mode beyond the index annotation, podFailurePolicy,
// successPolicy.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import { indexers, type SharedInformer } from '../client/informer';
import { hasTrackingFinalizer, JOB_TRACKING_FINALIZER, removeTrackingFinalizerPatch, settle, track, uncountedStatus, type Tracking } from './jobTracking';
import { Expectations, getControllerOf, isPodReady, now, podFromTemplate, randomSuffix } from './util';

export interface JobControllerConfig extends ControllerConfig {
  /** First back-off after a failed pod (Kubernetes: 10 s). */
  backoffBaseMs?: number;
}

const finishedCond = (job: KubeObject) => (job.status?.conditions ?? []).find((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** Queue key prefix of a pod whose finalizer may have to go because no live Job will count it. */
const ORPHAN = 'pod|';

export class JobController extends Controller {
  readonly jobs: SharedInformer;
  readonly pods: SharedInformer;
  readonly expectations = new Expectations();
  /** Job key → pod UIDs whose finalizer removal was sent but not yet seen (Kubernetes' finalizerExpectations). */
  private readonly removing = new Map<string, Set<string>>();
  /** Job key → resourceVersion of our last status write, to recognise a stale cached Job. */
  private readonly written = new Map<string, number>();
  private readonly recorder: EventRecorder;
  private readonly backoffBase: number;

  constructor(config: JobControllerConfig) {
    super('job-controller', config);
    this.backoffBase = config.backoffBaseMs ?? 10_000;
    this.recorder = new EventRecorder(this.client, 'job-controller', this.log);
    this.jobs = this.informer('jobs.batch');
    this.pods = this.informer('pods');
    this.pods.addIndexer('controllerUid', indexers.controllerUid);
    this.jobs.addEventHandler({
      onAdd: (o) => this.enqueue(o),
      onUpdate: (_o, n) => this.enqueue(n),
      onDelete: (o) => {
        const key = `${o.metadata.namespace}/${o.metadata.name}`;
        this.expectations.delete(key);
        this.removing.delete(key);
        this.written.delete(key);
        // No one counts these pods any more: release them, or they would never go.
        for (const p of this.pods.byIndex('controllerUid', o.metadata.uid!)) if (hasTrackingFinalizer(p)) this.enqueue(ORPHAN + podKey(p));
      },
    });
    const owner = (p: KubeObject) => { const r = getControllerOf(p); return r?.kind === 'Job' ? `${p.metadata.namespace}/${r.name}` : undefined; };
    this.pods.addEventHandler({
      onAdd: (p) => { const k = owner(p); if (k) { this.expectations.observeAdd(k); this.enqueue(k); } this.checkOrphan(p); },
      onUpdate: (_o, p) => {
        const k = owner(p);
        if (k) { if (!hasTrackingFinalizer(p)) this.removing.get(k)?.delete(p.metadata.uid!); this.enqueue(k); }
        this.checkOrphan(p);
      },
      onDelete: (p) => { const k = owner(p); if (k) { this.removing.get(k)?.delete(p.metadata.uid!); this.expectations.observeDelete(k); this.enqueue(k); } },
    });
  }

  async reconcile(key: string): Promise<void> {
    if (key.startsWith(ORPHAN)) return this.syncOrphanPod(key.slice(ORPHAN.length));
    const job = this.jobs.get(key);
    if (!job) return;
    const pods = this.pods.byIndex('controllerUid', job.metadata.uid!);
    const done = finishedCond(job);
    if (done || job.metadata.deletionTimestamp) {
      // A finished or departing Job counts nothing more, so none of its pods may be held back.
      const removing = this.removingFor(key);
      const { error } = await this.removeFinalizers(key, pods.filter((p) => hasTrackingFinalizer(p) && !removing.has(p.metadata.uid!)));
      if (error) throw error;
      return done ? this.afterFinished(job, done) : undefined;
    }
    // Our last status write is not in the cache yet: counting against the older status would
    // miss pods already released and counted, and start their work again. Its event requeues.
    if ((this.written.get(key) ?? 0) > Number(job.metadata.resourceVersion)) return;
    const active = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp);
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
    let activeNow = active.length; // less the surplus pods deleted below, as Kubernetes reports it
    let tracked = track(job.status, pods, this.removingFor(key));
    const succeeded = tracked.counted.succeeded + tracked.uncounted.succeeded.length;
    const failed = tracked.counted.failed + tracked.uncounted.failed.length;

    const completions: number | undefined = job.spec?.completions ?? undefined;
    const parallelism: number = job.spec?.parallelism ?? 1;
    const backoffLimit: number = job.spec?.backoffLimit ?? 6;
    const startTime = job.status?.startTime ?? now();
    let conds: any[] = [...(job.status?.conditions ?? [])];
    const t = now();
    let finishReason: [string, string, string] | undefined; // [type, reason, message]

    const complete = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
    if (complete) finishReason = ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'];
    else if (failed > backoffLimit) finishReason = ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
    else if (job.spec?.activeDeadlineSeconds && Date.parse(startTime) + job.spec.activeDeadlineSeconds * 1000 <= Date.now()) {
      finishReason = ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'];
    }

    if (finishReason) {
      const [type, reason, message] = finishReason;
      const interim = type === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget';
      if (!conds.some((c) => c.type === interim)) conds.push({ type: interim, status: 'True', reason, message, lastProbeTime: t, lastTransitionTime: t });
      if (type === 'Failed') {
        // Pods killed because the Job failed count as failed, as in Kubernetes.
        tracked = track(job.status, pods, this.removingFor(key), true);
        for (const p of active) await this.deletePod(job, p, true);
        this.recorder.event(job, 'Warning', reason, message);
      } else for (const p of active) await this.deletePod(job, p, false);
    } else if (job.spec?.suspend) {
      for (const p of active) { await this.deletePod(job, p, false); activeNow--; }
      if (!conds.some((c) => c.type === 'Suspended' && c.status === 'True')) {
        conds = conds.filter((c) => c.type !== 'Suspended').concat({ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: t, lastTransitionTime: t });
        this.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
      }
    } else {
      if (conds.some((c) => c.type === 'Suspended' && c.status === 'True')) {
        conds = conds.map((c) => (c.type === 'Suspended' ? { ...c, status: 'False', reason: 'JobResumed', message: 'Job resumed', lastTransitionTime: t } : c));
        this.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
      }
      const remaining = completions !== undefined ? completions - succeeded : (succeeded > 0 ? 0 : parallelism);
      const want = Math.max(0, Math.min(parallelism, remaining));
      if (active.length < want && this.expectations.satisfied(key)) {
        const delay = failed > 0 ? this.backoffBase * 2 ** (failed - 1) - (Date.now() - lastFailure(pods)) : 0;
        if (delay > 0) this.queue.addAfter(key, Math.min(delay, 360_000));
        else {
          const n = want - active.length;
          this.expectations.expect(key, n, 0);
          const used = new Set(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']));
          for (let i = 0; i < n; i++) {
            try { await this.createPod(job, job.spec?.completionMode === 'Indexed' ? nextIndex(used, completions ?? 1) : undefined); } catch (err) { this.expectations.delete(key); throw err; }
          }
        }
      } else if (active.length > want) {
        for (const p of active.slice(want)) { await this.deletePod(job, p, false); activeNow--; }
      }
      if (job.spec?.activeDeadlineSeconds) this.queue.addAfter(key, Math.max(10, Date.parse(startTime) + job.spec.activeDeadlineSeconds * 1000 - Date.now()));
    }

    const status = (c: Pick<Tracking, 'counted' | 'uncounted'>, conditions: any[]) => tidy({
      ...(job.status ?? {}),
      startTime: job.spec?.suspend && !job.status?.startTime ? undefined : startTime,
      active: finishReason ? 0 : activeNow,
      ready: active.filter(isPodReady).length,
      terminating,
      uncountedTerminatedPods: uncountedStatus(c.uncounted),
      succeeded: c.counted.succeeded, failed: c.counted.failed,
      conditions,
    });
    // Record the finished pods' UIDs before their finalizers go: a pod without the finalizer
    // may vanish at any moment, and then only the status remembers it.
    let cur = job;
    if (tracked.toRemove.length) cur = await this.writeStatus(key, cur, status(tracked, conds));
    const { removed, error } = await this.removeFinalizers(key, tracked.toRemove);
    const settled = settle(tracked, removed);
    const finished = finishReason && !settled.uncounted.succeeded.length && !settled.uncounted.failed.length && active.length === 0 && terminating === 0;
    if (finishReason && finished) conds = [...conds, { type: finishReason[0], status: 'True', reason: finishReason[1], message: finishReason[2], lastProbeTime: t, lastTransitionTime: t }];
    const st = status(settled, conds);
    if (finished && finishReason?.[0] === 'Complete') st.completionTime = t;
    const before = cur;
    cur = await this.writeStatus(key, cur, st);
    if (finished && finishReason?.[0] === 'Complete' && cur !== before) this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    if (error) throw error;
  }

  /** Writes status when it changed; returns the Job as stored. */
  private async writeStatus(key: string, job: KubeObject, st: any): Promise<KubeObject> {
    if (JSON.stringify(st) === JSON.stringify(job.status ?? {})) return job;
    const next = structuredClone(job);
    next.status = st;
    const stored = await this.client.update('jobs.batch', job.metadata.namespace, next, { subresource: 'status' });
    this.written.set(key, Number(stored.metadata.resourceVersion) || 0);
    return stored;
  }

  /** Takes the tracking finalizer off pods; returns the UIDs that no longer hold it (gone counts). */
  private async removeFinalizers(key: string, pods: KubeObject[]): Promise<{ removed: Set<string>; error?: Error }> {
    const removing = this.removingFor(key);
    const removed = new Set<string>();
    let error: Error | undefined;
    await Promise.all(pods.map(async (p) => {
      const uid = p.metadata.uid!;
      removing.add(uid);
      try {
        await this.client.patch('pods', p.metadata.namespace, p.metadata.name!, 'strategic', removeTrackingFinalizerPatch);
        removed.add(uid);
      } catch (err) {
        // A pod already gone holds nothing; keep its UID in `removing` until its delete event.
        if (isApiError(err, 'NotFound')) removed.add(uid);
        else { removing.delete(uid); error ??= err as Error; }
      }
    }));
    return { removed, error };
  }

  private removingFor(key: string): Set<string> {
    let s = this.removing.get(key);
    if (!s) { s = new Set(); this.removing.set(key, s); }
    return s;
  }

  /** A pod holding the finalizer that no live, unfinished Job of its own will count. */
  private checkOrphan(p: KubeObject): void {
    if (!hasTrackingFinalizer(p)) return;
    const r = getControllerOf(p);
    if (r && r.kind !== 'Job') return;
    if (this.countingJob(p)) return;
    this.enqueue(ORPHAN + podKey(p));
  }

  /** The key of the pod's own Job when that Job is live and unfinished, so it will count the pod. */
  private countingJob(p: KubeObject): string | undefined {
    const r = getControllerOf(p);
    if (!r || r.kind !== 'Job') return undefined;
    const key = `${p.metadata.namespace}/${r.name}`;
    const job = this.jobs.get(key);
    return job && job.metadata.uid === r.uid && !job.metadata.deletionTimestamp && !finishedCond(job) ? key : undefined;
  }

  /** Kubernetes' syncOrphanPod: rechecked against the synced caches before the finalizer goes. */
  private async syncOrphanPod(key: string): Promise<void> {
    const pod = this.pods.get(key);
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const r = getControllerOf(pod);
    if (r && r.kind !== 'Job') return; // another controller's pod: not ours to release
    const jobKey = this.countingJob(pod);
    if (jobKey) { this.enqueue(jobKey); return; }
    try { await this.client.patch('pods', pod.metadata.namespace, pod.metadata.name!, 'strategic', removeTrackingFinalizerPatch); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }

  private async afterFinished(job: KubeObject, done: any): Promise<void> {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null) return;
    const at = Date.parse(job.status?.completionTime ?? done.lastTransitionTime ?? '') + ttl * 1000;
    if (at > Date.now()) { this.queue.addAfter(`${job.metadata.namespace}/${job.metadata.name}`, at - Date.now() + 10); return; }
    try { await this.client.delete('jobs.batch', job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' }); } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }

  private async createPod(job: KubeObject, index?: number): Promise<void> {
    const uid = job.metadata.uid!;
    const name = job.metadata.name!;
    const pod = podFromTemplate(job.spec?.template, job, index !== undefined ? `${name}-${index}-${randomSuffix()}` : `${name}-${randomSuffix()}`);
    if (index !== undefined) pod.metadata.generateName = `${name}-${index}-`;
    pod.metadata.labels = {
      ...(pod.metadata.labels ?? {}),
      'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name,
      ...(index !== undefined ? { 'batch.kubernetes.io/job-completion-index': String(index) } : {}),
    };
    if (index !== undefined) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), 'batch.kubernetes.io/job-completion-index': String(index) };
    pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
    try {
      const made = await this.client.create('pods', job.metadata.namespace, pod);
      this.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name}`);
    } catch (err) {
      this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  /**
   * `counted`: the pod is killed because the Job failed and counts as failed (keeps its
   * finalizer until counted). Surplus pods (scale-down, suspend, completion) lose the finalizer
   * first, as Kubernetes' deleteJobPods does, so their deletion is not a failure.
   */
  private async deletePod(job: KubeObject, p: KubeObject, counted: boolean): Promise<void> {
    if (!counted && hasTrackingFinalizer(p)) {
      const { error } = await this.removeFinalizers(`${job.metadata.namespace}/${job.metadata.name}`, [p]);
      if (error) throw error;
    }
    try {
      await this.client.delete('pods', p.metadata.namespace, p.metadata.name!);
      this.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
    } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }
}

const podKey = (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name}`;

/** Job status as Kubernetes writes it: zero counters, no conditions and no startTime left out. */
function tidy(st: any): any {
  for (const k of ['active', 'succeeded', 'failed']) if (!st[k]) delete st[k];
  if (!st.conditions?.length) delete st.conditions;
  if (st.startTime === undefined) delete st.startTime;
  return st;
}

function lastFailure(pods: KubeObject[]): number {
  let last = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Failed') continue;
    for (const c of p.status?.containerStatuses ?? []) last = Math.max(last, Date.parse(c.state?.terminated?.finishedAt ?? '') || 0);
    if (!last) last = Math.max(last, Date.parse(p.metadata.creationTimestamp ?? '') || 0);
  }
  return last;
}

function nextIndex(used: Set<string | undefined>, completions: number): number {
  for (let i = 0; i < completions; i++) if (!used.has(String(i))) { used.add(String(i)); return i; }
  return 0;
}
