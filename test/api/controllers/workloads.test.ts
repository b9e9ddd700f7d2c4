import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mustKubectl, startControlPlane, type ControlPlane } from './cluster';

let cp: ControlPlane;
before(async () => {
  cp = await startControlPlane({ jobBackoffBaseMs: 50 });
  await cp.addNode('worker-1');
  await cp.addNode('worker-2');
  await cp.addNode('control-plane', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
});
after(async () => { await cp?.stop(); });

const { k, json } = mustKubectl(() => cp);
const apply = async (yaml: string) => {
  const r = await cp.kubectl(['apply', '-f', '-'], { input: yaml });
  assert.equal(r.code, 0, r.stderr);
};

test('StatefulSet: ordered names, hostname/subdomain, per-pod claims kept across pod deletion', async () => {
  await apply(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 3
  selector: {matchLabels: {app: sts}}
  template:
    metadata: {labels: {app: sts}}
    spec: {containers: [{name: c, image: nginx, volumeMounts: [{name: data, mountPath: /data}]}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`);
  await cp.waitFor('3 ready', async () => (await json('get', 'sts', 'web')).status?.readyReplicas === 3);
  const pods = (await json('get', 'pods', '-l', 'app=sts')).items;
  assert.deepEqual(pods.map((p: any) => p.metadata.name).sort(), ['web-0', 'web-1', 'web-2']);
  // Ordered: web-0 was created before web-1 before web-2.
  const t = Object.fromEntries(pods.map((p: any) => [p.metadata.name, p.metadata.creationTimestamp + p.metadata.resourceVersion.padStart(12, '0')]));
  assert.ok(Number((await json('get', 'pod', 'web-0')).metadata.resourceVersion) < Number((await json('get', 'pod', 'web-1')).metadata.resourceVersion));
  void t;
  const p1 = await json('get', 'pod', 'web-1');
  assert.equal(p1.spec.hostname, 'web-1');
  assert.equal(p1.spec.subdomain, 'web');
  assert.equal(p1.metadata.labels['statefulset.kubernetes.io/pod-name'], 'web-1');
  assert.equal(p1.spec.volumes.find((v: any) => v.name === 'data').persistentVolumeClaim.claimName, 'data-web-1');
  const pvcs = (await json('get', 'pvc')).items.map((p: any) => p.metadata.name).sort();
  assert.deepEqual(pvcs, ['data-web-0', 'data-web-1', 'data-web-2']);
  const uid = p1.metadata.uid;
  await k('delete', 'pod', 'web-1', '--wait=false');
  await cp.waitFor('web-1 back', async () => {
    const p = await cp.kubectl(['get', 'pod', 'web-1', '-o', 'json']);
    return p.code === 0 && JSON.parse(p.stdout).metadata.uid !== uid && JSON.parse(p.stdout).status.phase === 'Running';
  });
  assert.equal((await json('get', 'pvc', 'data-web-1')).metadata.name, 'data-web-1');
  assert.ok((await json('get', 'controllerrevisions')).items.length >= 1);
  // Rolling update from the highest ordinal; rollout status/history/undo work on ControllerRevisions.
  await k('set', 'image', 'sts/web', 'c=nginx:2');
  assert.match(await k('rollout', 'status', 'sts/web', '--timeout=40s'), /partitioned roll out complete|rolling update complete/);
  assert.ok((await json('get', 'pods', '-l', 'app=sts')).items.every((p: any) => p.spec.containers[0].image === 'nginx:2'));
  assert.match(await k('rollout', 'history', 'sts/web'), /^2\s/m);
  await k('rollout', 'undo', 'sts/web');
  await cp.waitFor('undone', async () => (await json('get', 'pods', '-l', 'app=sts')).items.every((p: any) => p.spec.containers[0].image === 'nginx'), 40_000);
  await k('scale', 'sts', 'web', '--replicas=1');
  await cp.waitFor('scaled down', async () => (await json('get', 'pods', '-l', 'app=sts')).items.length === 1);
  assert.equal((await json('get', 'pods', '-l', 'app=sts')).items[0].metadata.name, 'web-0');
});

test('Job runs to completion; failing Job hits its backoff limit', async () => {
  cp.podOutcome = (p) => (p.metadata.labels?.['job-name'] === 'bad' ? 'Failed' : p.metadata.labels?.['job-name'] ? 'Succeeded' : 'Running');
  await k('create', 'job', 'pi', '--image=perl');
  await k('wait', '--for=condition=complete', 'job/pi', '--timeout=20s');
  const job = await json('get', 'job', 'pi');
  assert.equal(job.status.succeeded, 1);
  assert.deepEqual(job.status.conditions.map((c: any) => c.type), ['SuccessCriteriaMet', 'Complete']);
  const pod = (await json('get', 'pods', '-l', 'job-name=pi')).items[0];
  assert.equal(pod.metadata.labels['batch.kubernetes.io/job-name'], 'pi');
  assert.equal(pod.metadata.labels['controller-uid'], job.metadata.uid);

  await apply(`apiVersion: batch/v1
kind: Job
metadata: {name: bad}
spec:
  backoffLimit: 2
  template:
    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
`);
  await k('wait', '--for=condition=failed', 'job/bad', '--timeout=20s');
  const bad = await json('get', 'job', 'bad');
  assert.equal(bad.status.failed, 3);
  const failed = bad.status.conditions.find((c: any) => c.type === 'Failed');
  assert.equal(failed.reason, 'BackoffLimitExceeded');
  assert.equal(failed.message, 'Job has reached the specified backoff limit');
  cp.podOutcome = () => 'Running';
});

test('CronJob: job from cronjob is reconciled; DaemonSet runs on every eligible node', async () => {
  cp.podOutcome = (p) => (p.metadata.labels?.['job-name'] ? 'Succeeded' : 'Running');
  await k('create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *');
  await k('create', 'job', 'manual', '--from=cronjob/tick');
  await k('wait', '--for=condition=complete', 'job/manual', '--timeout=20s');
  cp.podOutcome = () => 'Running';

  await apply(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: busybox}]}
`);
  await cp.waitFor('2 daemon pods ready', async () => (await json('get', 'ds', 'agent')).status?.numberReady === 2);
  const nodes = (await json('get', 'pods', '-l', 'app=agent')).items.map((p: any) => p.spec.nodeName).sort();
  assert.deepEqual(nodes, ['worker-1', 'worker-2']); // control-plane's NoSchedule taint is not tolerated
  assert.match(await k('rollout', 'status', 'ds/agent', '--timeout=20s'), /successfully rolled out/);
  await k('set', 'image', 'ds/agent', 'c=busybox:2');
  assert.match(await k('rollout', 'status', 'ds/agent', '--timeout=30s'), /successfully rolled out/);
  assert.ok((await json('get', 'pods', '-l', 'app=agent')).items.filter((p: any) => !p.metadata.deletionTimestamp).every((p: any) => p.spec.containers[0].image === 'busybox:2'));
  await cp.addNode('worker-3');
  await cp.waitFor('3 daemon pods', async () => (await json('get', 'ds', 'agent')).status?.numberReady === 3);
});

test('node loss: node turns Unknown, gets tainted, its pods are replaced elsewhere, its daemon pod stays; return removes taints', async () => {
  await k('create', 'deployment', 'heal', '--image=nginx', '--replicas=4');
  await k('rollout', 'status', 'deployment/heal', '--timeout=30s');
  const before = (await json('get', 'pods', '-l', 'app=heal')).items;
  const victimNode = before[0].spec.nodeName;
  cp.stopKubelet(victimNode);
  await cp.waitFor('node Unknown', async () => {
    const n = await json('get', 'node', victimNode);
    return n.status.conditions.find((c: any) => c.type === 'Ready').status === 'Unknown'
      && (n.spec.taints ?? []).some((t: any) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');
  });
  const ready = (await json('get', 'node', victimNode)).status.conditions.find((c: any) => c.type === 'Ready');
  assert.equal(ready.reason, 'NodeStatusUnknown');
  assert.equal(ready.message, 'Kubelet stopped posting node status.');
  await cp.waitFor('pods replaced on other nodes', async () => {
    const items = (await json('get', 'pods', '-l', 'app=heal')).items.filter((p: any) => !p.metadata.deletionTimestamp);
    return items.length === 4 && items.every((p: any) => p.spec.nodeName !== victimNode && p.status.phase === 'Running');
  }, 30_000);
  // The daemon pod stays on the lost node (it tolerates unreachable NoExecute), marked not Ready.
  const daemon = (await json('get', 'pods', '-l', 'app=agent')).items.filter((p: any) => p.spec.nodeName === victimNode);
  assert.equal(daemon.length, 1);
  assert.equal(daemon[0].metadata.deletionTimestamp, undefined);
  assert.equal(daemon[0].status.conditions.find((c: any) => c.type === 'Ready').status, 'False');
});
