// A CRD serving two versions, as operators ship them (v1beta1 deprecated, v1 stored), with
// conversion strategy None: an object written in either version is stored as v1 and read back
// in the version asked for; a deprecated version answers with a Warning kubectl prints.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => { pg = await startPlayground(); });
after(async () => { await pg?.stop(); });

async function ok(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const r = await pg.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r;
}

const crd = (warning: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: shapes.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: shapes, singular: shape, kind: Shape}
  versions:
  - name: v1beta1
    served: true
    storage: false
    deprecated: true
${warning}    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;

describe('CRD versions', () => {
  it('stores the storage version, serves each version as asked, warns on the deprecated one', async () => {
    const f = join(pg.dataDir, 'crd.yaml');
    await writeFile(f, crd('    deprecationWarning: "example.com/v1beta1 Shape is going away"\n'));
    await ok(['apply', '-f', f]);
    await ok(['wait', '--for=condition=Established', 'crd/shapes.example.com']);
    const cr = join(pg.dataDir, 'shape.yaml');
    await writeFile(cr, 'apiVersion: example.com/v1beta1\nkind: Shape\nmetadata: {name: s1, namespace: default}\nspec: {sides: 3}\n');
    const applied = await ok(['apply', '-f', cr]);
    assert.match(applied.stderr, /Warning: example\.com\/v1beta1 Shape is going away/);

    const stored = pg.store.get('/registry/shapes.example.com/default/s1')!.value;
    assert.equal(stored.apiVersion, 'example.com/v1');
    assert.equal((await ok(['get', 'shapes.v1.example.com', 's1', '-o', 'jsonpath={.apiVersion}'])).stdout, 'example.com/v1');
    const old = await ok(['get', 'shapes.v1beta1.example.com', 's1', '-o', 'jsonpath={.apiVersion} {.spec.sides}']);
    assert.equal(old.stdout, 'example.com/v1beta1 3');
    assert.match(old.stderr, /Shape is going away/);
    const list = await pg.client.list('shapes.example.com', 'default');
    assert.deepEqual(list.items.map((o) => o.apiVersion), ['example.com/v1']);
  });

  it('without its own deprecationWarning, the default names the version to use', async () => {
    const f = join(pg.dataDir, 'crd.yaml');
    await writeFile(f, crd(''));
    await ok(['apply', '-f', f]);
    const r = await ok(['get', 'shapes.v1beta1.example.com']);
    assert.match(r.stderr, /Warning: example\.com\/v1beta1 Shape is deprecated; use example\.com\/v1 Shape/);
  });
});
