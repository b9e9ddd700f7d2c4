// serviceaccounts/<name>/token (TokenRequest, authentication.k8s.io/v1), which `kubectl create
// token` POSTs. Answers as Kubernetes does: a JWT whose claims name the service account
// (iss, sub system:serviceaccount:<ns>:<name>, aud, exp, kubernetes.io), expiring after
// spec.expirationSeconds (default 1 h, at least 10 min). Not implemented: the token does not
// authenticate against this API server (the playground has one user: the kubeconfig's token),
// and boundObjectRef binding is echoed, not enforced. The signing key lives for the process.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { badRequest } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { ServerContext } from './context';
import { getObject } from './reads';
import type { ResourceDef } from './registryTypes';

const KEY = randomBytes(32);
const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

export function requestToken(sc: ServerContext, def: ResourceDef, namespace: string, name: string, body: KubeObject): KubeObject {
  if (body?.kind && body.kind !== 'TokenRequest') throw badRequest(`expected a TokenRequest, got ${body.kind}`);
  const sa = getObject(sc, def, namespace, name);
  const spec = (body as any)?.spec ?? {};
  const expirationSeconds = Number(spec.expirationSeconds ?? 3600);
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < 600) {
    throw badRequest('spec.expirationSeconds: Invalid value: must be at least 600 seconds (10 minutes)');
  }
  const audiences: string[] = spec.audiences?.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local'];
  const now = Math.floor(Date.now() / 1000);
  const exp = now + expirationSeconds;
  const claims: Record<string, unknown> = {
    aud: audiences, exp, iat: now, nbf: now, jti: randomUUID(),
    iss: 'https://kubernetes.default.svc.cluster.local',
    sub: `system:serviceaccount:${namespace}:${name}`,
    'kubernetes.io': {
      namespace,
      serviceaccount: { name, uid: sa.metadata.uid },
      ...(spec.boundObjectRef?.name ? { [String(spec.boundObjectRef.kind ?? '').toLowerCase()]: { name: spec.boundObjectRef.name, uid: spec.boundObjectRef.uid } } : {}),
    },
  };
  const unsigned = `${b64url(JSON.stringify({ alg: 'HS256', kid: 'playground' }))}.${b64url(JSON.stringify(claims))}`;
  const token = `${unsigned}.${createHmac('sha256', KEY).update(unsigned).digest('base64url')}`;
  return {
    kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null as unknown as string },
    spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
  } as KubeObject;
}
