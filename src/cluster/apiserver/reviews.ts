// The create-only review resources kubectl's `auth` commands POST: SelfSubjectAccessReview
// (`auth can-i`), SelfSubjectRulesReview (`auth can-i --list`), both authorization.k8s.io/v1,
// and SelfSubjectReview (`auth whoami`, authentication.k8s.io/v1). The playground has one
// user (the kubeconfig's bearer token), bound as a cluster-admin would be, so every access
// review is allowed with RBAC's cluster-admin reason. Not implemented: RBAC evaluation for
// other subjects (impersonation headers are not honoured), SubjectAccessReview for others,
// TokenReview, and listing these resources in discovery.
import { badRequest, methodNotAllowed } from '../api/errors';
import type { KubeObject } from '../api/types';
import { decodeBody } from './decode';
import type { ApiRequest, ApiResponse } from './request';

const ADMIN_REASON = 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"';
const USER = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

const REVIEWS: Record<string, { kind: string; apiVersion: string; answer(body: KubeObject): unknown }> = {
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews': {
    kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1',
    answer: (b) => {
      const s = (b as any).spec ?? {};
      if (!!s.resourceAttributes === !!s.nonResourceAttributes) {
        throw badRequest('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified');
      }
      return { allowed: true, reason: ADMIN_REASON };
    },
  },
  '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews': {
    kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1',
    answer: (b) => {
      if (!(b as any).spec?.namespace) throw badRequest('SelfSubjectRulesReview.authorization.k8s.io "" is invalid: spec.namespace: Required value: no namespace on request');
      return {
        resourceRules: [
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
          { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
        ],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      };
    },
  },
  '/apis/authentication.k8s.io/v1/selfsubjectreviews': {
    kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1',
    answer: () => ({ userInfo: USER }),
  },
};

/** The answer for a review path, or undefined when the path is not a review. */
export function review(req: ApiRequest, path: string): ApiResponse | undefined {
  const r = REVIEWS[path];
  if (!r) return undefined;
  if (req.method !== 'POST') throw methodNotAllowed();
  const body = (decodeBody(req) ?? {}) as KubeObject;
  if (body.kind && body.kind !== r.kind) throw badRequest(`expected a ${r.kind}, got ${body.kind}`);
  const status = r.answer(body);
  const spec = (body as any).spec;
  return {
    status: 201,
    body: { kind: r.kind, apiVersion: r.apiVersion, metadata: { creationTimestamp: null }, ...(spec ? { spec } : {}), status } as unknown as KubeObject,
  };
}
