// Env resolution (envFrom, valueFrom, $(VAR) expansion), QoS classes, back-off growth, and the
// pause binary's ELF header.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerEnv, ContainerConfigError, expand, type ObjectSource } from '../../../src/cluster/kubelet/env';
import { qosClass } from '../../../src/cluster/kubelet/qos';
import { Backoff } from '../../../src/cluster/kubelet/backoff';
import { pauseElf, tarArchive } from '../../../src/cluster/kubelet/pauseImage';
import { parseQuantity } from '../../../src/cluster/kubelet/quantity';

const src: ObjectSource = {
  configMap: async (_ns, name) => (name === 'cfg' ? { data: { A: 'a', B: 'b' } } as any : undefined),
  secret: async (_ns, name) => (name === 'sec' ? { data: { P: Buffer.from('pw').toString('base64') } } as any : undefined),
};
const facts = { podIP: '10.0.0.5', hostIP: '172.18.0.1', nodeCpuCores: 4, nodeMemoryBytes: 8 * 2 ** 30 };
const pod: any = { metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { app: 'x', tier: 'db' } }, spec: { nodeName: 'n1', containers: [] } };

test('env: envFrom, then env in order, with valueFrom and $(VAR) expansion', async () => {
  const c: any = {
    name: 'c', resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } },
    envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CM_' }, { secretRef: { name: 'sec' } }],
    env: [
      { name: 'A', value: 'x-$(CM_A)-$(NOPE)-$$(CM_B)' },
      { name: 'S', valueFrom: { secretKeyRef: { name: 'sec', key: 'P' } } },
      { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'LABELS', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'CPU_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
      { name: 'CPU_LIM', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'Z', optional: true } } },
    ],
  };
  const env = new Map(await containerEnv(pod, c, src, facts));
  assert.equal(env.get('CM_A'), 'a');
  assert.equal(env.get('P'), 'pw');
  assert.equal(env.get('A'), 'x-a-$(NOPE)-$(CM_B)');
  assert.equal(env.get('S'), 'pw');
  assert.equal(env.get('IP'), '10.0.0.5');
  assert.equal(env.get('APP'), 'x');
  assert.equal(env.get('LABELS'), 'app="x"\ntier="db"');
  assert.equal(env.get('MEM'), '64');
  assert.equal(env.get('CPU_REQ'), '250');
  assert.equal(env.get('CPU_LIM'), '4');
  assert.equal(env.has('OPT'), false);
});

test('env: a missing key or object is a CreateContainerConfigError with Kubernetes wording', async () => {
  await assert.rejects(containerEnv(pod, { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'Z' } } }] }, src, facts),
    (e: any) => e instanceof ContainerConfigError && e.message === "couldn't find key Z in ConfigMap ns/cfg");
  await assert.rejects(containerEnv(pod, { name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'other', key: 'Z' } } }] }, src, facts), /secret "other" not found/);
  assert.equal(expand('$(A)$(B)', new Map([['A', '1']])), '1$(B)');
});

test('QoS: BestEffort, Burstable, Guaranteed (requests default to limits)', () => {
  const p = (...res: any[]) => ({ spec: { containers: res.map((r, i) => ({ name: `c${i}`, resources: r })) } }) as any;
  assert.equal(qosClass(p({})), 'BestEffort');
  assert.equal(qosClass(p({ requests: { cpu: '100m' } })), 'Burstable');
  assert.equal(qosClass(p({ limits: { cpu: '1', memory: '1Gi' } })), 'Guaranteed');
  assert.equal(qosClass(p({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } })), 'Guaranteed');
  assert.equal(qosClass(p({ limits: { cpu: '1', memory: '1Gi' } }, {})), 'Burstable');
  assert.equal(qosClass(p({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } })), 'Burstable');
  assert.equal(parseQuantity('1.5Gi'), 1.5 * 2 ** 30);
  assert.equal(parseQuantity('bogus'), undefined);
});

test('back-off doubles from base up to max and resets', () => {
  let now = 0;
  const b = new Backoff(10_000, 300_000, () => now);
  assert.equal(b.remaining('k'), 0);
  const seq = [];
  for (let i = 0; i < 8; i++) { seq.push(b.next('k')); now += 1; }
  assert.deepEqual(seq, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  assert.ok(b.remaining('k') > 0);
  now += 10 * 300_000;
  assert.equal(b.next('k'), 10_000, 'forgotten after a long quiet period');
  b.reset('k');
  assert.equal(b.remaining('k'), 0);
});

test('pause binary: a static ELF for x86_64 and arm64, tarred', () => {
  for (const [arch, machine] of [['x64', 0x3e], ['arm64', 0xb7]] as const) {
    const elf = pauseElf(arch);
    assert.deepEqual([...elf.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46]);
    assert.equal(elf.readUInt16LE(18), machine);
    assert.equal(Number(elf.readBigUInt64LE(24)), 0x400000 + 120);
    assert.ok(elf.length < 256);
  }
  const tar = tarArchive([{ name: 'pause', data: pauseElf('x64'), mode: 0o755 }]);
  assert.equal(tar.length % 512, 0);
  assert.equal(tar.subarray(257, 262).toString(), 'ustar');
});

test('service env vars: pod namespace services plus default/kubernetes, docker-links style', async () => {
  const { serviceEnv } = await import('../../../src/cluster/kubelet/serviceEnv');
  const svc = (ns: string, name: string, ip: string, ports: any[]) => ({ metadata: { namespace: ns, name }, spec: { clusterIP: ip, ports } }) as any;
  const services = [
    svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]),
    svc('ns', 'redis-master', '10.96.0.11', [{ port: 6379 }]),
    svc('ns', 'headless', 'None', [{ port: 80 }]),
    svc('other', 'elsewhere', '10.96.0.12', [{ port: 80 }]),
  ];
  const env = new Map(serviceEnv(pod, services));
  assert.equal(env.get('REDIS_MASTER_SERVICE_HOST'), '10.96.0.11');
  assert.equal(env.get('REDIS_MASTER_SERVICE_PORT'), '6379');
  assert.equal(env.get('REDIS_MASTER_PORT'), 'tcp://10.96.0.11:6379');
  assert.equal(env.get('REDIS_MASTER_PORT_6379_TCP_ADDR'), '10.96.0.11');
  assert.equal(env.get('KUBERNETES_SERVICE_PORT_HTTPS'), '443');
  assert.equal(env.has('HEADLESS_SERVICE_HOST'), false);
  assert.equal(env.has('ELSEWHERE_SERVICE_HOST'), false);
  const noLinks = new Map(serviceEnv({ ...pod, spec: { ...pod.spec, enableServiceLinks: false } }, services));
  assert.deepEqual([...noLinks.keys()].filter((k) => k.endsWith('_SERVICE_HOST')), ['KUBERNETES_SERVICE_HOST']);
  const withOwn = new Map(await containerEnv(pod, { name: 'c', env: [{ name: 'REDIS_MASTER_SERVICE_PORT', value: 'mine' }] }, src, facts, serviceEnv(pod, services)));
  assert.equal(withOwn.get('REDIS_MASTER_SERVICE_PORT'), 'mine', 'the pod’s own env wins');
});
