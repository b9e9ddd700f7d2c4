// The extension's vscode-free logic under node's runner: manifest splitting and field lines,
// the lens' in-sync check, status strings as kubectl prints them, describe output, fan-in helpers,
// a KUBECONFIG list merged by kubectl's rules.
import { test } from 'node:test';
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseManifests, lineOfField } from '../../src/extension/apply/manifests';
import { inSync } from '../../src/extension/apply/inSync';
import { podStatus, objectStatus } from '../../src/extension/tree/status';
import { describe as describeObject, eventOrder } from '../../src/extension/documents/describe';
import { contextPin } from '../../src/extension/terminal/env';
import { which } from '../../src/extension/terminal/which';
import { kubectlPath } from '../helpers/env';
import { execFileSync } from 'node:child_process';
import { debounce, sequentialize } from '../../src/extension/util/fanIn';
import { loadKubeconfigList } from '../../src/extension/kube/kubeconfigList';

const lensYaml = fs.readFileSync(path.join(__dirname, 'fixtures', 'lens.yaml'), 'utf8');

test('manifests: each document with its first line; a field path maps to its line', () => {
  const docs = parseManifests(lensYaml);
  assert.deepStrictEqual(docs.map((d) => [d.index, d.line, d.object?.kind]), [[0, 0, 'ConfigMap'], [1, 7, 'Deployment']]);
  const replicasLine = lensYaml.split('\n').findIndex((l) => l.includes('replicas: -1'));
  assert.strictEqual(lineOfField(lensYaml, docs[1], 'spec.replicas'), replicasLine);
  assert.strictEqual(lineOfField(lensYaml, docs[1], 'spec.template.spec.containers[0].image'), lensYaml.split('\n').findIndex((l) => l.includes('image: busybox')));
  assert.strictEqual(lineOfField(lensYaml, docs[1], 'spec.nope'), lensYaml.split('\n').findIndex((l) => l === 'spec:'));
  assert.strictEqual(lineOfField(lensYaml, docs[1], undefined), docs[1].line);
  const bad = parseManifests('a: [1\n---\nkind: Pod\n');
  assert.ok(bad[0].error);
  assert.match(bad[1].error ?? '', /apiVersion and kind/);
  assert.deepStrictEqual(parseManifests('{"kind":"List","apiVersion":"v1","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}]}', true).map((d) => d.object.metadata.name), ['a']);
});

test('inSync: quantities count by value, as the server canonicalizes them', () => {
  const local = { spec: { containers: [{ name: 'c', resources: { requests: { cpu: 0.5, memory: '1024Mi' }, limits: { cpu: '1' } } }] } };
  const live = { spec: { containers: [{ name: 'c', resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1' } } }] } };
  assert.strictEqual(inSync(local, live), true);
  assert.strictEqual(inSync({ spec: { containers: [{ resources: { requests: { cpu: '250m' } } }] } }, live), false);
  assert.strictEqual(inSync({ spec: { containers: [{ name: 'd' }] } }, live), false);
});

test('inSync: manifest fields must match the live object, which may hold more', () => {
  const local = { spec: { replicas: 2, ports: [{ port: 80 }] } };
  assert.strictEqual(inSync(local, { spec: { replicas: 2, ports: [{ port: 80, protocol: 'TCP' }], extra: 1 }, status: {} }), true);
  assert.strictEqual(inSync(local, { spec: { replicas: 3, ports: [{ port: 80 }] } }), false);
  assert.strictEqual(inSync(local, { spec: { replicas: 2, ports: [{ port: 80 }, { port: 81 }] } }), false);
  assert.strictEqual(inSync({ data: { port: '80' } }, { data: { port: 80 } }), true);
});

test('status strings: Running n/m, waiting reasons, Completed, Terminating, replicas', () => {
  const pod = (status: any, extra: any = {}) => ({ kind: 'Pod', metadata: { name: 'p', ...extra }, spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status });
  assert.deepStrictEqual(podStatus(pod({ phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }, { ready: true, state: { running: {} } }] })), { text: 'Running 2/2', health: 'ok' });
  assert.strictEqual(podStatus(pod({ phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }, { ready: false, state: { running: {} } }] })).text, 'Running 1/2');
  assert.deepStrictEqual(podStatus(pod({ phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] })), { text: 'CrashLoopBackOff', health: 'bad' });
  assert.strictEqual(podStatus(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] })).text, 'Unschedulable');
  assert.strictEqual(podStatus(pod({ phase: 'Succeeded' })).text, 'Completed');
  assert.strictEqual(podStatus(pod({ phase: 'Running' }, { deletionTimestamp: 'x' })).text, 'Terminating');
  assert.strictEqual(objectStatus({ kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3 }, status: { readyReplicas: 1 } })?.text, '1/3 ready');
  assert.strictEqual(objectStatus({ kind: 'Node', metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } })?.text, 'NotReady');
  assert.strictEqual(objectStatus({ kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } })?.text, '1 key');
  assert.strictEqual(objectStatus({ kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { a: 'MQ==', b: 'Mg==' } })?.text, 'Opaque, 2 keys');
});

test('describe: aligned kubectl-style fields, containers, events', () => {
  const text = describeObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' }, uid: 'u' }, spec: { nodeName: 'node-1', containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] }, status: { phase: 'Running', podIP: '10.0.0.5', containerStatuses: [{ name: 'nginx', ready: true, restartCount: 2, state: { running: {} } }] } },
    [{ metadata: { name: 'e', namespace: 'default' }, type: 'Warning', reason: 'BackOff', message: 'Back-off restarting', source: { component: 'kubelet' } }]);
  const col = text.split('\n')[0].indexOf('web-1');
  assert.ok(text.split('\n').filter((l) => /^[A-Z]/.test(l) && l.includes(': ')).every((l) => /\S/.test(l[col]) && l[col - 1] === ' '), 'top-level values share one column');
  assert.match(text, /^Node:\s+node-1$/m);
  assert.match(text, /^ {4}Image: {9}nginx:1\.27$/m);
  assert.match(text, /^ {4}Restart Count: {1}2$/m);
  assert.match(text, /^ {2}Type {5}Reason {3}From {5}Message$/m);
  assert.match(text, /^ {2}Warning {2}BackOff {2}kubelet {2}Back-off restarting$/m);
});

test('debounce: a burst is one call; a sustained burst still calls every maxWait', async () => {
  let calls = 0;
  const d = debounce(() => calls++, 30);
  for (let i = 0; i < 50; i++) d();
  await new Promise((r) => setTimeout(r, 80));
  assert.strictEqual(calls, 1);
  let sustained = 0;
  const s = debounce(() => sustained++, 40, 100);
  const end = Date.now() + 350;
  while (Date.now() < end) { s(); await new Promise((r) => setTimeout(r, 10)); }
  assert.ok(sustained >= 2 && sustained <= 4, `${sustained} calls`);
  s.cancel();
});

test('sequentialize: calls with one key run in order, other keys do not wait', async () => {
  const log: string[] = [];
  const run = sequentialize((k: string, _ms: number) => k, async (k: string, ms: number) => { log.push(`start ${k}${ms}`); await new Promise((r) => setTimeout(r, ms)); log.push(`end ${k}${ms}`); });
  await Promise.all([run('a', 30), run('a', 1), run('b', 5)]);
  assert.deepStrictEqual(log.filter((l) => / a\d/.test(l)), ['start a30', 'end a30', 'start a1', 'end a1']);
  assert.ok(log.indexOf('end b5') < log.indexOf('end a30'));
});

test('loadKubeconfigList: kubectl\'s merge: first definition of a name wins, first current-context, missing files skipped', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpg-kubeconfig-'));
  try {
    const file = (name: string, server: string, context: string, current?: string) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, `apiVersion: v1\nkind: Config\n${current ? `current-context: ${current}\n` : ''}clusters:\n- name: shared\n  cluster: {server: '${server}', certificate-authority: ca-${name}.crt}\nusers:\n- name: admin\n  user: {token: t-${name}}\ncontexts:\n- name: ${context}\n  context: {cluster: shared, user: admin}\n`);
      return p;
    };
    const a = file('a', 'https://a.example:6443', 'ctx-a');
    const b = file('b', 'https://b.example:6443', 'ctx-b', 'ctx-b');
    const empty = path.join(dir, 'empty');
    fs.writeFileSync(empty, 'not: [yaml');
    const warnings: string[] = [];
    const kc = loadKubeconfigList([path.join(dir, 'missing'), a, empty, b], (m) => warnings.push(m))!;
    assert.deepStrictEqual(kc.getContexts().map((c) => c.name), ['ctx-a', 'ctx-b']);
    assert.strictEqual(kc.getCurrentContext(), 'ctx-b', 'the first file that sets current-context');
    assert.deepStrictEqual(kc.getClusters().map((c) => [c.server, c.caFile]), [['https://a.example:6443', path.join(dir, 'ca-a.crt')]], 'the first "shared" wins, its paths relative to its file');
    assert.deepStrictEqual(kc.getUsers().map((u) => u.token), ['t-a']);
    assert.strictEqual(warnings.length, 1);
    assert.match(warnings[0], /empty/);
    assert.strictEqual(loadKubeconfigList([path.join(dir, 'missing')]), undefined);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('describe/Events: oldest first; events of one second in name order (named for when they happened), as kubectl lists them', () => {
  const ev = (reason: string, name: string, last: string, rv: string) => ({ metadata: { name, namespace: 'default', resourceVersion: rv }, lastTimestamp: last, reason });
  const t = '2026-12-07T10:22:01Z';
  // Scheduled happened first but was written last (a queued write).
  const sorted = [ev('Started', 'web.17f3a0c4', t, '120'), ev('Pulled', 'web.17f3a0c2', t, '118'), ev('Killing', 'web.17f3a0c0', '2026-12-07T10:25:00Z', '90'),
    ev('Scheduled', 'web.17f3a0c1', t, '121'), ev('Created', 'web.17f3a0c3', t, '119')].sort(eventOrder);
  assert.deepStrictEqual(sorted.map((e) => e.reason), ['Scheduled', 'Pulled', 'Created', 'Started', 'Killing']);
});

test('terminal KUBECONFIG: the pin file ahead of the user\'s list makes kubectl use the views\' context, and changes no user file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpg-pin-'));
  try {
    const user = path.join(dir, 'config');
    const original = 'apiVersion: v1\nkind: Config\ncurrent-context: prod\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: prod\n  context: {cluster: c, user: u}\n- name: "dev: the one shown"\n  context: {cluster: c, user: u, namespace: dev}\n';
    fs.writeFileSync(user, original);
    const pin = contextPin(path.join(dir, 'storage'), 'dev: the one shown');
    assert.strictEqual(contextPin(path.join(dir, 'storage'), 'dev: the one shown'), pin, 'one file per context name');
    const kubectl = (...args: string[]) => execFileSync(kubectlPath(), args, { env: { ...process.env, KUBECONFIG: pin + path.delimiter + user }, encoding: 'utf8' }).trim();
    assert.strictEqual(kubectl('config', 'current-context'), 'dev: the one shown');
    assert.strictEqual(kubectl('config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace}'), 'dev');
    assert.strictEqual(fs.readFileSync(user, 'utf8'), original);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('which: finds an executable on PATH or as a path, not a plain file or a missing one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpg-which-'));
  try {
    const tool = path.join(dir, 'kubectl');
    fs.writeFileSync(tool, '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'notes'), 'not a program', { mode: 0o644 });
    assert.strictEqual(which('kubectl', ['/nonexistent', dir].join(path.delimiter)), tool);
    assert.strictEqual(which(tool, ''), tool);
    assert.strictEqual(which('notes', dir), undefined);
    assert.strictEqual(which('kubectl', '/nonexistent'), undefined);
    assert.strictEqual(which(path.join(dir, 'missing'), dir), undefined);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});
