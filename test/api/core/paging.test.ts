// limit/continue as kubectl --chunk-size and client-node page through a list: every item once,
// remainingItemCount counting down when no selector filters (as Kubernetes reports it), pages
// across the store's own 500-item pages, and one resourceVersion for the whole walk.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => {
  pg = await startPlayground();
  await pg.client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paged' } });
  for (let i = 0; i < 520; i++) {
    await pg.client.create('configmaps', 'paged', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(3, '0')}`, labels: { odd: String(i % 2) } } });
  }
});
after(async () => { await pg?.stop(); });

describe('paging', () => {
  it('counts what remains and walks every item once at one resourceVersion', async () => {
    const first = await pg.client.list('configmaps', 'paged', { limit: 200 });
    assert.equal(first.items.length, 200);
    assert.equal(first.metadata.remainingItemCount, 320);
    const names = first.items.map((o) => o.metadata.name);
    let cont = first.metadata.continue;
    await pg.client.create('configmaps', 'paged', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'zz-late' } });
    const remaining: (number | undefined)[] = [];
    while (cont) {
      const page = await pg.client.list('configmaps', 'paged', { limit: 200, continue: cont });
      assert.equal(page.metadata.resourceVersion, first.metadata.resourceVersion);
      remaining.push(page.metadata.remainingItemCount);
      names.push(...page.items.map((o) => o.metadata.name));
      cont = page.metadata.continue;
    }
    assert.deepEqual(remaining, [120, undefined]);
    assert.equal(names.length, 520);
    assert.equal(new Set(names).size, 520);
    const filtered = await pg.client.list('configmaps', 'paged', { limit: 10, labelSelector: 'odd=1' });
    assert.equal(filtered.items.length, 10);
    assert.equal(filtered.metadata.remainingItemCount, undefined);
    assert.ok(filtered.metadata.continue);
  });

  it('kubectl get --chunk-size prints every item once', async () => {
    const r = await pg.kubectl(['get', 'cm', '-n', 'paged', '--chunk-size=7', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 521);
    assert.equal(new Set(lines).size, 521);
  });
});
