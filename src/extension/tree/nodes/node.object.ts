// A Kubernetes object in the tree: its label, status description and icon, and its children
// (Node → pods on it; Deployment → ReplicaSets → Pods → Containers; CronJob → Jobs → Pods;
// Service → endpoints; ConfigMap/Secret → keys).
import * as vscode from 'vscode';
import { objectStatus, type Health } from '../status';
import { type NodeEnv, type ObjectNode, type TreeNode, objectNodes } from './node';

const ICONS: Record<string, string> = {
  Node: 'server', Namespace: 'symbol-namespace', Pod: 'symbol-event', Deployment: 'rocket', ReplicaSet: 'copy',
  StatefulSet: 'list-ordered', DaemonSet: 'server-process', Job: 'run', CronJob: 'watch', Service: 'plug',
  Ingress: 'globe', ConfigMap: 'settings', Secret: 'lock', PersistentVolumeClaim: 'database', PersistentVolume: 'database',
  StorageClass: 'archive', Event: 'info',
};
const COLORS: Record<Health, string | undefined> = {
  ok: 'testing.iconPassed', progressing: 'charts.yellow', bad: 'testing.iconFailed', neutral: undefined,
};

export function objectChildren(n: ObjectNode, env: NodeEnv): TreeNode[] {
  const o = n.obj, c = env.cache, id = objectId(n);
  switch (o.kind) {
    case 'Node': return objectNodes(c.podsOnNode(o.metadata.name), id);
    case 'Deployment': return objectNodes(c.ownedBy(o.metadata.uid).filter((x) => x.kind === 'ReplicaSet'), id);
    case 'CronJob': return objectNodes(c.ownedBy(o.metadata.uid).filter((x) => x.kind === 'Job'), id);
    case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet': case 'Job':
      return objectNodes(c.ownedBy(o.metadata.uid).filter((x) => x.kind === 'Pod'), id);
    case 'Pod': return [
      ...(o.spec?.initContainers ?? []).map((ct: any) => ({ type: 'container' as const, pod: o, name: ct.name, init: true })),
      ...(o.spec?.containers ?? []).map((ct: any) => ({ type: 'container' as const, pod: o, name: ct.name, init: false })),
    ];
    case 'ConfigMap': case 'Secret':
      return [...Object.keys(o.data ?? {}), ...Object.keys(o.binaryData ?? {})].sort().map((key) => ({ type: 'key' as const, owner: o, key }));
    case 'Service': {
      const ep = c.get('Endpoints', o.metadata.namespace, o.metadata.name);
      const out: TreeNode[] = [];
      for (const subset of ep?.subsets ?? []) {
        const port = (subset.ports ?? []).map((p: any) => p.port).join(',');
        for (const a of subset.addresses ?? []) out.push({ type: 'endpoint', service: o, address: a.ip, port, ready: true, pod: a.targetRef?.name });
        for (const a of subset.notReadyAddresses ?? []) out.push({ type: 'endpoint', service: o, address: a.ip, port, ready: false, pod: a.targetRef?.name });
      }
      return out.length ? out : [{ type: 'message', text: 'no endpoints' }];
    }
    default: return [];
  }
}

function hasChildren(n: ObjectNode): boolean {
  return ['Node', 'Deployment', 'CronJob', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'Pod', 'ConfigMap', 'Secret', 'Service'].includes(n.obj.kind ?? '');
}

export function objectId(n: ObjectNode): string {
  return `${n.parentId}>${n.obj.kind}:${n.obj.metadata.namespace ?? ''}/${n.obj.metadata.name}`;
}

/** The namespace of the object this node is listed under (from its id), '' for a folder or a cluster-scoped object. */
function parentNamespace(n: ObjectNode): string {
  return /:([^/>]*)\/[^>]*$/.exec(n.parentId)?.[1] ?? '';
}

export function objectItem(n: ObjectNode): vscode.TreeItem {
  const o = n.obj;
  const label = o.kind === 'Event' ? (o.message ?? o.metadata.name) : o.metadata.name;
  const item = new vscode.TreeItem(label, hasChildren(n) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = objectId(n);
  const status = objectStatus(o);
  // the status first: a narrow side bar cuts the description's end, and the namespace matters less
  // (left out under an owner in the same namespace: a Deployment's ReplicaSets and pods)
  const ns = o.metadata.namespace && o.kind !== 'Event' && o.metadata.namespace !== parentNamespace(n) ? o.metadata.namespace : '';
  item.description = [status?.text, ns].filter(Boolean).join(' · ');
  const color = status ? COLORS[status.health] : undefined;
  item.iconPath = new vscode.ThemeIcon(ICONS[o.kind ?? ''] ?? 'symbol-object', color ? new vscode.ThemeColor(color) : undefined);
  item.contextValue = `kpg.${o.kind}`;
  item.tooltip = `${o.kind} ${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name}${status ? '\n' + status.text : ''}`;
  item.command = { command: 'kubePlayground.describe', title: 'Describe', arguments: [n] };
  return item;
}
