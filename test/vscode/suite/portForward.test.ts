// Port-forward from a tree item: 127.0.0.1 only, listed in the status bar, fetched through, then
// stopped and closed; from a Service, its port maps to the (named) targetPort of a pod behind it. The suite's playground runs simulated nodes, whose pods answer a forward
// with a 503 naming the pod and port, so the bytes come from the kubelet end of the forward.
import * as assert from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { PlaygroundTestApi } from '../../../src/extension';
import { api as getApi, description, fixture, info, onPlayground, until, walk } from './shared';

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 15_000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('GET through the forward timed out')));
    req.on('error', reject);
  });
}

/** The error code of a TCP connect to 127.0.0.1:port ('' when it connects). */
function connectError(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const t = setTimeout(() => { s.destroy(); resolve('ETIMEDOUT'); }, 5000);
    s.once('connect', () => { clearTimeout(t); s.destroy(); resolve(''); });
    s.once('error', (e: NodeJS.ErrnoException) => { clearTimeout(t); resolve(e.code ?? e.message); });
  });
}

describe('Port-forward from the tree', () => {
  let api: PlaygroundTestApi;
  before(async () => { api = await getApi(); });

  it('forwards 127.0.0.1:<port> to a pod from its tree item, lists it in the status bar, and stops it', async function () {
    this.timeout(180_000);
    await onPlayground(api, async () => {
      const summary = await vscode.commands.executeCommand<any>('kubePlayground.apply', fixture('forward.yaml'));
      assert.deepStrictEqual(summary.errors, []);
      const pod = await until('forward-me Running in the tree', () => {
        const n = walk(api, 'Workloads', 'Pods (standalone)', 'forward-me');
        return n && /Running 1\/1/.test(description(api, n)) ? n : undefined;
      }, 90_000);
      const f = await vscode.commands.executeCommand<any>('kubePlayground.portForward', pod, { local: 0, remote: 8080 });
      try {
        assert.ok(f.local > 0, 'a local port was chosen');
        assert.strictEqual((f.server.address() as net.AddressInfo).address, '127.0.0.1', 'listens on loopback only');
        assert.deepStrictEqual(api.portForwards.status, { text: '$(plug) 1 forward', tooltip: `127.0.0.1:${f.local} → default/forward-me:8080\nClick to stop one` });
        const r = await get(f.local);
        info.portForward = `${r.status} ${r.body.trim()}`;
        assert.strictEqual(r.status, 503);
        assert.strictEqual(r.body, 'kube-playground: pod default/forward-me runs on a simulated node; no process listens on port 8080.\n');
        // a second connection through the same forward works too (each is its own stream)
        assert.strictEqual((await get(f.local)).status, 503);
      } finally {
        assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.stopPortForward', f.id), true);
      }
      assert.strictEqual(api.portForwards.status, undefined, 'the status bar item is hidden with no forward left');
      assert.deepStrictEqual(api.portForwards.list(), []);
      assert.strictEqual(await connectError(f.local), 'ECONNREFUSED', 'the local port is closed');

      // a Service: its port 80 goes to the named targetPort (8080) of the pod behind it, as
      // `kubectl port-forward svc/forward-me 0:80` does
      const svc = await until('service forward-me with a ready endpoint', () => {
        const n = walk(api, 'Network', 'Services', 'forward-me');
        return n && api.ctx.tree.getChildren(n).some((c) => c.type === 'endpoint' && c.ready) ? n : undefined;
      }, 60_000);
      const viaSvc = await vscode.commands.executeCommand<any>('kubePlayground.portForward', svc, { local: 0, remote: 80 });
      try {
        assert.deepStrictEqual(api.portForwards.list().map((x) => x.label), [`127.0.0.1:${viaSvc.local} → default/forward-me:8080`]);
        const r = await get(viaSvc.local);
        assert.strictEqual(r.body, 'kube-playground: pod default/forward-me runs on a simulated node; no process listens on port 8080.\n');
      } finally {
        assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.stopPortForward', viaSvc.id), true);
      }
      assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.delete', { apiVersion: 'v1', kind: 'Service', name: 'forward-me', namespace: 'default' }, true), true);
      assert.strictEqual(await vscode.commands.executeCommand('kubePlayground.delete', { apiVersion: 'v1', kind: 'Pod', name: 'forward-me', namespace: 'default' }, true), true);
    });
  });
});
