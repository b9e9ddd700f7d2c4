// A kubelet registers its Node with status (capacity, conditions, addresses) in one create,
// as Kubernetes' node strategy allows; the status must not be dropped as for pods.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPlayground } from '../../helpers/playground';

test('Node status survives create; Pod status does not', async () => {
  const pg = await startPlayground({ memoryStore: true });
  try {
    const node = await pg.client.create('nodes', undefined, {
      apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' },
      status: { capacity: { cpu: '4', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
    });
    assert.equal(node.status?.capacity?.cpu, '4');
    assert.equal(node.status?.conditions?.[0]?.type, 'Ready');
    const pod = await pg.client.create('pods', 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'i' }] }, status: { phase: 'Running' },
    });
    assert.equal(pod.status?.phase, 'Pending');
  } finally {
    await pg.stop();
  }
});
