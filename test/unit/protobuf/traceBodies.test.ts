// The three protobuf bodies recorded from real kubectl 1.32 in the request traces
// (create namespace t1, create configmap cm9, create secret generic s1), byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufObject } from '../../../src/cluster/apiserver/protobuf';
import { ApiError } from '../../../src/cluster/api/errors';

const hex = (h: string) => Buffer.from(h, 'hex');

const NAMESPACE_T1 = hex('6b3873000a0f0a02763112094e616d657370616365121a0a120a02743112001a0022002a0032003800420012001a020a001a002200');
const CONFIGMAP_CM9 = hex('6b3873000a0f0a0276311209436f6e6669674d6170121d0a130a03636d3912001a0022002a0032003800420012060a01611201621a002200');
const SECRET_S1 = hex('6b3873000a0c0a0276311206536563726574121e0a120a02733112001a0022002a0032003800420012060a01611201621a001a002200');

test('kubectl create namespace t1', () => {
  assert.deepEqual(decodeProtobufObject(NAMESPACE_T1), {
    apiVersion: 'v1', kind: 'Namespace', metadata: { name: 't1', creationTimestamp: null }, spec: {}, status: {},
  });
});

test('kubectl create configmap cm9 --from-literal=a=b', () => {
  assert.deepEqual(decodeProtobufObject(CONFIGMAP_CM9), {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm9', creationTimestamp: null }, data: { a: 'b' },
  });
});

test('kubectl create secret generic s1 --from-literal=a=b (bytes as base64)', () => {
  assert.deepEqual(decodeProtobufObject(SECRET_S1), {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', creationTimestamp: null }, data: { a: 'Yg==' },
  });
});

test('a body without the k8s magic is a 400', () => {
  assert.throws(() => decodeProtobufObject(Buffer.from('{"kind":"Namespace"}')),
    (e: unknown) => e instanceof ApiError && e.code === 400 && e.reason === 'BadRequest'
      && e.message === 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
});

test('a kind without a protobuf form is a 415 naming the accepted media types', () => {
  // Same envelope as the namespace, with the kind renamed to a CRD-like "Widget" (6 letters → length 0x06).
  const body = Buffer.concat([hex('6b3873000a0c0a0276311206'), Buffer.from('Widget'), NAMESPACE_T1.subarray(4 + 2 + 15)]);
  assert.throws(() => decodeProtobufObject(body), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.code, 415);
    assert.equal(e.reason, 'UnsupportedMediaType');
    assert.equal(e.message, 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
    return true;
  });
  assert.throws(() => decodeProtobufObject(body, { acceptedMediaTypes: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'] }),
    (e: unknown) => e instanceof ApiError && e.message.endsWith('application/yaml, application/vnd.kubernetes.protobuf'));
});

test('truncated raw bytes are a 400, not a crash', () => {
  const cut = Buffer.concat([NAMESPACE_T1.subarray(0, 21), hex('1a')]);
  assert.throws(() => decodeProtobufObject(cut), (e: unknown) => e instanceof ApiError && e.code === 400);
});
