// The less travelled paths on real Docker: probes and port-forward without host→pod routing
// (the Docker Desktop path: a tunnel through `nc` inside the pod), attach with stdin, a
// preStop hook on deletion, hostNetwork and dnsConfig, the managed /etc/hosts (pod FQDN,
// hostAliases), and metrics from Docker stats.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DockerRuntime } from '../../../src/cluster/kubelet/dockerRuntime';
import { needDocker } from '../../helpers/env';
import { busyboxPod, execText, isReady, podWhere, readAll, startHarness, waitFor } from './harness';

test('Docker extras', async (t) => {
  if (!needDocker(t)) return;
  const h = await startHarness();
  const { client: c, pool } = h;
  try {
    await t.test('without a route to pod IPs, httpGet probes and port-forward tunnel through the pod', async () => {
      (pool.runtime as DockerRuntime).podNetworkReachable = false;
      try {
        await c.create('pods', 'default', busyboxPod('desk', 'echo desk-ok > /tmp/index.html; exec httpd -f -p 8080 -h /tmp', {
          container: { readinessProbe: { httpGet: { path: '/index.html', port: 8080 }, periodSeconds: 1 }, livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 } },
        }));
        await podWhere(c, 'desk', isReady, 'Ready through the tunnel');
        const sock = await pool.streams.portForward('default', 'desk', 8080);
        sock.write('GET /index.html HTTP/1.0\r\n\r\n');
        assert.match(await readAll(sock), /desk-ok/);
        await new Promise((r) => setTimeout(r, 3000));
        const p = await c.get<any>('pods', 'default', 'desk');
        assert.equal(p.status.containerStatuses[0].restartCount, 0, 'tcpSocket liveness passes');
      } finally {
        (pool.runtime as DockerRuntime).podNetworkReachable = true;
      }
    });

    await t.test('attach sends stdin to the main process and streams its output', async () => {
      await c.create('pods', 'default', busyboxPod('att', 'while read l; do echo got $l; done', { container: { stdin: true } }));
      await podWhere(c, 'att', isReady, 'Ready');
      const s = await pool.streams.attach('default', 'att', 'main', { stdin: true, stdout: true, stderr: true, tty: false });
      let out = '';
      s.stdout!.on('data', (d) => { out += d; });
      s.stdin!.write('hello\n');
      await waitFor('echo', () => out.includes('got hello'), 10_000);
      s.close();
    });

    await t.test('logs: follow until aborted, limitBytes, sinceSeconds', async () => {
      await c.create('pods', 'default', busyboxPod('ticker', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done'));
      await podWhere(c, 'ticker', isReady, 'Ready');
      const ac = new AbortController();
      const follow = await pool.streams.logs('default', 'ticker', 'main', { follow: true }, ac.signal);
      let text = '';
      follow.on('data', (d) => { text += d; });
      const ended = new Promise((r) => follow.on('end', r));
      await waitFor('followed lines', () => (text.match(/tick/g) ?? []).length >= 5, 15_000);
      ac.abort();
      await ended;
      const limited = await readAll(await pool.streams.logs('default', 'ticker', 'main', { limitBytes: 7 }, new AbortController().signal));
      assert.equal(limited, 'tick 1\n');
      await new Promise((r) => setTimeout(r, 1200));
      const recent = await readAll(await pool.streams.logs('default', 'ticker', 'main', { sinceSeconds: 1 }, new AbortController().signal));
      assert.doesNotMatch(recent, /^tick 1$/m);
      assert.match(recent, /tick \d+/);
    });

    await t.test('preStop runs before the container is stopped on deletion', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kp-prestop-'));
      await c.create('pods', 'default', busyboxPod('stop', 'sleep 600', {
        volumes: [{ name: 'out', hostPath: { path: dir, type: 'DirectoryOrCreate' } }],
        container: { volumeMounts: [{ name: 'out', mountPath: '/out' }], lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo bye > /out/prestop'] } } } },
      }));
      const p = await podWhere(c, 'stop', isReady, 'Ready');
      await c.delete('pods', 'default', 'stop');
      await waitFor('containers gone', async () => (await pool.runtime.listContainers('playground-worker', p.metadata.uid)).length === 0);
      assert.ok(existsSync(join(dir, 'prestop')));
      assert.equal(readFileSync(join(dir, 'prestop'), 'utf8'), 'bye\n');
    });

    await t.test('hostNetwork takes the node IP; dnsConfig reaches resolv.conf', async () => {
      await c.create('pods', 'default', busyboxPod('hostnet', 'sleep 600', { hostNetwork: true }));
      await c.create('pods', 'default', busyboxPod('dns', 'sleep 600', { dnsPolicy: 'None', dnsConfig: { nameservers: ['10.96.0.10'], searches: ['default.svc.cluster.local'], options: [{ name: 'ndots', value: '5' }] } }));
      const hn = await podWhere(c, 'hostnet', isReady, 'Ready');
      const node = await c.get<any>('nodes', undefined, 'playground-worker');
      assert.equal(hn.status.podIP, node.status.addresses[0].address);
      await podWhere(c, 'dns', isReady, 'Ready');
      const resolv = (await execText(pool, 'dns', 'main', ['cat', '/etc/resolv.conf'])).out;
      assert.match(resolv, /nameserver 10\.96\.0\.10/);
      assert.match(resolv, /search default\.svc\.cluster\.local/);
      assert.match(resolv, /ndots:5/);
    });

    await t.test('/etc/hosts is the kubelet\'s: the pod FQDN first (hostname -f, as StatefulSet pods have it), then hostAliases', async () => {
      await c.create('pods', 'default', busyboxPod('fqdn', 'sleep 600', {
        hostname: 'web-0', subdomain: 'web', hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.local', 'bar.local'] }, { ip: '127.0.0.1', hostnames: ['loop.local'] }],
      }));
      const p = await podWhere(c, 'fqdn', isReady, 'Ready');
      assert.equal((await execText(pool, 'fqdn', 'main', ['hostname', '-f'])).out.trim(), 'web-0.web.default.svc.cluster.local');
      const hosts = (await execText(pool, 'fqdn', 'main', ['cat', '/etc/hosts'])).out;
      assert.match(hosts, /^# Kubernetes-managed hosts file\./);
      assert.ok(hosts.includes(`${p.status.podIP}\tweb-0.web.default.svc.cluster.local\tweb-0\n`), hosts);
      assert.match(hosts, /^10\.1\.2\.3\tfoo\.local\tbar\.local$/m);
      // resolved through /etc/hosts (loopback: nothing leaves the pod)
      assert.match((await execText(pool, 'fqdn', 'main', ['ping', '-c', '1', '-W', '1', 'loop.local'])).out, /127\.0\.0\.1/);
    });

    await t.test('metrics: NodeMetrics and PodMetrics from Docker stats', async () => {
      await pool.refreshMetrics();
      const m = pool.metrics();
      assert.deepEqual(m.nodes.map((n) => n.metadata.name).sort(), ['playground-control-plane', 'playground-worker']);
      const pm = m.pods.find((p) => p.metadata.name === 'dns');
      assert.ok(pm, 'PodMetrics for a running pod');
      assert.equal(pm!.apiVersion, 'metrics.k8s.io/v1beta1');
      assert.match(pm!.containers[0].usage.cpu, /^\d+n$/);
      assert.match(pm!.containers[0].usage.memory, /^\d+Ki$/);
      assert.ok(Number(pm!.containers[0].usage.memory.replace('Ki', '')) > 0);
    });
  } finally {
    await pool.stop({ keepContainers: false });
  }
});
