// Service networking on the whole playground (startCluster, Docker nodes, real kubectl):
// ClusterIP and DNS names from a pod (name, name.ns, name.ns.svc, FQDN), named and numeric
// targetPort, spread over 3 ready replicas, readiness taking an endpoint out, headless and
// StatefulSet pod DNS, ExternalName CNAME, pod-to-pod across nodes without NAT, service env
// vars; from the host: NodePort, LoadBalancer (status, privileged port refused with an Event),
// Ingress host/path routing, 404/503 and TLS by SNI.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCluster } from '../../../src/cluster/cluster';
import { needDocker } from '../../helpers/env';
import { ensureTestImages } from '../../helpers/images';
import { manifest, tlsSecret } from './fixtures';
import { hostGet, kubectl, waitFor } from './util';

test('Service networking: ClusterIP, DNS, NodePort, LoadBalancer, Ingress', { timeout: 400_000 }, async (t) => {
  if (!needDocker(t)) return;
  ensureTestImages();
  const dataDir = mkdtempSync(join(tmpdir(), 'kpg-net-'));
  const c = await startCluster({ dataDir, runtime: 'docker', nodes: 2, ingressPort: 0 });
  const k = (args: string[], input?: string) => kubectl(c, args, input);
  const inPod = async (cmd: string) => (await k(['exec', 'client', '--', 'sh', '-c', cmd])).out.trim();
  try {
    const applied = await k(['apply', '-f', '-'], manifest);
    assert.equal(applied.code, 0, applied.err);
    await waitFor('3 ready web endpoints', async () => (await k(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[*].addresses[*].ip}'])).out.split(' ').filter(Boolean).length === 3, 120_000);
    await waitFor('client running', async () => (await k(['get', 'pod', 'client', '-o', 'jsonpath={.status.phase}'])).out === 'Running', 120_000);
    const clusterIP = (await k(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).out;
    assert.match(clusterIP, /^10\.(9[6-9]|10\d|11[01])\./);

    await t.test('DNS names and the ClusterIP from a pod (named targetPort)', async () => {
      for (const name of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local', clusterIP]) {
        const out = await waitFor(`GET http://${name}/`, async () => (await inPod(`timeout 5 wget -qO- http://${name}/`)) || undefined, 20_000);
        assert.match(out, /^web-/, name);
      }
      assert.match(await inPod('nslookup web.default.svc.cluster.local 10.96.0.10'), new RegExp(clusterIP.replace(/\./g, '\\.')));
      assert.match(await inPod('cat /etc/resolv.conf'), /nameserver 10\.96\.0\.10/);
    });

    await t.test('numeric targetPort and spread over 3 replicas', async () => {
      const seen = new Set<string>();
      const out = await inPod('for i in 1 2 3 4 5 6 7 8 9; do timeout 5 wget -qO- http://web-num:81/; done');
      for (const l of out.split('\n')) if (l.startsWith('web-')) seen.add(l);
      assert.equal(seen.size, 3, out);
    });

    await t.test('service environment variables', async () => {
      const env = await inPod('env');
      assert.match(env, new RegExp(`WEB_SERVICE_HOST=${clusterIP.replace(/\./g, '\\.')}`));
      assert.match(env, /WEB_SERVICE_PORT=80/);
      assert.match(env, new RegExp(`WEB_PORT=tcp://${clusterIP.replace(/\./g, '\\.')}:80`));
      assert.match(env, /KUBERNETES_SERVICE_HOST=10\.96\.0\.1/);
    });

    await t.test('headless Service, StatefulSet pod and ExternalName DNS', async () => {
      await waitFor('db-0 ready', async () => (await k(['get', 'endpoints', 'db', '-o', 'jsonpath={.subsets[*].addresses[*].ip}'])).out.length > 0, 120_000);
      const podIP = (await k(['get', 'pod', 'db-0', '-o', 'jsonpath={.status.podIP}'])).out;
      const a = await waitFor('db resolves', async () => { const o = await inPod('nslookup db.default.svc.cluster.local 10.96.0.10'); return o.includes(podIP) && o; }, 15_000);
      assert.ok(a);
      assert.match(await waitFor('db-0.db', async () => (await inPod('timeout 5 wget -qO- http://db-0.db:8080/')) || undefined, 15_000), /^db-0/);
      assert.match(await inPod('timeout 5 wget -qO- http://alias/'), /^web-/);
      // ExternalName to a name outside the cluster: the CNAME plus the target's addresses from upstream
      // (here Docker's embedded DNS knows the proxy container by name).
      const { clusterIdOf } = await import('../../../src/cluster/cluster');
      await k(['create', 'service', 'externalname', 'outside', `--external-name=kube-playground-proxy-${clusterIdOf(c.dataDir)}`]);
      const out = await waitFor('outside resolves', async () => { const o = await inPod('nslookup -type=a outside.default.svc.cluster.local 10.96.0.10'); return /10\.96\.0\.10[\s\S]*10\.96\.0\.10/.test(o) && o; }, 10_000);
      assert.match(out, /kube-playground-proxy/);
    });

    await t.test('pod to pod across nodes by pod IP, no NAT', async () => {
      const pods = JSON.parse((await k(['get', 'pods', '-l', 'app=web', '-o', 'json'])).out).items;
      const client = JSON.parse((await k(['get', 'pod', 'client', '-o', 'json'])).out);
      const other = pods.find((p: any) => p.spec.nodeName !== client.spec.nodeName) ?? pods[0];
      assert.match(await inPod(`timeout 5 wget -qO- http://${other.status.podIP}:8080/`), /^web-/);
      // No NAT: the server logs the client's own pod IP (busybox httpd -v logs the peer address).
      const logs = await waitFor('access log', async () => { const o = (await k(['logs', other.metadata.name])).out; return o.includes(client.status.podIP) && o; }, 10_000);
      assert.ok(logs);
      t.diagnostic(`client on ${client.spec.nodeName}, server on ${other.spec.nodeName}`);
    });

    await t.test('no route to pods (Docker Desktop): the dial port of the proxy container', async () => {
      const { execFileSync } = await import('node:child_process');
      const { clusterIdOf } = await import('../../../src/cluster/cluster');
      const { makeDialer } = await import('../../../src/cluster/proxy/dialer');
      const port = execFileSync('docker', ['port', `kube-playground-proxy-${clusterIdOf(c.dataDir)}`, '1080/tcp'], { encoding: 'utf8' }).trim().split('\n')[0].split(':').pop();
      const dial = makeDialer({ direct: false, dialPort: Number(port) });
      const podIP = (await k(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].status.podIP}'])).out;
      const s = await dial(podIP, 8080);
      const body = await new Promise<string>((resolve) => { let b = ''; s.on('data', (d) => (b += d)); s.on('close', () => resolve(b)); s.write('GET / HTTP/1.0\r\n\r\n'); });
      assert.match(body, /200 OK[\s\S]*web-/);
    });

    await t.test('kubectl proxy: pods/NAME:PORT/proxy and services/NAME:PORT/proxy reach the pods (Kubernetes Basics)', async () => {
      const { spawn } = await import('node:child_process');
      const { kubectlPath } = await import('../../helpers/env');
      const proxy = spawn(kubectlPath(), ['proxy', '--port=0'], { env: { PATH: process.env.PATH ?? '', KUBECONFIG: c.kubeconfigPath, HOME: c.dataDir } });
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let out = '';
          proxy.stdout.on('data', (d) => { out += d; const m = /127\.0\.0\.1:(\d+)/.exec(out); if (m) resolve(Number(m[1])); });
          proxy.on('exit', (code) => reject(new Error(`kubectl proxy exited ${code}`)));
          setTimeout(() => reject(new Error(`kubectl proxy printed: ${out}`)), 15_000).unref();
        });
        const pod = (await k(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).out;
        const byPod = await hostGet(port, `/api/v1/namespaces/default/pods/${pod}:8080/proxy/`);
        assert.deepEqual([byPod.status, byPod.body.trim()], [200, pod]);
        const byName = await hostGet(port, `/api/v1/namespaces/default/pods/${pod}/proxy/index.html`);
        assert.deepEqual([byName.status, byName.body.trim()], [200, pod], 'no port: the first container port');
        const bySvc = await hostGet(port, '/api/v1/namespaces/default/services/web:80/proxy/');
        assert.equal(bySvc.status, 200);
        assert.match(bySvc.body, /^web-/);
        const missing = await hostGet(port, '/api/v1/namespaces/default/pods/nope:8080/proxy/');
        assert.equal(missing.status, 404);
        assert.equal(JSON.parse(missing.body).reason, 'NotFound');
      } finally {
        proxy.kill();
      }
    });

    await t.test('readiness takes an endpoint out within a second or two', async () => {
      const pods = JSON.parse((await k(['get', 'pods', '-l', 'app=web', '-o', 'json'])).out).items;
      const victim = pods[0].metadata.name;
      await k(['exec', victim, '--', 'rm', '/www/ready']);
      const t0 = Date.now();
      await waitFor('endpoint removed', async () => !(await k(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[*].addresses[*].targetRef.name}'])).out.includes(victim), 20_000);
      const out = await inPod('sleep 1; for i in 1 2 3 4 5 6 7 8 9; do timeout 5 wget -qO- http://web/; done');
      assert.ok(!out.includes(victim), out);
      t.diagnostic(`endpoint left after ${Date.now() - t0} ms`);
      await k(['exec', victim, '--', 'sh', '-c', 'echo ok > /www/ready']);
    });

    await t.test('NodePort and LoadBalancer from the host', async () => {
      const np = Number((await k(['get', 'svc', 'web-num', '-o', 'jsonpath={.spec.ports[0].nodePort}'])).out);
      assert.match((await waitFor('nodePort answers', () => hostGet(np).catch(() => undefined))).body, /^web-/);
      const lb = await waitFor('LB status', async () => { const o = JSON.parse((await k(['get', 'svc', 'web-lb', '-o', 'json'])).out); return o.status?.loadBalancer?.ingress?.[0]?.ip === '127.0.0.1' && o; });
      assert.match((await waitFor('lb port answers', () => hostGet(lb.spec.ports[0].port).catch(() => undefined))).body, /^web-/);
      const priv = await waitFor('privileged LB refused', async () => { const o = JSON.parse((await k(['get', 'svc', 'web-lb80', '-o', 'json'])).out); return o.status?.loadBalancer?.ingress?.[0]?.ports?.[0]?.error === 'PortUnavailable' && o; });
      const ev = await waitFor('event', async () => { const o = (await k(['get', 'events', '--field-selector', 'involvedObject.name=web-lb80'])).out; return /privileged/.test(o) && o; });
      assert.match(ev, /PortUnavailable/);
      assert.match((await hostGet(priv.spec.ports[0].nodePort)).body, /^web-/);
      // `kube-playground service NAME` prints where it answers (the CLI command, over HTTPS with the kubeconfig).
      const { service } = await import('../../../src/cli/service');
      const lines: string[] = [];
      const run = (name: string) => service.run({ dataDir: c.dataDir, values: {}, positionals: [name], out: (l) => lines.push(l), err: () => undefined });
      assert.equal(await run('web-lb80'), 0);
      assert.deepEqual(lines, [`http://127.0.0.1:${priv.spec.ports[0].nodePort}`]);
      lines.length = 0;
      await run('web-lb');
      assert.deepEqual(lines, [`http://127.0.0.1:${lb.spec.ports[0].port}`]);
      await assert.rejects(run('web'), /not exposed on the host/);
    });

    await t.test('Ingress: class, host and path rules, 404, 503, status, TLS', async () => {
      const cls = JSON.parse((await k(['get', 'ingressclass', 'playground', '-o', 'json'])).out);
      assert.equal(cls.spec.controller, 'playground.local/ingress');
      assert.equal(cls.metadata.annotations['ingressclass.kubernetes.io/is-default-class'], 'true');
      const st = await waitFor('ingress status', async () => { const o = JSON.parse((await k(['get', 'ing', 'web', '-o', 'json'])).out); return o.status?.loadBalancer?.ingress?.[0]?.ip === '127.0.0.1' && o.status.loadBalancer.ingress[0]; });
      const [http, https] = st.ports.map((p: any) => p.port);
      assert.match((await hostGet(http, '/', 'a.example')).body, /^web-/);
      assert.equal((await hostGet(http, '/db', 'a.example')).status, 503);
      assert.equal((await hostGet(http, '/', 'nothing.example')).status, 404);
      // Exact /x on the wildcard host reaches httpd (its own 404 page); /x/y matches nothing here.
      assert.match((await hostGet(http, '/x', 'b.example')).body, /<TITLE>404 Not Found/);
      assert.match((await hostGet(http, '/x/y', 'b.example')).body, /default backend - 404/);
      const applied2 = await k(['apply', '-f', '-'], tlsSecret);
      assert.equal(applied2.code, 0, applied2.err);
      const body = await waitFor('https', () => new Promise<string | undefined>((resolve) => {
        const r = httpsRequest({ host: '127.0.0.1', port: https, path: '/', servername: 'a.example', headers: { host: 'a.example' }, rejectUnauthorized: false, agent: false }, (res) => {
          let b = ''; res.on('data', (d) => (b += d)); res.on('end', () => resolve(b));
        });
        r.on('error', () => resolve(undefined)); r.end();
      }), 15_000);
      assert.match(body, /^web-/);
    });
  } finally {
    await c.stop({ removeContainers: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
