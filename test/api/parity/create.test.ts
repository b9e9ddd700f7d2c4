// kubectl 1.32 parity, creation commands: every `kubectl create <sub>` (protobuf bodies),
// `autoscale` (protobuf autoscaling/v1 HorizontalPodAutoscaler), `create token` (TokenRequest),
// `run` / `run -i --rm` on a simulated node, `expose` of deployments and pods. One cluster.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, type TestCluster } from '../../helpers/cluster';

let c: TestCluster;
before(async () => { c = await startTestCluster({ runtime: 'simulated' }); });
after(async () => { await c?.stop(); });

async function ok(args: string[]): Promise<string> {
  const r = await c.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}
const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));

describe('kubectl create and friends', () => {
  it('autoscale sends a protobuf HorizontalPodAutoscaler that decodes like 1.31 JSON', async () => {
    await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2']);
    assert.match(await ok(['autoscale', 'deployment', 'web', '--cpu-percent=50', '--min=1', '--max=5']),
      /^horizontalpodautoscaler\.autoscaling\/web autoscaled/);
    const hpa = await json(['get', 'horizontalpodautoscalers.v1.autoscaling', 'web']);
    assert.deepEqual(hpa.spec, { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 });
    assert.match(await ok(['get', 'hpa', 'web']), /web\s+Deployment\/web\s+cpu: <unknown>\/50%\s+1\s+5\s/);
    const dry = await c.kubectl(['autoscale', 'deployment', 'web', '--max=3', '--name=web2', '--dry-run=server', '-o', 'json']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(JSON.parse(dry.stdout).spec.maxReplicas, 3);
  });

  it('create token answers a TokenRequest with a service-account JWT', async () => {
    await ok(['create', 'serviceaccount', 'sa1']);
    const token = (await ok(['create', 'token', 'sa1', '--duration=20m', '--audience=api'])).trim();
    const parts = token.split('.');
    assert.equal(parts.length, 3);
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    assert.equal(claims.sub, 'system:serviceaccount:default:sa1');
    assert.deepEqual(claims.aud, ['api']);
    assert.equal(claims.exp - claims.iat, 1200);
    const missing = await c.kubectl(['create', 'token', 'nobody']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /serviceaccounts "nobody" not found/);
  });

  it('every create subcommand succeeds with kubectl\'s own wording', async () => {
    const dir = c.dataDir;
    await writeFile(join(dir, 'f.txt'), 'hello\n');
    await writeFile(join(dir, 'env.txt'), 'a=1\nb=2\n');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt'), '-days', '1', '-subj', '/CN=x'], { stdio: 'pipe' });
    const cases: [string[], RegExp][] = [
      [['job', 'j1', '--image=busybox', '--', 'echo', 'hi'], /^job\.batch\/j1 created/],
      [['cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *'], /^cronjob\.batch\/cj created/],
      [['job', 'j2', '--from=cronjob/cj'], /^job\.batch\/j2 created/],
      [['service', 'clusterip', 'sc', '--tcp=80:8080'], /^service\/sc created/],
      [['service', 'nodeport', 'sn', '--tcp=80:8080'], /^service\/sn created/],
      [['service', 'loadbalancer', 'sl', '--tcp=80:8080'], /^service\/sl created/],
      [['service', 'externalname', 'se', '--external-name=example.com'], /^service\/se created/],
      [['ingress', 'ing', '--rule=foo.com/bar=svc1:8080'], /^ingress\.networking\.k8s\.io\/ing created/],
      [['configmap', 'cm1', `--from-file=${join(dir, 'f.txt')}`, '--from-literal=x=y'], /^configmap\/cm1 created/],
      [['configmap', 'cm2', `--from-env-file=${join(dir, 'env.txt')}`], /^configmap\/cm2 created/],
      [['secret', 'generic', 's1', '--from-literal=p=q'], /^secret\/s1 created/],
      [['secret', 'docker-registry', 'dr', '--docker-server=r.io', '--docker-username=u', '--docker-password=p'], /^secret\/dr created/],
      [['secret', 'tls', 't1', `--cert=${join(dir, 'tls.crt')}`, `--key=${join(dir, 'tls.key')}`], /^secret\/t1 created/],
      [['namespace', 'ns1'], /^namespace\/ns1 created/],
      [['quota', 'q1', '--hard=pods=10,cpu=2'], /^resourcequota\/q1 created/],
      [['priorityclass', 'pc1', '--value=1000'], /^priorityclass\.scheduling\.k8s\.io\/pc1 created/],
      [['role', 'r1', '--verb=get,list', '--resource=pods'], /^role\.rbac\.authorization\.k8s\.io\/r1 created/],
      [['rolebinding', 'rb1', '--role=r1', '--user=bob'], /^rolebinding\.rbac\.authorization\.k8s\.io\/rb1 created/],
      [['clusterrole', 'cr1', '--verb=get', '--resource=nodes'], /^clusterrole\.rbac\.authorization\.k8s\.io\/cr1 created/],
      [['clusterrolebinding', 'crb1', '--clusterrole=cr1', '--user=bob'], /^clusterrolebinding\.rbac\.authorization\.k8s\.io\/crb1 created/],
      [['poddisruptionbudget', 'pdb1', '--selector=app=web', '--min-available=1'], /^poddisruptionbudget\.policy\/pdb1 created/],
    ];
    for (const [args, want] of cases) assert.match(await ok(['create', ...args]), want, args.join(' '));
    const cm = await json(['get', 'cm', 'cm2']);
    assert.deepEqual(cm.data, { a: '1', b: '2' });
    const tls = await json(['get', 'secret', 't1']);
    assert.equal(tls.type, 'kubernetes.io/tls');
    const again = await c.kubectl(['create', 'namespace', 'ns1']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Error from server \(AlreadyExists\): namespaces "ns1" already exists/);
  });

  it('run and expose; run -i --rm on a simulated node ends cleanly and says why there is no output', async () => {
    assert.match(await ok(['run', 'nginx', '--image=nginx', '--labels=app=nginx']), /^pod\/nginx created/);
    assert.match(await ok(['expose', 'deployment', 'web', '--port=80']), /^service\/web exposed/);
    assert.match(await ok(['expose', 'pod', 'nginx', '--port=80', '--type=NodePort']), /^service\/nginx exposed/);
    assert.match(await ok(['expose', 'deployment', 'web', '--name=weblb', '--port=80', '--type=LoadBalancer']), /^service\/weblb exposed/);
    const svc = await ok(['get', 'svc']);
    assert.match(svc, /nginx\s+NodePort\s+[\d.]+\s+<none>\s+80:3\d{4}\/TCP/);
    assert.match(svc, /weblb\s+LoadBalancer\s+[\d.]+\s+\S+\s+80:3\d{4}\/TCP/);
    const r = await c.kubectl(['run', 'tmp', '-i', '--rm', '--image=busybox', '--restart=Never', '--', 'echo', 'hi'], { timeoutMs: 60_000 });
    assert.match(r.stdout + r.stderr, /simulated/);
    assert.match(r.stdout, /pod "tmp" deleted/);
    await c.waitFor(['get', 'pods', '-o', 'name'], (s) => !s.includes('pod/tmp'));
  });
});
