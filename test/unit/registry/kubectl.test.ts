// The registry's OpenAPI output against real kubectl 1.32: `kubectl explain` reads the
// descriptions (from /openapi/v3, and from the /openapi/v2 protobuf with
// --output plaintext-openapiv2), and `kubectl create -f` finds the fieldValidation parameter and leaves
// validation to the server (it sends fieldValidation=Strict and never asks /openapi/v2).
// A minimal HTTP server stands in for the API server: legacy discovery from the registry,
// /openapi/v3 from the registry, and an echoing POST. The full API server has its own tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlPath } from '../../helpers/env';
import { createRegistry, resourceDefFromCRD, openApiV2Document, openApiV2Protobuf, openApiV3DocumentJSON, openApiV3Index, type Registry } from '../../../src/cluster/registry';

function discovery(reg: Registry, path: string): unknown {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
  if (path === '/apis') {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: reg.groups().filter((g) => g.group).map((g) => ({
      name: g.group, versions: g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${g.group}/${g.preferredVersion}`, version: g.preferredVersion },
    })) };
  }
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  const [group, version] = m[1] ? ['', m[1]] : [m[2], m[3]];
  const defs = reg.resourcesOf(group, version);
  if (!defs.length) return undefined;
  const resources = defs.flatMap((d) => [
    { name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs, shortNames: d.shortNames, categories: d.categories },
    ...(d.subresources.status ? [{ name: `${d.plural}/status`, singularName: '', namespaced: d.namespaced, kind: d.kind, verbs: ['get', 'patch', 'update'] }] : []),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

async function withServer(fn: (url: string, requests: string[], bodies: Map<string, string>) => Promise<void>, setup?: (reg: Registry) => void): Promise<void> {
  const reg = createRegistry();
  setup?.(reg);
  const requests: string[] = [];
  // Objects the mock holds (by path) and the last body per "METHOD path".
  const objects = new Map<string, any>();
  const bodies = new Map<string, string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (code: number, body: unknown) => { res.writeHead(code, { 'Content-Type': 'application/json' }); res.end(typeof body === 'string' ? body : JSON.stringify(body)); };
    if (url.pathname === '/openapi/v3') return send(200, openApiV3Index(reg));
    if (url.pathname === '/openapi/v2') {
      if (!String(req.headers.accept).includes('protobuf')) return send(200, openApiV2Document(reg));
      // Go's mime parser rejects the '@' of the Accept value: Kubernetes answers with '.v1.0'.
      res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' });
      return res.end(openApiV2Protobuf(reg));
    }
    if (url.pathname.startsWith('/openapi/v3/')) {
      const doc = openApiV3DocumentJSON(reg, url.pathname.slice('/openapi/v3/'.length));
      return doc ? send(200, doc) : send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
    }
    if (req.method === 'POST' || req.method === 'PATCH') {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        bodies.set(`${req.method} ${url.pathname}`, body);
        if (req.method === 'PATCH') return send(200, objects.get(url.pathname));
        const obj = JSON.parse(body);
        obj.metadata = { ...obj.metadata, namespace: 'default', uid: 'u-1', resourceVersion: '1', creationTimestamp: new Date().toISOString() };
        objects.set(`${url.pathname}/${obj.metadata.name}`, obj);
        send(201, obj);
      });
      return;
    }
    if (objects.has(url.pathname)) return send(200, objects.get(url.pathname));
    if (/\/namespaces\/default\/[a-z]+\/[a-z0-9-]+$/.test(url.pathname)) {
      const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
      return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `not found "${name}"`, reason: 'NotFound', code: 404 });
    }
    const d = discovery(reg, url.pathname);
    if (d) return send(200, d);
    send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'registry-kubectl-'));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, bodies);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function kubectl(server: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const kubeconfig = join(cwd, 'kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: default\nusers:\n- name: u\n  user: {}\ncurrent-context: c\n`);
  return new Promise((resolve) => {
    execFile(kubectlPath(), ['--kubeconfig', kubeconfig, '--cache-dir', join(cwd, 'cache'), ...args], { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as any).code === 'number' ? (err as any).code : 1) : 0, stdout, stderr });
    });
  });
}

test('kubectl explain reads the schemas and descriptions', async () => {
  await withServer(async (url) => {
    const cwd = mkdtempSync(join(tmpdir(), 'explain-'));
    try {
      const r = await kubectl(url, ['explain', 'deployment.spec.replicas'], cwd);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /GROUP:\s+apps/);
      assert.match(r.stdout, /KIND:\s+Deployment/);
      assert.match(r.stdout, /FIELD: replicas <integer>/);
      assert.match(r.stdout, /Number of desired pods/);
      const top = await kubectl(url, ['explain', 'deployment'], cwd);
      assert.equal(top.code, 0, top.stderr);
      assert.match(top.stdout, /spec\s+<DeploymentSpec>/);
      assert.doesNotMatch(top.stdout, /enum: apps\/v1/);
      const pod = await kubectl(url, ['explain', 'pods.spec.containers'], cwd);
      assert.equal(pod.code, 0, pod.stderr);
      assert.match(pod.stdout, /FIELD: containers <\[\]Container>/);
      assert.match(pod.stdout, /image\s+<string>/);
      assert.match(pod.stdout, /name\s+<string> -required-/);
    } finally { rmSync(cwd, { recursive: true, force: true }); }
  });
});

test('kubectl create -f leaves validation to the server (fieldValidation=Strict, no /openapi/v2)', async () => {
  await withServer(async (url, requests) => {
    const cwd = mkdtempSync(join(tmpdir(), 'create-'));
    try {
      writeFileSync(join(cwd, 'd.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n');
      const r = await kubectl(url, ['create', '-f', 'd.yaml'], cwd);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /deployment.apps\/web created/);
      const post = requests.find((x) => x.startsWith('POST /apis/apps/v1/namespaces/default/deployments'));
      assert.ok(post, requests.join('\n'));
      assert.match(post!, /fieldValidation=Strict/);
      assert.ok(requests.some((x) => x.startsWith('GET /openapi/v3/apis/apps/v1?hash=')), requests.join('\n'));
      assert.ok(!requests.some((x) => x.startsWith('GET /openapi/v2')), requests.join('\n'));
    } finally { rmSync(cwd, { recursive: true, force: true }); }
  });
});

test('kubectl explain --output plaintext-openapiv2 parses the v2 protobuf', async () => {
  await withServer(async (url, requests) => {
    const cwd = mkdtempSync(join(tmpdir(), 'explain-v2-'));
    try {
      const r = await kubectl(url, ['explain', 'deployment.spec.replicas', '--output', 'plaintext-openapiv2'], cwd);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(requests.some((x) => x.startsWith('GET /openapi/v2')), requests.join('\n'));
      assert.match(r.stdout, /KIND:\s+Deployment/);
      assert.match(r.stdout, /FIELD:\s+replicas <integer>/);
      assert.match(r.stdout, /Number of desired pods/);
    } finally { rmSync(cwd, { recursive: true, force: true }); }
  });
});

test('kubectl apply computes its strategic merge patch with the published merge keys', async () => {
  await withServer(async (url, requests, bodies) => {
    const cwd = mkdtempSync(join(tmpdir(), 'apply-'));
    try {
      const manifest = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: ${image}\n        env:\n        - {name: A, value: a}\n      - name: side\n        image: busybox\n`;
      writeFileSync(join(cwd, 'd.yaml'), manifest('nginx:1'));
      const created = await kubectl(url, ['apply', '-f', 'd.yaml'], cwd);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /deployment.apps\/web created/);
      writeFileSync(join(cwd, 'd.yaml'), manifest('nginx:2'));
      const configured = await kubectl(url, ['apply', '-f', 'd.yaml'], cwd);
      assert.equal(configured.code, 0, configured.stderr);
      assert.match(configured.stdout, /deployment.apps\/web configured/);
      const patchReq = requests.find((x) => x.startsWith('PATCH /apis/apps/v1/namespaces/default/deployments/web'));
      assert.ok(patchReq, requests.join('\n'));
      assert.match(patchReq!, /fieldValidation=Strict/);
      const patch = JSON.parse(bodies.get('PATCH /apis/apps/v1/namespaces/default/deployments/web')!);
      // Containers merged by name: only the changed one is sent, with the list order directive.
      assert.deepEqual(patch.spec.template.spec['$setElementOrder/containers'], [{ name: 'nginx' }, { name: 'side' }]);
      assert.deepEqual(patch.spec.template.spec.containers, [{ image: 'nginx:2', name: 'nginx' }]);
    } finally { rmSync(cwd, { recursive: true, force: true }); }
  });
});

test('kubectl explain works for a custom resource from its CRD schema', async () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'crontabs.stable.example.com' },
    spec: { group: 'stable.example.com', scope: 'Namespaced', names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', description: 'A cron tab.', properties: {
        spec: { type: 'object', description: 'What to run and when.', properties: { cronSpec: { type: 'string', description: 'When to run, in cron format.' }, replicas: { type: 'integer' } } },
      } } } }] },
  };
  await withServer(async (url) => {
    const cwd = mkdtempSync(join(tmpdir(), 'explain-crd-'));
    try {
      const r = await kubectl(url, ['explain', 'ct.spec.cronSpec'], cwd);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /GROUP:\s+stable\.example\.com/);
      assert.match(r.stdout, /KIND:\s+CronTab/);
      assert.match(r.stdout, /FIELD: cronSpec <string>/);
      assert.match(r.stdout, /When to run, in cron format\./);
    } finally { rmSync(cwd, { recursive: true, force: true }); }
  }, (reg) => { for (const d of resourceDefFromCRD(crd)) reg.register(d); });
});
