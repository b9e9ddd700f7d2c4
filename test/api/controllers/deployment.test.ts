import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mustKubectl, startControlPlane, type ControlPlane } from './cluster';

let cp: ControlPlane;
before(async () => {
  cp = await startControlPlane();
  await cp.addNode('worker-1');
  await cp.addNode('worker-2');
});
after(async () => { await cp?.stop(); });

const { k } = mustKubectl(() => cp);

test('deployment rolls out, scales, self-heals, rolls back through kubectl', async () => {
  await k('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3');
  assert.match(await k('rollout', 'status', 'deployment/web', '--timeout=30s'), /successfully rolled out/);
  const pods = JSON.parse(await k('get', 'pods', '-l', 'app=web', '-o', 'json')).items;
  assert.equal(pods.length, 3);
  assert.ok(pods.every((p: any) => p.spec.nodeName && p.status.phase === 'Running'));
  assert.ok(pods.every((p: any) => /^web-[a-z0-9]+-[a-z0-9]{5}$/.test(p.metadata.name)));

  await k('set', 'image', 'deployment/web', 'nginx=nginx:1.26');
  assert.match(await k('rollout', 'status', 'deployment/web', '--timeout=30s'), /successfully rolled out/);
  const rs = JSON.parse(await k('get', 'rs', '-l', 'app=web', '-o', 'json')).items;
  assert.equal(rs.length, 2);
  const history = await k('rollout', 'history', 'deployment/web');
  assert.match(history, /^1\s/m); assert.match(history, /^2\s/m);

  await k('rollout', 'undo', 'deployment/web');
  assert.match(await k('rollout', 'status', 'deployment/web', '--timeout=30s'), /successfully rolled out/);
  const image = await k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}');
  assert.equal(image, 'nginx:1.25');
  assert.match(await k('rollout', 'history', 'deployment/web'), /^3\s/m);

  await k('scale', 'deployment/web', '--replicas=5');
  await cp.waitFor('5 ready', async () => (await k('get', 'deploy', 'web', '-o', 'jsonpath={.status.readyReplicas}')) === '5');

  const victim = JSON.parse(await k('get', 'pods', '-l', 'app=web', '-o', 'json')).items[0].metadata.name;
  await k('delete', 'pod', victim, '--wait=false');
  await cp.waitFor('replacement', async () => {
    const items = JSON.parse(await k('get', 'pods', '-l', 'app=web', '-o', 'json')).items;
    return items.length === 5 && !items.some((p: any) => p.metadata.name === victim) && items.every((p: any) => p.status.phase === 'Running');
  });
  const describe = await k('describe', 'deployment', 'web');
  assert.match(describe, /ScalingReplicaSet/);
  assert.match(describe, /NewReplicaSetAvailable/);
});

test('service gets a ClusterIP, endpoints and an EndpointSlice; NodePort conflicts are rejected', async () => {
  await k('create', 'deployment', 'api', '--image=nginx', '--replicas=2', '--port=80');
  await k('expose', 'deployment', 'api', '--port=8080', '--target-port=80');
  const svc = JSON.parse(await k('get', 'svc', 'api', '-o', 'json'));
  assert.match(svc.spec.clusterIP, /^10\.(9[6-9]|10[0-9]|11[01])\./);
  await cp.waitFor('endpoints', async () => {
    const ep = JSON.parse(await k('get', 'endpoints', 'api', '-o', 'json'));
    return ep.subsets?.[0]?.addresses?.length === 2 && ep.subsets[0].ports[0].port === 80;
  });
  const slices = JSON.parse(await k('get', 'endpointslices', '-l', 'kubernetes.io/service-name=api', '-o', 'json')).items;
  assert.equal(slices.length, 1);
  assert.equal(slices[0].endpoints.length, 2);
  assert.equal(slices[0].ports[0].name, '');
  assert.ok(slices[0].endpoints.every((e: any) => e.conditions.ready === true));
  await k('describe', 'endpointslices', slices[0].metadata.name);

  await k('create', 'service', 'nodeport', 'np1', '--tcp=80:80', '--node-port=30080');
  const r = await cp.kubectl(['create', 'service', 'nodeport', 'np2', '--tcp=80:80', '--node-port=30080']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /spec\.ports\[0\]\.nodePort: Invalid value: 30080: provided port is already allocated/);

  const kube = JSON.parse(await k('get', 'svc', 'kubernetes', '-o', 'json'));
  assert.equal(kube.spec.clusterIP, '10.96.0.1');
  await cp.waitFor('kubernetes endpoints', async () => (await cp.kubectl(['get', 'endpoints', 'kubernetes'])).code === 0);
  const ep = JSON.parse(await k('get', 'endpoints', 'kubernetes', '-o', 'json'));
  assert.equal(ep.subsets[0].ports[0].port, Number(new URL(cp.server).port));
});

test('unschedulable pod reports the 1.32 FailedScheduling message', async () => {
  await k('run', 'huge', '--image=nginx', '--overrides={"spec":{"containers":[{"name":"huge","image":"nginx","resources":{"requests":{"cpu":"64"}}}]}}');
  await cp.waitFor('FailedScheduling', async () => /FailedScheduling/.test(await k('describe', 'pod', 'huge')));
  const d = await k('describe', 'pod', 'huge');
  assert.match(d, /0\/2 nodes are available: 2 Insufficient cpu\. preemption: 0\/2 nodes are available: 2 No preemption victims found for incoming pod\./);
});

test('namespace deletion removes its objects; cascade deletion removes owned pods', async () => {
  await k('create', 'namespace', 'tmp');
  await k('create', 'deployment', 'x', '--image=nginx', '-n', 'tmp');
  await cp.waitFor('default sa', async () => (await cp.kubectl(['get', 'sa', 'default', '-n', 'tmp'])).code === 0);
  await cp.waitFor('pod running', async () => (await k('get', 'pods', '-n', 'tmp', '-o', 'name')).trim().length > 0);
  await k('delete', 'namespace', 'tmp', '--timeout=30s');
  const r = await cp.kubectl(['get', 'namespace', 'tmp']);
  assert.notEqual(r.code, 0);

  await k('create', 'deployment', 'gone', '--image=nginx', '--replicas=2');
  await cp.waitFor('pods', async () => (await k('get', 'pods', '-l', 'app=gone', '-o', 'name')).trim().split('\n').filter(Boolean).length === 2);
  await k('delete', 'deployment', 'gone');
  await cp.waitFor('rs and pods gone', async () => (await k('get', 'rs,pods', '-l', 'app=gone', '-o', 'name')).trim() === '');
});
