// The PKI and kubeconfig: made once per data dir and reused on restart; the kubeconfig names
// cluster, context and user `kube-playground` and trusts the CA; only health and version are
// anonymous; the server listens on 127.0.0.1 only.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { startApiServer } from '../../../src/cluster/apiserver';
import { MemoryStore } from '../../../src/cluster/apiserver/testing/memoryStore';
import { createStandInRegistry } from '../../../src/cluster/apiserver/testing/standInRegistry';

function fetchStatus(url: string, ca: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ca, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('PKI and kubeconfig', () => {
  it('creates the PKI once and reuses it; kubeconfig trusts the CA', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kpg-pki-'));
    try {
      const a = await startApiServer({ dataDir: dir, store: new MemoryStore(), registry: createStandInRegistry(), registryModule: {} });
      const file = await a.writeKubeconfig();
      const kc = parse(await readFile(file, 'utf8'));
      assert.equal(kc['current-context'], 'kube-playground');
      assert.equal(kc.clusters[0].name, 'kube-playground');
      assert.equal(kc.users[0].user.token, a.token);
      assert.equal(Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), a.caPem);
      assert.match(a.server, /^https:\/\/127\.0\.0\.1:\d+$/);
      const cert = new X509Certificate(await readFile(join(dir, 'pki', 'apiserver.crt')));
      assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
      assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
      assert.ok(cert.verify(new X509Certificate(a.caPem).publicKey));
      assert.deepEqual(await fetchStatus(`${a.server}/readyz`, a.caPem), { status: 200, body: 'ok' });
      assert.equal((await fetchStatus(`${a.server}/version`, a.caPem)).status, 200);
      assert.equal((await fetchStatus(`${a.server}/api`, a.caPem)).status, 401);
      assert.equal((await fetchStatus(`${a.server}/api`, a.caPem, a.token)).status, 200);
      await a.close();
      const b = await startApiServer({ dataDir: dir, store: new MemoryStore(), registry: createStandInRegistry(), registryModule: {} });
      assert.equal(b.token, a.token);
      assert.equal(b.caPem, a.caPem);
      await b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
