// The classic walkthrough on real Docker: a ConfigMap and a Secret, a "database" pod serving
// HTTP (busybox httpd) gated by a readiness probe, a web pod with a sidecar reading both
// through env and over the network (pod IP and localhost inside the pod), then logs, exec
// (the decoded secret), port-forward, and teardown on delete.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needDocker } from '../../helpers/env';
import { busyboxPod, execText, isReady, podWhere, readAll, startHarness, waitFor } from './harness';

test('walkthrough: configmap + secret env, db over pod IP, sidecar over localhost, logs, exec, port-forward', async (t) => {
  if (!needDocker(t)) return;
  const h = await startHarness();
  const { client: c, pool } = h;
  try {
    await c.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { GREETING: 'hello' } });
    await c.create('secrets', 'default', { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'db-secret' }, data: { PASSWORD: Buffer.from('s3cret').toString('base64') } });
    await c.create('pods', 'default', busyboxPod('db', 'mkdir -p /www && echo db-ok > /www/index.html && exec httpd -f -p 8080 -h /www', {
      container: { ports: [{ containerPort: 8080, name: 'http' }], readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 } },
    }));
    const db = await podWhere(c, 'db', isReady, 'Ready');
    await c.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: '10.96.0.50', selector: { app: 'db' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    await waitFor('service seen by the kubelets', async () => (await c.list('services', 'default')).items.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    assert.match(db.status.podIP, /^\d+\.\d+\.\d+\.\d+$/);
    assert.match(db.status.containerStatuses[0].containerID, /^docker:\/\/[0-9a-f]{64}$/);

    await c.create('pods', 'default', busyboxPod('web', 'echo started $GREETING on $MY_POD_IP; while true; do timeout 3 wget -q -O- http://$DB_HOST:8080/; timeout 3 wget -q -O- http://localhost:8081/; sleep 1; done', {
      container: {
        env: [
          { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'GREETING' } } },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-secret', key: 'PASSWORD' } } },
          { name: 'DB_HOST', value: db.status.podIP },
          { name: 'MY_POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'MY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'URL', value: 'http://$(DB_HOST):8080' },
        ],
        envFrom: [{ configMapRef: { name: 'app-config' }, prefix: 'CFG_' }],
      },
    }));
    const web0 = await c.get<any>('pods', 'default', 'web');
    web0.spec.containers.push({ name: 'sidecar', image: 'playground/busybox:1', command: ['sh', '-c', 'mkdir -p /s && echo sidecar-ok > /s/index.html && exec httpd -f -p 8081 -h /s'] });
    // (the FakeClient has no validation; a real API server would reject this spec update — fine for the kubelet)
    await c.update('pods', 'default', web0);
    const web = await podWhere(c, 'web', (p) => isReady(p) && p.status.containerStatuses.length === 2, 'Ready with 2 containers');
    assert.equal(web.status.qosClass, 'BestEffort');
    assert.equal(web.status.phase, 'Running');

    const logs = await waitFor('web logs show db and sidecar answers', async () => {
      const text = await readAll(await pool.streams.logs('default', 'web', 'main', {}, new AbortController().signal));
      return /db-ok/.test(text) && /sidecar-ok/.test(text) ? text : undefined;
    });
    assert.match(logs, new RegExp(`started hello on ${web.status.podIP.replace(/\./g, '\\.')}`));

    const env = await execText(pool, 'web', 'main', ['env']);
    assert.equal(env.code, 0);
    assert.match(env.out, /^DB_PASSWORD=s3cret$/m);
    assert.match(env.out, /^CFG_GREETING=hello$/m);
    assert.match(env.out, /^MY_NODE=playground-worker$/m);
    assert.match(env.out, /^DB_SERVICE_HOST=10\.96\.0\.50$/m);
    assert.match(env.out, /^DB_PORT_80_TCP=tcp:\/\/10\.96\.0\.50:80$/m);
    assert.match(env.out, new RegExp(`^URL=http://${db.status.podIP.replace(/\./g, '\\.')}:8080$`, 'm'));
    assert.equal((await execText(pool, 'web', 'main', ['sh', '-c', 'exit 7'])).code, 7);

    const tail = await readAll(await pool.streams.logs('default', 'web', 'main', { tailLines: 1, timestamps: true }, new AbortController().signal));
    assert.equal(tail.trim().split('\n').length, 1);
    assert.match(tail, /^\d{4}-\d\d-\d\dT/);

    const sock = await pool.streams.portForward('default', 'db', 8080);
    sock.write('GET / HTTP/1.0\r\n\r\n');
    assert.match(await readAll(sock), /200 OK[\s\S]*db-ok/);

    await assert.rejects(pool.streams.exec('default', 'web', 'nope', ['env'], { stdin: false, stdout: true, stderr: true, tty: false }), /container nope is not valid for pod web/);

    await c.delete('pods', 'default', 'web');
    await waitFor('web containers removed', async () => (await pool.runtime.listContainers('playground-worker')).every((x) => x.podUid !== web.metadata.uid));
  } finally {
    await pool.stop({ keepContainers: false });
  }
});
