// Resources that are not stored: ComponentStatus (v1, deprecated, read-only: `kubectl get cs`)
// and the create-only reviews `kubectl auth can-i|whoami` POST (authorization.k8s.io/v1
// SelfSubjectAccessReview, SelfSubjectRulesReview; authentication.k8s.io/v1 SelfSubjectReview).
// Declared here so discovery and api-resources list them as Kubernetes does; the API server
// answers them itself (apiserver/reviews.ts, apiserver/componentStatuses.ts).
import type { KubeObject } from '../../api/types';
import { defineResource } from '../define';
import { column } from '../printers/common';
import { READ_VERBS } from '../types';

const healthy = (o: KubeObject) => ((o as any).conditions ?? []).find((c: any) => c.type === 'Healthy');
const notStored = { resetStatusOnCreate: false, bumpGenerationOnSpecChange: false, preserveStatusOnUpdate: false };

export const componentStatus = defineResource({
  group: '', version: 'v1', kind: 'ComponentStatus', plural: 'componentstatuses', namespaced: false,
  shortNames: ['cs'], verbs: READ_VERBS, readOnly: true,
  allColumns: [
    column('Name', 'Name of the component.', (o) => o.metadata?.name ?? '', { format: 'name' }),
    column('Status', 'Whether the component is healthy.', (o) => (healthy(o)?.status === 'True' ? 'Healthy' : 'Unhealthy')),
    column('Message', 'Message from the health check.', (o) => healthy(o)?.message ?? ''),
    column('Error', 'Error from the health check.', (o) => healthy(o)?.error ?? ''),
  ],
  strategy: notStored,
});

const review = (group: string, kind: string, plural: string) => defineResource({
  group, version: 'v1', kind, plural, namespaced: false, verbs: ['create'], skipNameValidation: true, strategy: notStored,
  definition: '', // no OpenAPI schema is bundled for the reviews
});

export const selfSubjectReview = review('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews');
export const selfSubjectAccessReview = review('authorization.k8s.io', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews');
export const selfSubjectRulesReview = review('authorization.k8s.io', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews');
