// A placeholder line: no cluster selected, a kind the cluster does not serve, no endpoints.
import * as vscode from 'vscode';
import type { MessageNode } from './node';

export function messageItem(n: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(n.text, vscode.TreeItemCollapsibleState.None);
  item.description = n.detail;
  item.iconPath = new vscode.ThemeIcon('info');
  item.contextValue = 'kpg.message';
  return item;
}
