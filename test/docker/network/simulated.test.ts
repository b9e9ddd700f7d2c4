// Simulated nodes keep Services' API behaviour (ClusterIP, NodePort, LoadBalancer status,
// Ingress status) and answer on the host with a clear HTTP 503 saying no process serves them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCluster } from '../../../src/cluster/cluster';
import { hostGet, kubectl, waitFor } from './util';

test('simulated nodes: Services allocate and answer "simulated" on the host', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpg-netsim-'));
  const c = await startCluster({ dataDir, runtime: 'simulated', nodes: 1, ingressPort: 0 });
  const k = (args: string[], input?: string) => kubectl(c, args, input);
  try {
    const r = await k(['apply', '-f', '-'], `
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 18082, targetPort: 8080}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec: {defaultBackend: {service: {name: web, port: {number: 18082}}}}
`);
    assert.equal(r.code, 0, r.err);
    const svc = JSON.parse((await k(['get', 'svc', 'web', '-o', 'json'])).out);
    assert.match(svc.spec.clusterIP, /^10\./);
    const np = svc.spec.ports[0].nodePort;
    const res = await waitFor('nodePort answers', () => hostGet(np).catch(() => undefined), 10_000);
    assert.equal(res.status, 503);
    assert.match(res.body, /simulated nodes/);
    const st = await waitFor('ingress status', async () => JSON.parse((await k(['get', 'ing', 'web', '-o', 'json'])).out).status?.loadBalancer?.ingress?.[0]);
    assert.equal(st.ip, '127.0.0.1');
    assert.match((await hostGet(st.ports[0].port, '/', 'any.example')).body, /simulated nodes/);
  } finally {
    await c.stop({ removeContainers: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
