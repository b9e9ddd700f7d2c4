// Deleting a custom resource with each cascade through real kubectl: Foreground waits for and
// deletes its dependents (it hung on the foregroundDeletion finalizer: the garbage collector
// did not watch custom resources, nor built-in kinds such as ServiceAccount or Ingress),
// Orphan keeps them without the ownerReference, Background collects them after the owner is
// gone, as an operator run against the playground expects.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startControlPlane, type ControlPlane } from './cluster';

let cp: ControlPlane;
before(async () => { cp = await startControlPlane(); });
after(async () => { await cp?.stop(); });

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: apps.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: apps, singular: app, kind: App}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
`;

async function ok(args: string[], input?: string): Promise<string> {
  const r = await cp.kubectl(args, { input, timeoutMs: 30_000 });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** An App and a ConfigMap it owns (blockOwnerDeletion, as controllers set it). */
async function appWithDependent(name: string): Promise<void> {
  await ok(['apply', '-f', '-'], `apiVersion: example.com/v1\nkind: App\nmetadata: {name: ${name}, namespace: default}\n`);
  const uid = await ok(['get', 'app', name, '-o', 'jsonpath={.metadata.uid}']);
  await ok(['apply', '-f', '-'], `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-config\n  namespace: default\n  ownerReferences: [{apiVersion: example.com/v1, kind: App, name: ${name}, uid: ${uid}, controller: true, blockOwnerDeletion: true}]\n`);
}

const exists = async (name: string) => (await cp.kubectl(['get', 'cm', name])).code === 0;

describe('garbage collection with custom resource owners', () => {
  before(async () => {
    await ok(['apply', '-f', '-'], crd);
    await ok(['wait', '--for=condition=Established', 'crd/apps.example.com']);
  });

  it('Foreground deletes the dependents first, then the owner', async () => {
    await appWithDependent('fg');
    await ok(['delete', 'app', 'fg', '--cascade=foreground', '--timeout=20s']);
    assert.equal(await exists('fg-config'), false);
    assert.equal((await cp.kubectl(['get', 'app', 'fg'])).code, 1);
  });

  it('Orphan keeps the dependents without their ownerReference', async () => {
    await appWithDependent('or');
    await ok(['delete', 'app', 'or', '--cascade=orphan', '--timeout=20s']);
    assert.equal(await ok(['get', 'cm', 'or-config', '-o', 'jsonpath={.metadata.ownerReferences}']), '');
  });

  it('Foreground and Orphan complete for every built-in kind too (ServiceAccount, Ingress, Role)', async () => {
    await ok(['create', 'serviceaccount', 'gc-sa']);
    await ok(['create', 'ingress', 'gc-ing', '--rule=a.example.com/=svc:80']);
    await ok(['create', 'role', 'gc-role', '--verb=get', '--resource=pods']);
    await ok(['delete', 'serviceaccount', 'gc-sa', '--cascade=foreground', '--timeout=20s']);
    await ok(['delete', 'ingress', 'gc-ing', '--cascade=orphan', '--timeout=20s']);
    await ok(['delete', 'role', 'gc-role', '--cascade=foreground', '--timeout=20s']);
  });

  it('Background collects the dependents after the owner is gone', async () => {
    await appWithDependent('bg');
    await ok(['delete', 'app', 'bg']);
    await cp.waitFor('bg-config collected', async () => !(await exists('bg-config')));
  });
});
