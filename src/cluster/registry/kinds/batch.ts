// batch/v1 Job and CronJob: defaults (incl. the generated controller-uid selector), kubectl's
// STATUS/COMPLETIONS/DURATION and SCHEDULE/TIMEZONE/SUSPEND/ACTIVE/LAST SCHEDULE columns.
import type { KubeObject, StatusCause } from '../../api/types';
import { defineResource } from '../define';
import { defaultPodTemplate } from '../defaults/podSpec';
import { column, formatLabelSelector, num, templateColumns } from '../printers/common';
import { humanDuration, since } from '../printers/duration';
import { boolPtr } from '../printers/formats';
import { invalid, required } from '../validation/field';
import { dns1123Subdomain } from '../validation/names';
import { validateWorkload } from '../validation/workload';

const hasCondition = (o: KubeObject, type: string) => (o.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');

function jobStatus(o: KubeObject): string {
  if (hasCondition(o, 'Complete')) return 'Complete';
  if (hasCondition(o, 'Failed')) return 'Failed';
  if (o.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(o, 'Suspended')) return 'Suspended';
  if (hasCondition(o, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(o, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function completions(o: KubeObject): string {
  const succeeded = num(o.status?.succeeded);
  const spec = o.spec ?? {};
  if (typeof spec.completions === 'number') return `${succeeded}/${spec.completions}`;
  if (typeof spec.parallelism === 'number' && spec.parallelism > 1) return `${succeeded}/1 of ${spec.parallelism}`;
  return `${succeeded}/1`;
}

function duration(o: KubeObject, now: number): string {
  const start = o.status?.startTime;
  if (!start) return '';
  const end = o.status?.completionTime;
  return end ? humanDuration(Date.parse(end) - Date.parse(start)) : humanDuration(now - Date.parse(start));
}

/** What the job strategy adds on create: the controller-uid selector and template labels. */
function generateSelector(obj: KubeObject): void {
  const spec = obj.spec;
  if (!spec || spec.manualSelector === true) return;
  const uid = obj.metadata?.uid;
  const name = obj.metadata?.name;
  if (!uid) return;
  const labels: Record<string, string> = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name ?? '', 'controller-uid': uid, 'job-name': name ?? '' };
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.metadata.labels = { ...spec.template.metadata.labels, ...labels };
  spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
}

function defaultJobSpec(spec: any): void {
  if (!spec || typeof spec !== 'object') return;
  if (spec.completions === undefined && spec.parallelism === undefined) { spec.completions = 1; spec.parallelism = 1; }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= undefined;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate(spec.template);
}

const JOB_RESTART = ['OnFailure', 'Never'];

function validateJob(o: KubeObject, old?: KubeObject): StatusCause[] {
  const causes = validateWorkload(o, old, { kind: 'Job', restartPolicies: JOB_RESTART, selectorOptional: true });
  if (o.spec?.template?.spec && o.spec.template.spec.restartPolicy === undefined) causes.push(required('spec.template.spec.restartPolicy', 'valid values: "OnFailure", "Never"'));
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished']) {
    const v = o.spec?.[f];
    if (typeof v === 'number' && v < 0) causes.push(invalid(`spec.${f}`, v, 'must be greater than or equal to 0'));
  }
  if (old) {
    if (JSON.stringify(o.spec?.completions) !== JSON.stringify(old.spec?.completions) && old.spec?.completionMode !== 'Indexed') causes.push(invalid('spec.completions', o.spec?.completions, 'field is immutable'));
    if (JSON.stringify(stripLabels(o.spec?.template)) !== JSON.stringify(stripLabels(old.spec?.template))) {
      causes.push(invalid('spec.template', o.spec?.template ?? null, 'field is immutable'));
    }
  }
  return causes;
}

function stripLabels(t: any): any {
  if (!t) return t;
  const c = structuredClone(t);
  if (c.metadata) { delete c.metadata.labels; delete c.metadata.annotations; }
  return c;
}

export const job = defineResource({
  group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true,
  categories: ['all'], subresources: { status: true },
  columns: [
    column('Status', 'Status of the job.', jobStatus),
    column('Completions', 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.', completions),
    column('Duration', 'Time required to complete the job.', (o, c) => duration(o, c.now)),
    ...templateColumns((o) => o.spec?.template, (o) => formatLabelSelector(o.spec?.selector)),
  ],
  ageAt: 3,
  defaults(obj) {
    obj.spec ??= {};
    defaultJobSpec(obj.spec);
  },
  prepareForCreate: generateSelector,
  validate: validateJob,
  fieldSelectors: { 'status.successful': (o) => String(num(o.status?.succeeded)) },
});

const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];

export const cronJob = defineResource({
  group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true,
  shortNames: ['cj'], categories: ['all'], subresources: { status: true },
  columns: [
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.', (o) => o.spec?.schedule ?? ''),
    column('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process.', (o) => o.spec?.timeZone ?? '<none>'),
    column('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.', (o) => boolPtr(o.spec?.suspend), { type: 'boolean' }),
    column('Active', 'A list of pointers to currently running jobs.', (o) => (o.status?.active ?? []).length, { type: 'integer' }),
    column('Last Schedule', 'Information when was the last time the job was successfully scheduled.', (o, c) => (o.status?.lastScheduleTime ? since(o.status.lastScheduleTime, c.now) : '<none>')),
    ...templateColumns((o) => o.spec?.jobTemplate?.spec?.template, (o) => formatLabelSelector(o.spec?.jobTemplate?.spec?.selector)),
  ],
  ageAt: 5,
  defaults(obj) {
    obj.spec ??= {};
    const s = obj.spec;
    s.concurrencyPolicy ??= 'Allow';
    s.suspend ??= false;
    s.successfulJobsHistoryLimit ??= 3;
    s.failedJobsHistoryLimit ??= 1;
    if (s.jobTemplate?.spec) defaultPodTemplate(s.jobTemplate.spec.template);
  },
  nameCheck: (n) => [...dns1123Subdomain(n), ...(n.length > 52 ? ['must be no more than 52 characters'] : [])],
  validate(o) {
    const causes: StatusCause[] = [];
    const s = o.spec ?? {};
    if (!s.schedule) causes.push(required('spec.schedule'));
    else if (!validSchedule(s.schedule)) causes.push(invalid('spec.schedule', s.schedule, `unparseable: ${scheduleError(s.schedule)}`));
    if (s.concurrencyPolicy && !CONCURRENCY.includes(s.concurrencyPolicy)) causes.push({ reason: 'FieldValueNotSupported', field: 'spec.concurrencyPolicy', message: `Unsupported value: ${JSON.stringify(s.concurrencyPolicy)}: supported values: "Allow", "Forbid", "Replace"` });
    if (!s.jobTemplate?.spec?.template) causes.push(required('spec.jobTemplate.spec.template'));
    else {
      const rp = s.jobTemplate.spec.template.spec?.restartPolicy;
      if (rp === undefined) causes.push(required('spec.jobTemplate.spec.template.spec.restartPolicy', 'valid values: "OnFailure", "Never"'));
      else if (!JOB_RESTART.includes(rp)) causes.push({ reason: 'FieldValueNotSupported', field: 'spec.jobTemplate.spec.template.spec.restartPolicy', message: `Unsupported value: ${JSON.stringify(rp)}: supported values: "OnFailure", "Never"` });
    }
    return causes;
  },
});

const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

function scheduleError(s: string): string {
  const fields = s.trim().split(/\s+/);
  return `expected exactly 5 fields, found ${fields.length}: ${JSON.stringify(s.trim())}`;
}

/** Five cron fields or a macro (robfig/cron's standard parser; TZ= prefix allowed). */
export function validSchedule(schedule: string): boolean {
  let s = schedule.trim();
  if (/^(CRON_)?TZ=\S+\s/.test(s)) s = s.replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (s.startsWith('@')) return MACROS.includes(s) || /^@every\s+\S+$/.test(s);
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return false;
  const field = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?$/;
  return fields.every((f) => f.split(',').every((p) => field.test(p)));
}
