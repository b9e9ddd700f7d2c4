// The API server's PKI, made on first start and kept in <dataDir>/pki: a CA and a serving
// certificate (SAN 127.0.0.1, localhost; ECDSA P-256) plus a random bearer token, and the
// kubeconfig that trusts the CA. Not implemented: client certificates, rotation.
import { webcrypto, randomBytes, createPrivateKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

export interface Pki { caPem: string; certPem: string; keyPem: string; token: string }

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

async function exists(f: string): Promise<boolean> {
  try { await readFile(f); return true; } catch { return false; }
}

export async function loadOrCreatePki(dataDir: string): Promise<Pki> {
  const dir = join(dataDir, 'pki');
  const files = { ca: join(dir, 'ca.crt'), cert: join(dir, 'apiserver.crt'), key: join(dir, 'apiserver.key'), token: join(dir, 'token') };
  if (await exists(files.key) && await exists(files.cert) && await exists(files.ca) && await exists(files.token)) {
    return {
      caPem: await readFile(files.ca, 'utf8'), certPem: await readFile(files.cert, 'utf8'),
      keyPem: await readFile(files.key, 'utf8'), token: (await readFile(files.token, 'utf8')).trim(),
    };
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const crypto = webcrypto;
  x509.cryptoProvider.set(crypto as never);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const caKeys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'), name: 'CN=kube-playground-ca', notBefore, notAfter, keys: caKeys, signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8).toString('hex'), subject: 'CN=kube-apiserver', issuer: ca.subject, notBefore, notAfter,
    signingKey: caKeys.privateKey, publicKey: keys.publicKey, signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }, { type: 'dns', value: 'kubernetes.default.svc' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
  const pki: Pki = { caPem: ca.toString('pem') + '\n', certPem: cert.toString('pem') + '\n', keyPem, token: randomBytes(24).toString('base64url') };
  await writeFile(files.ca, pki.caPem);
  await writeFile(files.cert, pki.certPem);
  await writeFile(files.key, pki.keyPem, { mode: 0o600 });
  await writeFile(files.token, pki.token + '\n', { mode: 0o600 });
  return pki;
}

/** Writes <dataDir>/kubeconfig (cluster/context/user `kube-playground`) and returns its path. */
export async function writeKubeconfig(dataDir: string, server: string, file = join(dataDir, 'kubeconfig')): Promise<string> {
  const pki = await loadOrCreatePki(dataDir);
  const yaml = [
    'apiVersion: v1', 'kind: Config', 'preferences: {}',
    'clusters:', '- name: kube-playground', '  cluster:', `    server: ${server}`,
    `    certificate-authority-data: ${Buffer.from(pki.caPem).toString('base64')}`,
    'users:', '- name: kube-playground', '  user:', `    token: ${pki.token}`,
    'contexts:', '- name: kube-playground', '  context:', '    cluster: kube-playground', '    user: kube-playground', '    namespace: default',
    'current-context: kube-playground', '',
  ].join('\n');
  await writeFile(file, yaml, { mode: 0o600 });
  return file;
}
