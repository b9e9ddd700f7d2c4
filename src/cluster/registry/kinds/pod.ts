// core/v1 Pod: defaults, validation (incl. what an update may change), kubectl's columns and
// the field selectors kubelets, kubectl describe node and the scheduler use.
import type { KubeObject, StatusCause } from '../../api/types';
import { defineResource } from '../define';
import { defaultPodSpec } from '../defaults/podSpec';
import { column, wide } from '../printers/common';
import { podIP, podRow, readinessGates } from '../printers/podStatus';
import { deepEqual, forbidden } from '../validation/field';
import { validatePodSpec } from '../validation/podSpec';

const MUTABLE_MESSAGE = 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** An update may change images, activeDeadlineSeconds and add tolerations; nothing else in spec. */
function validatePodUpdate(obj: KubeObject, old: KubeObject): StatusCause[] {
  // Most pod updates (binding aside) are status writes: an unchanged spec needs no copies.
  if (deepEqual(obj.spec ?? {}, old.spec ?? {})) return [];
  // Copies deep enough for the deletes below (top-level spec fields, container images).
  const strip = (spec: any) => {
    const s = { ...spec };
    for (const k of ['containers', 'initContainers']) {
      if (Array.isArray(s[k])) s[k] = s[k].map((c: any) => (c && typeof c === 'object' ? { ...c, image: undefined } : c));
    }
    return s;
  };
  const a = strip(obj.spec ?? {});
  const b = strip(old.spec ?? {});
  delete a.activeDeadlineSeconds; delete b.activeDeadlineSeconds;
  const oldTol: any[] = b.tolerations ?? [];
  const newTol: any[] = a.tolerations ?? [];
  const tolerationsOk = oldTol.every((t) => newTol.some((n) => deepEqual(n, t)));
  delete a.tolerations; delete b.tolerations;
  // The scheduler's binding sets nodeName once.
  if (!b.nodeName) delete a.nodeName;
  delete b.nodeName; delete a.nodeName;
  if (!tolerationsOk || !deepEqual(a, b)) return [forbidden('spec', MUTABLE_MESSAGE)];
  return [];
}

export const pod = defineResource({
  group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true,
  shortNames: ['po'], categories: ['all'],
  subresources: { status: true, connect: ['attach', 'binding', 'eviction', 'exec', 'log', 'portforward'] },
  strategy: { bumpGenerationOnSpecChange: false },
  columns: [
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.', (o, c) => podRow(o, c.now).ready),
    column('Status', 'The aggregate status of the containers in this pod.', (o, c) => podRow(o, c.now).status),
    column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.', (o, c) => podRow(o, c.now).restarts),
    column('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', (o) => podIP(o), wide),
    column('Node', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename', (o) => o.spec?.nodeName || '<none>', wide),
    column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.', (o) => o.status?.nominatedNodeName || '<none>', wide),
    column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates', (o) => readinessGates(o), wide),
  ],
  ageAt: 3,
  defaults(obj) {
    obj.spec ??= {};
    defaultPodSpec(obj.spec);
    const s = obj.spec;
    s.enableServiceLinks ??= true;
    if (s.serviceAccountName === undefined && s.serviceAccount !== undefined) s.serviceAccountName = s.serviceAccount;
    s.serviceAccountName ??= 'default';
    s.serviceAccount ??= s.serviceAccountName;
    s.priority ??= 0;
    s.preemptionPolicy ??= 'PreemptLowerPriority';
  },
  prepareForCreate(obj) {
    obj.status = { ...obj.status, phase: obj.status?.phase ?? 'Pending', qosClass: qosClass(obj.spec ?? {}) };
  },
  validate(obj, old) {
    const causes = validatePodSpec(obj.spec, 'spec');
    if (old && causes.length === 0) causes.push(...validatePodUpdate(obj, old));
    return causes;
  },
  fieldSelectors: {
    'spec.nodeName': (o) => o.spec?.nodeName ?? '',
    'spec.restartPolicy': (o) => o.spec?.restartPolicy ?? '',
    'spec.schedulerName': (o) => o.spec?.schedulerName ?? '',
    'spec.serviceAccountName': (o) => o.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': (o) => String(!!o.spec?.hostNetwork),
    'status.phase': (o) => o.status?.phase ?? '',
    'status.podIP': (o) => o.status?.podIP ?? '',
    'status.podIPs': (o) => o.status?.podIPs?.[0]?.ip ?? '',
    'status.nominatedNodeName': (o) => o.status?.nominatedNodeName ?? '',
  },
});

/** Guaranteed when every container has equal cpu+memory limits and requests; BestEffort with none. */
function qosClass(spec: any): string {
  const containers: any[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
