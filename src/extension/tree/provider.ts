// The "Kubernetes Playground" tree: dispatches over the node union; re-renders once per burst of
// watch events (the cache debounces), never polls.
import * as vscode from 'vscode';
import type { ObjectCache } from '../kube/objectCache';
import type { TreeNode } from './nodes/node';
import { groupChildren, groupItem, rootNodes } from './nodes/node.group';
import { objectChildren, objectItem } from './nodes/node.object';
import { containerItem } from './nodes/node.container';
import { keyItem } from './nodes/node.key';
import { endpointItem } from './nodes/node.endpoint';
import { messageItem } from './nodes/node.message';

export class PlaygroundTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private cache?: ObjectCache;
  private sub?: { dispose(): void };
  private emptyMessage = 'No cluster: start the playground or pick a context';
  /** Time of the last refresh handed to VS Code (bench: change → tree). */
  lastRefresh = 0;

  setCache(cache: ObjectCache | undefined, emptyMessage?: string): void {
    this.sub?.dispose();
    this.cache = cache;
    if (emptyMessage) this.emptyMessage = emptyMessage;
    this.sub = cache?.onDidChange(() => this.refresh());
    this.refresh();
  }

  refresh(): void { this.lastRefresh = Date.now(); this.emitter.fire(undefined); }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!this.cache) return node ? [] : [{ type: 'message', text: this.emptyMessage }];
    const env = { cache: this.cache };
    if (!node) return rootNodes();
    switch (node.type) {
      case 'group': return groupChildren(node, env);
      case 'object': return objectChildren(node, env);
      default: return [];
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'group': return groupItem(node, { cache: this.cache! });
      case 'object': return objectItem(node);
      case 'container': return containerItem(node);
      case 'key': return keyItem(node);
      case 'endpoint': return endpointItem(node);
      case 'message': return messageItem(node);
    }
  }

  dispose(): void { this.sub?.dispose(); this.emitter.dispose(); }
}
