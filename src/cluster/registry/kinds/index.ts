// Every built-in kind the playground serves, in discovery order within each group.
import type { ResourceDef } from '../types';
import { customResourceDefinition, nodeMetrics, podMetrics } from './apiextensions';
import { controllerRevision, daemonSet, deployment, replicaSet, statefulSet } from './apps';
import { hpaV1, hpaV2 } from './autoscaling';
import { cronJob, job } from './batch';
import { configMap, endpoints, namespace, replicationController, secret, serviceAccount } from './core';
import { event, eventsV1 } from './event';
import { endpointSlice, ingress, ingressClass, lease } from './networking';
import { node } from './node';
import { pod } from './pod';
import { clusterRole, clusterRoleBinding, limitRange, networkPolicy, podDisruptionBudget, podTemplate, priorityClass, resourceQuota, role, roleBinding } from './policy';
import { componentStatus, selfSubjectAccessReview, selfSubjectReview, selfSubjectRulesReview } from './review';
import { service } from './service';
import { persistentVolume, persistentVolumeClaim, storageClass } from './storage';

export function builtinResources(): ResourceDef[] {
  return [
    configMap, endpoints, event, namespace, node, persistentVolumeClaim, persistentVolume, pod,
    replicationController, secret, serviceAccount, service, limitRange, podTemplate, resourceQuota, componentStatus,
    controllerRevision, daemonSet, deployment, replicaSet, statefulSet,
    eventsV1,
    selfSubjectReview,
    selfSubjectAccessReview, selfSubjectRulesReview,
    hpaV2, hpaV1,
    cronJob, job,
    ingressClass, ingress, networkPolicy,
    podDisruptionBudget,
    clusterRoleBinding, clusterRole, roleBinding, role,
    storageClass,
    priorityClass,
    lease,
    endpointSlice,
    customResourceDefinition,
    nodeMetrics, podMetrics,
  ];
}
