// Object lifecycle through the in-process client (the same core as HTTPS): pods (binding,
// graceful deletion, eviction), finalizers and propagation policies, namespace termination
// and /finalize, status and scale subresources, dry run, generateName, list paging,
// watch semantics, and CRDs (registered, discovered by kubectl, validated, printed).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../../src/cluster/api/errors';
import type { KubeObject, WatchEvent } from '../../../src/cluster/api/types';
import { watchTiming } from '../../../src/cluster/apiserver/reads';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => { pg = await startPlayground(); });
after(async () => { await pg?.stop(); });

const pod = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }], ...extra } });

describe('lifecycle', () => {
  it('binds a pod once, deletes it gracefully until the kubelet confirms', async () => {
    const c = pg.client;
    const p = await c.create('pods', 'default', pod('p1'));
    assert.equal(p.status?.phase, 'Pending');
    await c.createSubresource('pods', 'default', 'p1', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p1' }, target: { kind: 'Node', name: 'n1' } } as KubeObject);
    assert.equal((await c.get('pods', 'default', 'p1')).spec.nodeName, 'n1');
    await assert.rejects(c.createSubresource('pods', 'default', 'p1', 'binding', { metadata: { name: 'p1' }, target: { name: 'n2' } } as KubeObject), /already assigned/);
    const del = await c.delete('pods', 'default', 'p1', { gracePeriodSeconds: 30 });
    assert.ok(del.metadata.deletionTimestamp);
    assert.equal(del.metadata.deletionGracePeriodSeconds, 30);
    assert.ok(await c.get('pods', 'default', 'p1'));
    await c.delete('pods', 'default', 'p1', { gracePeriodSeconds: 0 });
    await assert.rejects(c.get('pods', 'default', 'p1'), /not found/);
    // Unbound pods go at once; eviction deletes.
    await c.create('pods', 'default', pod('p2'));
    await c.delete('pods', 'default', 'p2');
    await assert.rejects(c.get('pods', 'default', 'p2'), /not found/);
    await c.create('pods', 'default', pod('p3'));
    await c.createSubresource('pods', 'default', 'p3', 'eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p3' } } as KubeObject);
    await assert.rejects(c.get('pods', 'default', 'p3'), /not found/);
  });

  it('keeps objects with finalizers until they are removed; Foreground adds foregroundDeletion', async () => {
    const c = pg.client;
    await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f', finalizers: ['example.com/hold'] } });
    const d = await c.delete('configmaps', 'default', 'f', { propagationPolicy: 'Foreground' });
    assert.ok(d.metadata.deletionTimestamp);
    assert.deepEqual(d.metadata.finalizers, ['example.com/hold', 'foregroundDeletion']);
    await c.patch('configmaps', 'default', 'f', 'json', [{ op: 'replace', path: '/metadata/finalizers', value: ['foregroundDeletion'] }]);
    assert.ok(await c.get('configmaps', 'default', 'f'));
    await c.patch('configmaps', 'default', 'f', 'merge', { metadata: { finalizers: null } });
    await assert.rejects(c.get('configmaps', 'default', 'f'), /not found/);
  });

  it('terminates a namespace, refuses new content, and finalizes it', async () => {
    const c = pg.client;
    await c.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tmp' } });
    const ns = await c.get('namespaces', undefined, 'tmp');
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
    await c.create('configmaps', 'tmp', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    const d = await c.delete('namespaces', undefined, 'tmp');
    assert.equal(d.status.phase, 'Terminating');
    await assert.rejects(c.create('configmaps', 'tmp', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }), /unable to create new content in namespace tmp because it is being terminated/);
    await c.delete('configmaps', 'tmp', 'a');
    await c.update('namespaces', undefined, { ...d, spec: { finalizers: [] } }, { subresource: 'finalize' as never }).catch(async () => {
      // ApiClient.update knows status|scale only; finalize goes through the core directly.
      const r = await pg.api.handle({ method: 'PUT', path: '/api/v1/namespaces/tmp/finalize', query: new URLSearchParams(), object: { ...d, spec: { finalizers: [] } } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    });
    await assert.rejects(c.get('namespaces', undefined, 'tmp'), /not found/);
  });

  it('status and scale subresources change only their part; generation follows spec', async () => {
    const c = pg.client;
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } }, status: { replicas: 9 } };
    const created = await c.create('deployments.apps', 'default', dep);
    assert.equal(created.status, undefined);
    assert.equal(created.metadata.generation, 1);
    const st = await c.update('deployments.apps', 'default', { ...created, spec: { ...created.spec, replicas: 5 }, status: { replicas: 2 } }, { subresource: 'status' });
    assert.equal(st.spec.replicas, 1);
    assert.equal(st.status.replicas, 2);
    assert.equal(st.metadata.generation, 1);
    const up = await c.update('deployments.apps', 'default', { ...st, spec: { ...st.spec, replicas: 4 }, status: { replicas: 0 } });
    assert.equal(up.status.replicas, 2);
    assert.equal(up.metadata.generation, 2);
    const scale = await c.patch('deployments.apps', 'default', 'web', 'merge', { spec: { replicas: 6 } }, { subresource: 'scale' });
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.spec.replicas, 6);
    assert.equal(scale.status.selector, 'a=b');
    assert.equal((await c.get('deployments.apps', 'default', 'web')).metadata.generation, 3);
  });

  it('dry run stores nothing; generateName makes a name', async () => {
    const c = pg.client;
    const dry = await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' } }, { dryRun: true });
    assert.equal(dry.metadata.name, 'dry');
    await assert.rejects(c.get('configmaps', 'default', 'dry'), /not found/);
    const g = await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
    assert.match(g.metadata.name!, /^gen-[a-z0-9]{5}$/);
  });

  it('pages lists with limit/continue and filters by selectors', async () => {
    const c = pg.client;
    for (let i = 0; i < 7; i++) await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `page-${i}`, labels: { page: 'yes', n: String(i % 2) } } });
    const seen: string[] = [];
    let cont: string | undefined;
    for (let round = 0; round < 10; round++) {
      const l = await c.list('configmaps', 'default', { labelSelector: 'page=yes', limit: 3, continue: cont });
      seen.push(...l.items.map((i) => i.metadata.name!));
      cont = l.metadata.continue;
      if (!cont) break;
    }
    assert.deepEqual(seen, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
    const odd = await c.list('configmaps', 'default', { labelSelector: 'page,n notin (0)' });
    assert.equal(odd.items.length, 3);
    const byName = await c.list('configmaps', undefined, { fieldSelector: 'metadata.name=page-3,metadata.namespace==default' });
    assert.deepEqual(byName.items.map((i) => i.metadata.name), ['page-3']);
    const notName = await c.list('configmaps', 'default', { labelSelector: 'page=yes', fieldSelector: 'metadata.name!=page-3' });
    assert.equal(notName.items.length, 6);
  });

  it('watches: synthetic ADDED, selector transitions, timeout', async () => {
    const c = pg.client;
    const events: WatchEvent[] = [];
    let closed = false;
    const h = c.watch('configmaps', 'default', { labelSelector: 'w=1', timeoutSeconds: 1 }, (e) => events.push(e), () => { closed = true; });
    await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w', labels: { w: '1' } } });
    await c.patch('configmaps', 'default', 'w', 'merge', { metadata: { labels: { w: '2' } } });
    await c.patch('configmaps', 'default', 'w', 'merge', { metadata: { labels: { w: '1' } } });
    for (let i = 0; i < 100 && !closed; i++) await new Promise((r) => setTimeout(r, 20));
    h.stop();
    assert.ok(closed, 'timeoutSeconds ends the watch');
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'DELETED', 'ADDED']);
    const again: WatchEvent[] = [];
    const h2 = c.watch('configmaps', 'default', { labelSelector: 'w=1', resourceVersion: '0' }, (e) => again.push(e), () => {});
    for (let i = 0; i < 50 && !again.length; i++) await new Promise((r) => setTimeout(r, 10));
    h2.stop();
    assert.deepEqual(again.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED w']);
  });

  it('serves a CRD: Established, discovered by kubectl, validated, printed', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
        versions: [{
          name: 'v1', served: true, storage: true, subresources: { status: {} },
          additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } }, status: { type: 'object', x_preserve: undefined, 'x-kubernetes-preserve-unknown-fields': true } } } },
        }],
      },
    };
    await pg.client.create('customresourcedefinitions.apiextensions.k8s.io', undefined, crd as never);
    const got = await pg.client.get('customresourcedefinitions.apiextensions.k8s.io', undefined, 'widgets.example.com');
    assert.ok(got.status.conditions.some((x: any) => x.type === 'Established' && x.status === 'True'));
    const f = join(pg.dataDir, 'w.yaml');
    await writeFile(f, 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n');
    const ap = await pg.kubectl(['apply', '-f', f]);
    assert.equal(ap.code, 0, ap.stderr);
    const table = await pg.kubectl(['get', 'wd']);
    assert.match(table.stdout, /^NAME\s+SIZE$/m);
    assert.match(table.stdout, /^w1\s+3$/m);
    await writeFile(f, 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w2\nspec:\n  size: big\n');
    const bad = await pg.kubectl(['apply', '-f', f]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /The Widget "w2" is invalid: spec\.size: Invalid value: "string": spec\.size in body must be of type integer/);
    await pg.client.delete('customresourcedefinitions.apiextensions.k8s.io', undefined, 'widgets.example.com');
    const gone = await pg.kubectl(['get', 'widgets.example.com']);
    assert.equal(gone.code, 1);
  });

  it('runs admission plug-ins after defaulting, before validation, and reports the outcome', async () => {
    const seen: string[] = [];
    pg.api.addAdmission({
      name: 'test', resources: ['configmaps'],
      admit(ctx) {
        seen.push(`${ctx.operation} ${ctx.name} dry=${ctx.dryRun}`);
        if (ctx.object?.metadata.labels?.deny) throw new ApiError(403, 'Forbidden', 'denied by test');
        if (ctx.operation === 'CREATE') ctx.object!.metadata.annotations = { ...(ctx.object!.metadata.annotations ?? {}), admitted: 'yes' };
      },
      afterWrite(ctx, ok) { seen.push(`after ${ctx.operation} ${ctx.name} ${ok}`); },
    });
    const c = pg.client;
    const cm = await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'adm' } });
    assert.equal(cm.metadata.annotations?.admitted, 'yes');
    await assert.rejects(c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'adm2', labels: { deny: 'y' } } }), /denied by test/);
    await assert.rejects(c.get('configmaps', 'default', 'adm2'), /not found/);
    await assert.rejects(c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad!' } }), /is invalid/);
    await c.delete('configmaps', 'default', 'adm');
    assert.deepEqual(seen, ['CREATE adm dry=false', 'after CREATE adm true', 'CREATE adm2 dry=false', 'after CREATE adm2 false', 'CREATE Bad! dry=false', 'after CREATE Bad! false', 'DELETE adm dry=false', 'after DELETE adm true']);
  });

  it('lists at an exact older revision', async () => {
    const c = pg.client;
    await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'exact', labels: { exact: 'y' } }, data: { v: '1' } });
    const before = await c.list('configmaps', 'default', { labelSelector: 'exact=y' });
    await c.patch('configmaps', 'default', 'exact', 'merge', { data: { v: '2' } });
    const old = await c.list('configmaps', 'default', { labelSelector: 'exact=y', resourceVersion: before.metadata.resourceVersion, resourceVersionMatch: 'Exact' });
    assert.equal(old.items[0].data.v, '1');
    assert.equal(old.metadata.resourceVersion, before.metadata.resourceVersion);
    const now = await c.list('configmaps', 'default', { labelSelector: 'exact=y', resourceVersion: '0' });
    assert.equal(now.items[0].data.v, '2');
  });

  it('sends bookmarks when allowed, at the latest revision', async () => {
    watchTiming.bookmarkMs = 100;
    const events: WatchEvent[] = [];
    const h = pg.client.watch('configmaps', 'default', { allowWatchBookmarks: true, resourceVersion: String(pg.store.revision) }, (e) => events.push(e), () => {});
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'BOOKMARK'); i++) await new Promise((r) => setTimeout(r, 20));
    h.stop();
    watchTiming.bookmarkMs = 10_000;
    const b = events.find((e) => e.type === 'BOOKMARK');
    assert.ok(b, 'a bookmark arrives');
    assert.equal(b.object.kind, 'ConfigMap');
    assert.equal(b.object.metadata.resourceVersion, String(pg.store.revision));
  });

  it('deletes a collection by label selector', async () => {
    for (const n of ['dc1', 'dc2', 'dc3']) await pg.client.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, labels: { dc: n === 'dc3' ? 'keep' : 'go' } } });
    const r = await pg.api.handle({ method: 'DELETE', path: '/api/v1/namespaces/default/configmaps', query: new URLSearchParams('labelSelector=dc%3Dgo'), object: { propagationPolicy: 'Background' } });
    assert.equal(r.status, 200);
    assert.deepEqual((r.body as any).items.map((i: any) => i.metadata.name), ['dc1', 'dc2']);
    const left = await pg.client.list('configmaps', 'default', { labelSelector: 'dc' });
    assert.deepEqual(left.items.map((i) => i.metadata.name), ['dc3']);
  });
});
