// A CRD as operators ship them, applied with real kubectl 1.32 (strict field validation, its
// default): the schema's x-kubernetes-* extensions are accepted and kept, and the custom
// resources follow them (unknown fields preserved, int-or-string, list types, defaults).
// CEL rules (x-kubernetes-validations) are stored and printed but not evaluated here.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPlayground, type Playground } from '../../helpers/playground';

let pg: Playground;
before(async () => { pg = await startPlayground(); });
after(async () => { await pg?.stop(); });

async function ok(args: string[]): Promise<string> {
  const r = await pg.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: self.size < 100
              message: size must be below 100
            properties:
              size: {type: integer, default: 3, minimum: 1, maximum: 100}
              name: {type: string, minLength: 2, maxLength: 8, pattern: '^[a-z]+$'}
              port: {x-kubernetes-int-or-string: true}
              config:
                type: object
                x-kubernetes-preserve-unknown-fields: true
              template:
                type: object
                x-kubernetes-embedded-resource: true
                x-kubernetes-preserve-unknown-fields: true
              selector:
                type: object
                x-kubernetes-map-type: atomic
                additionalProperties: {type: string}
              tags:
                type: array
                x-kubernetes-list-type: set
                items: {type: string}
              routes:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                maxItems: 2
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    weight: {type: integer}
          status:
            type: object
            x-kubernetes-preserve-unknown-fields: true
`;

describe('CRDs with x-kubernetes-* schema extensions', () => {
  it('kubectl apply accepts the CRD and keeps every extension', async () => {
    const f = join(pg.dataDir, 'crd.yaml');
    await writeFile(f, crd);
    assert.match(await ok(['apply', '-f', f]), /customresourcedefinition\.apiextensions\.k8s\.io\/gadgets\.example\.com created/);
    await ok(['wait', '--for=condition=Established', 'crd/gadgets.example.com', '--timeout=10s']);
    const got = JSON.parse(await ok(['get', 'crd', 'gadgets.example.com', '-o', 'json']));
    const spec = got.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    assert.deepEqual(spec['x-kubernetes-validations'], [{ rule: 'self.size < 100', message: 'size must be below 100' }]);
    assert.equal(spec.properties.port['x-kubernetes-int-or-string'], true);
    assert.equal(spec.properties.config['x-kubernetes-preserve-unknown-fields'], true);
    assert.equal(spec.properties.template['x-kubernetes-embedded-resource'], true);
    assert.equal(spec.properties.selector['x-kubernetes-map-type'], 'atomic');
    assert.equal(spec.properties.tags['x-kubernetes-list-type'], 'set');
    assert.deepEqual(spec.properties.routes['x-kubernetes-list-map-keys'], ['name']);
    // Applying the same file again is a no-op, as for any other object.
    assert.match(await ok(['apply', '-f', f]), /unchanged/);
    assert.match(await ok(['apply', '--server-side', '-f', f]), /serverside-applied/);
    assert.match(await ok(['explain', 'customresourcedefinitions.spec.versions.schema.openAPIV3Schema']), /x-kubernetes-preserve-unknown-fields\t<boolean>/);
  });

  it('custom resources follow the extensions', async () => {
    const f = join(pg.dataDir, 'gadget.yaml');
    await writeFile(f, `apiVersion: example.com/v1
kind: Gadget
metadata: {name: g1, namespace: default}
spec:
  port: http
  config: {anything: {nested: [1, 2]}, flag: true}
  template: {apiVersion: v1, kind: ConfigMap, metadata: {name: inner}, data: {a: b}}
  tags: [a, b]
  routes: [{name: r1, weight: 1}]
`);
    assert.match(await ok(['apply', '-f', f]), /gadget\.example\.com\/g1 created/);
    const g = JSON.parse(await ok(['get', 'gd', 'g1', '-o', 'json']));
    assert.equal(g.spec.size, 3);
    assert.equal(g.spec.port, 'http');
    assert.deepEqual(g.spec.config, { anything: { nested: [1, 2] }, flag: true });
    assert.deepEqual(g.spec.template.data, { a: 'b' });
    await ok(['patch', 'gd', 'g1', '--type=merge', '-p', '{"spec":{"port":8080}}']);
    assert.equal(await ok(['get', 'gd', 'g1', '-o', 'jsonpath={.spec.port}']), '8080');
  });

  it('rejects values outside the schema with 422 Invalid and field paths, as Kubernetes words them', async () => {
    const cases: [string, RegExp][] = [
      ['{"spec":{"size":0}}', /spec\.size: Invalid value: 0: spec\.size in body should be greater than or equal to 1/],
      ['{"spec":{"size":101}}', /spec\.size: Invalid value: 101: spec\.size in body should be less than or equal to 100/],
      ['{"spec":{"name":"a"}}', /spec\.name: Invalid value: "a": spec\.name in body should be at least 2 chars long/],
      ['{"spec":{"name":"abcdefghij"}}', /spec\.name: Too long: may not be longer than 8/],
      ['{"spec":{"name":"AB"}}', /spec\.name: Invalid value: "AB": spec\.name in body should match '\^\[a-z\]\+\$'/],
      ['{"spec":{"tags":["a","a"]}}', /spec\.tags\[1\]: Duplicate value: "a"/],
      ['{"spec":{"routes":[{"name":"x"},{"name":"x"}]}}', /spec\.routes\[1\]: Duplicate value: map\[string\]interface \{\}\{"name":"x"\}/],
      ['{"spec":{"routes":[{"name":"x"},{"name":"y"},{"name":"z"}]}}', /spec\.routes: Too many: 3: must have at most 2 items/],
    ];
    for (const [patch, want] of cases) {
      const r = await pg.kubectl(['patch', 'gd', 'g1', '--type=merge', '-p', patch]);
      assert.equal(r.code, 1, `${patch} was accepted`);
      assert.match(r.stderr, /The Gadget "g1" is invalid/);
      assert.match(r.stderr, want);
    }
    // Nothing of the rejected patches was stored.
    const g = JSON.parse(await ok(['get', 'gd', 'g1', '-o', 'json']));
    assert.equal(g.spec.size, 3);
    assert.deepEqual(g.spec.tags, ['a', 'b']);
  });
});
