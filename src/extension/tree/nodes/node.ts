// The tree's nodes as one discriminated union (vscode-kubernetes-tools' explorer shape): each kind
// of node lives in its own file with `children` and `item`; the provider only dispatches.
// `contextValue` (kpg.<Kind>, kpg.group, kpg.container...) drives the item menus in package.json.
import type { Obj, ObjectCache } from '../../kube/objectCache';

export type GroupId = 'nodes' | 'namespaces' | 'workloads' | 'network' | 'config' | 'storage' | 'events'
  | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'ReplicaSet' | 'Pod'
  | 'Service' | 'Ingress' | 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'PersistentVolume' | 'StorageClass';

export interface GroupNode { type: 'group'; id: GroupId; label: string }
export interface ObjectNode { type: 'object'; obj: Obj; parentId: string }
export interface ContainerNode { type: 'container'; pod: Obj; name: string; init: boolean }
export interface KeyNode { type: 'key'; owner: Obj; key: string }
export interface EndpointNode { type: 'endpoint'; service: Obj; address: string; port?: string; ready: boolean; pod?: string }
export interface MessageNode { type: 'message'; text: string; detail?: string }

export type TreeNode = GroupNode | ObjectNode | ContainerNode | KeyNode | EndpointNode | MessageNode;

export interface NodeEnv { cache: ObjectCache }

export const byName = (a: Obj, b: Obj) =>
  (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name);

export function objectNodes(objs: Obj[], parentId: string): TreeNode[] {
  return objs.sort(byName).map((obj) => ({ type: 'object', obj, parentId }));
}
