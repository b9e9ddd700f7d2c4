// Real kubectl 1.32 `create …` commands POST protobuf; each body must decode to the JSON
// kubectl 1.31 sent for the same command (recorded in fixtures/expected, the Go types'
// own JSON), so field numbers, omitempty and pointer semantics are checked end to end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtobufObject } from '../../../src/cluster/apiserver/protobuf';
import { kubectlPath } from '../../helpers/env';
import { KubectlMock, runKubectl } from './kubectlMock';

const FIXTURES = join(__dirname, 'fixtures');
const CASES: [string, string[], string][] = [
  ['namespace', ['create', 'namespace', 't1'], '/api/v1/namespaces'],
  ['configmap', ['create', 'configmap', 'cm9', '--from-literal=a=b', '--from-literal=c=d'], '/api/v1/namespaces/default/configmaps'],
  ['secret-generic', ['create', 'secret', 'generic', 's1', '--from-literal=a=b', '--type=Opaque'], '/api/v1/namespaces/default/secrets'],
  ['secret-tls', ['create', 'secret', 'tls', 'tls1', '--cert=test-only-tls.crt', '--key=test-only-tls.key'], '/api/v1/namespaces/default/secrets'],
  ['secret-docker-registry', ['create', 'secret', 'docker-registry', 'reg1', '--docker-server=r.example', '--docker-username=u', '--docker-password=p'], '/api/v1/namespaces/default/secrets'],
  ['deployment', ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'], '/apis/apps/v1/namespaces/default/deployments'],
  ['deployment-zero', ['create', 'deployment', 'zero', '--image=nginx', '--image=redis', '--replicas=0'], '/apis/apps/v1/namespaces/default/deployments'],
  ['service-clusterip', ['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080', '--tcp=443:https'], '/api/v1/namespaces/default/services'],
  ['service-headless', ['create', 'service', 'clusterip', 'headless', '--clusterip=None'], '/api/v1/namespaces/default/services'],
  ['service-nodeport', ['create', 'service', 'nodeport', 'np1', '--tcp=80:8080', '--node-port=30080'], '/api/v1/namespaces/default/services'],
  ['service-loadbalancer', ['create', 'service', 'loadbalancer', 'lb1', '--tcp=80:8080'], '/api/v1/namespaces/default/services'],
  ['service-externalname', ['create', 'service', 'externalname', 'ext1', '--external-name=example.com'], '/api/v1/namespaces/default/services'],
  ['job', ['create', 'job', 'j1', '--image=busybox', '--', 'echo', 'hi'], '/apis/batch/v1/namespaces/default/jobs'],
  ['job-from-cronjob', ['create', 'job', 'j2', '--from=cronjob/cj1'], '/apis/batch/v1/namespaces/default/jobs'],
  ['cronjob', ['create', 'cronjob', 'cj2', '--image=busybox', '--schedule=*/5 * * * *', '--restart=OnFailure', '--', 'date'], '/apis/batch/v1/namespaces/default/cronjobs'],
  ['ingress', ['create', 'ingress', 'ing1', '--class=nginx', '--rule=foo.com/bar*=svc1:8080,tls=my-cert', '--rule=bar.com/=svc2:http', '--default-backend=defsvc:80', '--annotation=a=b'], '/apis/networking.k8s.io/v1/namespaces/default/ingresses'],
  ['serviceaccount', ['create', 'serviceaccount', 'sa1'], '/api/v1/namespaces/default/serviceaccounts'],
  ['quota', ['create', 'quota', 'q1', '--hard=cpu=1,memory=1G,pods=2', '--scopes=BestEffort'], '/api/v1/namespaces/default/resourcequotas'],
  ['priorityclass-zero', ['create', 'priorityclass', 'pc0', '--value=0', '--description=zero', '--preemption-policy=Never'], '/apis/scheduling.k8s.io/v1/priorityclasses'],
  ['priorityclass', ['create', 'priorityclass', 'pc1', '--value=1000', '--global-default'], '/apis/scheduling.k8s.io/v1/priorityclasses'],
  ['role', ['create', 'role', 'r1', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=x'], '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles'],
  ['clusterrole', ['create', 'clusterrole', 'cr1', '--verb=get', '--non-resource-url=/logs/*'], '/apis/rbac.authorization.k8s.io/v1/clusterroles'],
  ['rolebinding', ['create', 'rolebinding', 'rb1', '--role=r1', '--user=u1', '--serviceaccount=default:sa1', '--group=g1'], '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings'],
  ['clusterrolebinding', ['create', 'clusterrolebinding', 'crb1', '--clusterrole=cr1', '--user=u1'], '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings'],
  ['poddisruptionbudget', ['create', 'poddisruptionbudget', 'pdb1', '--selector=app=web', '--min-available=50%'], '/apis/policy/v1/namespaces/default/poddisruptionbudgets'],
  ['poddisruptionbudget-max', ['create', 'poddisruptionbudget', 'pdb2', '--selector=app=web', '--max-unavailable=1'], '/apis/policy/v1/namespaces/default/poddisruptionbudgets'],
  ['token', ['create', 'token', 'sa1', '--duration=10m', '--audience=a1', '--bound-object-kind=Pod', '--bound-object-name=p1', '--bound-object-uid=u-1'], '/api/v1/namespaces/default/serviceaccounts/sa1/token'],
];

let mock: KubectlMock;
let server: string;
let home: string;

before(async () => {
  mock = new KubectlMock({
    '/apis/batch/v1/namespaces/default/cronjobs/cj1': JSON.parse(readFileSync(join(FIXTURES, 'cronjob-cj1.json'), 'utf8')),
  });
  server = await mock.start();
  home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
});

after(async () => {
  await mock.stop();
  rmSync(home, { recursive: true, force: true });
});

for (const [name, args, path] of CASES) {
  test(`kubectl ${args.slice(0, 3).join(' ')} (${name}) decodes to Kubernetes' JSON`, async () => {
    const n = mock.posts.length;
    const r = await runKubectl(kubectlPath(), server, args, FIXTURES, home);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(mock.posts.length, n + 1, 'one POST');
    const post = mock.posts[n];
    assert.equal(post.url.split('?')[0], path);
    assert.equal(post.contentType, 'application/vnd.kubernetes.protobuf');
    const want = JSON.parse(readFileSync(join(FIXTURES, 'expected', `${name}.json`), 'utf8'));
    assert.deepEqual(decodeProtobufObject(post.body), want);
  });
}
