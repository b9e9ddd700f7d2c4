// The whole playground on simulated nodes through real kubectl: Job pods are tracked with the
// batch.kubernetes.io/job-tracking finalizer, so deleting a Job's pods never lowers its counts
// or reruns finished work; the API server keeps a pod with finalizers after the kubelet's
// final delete until they are removed; a namespace holding Jobs and `kubectl delete job` still
// finish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster } from '../../helpers/cluster';

const FIN = 'batch.kubernetes.io/job-tracking';

const jobYaml = (name: string, ns: string, exitAfter: number) => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: ${ns}}
spec:
  completions: 3
  parallelism: 1
  template:
    metadata: {annotations: {playground.local/simulate-exit-after-seconds: "${exitAfter}"}}
    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
`;

test('Job counts survive pod deletion; finalizers hold pods until counted; namespace and job deletion finish', { timeout: 240_000 }, async () => {
  const c = await startTestCluster({ runtime: 'simulated', nodes: 1 });
  const k = async (...args: string[]) => {
    const r = await c.kubectl(args, { timeoutMs: 90_000 });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const json = async (...args: string[]) => JSON.parse(await k(...args, '-o', 'json'));
  const jobPods = async (name: string, ns = 'default') => (await json('get', 'pods', '-n', ns, '-l', `job-name=${name}`)).items;
  try {
    // The API server: a pod with a finalizer outlives the kubelet's final delete (grace 0),
    // then goes when the finalizer is removed.
    await k('run', 'held', '--image=nginx', '--overrides={"metadata":{"finalizers":["example.com/hold"]}}');
    await c.waitFor(['get', 'pod', 'held', '-o', 'jsonpath={.status.phase}'], (s) => s === 'Running');
    await k('delete', 'pod', 'held', '--wait=false');
    await c.waitFor(['get', 'pod', 'held', '-o', 'jsonpath={.metadata.deletionGracePeriodSeconds}'], (s) => s === '0');
    assert.deepEqual((await json('get', 'pod', 'held')).metadata.finalizers, ['example.com/hold']);
    await k('patch', 'pod', 'held', '--type=json', '-p=[{"op":"remove","path":"/metadata/finalizers"}]');
    await c.waitFor(['get', 'pods', '-o', 'name'], (s) => !s.includes('pod/held'));

    const applied = await c.kubectl(['apply', '-f', '-'], { input: jobYaml('work', 'default', 3) });
    assert.equal(applied.code, 0, applied.stderr);
    // A running pod carries the finalizer; deleting it (the kubelet stops it, then deletes it)
    // counts as a failure, as in Kubernetes, and a new pod takes over.
    await c.waitFor(['get', 'pods', '-l', 'job-name=work', '-o', 'jsonpath={.items[*].status.phase}'], (s) => s === 'Running');
    const [first] = await jobPods('work');
    assert.deepEqual(first.metadata.finalizers, [FIN]);
    await k('delete', 'pod', first.metadata.name);
    await c.waitFor(['get', 'job', 'work', '-o', 'jsonpath={.status.failed}'], (s) => s === '1');

    // A finished pod is counted and released; deleting it does not lower the count nor rerun it.
    await c.waitFor(['get', 'job', 'work', '-o', 'jsonpath={.status.succeeded}'], (s) => s === '1', 60_000);
    const done = (await jobPods('work')).find((p: any) => p.status.phase === 'Succeeded');
    assert.equal(done.metadata.finalizers, undefined);
    await k('delete', 'pod', done.metadata.name);
    assert.equal((await json('get', 'job', 'work')).status.succeeded, 1);

    await k('wait', '--for=condition=complete', 'job/work', '--timeout=60s');
    const job = await json('get', 'job', 'work');
    assert.equal(job.status.succeeded, 3);
    assert.equal(job.status.failed, 1);
    assert.deepEqual(job.status.uncountedTerminatedPods, {});
    // Delete a finished pod after completion too: still 3/3, and no pod is created again.
    const left = await jobPods('work');
    assert.equal(left.length, 2);
    await k('delete', 'pod', left[0].metadata.name);
    await new Promise((r) => setTimeout(r, 1500));
    assert.match(await k('get', 'job', 'work'), /^work\s+Complete\s+3\/3\s/m);
    assert.match(await k('describe', 'job', 'work'), /Pods Statuses:\s+0 Active \(0 Ready\) \/ 3 Succeeded \/ 1 Failed/);
    const created = (await json('get', 'events', '--field-selector', 'involvedObject.name=work,reason=SuccessfulCreate')).items;
    assert.equal(created.reduce((n: number, e: any) => n + (e.count ?? 1), 0), 4, 'one pod per completion plus the one deleted while running');
    assert.equal((await jobPods('work')).length, 1);

    // kubectl delete job removes its pods (the controller releases them for the garbage collector).
    await k('delete', 'job', 'work');
    await c.waitFor(['get', 'pods', '-l', 'job-name=work', '-o', 'name'], (s) => s.trim() === '');

    // A namespace with a finished Job and a running one is deleted to the end.
    await k('create', 'namespace', 'batch');
    for (const [name, exitAfter] of [['quick', 1], ['slow', 600]] as const) {
      const r = await c.kubectl(['apply', '-f', '-'], { input: jobYaml(name, 'batch', exitAfter).replace('completions: 3', 'completions: 1') });
      assert.equal(r.code, 0, r.stderr);
    }
    await k('wait', '-n', 'batch', '--for=condition=complete', 'job/quick', '--timeout=60s');
    await c.waitFor(['get', 'pods', '-n', 'batch', '-l', 'job-name=slow', '-o', 'jsonpath={.items[*].status.phase}'], (s) => s === 'Running');
    await k('delete', 'namespace', 'batch', '--timeout=60s');
    const gone = await c.kubectl(['get', 'namespace', 'batch']);
    assert.notEqual(gone.code, 0);
  } finally {
    await c.stop();
  }
});
