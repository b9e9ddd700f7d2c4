import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CronJobController } from '../../../src/cluster/controllers/cronjob';
import { JobController } from '../../../src/cluster/controllers/job';
import { synced } from './harness';

const minuteAgo = (n: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 - n * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
const cj = (policy: string, extra: any = {}) => ({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { namespace: 'default', name: 'tick', uid: 'cj-uid', creationTimestamp: minuteAgo(10) },
  spec: { schedule: '* * * * *', concurrencyPolicy: policy, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }, ...extra },
  status: { lastScheduleTime: minuteAgo(2) },
});
const job = (name: string, cond?: string, start = minuteAgo(5)) => ({
  apiVersion: 'batch/v1', kind: 'Job',
  metadata: { namespace: 'default', name, uid: `uid-${name}`, creationTimestamp: start, annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': start },
    ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'cj-uid', controller: true }] },
  spec: {}, status: { startTime: start, ...(cond ? { conditions: [{ type: cond, status: 'True' }], completionTime: start } : {}) },
});

test('creates the job for the most recent missed time, named <cronjob>-<minutes>, and records lastScheduleTime', async () => {
  const { c, ctrl, stop } = await synced([['cronjobs.batch', cj('Allow')]], (c) => new CronJobController({ client: c }));
  await ctrl.reconcile('default/tick');
  const created = c.writes().find((a) => a.verb === 'create' && a.resource === 'jobs.batch')!.object;
  const t = Math.floor(Date.now() / 60_000) * 60_000;
  assert.equal(created.metadata.name, `tick-${t / 60_000}`);
  assert.equal(created.metadata.ownerReferences[0].kind, 'CronJob');
  const st = c.writes().find((a) => a.subresource === 'status')!.object.status;
  assert.equal(st.lastScheduleTime, new Date(t).toISOString().replace(/\.\d+Z$/, 'Z'));
  assert.equal(st.active.length, 1);
  stop();
});

test('a job made by kubectl create job --from is not active: Forbid still starts, UnexpectedJob warns', async () => {
  const manual = job('manual');
  manual.metadata.annotations = { 'cronjob.kubernetes.io/instantiate': 'manual' } as any;
  const { c, ctrl, stop } = await synced([['cronjobs.batch', cj('Forbid')], ['jobs.batch', manual]], (c) => new CronJobController({ client: c }));
  await ctrl.reconcile('default/tick');
  const created = c.writes().filter((a) => a.verb === 'create' && a.resource === 'jobs.batch');
  assert.equal(created.length, 1);
  const st = c.writes().find((a) => a.subresource === 'status')!.object.status;
  assert.deepEqual(st.active.map((r: any) => r.name), [created[0].object.metadata.name]);
  const ev = c.writes().find((a) => a.resource === 'events' && a.object.reason === 'UnexpectedJob');
  assert.equal(ev?.object.message, 'Saw a job that the controller did not create or forgot: manual');
  stop();
});

test('Forbid skips while a job runs; Replace deletes the running one first', async () => {
  let h = await synced([['cronjobs.batch', cj('Forbid')], ['jobs.batch', job('tick-1')]], (c) => new CronJobController({ client: c }));
  await h.ctrl.reconcile('default/tick');
  assert.equal(h.c.writes().filter((a) => a.resource === 'jobs.batch').length, 0);
  h.stop();
  h = await synced([['cronjobs.batch', cj('Replace')], ['jobs.batch', job('tick-1')]], (c) => new CronJobController({ client: c }));
  await h.ctrl.reconcile('default/tick');
  assert.deepEqual(h.c.writes().filter((a) => a.resource === 'jobs.batch').map((a) => a.verb), ['delete', 'create']);
  h.stop();
});

test('history limits delete the oldest finished jobs; suspend creates nothing', async () => {
  const { c, ctrl, stop } = await synced([['cronjobs.batch', cj('Allow', { suspend: true, successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 })],
    ['jobs.batch', job('ok-old', 'Complete', minuteAgo(9))], ['jobs.batch', job('ok-new', 'Complete', minuteAgo(8))],
    ['jobs.batch', job('bad-old', 'Failed', minuteAgo(7))], ['jobs.batch', job('bad-new', 'Failed', minuteAgo(6))]], (c) => new CronJobController({ client: c }));
  await ctrl.reconcile('default/tick');
  const w = c.writes().filter((a) => a.resource === 'jobs.batch');
  assert.deepEqual(w.map((a) => [a.verb, a.name]), [['delete', 'ok-old'], ['delete', 'bad-old']]);
  stop();
});

test('Job: ttlSecondsAfterFinished deletes a finished job', async () => {
  const j = { apiVersion: 'batch/v1', kind: 'Job', metadata: { namespace: 'default', name: 'done', uid: 'j' },
    spec: { ttlSecondsAfterFinished: 0, template: { spec: { containers: [] } } },
    status: { completionTime: minuteAgo(1), conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: minuteAgo(1) }] } };
  const { c, ctrl, stop } = await synced([['jobs.batch', j]], (c) => new JobController({ client: c }));
  await ctrl.reconcile('default/done');
  assert.deepEqual(c.writes().map((a) => [a.verb, a.name, (a.opts as any)?.propagationPolicy]), [['delete', 'done', 'Background']]);
  stop();
});
