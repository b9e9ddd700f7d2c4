import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch } from '../../../src/cluster/apiserver/patch';

// RFC 7386 appendix A, plus the bodies kubectl label/scale send.
const cases: [unknown, unknown, unknown][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  [{ metadata: { name: 'p1', labels: { app: 'p1' } } }, { metadata: { labels: { x: 'y' } } }, { metadata: { name: 'p1', labels: { app: 'p1', x: 'y' } } }],
  [{ spec: { replicas: 1, selector: { a: 'b' } } }, { spec: { replicas: 4 } }, { spec: { replicas: 4, selector: { a: 'b' } } }],
];

cases.forEach(([doc, patch, want], i) => {
  test(`merge patch case ${i}`, () => {
    const before = structuredClone(doc);
    assert.deepEqual(applyMergePatch(doc, patch), want);
    assert.deepEqual(doc, before);
  });
});
