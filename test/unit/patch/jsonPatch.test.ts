import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch } from '../../../src/cluster/apiserver/patch';
import { ApiError } from '../../../src/cluster/api/errors';

const doc = () => ({
  metadata: { name: 'web', annotations: { 'a/b': '1', 'x~y': '2' } },
  spec: { replicas: 2, list: [1, 2, 3], nil: null },
});

const ok: [string, unknown[], (d: any) => void][] = [
  ['add member', [{ op: 'add', path: '/spec/paused', value: true }], (d) => assert.equal(d.spec.paused, true)],
  ['add replaces existing member', [{ op: 'add', path: '/spec/replicas', value: 5 }], (d) => assert.equal(d.spec.replicas, 5)],
  ['add with - appends', [{ op: 'add', path: '/spec/list/-', value: 4 }], (d) => assert.deepEqual(d.spec.list, [1, 2, 3, 4])],
  ['add inserts at index', [{ op: 'add', path: '/spec/list/1', value: 9 }], (d) => assert.deepEqual(d.spec.list, [1, 9, 2, 3])],
  ['add at index == length', [{ op: 'add', path: '/spec/list/3', value: 9 }], (d) => assert.deepEqual(d.spec.list, [1, 2, 3, 9])],
  ['remove member', [{ op: 'remove', path: '/spec/replicas' }], (d) => assert.ok(!('replicas' in d.spec))],
  ['remove index', [{ op: 'remove', path: '/spec/list/0' }], (d) => assert.deepEqual(d.spec.list, [2, 3])],
  ['~1 escape', [{ op: 'replace', path: '/metadata/annotations/a~1b', value: 'z' }], (d) => assert.equal(d.metadata.annotations['a/b'], 'z')],
  ['~0 escape', [{ op: 'remove', path: '/metadata/annotations/x~0y' }], (d) => assert.deepEqual(Object.keys(d.metadata.annotations), ['a/b'])],
  ['replace of a missing key adds it (json-patch v4 quirk)', [{ op: 'replace', path: '/spec/paused', value: false }], (d) => assert.equal(d.spec.paused, false)],
  ['move', [{ op: 'move', from: '/spec/replicas', path: '/spec/count' }], (d) => { assert.equal(d.spec.count, 2); assert.ok(!('replicas' in d.spec)); }],
  ['copy is deep', [{ op: 'copy', from: '/spec/list', path: '/spec/copy' }, { op: 'add', path: '/spec/copy/-', value: 7 }], (d) => { assert.deepEqual(d.spec.list, [1, 2, 3]); assert.deepEqual(d.spec.copy, [1, 2, 3, 7]); }],
  ['test passes then replace', [{ op: 'test', path: '/spec/replicas', value: 2 }, { op: 'replace', path: '/spec/replicas', value: 3 }], (d) => assert.equal(d.spec.replicas, 3)],
  ['test of a missing member against null passes', [{ op: 'test', path: '/spec/absent', value: null }], () => undefined],
  ['add without a value adds null (json-patch v4)', [{ op: 'add', path: '/spec/x' }], (d) => assert.equal(d.spec.x, null)],
  ['replace whole document', [{ op: 'replace', path: '', value: { a: 1 } }], (d) => assert.deepEqual(d, { a: 1 })],
  ['rollout undo shape', [{ op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'web' } } } }, { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '2' } }],
    (d) => { assert.deepEqual(d.spec.template, { metadata: { labels: { app: 'web' } } }); assert.deepEqual(d.metadata.annotations, { 'deployment.kubernetes.io/revision': '2' }); }],
];

for (const [name, ops, check] of ok) {
  test(`json patch: ${name}`, () => {
    const input = doc();
    const before = structuredClone(input);
    check(applyJsonPatch(input, ops));
    assert.deepEqual(input, before, 'input must not be mutated');
  });
}

const failing: [string, unknown[], string][] = [
  ['test failure', [{ op: 'test', path: '/spec/replicas', value: 3 }], 'testing value /spec/replicas failed: test failed'],
  ['test of missing parent', [{ op: 'test', path: '/nope/x', value: 1 }], 'test operation does not apply: is missing path: /nope/x: missing value'],
  ['add below a missing parent', [{ op: 'add', path: '/nope/x', value: 1 }], 'add operation does not apply: doc is missing path: "/nope/x": missing value'],
  ['add below null', [{ op: 'add', path: '/spec/nil/x', value: 1 }], 'add operation does not apply: doc is missing path: "/spec/nil/x": missing value'],
  ['remove of a missing key', [{ op: 'remove', path: '/spec/nope' }], "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value"],
  ['remove below a missing parent', [{ op: 'remove', path: '/a/b' }], 'remove operation does not apply: doc is missing path: "/a/b": missing value'],
  ['replace below a missing parent', [{ op: 'replace', path: '/a/b', value: 1 }], 'replace operation does not apply: doc is missing path: /a/b: missing value'],
  ['replace out of range', [{ op: 'replace', path: '/spec/list/7', value: 1 }], 'replace operation does not apply: doc is missing key: /spec/list/7: missing value'],
  ['add out of range', [{ op: 'add', path: '/spec/list/9', value: 1 }], "error in add for path: '/spec/list/9': Unable to access invalid index: 9: invalid index referenced"],
  ['move from missing', [{ op: 'move', from: '/x/y', path: '/z' }], 'move operation does not apply: doc is missing from path: /x/y: missing value'],
  ['copy to missing', [{ op: 'copy', from: '/spec/replicas', path: '/x/y' }], 'copy operation does not apply: doc is missing destination path: /x/y: missing value'],
  ['unknown op', [{ op: 'frob', path: '/a' }], 'Unexpected kind: frob'],
];

for (const [name, ops, cause] of failing) {
  test(`json patch fails like Kubernetes: ${name}`, () => {
    assert.throws(() => applyJsonPatch(doc(), ops), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 422);
      assert.equal(e.reason, 'Invalid');
      assert.equal(e.message, 'the server rejected our request due to an error in our request');
      assert.deepEqual(e.toStatus().details, {});
      assert.equal(e.cause, cause);
      return true;
    });
  });
}

test('json patch: a body that is not a list is a 400', () => {
  assert.throws(() => applyJsonPatch(doc(), { op: 'add' }), (e: unknown) => e instanceof ApiError && e.code === 400);
});
