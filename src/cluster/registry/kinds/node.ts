// core/v1 Node: kubectl's STATUS (Ready/NotReady/Unknown, SchedulingDisabled), ROLES from
// node-role.kubernetes.io/* labels, VERSION and the -o wide system info.
import type { KubeObject } from '../../api/types';
import { defineResource } from '../define';
import { column, wide } from '../printers/common';

function nodeStatus(o: KubeObject): string {
  const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (o.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function roles(o: KubeObject): string {
  const set = new Set<string>();
  for (const [k, v] of Object.entries(o.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) { const r = k.slice('node-role.kubernetes.io/'.length); if (r) set.add(r); }
    else if (k === 'kubernetes.io/role' && v) set.add(v);
  }
  return [...set].sort().join(',') || '<none>';
}

const address = (type: string) => (o: KubeObject) => (o.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? '<none>';
const info = (k: string) => (o: KubeObject) => o.status?.nodeInfo?.[k] || '<unknown>';
const ADDRESSES_DOC = 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).';

export const node = defineResource({
  group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false,
  shortNames: ['no'], subresources: { status: true },
  // Kubernetes' node strategy keeps status on create: a kubelet registers its Node with it.
  strategy: { bumpGenerationOnSpecChange: false, resetStatusOnCreate: false },
  columns: [
    column('Status', 'The status of the node', nodeStatus),
    column('Roles', 'The roles of the node', roles),
    column('Version', 'Kubelet Version reported by the node.', (o) => o.status?.nodeInfo?.kubeletVersion ?? ''),
    column('Internal-IP', ADDRESSES_DOC, address('InternalIP'), wide),
    column('External-IP', ADDRESSES_DOC, address('ExternalIP'), wide),
    column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', info('osImage'), wide),
    column('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", info('kernelVersion'), wide),
    column('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', info('containerRuntimeVersion'), wide),
  ],
  ageAt: 2,
  fieldSelectors: { 'spec.unschedulable': (o) => String(!!o.spec?.unschedulable) },
});
