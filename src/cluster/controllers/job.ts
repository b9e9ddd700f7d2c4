// JobController: runs pods until `completions` succeed (at most `parallelism` at once), or
// fails the Job after more than `backoffLimit` failed pods (new pods wait an exponential
// back-off, 10 s doubling, after failures) or after activeDeadlineSeconds. Conditions as 1.32
// writes them: SuccessCriteriaMet then Complete (CompletionsReached), FailureTarget then
// Failed (BackoffLimitExceeded / DeadlineExceeded), Suspended. Pods carry the labels
// batch.kubernetes.io/job-name, job-name, batch.kubernetes.io/controller-uid and
// controller-uid. ttlSecondsAfterFinished deletes a finished Job (the TTL-after-finished
// controller's job, done here). Not implemented: Indexed completion mode beyond the index
// annotation, podFailurePolicy, successPolicy, pod finalizers for tracking.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import { indexers, type SharedInformer } from '../client/informer';
import { Expectations, getControllerOf, isPodReady, now, podFromTemplate, randomSuffix } from './util';

export interface JobControllerConfig extends ControllerConfig {
  /** First back-off after a failed pod (Kubernetes: 10 s). */
  backoffBaseMs?: number;
}

const finishedCond = (job: KubeObject) => (job.status?.conditions ?? []).find((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

export class JobController extends Controller {
  readonly jobs: SharedInformer;
  readonly pods: SharedInformer;
  readonly expectations = new Expectations();
  private readonly recorder: EventRecorder;
  private readonly backoffBase: number;

  constructor(config: JobControllerConfig) {
    super('job-controller', config);
    this.backoffBase = config.backoffBaseMs ?? 10_000;
    this.recorder = new EventRecorder(this.client, 'job-controller', this.log);
    this.jobs = this.informer('jobs.batch');
    this.pods = this.informer('pods');
    this.pods.addIndexer('controllerUid', indexers.controllerUid);
    this.jobs.addEventHandler({ onAdd: (o) => this.enqueue(o), onUpdate: (_o, n) => this.enqueue(n), onDelete: (o) => this.expectations.delete(`${o.metadata.namespace}/${o.metadata.name}`) });
    const owner = (p: KubeObject) => { const r = getControllerOf(p); return r?.kind === 'Job' ? `${p.metadata.namespace}/${r.name}` : undefined; };
    this.pods.addEventHandler({
      onAdd: (p) => { const k = owner(p); if (k) { this.expectations.observeAdd(k); this.enqueue(k); } },
      onUpdate: (_o, p) => { const k = owner(p); if (k) this.enqueue(k); },
      onDelete: (p) => { const k = owner(p); if (k) { this.expectations.observeDelete(k); this.enqueue(k); } },
    });
  }

  async reconcile(key: string): Promise<void> {
    const job = this.jobs.get(key);
    if (!job || job.metadata.deletionTimestamp) return;
    const pods = this.pods.byIndex('controllerUid', job.metadata.uid!);
    const active = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp);
    const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
    const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
    const done = finishedCond(job);
    if (done) return this.afterFinished(job, done);

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
      for (const p of active) await this.deletePod(job, p);
      if (type === 'Failed') this.recorder.event(job, 'Warning', reason, message);
      if (active.length === 0 && terminating === 0) {
        conds.push({ type, status: 'True', reason, message, lastProbeTime: t, lastTransitionTime: t });
        if (type === 'Complete') this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
      }
    } else if (job.spec?.suspend) {
      for (const p of active) await this.deletePod(job, p);
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
        for (const p of active.slice(want)) await this.deletePod(job, p);
      }
      if (job.spec?.activeDeadlineSeconds) this.queue.addAfter(key, Math.max(10, Date.parse(startTime) + job.spec.activeDeadlineSeconds * 1000 - Date.now()));
    }

    const st: any = {
      ...(job.status ?? {}),
      startTime: job.spec?.suspend && !job.status?.startTime ? undefined : startTime,
      active: finishReason ? 0 : active.length,
      ready: active.filter(isPodReady).length,
      terminating,
      uncountedTerminatedPods: {},
      succeeded, failed,
      conditions: conds,
    };
    if (finishReason && conds.some((c) => c.type === 'Complete')) st.completionTime = t;
    for (const k of ['active', 'succeeded', 'failed']) if (!st[k]) delete st[k];
    if (!st.conditions.length) delete st.conditions;
    if (st.startTime === undefined) delete st.startTime;
    if (JSON.stringify(st) === JSON.stringify(job.status ?? {})) return;
    const next = structuredClone(job);
    next.status = st;
    await this.client.update('jobs.batch', job.metadata.namespace, next, { subresource: 'status' });
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
    try {
      const made = await this.client.create('pods', job.metadata.namespace, pod);
      this.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name}`);
    } catch (err) {
      this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  private async deletePod(job: KubeObject, p: KubeObject): Promise<void> {
    try {
      await this.client.delete('pods', p.metadata.namespace, p.metadata.name!);
      this.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
    } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }
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
