// Job pod tracking with the batch.kubernetes.io/job-tracking finalizer: counts go through
// status.uncountedTerminatedPods, the finalizer is removed by a patch, then the UIDs become
// counters; counters never go backwards when pods disappear; orphans and pods of finished or
// deleted Jobs are released.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobController } from '../../../src/cluster/controllers/job';
import { synced } from './harness';

const FIN = 'batch.kubernetes.io/job-tracking';
const RM = { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [FIN] } };

const job = (spec: any = {}, status?: any, meta: any = {}) => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { namespace: 'default', name: 'pi', uid: 'job-uid', ...meta },
  spec: { completions: 3, parallelism: 1, backoffLimit: 6, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl' }] } }, ...spec },
  ...(status ? { status } : {}),
});
const pod = (name: string, phase: string, extra: any = {}) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { namespace: 'default', name, uid: `uid-${name}`, finalizers: [FIN], ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true }], ...extra },
  spec: { nodeName: 'n1' }, status: { phase },
});
const statusWrites = (c: any) => c.writes().filter((a: any) => a.resource === 'jobs.batch' && a.subresource === 'status').map((a: any) => a.object.status);
const patches = (c: any) => c.writes().filter((a: any) => a.verb === 'patch' && a.resource === 'pods');
const creates = (c: any) => c.writes().filter((a: any) => a.verb === 'create' && a.resource === 'pods');

test('a succeeded pod is recorded as uncounted, its finalizer patched off, then counted', async () => {
  const h = await synced([['jobs.batch', job({}, { startTime: '2026-01-01T00:00:00Z', succeeded: 1 })], ['pods', pod('a', 'Succeeded')], ['pods', pod('b', 'Running')]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  const w = h.c.writes().map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''}`);
  assert.deepEqual(w, ['update jobs.batch/status', 'patch pods', 'update jobs.batch/status']);
  const [first, second] = statusWrites(h.c);
  assert.deepEqual(first.uncountedTerminatedPods, { succeeded: ['uid-a'] });
  assert.equal(first.succeeded, 1);
  assert.deepEqual(second.uncountedTerminatedPods, {});
  assert.equal(second.succeeded, 2);
  assert.equal(second.active, 1);
  const [p] = patches(h.c);
  assert.equal(p.name, 'a');
  assert.equal((p.opts as any).type, 'strategic');
  assert.deepEqual(p.patch, RM);
  assert.deepEqual(h.c.stored('pods').find((x) => x.metadata.name === 'a')!.metadata.finalizers, undefined);
  h.stop();
});

test('counts come from status, not from the pods left: deleted finished pods are not run again', async () => {
  const h = await synced([['jobs.batch', job({}, { startTime: '2026-01-01T00:00:00Z', succeeded: 2 })]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  assert.equal(creates(h.c).length, 1); // one completion left, not three
  assert.deepEqual(creates(h.c)[0].object.metadata.finalizers, [FIN]);
  h.stop();

  const h2 = await synced([['jobs.batch', job({}, { startTime: '2026-01-01T00:00:00Z', succeeded: 3 })]], (c) => new JobController({ client: c }));
  await h2.ctrl.reconcile('default/pi');
  assert.equal(creates(h2.c).length, 0);
  const st = statusWrites(h2.c).at(-1);
  assert.equal(st.succeeded, 3);
  assert.deepEqual(st.conditions.map((c: any) => c.type), ['SuccessCriteriaMet', 'Complete']);
  h2.stop();
});

test('an uncounted UID whose pod is gone moves into the counter without a patch', async () => {
  const h = await synced([['jobs.batch', job({}, { startTime: '2026-01-01T00:00:00Z', succeeded: 1, uncountedTerminatedPods: { succeeded: ['uid-gone'], failed: ['uid-gone2'] } })]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  assert.equal(patches(h.c).length, 0);
  const st = statusWrites(h.c).at(-1);
  assert.equal(st.succeeded, 2);
  assert.equal(st.failed, 1);
  assert.deepEqual(st.uncountedTerminatedPods, {});
  assert.equal(creates(h.c).length, 1);
  h.stop();
});

test('a running pod deleted by someone else counts as failed (Kubernetes isPodFailed) and is released', async () => {
  const h = await synced([['jobs.batch', job({}, { startTime: '2026-01-01T00:00:00Z' })], ['pods', pod('a', 'Running', { deletionTimestamp: '2026-01-01T00:01:00Z', deletionGracePeriodSeconds: 30 })]], (c) => new JobController({ client: c, backoffBaseMs: 60_000 }));
  await h.ctrl.reconcile('default/pi');
  const [first, second] = statusWrites(h.c);
  assert.deepEqual(first.uncountedTerminatedPods, { failed: ['uid-a'] });
  assert.equal(second.failed, 1);
  assert.equal(second.terminating, 1);
  assert.deepEqual(patches(h.c).map((p: any) => p.name), ['a']);
  h.stop();
});

test('failures stay counted after the Failed pods are deleted: the backoff limit is not reset', async () => {
  const h = await synced([['jobs.batch', job({ backoffLimit: 2 }, { startTime: '2026-01-01T00:00:00Z', failed: 2 })], ['pods', pod('c', 'Failed')]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  assert.equal(creates(h.c).length, 0);
  const st = statusWrites(h.c).at(-1);
  assert.equal(st.failed, 3);
  const failed = st.conditions.find((c: any) => c.type === 'Failed');
  assert.equal(failed.reason, 'BackoffLimitExceeded');
  h.stop();
});

test('a failing Job counts the pods it kills as failed; the Failed condition waits until they are gone', async () => {
  const h = await synced([['jobs.batch', job({ backoffLimit: 0, parallelism: 2 }, { startTime: '2026-01-01T00:00:00Z' })], ['pods', pod('a', 'Failed')], ['pods', pod('b', 'Running')]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  const deletes = h.c.writes().filter((a) => a.verb === 'delete').map((a) => a.name);
  assert.deepEqual(deletes, ['b']);
  const [first, second] = statusWrites(h.c);
  assert.deepEqual([...first.uncountedTerminatedPods.failed].sort(), ['uid-a', 'uid-b']);
  assert.equal(second.failed, 2);
  assert.deepEqual(second.conditions.map((c: any) => c.type), ['FailureTarget']);
  h.stop();
});

test('surplus pods (parallelism lowered) lose the finalizer before the delete and do not count as failed', async () => {
  const h = await synced([['jobs.batch', job({ parallelism: 1 }, { startTime: '2026-01-01T00:00:00Z', active: 2 })], ['pods', pod('a', 'Running')], ['pods', pod('b', 'Running')]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  const w = h.c.writes().filter((a) => a.resource === 'pods').map((a) => `${a.verb} ${a.name}`);
  assert.deepEqual(w, ['patch b', 'delete b']);
  const st = statusWrites(h.c).at(-1);
  assert.equal(st.failed, undefined);
  assert.equal(st.active, 1);
  h.stop();
});

test('pods of a finished Job, of a deleted Job and orphans are released; other controllers\' pods are not', async () => {
  const finished = job({}, { succeeded: 3, conditions: [{ type: 'Complete', status: 'True' }] });
  let h = await synced([['jobs.batch', finished], ['pods', pod('a', 'Succeeded')]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  assert.deepEqual(patches(h.c).map((p: any) => [p.name, p.patch]), [['a', RM]]);
  assert.equal(statusWrites(h.c).length, 0);
  h.stop();

  const rsPod = pod('r', 'Running', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true }] });
  h = await synced([['pods', pod('a', 'Running', { deletionTimestamp: '2026-01-01T00:00:00Z' })], ['pods', pod('b', 'Succeeded', { ownerReferences: [] })], ['pods', rsPod]], (c) => new JobController({ client: c }));
  for (const k of ['pod|default/a', 'pod|default/b', 'pod|default/r']) await h.ctrl.reconcile(k);
  assert.deepEqual(patches(h.c).map((p: any) => p.name), ['a', 'b']);
  h.stop();

  // A pod of a live Job is that Job's to count: the orphan key hands it over.
  h = await synced([['jobs.batch', job({}, { startTime: '2026-01-01T00:00:00Z' })], ['pods', pod('a', 'Running')]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('pod|default/a');
  assert.equal(patches(h.c).length, 0);
  h.stop();
});

test('a Job being deleted releases its pods without counting', async () => {
  const h = await synced([['jobs.batch', job({}, { startTime: '2026-01-01T00:00:00Z' }, { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] })], ['pods', pod('a', 'Running')]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  assert.deepEqual(h.c.writes().map((a) => `${a.verb} ${a.resource} ${a.name}`), ['patch pods a']);
  h.stop();
});

test('a second pass after the events arrive counts nothing twice', async () => {
  const h = await synced([['jobs.batch', job({ completions: 2 }, { startTime: '2026-01-01T00:00:00Z' })], ['pods', pod('a', 'Succeeded')], ['pods', pod('b', 'Succeeded')]], (c) => new JobController({ client: c }));
  await h.ctrl.reconcile('default/pi');
  await h.settle();
  h.c.clearActions();
  await h.ctrl.reconcile('default/pi');
  assert.deepEqual(h.c.writes(), []);
  const st = h.c.stored('jobs.batch')[0].status;
  assert.equal(st.succeeded, 2);
  assert.deepEqual(st.conditions.map((c: any) => c.type), ['SuccessCriteriaMet', 'Complete']);
  h.stop();
});
