// core/v1 and events.k8s.io/v1 Events are one set of objects, as on a real server: an event
// recorded through either API is listed, watched, printed and deleted through the other, in
// that API's shape (involvedObject ↔ regarding, message ↔ note, …).
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

describe('Events in both APIs', () => {
  it('a core event shows through events.k8s.io/v1 and the other way round', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const ev1 = kc.makeApiClient(k8s.EventsV1Api);
    const seen: string[] = [];
    const ctl = await new k8s.Watch(kc).watch('/apis/events.k8s.io/v1/namespaces/default/events', {}, (type, obj) => { seen.push(`${type} ${obj.metadata.name} ${obj.note}`); }, () => {});

    await core.createNamespacedEvent({ namespace: 'default', body: {
      metadata: { name: 'from-core' }, involvedObject: { kind: 'Pod', name: 'p1', namespace: 'default' },
      reason: 'Tested', message: 'recorded through v1', type: 'Normal', source: { component: 'test' },
      firstTimestamp: new Date('2026-01-01T00:00:00Z'), lastTimestamp: new Date('2026-01-01T00:00:00Z'), count: 2,
    } });
    const asV1 = await ev1.readNamespacedEvent({ name: 'from-core', namespace: 'default' });
    assert.equal(asV1.regarding?.name, 'p1');
    assert.equal(asV1.note, 'recorded through v1');
    assert.equal(asV1.deprecatedCount, 2);
    assert.equal(asV1.deprecatedSource?.component, 'test');
    assert.equal((asV1 as any).involvedObject, undefined);

    await ev1.createNamespacedEvent({ namespace: 'default', body: {
      metadata: { name: 'from-events' }, regarding: { kind: 'Pod', name: 'p2', namespace: 'default' },
      reason: 'Tested', note: 'recorded through events.k8s.io', type: 'Warning', action: 'Testing',
      eventTime: new Date('2026-01-01T00:00:00.000000Z') as never, reportingController: 'test', reportingInstance: 'test-1',
    } });
    const asCore = await core.readNamespacedEvent({ name: 'from-events', namespace: 'default' });
    assert.equal(asCore.involvedObject.name, 'p2');
    assert.equal(asCore.message, 'recorded through events.k8s.io');
    assert.equal(asCore.reportingComponent, 'test');
    assert.equal((asCore as any).note, undefined);

    const list = await ev1.listNamespacedEvent({ namespace: 'default', fieldSelector: 'regarding.name=p1' });
    assert.deepEqual(list.items.map((e) => e.metadata?.name), ['from-core']);

    const table = await pg.kubectl(['get', 'events.events.k8s.io', '--sort-by=.metadata.name']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
    assert.match(table.stdout, /Normal\s+Tested\s+pod\/p1\s+recorded through v1/);
    assert.match(table.stdout, /Warning\s+Tested\s+pod\/p2\s+recorded through events\.k8s\.io/);

    await ev1.deleteNamespacedEvent({ name: 'from-core', namespace: 'default' });
    await assert.rejects(core.readNamespacedEvent({ name: 'from-core', namespace: 'default' }), (e: any) => e.code === 404);

    for (let i = 0; i < 50 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    assert.deepEqual(seen, ['ADDED from-core recorded through v1', 'ADDED from-events recorded through events.k8s.io', 'DELETED from-core recorded through v1']);
  });
});
