// Restarts on real Docker: crash loop with back-off and `logs --previous`, a failing liveness
// probe restarting the container, a readiness probe gating Ready, emptyDir data surviving a
// restart, configMap volume files following their ConfigMap, OOMKilled under a memory limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needDocker } from '../../helpers/env';
import { busyboxPod, execText, isReady, podWhere, readAll, startHarness, waitFor, type Harness } from './harness';

let h: Harness;

test('restarts, probes and volumes', async (t) => {
  if (!needDocker(t)) return;
  h = await startHarness();
  const { client: c, pool } = h;
  try {
    await t.test('a crashing container restarts with back-off; --previous shows the last run', async () => {
      await c.create('pods', 'default', busyboxPod('crash', 'echo boom $(date +%s%N); exit 1'));
      const reasons = new Set<string>();
      const p = await podWhere(c, 'crash', (x) => {
        const s = x.status?.containerStatuses?.[0];
        if (s?.state?.waiting) reasons.add(s.state.waiting.reason);
        return s?.restartCount >= 2 && s.state.waiting?.reason === 'CrashLoopBackOff';
      }, 'CrashLoopBackOff with 2 restarts');
      const s = p.status.containerStatuses[0];
      assert.equal(s.lastState.terminated.exitCode, 1);
      assert.equal(s.lastState.terminated.reason, 'Error');
      assert.equal(p.status.phase, 'Running');
      assert.equal(isReady(p), false);
      const backoff = c.stored('events', 'default').find((e) => e.involvedObject.name === 'crash' && e.reason === 'BackOff');
      assert.match(backoff?.message ?? '', /^Back-off restarting failed container main in pod crash_default\(/);
      const prev = await readAll(await pool.streams.logs('default', 'crash', 'main', { previous: true }, new AbortController().signal));
      assert.match(prev, /^boom \d+/);
      const containers = (await pool.runtime.listContainers('playground-worker', p.metadata.uid)).filter((x) => x.name === 'main');
      assert.ok(containers.length <= 2, `keeps only the current and previous instance (${containers.length})`);
    });

    await t.test('a failing liveness probe restarts the container', async () => {
      await c.create('pods', 'default', busyboxPod('live', 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 600', {
        container: { livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 } },
      }));
      const p = await podWhere(c, 'live', (x) => x.status?.containerStatuses?.[0]?.restartCount >= 1, 'restarted by liveness');
      assert.ok(p.status.containerStatuses[0].lastState.terminated);
      const events = await waitFor('events', () => {
        const evs = c.stored('events', 'default').filter((e) => e.involvedObject.name === 'live');
        return evs.some((e) => e.reason === 'Killing') ? evs : undefined;
      });
      const unhealthy = events.find((e) => e.reason === 'Unhealthy')!;
      assert.equal(unhealthy.type, 'Warning');
      assert.match(unhealthy.message, /^Liveness probe failed: cat: can't open '\/tmp\/healthy': No such file or directory/);
      assert.equal(events.find((e) => e.reason === 'Killing')!.message, 'Container main failed liveness probe, will be restarted');
    });

    await t.test('a readiness probe gates Ready', async () => {
      await c.create('pods', 'default', busyboxPod('ready', 'sleep 2; touch /tmp/ready; sleep 600', {
        container: { readinessProbe: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1 } },
      }));
      const notYet = await podWhere(c, 'ready', (x) => x.status?.containerStatuses?.[0]?.state?.running, 'running');
      assert.equal(isReady(notYet), false);
      assert.equal(notYet.status.conditions.find((x: any) => x.type === 'ContainersReady').reason, 'ContainersNotReady');
      const ready = await podWhere(c, 'ready', isReady, 'Ready');
      assert.equal(ready.status.containerStatuses[0].ready, true);
    });

    await t.test('a startup probe holds off started and Ready until it succeeds', async () => {
      await c.create('pods', 'default', busyboxPod('slow', 'sleep 3; touch /tmp/started; sleep 600', {
        container: { startupProbe: { exec: { command: ['test', '-f', '/tmp/started'] }, periodSeconds: 1, failureThreshold: 30 } },
      }));
      const early = await podWhere(c, 'slow', (x) => x.status?.containerStatuses?.[0]?.state?.running, 'running');
      assert.equal(early.status.containerStatuses[0].started, false);
      assert.equal(isReady(early), false);
      const later = await podWhere(c, 'slow', isReady, 'Ready');
      assert.equal(later.status.containerStatuses[0].started, true);
      assert.equal(later.status.containerStatuses[0].restartCount, 0);
    });

    await t.test('emptyDir data survives a restart; configMap files follow the ConfigMap', async () => {
      await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'files' }, data: { 'app.conf': 'v1' } });
      await c.create('pods', 'default', busyboxPod('vol', 'echo run >> /data/runs; sleep 2; exit 1', {
        container: { volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'conf', mountPath: '/etc/app' }] },
        volumes: [{ name: 'data', emptyDir: {} }, { name: 'conf', configMap: { name: 'files', items: [{ key: 'app.conf', path: 'app.conf', mode: 0o600 }] } }],
      }));
      await podWhere(c, 'vol', (x) => x.status?.containerStatuses?.[0]?.restartCount >= 1 && x.status.containerStatuses[0].state.running, 'restarted and running');
      const runs = await execText(pool, 'vol', 'main', ['cat', '/data/runs']);
      assert.ok(runs.out.trim().split('\n').length >= 2, runs.out);
      assert.equal((await execText(pool, 'vol', 'main', ['cat', '/etc/app/app.conf'])).out, 'v1');
      assert.match((await execText(pool, 'vol', 'main', ['ls', '-l', '/etc/app/app.conf'])).out, /^-rw-------/);
      await c.patch('configmaps', 'default', 'files', 'merge', { data: { 'app.conf': 'v2' } });
      await waitFor('configMap file updated', async () => (await execText(pool, 'vol', 'main', ['cat', '/etc/app/app.conf']).catch(() => ({ out: '' }))).out === 'v2');
    });

    await t.test('a container over its memory limit is OOMKilled', async () => {
      await c.create('pods', 'default', busyboxPod('oom', 'tail /dev/zero', {
        restartPolicy: 'Never',
        container: { resources: { limits: { memory: '16Mi', cpu: '500m' }, requests: { memory: '16Mi', cpu: '500m' } } },
      }));
      const p = await podWhere(c, 'oom', (x) => x.status?.phase === 'Failed', 'Failed');
      assert.equal(p.status.containerStatuses[0].state.terminated.reason, 'OOMKilled');
      assert.equal(p.status.qosClass, 'Guaranteed');
    });
  } finally {
    await pool.stop({ keepContainers: false });
  }
});
