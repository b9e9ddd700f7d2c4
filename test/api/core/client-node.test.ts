// @kubernetes/client-node 1.4 against the API server over HTTPS with the written kubeconfig:
// list, watch, create, merge/json patch, server-side apply, delete.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
let kc: k8s.KubeConfig;
before(async () => {
  pg = await startPlayground();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(pg.kubeconfig);
});
after(async () => { await pg?.stop(); });

describe('@kubernetes/client-node', () => {
  it('lists, watches, creates, patches (merge, json, apply) and deletes', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const ns = await core.listNamespace();
    assert.ok(ns.items.some((n) => n.metadata?.name === 'kube-system'));

    const events: string[] = [];
    const ctl = await new k8s.Watch(kc).watch('/api/v1/namespaces/default/configmaps', {}, (type, obj) => { events.push(`${type} ${obj.metadata.name}`); }, () => {});

    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cn' }, data: { a: '1' } } });
    assert.ok(created.metadata?.uid);
    await core.patchNamespacedConfigMap({ name: 'cn', namespace: 'default', body: { data: { b: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await core.patchNamespacedConfigMap({ name: 'cn', namespace: 'default', body: [{ op: 'add', path: '/data/c', value: '3' }] });
    const got = await core.readNamespacedConfigMap({ name: 'cn', namespace: 'default' });
    assert.deepEqual(got.data, { a: '1', b: '2', c: '3' });

    const objApi = k8s.KubernetesObjectApi.makeApiClient(kc);
    await objApi.patch({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: 'default' }, data: { k: 'v' } } as k8s.KubernetesObject, undefined, undefined, 'me', true, k8s.PatchStrategy.ServerSideApply);
    const ssa = await core.readNamespacedConfigMap({ name: 'ssa', namespace: 'default' });
    assert.equal(ssa.data?.k, 'v');
    assert.equal(ssa.metadata?.managedFields?.[0].manager, 'me');

    const dep = await apps.createNamespacedDeployment({ namespace: 'default', body: {
      metadata: { name: 'd' },
      spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    } });
    assert.equal(dep.metadata?.generation, 1);
    const scale = await apps.readNamespacedDeploymentScale({ name: 'd', namespace: 'default' });
    assert.equal(scale.spec?.replicas, 1);
    await apps.replaceNamespacedDeploymentScale({ name: 'd', namespace: 'default', body: { metadata: { name: 'd', namespace: 'default' }, spec: { replicas: 3 } } });
    assert.equal((await apps.readNamespacedDeployment({ name: 'd', namespace: 'default' })).spec?.replicas, 3);

    await core.deleteNamespacedConfigMap({ name: 'cn', namespace: 'default' });
    await assert.rejects(core.readNamespacedConfigMap({ name: 'cn', namespace: 'default' }), (e: any) => e.code === 404);

    for (let i = 0; i < 50 && events.length < 5; i++) await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    assert.deepEqual(events, ['ADDED cn', 'MODIFIED cn', 'MODIFIED cn', 'ADDED ssa', 'DELETED cn']);
  });
});
