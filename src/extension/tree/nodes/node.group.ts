// Top-level sections (Nodes, Namespaces, Workloads, Network, Config, Storage, Events) and the
// per-kind folders inside them. A folder lists top-level objects only: ReplicaSets appear under
// their Deployment, Pods under their workload, Jobs under their CronJob; what no shown owner holds
// (a ReplicaSet of its own, a Pod of a custom controller or a static pod) is listed standalone.
import * as vscode from 'vscode';
import type { Obj } from '../../kube/objectCache';
import { eventOrder } from '../../documents/describe';
import { type GroupId, type GroupNode, type NodeEnv, type TreeNode, objectNodes } from './node';

const SECTIONS: { id: GroupId; label: string; icon: string }[] = [
  { id: 'nodes', label: 'Nodes', icon: 'server' },
  { id: 'namespaces', label: 'Namespaces', icon: 'symbol-namespace' },
  { id: 'workloads', label: 'Workloads', icon: 'layers' },
  { id: 'network', label: 'Network', icon: 'globe' },
  { id: 'config', label: 'Config', icon: 'gear' },
  { id: 'storage', label: 'Storage', icon: 'database' },
  { id: 'events', label: 'Events', icon: 'bell' },
];

const FOLDERS: Partial<Record<GroupId, GroupId[]>> = {
  workloads: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod'],
  network: ['Service', 'Ingress'],
  config: ['ConfigMap', 'Secret'],
  storage: ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass'],
};

const PLURAL: Record<string, string> = {
  Deployment: 'Deployments', StatefulSet: 'StatefulSets', DaemonSet: 'DaemonSets', Job: 'Jobs', CronJob: 'CronJobs',
  ReplicaSet: 'ReplicaSets (standalone)', Pod: 'Pods (standalone)', Service: 'Services', Ingress: 'Ingresses', ConfigMap: 'ConfigMaps', Secret: 'Secrets',
  PersistentVolumeClaim: 'PersistentVolumeClaims', PersistentVolume: 'PersistentVolumes', StorageClass: 'StorageClasses',
};

export function rootNodes(): TreeNode[] {
  return SECTIONS.map((s) => ({ type: 'group', id: s.id, label: s.label }));
}

export function groupChildren(n: GroupNode, env: NodeEnv): TreeNode[] {
  const c = env.cache;
  const folders = FOLDERS[n.id];
  if (folders) return folders.map((id) => ({ type: 'group', id, label: PLURAL[id] }));
  switch (n.id) {
    case 'nodes': return objectNodes(c.list('Node'), n.id);
    case 'namespaces': return objectNodes(c.list('Namespace'), n.id);
    case 'events': {
      const events = c.list('Event').sort((a, b) => eventOrder(b, a)).slice(0, 500);
      return events.map((obj) => ({ type: 'object', obj, parentId: n.id }));
    }
    case 'Pod': case 'ReplicaSet': case 'Job': return objectNodes(folderObjects(n.id, c), n.id);
    default: {
      const err = c.errorOf(n.id);
      const objs = c.list(n.id);
      if (!objs.length && err && !c.synced(n.id)) return [{ type: 'message', text: err }];
      return objectNodes(objs, n.id);
    }
  }
}

/** The kinds whose objects the tree shows under an owner of that kind (Deployment → ReplicaSet…). */
const SHOWN_UNDER: Record<string, string[]> = {
  ReplicaSet: ['Deployment'], Job: ['CronJob'], Pod: ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'],
};

/** A folder's objects: for ReplicaSets, Jobs and Pods only those no shown owner lists. */
function folderObjects(id: GroupId, c: NodeEnv['cache']): Obj[] {
  const owners = SHOWN_UNDER[id];
  const all = c.list(id);
  return owners ? all.filter((o) => !o.metadata.ownerReferences?.some((r) => owners.includes(r.kind))) : all;
}

export function groupItem(n: GroupNode, env: NodeEnv): vscode.TreeItem {
  const item = new vscode.TreeItem(n.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `group:${n.id}`;
  item.contextValue = 'kpg.group';
  const section = SECTIONS.find((s) => s.id === n.id);
  if (section) item.iconPath = new vscode.ThemeIcon(section.icon);
  else {
    item.description = String(folderObjects(n.id, env.cache).length);
  }
  return item;
}
