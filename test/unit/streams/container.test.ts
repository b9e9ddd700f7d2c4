// Container choice and log options, with the API server's error wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveContainer } from '../../../src/cluster/apiserver/streams/container';
import { parseLogOptions } from '../../../src/cluster/apiserver/streams/logs';
import { ApiError } from '../../../src/cluster/api/errors';

const pod = (containers: string[], init: string[] = []) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' },
  spec: { containers: containers.map((name) => ({ name })), initContainers: init.map((name) => ({ name })) },
});

const rejects = (fn: () => unknown, message: string) => {
  assert.throws(fn, (e: unknown) => e instanceof ApiError && e.code === 400 && e.reason === 'BadRequest' && e.message === message);
};

test('one container is the default; a named one must exist (init containers count)', () => {
  assert.equal(resolveContainer(pod(['a']), null), 'a');
  assert.equal(resolveContainer(pod(['a', 'b'], ['setup']), 'setup'), 'setup');
  rejects(() => resolveContainer(pod(['a']), 'x'), 'container x is not valid for pod web');
});

test('several containers and none named is a 400 listing them', () => {
  rejects(() => resolveContainer(pod(['a', 'b']), null), 'a container name must be specified for pod web, choose one of: [a b]');
  rejects(() => resolveContainer(pod(['a', 'b'], ['i']), ''), 'a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [i]');
});

test('log options from the query', () => {
  const q = new URLSearchParams('follow=true&previous=1&timestamps=true&tailLines=10&sinceSeconds=30&limitBytes=100');
  assert.deepEqual(parseLogOptions(q), { follow: true, previous: true, timestamps: true, tailLines: 10, sinceSeconds: 30, limitBytes: 100 });
  assert.deepEqual(parseLogOptions(new URLSearchParams('follow=false&sinceTime=2026-01-01T00:00:00Z')), { sinceTime: '2026-01-01T00:00:00Z' });
  assert.throws(() => parseLogOptions(new URLSearchParams('tailLines=-1')), ApiError);
  assert.throws(() => parseLogOptions(new URLSearchParams('sinceSeconds=0')), ApiError);
  assert.throws(() => parseLogOptions(new URLSearchParams('sinceTime=yesterday')), ApiError);
  assert.throws(() => parseLogOptions(new URLSearchParams('sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z')), ApiError);
});
