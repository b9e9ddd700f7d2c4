// CronJobController: creates a Job `<cronjob>-<minutes since epoch>` at each scheduled time
// (cron.ts; UTC), honouring suspend, startingDeadlineSeconds and concurrencyPolicy
// (Allow/Forbid/Replace); keeps status.active, lastScheduleTime and lastSuccessfulTime, and
// deletes finished Jobs beyond successfulJobsHistoryLimit (3) / failedJobsHistoryLimit (1).
// Jobs made by `kubectl create job --from=cronjob/x` are ordinary Jobs the Job controller runs;
// as in Kubernetes they are not the CronJob's active jobs (a Warning UnexpectedJob says so),
// so they neither show in ACTIVE nor hold back a Forbid schedule.
import type { KubeObject } from '../api/types';
import { isApiError } from '../api/errors';
import { Controller, type ControllerConfig } from '../client/controller';
import { EventRecorder } from '../client/events';
import { indexers, type SharedInformer } from '../client/informer';
import { controllerRef, getControllerOf } from './util';
import { mostRecent, nextAfter, parseCron } from './cron';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const SCHEDULED = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
const finished = (j: KubeObject) => (j.status?.conditions ?? []).find((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type as string | undefined;

export class CronJobController extends Controller {
  readonly cronjobs: SharedInformer;
  readonly jobs: SharedInformer;
  private readonly recorder: EventRecorder;

  constructor(config: ControllerConfig) {
    super('cronjob-controller', config);
    this.recorder = new EventRecorder(this.client, 'cronjob-controller', this.log);
    this.cronjobs = this.informer('cronjobs.batch');
    this.jobs = this.informer('jobs.batch');
    this.jobs.addIndexer('controllerUid', indexers.controllerUid);
    this.cronjobs.addEventHandler({ onAdd: (o) => this.enqueue(o), onUpdate: (_o, n) => this.enqueue(n) });
    const owner = (j: KubeObject) => { const r = getControllerOf(j); if (r?.kind === 'CronJob') this.enqueue(`${j.metadata.namespace}/${r.name}`); };
    this.jobs.addEventHandler({ onAdd: owner, onUpdate: (_o, j) => owner(j), onDelete: owner });
  }

  async reconcile(key: string): Promise<void> {
    const cj = this.cronjobs.get(key);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const ns = cj.metadata.namespace!;
    const jobs = this.jobs.byIndex('controllerUid', cj.metadata.uid!);
    // Active: running jobs this controller made (the scheduled-time annotation marks them,
    // also when our status write was lost) or already listed; anything else is unexpected.
    const listed = (j: KubeObject) => (cj.status?.active ?? []).some((r: any) => r.uid === j.metadata.uid);
    const running = jobs.filter((j) => !finished(j) && !j.metadata.deletionTimestamp);
    const active = running.filter((j) => listed(j) || j.metadata.annotations?.[SCHEDULED] !== undefined);
    for (const j of running) {
      if (!active.includes(j)) this.recorder.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
    }
    const status: any = { ...(cj.status ?? {}) };
    for (const j of jobs) {
      const f = finished(j);
      if (f === 'Complete') {
        const ct = j.status?.completionTime;
        if (ct && (!status.lastSuccessfulTime || ct > status.lastSuccessfulTime)) status.lastSuccessfulTime = ct;
      }
      if (f && (cj.status?.active ?? []).some((r: any) => r.uid === j.metadata.uid)) {
        this.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${f}`);
      }
    }
    let schedule;
    try { schedule = parseCron(cj.spec?.schedule ?? ''); } catch (err) {
      this.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${(err as Error).message}`);
      return;
    }
    const nowMs = Date.now();
    const since = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || nowMs;
    const { time } = mostRecent(schedule, since, nowMs);
    let activeRefs = active;
    if (time !== undefined && !cj.spec?.suspend) {
      const deadline = cj.spec?.startingDeadlineSeconds;
      const tooLate = deadline !== undefined && deadline !== null && time + deadline * 1000 < nowMs;
      const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
      if (tooLate) {
        this.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${iso(time)}`);
      } else if (policy === 'Forbid' && active.length) {
        this.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
        // Retry this schedule time once the active job ends (no lastScheduleTime bump).
      } else {
        if (policy === 'Replace') {
          for (const j of active) await this.deleteJob(cj, j);
          activeRefs = [];
        }
        const made = await this.createJob(cj, time);
        if (made) activeRefs = [...activeRefs, made];
        status.lastScheduleTime = iso(time);
      }
    }
    status.active = activeRefs.map((j) => ({ kind: 'Job', namespace: ns, name: j.metadata.name, uid: j.metadata.uid, apiVersion: 'batch/v1', resourceVersion: j.metadata.resourceVersion }));
    if (!status.active.length) delete status.active;
    await this.cleanupHistory(cj, jobs);
    const next = nextAfter(schedule, Math.max(nowMs, Date.parse(status.lastScheduleTime ?? '') || 0));
    if (next !== undefined) this.queue.addAfter(key, Math.min(next - nowMs + 100, 2 ** 31 - 1));
    const strip = (s: any) => JSON.stringify({ ...s, active: (s.active ?? []).map((r: any) => r.uid) });
    if (strip(status) === strip(cj.status ?? {})) return;
    const upd = structuredClone(cj);
    upd.status = status;
    await this.client.update('cronjobs.batch', ns, upd, { subresource: 'status' });
  }

  private async createJob(cj: KubeObject, time: number): Promise<KubeObject | undefined> {
    const tmpl = structuredClone(cj.spec?.jobTemplate ?? {});
    const name = `${cj.metadata.name}-${Math.floor(time / 60_000)}`;
    const job: KubeObject = {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: {
        name, namespace: cj.metadata.namespace,
        labels: tmpl.metadata?.labels ?? {},
        annotations: { ...(tmpl.metadata?.annotations ?? {}), [SCHEDULED]: iso(time) },
        ownerReferences: [controllerRef(cj)],
      },
      spec: tmpl.spec ?? {},
    };
    try {
      const made = await this.client.create('jobs.batch', cj.metadata.namespace, job);
      this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      return made;
    } catch (err) {
      if (isApiError(err, 'AlreadyExists')) return undefined;
      this.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
      throw err;
    }
  }

  private async deleteJob(cj: KubeObject, j: KubeObject): Promise<void> {
    try {
      await this.client.delete('jobs.batch', j.metadata.namespace, j.metadata.name!, { propagationPolicy: 'Background' });
      this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
    } catch (err) { if (!isApiError(err, 'NotFound')) throw err; }
  }

  private async cleanupHistory(cj: KubeObject, jobs: KubeObject[]): Promise<void> {
    const byTime = (a: KubeObject, b: KubeObject) => (a.status?.startTime ?? a.metadata.creationTimestamp ?? '').localeCompare(b.status?.startTime ?? b.metadata.creationTimestamp ?? '');
    for (const [type, limit] of [['Complete', cj.spec?.successfulJobsHistoryLimit ?? 3], ['Failed', cj.spec?.failedJobsHistoryLimit ?? 1]] as const) {
      const done = jobs.filter((j) => finished(j) === type && !j.metadata.deletionTimestamp).sort(byTime);
      for (const j of done.slice(0, Math.max(0, done.length - limit))) await this.deleteJob(cj, j);
    }
  }
}
