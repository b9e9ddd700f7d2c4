import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch } from '../../../src/cluster/apiserver/patch';
import { ApiError } from '../../../src/cluster/api/errors';
import { deploymentSchema } from './schemas';

const podSpec = (spec: object) => ({ spec: { template: { spec } } });

// Cases from Kubernetes' documentation (kubectl patch task page, strategic-merge-patch.md)
// on the Deployment subset in schemas.ts: [name, live, patch, want].
const cases: [string, unknown, unknown, unknown][] = [
  ['containers merge by name; a new item comes first (docs: patch-file-containers)',
    podSpec({ containers: [{ name: 'patch-demo-ctr', image: 'nginx' }] }),
    podSpec({ containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] }),
    podSpec({ containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }, { name: 'patch-demo-ctr', image: 'nginx' }] })],
  ['matching container is merged field by field',
    podSpec({ containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }] }] }),
    podSpec({ containers: [{ name: 'web', image: 'nginx:2' }] }),
    podSpec({ containers: [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 80 }] }] })],
  ['lists without patchStrategy are replaced (docs: tolerations)',
    podSpec({ tolerations: [{ key: 'a', effect: 'NoSchedule' }] }),
    podSpec({ tolerations: [{ key: 'b', effect: 'NoSchedule' }] }),
    podSpec({ tolerations: [{ key: 'b', effect: 'NoSchedule' }] })],
  ['env merges by name inside a merged container',
    podSpec({ containers: [{ name: 'c', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] }),
    podSpec({ containers: [{ name: 'c', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] }),
    podSpec({ containers: [{ name: 'c', env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }] }] })],
  ['ports merge by containerPort',
    podSpec({ containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }] }] }),
    podSpec({ containers: [{ name: 'c', ports: [{ containerPort: 443, name: 'https' }] }] }),
    podSpec({ containers: [{ name: 'c', ports: [{ containerPort: 443, name: 'https' }, { containerPort: 80, name: 'http' }] }] })],
  ['$patch: delete removes a list element by merge key',
    podSpec({ containers: [{ name: 'a' }, { name: 'b' }] }),
    podSpec({ containers: [{ name: 'a', $patch: 'delete' }] }),
    podSpec({ containers: [{ name: 'b' }] })],
  ['$patch: replace in a list replaces the whole list',
    podSpec({ containers: [{ name: 'a', image: 'x' }, { name: 'b' }] }),
    podSpec({ containers: [{ name: 'c', image: 'y' }, { $patch: 'replace' }] }),
    podSpec({ containers: [{ name: 'c', image: 'y' }] })],
  ['$patch: replace in a map replaces the map',
    { spec: { template: { metadata: { labels: { a: '1', b: '2' } } } } },
    { spec: { template: { metadata: { labels: { c: '3', $patch: 'replace' } } } } },
    { spec: { template: { metadata: { labels: { c: '3' } } } } }],
  ['$patch: delete in a map leaves an empty map',
    { spec: { strategy: { type: 'Recreate' }, replicas: 1 } },
    { spec: { strategy: { $patch: 'delete' } } },
    { spec: { strategy: {}, replicas: 1 } }],
  ['$deleteFromPrimitiveList removes values from a set',
    { metadata: { finalizers: ['a', 'b', 'c'] } },
    { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } },
    { metadata: { finalizers: ['a', 'c'] } }],
  ['primitive lists with patchStrategy merge are unioned',
    { metadata: { finalizers: ['a', 'b'] } },
    { metadata: { finalizers: ['b', 'c'] } },
    { metadata: { finalizers: ['a', 'b', 'c'] } }],
  ['$setElementOrder orders the listed items; server-only ones slot in by server order',
    podSpec({ containers: [{ name: 'a' }, { name: 'x' }, { name: 'b' }] }),
    podSpec({ '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'a', image: 'i' }] }),
    podSpec({ containers: [{ name: 'x' }, { name: 'b' }, { name: 'a', image: 'i' }] })],
  ['kubectl apply adding a container keeps the manifest order via $setElementOrder',
    podSpec({ containers: [{ name: 'web', image: 'nginx' }] }),
    podSpec({ '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }], containers: [{ name: 'sidecar', image: 'busybox' }] }),
    podSpec({ containers: [{ name: 'web', image: 'nginx' }, { name: 'sidecar', image: 'busybox' }] })],
  ['a new field whose value carries $patch: delete is dropped, not created empty',
    { spec: { replicas: 1 } },
    { spec: { strategy: { $patch: 'delete' } } },
    { spec: { replicas: 1 } }],
  ['unmatched nulls inside a new value are ignored',
    { spec: {} },
    { spec: { strategy: { type: 'Recreate', rollingUpdate: null } } },
    { spec: { strategy: { type: 'Recreate' } } }],
  ['$setElementOrder alone reorders',
    podSpec({ containers: [{ name: 'a' }, { name: 'b' }] }),
    podSpec({ '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] }),
    podSpec({ containers: [{ name: 'b' }, { name: 'a' }] })],
  ['$retainKeys clears fields not listed (strategy Recreate)',
    { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } } },
    { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    { spec: { strategy: { type: 'Recreate' } } }],
  ['$retainKeys on a volume switches its source',
    podSpec({ volumes: [{ name: 'v', emptyDir: {} }] }),
    podSpec({ volumes: [{ name: 'v', $retainKeys: ['hostPath', 'name'], hostPath: { path: '/x' } }] }),
    podSpec({ volumes: [{ name: 'v', hostPath: { path: '/x' } }] })],
  ['null deletes a field and a merged element field',
    { spec: { replicas: 3, template: { spec: { containers: [{ name: 'c', image: 'i', imagePullPolicy: 'Always' }] } } } },
    { spec: { replicas: null, template: { spec: { containers: [{ name: 'c', imagePullPolicy: null }] } } } },
    { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } }],
  ['rollout restart annotation',
    { spec: { replicas: 1, template: { metadata: { labels: { app: 'web' } } } } },
    { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-21T23:06:50Z' } } } } },
    { spec: { replicas: 1, template: { metadata: { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-21T23:06:50Z' } } } } }],
  ['a new merged list in the patch has its directives stripped',
    podSpec({}),
    podSpec({ containers: [{ name: 'a' }, { name: 'b', $patch: 'delete' }] }),
    podSpec({ containers: [{ name: 'a' }] })],
];

for (const [name, live, patch, want] of cases) {
  test(`strategic merge patch: ${name}`, () => {
    const before = structuredClone(live);
    assert.deepEqual(applyStrategicMergePatch(live, patch, deploymentSchema), want);
    assert.deepEqual(live, before);
  });
}

test('strategic merge patch without a schema behaves like merge patch', () => {
  const live = { spec: { items: [{ name: 'a', v: 1 }], keep: 1, drop: 2 } };
  const got = applyStrategicMergePatch(live, { spec: { items: [{ name: 'b' }], drop: null } });
  assert.deepEqual(got, { spec: { items: [{ name: 'b' }], keep: 1 } });
});

test('client-side apply three-way patch (kubectl apply after editing replicas and image)', () => {
  const live = {
    metadata: { name: 'web', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } } },
  };
  const patch = {
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":1}' } },
    spec: { replicas: 3, template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'web', image: 'nginx:2' }] } } },
  };
  const got = applyStrategicMergePatch(live, patch, deploymentSchema) as typeof live;
  assert.equal(got.spec.replicas, 3);
  assert.deepEqual(got.spec.template.spec.containers, [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 80, protocol: 'TCP' }] }]);
  assert.equal(got.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], '{"new":1}');
});

test('strategic merge patch rejects $patch: merge in a list, as Kubernetes does', () => {
  assert.throws(() => applyStrategicMergePatch(podSpec({ containers: [] }), podSpec({ containers: [{ name: 'a', $patch: 'merge' }] }), deploymentSchema),
    (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'merging lists cannot yet be specified in the patch');
});

test('strategic merge patch rejects an unknown $patch directive in a map', () => {
  assert.throws(() => applyStrategicMergePatch({ spec: {} }, { spec: { $patch: 'frob' } }, deploymentSchema),
    (e: unknown) => e instanceof ApiError && e.code === 400 && /unknown patch type: frob/.test(e.message));
});
