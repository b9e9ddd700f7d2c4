// Empty metadata maps and lists are dropped on write, as Go's `omitempty` does on a real
// server: `kubectl diff` of an unchanged object created without kubectl apply is empty (its
// patch carries `annotations: {}`), and removing the last label leaves no `labels: {}`.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => { pg = await startPlayground(); });
after(async () => { await pg?.stop(); });

const cm = `apiVersion: v1
kind: ConfigMap
metadata: {name: plain, namespace: default}
data: {a: "1"}
`;

describe('omitempty metadata', () => {
  for (const how of [['create', '-f'], ['apply', '--server-side', '-f']]) {
    it(`kubectl diff of an unchanged object made by kubectl ${how.slice(0, -1).join(' ')} is empty`, async () => {
      const f = join(pg.dataDir, 'cm.yaml');
      await writeFile(f, cm);
      await pg.kubectl(['delete', 'cm', 'plain', '--ignore-not-found']);
      const made = await pg.kubectl([...how, f]);
      assert.equal(made.code, 0, made.stderr);
      const d = await pg.kubectl(['diff', '-f', f]);
      assert.equal(d.stdout, '');
      assert.equal(d.code, 0, d.stderr);
      await writeFile(f, cm.replace('"1"', '"2"'));
      const changed = await pg.kubectl(['diff', '-f', f]);
      assert.equal(changed.code, 1, changed.stderr);
      assert.doesNotMatch(changed.stdout, /annotations: \{\}/);
      assert.match(changed.stdout, /^\+  a: "2"$/m);
    });
  }

  it('removing the last label or annotation leaves no empty map', async () => {
    assert.equal((await pg.kubectl(['label', 'cm', 'plain', 'x=y'])).code, 0);
    assert.equal((await pg.kubectl(['annotate', 'cm', 'plain', 'n=m'])).code, 0);
    assert.equal((await pg.kubectl(['label', 'cm', 'plain', 'x-'])).code, 0);
    assert.equal((await pg.kubectl(['annotate', 'cm', 'plain', 'n-'])).code, 0);
    const meta = JSON.parse((await pg.kubectl(['get', 'cm', 'plain', '-o', 'json'])).stdout).metadata;
    assert.equal('labels' in meta, false);
    assert.equal('annotations' in meta, false);
    await pg.client.patch('configmaps', 'default', 'plain', 'merge', { metadata: { finalizers: [], ownerReferences: [] } });
    const raw = await pg.client.get('configmaps', 'default', 'plain');
    assert.equal('finalizers' in raw.metadata, false);
    assert.equal('ownerReferences' in raw.metadata, false);
  });
});
