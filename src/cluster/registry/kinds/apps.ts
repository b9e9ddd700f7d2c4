// apps/v1: Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision — defaults,
// workload validation and kubectl's columns. Rollout logic lives in the controllers.
import type { KubeObject } from '../../api/types';
import { defineResource } from '../define';
import { defaultPodTemplate } from '../defaults/podSpec';
import { column, formatLabels, formatLabelSelector, num, templateColumns } from '../printers/common';
import { immutable, invalid } from '../validation/field';
import { validateWorkload } from '../validation/workload';

const scale = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };
const selector = (o: KubeObject) => formatLabelSelector(o.spec?.selector);
const ALWAYS = ['Always'];
const WORKLOAD = ['all'];
const int = { type: 'integer' as const };

export const deployment = defineResource({
  group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true,
  shortNames: ['deploy'], categories: WORKLOAD, subresources: { status: true, scale },
  columns: [
    column('Ready', 'Number of the pod with ready state', (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`),
    column('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', (o) => num(o.status?.updatedReplicas)),
    column('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', (o) => num(o.status?.availableReplicas)),
    ...templateColumns((o) => o.spec?.template, selector),
  ],
  ageAt: 3,
  defaults(obj) {
    obj.spec ??= {};
    const s = obj.spec;
    s.replicas ??= 1;
    s.strategy ??= {};
    s.strategy.type ??= 'RollingUpdate';
    if (s.strategy.type === 'RollingUpdate') {
      s.strategy.rollingUpdate ??= {};
      s.strategy.rollingUpdate.maxUnavailable ??= '25%';
      s.strategy.rollingUpdate.maxSurge ??= '25%';
    }
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
    defaultPodTemplate(s.template);
  },
  validate(o, old) {
    const causes = validateWorkload(o, old, { kind: 'Deployment', restartPolicies: ALWAYS });
    const st = o.spec?.strategy;
    if (st?.type && !['Recreate', 'RollingUpdate'].includes(st.type)) causes.push({ reason: 'FieldValueNotSupported', field: 'spec.strategy.type', message: `Unsupported value: ${JSON.stringify(st.type)}: supported values: "Recreate", "RollingUpdate"` });
    if (st?.type === 'Recreate' && st.rollingUpdate) causes.push({ reason: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', message: "Forbidden: may not be specified when strategy `type` is 'Recreate'" });
    const ru = st?.rollingUpdate;
    if (ru && isZero(ru.maxUnavailable) && isZero(ru.maxSurge)) causes.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    return causes;
  },
});

function isZero(v: unknown): boolean {
  return v === 0 || v === '0%' || v === '0';
}

export const replicaSet = defineResource({
  group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true,
  shortNames: ['rs'], categories: WORKLOAD, subresources: { status: true, scale },
  columns: [
    column('Desired', 'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works', (o) => num(o.spec?.replicas), int),
    column('Current', 'Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works', (o) => num(o.status?.replicas), int),
    column('Ready', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.', (o) => num(o.status?.readyReplicas), int),
    ...templateColumns((o) => o.spec?.template, selector),
  ],
  ageAt: 3,
  defaults(obj) {
    obj.spec ??= {};
    obj.spec.replicas ??= 1;
    defaultPodTemplate(obj.spec.template);
  },
  validate: (o, old) => validateWorkload(o, old, { kind: 'ReplicaSet', restartPolicies: ALWAYS }),
  fieldSelectors: { 'status.replicas': (o) => String(num(o.status?.replicas)) },
});

export const statefulSet = defineResource({
  group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true,
  shortNames: ['sts'], categories: WORKLOAD, subresources: { status: true, scale },
  columns: [
    column('Ready', 'Number of the pod with ready state', (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`),
    ...templateColumns((o) => o.spec?.template),
  ],
  ageAt: 1,
  defaults(obj) {
    obj.spec ??= {};
    const s = obj.spec;
    s.replicas ??= 1;
    s.podManagementPolicy ??= 'OrderedReady';
    s.updateStrategy ??= {};
    s.updateStrategy.type ??= 'RollingUpdate';
    if (s.updateStrategy.type === 'RollingUpdate') {
      s.updateStrategy.rollingUpdate ??= {};
      s.updateStrategy.rollingUpdate.partition ??= 0;
    }
    s.revisionHistoryLimit ??= 10;
    s.persistentVolumeClaimRetentionPolicy ??= {};
    s.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
    s.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
    for (const t of s.volumeClaimTemplates ?? []) {
      if (!t || typeof t !== 'object') continue;
      t.apiVersion ??= 'v1';
      t.kind ??= 'PersistentVolumeClaim';
      t.spec ??= {};
      t.spec.volumeMode ??= 'Filesystem';
      t.status ??= { phase: 'Pending' };
    }
    defaultPodTemplate(s.template);
  },
  validate(o, old) {
    // Mounts may name volumeClaimTemplates: the controller adds them as each pod's volumes.
    const claimVolumes = (o.spec?.volumeClaimTemplates ?? []).map((t: any) => t?.metadata?.name).filter((n: unknown): n is string => typeof n === 'string');
    const causes = validateWorkload(o, old, { kind: 'StatefulSet', restartPolicies: ALWAYS, claimVolumes });
    const pmp = o.spec?.podManagementPolicy;
    if (pmp && !['OrderedReady', 'Parallel'].includes(pmp)) causes.push({ reason: 'FieldValueNotSupported', field: 'spec.podManagementPolicy', message: `Unsupported value: ${JSON.stringify(pmp)}: supported values: "OrderedReady", "Parallel"` });
    if (old) {
      // Only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds may change.
      const strip = (s: any) => { const c = { ...s }; for (const k of ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'revisionHistoryLimit']) delete c[k]; return c; };
      if (JSON.stringify(strip(o.spec ?? {})) !== JSON.stringify(strip(old.spec ?? {}))) {
        causes.push({ reason: 'FieldValueForbidden', field: 'spec', message: "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" });
      }
    }
    return causes;
  },
});

export const daemonSet = defineResource({
  group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true,
  shortNames: ['ds'], categories: WORKLOAD, subresources: { status: true },
  columns: [
    column('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/', (o) => num(o.status?.desiredNumberScheduled), int),
    column('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/', (o) => num(o.status?.currentNumberScheduled), int),
    column('Ready', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.', (o) => num(o.status?.numberReady), int),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', (o) => num(o.status?.updatedNumberScheduled), int),
    column('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', (o) => num(o.status?.numberAvailable), int),
    column('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node\'s labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/', (o) => formatLabels(o.spec?.template?.spec?.nodeSelector)),
    ...templateColumns((o) => o.spec?.template, selector),
  ],
  ageAt: 6,
  defaults(obj) {
    obj.spec ??= {};
    const s = obj.spec;
    s.updateStrategy ??= {};
    s.updateStrategy.type ??= 'RollingUpdate';
    if (s.updateStrategy.type === 'RollingUpdate') {
      s.updateStrategy.rollingUpdate ??= {};
      s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
      s.updateStrategy.rollingUpdate.maxSurge ??= 0;
    }
    s.revisionHistoryLimit ??= 10;
    defaultPodTemplate(s.template);
  },
  validate: (o, old) => validateWorkload(o, old, { kind: 'DaemonSet', restartPolicies: ALWAYS }),
});

export const controllerRevision = defineResource({
  group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true,
  columns: [
    column('Controller', 'Controller of the object', (o) => {
      const ref = (o.metadata?.ownerReferences ?? []).find((r) => r.controller);
      if (!ref) return '<none>';
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
      return `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
    }),
    column('Revision', 'Revision indicates the revision of the state represented by Data.', (o) => num(o.revision), int),
  ],
  validate(o, old) {
    const causes = [];
    if (typeof o.revision === 'number' && o.revision < 0) causes.push(invalid('revision', o.revision, 'must be greater than or equal to 0'));
    if (old) causes.push(...immutable('data', o.data, old.data));
    return causes;
  },
});
