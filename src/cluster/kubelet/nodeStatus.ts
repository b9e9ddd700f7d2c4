// The kubelet's Node object and its heartbeats: registration (labels, taints, capacity,
// addresses, nodeInfo), the NodeStatus conditions with lastHeartbeatTime, and the Lease in
// kube-node-lease that the node lifecycle controller watches (renewed every few seconds).
// Not implemented: images list, volumesAttached, real pressure detection (always False).
import os from 'node:os';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { isApiError } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { ApiClient } from '../client/types';
import { formatKi } from './quantity';

export const KUBELET_VERSION = 'v1.32.5';
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

export interface NodeDescription {
  name: string;
  role: 'control-plane' | 'worker';
  hostIP: string;
  runtimeVersion: string;
  cpuCores: number;
  memoryBytes: number;
  podCIDR?: string;
}

export function nodeCapacity(): { cpuCores: number; memoryBytes: number } {
  return { cpuCores: os.cpus().length || 1, memoryBytes: os.totalmem() };
}

export function microTime(d = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function arch(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch;
}

export function nodeConditions(now: string, ready: boolean, old: NodeCondition[] = []): NodeCondition[] {
  const c = (type: string, status: string, reason: string, message: string): NodeCondition => {
    const prev = old.find((x) => x.type === type);
    return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now };
  };
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready ? c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
      : c('Ready', 'False', 'KubeletNotReady', 'container runtime is not ready'),
  ];
}

export function nodeObject(d: NodeDescription, now: string): Node {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': arch(), 'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': arch(), 'kubernetes.io/hostname': d.name, 'kubernetes.io/os': 'linux',
  };
  if (d.role === 'control-plane') {
    labels[CONTROL_PLANE_LABEL] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const resources = {
    cpu: String(d.cpuCores), memory: formatKi(d.memoryBytes), pods: '110', 'ephemeral-storage': '102626232Ki',
    'hugepages-1Gi': '0', 'hugepages-2Mi': '0',
  };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: d.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
    spec: {
      ...(d.podCIDR ? { podCIDR: d.podCIDR, podCIDRs: [d.podCIDR] } : {}),
      ...(d.role === 'control-plane' ? { taints: [{ key: CONTROL_PLANE_LABEL, effect: 'NoSchedule' }] } : {}),
    },
    status: {
      capacity: resources, allocatable: resources,
      conditions: nodeConditions(now, true),
      addresses: [{ type: 'InternalIP', address: d.hostIP }, { type: 'Hostname', address: d.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: d.name, systemUUID: d.name, bootID: d.name, kernelVersion: os.release(), osImage: 'Kubernetes Playground',
        containerRuntimeVersion: d.runtimeVersion, kubeletVersion: KUBELET_VERSION, kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux', architecture: arch(),
      },
    },
  };
}

/** Creates the Node, or refreshes the status of the one left by an earlier run. */
export async function registerNode(client: ApiClient, d: NodeDescription): Promise<void> {
  const now = new Date().toISOString();
  const node = nodeObject(d, now);
  try {
    await client.create('nodes', undefined, node as KubeObject);
  } catch (e) {
    if (!isApiError(e, 'AlreadyExists')) throw e;
    await client.patch('nodes', undefined, d.name, 'merge', { metadata: { labels: node.metadata!.labels } });
  }
  await client.patch('nodes', undefined, d.name, 'merge', { status: node.status }, { subresource: 'status' });
}

export async function postNodeStatus(client: ApiClient, name: string, ready: boolean, old?: NodeCondition[]): Promise<NodeCondition[]> {
  const conditions = nodeConditions(new Date().toISOString(), ready, old);
  await client.patch('nodes', undefined, name, 'merge', { status: { conditions } }, { subresource: 'status' });
  return conditions;
}

export async function renewLease(client: ApiClient, name: string, durationSeconds: number): Promise<void> {
  const renewTime = microTime();
  try {
    await client.patch('leases.coordination.k8s.io', 'kube-node-lease', name, 'merge', { spec: { holderIdentity: name, renewTime, leaseDurationSeconds: durationSeconds } });
  } catch (e) {
    if (!isApiError(e, 'NotFound')) throw e;
    await client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-node-lease' } }).catch(() => undefined);
    await client.create('leases.coordination.k8s.io', 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, leaseDurationSeconds: durationSeconds, renewTime, acquireTime: renewTime },
    }).catch((err) => { if (!isApiError(err, 'AlreadyExists')) throw err; });
  }
}
